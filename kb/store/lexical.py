"""Words for BM25: language-aware tokens and the BM25 index around them.

Tokens are lowercased, stop words of English, Spanish and Portuguese dropped,
stemmed with the Snowball stemmer of the text's language, then accent-folded,
so "garantías", "garantia" and "Garantia" meet. Chinese, Japanese, Korean and
Thai runs, written without spaces, become character unigrams and bigrams.
"""

from __future__ import annotations

import itertools
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal

import numpy as np
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_PORTUGUESE, STOPWORDS_SPANISH
from scipy import sparse

from kb.ingest.script import char_class, word_pattern

_NO_SPACE_SCRIPT = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
STEMMERS = {"en": "english", "es": "spanish", "pt": "portuguese"}


def fold(text: str) -> str:
    """Lowercase and strip accents (every mark `unicodedata.combining` names)."""
    lower = text.lower()
    if lower.isascii():  # nothing to decompose: most English words, and fast
        return lower
    return _combining_marks().sub("", unicodedata.normalize("NFKD", lower))


@cache
def _combining_marks() -> re.Pattern[str]:
    """One character class of all combining code points (built once, ~0.2 s): a regex
    substitution runs in C, where testing each character in Python made snippets slow."""
    return re.compile(f"[{char_class(unicodedata.combining)}]")


@cache
def _stopwords() -> frozenset[str]:
    words = set(STOPWORDS_EN) | set(STOPWORDS_SPANISH) | set(STOPWORDS_PORTUGUESE)
    return frozenset(fold(w) for w in words)


def is_stop_word(word: str) -> bool:
    """Whether the index drops the word (English, Spanish and Portuguese stop words)."""
    return fold(word.lower()) in _stopwords()


@cache
def _stemmer(lang: str) -> Any:
    import Stemmer

    return Stemmer.Stemmer(STEMMERS[lang])


def _grams(run: str) -> list[str]:
    chars = list(run)
    return chars + [a + b for a, b in itertools.pairwise(chars)]


def tokenize(text: str, lang: str | None = None) -> list[str]:
    """BM25 tokens of a text written in `lang` (ISO 639-1, or None when unknown)."""
    stop = _stopwords()
    out: list[str] = []
    stem = _stemmer(lang) if lang in STEMMERS else None
    for word in word_pattern().findall(text.lower()):
        if _NO_SPACE_SCRIPT.search(word):
            out.extend(_grams(word))
            continue
        if fold(word) in stop:
            continue
        if stem is not None and not word.isdigit():
            word = stem.stemWord(word)
        out.append(fold(word))
    return out


def query_words(text: str) -> list[list[str]]:
    """The forms of each query word a passage may hold (stop words dropped).

    Passages are stemmed with their own language's stemmer, and a short query's language cannot
    be told reliably, so a word has its English, Spanish and Portuguese stems and its plain
    form. A passage mixing languages can hold more than one form, or a form that is rare only
    because its language is not the passage's: BM25 scores a word's forms as one term
    (`one_term`).
    """
    stop = _stopwords()
    out: list[list[str]] = []
    for word in word_pattern().findall(text.lower()):
        if _NO_SPACE_SCRIPT.search(word):
            out.extend([g] for g in _grams(word))
            continue
        if fold(word) in stop:
            continue
        forms = {fold(word)}
        if not word.isdigit():
            forms |= {fold(_stemmer(lang).stemWord(word)) for lang in STEMMERS}
        out.append(sorted(forms))
    return out


def query_tokens(text: str) -> list[str]:
    """Every form of every query word, in order (see `query_words`)."""
    return [form for forms in query_words(text) for form in forms]


def idf(n_passages: int, doc_freq: int) -> float:
    """BM25's inverse document frequency, as the scores use it."""
    return float(np.log(1.0 + (n_passages - doc_freq + 0.5) / (doc_freq + 0.5)))


def one_term(
    postings: Sequence[tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray, int]:
    """One query word's forms scored as one term: (passages, summed term frequencies, document
    frequency of its most common form).

    A passage is stemmed by its detected language, so a passage mixing languages (a case
    study's header lists its taxonomy's words in Spanish and Portuguese but is stemmed as
    English) holds a rare form of a common word ("empresa" beside the usual "empres"). Scored
    apart, that form's idf made a common word count as a rare one there; as one term (the
    synonym scoring of Lucene's SynonymQuery) every form counts with the word's frequency.
    """
    live = [(d, t) for d, t in postings if len(d)]
    if not live:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32), 0
    df = max(len(d) for d, _ in live)
    if len(live) == 1:
        return live[0][0], live[0][1], df
    docs, where = np.unique(np.concatenate([d for d, _ in live]), return_inverse=True)
    tf = np.bincount(where, weights=np.concatenate([t for _, t in live])).astype(np.float32)
    return docs, tf, df


