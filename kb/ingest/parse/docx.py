"""DOCX → Document with python-docx: heading styles become headings, tables one block each.

A table's rows read "Header: cell | Header: cell" when its first row is marked as a
repeating header row or looks like one; a caption-styled paragraph (or one starting
"Table/Tabla/Tabela/Cuadro/Quadro") just before it becomes its caption.

Headings are paragraphs in a Heading/Title style or with an outline level, and short bold
paragraphs followed by body text (issue 13). Pages: a DOCX has no fixed pages, but Word
records where its last rendering broke them (w:lastRenderedPageBreak); those are used when
present, else explicit page breaks (w:br w:type="page", "page break before"). A DOCX with
neither is one page.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from kb.errors import ParseError
from kb.ingest.parse import tables
from kb.ingest.parse.common import first_heading
from kb.ingest.parse.headings import BODY_WORDS, title_like
from kb.ingest.script import text_words
from kb.records import Block, Document, Page, content_id

# English style names plus the Spanish/Portuguese ones Word writes in localised documents
_CAPTION_STYLES = {"caption", "epígrafe", "legenda", "descripción", "título de tabla"}
_HEADING_STYLE = re.compile(r"^(?:heading|t[ií]tulo)\s*(\d)$", re.IGNORECASE)
_RENDERED = qn("w:lastRenderedPageBreak")
_BR, _T, _TAB = qn("w:br"), qn("w:t"), qn("w:tab")
_TYPE = qn("w:type")


def parse(path: Path, data: bytes) -> Document:
    try:
        doc = open_docx(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise ParseError(str(path), "not a valid DOCX (not a Word .docx zip package)") from exc
    placed = _bold_headings(_blocks(doc))
    if not any(b.text for _, b, _ in placed):
        raise ParseError(str(path), "no text: the DOCX has no paragraphs or tables with text")
    pages = _pages(placed)
    props = doc.core_properties
    title = (props.title or "").strip()
    created = props.created
    return Document(
        doc_id=content_id(data),
        title=title or first_heading(pages) or path.stem,
        source=str(path),
        pages=pages,
        doc_type="docx",
        year=created.year if created else None,
        language=None,
        metadata={"author": props.author} if props.author else {},
    )


# (page number, block, a bold paragraph that may be a title)
Placed = tuple[int, Block, bool]


def _blocks(doc: object) -> list[Placed]:
    """Paragraphs and tables in body order, each on the page it starts on."""
    rendered = doc.element.body.find(".//" + _RENDERED) is not None  # type: ignore[attr-defined]
    out: list[Placed] = []
    page = 1
    previous: Paragraph | None = None
    for item in doc.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Paragraph):
            if not rendered and _break_before(item):
                page += 1
            for i, text in enumerate(_page_parts(item, rendered)):
                page += 1 if i else 0
                block = _paragraph(item, text)
                if block:
                    out.append((page, block, block.kind == "paragraph" and _bold(item)))
                    previous = item
        elif isinstance(item, Table):
            block = table_block(item, _caption(previous))
            if block is not None:
                out.append((page, block, False))
            page += _breaks_in(item._tbl, rendered)
            previous = None
    return out


def _page_parts(par: Paragraph, rendered: bool) -> list[str]:
    """The paragraph's text cut where a page breaks inside it (one part when none does)."""
    parts = [""]
    for el in par._p.iter(_T, _TAB, _BR, _RENDERED):
        if el.tag == _T:
            parts[-1] += el.text or ""
        elif el.tag == _TAB:
            parts[-1] += " "
        elif el.tag == _RENDERED if rendered else el.get(_TYPE) == "page":
            parts.append("")
        elif el.tag == _BR:
            parts[-1] += " "
    return parts


def _break_before(par: Paragraph) -> bool:
    return bool(par.paragraph_format.page_break_before)


def _breaks_in(element: Any, rendered: bool) -> int:
    """Page breaks inside a table: the table stays on its first page, what follows moves on."""
    if rendered:
        return len(list(element.iter(_RENDERED)))
    return len([br for br in element.iter(_BR) if br.get(_TYPE) == "page"])


def _bold(par: Paragraph) -> bool:
    """Every run with text is bold (directly, or by the paragraph's style)."""
    style_bold = bool(par.style is not None and par.style.font.bold)
    runs = [r for r in par.runs if r.text.strip()]
    return bool(runs) and all(r.bold or (r.bold is None and style_bold) for r in runs)


def _bold_headings(placed: list[Placed]) -> list[Placed]:
    """A short bold paragraph followed by body text is a section title (level 2)."""
    out: list[Placed] = []
    for i, (page, block, bold) in enumerate(placed):
        after = placed[i + 1][1] if i + 1 < len(placed) else None
        body_after = (
            after is not None and after.kind == "paragraph" and text_words(after.text) >= BODY_WORDS
        )
        if bold and body_after and title_like(block.text):
            block = Block(block.text, kind="heading", level=2)
        out.append((page, block, False))
    return out


def _pages(placed: list[Placed]) -> tuple[Page, ...]:
    """Pages 1..last, each holding its blocks (a page without text stays, empty)."""
    last = max(page for page, _, _ in placed)
    return tuple(
        Page(number=n, blocks=tuple(b for page, b, _ in placed if page == n and b.text.strip()))
        for n in range(1, last + 1)
    )


def _caption(par: Paragraph | None) -> str | None:
    """The paragraph just before a table when it is that table's caption."""
    if par is None:
        return None
    text = " ".join(par.text.split())
    style = ((par.style.name if par.style is not None else "") or "").strip().lower()
    if style in _CAPTION_STYLES and 0 < len(text) <= 200:
        return text
    return tables.caption_of(text) if len(text) <= 200 else None


def _paragraph(par: Paragraph, raw: str) -> Block | None:
    text = " ".join(raw.split())
    if not text:
        return None
    style = (par.style.name if par.style is not None else "") or ""
    m = _HEADING_STYLE.match(style.strip())
    if m:
        return Block(text, kind="heading", level=int(m.group(1)))
    if style.strip().lower() == "title":
        return Block(text, kind="heading", level=1)
    outline = par._p.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
    if outline is not None and (outline.get(qn("w:val")) or "").isdigit():
        level = int(outline.get(qn("w:val")) or 0) + 1
        if level <= 6:  # Word's level 9 means "body text"
            return Block(text, kind="heading", level=level)
    return Block(text)


def table_block(table: Table, caption: str | None = None) -> Block | None:
    """Rows of cells; merged cells repeat in python-docx, so each is taken once per row."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        rows.append(cells)
    marked = bool(table.rows) and _is_header_row(table.rows[0])
    return tables.table_block(rows, caption, has_header=marked or None)


def _is_header_row(row: object) -> bool:
    """Word's "repeat as header row" flag (w:tblHeader) on the first row."""
    tr = row._tr  # type: ignore[attr-defined]
    return tr.trPr is not None and tr.trPr.find(qn("w:tblHeader")) is not None
