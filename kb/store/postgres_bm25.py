"""BM25 on Postgres: postings stored per term and publish, scored in numpy as the file store does.

Each publish writes, for every term of its new passages, one `kb_posting` row holding that
publish's postings as little-endian arrays (passage id, term frequency, passage length). A query
fetches the rows of its terms (one indexed read, binary transfer), drops passages removed at the
reader's version, and computes Okapi BM25 with `kb.store.lexical.LexicalIndex`'s constants and
float32 arithmetic, in the same order: the same tokenizer, statistics (N, mean length, document
frequency at that version) and formula as the file store, so scores agree to float rounding.
Postgres `ts_rank` is not BM25 (no idf, no length saturation) and is not used.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from kb.store.lexical import LexicalIndex, idf, one_term

K1 = LexicalIndex.K1
B = LexicalIndex.B


def posting_rows(
    vids: np.ndarray, tokens: Sequence[Sequence[str]]
) -> list[tuple[str, bytes, bytes, bytes]]:
    """(term, vids, tfs, dls) for one publish's new passages, as stored in kb_posting."""
    by_term: dict[str, tuple[list[int], list[float], list[float]]] = {}
    for vid, toks in zip(vids.tolist(), tokens, strict=True):
        length = float(len(toks))
        for term, count in Counter(toks).items():
            ids, tfs, dls = by_term.setdefault(term, ([], [], []))
            ids.append(vid)
            tfs.append(count)
            dls.append(length)
    return [
        (
            term,
            np.asarray(ids, dtype="<i8").tobytes(),
            np.asarray(tfs, dtype="<f4").tobytes(),
            np.asarray(dls, dtype="<f4").tobytes(),
        )
        for term, (ids, tfs, dls) in by_term.items()
    ]


def decode(vids: bytes, tfs: bytes, dls: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    return (
        np.frombuffer(vids, dtype="<i8"),
        np.frombuffer(tfs, dtype="<f4"),
        np.frombuffer(dls, dtype="<f4"),
    )


def without_vids(
    vids: bytes, tfs: bytes, dls: bytes, dead: np.ndarray
) -> tuple[bytes, bytes, bytes] | None:
    """A posting row with some passages dropped (None when none is left)."""
    v, t, d = decode(vids, tfs, dls)
    keep = ~np.isin(v, dead)
    if not keep.any():
        return None
    return v[keep].tobytes(), t[keep].tobytes(), d[keep].tobytes()


def bm25_scores(
    query: Sequence[Sequence[str]],
    postings: dict[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]],
    removed: np.ndarray,
    n_chunks: int,
    total_len: float,
) -> tuple[np.ndarray, np.ndarray]:
    """(passage ids ascending, their BM25 scores) for the passages the query matches.

    `query` holds words, each word's forms one term (kb.store.lexical.one_term); `postings`
    maps a form to its rows (vids, tfs, dls); passages in `removed` are not part of the
    reader's version. A repeated query word counts again, as in the file store (bm25s).
    """
    if not n_chunks:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    mean = total_len / n_chunks or 1.0
    forms = {f: _merged(postings.get(f, []), removed) for w in query for f in dict.fromkeys(w)}
    size = 1 + max((int(v[0].max()) for v in forms.values() if len(v[0])), default=-1)
    lengths = np.zeros(size, dtype=np.float32)
    for vids, _, dls in forms.values():
        lengths[vids] = dls
    # One score slot per passage id, added to word by word in float32: the file store's
    # arithmetic in its order.
    out = np.zeros(size, dtype=np.float32)
    for word in query:
        vids, tfs, df = one_term([forms[f][:2] for f in dict.fromkeys(word)])
        if not df:
            continue
        idf = np.float32(np.log(1.0 + (n_chunks - df + 0.5) / (df + 0.5)))
        norm = (K1 * (1.0 - B + B * lengths[vids] / mean)).astype(np.float32)
        out[vids] += idf * tfs / (tfs + norm)
    hit = np.flatnonzero(out)
    return hit.astype(np.int64), out[hit]


def _merged(
    rows: Iterable[tuple[np.ndarray, np.ndarray, np.ndarray]], removed: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    rows = list(rows)
    if not rows:
        empty = np.zeros(0, dtype=np.float32)
        return np.zeros(0, dtype=np.int64), empty, empty
    vids = np.concatenate([r[0] for r in rows])
    tfs = np.concatenate([r[1] for r in rows])
    dls = np.concatenate([r[2] for r in rows])
    if len(removed):
        keep = ~np.isin(vids, removed)
        vids, tfs, dls = vids[keep], tfs[keep], dls[keep]
    return vids, tfs, dls


def term_idf(
    postings: Mapping[str, list[tuple[np.ndarray, np.ndarray, np.ndarray]]],
    removed: np.ndarray,
    n_chunks: int,
) -> dict[str, float]:
    """The idf of each term with live postings in the reader's version (as `bm25_scores`)."""
    out: dict[str, float] = {}
    for term, rows in postings.items():
        df = len(_merged(rows, removed)[0])
        if df:
            out[term] = idf(n_chunks, df)
    return out


class PgLexical:
    """BM25 of one query over one Postgres view (kb.store.base.LexicalScores)."""

    def __init__(
        self, vids: np.ndarray, scores: np.ndarray, idf: Mapping[str, float] | None = None
    ) -> None:
        self._vids = vids  # ascending
        self._scores = scores
        self.idf: Mapping[str, float] = idf or {}

    def top(self, k: int) -> np.ndarray:
        # Ties keep passage-id order, as the file store keeps row order (ids grow with rows).
        positive = np.flatnonzero(self._scores > 0)
        order = positive[np.argsort(-self._scores[positive], kind="stable")][:k]
        return self._vids[order]

    def scores(self, rows: np.ndarray) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        out = np.zeros(len(rows), dtype=np.float32)
        if not len(self._vids) or not len(rows):
            return out
        at = np.clip(np.searchsorted(self._vids, rows), 0, len(self._vids) - 1)
        hit = self._vids[at] == rows
        out[hit] = self._scores[at[hit]]
        return out
