"""How BM25 enters fusion: a share of the query's ceiling, and what crossing languages does to it.

Normalising BM25 by the best candidate gave a 7-word stub sharing one word with the query the
full lexical weight when nothing matched better (issue 13); a share of what a passage holding
each query word once would score does not. A passage in another language than the query can
keep part of its share only (`lexical_other_language` below 1: the words it shares are mostly
names and cognates; off by default since 2026-12-03), and in fusion it gets at least the share
typical of the query-language passages the encoder finds closest, since it cannot share the
query's words, unless its source has a candidate in the query's language, whose own share then
stands (docs/evaluation.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from kb.store.base import LexicalScores
from kb.store.lexical import idf

# BM25 of one occurrence of a term in a passage of average length, per unit of idf
# (tf / (tf + k1) with k1 = 1.5): a passage holding each query word once scores a share of 1.
TYPICAL_TERM_WEIGHT = 1 / (1 + 1.5)
TYPICAL_OF = 10  # query-language passages closest by the encoder whose shares are typical


def word_weights(
    words: list[list[str]], lex: LexicalScores, n_passages: int, one_term: bool = True
) -> np.ndarray:
    """Each query word's idf: its most common form's when its forms are scored as one term
    (`one_term`, kb.store.lexical.one_term), else its best-known form's. A word the collection
    never saw counts as the rarest word: a passage sharing one known word of a mostly unknown
    query holds a small share of the query, not all."""
    unseen = idf(n_passages, 0)
    pick = min if one_term else max
    return np.array(
        [pick((lex.idf[f] for f in forms if f in lex.idf), default=unseen) for forms in words],
        dtype=float,
    )


def ceiling_share(
    raw: np.ndarray,
    words: list[list[str]],
    lex: LexicalScores,
    n_passages: int,
    one_term: bool = True,
) -> np.ndarray:
    """BM25 as a share of what a passage holding every query word would score (0 … 1)."""
    ceiling = float(word_weights(words, lex, n_passages, one_term).sum())
    if ceiling <= 0:
        return np.zeros(len(raw))
    return np.clip(raw / (ceiling * TYPICAL_TERM_WEIGHT), 0.0, 1.0)


def per_word_share(
    raw_by_word: np.ndarray,
    words: list[list[str]],
    lex: LexicalScores,
    n_passages: int,
    one_term: bool = True,
) -> np.ndarray:
    """The idf-weighted mean of each query word's share of its one-occurrence score (0 … 1).

    `raw_by_word` holds one row of BM25 scores per query word. A word repeated in a passage
    fills its own share only, so a passage lacking a query word stays below the full share.
    """
    if raw_by_word.shape[0] != len(words):
        raise ValueError(f"{raw_by_word.shape[0]} rows of scores for {len(words)} query words")
    weights = word_weights(words, lex, n_passages, one_term)
    if weights.sum() <= 0:
        return np.zeros(raw_by_word.shape[1])
    own = np.clip(raw_by_word / (weights[:, None] * TYPICAL_TERM_WEIGHT), 0.0, 1.0)
    return (weights @ own) / weights.sum()


def other_language(qlang: str, langs: Iterable[object]) -> np.ndarray:
    """Which passages are in a known language other than the query's."""
    return np.array([bool(lang) and lang != qlang for lang in langs], dtype=bool)


def typical_share(share: np.ndarray, dense: np.ndarray, other: np.ndarray) -> float:
    """The median lexical share of the query-language passages the encoder ranks closest."""
    own = np.flatnonzero(~other)
    if not len(own):
        return 0.0
    closest = own[np.argsort(-dense[own])[:TYPICAL_OF]]
    return float(np.median(share[closest]))


def disagreement(share: np.ndarray, dense: np.ndarray, other: np.ndarray | None) -> float:
    """How much more of the query the best lexical passage holds than the query-language
    passages the encoder ranks closest typically do (the median of ten, 0 … 1).

    Near 1 when the encoder reads a term of art as something else ("subcontratación" as
    innovation grants) while passages holding the term exist, and also for a term so rare that
    fewer than half of even well-chosen closest passages can hold it: then the words are the
    sharper evidence anyway. Near 0 when most of the encoder's closest passages hold the
    query's words, or when no passage holds much of them (the words have nothing to say)."""
    if not len(share):
        return 0.0
    own = other if other is not None else np.zeros(len(share), dtype=bool)
    return float(np.clip(share.max() - typical_share(share, dense, own), 0.0, 1.0))


def imputed(
    share: np.ndarray, dense: np.ndarray, other: np.ndarray, unseen: np.ndarray | None = None
) -> np.ndarray:
    """For fusion only: other-language passages get at least the typical share. With `unseen`
    (passages whose source has no candidate in the query's language), only those do: a case
    study whose Spanish version is among the candidates has shown its lexical evidence for a
    Spanish query, and its English version gets no more than its own share."""
    lift = other if unseen is None else other & unseen
    if not lift.any():
        return share
    return np.where(lift, np.maximum(share, typical_share(share, dense, other)), share)


def unseen_sources(keys: Sequence[str], langs: Sequence[object], qlang: str) -> np.ndarray:
    """Which passages belong to a source none of whose candidates is in the query's language."""
    seen = {key for key, lang in zip(keys, langs, strict=True) if lang == qlang}
    return np.array([key not in seen for key in keys], dtype=bool)


def unknown_share(words: list[list[str]], lex: LexicalScores | None) -> float:
    """The share of query words (of three letters or more) the collection has never seen."""
    if lex is None:
        return 0.0
    long = [forms for forms in words if max(len(f) for f in forms) >= 3]
    if not long:
        return 0.0
    return sum(1 for forms in long if not any(f in lex.idf for f in forms)) / len(long)
