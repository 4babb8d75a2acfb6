"""Section titles found from typography, for PDFs without an outline and for scans (issue 13).

A line is a section title when it looks like one and stands where one stands: larger than the
body text, bold where the body is not, numbered ("1.", "2.3", "II.", "Capítulo 3") or in
capitals; short, not ending like a sentence, and followed by body text on its page. Readers
hand lines over as `StyledLine`s, which are plain strings that also know their size (points
for a text layer, pixels of line height for a scan) and weight; a line without a style can
still be a title by its numbering or capitals.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kb.ingest.script import text_words
from kb.records import Block

Paragraphs = list[list[str] | Block]  # a page: paragraphs (lists of lines) and ready blocks

_NUMBERED = re.compile(
    r"^(?:(?:\d{1,2}\.)+\d{0,2}|\d{1,2}\)|[IVXLC]{1,6}[.)]|[A-H]\.|"
    r"(?:cap[ií]tulo|chapter|secci[oó]n|section|parte|part|anexo|annex|appendix|ap[eé]ndice)"
    r"\s+[\dIVXLC]+[.:]?)\s+\S",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]{3,}")
_SENTENCE_LIKE_END = re.compile(r"[.,;。，；]$")
_FINISHED = re.compile(r"[.!?:;…\"”’»)]$")
# es/en/pt words a title does not end on, though a line cut from a sentence often does
_DANGLING = frozenset(
    " ".join(
        (
            "y e o u ni de del la las el los lo en a al con por para que se su sus un una",
            "the of and or to in for with on by an as at from",
            "da do das dos na no nas nos em com um uma ao à pelo pela seu sua",
        )
    ).split()
)
MAX_WORDS = 14
MAX_CHARS = 120
MAX_LINES = 3
BODY_WORDS = 8  # what follows a title must hold at least this many words


class StyledLine(str):
    """A line of text that remembers its size and weight; every str operation still works."""

    size: float
    bold: bool

    def __new__(cls, text: str, size: float = 0.0, bold: bool = False) -> StyledLine:
        line = super().__new__(cls, text)
        line.size = size
        line.bold = bold
        return line


@dataclass(frozen=True)
class BodyStyle:
    """The size and weight most of a document's text is set in (size 0: unknown)."""

    size: float
    bold: bool
    larger: float = 1.1  # a title is at least this many times the body size

    def is_larger(self, line: str) -> bool:
        return self.size > 0 and _size(line) >= self.size * self.larger

    def is_bolder(self, line: str) -> bool:
        return not self.bold and isinstance(line, StyledLine) and line.bold


def body_style(lines: Iterable[str], larger: float = 1.1) -> BodyStyle:
    """The character-weighted median size and the majority weight of styled lines."""
    weighted = sorted((_size(ln), len(ln), _bold(ln)) for ln in lines if _size(ln) > 0)
    total = sum(n for _, n, _ in weighted)
    if not total:
        return BodyStyle(0.0, False, larger)
    seen, median = 0, 0.0
    for size, n, _ in weighted:
        seen += n
        if seen * 2 >= total:
            median = size
            break
    bold = sum(n for _, n, b in weighted if b)
    return BodyStyle(median, bold * 2 > total, larger)


def _size(line: str) -> float:
    return line.size if isinstance(line, StyledLine) else 0.0


def _bold(line: str) -> bool:
    return isinstance(line, StyledLine) and line.bold


def _same_style(a: str, b: str) -> bool:
    return abs(_size(a) - _size(b)) <= 0.05 * max(_size(a), 1.0) and _bold(a) == _bold(b)


def title_like(text: str) -> bool:
    """Short, starting like a title, with a real word, and not ending like a sentence."""
    words = text.split()
    if not words or len(words) > MAX_WORDS or len(text) > MAX_CHARS:
        return False
    if _SENTENCE_LIKE_END.search(text) or not _WORD.search(text):
        return False
    if words[-1].casefold() in _DANGLING:  # a line broken off a sentence, not a title
        return False
    first_letter = next((ch for ch in text if ch.isalpha()), "")
    # Chinese, Japanese, Thai, Arabic… have no capitals: their titles cannot start with one
    uncased = first_letter.lower() == first_letter.upper() == first_letter != ""
    return bool(_NUMBERED.match(text)) or first_letter.isupper() or uncased


