"""The catalog in PostgreSQL: `CatalogStore`'s SQL on the database the Postgres store uses.

Same tables, columns and statements as the SQLite catalog (kb/data/catalog_schema_pg.sql); the
audit log is append-only by triggers (UPDATE, DELETE and TRUNCATE raise). Several app replicas
and curators share it: each thread of each process has its own connection, and every change is
one transaction.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from importlib import resources
from typing import Any

import psycopg
from psycopg.rows import dict_row

from kb.curate.catalog_base import CatalogStore
from kb.errors import CatalogError
from kb.settings import redact_url

_SCHEMA = resources.files("kb").joinpath("data/catalog_schema_pg.sql").read_text(encoding="utf-8")
SCHEMA_LOCK = 0x6B620002  # advisory lock held while creating the schema ('kb' 2)
_opened: set[str] = set()
_opened_lock = threading.Lock()


class _Db:
    """A psycopg connection speaking the catalog's qmark SQL (`?` becomes `%s`)."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        return self.conn.execute(sql.replace("?", "%s"), list(params))


class PgCatalog(CatalogStore):
    """CatalogStore on PostgreSQL; cheap to open, safe to use from several threads."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.location = redact_url(url)
        self._local = threading.local()
        with _opened_lock:
            if url in _opened:
                return
            try:
                with psycopg.connect(url, autocommit=True) as conn, conn.transaction():
                    conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
                    conn.execute(_SCHEMA)
            except psycopg.Error as exc:
                raise CatalogError(
                    f"catalog at {self.location} cannot be opened ({str(exc).strip()}): check "
                    "KB_DATABASE_URL and that the server is running"
                ) from exc
            _opened.add(url)

    @classmethod
    def for_url(cls, url: str) -> PgCatalog:
        return cls(url)

    def _db(self) -> _Db:
        db = getattr(self._local, "db", None)
        if db is None or db.conn.closed:
            conn = psycopg.connect(self.url, autocommit=True, row_factory=dict_row)
            db = self._local.db = _Db(conn)
        return db

    @contextmanager
    def _tx(self) -> Iterator[_Db]:
        db = self._db()
        with db.conn.transaction():
            yield db

    def close(self) -> None:
        db = getattr(self._local, "db", None)
        if db is not None:
            db.conn.close()
            self._local.db = None


# Tables in the order their foreign keys need, with the columns that identify a row.
TABLES = (
    ("documents", ("index_name", "doc_id")),
    ("programs", ("program_id",)),
    ("program_aliases", ("alias", "program_id")),
    ("program_documents", ("program_id", "index_name", "doc_id")),
    ("audit", ("id",)),
)


def copy_catalog(source: CatalogStore, target: PgCatalog) -> dict[str, int]:
    """Copy every row of a catalog (the SQLite one) into Postgres; rows already there stay.

    Audit events keep their ids and times, so the log reads the same on both; the id sequence
    then continues after the last copied event.
    """
    counts: dict[str, int] = {}
    src = source._db()
    with target._tx() as db:
        for table, key in TABLES:
            rows = [dict(r) for r in src.execute(f"SELECT * FROM {table}").fetchall()]
            counts[table] = len(rows)
            for row in rows:
                cols = ", ".join(f'"{c}"' for c in row)
                marks = ", ".join("?" for _ in row)
                conflict = ", ".join(key)
                db.execute(
                    f"INSERT INTO {table} ({cols}) VALUES ({marks}) "
                    f"ON CONFLICT ({conflict}) DO NOTHING",
                    list(row.values()),
                )
        db.execute(
            "SELECT setval(pg_get_serial_sequence('audit', 'id'), "
            "greatest((SELECT max(id) FROM audit), 1))"
        )
    return counts
