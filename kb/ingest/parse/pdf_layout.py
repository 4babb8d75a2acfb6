"""Reading order and paragraphs of one PDF page from positioned text pieces.

pypdf's `extract_text(visitor_text=...)` reports each piece of text it emits
with the matrices in force, which give the piece's start point. Lines are
consecutive pieces on the same baseline. A page is two-column when many lines
start at a second left edge right of the middle; then the left column is read
before the right one, whatever order the content stream drew them in.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass, field

from kb.ingest.parse.headings import StyledLine
from kb.ingest.script import joins_unspaced

_HYPHEN_END = re.compile(r"[^\W\d_]-$")
_SENTENCE_END = re.compile(r"[.!?:;\"”’)]$")
# Control characters (fonts without a Unicode map) and private-use code points (icon fonts,
# flags) carry no text a reader could search for.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\ue000-\uf8ff\U000f0000-\U0010ffff]")
_SAME_LINE = 2.0  # points: baselines closer than this are one line
_AVG_CHAR_EM = 0.5  # average glyph width in ems: text widths are estimated, not measured
# Bold faces by name: "Helvetica-Bold", "DejaVuSansBold", "Arial,Bold", LaTeX's CMBX/SFBX.
_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|,b$|-b$|^cmbx|^sfbx", re.IGNORECASE)


@dataclass
class Piece:
    text: str
    x: float
    y: float
    size: float
    bold: bool = False


@dataclass
class Line:
    x: float
    y: float
    size: float
    parts: list[str] = field(default_factory=list)
    # characters per (size, bold): the line's style is that of most of its characters
    styles: Counter[tuple[float, bool]] = field(default_factory=Counter)

    @property
    def text(self) -> str:
        return " ".join(CONTROL.sub(" ", "".join(self.parts)).split())

    def add(self, piece: Piece, text: str) -> None:
        self.parts.append(text)
        self.styles[(round(piece.size, 1), piece.bold)] += len(text.strip())

    def styled(self) -> StyledLine:
        (size, bold), _ = self.styles.most_common(1)[0] if self.styles else ((self.size, False), 0)
        return StyledLine(self.text, size, bold)


def bold_font(font: object) -> bool:
    """True for a font dictionary whose /BaseFont names a bold face."""
    try:
        name = str(font.get("/BaseFont") or "") if hasattr(font, "get") else ""
    except Exception:  # a damaged font dictionary only loses the weight
        return False
    return bool(_BOLD_FONT.search(name.split("+")[-1].lstrip("/")))


def collect(page: object) -> tuple[list[Piece], str]:
    """Text pieces with positions, and pypdf's own plain extraction of the page."""
    pieces: list[Piece] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if not text:
            return
        x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
        y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
        scale = abs(tm[0] * cm[0]) or 1.0
        pieces.append(Piece(text, x, y, abs(size * scale) or 10.0, bold_font(font)))

    plain = page.extract_text(visitor_text=visit)  # type: ignore[attr-defined]
    return pieces, plain or ""


def group_lines(pieces: list[Piece]) -> list[Line]:
    """Consecutive pieces sharing a baseline and not far apart form a line (emission order kept).

    A wide horizontal jump on the same baseline starts a new line: it is the gutter between
    columns when a producer draws both columns row by row.
    """
    lines: list[Line] = []
    end = 0.0  # estimated x where the previous piece ends
    for piece in pieces:
        if not piece.text.strip():
            if lines and "\n" not in piece.text:
                lines[-1].parts.append(piece.text)
            continue
        cur = lines[-1] if lines else None
        text = piece.text.replace("\n", " ")
        same_line = cur is not None and abs(cur.y - piece.y) <= _SAME_LINE
        if cur is not None and same_line and cur.x - 1 <= piece.x <= end + 2 * piece.size:
            cur.add(piece, text)
        else:
            lines.append(Line(piece.x, piece.y, piece.size))
            lines[-1].add(piece, text)
        end = max(piece.x, end if same_line else 0.0) + _AVG_CHAR_EM * piece.size * len(text)
    return [ln for ln in lines if ln.text]


