"""One version of a Postgres index (kb.store.base.IndexView): reads pinned to it, and changes.

Rows are passage ids (`vid`). Reads filter every query by the pinned version. Passages a
search touches are fetched in batches (dense top-k, BM25 top-k, the candidates' vectors) and
kept in a bounded per-view cache, so hits, languages and document ids cost no extra query.
Changes accumulate in a new view (`without`, `with_documents`, `with_records`) and are written
by `publish` in one transaction (kb.store.postgres_write).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Sized
from contextlib import AbstractContextManager
from dataclasses import replace
from typing import Any, Protocol

import numpy as np
import pandas as pd
import psycopg
from psycopg.rows import dict_row

from kb.records import Chunk, DocRecord
from kb.store.base import Manifest
from kb.store.filters import Filters, filter_sql
from kb.store.index import CHUNK_COLUMNS, with_document_context
from kb.store.postgres_bm25 import PgLexical, bm25_scores, decode, term_idf
from kb.store.postgres_rows import (
    EXACT_MAX,
    FIELD_COLUMNS,
    LIVE,
    ROW_COLUMNS,
    Allowed,
    Pending,
    RowCache,
    chunk_dict,
    ranked,
    vec,
)

__all__ = ["FIELD_COLUMNS", "Allowed", "Pending", "PgHost", "PgView"]
HNSW_EF_MAX = 1000  # pgvector's upper bound for hnsw.ef_search


class PgHost(Protocol):
    """What a view needs of its store (kb.store.postgres.PostgresStore), named here so the
    view does not import the store that creates it."""

    ef_search: int

    def connection(self) -> AbstractContextManager[psycopg.Connection[Any]]: ...

    def location(self, name: str) -> str: ...

    def head(self, name: str) -> dict[str, Any] | None: ...

    def load(self, name: str, expect_encoder: str | None = None) -> PgView: ...

    def publish(self, view: PgView) -> PgView: ...


class PgView:
    """A version of a Postgres index; a view with pending changes is a writer's draft."""

    def __init__(
        self,
        store: PgHost,
        name: str,
        manifest: Manifest,
        index_id: int | None,
        version: int,
        docs: dict[str, DocRecord],
        doc_chunks: dict[str, int],
        stats: tuple[int, float],
        pending: Pending | None = None,
    ) -> None:
        self.store = store
        self._name = name
        self.manifest = manifest
        self.index_id = index_id
        self.version_no = version
        self._base_docs = docs
        self._doc_chunks = doc_chunks
        self._stats = stats  # (N, total token count) at this version
        self.pending = pending or Pending()
        self._cache = RowCache(self._fetch)
        self._removed_vids: np.ndarray | None = None
        self._docs = self._merged_docs()

    # ---- construction -------------------------------------------------------------------
    @classmethod
    def pinned(cls, store: PgHost, name: str, index_id: int, dim: int, version: int) -> PgView:
        args = {"i": index_id, "v": version}
        with store.connection() as conn:
            cur = conn.cursor(row_factory=dict_row)
            head = cur.execute(
                "SELECT manifest, n_chunks, total_len FROM kb_version "
                "WHERE index_id = %(i)s AND version = %(v)s",
                args,
            ).fetchone()
            rows = cur.execute(
                f"SELECT doc_id, record, n_chunks FROM kb_document WHERE index_id = %(i)s "
                f"AND {LIVE} ORDER BY added_in, doc_id",
                args,
            ).fetchall()
        if head is None:  # pruned between reading kb_index and here: read the new live one
            return store.load(name)
        raw = dict(head["manifest"])
        manifest = Manifest(**raw)
        docs = {r["doc_id"]: DocRecord.from_json(r["record"]) for r in rows}
        counts = {r["doc_id"]: int(r["n_chunks"]) for r in rows}
        stats = (int(head["n_chunks"]), float(head["total_len"]))
        return cls(store, name, manifest, index_id, version, docs, counts, stats)

    @classmethod
    def fresh(cls, store: PgHost, name: str, manifest: Manifest) -> PgView:
        """An empty draft that replaces whatever the index holds when published (a rebuild)."""
        head = store.head(name)
        index_id = head["index_id"] if head else None
        version = head["current"] if head else 0
        return cls(store, name, manifest, index_id, version, {}, {}, (0, 0.0), Pending(True))

    def _derive(self, pending: Pending, manifest: Manifest | None = None) -> PgView:
        return PgView(
            self.store,
            self._name,
            manifest or self.manifest,
            self.index_id,
            self.version_no,
            self._base_docs,
            self._doc_chunks,
            self._stats,
            pending,
        )

    # ---- what it holds ------------------------------------------------------------------
    @property
    def name(self) -> str:
        return self._name

    @property
    def location(self) -> str:
        return self.store.location(self._name)

    @property
    def docs(self) -> Mapping[str, DocRecord]:
        return self._docs

    def _merged_docs(self) -> dict[str, DocRecord]:
        p = self.pending
        base = {} if p.replace_all else self._base_docs
        docs = {k: v for k, v in base.items() if k not in p.removed}
        docs.update({k: v for k, v in p.records.items() if k in docs})
        docs.update({k: v[0] for k, v in p.added.items()})
        return docs

    @property
    def size(self) -> int:
        p = self.pending
        if not p.any():
            return self._stats[0]
        kept = {} if p.replace_all else self._doc_chunks
        n = sum(c for d, c in kept.items() if d not in p.removed and d not in p.added)
        return n + sum(len(v[1]) for v in p.added.values())

    def sources(self) -> dict[str, str]:
        return {d.source: k for k, d in self.docs.items()}

    def centered(self, vectors: np.ndarray, langs: Sequence[str | None]) -> np.ndarray:
        """An index migrated with language centering keeps its means (new Postgres indexes
        refuse centering, PostgresStore.empty)."""
        return self.manifest.centered(vectors, langs)

    def _published(self) -> None:
        if self.pending.any() or self.index_id is None:
            raise RuntimeError(f"index {self._name!r}: publish the changes before reading them")

    def _args(self, **more: Any) -> dict[str, Any]:
        return {"i": self.index_id, "v": self.version_no, **more}

    # ---- search -------------------------------------------------------------------------
    def allowed(self, filters: Filters) -> Allowed:
        self._published()
        cond, params = filter_sql(filters)
        with self.store.connection() as conn:
            rows = conn.execute(
                "SELECT doc_id, n_chunks FROM kb_document WHERE index_id = %s AND added_in <= %s "
                f"AND (removed_in IS NULL OR removed_in > %s) AND {cond}",
                [self.index_id, self.version_no, self.version_no, *params],
            ).fetchall()
            doc_ids = tuple(r[0] for r in rows)
            vids = conn.execute(
                f"SELECT vid FROM kb_chunk WHERE index_id = %(i)s AND doc_id = ANY(%(d)s) "
                f"AND {LIVE} ORDER BY vid",
                self._args(d=list(doc_ids)),
            ).fetchall()
        return Allowed(doc_ids, sum(int(r[1]) for r in rows), np.array([r[0] for r in vids]))

    def dense_top(self, qvec: np.ndarray, k: int, allowed: Sized | None) -> np.ndarray:
        """Exact over few passages (a small index, a narrow filter), else HNSW (pgvector).

        Up to EXACT_MAX passages an exact scan costs a few milliseconds and finds what the
        file store finds; above it, the HNSW index answers, a broad filter applied inside the
        scan (iterative scan goes on until k rows pass).
        """
        self._published()
        q = np.asarray(qvec, dtype=np.float32)
        dim = int(self.manifest.dim)
        select = f"SELECT {ROW_COLUMNS} FROM kb_chunk"
        if isinstance(allowed, Allowed) and k >= len(allowed):
            # all of them wanted (the recommender ranks every passage of the case studies, once
            # per query of a profile): read through the row cache, so a profile's later queries
            # fetch nothing
            return ranked(self._cache.rows(allowed.vids.tolist()), q)
        if isinstance(allowed, Allowed) and len(allowed) <= EXACT_MAX:
            # few passages: exact
            sql = (
                f"{select} WHERE index_id = %(i)s AND vid = ANY(%(ids)s) "
                "ORDER BY embedding <#> %(q)s LIMIT %(k)s"
            )
            return self._fetch_ranked(sql, self._args(ids=allowed.vids.tolist(), q=q, k=k), q)
        where = f"index_id = {int(self.index_id or 0)} AND {LIVE}"
        if allowed is None and self._stats[0] <= EXACT_MAX:
            # the cast-free expression cannot use the HNSW index: an exact scan of this index
            sql = f"{select} WHERE {where} ORDER BY embedding <#> %(q)s LIMIT %(k)s"
            return self._fetch_ranked(sql, self._args(q=q, k=k), q)
        if isinstance(allowed, Allowed):
            where += " AND doc_id = ANY(%(d)s)"
        sql = (
            f"{select} WHERE {where} "
            f"ORDER BY embedding::vector({dim}) <#> %(q)s::vector({dim}) LIMIT %(k)s"
        )
        ef = min(max(self.store.ef_search, k), HNSW_EF_MAX)  # iterative scan goes past it
        docs = list(allowed.doc_ids) if isinstance(allowed, Allowed) else []
        return self._fetch_ranked(sql, self._args(q=q, k=k, d=docs), q, ef)

    def _fetch_ranked(
        self, sql: str, args: dict[str, Any], q: np.ndarray, ef: int | None = None
    ) -> np.ndarray:
        with self.store.connection() as conn:
            if ef is not None:  # per connection (pooled, autocommit): one round trip, no BEGIN
                conn.execute(f"SET hnsw.ef_search = {int(ef)}")
            rows = conn.cursor(row_factory=dict_row, binary=True).execute(sql, args).fetchall()
        self._cache.remember(rows)
        return ranked(rows, q)

    def bm25(self, words: Sequence[Sequence[str]], allowed: Sized | None) -> PgLexical:
        self._published()
        terms = sorted({form for forms in words for form in forms})
        postings: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]] = {}
        if terms:
            with self.store.connection() as conn:
                cur = conn.cursor(binary=True)
                for term, vids, tfs, dls in cur.execute(
                    "SELECT term, vids, tfs, dls FROM kb_posting WHERE index_id = %(i)s "
                    "AND term = ANY(%(t)s) AND added_in <= %(v)s",
                    self._args(t=terms),
                ):
                    postings.setdefault(term, []).append(decode(vids, tfs, dls))
        vids, scores = bm25_scores(words, postings, self._removed(), *self._stats)
        if isinstance(allowed, Allowed):
            keep = np.isin(vids, allowed.vids)
            vids, scores = vids[keep], scores[keep]
        return PgLexical(vids, scores, term_idf(postings, self._removed(), self._stats[0]))

    def _removed(self) -> np.ndarray:
        """Passages removed at or before this version whose postings are not yet pruned."""
        if self._removed_vids is None:
            with self.store.connection() as conn:
                rows = conn.execute(
                    "SELECT vid FROM kb_chunk WHERE index_id = %(i)s AND removed_in IS NOT NULL "
                    "AND removed_in <= %(v)s",
                    self._args(),
                ).fetchall()
            self._removed_vids = np.array([r[0] for r in rows], dtype=np.int64)
        return self._removed_vids

    # ---- rows ---------------------------------------------------------------------------
    def _fetch(self, vids: list[int]) -> list[dict[str, Any]]:
        self._published()
        with self.store.connection() as conn:
            return (
                conn.cursor(row_factory=dict_row, binary=True)
                .execute(
                    f"SELECT {ROW_COLUMNS} FROM kb_chunk WHERE index_id = %(i)s "
                    "AND vid = ANY(%(ids)s)",
                    self._args(ids=vids),
                )
                .fetchall()
            )

    def vectors_of(self, rows: np.ndarray) -> np.ndarray:
        if not len(rows):
            return np.zeros((0, self.manifest.dim), dtype=np.float32)
        return np.vstack([vec(r["embedding"]) for r in self._cache.rows(rows)])

    def languages(self, rows: np.ndarray) -> np.ndarray:
        return np.array([r["language"] or "" for r in self._cache.rows(rows)], dtype=object)

    def doc_of(self, row: int) -> str:
        return str(self._cache.rows([row])[0]["doc_id"])

    def chunk(self, row: int) -> dict[str, Any]:
        return chunk_dict(self._cache.rows([row])[0])

    # ---- whole-table reads --------------------------------------------------------------
    def chunk_table(
        self, columns: Sequence[str] | None = None, doc_ids: Iterable[str] | None = None
    ) -> pd.DataFrame:
        self._published()
        cols = list(columns or CHUNK_COLUMNS)
        where = f"index_id = %(i)s AND {LIVE}"
        args = self._args()
        if doc_ids is not None:
            where += " AND doc_id = ANY(%(d)s)"
            args["d"] = list(doc_ids)
        with self.store.connection() as conn:
            rows = (
                conn.cursor(row_factory=dict_row)
                .execute(
                    f"SELECT vid, doc_id, language, text, fields FROM kb_chunk WHERE {where} "
                    "ORDER BY vid",
                    args,
                )
                .fetchall()
            )
        table = pd.DataFrame([chunk_dict(r) for r in rows], columns=CHUNK_COLUMNS)
        return table.set_index(table["faiss_id"].rename(None))[cols]

    def count_chunks(self, doc_ids: Iterable[str]) -> int:
        return sum(self._doc_chunks.get(d, 0) for d in set(doc_ids))

    def language_counts(self) -> dict[str, int]:
        self._published()
        with self.store.connection() as conn:
            rows = conn.execute(
                f"SELECT coalesce(language, '?'), count(*) FROM kb_chunk WHERE index_id = %(i)s "
                f"AND {LIVE} GROUP BY 1 ORDER BY 2 DESC",
                self._args(),
            ).fetchall()
        return {str(r[0]): int(r[1]) for r in rows}

    # ---- changes ------------------------------------------------------------------------
    def without(self, doc_ids: Iterable[str]) -> PgView:
        drop = set(doc_ids) & set(self.docs)
        if not drop:
            return self
        p = self.pending
        added = {k: v for k, v in p.added.items() if k not in drop}
        records = {k: v for k, v in p.records.items() if k not in drop}
        return self._derive(replace(p, removed=p.removed | drop, added=added, records=records))

    def with_documents(
        self,
        docs: dict[str, DocRecord],
        chunks: Sequence[Chunk],
        tokens: Sequence[list[str]],
        vectors: np.ndarray,
    ) -> PgView:
        if len(tokens) != len(chunks):
            raise ValueError(f"{len(chunks)} chunks but {len(tokens)} token lists")
        base = self.without(docs)
        vecs = np.asarray(vectors, dtype=np.float32)
        if base.manifest.document_context and len(chunks):
            vecs = with_document_context(
                vecs, [c.doc_id for c in chunks], base.manifest.document_context
            )
        if base.manifest.vector_storage == "SQfp16":
            # The values the file store keeps (FAISS SQfp16: IEEE half, nearest), in a `vector`
            # column: both stores score the same vectors.
            vecs = vecs.astype(np.float16).astype(np.float32)
        grouped: dict[str, list[int]] = {}
        for i, c in enumerate(chunks):
            grouped.setdefault(c.doc_id, []).append(i)
        added = dict(base.pending.added)
        for doc_id, record in docs.items():
            at = grouped.get(doc_id, [])
            added[doc_id] = (
                record,
                [chunks[i] for i in at],
                [list(tokens[i]) for i in at],
                vecs[at] if at else np.zeros((0, self.manifest.dim), dtype=np.float32),
            )
        p = base.pending
        return self._derive(replace(p, removed=p.removed - set(docs), added=added))

    def with_records(self, records: Mapping[str, DocRecord]) -> PgView:
        p = self.pending
        added = dict(p.added)
        edits = dict(p.records)
        for doc_id, record in records.items():
            if doc_id in added:
                added[doc_id] = (record, *added[doc_id][1:])
            elif doc_id in self.docs:
                edits[doc_id] = record
        return self._derive(replace(p, added=added, records=edits))

    def publish(self) -> PgView:
        return self.store.publish(self)
