"""The Postgres store: indexes in PostgreSQL with pgvector, shared by app replicas and curators.

    kb_index     one row per index: name, vector dimension, live version, next passage id
    kb_version   one row per kept version: manifest, N and total length for BM25
    kb_document  DocRecords with the fields filters read as SQL columns
    kb_chunk     passages: text, fields, language, token count, `vector` embedding
    kb_posting   BM25 postings per term and publish (kb.store.postgres_bm25)

Every row carries the version that added it and the one that removed it. A reader pins the
live version when it loads and filters every query by it, so it sees one whole version however
many publishes run meanwhile; a publish is one transaction (kill -9 at any moment rolls it
back) that marks removed rows, inserts new ones, switches `kb_index.current` and prunes rows
no kept version can see. Each index has its own HNSW index (pgvector, inner product) over its
passages: `kb_chunk_hnsw_<index_id>`, a partial index on `embedding::vector(dim)`.
Schema: kb/data/store_schema_pg.sql; the catalog shares the database (kb.curate.catalog_pg).
"""

from __future__ import annotations

import threading
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import psycopg
from pgvector.psycopg import register_vector
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool

from kb.errors import IndexMismatchError, IndexMissingError, StoreConfigError
from kb.settings import redact_url
from kb.store.base import Finding, Manifest
from kb.store.postgres_schema import create_hnsw, create_schema, version_name
from kb.store.postgres_view import PgView
from kb.store.postgres_write import publish

LOCK_SECONDS = 600
MIN_PGVECTOR = (0, 8, 0)  # hnsw.iterative_scan


def _configure(conn: psycopg.Connection[Any]) -> None:
    register_vector(conn)
    # Filtered HNSW scans go on until enough rows pass the filter (pgvector 0.8); results come
    # nearly in order and are re-sorted by exact score (PgView._fetch_ranked).
    conn.execute("SET hnsw.iterative_scan = relaxed_order")


def _version_tuple(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split(".") if p.isdigit())


