"""Rows of the Postgres store as a view reads them: the columns, a bounded cache, conversions."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kb.records import Chunk, DocRecord
from kb.store.index import CHUNK_COLUMNS

LIVE = "added_in <= %(v)s AND (removed_in IS NULL OR removed_in > %(v)s)"
CACHE_ROWS = 20_000
EXACT_MAX = 20_000  # filtered dense search scans exactly up to this many passages
# Chunk columns with a SQL column of their own; the rest live in kb_chunk.fields (JSONB), so a
# column added to kb.store.index.CHUNK_COLUMNS flows into Postgres with nothing to migrate.
SQL_COLUMNS = ("doc_id", "language", "text")
FIELD_COLUMNS = [c for c in CHUNK_COLUMNS if c not in ("faiss_id", *SQL_COLUMNS)]
ROW_COLUMNS = "vid, doc_id, language, text, fields, embedding"


@dataclass(frozen=True)
class Allowed:
    """The passages filters allow: their documents and, fetched once, their ids."""

    doc_ids: tuple[str, ...]
    count: int
    vids: np.ndarray

    def __len__(self) -> int:
        return self.count


class RowCache:
    """Passages a view has read (by id), most recent kept; misses fetched in one query."""

    def __init__(self, fetch: Callable[[list[int]], list[dict[str, Any]]]) -> None:
        self._fetch = fetch
        self._rows: OrderedDict[int, dict[str, Any]] = OrderedDict()
        self._lock = threading.Lock()

    def remember(self, rows: Iterable[dict[str, Any]]) -> None:
        with self._lock:
            for r in rows:
                self._rows[int(r["vid"])] = r
                self._rows.move_to_end(int(r["vid"]))
            while len(self._rows) > CACHE_ROWS:
                self._rows.popitem(last=False)

    def rows(self, vids: Iterable[int]) -> list[dict[str, Any]]:
        wanted = [int(v) for v in vids]
        with self._lock:  # what is cached now: remembering the misses may evict some of it
            found = {v: self._rows[v] for v in wanted if v in self._rows}
        missing = [v for v in dict.fromkeys(wanted) if v not in found]
        if missing:
            fetched = self._fetch(missing)
            self.remember(fetched)
            found.update((int(r["vid"]), r) for r in fetched)
        return [found[v] for v in wanted]


def vec(value: Any) -> np.ndarray:
    """A vector as read (pgvector's binary loader gives a Vector) as float32."""
    raw = value.to_numpy() if hasattr(value, "to_numpy") else value
    return np.asarray(raw, dtype=np.float32)


def ranked(rows: list[dict[str, Any]], q: np.ndarray) -> np.ndarray:
    """The rows' ids, best inner product with `q` first (pgvector's relaxed order may return
    near-ties out of order, and a read through the cache has no order at all)."""
    if not rows:
        return np.zeros(0, dtype=int)
    vecs = np.vstack([vec(r["embedding"]) for r in rows])
    order = np.argsort(-(vecs @ q), kind="stable")
    return np.array([rows[i]["vid"] for i in order], dtype=np.int64)


def chunk_dict(row: Mapping[str, Any]) -> dict[str, Any]:
    fields = row["fields"] or {}
    out = {c: fields.get(c) for c in FIELD_COLUMNS}
    out.update(
        faiss_id=int(row["vid"]), doc_id=row["doc_id"], language=row["language"], text=row["text"]
    )
    return out


@dataclass
class Pending:
    """Changes not yet published, relative to the view's base version."""

    replace_all: bool = False  # a rebuild: every live document goes
    removed: frozenset[str] = frozenset()
    added: dict[str, tuple[DocRecord, list[Chunk], list[list[str]], np.ndarray]] = field(
        default_factory=dict
    )
    records: dict[str, DocRecord] = field(default_factory=dict)

    def any(self) -> bool:
        return self.replace_all or bool(self.removed or self.added or self.records)
