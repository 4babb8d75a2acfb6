"""Hybrid retrieval: dense (FAISS) + lexical (BM25), fused, filtered, grouped, with snippets.

Fusion methods (setting `fusion`, chosen by measurement: see docs/evaluation.md):
- ``weighted``: dense_weight * cosine + lexical_weight * BM25 / max BM25 of the candidates;
  both scores are computed exactly for every candidate either retriever proposed;
- ``rrf``: reciprocal-rank fusion, sum of 1 / (rrf_k + rank);
- ``dense`` or ``bm25``: one retriever alone (for comparison).
"""

from __future__ import annotations

import re
from collections.abc import Sized
from dataclasses import dataclass
from typing import Any

import numpy as np
from threadpoolctl import ThreadpoolController

from kb.errors import UsageError
from kb.ingest.embed import Encoder
from kb.records import Hit
from kb.settings import Settings
from kb.store.base import IndexView, LexicalScores
from kb.store.filters import Filters, allowed_docs, doc_table
from kb.store.lexical import fold, query_tokens

__all__ = ["METHODS", "Filters", "Searcher", "allowed_docs", "doc_table", "snippet"]

METHODS = ("weighted", "rrf", "dense", "bm25")


@dataclass
class Searcher:
    """Search over one loaded index version with one encoder (load once, query many times)."""

    index: IndexView  # one version of an index, from whichever store (kb.store.base)
    encoder: Encoder
    settings: Settings

    def __post_init__(self) -> None:
        # A query runs FAISS's OpenMP and BLAS on one thread: on a busy CPU, spin-waits made a
        # flat search of 10k passages 20x slower and a 100x100 product 300x (docs/benchmarks.md).
        # Limited per query (OpenMP counts are per thread, so app sessions' threads each get
        # it) and built after the encoder loads, so torch's pool is included; ingest keeps every
        # core. Overlapping queries may leave BLAS at one thread for a while: speed only.
        self._one_thread = ThreadpoolController()

    # ---- retrieval ------------------------------------------------------------------
    def candidates(
        self,
        query: str,
        filters: Filters | None = None,
        method: str | None = None,
        k: int | None = None,
    ) -> list[tuple[int, float, dict[str, float]]]:
        """(chunk row, fused score, per-method scores), best first, before grouping."""
        method = method or self.settings.fusion
        if method not in METHODS:
            raise UsageError(f"unknown fusion method {method!r}; valid: {', '.join(METHODS)}")
        with self._one_thread.limit(limits=1):
            return self._candidates(query, filters, method, k)

    def _candidates(
        self, query: str, filters: Filters | None, method: str, k: int | None
    ) -> list[tuple[int, float, dict[str, float]]]:
        n = self.index.size
        if not n or not query.strip():
            return []
        k = min(k or self.settings.candidates, n)
        rows = self._allowed_rows(filters)
        if rows is not None and not len(rows):
            return []
        qvec = self.query_vector(query) if method != "bm25" else None
        lex = self._lexical_scores(query, rows) if method != "dense" else None
        dense_rows = self._dense_top(qvec, rows, k) if qvec is not None else np.array([], dtype=int)
        lex_rows = lex.top(k) if lex is not None else np.array([], dtype=int)
        pool = np.unique(np.concatenate([dense_rows, lex_rows])).astype(int)
        vecs = None
        dense = np.zeros(len(pool))
        if qvec is not None:
            dense, vecs = self._dense_exact(qvec, pool)
        lexs = lex.scores(pool) if lex is not None else np.zeros(len(pool))
        fused = self._fuse(method, pool, dense, lexs, dense_rows, lex_rows)
        if vecs is not None:
            fused = self._supported(fused, vecs, pool)
        order = np.argsort(-fused, kind="stable")
        return [
            (int(pool[i]), float(fused[i]), {"dense": float(dense[i]), "bm25": float(lexs[i])})
            for i in order
        ]

    def doc_of(self, row: int) -> str:
        """The document id of a chunk row (a fast lookup for loops over candidates)."""
        return self.index.doc_of(row)

    def query_vector(self, query: str) -> np.ndarray:
        """The query's vector, centred by the mean of all passages when the index is centred.

        Passages lose their own language's mean, which removes the bonus a query would give to
        passages in its own language. The query loses the overall mean: on XQuAD-R this did as
        well as the mean of the query's detected language (docs/evaluation.md), and it spares
        a language detection that costs more than the rest of the search.
        """
        vec = self.encoder.encode([query])[0]
        if not self.index.manifest.centering or not self.index.manifest.language_means:
            return vec
        return self.index.centered(vec[None, :], [None])[0]

    def _allowed_rows(self, filters: Filters | None) -> Sized | None:
        if filters is None or not filters.active():
            return None
        return self.index.allowed(filters)

    def _lexical_scores(self, query: str, rows: Sized | None) -> LexicalScores:
        return self.index.bm25(query_tokens(query), rows)

    def _dense_top(self, qvec: np.ndarray, rows: Sized | None, k: int) -> np.ndarray:
        return self.index.dense_top(qvec, k, rows)

    def _dense_exact(self, qvec: np.ndarray, pool: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        if not len(pool):
            return np.zeros(0), np.zeros((0, len(qvec)), dtype=np.float32)
        vecs = self.index.vectors_of(pool)
        return vecs @ qvec, vecs

    def _supported(self, fused: np.ndarray, vecs: np.ndarray, pool: np.ndarray) -> np.ndarray:
        """Fused scores plus cross-lingual support, computed on the fused scores so that an
        answer BM25 finds in the query's language also lifts its versions in other languages."""
        weight = self.settings.cross_lingual_support
        if weight <= 0 or len(pool) < 2:
            return fused
        support = cross_lingual_support(
            fused, vecs, self.index.languages(pool), self.settings.support_candidates
        )
        return fused + weight * support

    def _fuse(
        self,
        method: str,
        pool: np.ndarray,
        dense: np.ndarray,
        lex: np.ndarray,
        dense_rows: np.ndarray,
        lex_rows: np.ndarray,
    ) -> np.ndarray:
        s = self.settings
        if method == "dense":
            return dense
        if method == "bm25":
            return lex
        if method == "rrf":
            return _rrf(pool, dense_rows, s.rrf_k) + _rrf(pool, lex_rows, s.rrf_k)
        top = float(lex.max()) if len(lex) else 0.0
        lex_norm = np.clip(lex, 0, None) / top if top > 0 else np.zeros_like(lex)
        return s.dense_weight * dense + s.lexical_weight * lex_norm

    # ---- the public call --------------------------------------------------------------
    def search(
        self,
        query: str,
        top_k: int | None = None,
        filters: Filters | None = None,
        method: str | None = None,
        per_doc: int | None = None,
    ) -> list[Hit]:
        top_k = top_k or self.settings.top_k
        per_doc = per_doc or self.settings.max_hits_per_doc
        hits: list[Hit] = []
        taken: dict[str, int] = {}
        for row, score, parts in self.candidates(query, filters, method):
            doc_id = self.doc_of(row)
            if taken.get(doc_id, 0) >= per_doc:
                continue
            taken[doc_id] = taken.get(doc_id, 0) + 1
            hits.append(self.hit(row, len(hits) + 1, score, query, parts))
            if len(hits) >= top_k:
                break
        return hits

    def hit(
        self, row: int, rank: int, score: float, query: str, parts: dict[str, float] | None = None
    ) -> Hit:
        c = self.index.chunk(row)
        d = self.index.docs[c["doc_id"]]
        prog = d.program
        return Hit(
            rank=rank,
            score=score,
            chunk_id=c["chunk_id"],
            doc_id=c["doc_id"],
            title=d.title,
            page=int(c["page_start"]),
            page_end=int(c["page_end"]),
            language=_text_or_none(c["language"]) or d.language,
            text=c["text"],
            snippet=snippet(c["text"], query, self.settings.snippet_chars),
            source=d.source,
            heading=_text_or_none(c["heading"]),
            page_label=_text_or_none(c["page_label"]),
            doc_type=d.doc_type,
            year=d.year,
            countries=d.countries,
            kind=c["kind"],
            ocr=bool(c["ocr"]),
            ocr_confidence=_confidence(c["ocr_confidence"]),
            program_id=prog.id if prog else None,
            program_name=prog.name if prog else None,
            country=prog.country if prog else None,
            region=prog.region if prog else None,
            instruments=prog.instruments if prog else (),
            needs=prog.needs if prog else (),
            evidence=prog.evidence if prog else None,
            scores=parts or {},
        )


def cross_lingual_support(
    scores: np.ndarray, vecs: np.ndarray, langs: np.ndarray, k: int
) -> np.ndarray:
    """For each of the k best candidates: the summed scores of its closest candidate in each other
    language among those k.

    A passage whose translations or paraphrases in other languages also answer the query gets
    their scores as support, so the versions of one answer in several languages rise together
    instead of being separated by same-language near misses (XQuAD-R, docs/evaluation.md).
    Candidates outside the k best, or with no candidate in another language, get no support.
    """
    support = np.zeros(len(scores), dtype=np.float64)
    top = np.argsort(-scores, kind="stable")[:k]
    if len(top) < 2:
        return support
    sims = vecs[top] @ vecs[top].T
    top_langs = langs[top]
    for lang in np.unique(top_langs):
        cols = top_langs == lang
        best = np.where(cols[None, :], sims, -np.inf).argmax(axis=1)
        rows = ~cols  # candidates of the other languages take support from this one
        support[top[rows]] += scores[top[best[rows]]]
    return support


def _confidence(value: object) -> float | None:
    """A stored OCR confidence; None (or NaN, in a column pandas filled) when not a scan."""
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if number != number else number


def _text_or_none(value: Any) -> str | None:
    """Parquet gives NaN for a missing string; callers expect None."""
    return value if isinstance(value, str) and value else None


def _rrf(pool: np.ndarray, ranked: np.ndarray, k: int) -> np.ndarray:
    rank = {int(r): i for i, r in enumerate(ranked)}
    return np.array([1.0 / (k + rank[int(p)] + 1) if int(p) in rank else 0.0 for p in pool])


_SENT = re.compile(r"(?<=[.!?])\s+")


def snippet(text: str, query: str, width: int = 300) -> str:
    """The part of a passage that best matches the query, cut at word boundaries."""
    flat = " ".join(text.split())
    if len(flat) <= width:
        return flat
    terms = {fold(w) for w in re.findall(r"\w{3,}", query)}
    sentences = _SENT.split(flat)
    best, best_score, pos = 0, -1, 0
    for i, sent in enumerate(sentences):
        score = sum(1 for w in re.findall(r"\w+", fold(sent)) if w in terms)
        if score > best_score:
            best, best_score = i, score
    pos = flat.find(sentences[best])
    start = max(0, min(pos, len(flat) - width))
    if start:
        start = flat.find(" ", start) + 1 or start
    cut = flat[start : start + width]
    if start + width < len(flat):
        cut = cut[: cut.rfind(" ")] + " …" if " " in cut else cut + " …"
    return ("… " if start else "") + cut
