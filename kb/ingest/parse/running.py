"""Page furniture taken out of a PDF's text: printed page labels, running headers and footers.

A passage should hold what the page says, not "Página 3" or the report's name repeated on
every page: they would be cited and matched as if they were content, and they glue a page's
last sentence to the next page's first. Only the first and last lines of a page are looked
at (in reading order, where a footer drawn first may come before the body), plus any line
standing alone as a paragraph that is plainly a page label.

A report saved as a web page keeps its table of contents as paragraphs of entries, each ending
in a dot leader and a page number ("6.1 How does technology adoption occur in Cambodia?
........ 52"): they filled passages and snippets of the Paraguay and Cambodia report pages
(`contents_paragraph`, used by kb/ingest/parse/common.py on a saved page's paragraphs).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from difflib import SequenceMatcher

from kb.ingest.script import DOT_LEADER
from kb.records import Block

Paragraphs = list[list[str] | Block]

_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[^\W\d_]{2,}")
_EDGE_MARKS = "|·•“”\"'‘’`.,:;_~ "  # OCR reads specks beside a page number as these
FUZZY_PAGES = 300  # up to this many pages, running lines are matched allowing OCR misreads
SIMILAR = 0.85
EDGE_LINES = 2  # lines at the top and at the bottom of a page that may be furniture
# "Página 3", "Pág. 3 de 10", "Page 3 of 10", "p. 3", "Seite 3", "3 / 10", "- 3 -", "iv", "12"
_NAMED_LABEL = re.compile(
    r"^(?:p[áa]gina|p[áa]g\.?|page|pg\.?|p\.|seite|s\.|folha|fl\.)\s*"
    r"(?:\d{1,4}|[ivxlc]{1,6}|\w)(?:\s*(?:de|of|von|/)\s*\d{1,4})?$",
    re.IGNORECASE,
)
# A contents entry: a dot leader and a page number at the line's end ("........ 52")
_LEADER = re.compile(rf"(?:{DOT_LEADER.pattern})\s*(?:\d{{1,4}}|[ivxlc]{{1,6}})\s*$", re.IGNORECASE)
_BARE_LABEL = re.compile(
    r"^(?:[-–—]\s*\d{1,4}\s*[-–—]|\d{1,4}(?:\s*(?:/|de|of)\s*\d{1,4})?|[iv]|[ivxlc]{2,6})$",
    re.IGNORECASE,
)


def page_label_line(line: str, at_edge: bool = True) -> bool:
    """A line that is only a printed page number (bare numbers count only at a page's edge)."""
    text = " ".join(line.split()).strip(_EDGE_MARKS).strip()
    if _NAMED_LABEL.match(text):
        return True
    return at_edge and bool(_BARE_LABEL.match(text))


def contents_paragraph(paragraph: str) -> bool:
    """Whether a saved page's paragraph is a table of contents: at least half its lines end in
    a dot leader and a page number ("6.1 How does technology adoption occur? ...... 52"); an
    entry wrapped over two lines has its leader on the second only."""
    lines = [line for line in paragraph.split("\n") if line.strip()]
    return bool(lines) and 2 * sum(bool(_LEADER.search(x)) for x in lines) >= len(lines)


def _key(line: str) -> str:
    return " ".join(_DIGITS.sub("#", line).lower().split())


def _edges(paras: Paragraphs) -> list[tuple[int, int]]:
    """(paragraph, line) places of a page's first and last `EDGE_LINES` lines."""
    places = [(i, j) for i, p in enumerate(paras) if isinstance(p, list) for j in range(len(p))]
    if len(places) <= 2 * EDGE_LINES:
        return places
    return places[:EDGE_LINES] + places[-EDGE_LINES:]


def _line(paras: Paragraphs, place: tuple[int, int]) -> str:
    para = paras[place[0]]
    assert isinstance(para, list)
    return para[place[1]]


def running_keys(pages: Sequence[Paragraphs]) -> set[str]:
    """Edge lines (digits aside) that recur on at least 3 pages and on half of them (or 5).

    On shorter documents a line also counts as recurring where it is nearly the same (a scan's
    running header read slightly differently on each page).
    """
    if len(pages) < 3:
        return set()
    per_page = [{_key(_line(paras, place)) for place in _edges(paras)} for paras in pages]
    counts: Counter[str] = Counter(k for keys in per_page for k in keys if k)
    if len(pages) <= FUZZY_PAGES:
        counts = Counter({k: _near_count(k, per_page) for k in counts})
    return {k for k, n in counts.items() if n >= _needed(k, len(pages)) and not page_label_line(k)}


def _needed(key: str, pages: int) -> float:
    """Pages a line must recur on to be running: half of them, or 5 for a line of 2+ words.

    A chapter's running header recurs only within the chapter; a one-word line at the top of
    a few pages ("Definition 7") is content.
    """
    if len(_WORD.findall(key)) >= 2:
        return max(3.0, min(pages / 2, 5.0))
    return max(3.0, pages / 2)


def _near_count(key: str, per_page: Sequence[set[str]]) -> int:
    """Pages with an edge line equal or nearly equal to `key`."""
    matcher = SequenceMatcher(None, key, autojunk=False)
    found = 0
    for keys in per_page:
        for other in keys:
            matcher.set_seq1(other)
            if other == key or (
                matcher.real_quick_ratio() >= SIMILAR
                and matcher.quick_ratio() >= SIMILAR
                and matcher.ratio() >= SIMILAR
            ):
                found += 1
                break
    return found


def _running(key: str, running: set[str]) -> bool:
    if key in running:
        return True
    matcher = SequenceMatcher(None, key, autojunk=False)
    for other in running:
        matcher.set_seq2(other)
        if matcher.real_quick_ratio() >= SIMILAR and matcher.ratio() >= SIMILAR:
            return True
    return False


def strip_running_lines(pages: list[Paragraphs]) -> list[Paragraphs]:
    """Drop page labels and headers/footers that recur (digits aside) on most pages."""
    running = running_keys(pages)
    cleaned: list[Paragraphs] = []
    for paras in pages:
        edges = set(_edges(paras))
        out: Paragraphs = []
        for i, para in enumerate(paras):
            if isinstance(para, Block):
                out.append(para)
                continue
            alone = len(para) == 1
            kept = [
                line
                for j, line in enumerate(para)
                if not (
                    page_label_line(line, at_edge=(i, j) in edges) and ((i, j) in edges or alone)
                )
                and not ((i, j) in edges and _running(_key(line), running))
            ]
            if kept:
                out.append(kept)
        cleaned.append(out)
    return cleaned
