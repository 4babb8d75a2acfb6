"""A search's lexical evidence for its pool: BM25 as a share of the query's ceiling, per word for
short queries, and the best over the query's glossary translations (kb/answer/translation.py).

The share functions are in kb/answer/lexical_share.py; this module applies them to one index
and one set of settings, for the original query and each translated one.
"""

from __future__ import annotations

from collections.abc import Sized
from dataclasses import dataclass

import numpy as np

from kb.settings import Settings
from kb.store.base import IndexView, LexicalScores

from .lexical_share import ceiling_share, per_word_share
from .translation import also_searched, glossary, term_words, translations

Query = list[list[str]]  # each word's forms (kb.store.lexical.query_words)


def flatten(words: Query) -> list[str]:
    return [form for forms in words for form in forms]


def terms(words: Query, settings: Settings) -> Query:
    """A query's BM25 terms: each word's forms one term (`lexical_word_as_one_term`), else
    each form a term of its own (before 2026-12-06)."""
    return words if settings.lexical_word_as_one_term else [[f] for f in flatten(words)]


@dataclass(frozen=True)
class Translated:
    """The translated queries of a search and each one's BM25 over the allowed rows."""

    queries: tuple[Query, ...]
    scores: tuple[LexicalScores, ...]

    def top(self, k: int) -> list[np.ndarray]:
        return [lex.top(k) for lex in self.scores]


def translates(settings: Settings, method: str | None = None) -> bool:
    """Whether a search translates its query: weighted fusion with the ceiling share, and
    `query_translation` on (the baselines and RRF read the query as written; shares normalised
    by each query's best passage have no common scale to compare)."""
    weighted = (method or settings.fusion) == "weighted"
    return weighted and settings.query_translation and settings.lexical_norm == "ceiling"


def translated(
    index: IndexView,
    settings: Settings,
    query: tuple[str, Query],
    method: str,
    rows: Sized | None,
) -> Translated:
    """The query's glossary translations with their BM25 (none when the search does not
    translate, `translates`). `query`: its text and its words as the index reads them."""
    if not translates(settings, method):
        return Translated((), ())
    entries = glossary(settings.glossary_path)
    text, words = query
    queries = tuple(translations(words, entries, term_words(text)))
    return Translated(queries, tuple(index.bm25(terms(q, settings), rows) for q in queries))


@dataclass(frozen=True)
class LexicalEvidence:
    """Computes the lexical shares of one search's pool."""

    index: IndexView
    settings: Settings
    method: str

    def share(
        self, words: Query, lex: LexicalScores | None, raw: np.ndarray, other: np.ndarray | None
    ) -> np.ndarray:
        """BM25 as a share of the query's ceiling (kb/answer/lexical_share.py), reduced for
        passages in another language than the query."""
        if lex is None or not len(raw):
            return np.zeros(len(raw))
        if self.settings.lexical_norm == "max":
            top = float(raw.max())
            return np.clip(raw, 0, None) / top if top > 0 else np.zeros(len(raw))
        one = self.settings.lexical_word_as_one_term
        share = ceiling_share(raw, words, lex, self.index.size, one)
        if other is not None and self.settings.lexical_other_language < 1:
            share = np.where(other, share * self.settings.lexical_other_language, share)
        return share

    def fusion_share(
        self,
        words: Query,
        lex: LexicalScores | None,
        share: np.ndarray,
        where: tuple[np.ndarray, Sized | None],
    ) -> np.ndarray:
        """The lexical share weighted fusion uses: for a query of 2 to `lexical_per_word_words`
        words, each word's own share (kb/answer/lexical_share.py, `per_word_share`), else
        `share`. Only weighted fusion with the ceiling share reads it: the other methods skip
        the per-word lookups."""
        s = self.settings
        short = 1 < len(words) <= s.lexical_per_word_words
        if lex is None or not short or self.method != "weighted" or s.lexical_norm != "ceiling":
            return share
        pool, rows = where
        by_word = np.array([self.index.bm25(terms([f], s), rows).scores(pool) for f in words])
        return per_word_share(by_word, words, lex, self.index.size, s.lexical_word_as_one_term)

    def best_of(
        self,
        shares: tuple[np.ndarray, np.ndarray],
        where: tuple[np.ndarray, Sized | None],
        translated: Translated,
    ) -> tuple[np.ndarray, np.ndarray]:
        """The original query's (share, fusion share), each raised to the best translated
        query's: a passage answers the query in whichever language it is written (so a
        translation matching it is not reduced as another language's)."""
        share, fusing = shares
        pool = where[0]
        for words, lex in zip(translated.queries, translated.scores, strict=True):
            own = self.share(words, lex, lex.scores(pool), None)
            fusing = np.maximum(fusing, self.fusion_share(words, lex, own, where))
            share = np.maximum(share, own)
        return share, fusing


def searched_as(settings: Settings, query: str, method: str | None = None) -> list[str]:
    """The glossary terms a query was also searched as (kb/answer/translation.py); none when
    the search does not translate (`translates`)."""
    if not translates(settings, method):
        return []
    return also_searched(term_words(query), glossary(settings.glossary_path))
