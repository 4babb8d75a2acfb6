"""Tables kept as tables: rows of cells → one `Block(kind="table")` per table (per page).

Each row becomes one line naming its columns, "País: Chile | Programa: FOGAPE | Año: 1980",
so a row read alone (a search hit, a chunk cut between rows) still says what each value
is. PDF tables are found with pdfplumber's ruling-line strategy; because pdfminer is slow,
it runs only on pages whose vector paths (read cheaply with pdfium) form a grid of cells
with text in them. A table continued on the next page keeps the header of its first part.
"""

from __future__ import annotations

import itertools
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from kb.ingest.parse.pdf_layout import CONTROL as _CONTROL
from kb.records import Block

CAPTION = re.compile(r"^(table|tabla|tabela|cuadro|quadro|tableau)\b\s*[\w.-]*", re.IGNORECASE)
_NUMBER = re.compile(r"^[\s\d.,%$€()+\-–/]*$")
_WORD = re.compile(r"[^\W\d_]{3}")
_RULE = 3.0  # points: a path thinner than this is a ruling line
_MIN_CELLS_WITH_TEXT = 4


@dataclass
class RawTable:
    """A table as found on one page: cells, and where it sits (PDF points, y from the top)."""

    rows: list[list[str]]
    top: float = 0.0
    bottom: float = 0.0
    x0: float = 0.0
    x1: float = 0.0
    page_height: float = 0.0
    caption: str | None = None
    header: list[str] | None = field(default=None)


def clean_cell(value: object) -> str:
    return " ".join(_CONTROL.sub(" ", str(value)).split()) if value is not None else ""


def looks_like_header(rows: Sequence[Sequence[str]]) -> bool:
    """The first row names columns: text (not numbers) in nearly every cell, no repeats."""
    if len(rows) < 2:
        return False
    first = [c for c in rows[0] if c]
    if len(first) < 2 or len(first) < len(rows[0]) - 1:
        return False
    return len(set(first)) == len(first) and not any(_NUMBER.match(c) for c in first)


def row_line(header: Sequence[str] | None, cells: Sequence[str]) -> str:
    """'Header: cell | Header: cell'; empty cells are left out, unnamed columns kept bare."""
    parts = []
    for i, cell in enumerate(cells):
        if not cell:
            continue
        name = header[i] if header and i < len(header) else ""
        parts.append(f"{name}: {cell}" if name and name != cell else cell)
    return " | ".join(parts)


def table_block(
    rows: Sequence[Sequence[object]],
    caption: str | None = None,
    header: Sequence[str] | None = None,
    has_header: bool | None = None,
) -> Block | None:
    """A table block from raw rows; the first row is the header when it looks like one.

    `header` is given for the continuation of a table whose header is on an earlier page.
    """
    cells = [[clean_cell(c) for c in row] for row in rows]
    cells = [row for row in cells if any(row)]
    if header is None and (looks_like_header(cells) if has_header is None else has_header):
        header, cells = cells[0], cells[1:]
    lines = [row_line(header, row) for row in cells]
    lines = [line for line in lines if line]
    if not lines:
        return None
    return Block("\n".join(lines), kind="table", caption=caption or None)


def read_rows(text: str) -> tuple[str | None, list[dict[str, str]]]:
    """A table chunk's text back as (caption, rows of column -> value), for display.

    The inverse of `row_line`: a first line without " | " before lines with it is the
    caption; a cell without a "Header: " prefix goes to a column named by its position.
    """
    lines = [line for line in text.split("\n") if line.strip()]
    caption = None
    if len(lines) > 1 and " | " not in lines[0] and any(" | " in line for line in lines[1:]):
        caption, lines = lines[0], lines[1:]
    rows: list[dict[str, str]] = []
    for line in lines:
        row: dict[str, str] = {}
        for i, cell in enumerate(line.split(" | ")):
            name, sep, value = cell.partition(": ")
            key, val = (name, value) if sep and name else (f"{i + 1}", cell)
            row[key if key not in row else f"{key} ({i + 1})"] = val
        rows.append(row)
    return caption, rows


def caption_of(text: str | None) -> str | None:
    """A line that reads like a table caption ('Tabla 2. Programas de garantía'), else None."""
    for line in reversed((text or "").splitlines()):
        line = " ".join(line.split())
        if CAPTION.match(line):
            return line
    return None


# ---- PDF ---------------------------------------------------------------------------------


