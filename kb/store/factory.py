"""The store a settings object names: `open_store(settings)` is how everything above opens indexes.

The Postgres store keeps a connection pool, so one store object is shared per database URL.
"""

from __future__ import annotations

import threading
from typing import Any

from kb.errors import StoreConfigError
from kb.settings import Settings
from kb.store.base import IndexStore

_stores: dict[str, Any] = {}
_lock = threading.Lock()


def open_store(settings: Settings) -> IndexStore:
    """The file store under index_dir, or the Postgres store at database_url."""
    if settings.store == "file":
        from kb.store.file_store import FileStore

        return FileStore(settings.index_dir)
    url = settings.database_url
    if not url:
        raise StoreConfigError(
            "store is 'postgres' but no database URL is set: set KB_DATABASE_URL="
            "postgresql://USER:PASSWORD@HOST/DB (docs/scaling.md)"
        )
    with _lock:
        store = _stores.get(url)
        if store is None:
            from kb.store.postgres import PostgresStore

            store = _stores[url] = PostgresStore(url)
        store.ef_search = settings.ef_search
        return store


def close_stores() -> None:
    """Close every pooled Postgres store (tests that drop their database call this first)."""
    with _lock:
        for store in _stores.values():
            close = getattr(store, "close", None)
            if close is not None:
                close()
        _stores.clear()