class PostgresStore:
    """IndexStore over one PostgreSQL database (kb.store.base.IndexStore)."""

    kind = "postgres"

    def __init__(self, url: str, ef_search: int = 200, pool_size: int = 8) -> None:
        self.url = url
        self.ef_search = ef_search
        self._local = threading.local()
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                create_schema(conn)
        except psycopg.OperationalError as exc:
            raise StoreConfigError(
                f"cannot connect to PostgreSQL at {redact_url(url)} ({str(exc).strip()}): "
                "check KB_DATABASE_URL and that the server is running"
            ) from exc
        self.pool: ConnectionPool[Any] = ConnectionPool(
            url,
            min_size=1,
            max_size=pool_size,
            kwargs={"autocommit": True},
            configure=_configure,
            open=True,
        )

    def close(self) -> None:
        self.pool.close()

    @contextmanager
    def connection(self) -> Iterator[psycopg.Connection[Any]]:
        with self.pool.connection() as conn:
            yield conn

    # ---- names and versions -------------------------------------------------------------
    def head(self, name: str) -> dict[str, Any] | None:
        with self.connection() as conn:
            cur = conn.cursor(row_factory=dict_row)
            return cur.execute("SELECT * FROM kb_index WHERE name = %s", (name,)).fetchone()

    def exists(self, name: str) -> bool:
        head = self.head(name)
        return head is not None and head["current"] > 0

    def version(self, name: str) -> str:
        head = self.head(name)
        if head is None or not head["current"]:
            return ""
        return version_name(head["index_id"], head["current"])

    def location(self, name: str) -> str:
        return f"{redact_url(self.url)}#{name}"

    def names(self) -> list[str]:
        with self.connection() as conn:
            rows = conn.execute("SELECT name FROM kb_index WHERE current > 0 ORDER BY name")
            return [r[0] for r in rows.fetchall()]

    # ---- views --------------------------------------------------------------------------
    def load(self, name: str, expect_encoder: str | None = None) -> PgView:
        head = self.head(name)
        if head is None or not head["current"]:
            raise IndexMissingError(name, self.location(name))
        view = PgView.pinned(self, name, head["index_id"], head["dim"], head["current"])
        if expect_encoder and view.manifest.encoder != expect_encoder:
            raise IndexMismatchError(name, view.manifest.encoder, expect_encoder)
        return view

    def empty(
        self,
        name: str,
        encoder: str,
        dim: int,
        chunk_words: int,
        overlap: int,
        storage: str = "Flat",
        centering: bool = False,
        document_context: float = 0.0,
    ) -> PgView:
        if centering:
            raise StoreConfigError(
                "language_centering is not supported by the Postgres store: set "
                "KB_LANGUAGE_CENTERING=false (the default; it measured worse, docs/evaluation.md)"
            )
        manifest = Manifest(
            name=name,
            encoder=encoder,
            dim=dim,
            chunk_words=chunk_words,
            chunk_overlap_words=overlap,
            vector_storage=storage,
            centering=centering,
            document_context=document_context,
        )
        return PgView.fresh(self, name, manifest)

    def drop(self, name: str) -> None:
        """Delete an index and every row of it (its catalog entries stay)."""
        with self.connection() as conn, conn.transaction():
            head = conn.execute(
                "SELECT index_id FROM kb_index WHERE name = %s FOR UPDATE", (name,)
            ).fetchone()
            if head is None:
                return
            conn.execute(f"DROP INDEX IF EXISTS kb_chunk_hnsw_{int(head[0])}")
            conn.execute("DELETE FROM kb_index WHERE index_id = %s", (head[0],))

    # ---- writers ------------------------------------------------------------------------
    def publish(self, view: PgView) -> PgView:
        """A draft's changes as the new live version (kb.store.postgres_write)."""
        return publish(view)

    @contextmanager
    def lock(self, name: str) -> Iterator[None]:
        """A session advisory lock per index name, re-entrant within a thread.

        It serialises read-change-publish across processes and machines sharing the database,
        as the file store's lock does on one machine; a publish also locks the index row, so
        writers that skip this lock still never interleave inside a publish.
        """
        held: dict[str, list[Any]] = self._local.__dict__.setdefault("locks", {})
        if name in held:
            held[name][1] += 1
            try:
                yield
            finally:
                held[name][1] -= 1
            return
        key = lock_key(name)
        conn = psycopg.connect(self.url, autocommit=True)
        try:
            conn.execute(f"SET lock_timeout = '{LOCK_SECONDS}s'")
            conn.execute("SELECT pg_advisory_lock(%s)", (key,))
            held[name] = [conn, 1]
            try:
                yield
            finally:
                del held[name]
                conn.execute("SELECT pg_advisory_unlock(%s)", (key,))
        finally:
            conn.close()

    # ---- kb doctor ----------------------------------------------------------------------
    def health(self, name: str, repair: bool) -> list[Finding]:
        """pgvector present and recent enough, the live version whole, the HNSW index valid."""
        out: list[Finding] = []
        with self.connection() as conn:
            ext = conn.execute(
                "SELECT extversion FROM pg_extension WHERE extname = 'vector'"
            ).fetchone()
            if ext is None or _version_tuple(ext[0]) < MIN_PGVECTOR:
                out.append(
                    Finding(
                        f"pgvector {ext[0] if ext else 'missing'}: kb needs 0.8.0 or later",
                        "run `ALTER EXTENSION vector UPDATE` (or CREATE EXTENSION vector) as a "
                        "database owner",
                        blocks=False,
                    )
                )
            head = conn.execute(
                "SELECT index_id, dim, current FROM kb_index WHERE name = %s", (name,)
            ).fetchone()
            if head is None or not head[2]:
                return [*out, Finding(f"index {name!r} has no published version", "rebuild it")]
            index_id, dim, current = head
            if (
                conn.execute(
                    "SELECT 1 FROM kb_version WHERE index_id = %s AND version = %s",
                    (index_id, current),
                ).fetchone()
                is None
            ):
                out.append(Finding(f"live version {current} has no manifest", "rebuild it"))
            out += _check_hnsw(conn, index_id, dim, repair)
            out += _check_counts(conn, index_id, current)
        return out


def _check_hnsw(
    conn: psycopg.Connection[Any], index_id: int, dim: int, repair: bool
) -> list[Finding]:
    name = f"kb_chunk_hnsw_{int(index_id)}"
    row = conn.execute(
        "SELECT i.indisvalid FROM pg_class c JOIN pg_index i ON i.indexrelid = c.oid "
        "WHERE c.relname = %s",
        (name,),
    ).fetchone()
    if row is not None and row[0]:
        return []
    problem = f"HNSW index {name} is {'invalid' if row else 'missing'}"
    if not repair:
        return [Finding(problem, "run `kb doctor` without --check to rebuild it", blocks=False)]
    conn.execute(f"DROP INDEX IF EXISTS {name}")
    create_hnsw(conn, index_id, dim)
    return [Finding(problem, "rebuilt it", True, blocks=False)]


def _check_counts(conn: psycopg.Connection[Any], index_id: int, current: int) -> list[Finding]:
    live = "added_in <= %(v)s AND (removed_in IS NULL OR removed_in > %(v)s)"
    args = {"i": index_id, "v": current}
    n_chunks = conn.execute(
        f"SELECT count(*) FROM kb_chunk WHERE index_id = %(i)s AND {live}", args
    ).fetchone()
    stated = conn.execute(
        "SELECT n_chunks FROM kb_version WHERE index_id = %(i)s AND version = %(v)s", args
    ).fetchone()
    if n_chunks and stated and n_chunks[0] != stated[0]:
        return [
            Finding(
                f"version {current} states {stated[0]} passages but holds {n_chunks[0]}",
                "rebuild the index",
            )
        ]
    return []


def lock_key(name: str) -> int:
    """A stable signed 64-bit advisory lock key for an index name."""
    return int.from_bytes(
        zlib.crc32(b"kb-index:" + name.encode()).to_bytes(4, "big") + b"kb\x00\x01", "big"
    ) - (1 << 63)
