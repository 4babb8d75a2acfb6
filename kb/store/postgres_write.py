"""Publishing a Postgres view's changes: one transaction, a new version, old rows pruned.

The transaction locks the index's `kb_index` row (two publishes of one index never interleave),
marks the removed documents' rows with the new version, copies the new documents, passages,
vectors and BM25 postings in (binary COPY), records the version's manifest and BM25 statistics,
switches `current`, then deletes rows that no kept version can see. Killed at any point, the
transaction rolls back and readers keep the version before it.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterable
from dataclasses import asdict, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import psycopg
from psycopg.types.json import Jsonb

from kb.store.base import record_json
from kb.store.filters import filter_fields
from kb.store.postgres_bm25 import posting_rows, without_vids
from kb.store.postgres_schema import analyze, create_hnsw, version_name
from kb.store.postgres_view import FIELD_COLUMNS, PgView

if TYPE_CHECKING:
    from kb.records import Chunk, DocRecord

KEEP_VERSIONS = 3
RETAIN_SECONDS = 600  # also keep every version younger than this, for readers still on it


def publish(view: PgView) -> PgView:
    """Write the view's pending changes as the new live version; the view of that version."""
    store = view.store
    with store.connection() as conn, conn.transaction():
        index_id, current, next_vid = _head(conn, view)
        version = current + 1
        n, total = _stats(conn, index_id, current)
        gone_n, gone_len, edited = _remove(conn, view, index_id, version)
        n, total = n - gone_n, total - gone_len
        _reinsert_edited(conn, view, index_id, version, edited)
        added_n, added_len, next_vid = _add(conn, view, index_id, version, next_vid)
        n, total = n + added_n, total + added_len
        docs = conn.execute(
            "SELECT count(*) FROM kb_document WHERE index_id = %s AND added_in <= %s "
            "AND (removed_in IS NULL OR removed_in > %s)",
            (index_id, version, version),
        ).fetchone()
        stamp = time.time()
        manifest = replace(
            view.manifest,
            name=view.name,
            docs=int(docs[0]) if docs else 0,
            chunks=n,
            next_id=next_vid,
            version=version_name(index_id, version),
            created=stamp,
        )
        conn.execute(
            "INSERT INTO kb_version VALUES (%s, %s, %s, %s, %s, %s)",
            (index_id, version, stamp, n, total, Jsonb(asdict(manifest))),
        )
        conn.execute(
            "UPDATE kb_index SET current = %s, next_vid = %s WHERE index_id = %s",
            (version, next_vid, index_id),
        )
        _prune(conn, index_id, version)
    if added_n > 1000 and added_n > n // 5:  # autovacuum would get there, a while later
        with store.connection() as conn:
            analyze(conn)
    return PgView.pinned(store, view.name, index_id, view.manifest.dim, version)


def _head(conn: psycopg.Connection[Any], view: PgView) -> tuple[int, int, int]:
    """(index_id, live version, next passage id), the index row locked; created if new."""
    dim = int(view.manifest.dim)
    row = conn.execute(
        "SELECT index_id, dim, current, next_vid FROM kb_index WHERE name = %s FOR UPDATE",
        (view.name,),
    ).fetchone()
    if row is None:
        created = conn.execute(
            "INSERT INTO kb_index (name, dim) VALUES (%s, %s) RETURNING index_id",
            (view.name, dim),
        ).fetchone()
        assert created is not None
        create_hnsw(conn, created[0], dim)
        return int(created[0]), 0, 0
    index_id, old_dim, current, next_vid = row
    if old_dim != dim:
        if not view.pending.replace_all:
            raise ValueError(f"index {view.name!r} holds {old_dim}-d vectors, not {dim}-d")
        # A rebuild with another encoder: the old vectors cannot share the new HNSW index.
        conn.execute(f"DROP INDEX IF EXISTS kb_chunk_hnsw_{int(index_id)}")
        for table in ("kb_posting", "kb_chunk", "kb_document"):
            conn.execute(f"DELETE FROM {table} WHERE index_id = %s", (index_id,))
        conn.execute("UPDATE kb_index SET dim = %s WHERE index_id = %s", (dim, index_id))
        create_hnsw(conn, index_id, dim)
    return int(index_id), int(current), int(next_vid)


def _stats(conn: psycopg.Connection[Any], index_id: int, current: int) -> tuple[int, float]:
    row = conn.execute(
        "SELECT n_chunks, total_len FROM kb_version WHERE index_id = %s AND version = %s",
        (index_id, current),
    ).fetchone()
    return (int(row[0]), float(row[1])) if row else (0, 0.0)


