"""What a card shows of its chosen passages: each one's snippet, page and section, and no
passage that only repeats what the card already shows (kb/answer/cards.py chooses them); and
which versions of a case study's passages to quote (`in_language`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kb.records import Passage
from kb.settings import Settings
from kb.store.base import IndexView

from .snippets import carried_mid_sentence, lexical_snippet, opens_mid_sentence, repeats, window


class Reads(Protocol):
    """What building a card's passages reads of a searcher."""

    index: IndexView
    settings: Settings


@dataclass(frozen=True)
class CardPassage:
    row: int
    passage: Passage


def shown_passages(
    searcher: Reads, rows: Sequence[tuple[int, float]], query: str, sentence: str, n: int
) -> tuple[CardPassage, ...]:
    """The first passage, then up to n - 1 others whose snippet repeats nothing shown (every
    window of an overlapping chunk of the same section can: the next one goes instead)."""
    first = passage_of(searcher, *rows[0], query, sentence)
    out, shown = [CardPassage(rows[0][0], first)], first.snippet
    for row, score in rows[1:]:
        if len(out) == n:
            break
        passage = passage_of(searcher, row, score, query, "", shown)
        if not repeats(passage.snippet, shown):
            out.append(CardPassage(row, passage))
            shown = f"{shown} {passage.snippet}"
    return tuple(out)


def passage_of(
    searcher: Reads, row: int, score: float, query: str, sentence: str, shown: str = ""
) -> Passage:
    """A shown passage: its snippet starts at `sentence` (the encoder's choice), else at the
    sentence sharing most query words without repeating what the card `shown` already."""
    c = searcher.index.chunk(row)
    width = searcher.settings.snippet_chars
    text = c["text"]
    mid = continues(searcher, row, c)
    if sentence:
        snip = window(text, sentence, width, mid)
    else:
        snip = lexical_snippet(text, query, width, shown, mid)
    return Passage(
        chunk_id=c["chunk_id"],
        page=int(c["page_start"]),
        page_end=int(c["page_end"]),
        snippet=snip,
        text=text,
        heading=_text(c["heading"]),
        page_label=_text(c["page_label"]),
        language=_text(c["language"]),
        score=score,
        kind=str(c["kind"]),
        ocr=bool(c["ocr"]),
        continues=mid,
    )


def continues(searcher: Reads, row: int, c: Mapping[str, Any]) -> bool:
    """Whether a passage opens inside a sentence, told by the chunk before it (a document's
    chunks are stored in order, so it is the row before when it has the same document)."""
    text = str(c["text"])
    if opens_mid_sentence(text):
        return True
    if int(c["seq"]) == 0 or row == 0:
        return False
    before = searcher.index.chunk(row - 1)
    if before["doc_id"] != c["doc_id"] or int(before["seq"]) != int(c["seq"]) - 1:
        return False
    return carried_mid_sentence(str(before["text"]), text)


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def in_language(
    language_of: Callable[[int], str | None],
    rows: list[int],
    *langs: str | None,
    keep: Callable[[int], bool] = lambda row: True,
    limit: int | None = None,
) -> list[int]:
    """Up to `limit` `keep` rows in the first of `langs` any is in, else in any language (a case
    study holds each passage in up to three languages: quote one version)."""
    for lang in [*(x for x in langs if x), None]:
        mine: list[int] = []
        for x in rows:
            if (lang is None or language_of(x) == lang) and keep(x):
                mine.append(x)
                if len(mine) == limit:
                    break
        if mine:
            return mine
    return []
