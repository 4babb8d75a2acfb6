"""Hybrid retrieval: dense (FAISS) + lexical (BM25), fused, filtered, then one card per source.

Fusion methods (setting `fusion`, chosen by measurement: see docs/evaluation.md):
- ``weighted``: dense_weight * cosine + lexical_weight * lexical share, where the share is BM25
  over what a passage holding each query word once would score (`lexical_norm`; a passage in
  another language than the query gets at least the share typical of the query-language
  passages closest to the query, `lexical_impute_other_language`, when its source has no
  candidate in the query's language, `lexical_impute_unseen_only`; for a query of two or three
  words, the idf-weighted mean of each word's own share, `lexical_per_word_words`); both
  scores are computed exactly for every candidate either retriever proposed; then a quality prior
  (kb/answer/quality.py) lowers stubs, contents pages, reference and alias lists;
- ``rrf``: reciprocal-rank fusion, sum of 1 / (rrf_k + rank);
- ``dense`` or ``bm25``: one retriever alone (for comparison).
"""

from __future__ import annotations

from collections.abc import Sequence, Sized
from dataclasses import dataclass, replace
from functools import lru_cache

import numpy as np
from threadpoolctl import ThreadpoolController

from kb.errors import UsageError
from kb.ingest.embed import Encoder, encode_queries
from kb.ingest.lang import held_languages, query_language
from kb.records import Hit
from kb.settings import Settings
from kb.store.base import IndexView
from kb.store.filters import Filters, allowed_docs, doc_table
from kb.store.lexical import query_words

from .cards import Card, build_cards, group_sources, relevance_floor
from .fusion import cross_lingual_support, rrf
from .hits import hit_of
from .lexical_evidence import LexicalEvidence, terms, translated
from .lexical_share import (
    disagreement,
    imputed,
    other_language,
    unknown_share,
    unseen_sources,
)
from .names import named_first, named_sources, program_names
from .phrases import PhraseMatcher, Words, is_quoted, query_phrases
from .quality import quality
from .snippets import SentenceVectors
from .titles import title_cosines

__all__ = ["METHODS", "Filters", "Searcher", "allowed_docs", "doc_table"]

METHODS = ("weighted", "rrf", "dense", "bm25")
QUALITY_CACHE = 200_000


def ranked(
    pool: np.ndarray, fused: np.ndarray, parts: dict[str, np.ndarray], unknown: float
) -> list[tuple[int, float, dict[str, float]]]:
    """(row, fused score, the evidence behind it) for each pool passage, best first."""
    return [
        (
            int(pool[i]),
            float(fused[i]),
            {**{name: float(values[i]) for name, values in parts.items()}, "unknown": unknown},
        )
        for i in np.argsort(-fused, kind="stable")
    ]


# dense, raw BM25, lexical share, other-language mask, unseen-source mask
Scores = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray | None, np.ndarray | None]