def numbered(text: str) -> bool:
    return bool(_NUMBERED.match(text))


def _capitals(text: str) -> bool:
    letters = [ch for ch in text if ch.isalpha()]
    return len(letters) >= 4 and all(ch.isupper() for ch in letters)


def heading_lines(lines: Sequence[str], body: BodyStyle, body_after: bool) -> int:
    """How many leading lines of a paragraph form a section title (0: none)."""
    first = lines[0]
    strong = body.is_larger(first) or body.is_bolder(first)
    count = 1
    while strong and count < len(lines) and _same_style(lines[count], first):
        count += 1
    if count > MAX_LINES:
        return 0  # a whole paragraph set in bold or large type is emphasis, not a title
    text = " ".join(" ".join(lines[:count]).split())
    if not title_like(text):
        return 0
    rest = lines[count:]
    if rest:
        if text_words(" ".join(rest)) < BODY_WORDS:
            return 0
        if not strong and not _short_before(first, rest):
            return 0
    elif not body_after:
        return 0
    return count if strong or numbered(text) or _capitals(text) else 0


def _short_before(first: str, rest: Sequence[str]) -> bool:
    """A title glued to its paragraph without a style of its own is much shorter than its lines."""
    full = sorted(len(ln) for ln in rest[:-1]) or [len(rest[0])]
    return len(first) < 0.6 * full[len(full) // 2]


def _level(text: str, body: BodyStyle, line: str) -> int:
    m = re.match(r"^((?:\d{1,2}\.)*\d{1,2})\.?\s", text)
    if m:
        return min(m.group(1).count(".") + 1, 6)
    return 1 if body.is_larger(line) else 2


def _split_titles(lines: list[str], body: BodyStyle, body_after: bool) -> list[list[str]]:
    """The paragraph cut before each title set inside it (a title closer to the text above it
    than the page's paragraph gaps): a larger or bold line right after a finished sentence."""
    parts: list[list[str]] = []
    end = len(lines)
    for i in range(len(lines) - 1, 0, -1):
        line, prev = lines[i], lines[i - 1]
        if not (body.is_larger(line) or body.is_bolder(line)) or _same_style(line, prev):
            continue
        if not _FINISHED.search(prev.rstrip()):
            continue
        if heading_lines(lines[i:end], body, body_after or bool(parts)):
            parts.append(lines[i:end])
            end = i
    parts.append(lines[:end])
    return parts[::-1]


def mark_page(paras: Paragraphs, body: BodyStyle) -> Paragraphs:
    """The page with its section titles as heading blocks (read bottom-up: what follows?)."""
    out: Paragraphs = []
    body_after = False
    for para in reversed(paras):
        if isinstance(para, Block):
            out.append(para)
            body_after = body_after or para.kind != "heading"
            continue
        lines = [ln for ln in para if ln.strip()]
        parts = _split_titles(lines, body, body_after) if lines else [lines]
        for part in reversed(parts):
            body_after = _mark(part, body, body_after, out)
    out.reverse()
    return out


def _mark(lines: list[str], body: BodyStyle, body_after: bool, out: Paragraphs) -> bool:
    """Append (in reverse) the paragraph's body and title; whether body text now follows."""
    count = heading_lines(lines, body, body_after) if lines else 0
    if not count:
        if lines:
            out.append(lines)
        return body_after or text_words(" ".join(lines)) >= BODY_WORDS
    if lines[count:]:
        out.append(list(lines[count:]))
        body_after = True
    text = " ".join(" ".join(lines[:count]).split())
    out.append(Block(text, kind="heading", level=_level(text, body, lines[0])))
    return body_after


def mark_headings(pages: Sequence[Paragraphs], body: BodyStyle | None = None) -> list[Paragraphs]:
    """Every page with its typographic section titles as heading blocks."""
    if body is None:
        body = body_style(ln for page in pages for p in page if isinstance(p, list) for ln in p)
    return [mark_page(page, body) for page in pages]