def _remove(
    conn: psycopg.Connection[Any], view: PgView, index_id: int, version: int
) -> tuple[int, float, dict[str, int]]:
    """Mark removed and replaced documents; (passages gone, their tokens, edited doc -> chunks)."""
    p = view.pending
    live = "index_id = %(i)s AND removed_in IS NULL"
    args: dict[str, Any] = {"i": index_id, "v": version}
    if p.replace_all:
        conn.execute(f"UPDATE kb_document SET removed_in = %(v)s WHERE {live}", args)
        gone = conn.execute(
            f"UPDATE kb_chunk SET removed_in = %(v)s WHERE {live} RETURNING n_tokens", args
        ).fetchall()
        return len(gone), float(sum(r[0] for r in gone)), {}
    drop = sorted(p.removed | set(p.added))
    edit = sorted(set(p.records) - set(drop))
    args.update(d=drop, e=edit)
    rows = conn.execute(
        f"UPDATE kb_document SET removed_in = %(v)s WHERE {live} "
        "AND (doc_id = ANY(%(d)s) OR doc_id = ANY(%(e)s)) RETURNING doc_id, n_chunks",
        args,
    ).fetchall()
    edited = {r[0]: int(r[1]) for r in rows if r[0] in set(edit)}
    gone = conn.execute(
        f"UPDATE kb_chunk SET removed_in = %(v)s WHERE {live} AND doc_id = ANY(%(d)s) "
        "RETURNING n_tokens",
        args,
    ).fetchall()
    return len(gone), float(sum(r[0] for r in gone)), edited


def doc_row(
    index_id: int, doc_id: str, version: int, n_chunks: int, record: DocRecord
) -> tuple[Any, ...]:
    f = filter_fields(doc_id, record)
    return (
        index_id,
        doc_id,
        version,
        n_chunks,
        Jsonb(record_json(doc_id, record)),
        list(f["countries"]),
        list(f["regions"]),
        f["language"],
        f["doc_type"],
        f["year"],
        list(f["instruments"]),
        list(f["needs"]),
        f["evidence"],
        f["program_id"],
    )


