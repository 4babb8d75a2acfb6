"""`kb store migrate --to postgres`: copy a file index into the Postgres store as it is.

Nothing is parsed or embedded again: documents, passages (with their ids), the stored vectors
(decoded from FAISS, half precision included), the BM25 term counts and passage lengths, and the
manifest (encoder, chunking, document context, language means) are copied into one version.
The HNSW index is built once after the copy, which is much faster than row by row.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, replace
from typing import Any

import numpy as np
import psycopg
from psycopg.types.json import Jsonb

from kb.errors import UsageError
from kb.store import postgres_schema
from kb.store.index import Index
from kb.store.postgres import PostgresStore
from kb.store.postgres_schema import analyze, create_hnsw, version_name
from kb.store.postgres_view import FIELD_COLUMNS, PgView
from kb.store.postgres_write import INSERT_DOC, ChunkRow, copy_chunks, copy_postings, doc_row

BATCH = 5_000
Progress = Callable[[str, int, int], None]  # stage, done, total


def migrate_index(
    source: Index,
    target: PostgresStore,
    replace_existing: bool = False,
    progress: Progress | None = None,
) -> PgView:
    """Copy one loaded file index into Postgres under the same name; its view there."""
    name = source.name
    if target.exists(name) and not replace_existing:
        raise UsageError(
            f"index {name!r} already exists in {target.location(name)}: pass --replace to "
            "overwrite it with the file index"
        )
    target.drop(name)
    say = progress or (lambda stage, done, total: None)
    dim = int(source.manifest.dim)
    with target.connection() as conn, conn.transaction():
        created = conn.execute(
            "INSERT INTO kb_index (name, dim) VALUES (%s, %s) RETURNING index_id", (name, dim)
        ).fetchone()
        assert created is not None
        index_id = int(created[0])
        _copy_documents(conn, index_id, source)
        say("Copying passages and vectors", 0, source.size)
        copy_chunks(conn, index_id, 1, _chunk_rows(source, say))
        say("Copying BM25 postings", 0, len(source.lexical.vocab))
        copy_postings(conn, index_id, 1, _posting_rows(source))
        say("Building the HNSW index", 0, 1)
        _graph_memory(conn, source.size, dim)
        create_hnsw(conn, index_id, dim)
        _go_live(conn, index_id, source)
    with target.connection() as conn:
        analyze(conn)
    return target.load(name)


def _graph_memory(conn: psycopg.Connection[Any], n: int, dim: int) -> None:
    """Enough maintenance_work_mem for the HNSW graph to be built in memory (an index that
    outgrows it is built far more slowly, on disk), never less than the server's own setting:
    the vectors plus ~m*2 neighbour ids each, with a tenth spare, and at least 1 GB."""
    m = postgres_schema.HNSW_M
    need_mb = max(1024, int(n * (dim * 4 + m * 2 * 8 + 64) * 1.1 / 2**20) + 1)
    row = conn.execute(
        "SELECT setting::bigint * 1024 FROM pg_settings WHERE name = 'maintenance_work_mem'"
    ).fetchone()  # in kB
    have_mb = int(row[0]) // 2**20 if row else 0
    if need_mb > have_mb:
        conn.execute(f"SET LOCAL maintenance_work_mem = '{need_mb}MB'")


def _copy_documents(conn: psycopg.Connection[Any], index_id: int, source: Index) -> None:
    counts = source.chunks["doc_id"].value_counts().to_dict()
    with conn.cursor() as cur:
        cur.executemany(
            INSERT_DOC,
            [doc_row(index_id, d, 1, int(counts.get(d, 0)), rec) for d, rec in source.docs.items()],
        )


def _go_live(conn: psycopg.Connection[Any], index_id: int, source: Index) -> None:
    """Version 1 with the file index's manifest and BM25 totals, made the live one."""
    stamp = time.time()
    next_vid = max(
        int(source.manifest.next_id),
        int(source.chunks["faiss_id"].max() + 1 if source.size else 0),
    )
    manifest = replace(
        source.manifest, version=version_name(index_id, 1), created=stamp, next_id=next_vid
    )
    total = float(np.asarray(source.lexical.lengths, dtype=np.float64).sum())
    conn.execute(
        "INSERT INTO kb_version VALUES (%s, 1, %s, %s, %s, %s)",
        (index_id, stamp, source.size, total, Jsonb(asdict(manifest))),
    )
    conn.execute(
        "UPDATE kb_index SET current = 1, next_vid = %s WHERE index_id = %s", (next_vid, index_id)
    )


def _chunk_rows(source: Index, say: Progress) -> Iterator[ChunkRow]:
    chunks = source.chunks
    ids = chunks["faiss_id"].to_numpy(dtype=np.int64)
    lengths = np.asarray(source.lexical.lengths)
    doc_ids = chunks["doc_id"].astype(str).to_numpy()
    langs = chunks["language"].to_numpy(dtype=object)
    texts = chunks["text"].to_numpy(dtype=object)
    fields = chunks[[c for c in FIELD_COLUMNS if c in chunks.columns]]
    for start in range(0, len(chunks), BATCH):
        stop = min(start + BATCH, len(chunks))
        vectors = source.embedding(ids[start:stop])
        records = fields.iloc[start:stop].to_dict("records")
        for i in range(start, stop):
            lang = langs[i]
            yield (
                int(ids[i]),
                str(doc_ids[i]),
                lang if isinstance(lang, str) else None,
                int(lengths[i]),
                str(texts[i]),
                records[i - start],
                vectors[i - start],
            )
        say("Copying passages and vectors", stop, len(chunks))


def _posting_rows(source: Index) -> Iterator[tuple[str, bytes, bytes, bytes]]:
    """One posting row per term, straight from the file store's term-major BM25 matrix."""
    lex = source.lexical
    tf = lex.tf.tocsc()
    ids = source.chunks["faiss_id"].to_numpy(dtype=np.int64)
    lengths = np.asarray(lex.lengths, dtype="<f4")
    for term, j in lex.vocab.items():
        start, end = int(tf.indptr[j]), int(tf.indptr[j + 1])
        if start == end:
            continue
        rows = np.asarray(tf.indices[start:end])
        yield (
            term,
            ids[rows].astype("<i8").tobytes(),
            np.asarray(tf.data[start:end], dtype="<f4").tobytes(),
            lengths[rows].tobytes(),
        )
