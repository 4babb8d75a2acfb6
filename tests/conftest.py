"""Shared fixtures: settings pointing at temporary folders, and the deterministic fake encoder."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kb.settings import Settings, get_settings

ROOT = Path(__file__).resolve().parents[1]
DATAKIT = ROOT.parent / "shared" / "datakit"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole run: Playwright's sync API allows one driver per thread."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed (apt-get install -y chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings with the fake encoder and every written file under tmp_path."""
    return get_settings().with_(index_dir=tmp_path / "indexes", cache_dir=tmp_path / "cache",
                                encoder="hash-256", language_centering=False)


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Environment for CLI tests: KB_* variables pointing at tmp_path, fake encoder."""
    monkeypatch.setenv("KB_INDEX_DIR", str(tmp_path / "indexes"))
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KB_ENCODER", "hash-256")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@contextmanager
def serve_streamlit(script: str | Path, env: Mapping[str, str], log_dir: Path,
                    seconds: float = 90) -> Iterator[str]:
    """Run `streamlit run script` on a free 127.0.0.1 port; yield its URL once healthy."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    log = (log_dir / "streamlit.log").open("wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
         "--server.address", "127.0.0.1", "--server.headless", "true"],
        cwd=ROOT, env={**os.environ, **env}, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.time() + seconds
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {proc.returncode}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.time() > deadline:
                    raise TimeoutError(f"streamlit did not answer at {url}") from None
                time.sleep(0.5)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
