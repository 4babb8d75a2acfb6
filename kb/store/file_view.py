"""The file store's reads for search: FAISS, the BM25 matrix and the chunk table of one version.

Rows are positions in the version's chunk table. Column arrays and lookups are built once per
loaded version (cells through the DataFrame, `iloc` or `.iat`, cost ~0.1 ms each: 10 ms a
page at 100k passages).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence, Sized
from functools import cached_property
from typing import TYPE_CHECKING, Any

import faiss
import numpy as np
import pandas as pd

from kb.records import DocRecord
from kb.store.filters import Filters, allowed_docs, doc_table

if TYPE_CHECKING:
    from pathlib import Path

    from kb.store.lexical import LexicalIndex


class FileLexical:
    """BM25 of one query over every passage; rows filters exclude score -1."""

    def __init__(self, scores: np.ndarray, idf: Mapping[str, float]) -> None:
        self._scores = scores
        self.idf = idf

    def top(self, k: int) -> np.ndarray:
        scores = self._scores
        positive = np.flatnonzero(scores > 0)
        if len(positive) <= k:
            return positive[np.argsort(-scores[positive], kind="stable")]
        part = positive[np.argpartition(-scores[positive], k)[:k]]
        return part[np.argsort(-scores[part], kind="stable")]

    def scores(self, rows: np.ndarray) -> np.ndarray:
        return self._scores[np.asarray(rows, dtype=int)]


class FileSearch:
    """Mixed into `kb.store.index.Index`: the IndexView reads over in-memory FAISS + BM25."""

    path: Path
    vectors: faiss.Index
    chunks: pd.DataFrame
    docs: dict[str, DocRecord]
    lexical: LexicalIndex

    def embedding(self, faiss_ids: np.ndarray) -> np.ndarray:
        return np.asarray(self.vectors.reconstruct_batch(np.asarray(faiss_ids, dtype=np.int64)))

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def location(self) -> str:
        return str(self.path)

    @property
    def size(self) -> int:
        return len(self.chunks)

    @cached_property
    def _faiss_ids(self) -> np.ndarray:
        return self.chunks["faiss_id"].to_numpy(dtype=np.int64)

    @cached_property
    def _row_of(self) -> dict[int, int]:
        return {int(fid): row for row, fid in enumerate(self._faiss_ids)}

    @cached_property
    def _langs(self) -> np.ndarray:
        return self.chunks["language"].fillna("").astype(str).to_numpy()

    @cached_property
    def _doc_ids(self) -> np.ndarray:
        return self.chunks["doc_id"].astype(str).to_numpy()

    @cached_property
    def _cells(self) -> dict[str, Any]:
        return {col: self.chunks[col].array for col in self.chunks.columns}

    @cached_property
    def _doc_table(self) -> pd.DataFrame:
        return doc_table(self.docs)

    def allowed(self, filters: Filters) -> np.ndarray:
        ok = allowed_docs(self._doc_table, filters)
        return np.flatnonzero(self.chunks["doc_id"].isin(ok).to_numpy())

    def dense_top(self, qvec: np.ndarray, k: int, allowed: Sized | None) -> np.ndarray:
        params = None
        if allowed is not None:
            selector = faiss.IDSelectorBatch(self._faiss_ids[np.asarray(allowed, dtype=int)])
            params = faiss.SearchParameters(sel=selector)  # type: ignore[call-arg]
        _, ids = self.vectors.search(qvec[None, :].astype(np.float32), k, params=params)
        return np.array([self._row_of[int(i)] for i in ids[0] if i >= 0], dtype=int)

    def bm25(self, words: Sequence[Sequence[str]], allowed: Sized | None) -> FileLexical:
        scores = self.lexical.word_scores(words)
        if allowed is not None:
            rows = np.asarray(allowed, dtype=int)
            masked = np.full_like(scores, -1.0)
            masked[rows] = scores[rows]
            scores = masked
        return FileLexical(scores, self.lexical.idf([f for forms in words for f in forms]))

    def vectors_of(self, rows: np.ndarray) -> np.ndarray:
        return self.embedding(self._faiss_ids[np.asarray(rows, dtype=int)])

    def languages(self, rows: np.ndarray) -> np.ndarray:
        return self._langs[np.asarray(rows, dtype=int)]

    def doc_of(self, row: int) -> str:
        return str(self._doc_ids[row])

    def chunk(self, row: int) -> dict[str, Any]:
        return {col: values[row] for col, values in self._cells.items()}

    # ---- whole-table reads ---------------------------------------------------------------
    def chunk_table(
        self, columns: Sequence[str] | None = None, doc_ids: Iterable[str] | None = None
    ) -> pd.DataFrame:
        table = self.chunks
        if doc_ids is not None:
            table = table[table["doc_id"].isin(set(doc_ids))]
        return table if columns is None else table[list(columns)]

    def count_chunks(self, doc_ids: Iterable[str]) -> int:
        return int(self.chunks["doc_id"].isin(set(doc_ids)).sum())

    def language_counts(self) -> dict[str, int]:
        counts = self.chunks["language"].fillna("?").value_counts()
        return {str(k): int(v) for k, v in counts.items()}

    def doc_chunks(self, doc_id: str) -> pd.DataFrame:
        return self.chunks[self.chunks["doc_id"] == doc_id]

    def sources(self) -> dict[str, str]:
        """source -> doc_id, to tell re-ingested files from new ones."""
        return {d.source: k for k, d in self.docs.items()}
