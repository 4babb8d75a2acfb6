"""A saved web page's paragraphs: one per line, with the section titles between them.

Markdown and plain text separate paragraphs by a blank line, and a single line break inside one
is a soft wrap. Pages saved from the web often break lines only: each line is a whole paragraph
and the page's section titles ("4. Pivoting and Navigating Trade-offs under Crisis",
"Acknowledgement:") sit on lines of their own between them. Read as soft-wrapped, 28 of the 62
UNDP pages in the datakit held a paragraph of 400-1,900 words, and passages ran across those
titles (issue 13: a passage never crosses a section title).

A run of lines is read as one paragraph per line when its long lines end like a paragraph
does; hard-wrapped prose, cut mid-sentence, stays one paragraph. Inside such a run, a short
title-like line (kb/ingest/parse/headings.py `title_like`) followed by prose is a heading,
unless the line before it is one too: a title has text after it, and short lines in a row are
a list's items.
"""

from __future__ import annotations

import re

from kb.ingest.parse.furniture import opens_with_byline
from kb.ingest.parse.headings import BODY_WORDS, numbered, title_like
from kb.ingest.script import text_words
from kb.records import Block

LONG_LINE_WORDS = 12  # a line this long or longer is a paragraph when it ends like one
MIN_LINES = 3  # fewer lines say too little about how the text was broken
LABEL_WORDS = 3  # a title ending in a colon is a label ("Acknowledgement:"); longer, a lead-in
ENDED_SHARE = 0.8  # of the long lines, at least this share end like a paragraph
_ENDED = re.compile(r"[.!?:;…。！？\"”’»)\]]$")
_LIST_ITEM = re.compile(r"^(?:[-*+•]|\d{1,3}[.)])\s")  # Markdown's markers (furniture's _BULLET
# also takes a converted PDF's "·item" and "▪": one playbook's runs stay lines then)
# Short lines between paragraphs that are not titles: a dateline ("APRIL 8, 2021"), a photo's
# caption or credit ("… producers. Photo credit: J. Doe", "Photo by … on Unsplash"), a
# reference ("2) … Market (2020 - 2025) - Global Newswire"): a year, a sentence's end inside
# the line, or a credit's words
_NOT_TITLE = re.compile(
    r"(?<!\d)(?:19|20)\d\d(?!\d)|[.!?]\s+\S|"
    r"\b(?:photo|foto|credit|cr[eé]dito|unsplash|imagen|image|source|fuente|fonte)\b",
    re.IGNORECASE,
)


def line_paragraphs(lines: list[str]) -> bool:
    """Whether each line of a run is a paragraph of its own (not a soft-wrapped paragraph)."""
    if len(lines) < MIN_LINES or _LIST_ITEM.match(lines[0]):
        return False  # a Markdown list's items are one line each by design
    long = [ln for ln in lines if text_words(ln) >= LONG_LINE_WORDS]
    if len(long) < 2:
        return False
    return sum(1 for ln in long if _ENDED.search(ln)) >= ENDED_SHARE * len(long)


def paragraph_blocks_of(paragraph: str) -> list[Block]:
    """A paragraph as blocks: itself, or, when its lines are paragraphs, one block per line
    with the section titles among them as headings."""
    lines = [ln.strip() for ln in paragraph.split("\n") if ln.strip()]
    if not line_paragraphs(lines):
        return [Block(paragraph)]
    return [
        Block(ln, kind="heading", level=2) if _title(lines, i) else Block(ln)
        for i, ln in enumerate(lines)
    ]


def _title(lines: list[str], i: int) -> bool:
    """A short title-like line after anything but another such line, and before prose."""
    if i == 0 or i == len(lines) - 1 or not _title_like(lines[i]):
        return False
    return not _title_like(lines[i - 1]) and _prose(lines[i + 1])


def _title_like(line: str) -> bool:
    if not title_like(line):
        return False
    if opens_with_byline(line) or (line.endswith(":") and len(line.split()) > LABEL_WORDS):
        return False  # "Escrito por: …"; "In our survey …, respondents reported:" leads a list
    unnumbered = line.split(maxsplit=1)[-1] if numbered(line) else line
    return not _NOT_TITLE.search(unnumbered)  # "2. Identifying …": its number's stop ends nothing


def _prose(line: str) -> bool:
    return text_words(line) >= BODY_WORDS and not title_like(line)