def grid_pages(data: bytes, password: str | None, limit: int) -> list[int]:
    """0-based pages whose ruling lines form a grid with text in at least a few cells."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(data, password=password)
    except pdfium.PdfiumError:
        return []
    try:
        return [i for i in range(min(limit, len(pdf))) if _has_grid(pdf[i])]
    finally:
        pdf.close()


def _has_grid(page: Any) -> bool:
    """Ruling lines of one width stacked 3+ high, crossed by 2+ verticals, with text in cells."""
    hs, vs = _rules(page)
    spans: dict[tuple[int, int], set[int]] = defaultdict(set)
    for y, x0, x1 in hs:
        spans[(round(x0 / 2) * 2, round(x1 / 2) * 2)].add(round(y))
    textpage = page.get_textpage()
    try:
        for (left, right), ys in spans.items():
            if len(ys) < 3:
                continue
            low, high = min(ys), max(ys)
            xs = {
                round(x)
                for x, y0, y1 in vs
                if left - 3 <= x <= right + 3 and y0 < high - 1 and y1 > low + 1
            }
            if len(xs) >= 2 and _mostly_filled(textpage, sorted(xs), sorted(ys)):
                return True
        return False
    finally:
        textpage.close()


def _rules(page: Any) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, y0, y1) ruling lines; rectangles give four."""
    import pypdfium2.raw as raw

    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_PATH], max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        w, h = right - left, top - bottom
        if h <= _RULE and w > 8:
            hs.append(((bottom + top) / 2, left, right))
        elif w <= _RULE and h > 5:
            vs.append(((left + right) / 2, bottom, top))
        elif w > 8 and h > 5:  # a rectangle: a cell border or a filled cell
            hs += [(bottom, left, right), (top, left, right)]
            vs += [(left, bottom, top), (right, bottom, top)]
        if len(hs) > 3000:  # a drawing, not a table
            break
    return hs, vs


def _mostly_filled(textpage: Any, xs: list[int], ys: list[int]) -> bool:
    cells = [
        (x0, y0, x1, y1)
        for (x0, x1), (y0, y1) in itertools.product(pairwise(xs[:40]), pairwise(ys[:80]))
        if x1 - x0 > 4 and y1 - y0 > 4
    ]
    filled = sum(bool(textpage.get_text_bounded(*cell).strip()) for cell in cells)
    return filled >= _MIN_CELLS_WITH_TEXT and filled >= 0.5 * len(cells)


def find_pdf_tables(data: bytes, password: str | None, limit: int) -> dict[int, list[RawTable]]:
    """Tables on each 0-based page (only pages with some), top to bottom."""
    import io

    import pdfplumber

    pages = grid_pages(data, password, limit)
    if not pages:
        return {}
    found: dict[int, list[RawTable]] = {}
    with pdfplumber.open(io.BytesIO(data), password=password or "") as pdf:
        for i in pages:
            page = pdf.pages[i]
            tables = [t for t in (_raw_table(page, t) for t in page.find_tables()) if t]
            if tables:
                found[i] = sorted(tables, key=lambda t: t.top)
    return found


def _raw_table(page: Any, table: Any) -> RawTable | None:
    rows = [[clean_cell(c) for c in row] for row in table.extract()]
    rows = [row for row in rows if any(row)]
    filled = [c for row in rows for c in row if c]
    total = sum(len(row) for row in rows)
    # Figures drawn with lines also make "tables": require cells that mostly hold words.
    if len(rows) < 2 or max(len(r) for r in rows) < 2 or len(filled) < 0.5 * total:
        return None
    if sum(bool(_WORD.search(c)) for c in filled) < 0.3 * len(filled) or any(
        "(cid:" in c for c in filled
    ):
        return None
    x0, top, x1, bottom = table.bbox
    above = page.crop((0, max(0.0, top - 36), page.width, top)).extract_text()
    below = page.crop((0, bottom, page.width, min(page.height, bottom + 24))).extract_text()
    return RawTable(
        rows, top, bottom, x0, x1, float(page.height), caption_of(above) or caption_of(below)
    )


def pdf_table_blocks(found: dict[int, list[RawTable]]) -> dict[int, list[tuple[RawTable, Block]]]:
    """Blocks per page with the table each came from; a continued table reuses its header."""
    out: dict[int, list[tuple[RawTable, Block]]] = {}
    previous: RawTable | None = None
    for index in sorted(found):
        tables = found[index]
        for n, table in enumerate(tables):
            head = previous if n == 0 and _continues(previous, table, index, found) else None
            block = _continued_block(table, head)
            if block is not None:
                out.setdefault(index, []).append((table, block))
        previous = tables[-1]
    return out


def _continues(
    previous: RawTable | None, table: RawTable, index: int, found: dict[int, list[RawTable]]
) -> bool:
    """The table at the top of this page carries on the one that ended the previous page."""
    if previous is None or found.get(index - 1, [None])[-1] is not previous:
        return False
    same_columns = max(map(len, previous.rows)) == max(map(len, table.rows))
    near_bottom = previous.bottom > 0.6 * previous.page_height
    near_top = table.top < 0.4 * table.page_height
    return same_columns and near_bottom and near_top and previous.header is not None


def _continued_block(table: RawTable, head: RawTable | None) -> Block | None:
    rows = table.rows
    if head is not None and head.header is not None:
        table.header = head.header
        if rows[0] == head.header:  # the header is repeated on this page
            rows = rows[1:]
        return table_block(rows, table.caption or head.caption, header=head.header)
    if looks_like_header(rows):
        table.header = rows[0]
    return table_block(rows, table.caption, has_header=table.header is not None)