class LexicalIndex:
    """BM25 (the Lucene variant bm25s computes) kept as a term-frequency matrix.

    Scores are computed at query time from term frequencies, document lengths and document
    frequencies, so adding passages appends rows and removing them drops rows: a change costs
    the changed passages plus one copy of the sparse arrays, never a re-count of the corpus.
    The matrix is stored term-major (CSC: each term's postings together), the layout scoring
    reads, and saved as .npy arrays that `load` memory-maps, so only the postings of the terms
    queries use are read into memory. A JSON vocabulary, no pickle.
    """

    K1 = 1.5
    B = 0.75
    FORMAT = "kb-bm25-2"
    FORMATS = ("kb-bm25-1", FORMAT)  # 1 stored passage-major (CSR) arrays

    def __init__(self, vocab: dict[str, int], tf: sparse.csc_matrix, lengths: np.ndarray) -> None:
        self.vocab = vocab
        self.tf = tf
        self.lengths = lengths
        self.size = int(tf.shape[0])
        mean = float(lengths.mean()) if len(lengths) else 1.0
        # The BM25 length normalisation of each passage, computed once per loaded index.
        self._norm = (self.K1 * (1.0 - self.B + self.B * lengths / (mean or 1.0))).astype(
            np.float32
        )

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> LexicalIndex:
        empty = sparse.csc_matrix((0, 0), dtype=np.float32)
        return cls({}, empty, np.zeros(0, dtype=np.float32)).extend(token_lists)

    def extend(self, token_lists: Sequence[Sequence[str]]) -> LexicalIndex:
        """A new index with these passages appended (this one is unchanged)."""
        if not token_lists:
            return self
        vocab = dict(self.vocab)
        rows: list[int] = []
        cols: list[int] = []
        vals: list[int] = []
        for i, tokens in enumerate(token_lists):
            for token, count in Counter(tokens).items():
                rows.append(self.size + i)
                cols.append(vocab.setdefault(token, len(vocab)))
                vals.append(count)
        shape = (self.size + len(token_lists), len(vocab))
        old = self.tf.tocoo()
        tf = sparse.csc_matrix(
            (
                np.concatenate([old.data, np.asarray(vals, dtype=np.float32)]),
                (
                    np.concatenate([old.row, np.asarray(rows, dtype=np.int64)]),
                    np.concatenate([old.col, np.asarray(cols, dtype=np.int64)]),
                ),
            ),
            shape=shape,
            dtype=np.float32,
        )
        lengths = np.concatenate(
            [self.lengths, np.asarray([len(t) for t in token_lists], dtype=np.float32)]
        )
        return LexicalIndex(vocab, tf, lengths)

    def select(self, keep: np.ndarray) -> LexicalIndex:
        """A new index with only the passages where `keep` is True, in order."""
        rows = np.flatnonzero(keep)
        if len(rows) == self.size:
            return self
        return LexicalIndex(self.vocab, sparse.csc_matrix(self.tf[rows]), self.lengths[rows])

    def idf(self, tokens: Sequence[str]) -> dict[str, float]:
        """The idf of each token the index holds (absent tokens are left out)."""
        indptr = self.tf.indptr
        out: dict[str, float] = {}
        for t in tokens:
            j = self.vocab.get(t)
            if j is not None and indptr[j + 1] > indptr[j]:
                out[t] = idf(self.size, int(indptr[j + 1] - indptr[j]))
        return out

    def scores(self, query_tokens: Sequence[str]) -> np.ndarray:
        """BM25 of each passage, every token a term of its own."""
        return self.word_scores([[t] for t in query_tokens])

    def word_scores(self, words: Sequence[Sequence[str]]) -> np.ndarray:
        """BM25 of each passage, each word's forms one term (`one_term`)."""
        out = np.zeros(self.size, dtype=np.float32)
        if not self.size:
            return out
        indptr, indices, data = self.tf.indptr, self.tf.indices, self.tf.data
        for forms in words:  # a repeated query word counts again, as in bm25s
            postings = [
                (indices[indptr[j] : indptr[j + 1]], data[indptr[j] : indptr[j + 1]])
                for j in (self.vocab[f] for f in dict.fromkeys(forms) if f in self.vocab)
            ]
            docs, tf, df = one_term(postings)
            if not df:
                continue
            idf = np.float32(np.log(1.0 + (self.size - df + 0.5) / (df + 0.5)))
            out[docs] += idf * tf / (tf + self._norm[docs])
        return out

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        tf = self.tf
        np.save(folder / "tf_data.npy", np.asarray(tf.data, dtype=np.float32))
        np.save(folder / "tf_indices.npy", tf.indices)
        np.save(folder / "tf_indptr.npy", tf.indptr)
        np.save(folder / "lengths.npy", self.lengths)
        terms = sorted(self.vocab, key=self.vocab.__getitem__)
        (folder / "vocab.json").write_text(json.dumps(terms, ensure_ascii=False), encoding="utf-8")
        params = {"format": self.FORMAT, "k1": self.K1, "b": self.B, "size": self.size}
        (folder / "params.json").write_text(json.dumps(params), encoding="utf-8")

    @classmethod
    def _format(cls, folder: Path) -> str | None:
        try:
            params = json.loads((folder / "params.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return params.get("format") if isinstance(params, dict) else None

    @classmethod
    def is_saved(cls, folder: Path) -> bool:
        """True when the folder holds a format kb reads (older indexes kept a bm25s folder)."""
        return cls._format(folder) in cls.FORMATS

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        params = json.loads((folder / "params.json").read_text(encoding="utf-8"))
        terms = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        shape = (int(params["size"]), len(terms))
        mmap: Literal["r"] | None = "r" if params.get("format") == cls.FORMAT else None
        arrays = [
            np.load(folder / f"{n}.npy", allow_pickle=False, mmap_mode=mmap)
            for n in ("tf_data", "tf_indices", "tf_indptr")
        ]
        lengths = np.load(folder / "lengths.npy", allow_pickle=False)
        if mmap:
            tf = sparse.csc_matrix(tuple(arrays), shape=shape, copy=False)
        else:
            tf = sparse.csr_matrix(tuple(arrays), shape=shape).tocsc()
        return cls({t: i for i, t in enumerate(terms)}, tf, lengths)
