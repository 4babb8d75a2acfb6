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
import threading
import unicodedata
from collections import Counter
from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_PORTUGUESE, STOPWORDS_SPANISH
from scipy import sparse

_WORD = re.compile(r"\w+", re.U)
_NO_SPACE_SCRIPT = re.compile(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
STEMMERS = {"en": "english", "es": "spanish", "pt": "portuguese"}


def fold(text: str) -> str:
    """Lowercase and strip accents."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@cache
def _stopwords() -> frozenset[str]:
    words = set(STOPWORDS_EN) | set(STOPWORDS_SPANISH) | set(STOPWORDS_PORTUGUESE)
    return frozenset(fold(w) for w in words)


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
    for word in _WORD.findall(text.lower()):
        if _NO_SPACE_SCRIPT.search(word):
            out.extend(_grams(word))
            continue
        if fold(word) in stop:
            continue
        if stem is not None and not word.isdigit():
            word = stem.stemWord(word)
        out.append(fold(word))
    return out


def query_tokens(text: str) -> list[str]:
    """Tokens of a query whose language is uncertain: each word in every form a passage may hold.

    Passages are stemmed with their own language's stemmer, and a short query's language cannot
    be told reliably, so a word contributes its English, Spanish and Portuguese stems and its
    plain form. A passage is in one language, so it matches one form and no word counts twice.
    """
    stop = _stopwords()
    out: list[str] = []
    for word in _WORD.findall(text.lower()):
        if _NO_SPACE_SCRIPT.search(word):
            out.extend(_grams(word))
            continue
        if fold(word) in stop:
            continue
        forms = {fold(word)}
        if not word.isdigit():
            forms |= {fold(_stemmer(lang).stemWord(word)) for lang in STEMMERS}
        out.extend(sorted(forms))
    return out


class LexicalIndex:
    """BM25 (the Lucene variant bm25s computes) kept as a term-frequency matrix.

    Scores are computed at query time from term frequencies, document lengths and document
    frequencies, so adding passages appends rows and removing them drops rows: a change costs
    the changed passages plus one copy of the sparse arrays, never a re-count of the corpus.
    Saved as .npy arrays plus a JSON vocabulary (no pickle).
    """

    K1 = 1.5
    B = 0.75
    FORMAT = "kb-bm25-1"

    def __init__(self, vocab: dict[str, int], tf: sparse.csr_matrix, lengths: np.ndarray) -> None:
        self.vocab = vocab
        self.tf = tf
        self.lengths = lengths
        self.size = int(tf.shape[0])
        self._columns: sparse.csc_matrix | None = None
        self._lock = threading.Lock()

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> LexicalIndex:
        empty = sparse.csr_matrix((0, 0), dtype=np.float32)
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
                rows.append(i)
                cols.append(vocab.setdefault(token, len(vocab)))
                vals.append(count)
        width = len(vocab)
        new = sparse.csr_matrix((np.asarray(vals, dtype=np.float32), (rows, cols)),
                                shape=(len(token_lists), width))
        old = sparse.csr_matrix((self.tf.data, self.tf.indices, self.tf.indptr),
                                shape=(self.size, width))
        lengths = np.concatenate([self.lengths,
                                  np.asarray([len(t) for t in token_lists], dtype=np.float32)])
        return LexicalIndex(vocab, sparse.vstack([old, new], format="csr"), lengths)

    def select(self, keep: np.ndarray) -> LexicalIndex:
        """A new index with only the passages where `keep` is True, in order."""
        rows = np.flatnonzero(keep)
        if len(rows) == self.size:
            return self
        return LexicalIndex(self.vocab, self.tf[rows], self.lengths[rows])

    def _by_term(self) -> sparse.csc_matrix:
        with self._lock:
            if self._columns is None:
                self._columns = self.tf.tocsc()
            return self._columns

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        out = np.zeros(self.size, dtype=np.float32)
        ids = [self.vocab[t] for t in query_tokens if t in self.vocab]
        if not self.size or not ids:
            return out
        cols = self._by_term()
        mean_len = float(self.lengths.mean()) or 1.0
        for j in ids:  # a repeated query token counts again, as in bm25s
            start, end = cols.indptr[j], cols.indptr[j + 1]
            if start == end:
                continue
            docs, tf = cols.indices[start:end], cols.data[start:end]
            df = end - start
            idf = np.log(1.0 + (self.size - df + 0.5) / (df + 0.5))
            norm = self.K1 * (1.0 - self.B + self.B * self.lengths[docs] / mean_len)
            out[docs] += (idf * tf / (tf + norm)).astype(np.float32)
        return out

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "tf_data.npy", self.tf.data)
        np.save(folder / "tf_indices.npy", self.tf.indices)
        np.save(folder / "tf_indptr.npy", self.tf.indptr)
        np.save(folder / "lengths.npy", self.lengths)
        terms = sorted(self.vocab, key=self.vocab.__getitem__)
        (folder / "vocab.json").write_text(json.dumps(terms, ensure_ascii=False),
                                           encoding="utf-8")
        params = {"format": self.FORMAT, "k1": self.K1, "b": self.B, "size": self.size}
        (folder / "params.json").write_text(json.dumps(params), encoding="utf-8")

    @classmethod
    def is_saved(cls, folder: Path) -> bool:
        """True when the folder holds this format (older indexes kept a bm25s folder)."""
        try:
            params = json.loads((folder / "params.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(params, dict) and params.get("format") == cls.FORMAT

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        params = json.loads((folder / "params.json").read_text(encoding="utf-8"))
        terms = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
        arrays = [np.load(folder / f"{n}.npy", allow_pickle=False)
                  for n in ("tf_data", "tf_indices", "tf_indptr", "lengths")]
        tf = sparse.csr_matrix(tuple(arrays[:3]), shape=(int(params["size"]), len(terms)))
        return cls({t: i for i, t in enumerate(terms)}, tf, arrays[3])