@lru_cache(maxsize=1024)
def _language_of(query: str, languages: tuple[str, ...]) -> str | None:
    return query_language(query, languages)


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
        self._quality: dict[int, float] = {}
        self._phrases = PhraseMatcher(self.index.chunk, QUALITY_CACHE)
        self._qvecs: dict[str, np.ndarray] = {}
        self._query_languages: tuple[str, ...] | None = None
        self._names: dict[str, frozenset[str]] | None = None
        self.sentence_vectors = SentenceVectors(self.encoder)

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
        words = query_words(query)
        qvec = self.query_vector(query) if method != "bm25" else None
        lex = self.index.bm25(terms(words, self.settings), rows) if method != "dense" else None
        trans = translated(self.index, self.settings, (query, words), method, rows)
        dense_rows = self._dense_top(qvec, rows, k) if qvec is not None else np.array([], dtype=int)
        lex_rows = lex.top(k) if lex is not None else np.array([], dtype=int)
        pool = np.unique(np.concatenate([dense_rows, lex_rows, *trans.top(k)])).astype(int)
        vecs = None
        dense = np.zeros(len(pool))
        if qvec is not None:
            dense, vecs = self._dense_exact(qvec, pool)
        raw = lex.scores(pool) if lex is not None else np.zeros(len(pool))
        other, unseen = (None, None)
        if lex is not None:
            other, unseen = self._other_language(query, pool, method)
        evidence = LexicalEvidence(self.index, self.settings, method)
        share = evidence.share(words, lex, raw, other)
        fusing = evidence.fusion_share(words, lex, share, (pool, rows))
        written = share  # the query's own words: what orders a card's language versions
        share, fusing = evidence.best_of((share, fusing), (pool, rows), trans)
        short = 0 < len(words) <= self.settings.disagreement_max_words
        fused = self._fuse(
            method, (dense, raw, fusing, other, unseen), (pool, dense_rows, lex_rows), short
        )
        if vecs is not None:
            fused = self._supported(fused, vecs, pool)
        if method == "weighted" and qvec is not None:
            fused = fused + self._titled(qvec, pool) + self._phrased(query, pool, trans.queries)
        if method in ("weighted", "rrf"):
            fused = fused * self.priors(pool)
        parts = {"dense": dense, "bm25": raw, "lexical": share, "lexical_written": written}
        parts["other_language"] = other.astype(float) if other is not None else np.zeros(len(pool))
        return ranked(pool, fused, parts, unknown_share(words, lex))

    def _other_language(
        self, query: str, pool: np.ndarray, method: str
    ) -> tuple[np.ndarray | None, np.ndarray | None]:
        """Which pool passages are in another language than the query (None: the query's
        language is not known), and, when fusion imputes only for them, which belong to a
        source with no pool passage in it. Detected once per search, it costs more than the
        rest of the fusion, and three readers share it: the lexical share's reduction, its
        imputation in fusion and the cards' reader's-language order (so it does not hang on
        the lexical settings)."""
        qlang = self.query_language(query) if len(pool) else None
        if not qlang:
            return None, None
        langs = self.index.languages(pool)
        s = self.settings
        imputing = s.lexical_impute_other_language and s.lexical_impute_unseen_only
        if method != "weighted" or not imputing:
            return other_language(qlang, langs), None
        keys = [self._source_key(int(row)) for row in pool]
        return other_language(qlang, langs), unseen_sources(keys, list(langs), qlang)

    def warm(self) -> None:
        """Load what loads lazily (the encoder, the query-language models), so that the first
        user query does not wait for it (the app does this once per index version)."""
        self.encoder.encode(["warm up"])
        query_language("a question to read the language of", self.query_languages())

    def query_language(self, query: str) -> str | None:
        """The query's language among `query_languages`, read once per query: fusion and the
        cards' program names both ask for it, and reading it costs more than the fusion."""
        return _language_of(query, self.query_languages())

    def query_languages(self) -> tuple[str, ...]:
        """The languages a query may be read as (kb.ingest.lang.held_languages), counted once
        per loaded index."""
        if self._query_languages is None:
            self._query_languages = held_languages(self.index.language_counts())
        return self._query_languages

    def priors(self, pool: np.ndarray) -> np.ndarray:
        """Each passage's quality prior (kb/answer/quality.py), cached per passage."""
        weight = self.settings.quality_prior
        out = np.ones(len(pool))
        if weight <= 0:
            return out
        for i, row in enumerate(pool):
            cached = self._quality.get(int(row))
            if cached is None:
                c = self.index.chunk(int(row))
                # A case study's header (name, aliases, agency) is there to be matched; a
                # record's contents note keeps the prior of any list.
                named = c["kind"] == "header" and self.index.docs[c["doc_id"]].program is not None
                cached = 1.0 if named else quality(c["text"])
                if len(self._quality) > QUALITY_CACHE:
                    self._quality.clear()
                self._quality[int(row)] = cached
            out[i] = 1.0 - weight * (1.0 - cached)
        return out

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
        if query in self._qvecs:
            return self._qvecs[query]
        vec = self._query_vector(query)
        if len(self._qvecs) > 256:
            self._qvecs.clear()
        self._qvecs[query] = vec
        return vec

    def _query_vector(self, query: str) -> np.ndarray:
        vec = encode_queries(self.encoder, [query])[0]
        if not self.index.manifest.centering or not self.index.manifest.language_means:
            return vec
        return self.index.centered(vec[None, :], [None])[0]

    def _allowed_rows(self, filters: Filters | None) -> Sized | None:
        if filters is None or not filters.active():
            return None
        return self.index.allowed(filters)

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

    def _titled(self, qvec: np.ndarray, pool: np.ndarray) -> np.ndarray:
        """title_weight x the cosine of each passage's document title (kb/answer/titles.py)."""
        weight = self.settings.title_weight
        if weight <= 0 or not len(pool):
            return np.zeros(len(pool))
        cos = title_cosines(
            qvec,
            pool,
            self.doc_of,
            self.index.docs,
            self.sentence_vectors,
            self.settings.title_scope,
        )
        return weight * cos

    def _phrased(
        self, query: str, pool: np.ndarray, translations: Sequence[Words] = ()
    ) -> np.ndarray:
        """phrase_weight x the share of the query's phrases each passage holds: its quoted
        parts, else the whole query when short (kb/answer/phrases.py), or a translation of it
        (kb/answer/translation.py: quoted words are taken as written)."""
        s = self.settings
        if s.phrase_weight <= 0:
            return np.zeros(len(pool))
        phrases = query_phrases(query, s.phrase_max_words)
        held = self._phrases.share_held(pool, phrases)
        if not phrases or is_quoted(query):
            return s.phrase_weight * held
        for words in translations:
            if len(words) <= s.phrase_max_words:  # one word can be the whole term ("receivables")
                held = np.maximum(held, self._phrases.share_held(pool, [words]))
        return s.phrase_weight * held

    def _fuse(
        self, method: str, scores: Scores, rows: tuple[np.ndarray, ...], short: bool = False
    ) -> np.ndarray:
        """One score per pool passage. `scores`: dense cosine, raw BM25, lexical share, the
        other-language mask and the unseen-source mask (kb/answer/lexical_share.py); `rows`:
        the pool, then each retriever's rows best first (for RRF); `short`: a query of a few
        words, whose weights follow how far the two retrievers disagree."""
        s = self.settings
        dense, raw, share, other, unseen = scores
        if method in ("dense", "bm25"):
            return dense if method == "dense" else raw
        if method == "rrf":
            pool, dense_rows, lex_rows = rows
            return rrf(pool, dense_rows, s.rrf_k) + rrf(pool, lex_rows, s.rrf_k)
        w_dense, w_lex = s.dense_weight, s.lexical_weight
        if short and s.lexical_weight_disagreeing > w_lex:
            w_lex += (s.lexical_weight_disagreeing - w_lex) * disagreement(share, dense, other)
            w_dense = max(0.0, s.dense_weight + s.lexical_weight - w_lex)
        if other is not None and s.lexical_impute_other_language:
            share = imputed(share, dense, other, unseen)  # in fusion only: the floor reads `share`
        return w_dense * dense + w_lex * share

    # ---- the public call --------------------------------------------------------------
    def search(
        self,
        query: str,
        top_k: int | None = None,
        filters: Filters | None = None,
        method: str | None = None,
        per_doc: int | None = None,
        include_weak: bool = False,
        reader: str | None = None,
    ) -> list[Hit]:
        """One hit per source (a program, or a document), best first, with its best passages.

        Sources whose relevance is below the calibrated floor are left out (`include_weak`
        keeps them, flagged `good_match=False`): an empty list means no good match. `reader`
        (en, es, pt...): the language the hits are read in; a case study's passages in it are
        shown first (default: the query's detected language). The sources' order does not
        depend on it.
        """
        top_k = top_k or self.settings.top_k
        per_doc = per_doc or self.settings.max_hits_per_doc
        configured = (method or self.settings.fusion) == self.settings.fusion
        cands = self.candidates(query, filters, method)
        if configured:  # the baselines (bm25, dense) rank as they are
            cands = named_first(cands, self._source_key, named_sources(query, self.names()))
        groups = group_sources(cands, self._source_key, top_k)
        cards = build_cards(self, query, groups, per_doc, method, reader)
        floor = relevance_floor(self.settings, self.encoder) if configured else None
        shown_in = self._reader_language(query, reader, cards)
        hits = [self._card_hit(card, rank, floor, shown_in) for rank, card in enumerate(cards, 1)]
        if include_weak:
            return hits
        # Ranks are positions in what is shown: a weak source left out leaves no gap.
        good = [h for h in hits if h.good_match]
        return [replace(h, rank=rank) for rank, h in enumerate(good, 1)]

    def names(self) -> dict[str, frozenset[str]]:
        """The case studies' names and aliases (kb/answer/names.py), read once per index."""
        if self._names is None:
            self._names = program_names(self.index.docs)
        return self._names

    def _source_key(self, row: int) -> str:
        doc_id = self.doc_of(row)
        prog = self.index.docs[doc_id].program
        return f"program:{prog.id}" if prog else doc_id

    def _reader_language(self, query: str, reader: str | None, cards: list[Card]) -> str | None:
        """The language a program's name is shown in: the reader's, else the query's (read
        only when a case study is among the cards)."""
        programs = (self.index.docs[self.doc_of(c.passages[0].row)].program for c in cards)
        if reader or not any(programs):
            return reader
        return self.query_language(query)

    def _card_hit(self, card: Card, rank: int, floor: float | None, lang: str | None) -> Hit:
        best = card.passages[0]
        hit = hit_of(self.index, best.row, rank, card.score, card.parts)
        passages = tuple(p.passage for p in card.passages)
        good = floor is None or card.relevance >= floor
        prog = self.index.docs[hit.doc_id].program
        return replace(
            hit,
            display_name=prog.name_in(lang) if prog else None,
            snippet=passages[0].snippet,
            passages=passages,
            good_match=good,
            relevance=card.relevance,
        )
