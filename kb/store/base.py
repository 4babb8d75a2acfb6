"""The store interface: what search, recommend, curation, the CLI and the app use of an index.

Two implementations, chosen by the `store` setting through `kb.store.factory.open_store`:

- `file` (`kb.store.index`, the default): FAISS + BM25 + an Arrow chunk table in versioned
  folders, one machine;
- `postgres` (`kb.store.postgres`): PostgreSQL + pgvector, shared by app replicas and curators.

An `IndexStore` names, opens, creates and locks indexes; an `IndexView` is one version of one
index: readers keep the version they loaded, writers chain changes (`without`,
`with_documents`, `with_records`) and `publish` them atomically as a new version.

A *row* is an opaque integer naming one passage of one loaded view (a position in the file
store's chunk table, a passage's stable id in Postgres): callers pass back what the view handed
them and never count on rows being dense or ordered.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping, Sequence, Sized
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import numpy as np
import pandas as pd

from kb import __version__
from kb.errors import RecordTooLargeError
from kb.ingest.metadata import json_size_within
from kb.records import Chunk, DocRecord
from kb.store.filters import Filters

FORMAT = 1
MAX_DOC_JSON = 1024 * 1024  # one document's stored record (metadata is bounded lower at ingest)


def record_json(doc_id: str, record: DocRecord) -> dict[str, Any]:
    """A record as stored, measured first (without serializing it): a record expanding to
    gigabytes would make a version that cannot be loaded back, so it stops the publish."""
    out = record.to_json()
    if not json_size_within(out, MAX_DOC_JSON):
        raise RecordTooLargeError(doc_id, MAX_DOC_JSON)
    return out


@dataclass(frozen=True)
class Manifest:
    """What an index version is: how it was built and what it holds (self-describing)."""

    name: str
    encoder: str
    dim: int
    chunk_words: int
    chunk_overlap_words: int
    vector_storage: str = "Flat"
    docs: int = 0
    chunks: int = 0
    next_id: int = 0
    version: str = ""
    created: float = 0.0
    kb_version: str = __version__
    format: int = FORMAT
    centering: bool = False
    document_context: float = 0.0
    language_means: dict[str, list[float]] = field(default_factory=dict)

    def centered(self, vectors: np.ndarray, langs: Sequence[str | None]) -> np.ndarray:
        """Vectors minus their language's mean, renormalised (unchanged without centering);
        both stores center with the means their manifest keeps."""
        out = np.asarray(vectors, dtype=np.float32)
        means = self.language_means
        if not self.centering or not means:
            return out
        out = out.copy()
        for i, lang in enumerate(langs):
            mean = np.asarray(means.get(lang or "*", means.get("*", [])), dtype=np.float32)
            if mean.shape == out[i].shape:
                out[i] -= mean
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)

    def describe(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("language_means")
        out["created_iso"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(self.created))
        return out


@dataclass(frozen=True)
class Finding:
    """One thing `kb doctor` found: what was wrong and what was done (empty: left to the user)."""

    problem: str
    action: str = ""
    fixed: bool = False
    # Whether the index cannot be read further until this is fixed (a missing live version).
    blocks: bool = field(default=True, compare=False)

    def line(self) -> str:
        if self.fixed:
            return f"repaired: {self.problem}; {self.action}"
        return f"problem: {self.problem}" + (f"; {self.action}" if self.action else "")


class LexicalScores(Protocol):
    """BM25 (Okapi, kb's tokenizer) of one query over one view, restricted to allowed rows."""

    idf: Mapping[str, float]  # each query token the view holds, with its idf (the others absent)

    def top(self, k: int) -> np.ndarray:
        """Rows with a positive score, best first, at most k."""
        ...

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """The BM25 score of each row (0 for rows the query does not match)."""
        ...


class IndexView(Protocol):
    """One version of one index: read it, or derive a changed one and publish it."""

    manifest: Manifest

    @property
    def name(self) -> str: ...

    @property
    def docs(self) -> Mapping[str, DocRecord]: ...

    @property
    def size(self) -> int:
        """Number of passages."""
        ...

    @property
    def location(self) -> str:
        """Where the index lives (a folder, or a database URL without its password)."""
        ...

    # ---- search ---------------------------------------------------------------------------
    def allowed(self, filters: Filters) -> Sized:
        """The passages filters allow (opaque; len() is their number)."""
        ...

    def dense_top(self, qvec: np.ndarray, k: int, allowed: Sized | None) -> np.ndarray:
        """Rows of the k passages with the highest inner product with qvec."""
        ...

    def bm25(self, words: Sequence[Sequence[str]], allowed: Sized | None) -> LexicalScores:
        """BM25 of a query given as words, each a list of forms scored as one term
        (kb.store.lexical.one_term); a word of one form is an ordinary term."""
        ...

    def vectors_of(self, rows: np.ndarray) -> np.ndarray:
        """The stored vector of each row, in order."""
        ...

    def languages(self, rows: np.ndarray) -> np.ndarray:
        """The language code of each row ('' when unknown)."""
        ...

    def doc_of(self, row: int) -> str: ...

    def chunk(self, row: int) -> dict[str, Any]:
        """Every CHUNK_COLUMNS field of one row."""
        ...

    def centered(self, vectors: np.ndarray, langs: Sequence[str | None]) -> np.ndarray: ...

    # ---- whole-table reads (curation, links, doctor, info) --------------------------------
    def chunk_table(
        self, columns: Sequence[str] | None = None, doc_ids: Iterable[str] | None = None
    ) -> pd.DataFrame:
        """Chunks (all, or those of doc_ids) with the given columns, in index order; the
        DataFrame's index holds each chunk's row."""
        ...

    def count_chunks(self, doc_ids: Iterable[str]) -> int: ...

    def language_counts(self) -> dict[str, int]: ...

    def sources(self) -> dict[str, str]:
        """source -> doc_id, to tell re-ingested files from new ones."""
        ...

    # ---- changes (each returns a new view; nothing is written until publish) --------------
    def without(self, doc_ids: Iterable[str]) -> IndexView: ...

    def with_documents(
        self,
        docs: dict[str, DocRecord],
        chunks: Sequence[Chunk],
        tokens: Sequence[list[str]],
        vectors: np.ndarray,
    ) -> IndexView: ...

    def with_records(self, records: Mapping[str, DocRecord]) -> IndexView:
        """Documents' metadata changed; their passages, vectors and BM25 stay as they are."""
        ...

    def publish(self) -> IndexView:
        """Make this state the live version, atomically; returns the view of that version."""
        ...


class IndexStore(Protocol):
    """Where indexes live: name, open, create, lock and check them."""

    kind: str

    def exists(self, name: str) -> bool: ...

    def load(self, name: str, expect_encoder: str | None = None) -> IndexView: ...

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
    ) -> IndexView: ...

    def version(self, name: str) -> str:
        """The live version of an index ('' when it does not exist)."""
        ...

    def location(self, name: str) -> str: ...

    def names(self) -> list[str]: ...

    def lock(self, name: str) -> AbstractContextManager[Any]:
        """Held around read-change-publish, so two writers never publish over each other."""
        ...

    def health(self, name: str, repair: bool) -> list[Finding]:
        """Store-level checks of one index (leftovers, live version); the view checks follow."""
        ...
