"""Whether a passage holds a short query as one phrase.

A short query of terms of art ("trade fairs", "trámites aduaneros") is where the encoder is
weakest: it reads "trade fairs" as trade in general. Its words standing together, in order, is
the evidence a reader looks for; BM25 counts them apart. Passages are tokenized as the lexical
index does (their own language's stemmer, stop words dropped, accents folded), and a query
word matches any of its forms (kb.store.lexical.query_words), so "trade fairs" matches "trade
fair" and "capital de trabajo" matches "capital para trabajo" (stop words do not count).
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.store.lexical import tokenize


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