def column_split(lines: list[Line], page_width: float) -> float | None:
    """The x where a right column starts, or None for a single-column page."""
    if len(lines) < 10 or page_width <= 0:
        return None
    starts = Counter(round(ln.x / 4) * 4 for ln in lines)
    left_edge = min((x for x, n in starts.items() if n >= 3), default=min(starts))
    candidates = [
        (n, x)
        for x, n in starts.items()
        if x > left_edge + 0.3 * page_width and x > page_width * 0.4
    ]
    if not candidates:
        return None
    count, right_edge = max(candidates)
    if count < max(5, 0.2 * len(lines)):
        return None
    return right_edge - 6


def reading_order(lines: list[Line], page_width: float) -> list[list[Line]]:
    """Lines grouped in reading order: full-width head, left column, right column, footer."""
    split = column_split(lines, page_width)
    if split is None:
        return [lines]
    right = [ln for ln in lines if ln.x >= split]
    top, bottom = max(ln.y for ln in right), min(ln.y for ln in right)
    left_edge = min(ln.x for ln in lines)
    head = [ln for ln in lines if ln.x < split and ln.y > top + _SAME_LINE]
    # a centred line below both columns is a footer (page number), read last
    tail = [
        ln
        for ln in lines
        if ln.x < split and ln.y < bottom - _SAME_LINE and ln.x > left_edge + 0.25 * page_width
    ]
    taken = {id(ln) for ln in head + tail}
    left = [ln for ln in lines if ln.x < split and id(ln) not in taken]
    return [group for group in (head, left, right, tail) if group]


def line_gap(groups: list[list[Line]]) -> float:
    """The usual distance between consecutive baselines on the page (0 when unknown)."""
    gaps = [a.y - b.y for col in groups for a, b in itertools.pairwise(col) if a.y - b.y > 0.5]
    return statistics.median(gaps) if gaps else 0.0


def paragraphs(column: list[Line], usual_gap: float) -> list[list[str]]:
    """Lines of one column grouped into paragraphs by vertical gaps and first-line indents.

    Each line is a `StyledLine`, so section titles can be told by their size and weight.
    """
    if not column:
        return []
    left = Counter(round(ln.x) for ln in column).most_common(1)[0][0]
    out: list[list[str]] = [[column[0].styled()]]
    for prev, line in itertools.pairwise(column):
        gap = prev.y - line.y
        indented = 0.8 * line.size < line.x - left < 5 * line.size
        new_para = (
            gap < -_SAME_LINE  # jumped up the page: a new block of text
            or (usual_gap > 0 and gap > 1.6 * usual_gap)
            or (indented and _SENTENCE_END.search(prev.text) is not None)
        )
        if new_para:
            out.append([line.styled()])
        else:
            out[-1].append(line.styled())
    return out


def page_paragraphs(pieces: list[Piece], plain: str, page_width: float) -> list[list[str]]:
    """Paragraphs (each a list of lines) of a page in reading order."""
    lines = group_lines(pieces)
    if not lines:
        # the visitor saw nothing usable: fall back to pypdf's plain text
        blocks = re.split(r"\n\s*\n", CONTROL.sub(" ", plain))
        return [[ln.strip() for ln in b.splitlines() if ln.strip()] for b in blocks if b.strip()]
    result: list[list[str]] = []
    groups = reading_order(lines, page_width)
    usual_gap = line_gap(groups)
    for column in groups:
        result.extend(paragraphs(column, usual_gap))
    return result


def join_lines(lines: list[str]) -> str:
    """One paragraph string; 'exam-' + 'ple' becomes 'example' when the next line is lowercase,
    and Chinese or Japanese lines join without a space."""
    text: str = ""
    for line in lines:
        if not text:
            text = str(line)  # a plain str, not the StyledLine, goes on into Blocks
        elif _HYPHEN_END.search(text) and line[:1].islower():
            text = text[:-1] + line
        elif joins_unspaced(text, line):  # Chinese wraps inside a clause: no space there
            text += line
        else:
            text = f"{text} {line}"
    return text