INSERT_DOC = (
    "INSERT INTO kb_document (index_id, doc_id, added_in, n_chunks, record, countries, regions, "
    "language, doc_type, year, instruments, needs, evidence, program_id) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)


def _reinsert_edited(
    conn: psycopg.Connection[Any], view: PgView, index_id: int, version: int, edited: dict[str, int]
) -> None:
    """New metadata rows for edited documents; their passages stay as they are."""
    rows = [doc_row(index_id, d, version, n, view.pending.records[d]) for d, n in edited.items()]
    if rows:
        with conn.cursor() as cur:
            cur.executemany(INSERT_DOC, rows)


def _add(
    conn: psycopg.Connection[Any], view: PgView, index_id: int, version: int, next_vid: int
) -> tuple[int, float, int]:
    """Copy new documents in; (passages added, their tokens, the next passage id)."""
    added = view.pending.added
    chunks: list[Chunk] = [c for _, cs, _, _ in added.values() for c in cs]
    tokens: list[list[str]] = [t for _, _, ts, _ in added.values() for t in ts]
    vids = np.arange(next_vid, next_vid + len(chunks), dtype=np.int64)
    with conn.cursor() as cur:
        if added:
            cur.executemany(
                INSERT_DOC,
                [
                    doc_row(index_id, d, version, len(cs), rec)
                    for d, (rec, cs, _, _) in added.items()
                ],
            )
    if chunks:
        vectors = np.vstack([v for _, _, _, v in added.values() if len(v)])
        _copy_chunks(conn, index_id, version, vids, chunks, tokens, vectors)
        _copy_postings(conn, index_id, version, vids, tokens)
    return len(chunks), float(sum(len(t) for t in tokens)), next_vid + len(chunks)


def _fields(c: Chunk) -> dict[str, Any]:
    row = asdict(c)
    return {col: row.get(col) for col in FIELD_COLUMNS}


def clean_fields(fields: dict[str, Any]) -> dict[str, Any]:
    """JSON-safe chunk fields: no NaN (pandas fills missing numbers with it), plain types."""
    out = {}
    for key, value in fields.items():
        if hasattr(value, "item"):  # numpy scalars
            value = value.item()
        if isinstance(value, float) and math.isnan(value):
            value = None
        out[key] = value
    return out


ChunkRow = tuple[int, str, str | None, int, str, dict[str, Any], np.ndarray]


def copy_chunks(
    conn: psycopg.Connection[Any], index_id: int, version: int, rows: Iterable[ChunkRow]
) -> None:
    """Binary COPY of passages: (vid, doc_id, language, token count, text, fields, vector)."""
    sql = (
        "COPY kb_chunk (index_id, vid, doc_id, added_in, language, n_tokens, text, fields, "
        "embedding) FROM STDIN WITH (FORMAT BINARY)"
    )
    with conn.cursor() as cur, cur.copy(sql) as copy:
        copy.set_types(
            ["integer", "bigint", "text", "integer", "text", "integer", "text", "jsonb", "vector"]
        )
        for vid, doc_id, language, n_tokens, text, fields, vec in rows:
            copy.write_row(
                (
                    index_id,
                    vid,
                    doc_id,
                    version,
                    language,
                    n_tokens,
                    text,
                    Jsonb(clean_fields(fields)),
                    np.asarray(vec, dtype=np.float32),
                )
            )


def _copy_chunks(
    conn: psycopg.Connection[Any],
    index_id: int,
    version: int,
    vids: np.ndarray,
    chunks: list[Chunk],
    tokens: list[list[str]],
    vectors: np.ndarray,
) -> None:
    rows = (
        (vid, c.doc_id, c.language, len(toks), c.text, _fields(c), vec)
        for vid, c, toks, vec in zip(vids.tolist(), chunks, tokens, vectors, strict=True)
    )
    copy_chunks(conn, index_id, version, rows)


def copy_postings(
    conn: psycopg.Connection[Any],
    index_id: int,
    version: int,
    rows: Iterable[tuple[str, bytes, bytes, bytes]],
) -> None:
    sql = (
        "COPY kb_posting (index_id, term, added_in, vids, tfs, dls) FROM STDIN WITH (FORMAT BINARY)"
    )
    with conn.cursor() as cur, cur.copy(sql) as copy:
        copy.set_types(["integer", "text", "integer", "bytea", "bytea", "bytea"])
        for term, ids, tfs, dls in rows:
            copy.write_row((index_id, term, version, ids, tfs, dls))


def _copy_postings(
    conn: psycopg.Connection[Any],
    index_id: int,
    version: int,
    vids: np.ndarray,
    tokens: list[list[str]],
) -> None:
    copy_postings(conn, index_id, version, posting_rows(vids, tokens))


def _prune(conn: psycopg.Connection[Any], index_id: int, version: int) -> None:
    """Delete rows no kept version sees: keep the last KEEP_VERSIONS and the recent ones."""
    row = conn.execute(
        "SELECT min(version) FROM kb_version WHERE index_id = %s "
        "AND (version > %s OR created > %s)",
        (index_id, version - KEEP_VERSIONS, time.time() - RETAIN_SECONDS),
    ).fetchone()
    horizon = int(row[0]) if row and row[0] is not None else version
    args = {"i": index_id, "h": horizon}
    conn.execute("DELETE FROM kb_version WHERE index_id = %(i)s AND version < %(h)s", args)
    conn.execute("DELETE FROM kb_document WHERE index_id = %(i)s AND removed_in <= %(h)s", args)
    dead = conn.execute(
        "DELETE FROM kb_chunk WHERE index_id = %(i)s AND removed_in <= %(h)s "
        "RETURNING vid, added_in",
        args,
    ).fetchall()
    by_batch: dict[int, list[int]] = {}
    for vid, batch in dead:
        by_batch.setdefault(int(batch), []).append(int(vid))
    for batch, vids in by_batch.items():
        _drop_postings(conn, index_id, batch, np.asarray(vids, dtype=np.int64))


def _drop_postings(
    conn: psycopg.Connection[Any], index_id: int, batch: int, dead: np.ndarray
) -> None:
    """Remove deleted passages from the posting rows of the publish that added them."""
    rows = (
        conn.cursor(binary=True)
        .execute(
            "SELECT term, vids, tfs, dls FROM kb_posting WHERE index_id = %s AND added_in = %s",
            (index_id, batch),
        )
        .fetchall()
    )
    for term, vids, tfs, dls in rows:
        kept = without_vids(vids, tfs, dls, dead)
        key = (index_id, term, batch)
        if kept is None:
            conn.execute(
                "DELETE FROM kb_posting WHERE index_id = %s AND term = %s AND added_in = %s", key
            )
        elif len(kept[0]) != len(vids):
            conn.execute(
                "UPDATE kb_posting SET vids = %s, tfs = %s, dls = %s "
                "WHERE index_id = %s AND term = %s AND added_in = %s",
                (*kept, *key),
            )
