"""Shared fixtures: settings pointing at temporary folders, and the deterministic fake encoder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kb.settings import Settings, get_settings
from tests.support.servers import CHROMIUM, launch_chromium


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """One Chromium for the whole run: Playwright's sync API allows one driver per thread."""
    if not CHROMIUM.exists():
        pytest.skip("Chromium not installed (apt-get install -y chromium chromium-driver)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch_chromium(p)
        yield b
        b.close()


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    """Default settings with the fake encoder and every written file under tmp_path."""
    return get_settings().with_(
        index_dir=tmp_path / "indexes",
        cache_dir=tmp_path / "cache",
        encoder="hash-256",
        language_centering=False,
    )


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Environment for CLI tests: KB_* variables pointing at tmp_path, fake encoder."""
    monkeypatch.setenv("KB_INDEX_DIR", str(tmp_path / "indexes"))
    monkeypatch.setenv("KB_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setenv("KB_ENCODER", "hash-256")
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()
