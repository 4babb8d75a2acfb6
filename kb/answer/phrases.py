"""Whether a passage holds a query's words as one phrase.

A short query of terms of art ("trade fairs", "trámites aduaneros") is where the encoder is
weakest: it reads "trade fairs" as trade in general. Its words standing together, in order, is
the evidence a reader looks for; BM25 counts them apart. Passages are tokenized as the lexical
index does (their own language's stemmer, stop words dropped, accents folded), and a query
word matches any of its forms (kb.store.lexical.query_words), so "trade fairs" matches "trade
fair" and "capital de trabajo" matches "capital para trabajo" (stop words do not count).

The phrases a query asks for: the parts it puts in quotes, as a search box's user expects, else
the whole query when it is short (a longer question's words are not meant to stand together).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy as np

from kb.store.lexical import query_words, tokenize

Words = list[list[str]]  # a phrase: each word's forms, in order
_QUOTED = re.compile(r'"([^"]+)"|“([^”]+)”|«([^»]+)»')


def query_phrases(query: str, short: int) -> list[Words]:
    """The quoted parts of two words or more; without any, the whole query when it has 2 to
    `short` content words; else none."""
    quoted = [query_words(next(g for g in m.groups() if g)) for m in _QUOTED.finditer(query)]
    phrases = [words for words in quoted if len(words) > 1]
    if phrases:
        return phrases
    words = query_words(query)
    return [words] if 1 < len(words) <= short else []


def is_quoted(query: str) -> bool:
    """Whether the query puts any words in quotes."""
    return _QUOTED.search(query) is not None


def holds_phrase(tokens: Sequence[str], words: Sequence[Sequence[str]]) -> bool:
    """Whether `tokens` hold one form of each query word, consecutively and in order."""
    n = len(words)
    if n == 0 or len(tokens) < n:
        return False
    forms = [set(w) for w in words]
    return any(
        all(tokens[i + j] in forms[j] for j in range(1, n))
        for i in _starts(tokens, forms[0], len(tokens) - n + 1)
    )


def _starts(tokens: Sequence[str], first: set[str], end: int) -> list[int]:
    """Where a form of the first word stands (list.index scans in C: a search checks every
    passage of its pool, and a Python loop over each one's tokens doubled a warm search)."""
    out: list[int] = []
    for form in first:
        at = 0
        while True:
            try:
                at = tokens.index(form, at, end)
            except ValueError:
                break
            out.append(at)
            at += 1
    return out


def phrase_tokens(text: str, language: str | None) -> tuple[str, ...]:
    """A passage's tokens as the lexical index reads them."""
    return tuple(tokenize(text, language or None))


class PhraseMatcher:
    """Which passages hold a query's phrases; each passage's tokens are read once."""

    def __init__(self, chunk: Callable[[int], Mapping[str, Any]], size: int = 200_000) -> None:
        self._chunk = chunk
        self._size = size
        self._tokens: dict[int, tuple[str, ...]] = {}

    def share_held(self, rows: np.ndarray, phrases: Sequence[Words]) -> np.ndarray:
        """For each row, the share of `phrases` its passage holds (0 … 1)."""
        out = np.zeros(len(rows))
        if not phrases:
            return out
        for i, row in enumerate(rows):
            tokens = self._of(int(row))
            out[i] = sum(holds_phrase(tokens, words) for words in phrases) / len(phrases)
        return out

    def _of(self, row: int) -> tuple[str, ...]:
        tokens = self._tokens.get(row)
        if tokens is None:
            c = self._chunk(row)
            tokens = phrase_tokens(str(c["text"]), c["language"] or None)
            if len(self._tokens) > self._size:
                self._tokens.clear()
            self._tokens[row] = tokens
        return tokens
