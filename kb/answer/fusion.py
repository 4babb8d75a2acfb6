"""How kb combines evidence across retrievers and languages: reciprocal-rank fusion and
the cross-lingual support of kb/answer/search.py (chosen by measurement: docs/evaluation.md)."""

from __future__ import annotations

import numpy as np


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


def rrf(pool: np.ndarray, ranked: np.ndarray, k: int) -> np.ndarray:
    """Reciprocal-rank fusion's share of one retriever: 1 / (k + rank) for the pool passages
    it ranked (rank from 1), 0 for the others."""
    rank = {int(r): i for i, r in enumerate(ranked)}
    return np.array([1.0 / (k + rank[int(p)] + 1) if int(p) in rank else 0.0 for p in pool])
