"""Words for BM25: language-aware tokens and the bm25s index around them.

Tokens are lowercased, stop words of English, Spanish and Portuguese dropped,
stemmed with the Snowball stemmer of the text's language, then accent-folded,
so "garantías", "garantia" and "Garantia" meet. Chinese, Japanese, Korean and
Thai runs, written without spaces, become character unigrams and bigrams.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import Any

import bm25s
import numpy as np
from bm25s.stopwords import STOPWORDS_EN, STOPWORDS_PORTUGUESE, STOPWORDS_SPANISH

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
    """BM25 over pre-tokenised passages (bm25s, saved as .npy + .json: no pickle)."""

    def __init__(self, retriever: bm25s.BM25, size: int) -> None:
        self._bm25 = retriever
        self.size = size

    @classmethod
    def build(cls, token_lists: list[list[str]]) -> LexicalIndex:
        retriever = bm25s.BM25()
        if token_lists:
            # An all-empty corpus has no vocabulary; a placeholder token keeps bm25s valid.
            safe = [t if t else ["\u2400"] for t in token_lists]
            retriever.index(safe, show_progress=False)
        return cls(retriever, len(token_lists))

    def scores(self, query_tokens: list[str]) -> np.ndarray:
        if not self.size or not query_tokens:
            return np.zeros(self.size, dtype=np.float32)
        vocab = self._bm25.vocab_dict
        known = [t for t in query_tokens if t in vocab]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        if self.size:
            self._bm25.save(str(folder), show_progress=False)
        (folder / "size.txt").write_text(str(self.size), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        size = int((folder / "size.txt").read_text(encoding="utf-8"))
        if not size:
            return cls(bm25s.BM25(), 0)
        retriever = bm25s.BM25.load(str(folder), mmap=False, show_progress=False, verbosity=0)
        return cls(retriever, size)
