"""Helpers for tests that run on both stores (the `store_settings` fixture in conftest)."""

from __future__ import annotations

import os
from collections.abc import Mapping

import pytest

from kb.settings import Settings
from kb.store.base import IndexView
from kb.store.factory import open_store


def load(settings: Settings, name: str = "t") -> IndexView:
    """The live version of an index, from whichever store the settings name."""
    return open_store(settings).load(name)


def file_only(settings: Settings, why: str) -> None:
    """Skip on stores other than files (the test reads the file store's folders)."""
    if settings.store != "file":
        pytest.skip(f"file store only: {why}")


def store_env(settings: Settings) -> Mapping[str, str]:
    """KB_* variables that point a kb subprocess at the same store as `settings`."""
    env = {
        "KB_INDEX_DIR": str(settings.index_dir),
        "KB_CACHE_DIR": str(settings.cache_dir),
        "KB_ENCODER": settings.encoder,
        "KB_STORE": settings.store,
    }
    if settings.database_url:
        env["KB_DATABASE_URL"] = settings.database_url
    return {**os.environ, **env}
