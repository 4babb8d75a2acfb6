"""The Postgres store's tables and indexes: created once per database, shared by every index.

Kept apart from the store, its views and its publish so each of those imports it and none of
them imports another in a circle (store -> write -> view -> schema).
"""

from __future__ import annotations

from importlib import resources
from typing import Any

import psycopg

from kb.errors import StoreConfigError

_SCHEMA = resources.files("kb").joinpath("data/store_schema_pg.sql").read_text(encoding="utf-8")
SCHEMA_LOCK = 0x6B620001  # advisory lock held while creating the schema ('kb' 1)
HNSW_M = 24  # m=16, ef_construction=64 found 92 % of the exact top 10 at 1M passages
HNSW_EF_CONSTRUCTION = 128  # this graph: 99.95 % at ef_search 100 (docs/benchmarks.md)


def create_schema(conn: psycopg.Connection[Any]) -> None:
    """pgvector and kb's tables, once; concurrent first starts wait on one advisory lock."""
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SCHEMA_LOCK,))
        try:
            with conn.transaction():
                conn.execute("CREATE EXTENSION IF NOT EXISTS vector")
        except psycopg.Error as exc:
            raise StoreConfigError(
                f"pgvector is not available in this database ({str(exc).strip()}): as a "
                "database owner run `CREATE EXTENSION vector` (docs/scaling.md)"
            ) from exc
        conn.execute(_SCHEMA)


def create_hnsw(conn: psycopg.Connection[Any], index_id: int, dim: int) -> None:
    """The HNSW index of one kb index: its rows only, vectors cast to their dimension."""
    conn.execute(
        f"CREATE INDEX IF NOT EXISTS kb_chunk_hnsw_{int(index_id)} ON kb_chunk "
        f"USING hnsw ((embedding::vector({int(dim)})) vector_ip_ops) "
        f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION}) "
        f"WHERE index_id = {int(index_id)}"
    )


def analyze(conn: psycopg.Connection[Any]) -> None:
    """Fresh planner statistics after a bulk change, so dense searches use the HNSW index
    (with the statistics of an empty table the planner sorts every row instead)."""
    conn.execute("ANALYZE kb_chunk, kb_posting, kb_document")


def version_name(index_id: int, version: int) -> str:
    """A version's name: unique across an index dropped and created again."""
    return f"i{index_id}-v{version:06d}"
