"""The catalog: what kb holds, in what state, who changed it and when (SQLite, WAL).

    documents          one row per (index, document): content hash, source, metadata, status
                       (pending / approved / rejected / retired), near-duplicate link, MinHash
    programs           one row per program; `program_aliases` maps every folded name to it;
                       `program_documents` links a program to the documents that mention it
    audit              append-only log of every change (triggers abort UPDATE and DELETE)

The index holds exactly the approved documents: `kb.curate.curator` keeps the two in step and
`kb doctor` repairs what a crash between them can leave. `CatalogStore` is the interface: its SQL
is written once, for SQLite (`Catalog`, embedded, the default) and PostgreSQL
(`kb.curate.catalog_pg.PgCatalog`, with `store: postgres`); `open_catalog` picks by settings.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

from kb.curate.catalog_base import CatalogStore
from kb.curate.catalog_records import (  # re-exported: the catalog's public names
    EDITABLE,
    STATUSES,
    TRANSITIONS,
    AuditEvent,
    Entry,
    ProgramRecord,
    catalog_path,
    now_iso,
)
from kb.errors import (
    CatalogError,
    storage_error,
)
from kb.settings import Settings

__all__ = [
    "EDITABLE",
    "STATUSES",
    "TRANSITIONS",
    "AuditEvent",
    "Catalog",
    "CatalogStore",
    "Entry",
    "ProgramRecord",
    "catalog_path",
    "now_iso",
    "open_catalog",
]

# The tables, indexes and append-only triggers; idempotent, run at every open.
_SCHEMA = resources.files("kb").joinpath("data/catalog_schema.sql").read_text(encoding="utf-8")


class Catalog(CatalogStore):
    """The SQLite catalog; cheap to open, safe to use from several threads."""

    @classmethod
    def for_settings(cls, settings: Settings) -> CatalogStore:
        return open_catalog(settings)

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._local = threading.local()
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db().executescript(_SCHEMA)  # executescript manages its own transaction
        except sqlite3.Error as exc:
            # A full or read-only disk is not a damaged catalog: never suggest moving it aside.
            raise storage_error(exc, f"the catalog {self.path}") or CatalogError(
                f"catalog {self.path} cannot be opened ({exc}): check the file "
                "or move it aside and run `kb doctor`"
            ) from exc
        except OSError as exc:
            raise storage_error(exc, f"the catalog {self.path}") or exc from exc

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=NORMAL")
            self._local.db = db
        return db

    @contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        db = self._db()
        depth = getattr(self._local, "depth", 0)
        if depth:  # inside transaction(): one commit for all of it
            yield db
            return
        db.execute("BEGIN IMMEDIATE")
        self._local.depth = 1
        try:
            yield db
        except BaseException:
            db.execute("ROLLBACK")
            raise
        finally:
            self._local.depth = 0
        db.execute("COMMIT")

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None


def open_catalog(settings: Settings) -> CatalogStore:
    """The SQLite catalog beside the file indexes, or the Postgres one at database_url."""
    if settings.store == "postgres":
        from kb.curate.catalog_pg import PgCatalog

        return PgCatalog.for_url(settings.database_url or "")
    return Catalog(catalog_path(settings))
