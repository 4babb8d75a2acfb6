"""DOCX → Document with python-docx: heading styles become headings, tables one block each.

A table's rows read "Header: cell | Header: cell" when its first row is marked as a
repeating header row or looks like one; a caption-styled paragraph (or one starting
"Table/Tabla/Tabela/Cuadro/Quadro") just before it becomes its caption.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from kb.errors import ParseError
from kb.ingest.parse import tables
from kb.ingest.parse.common import first_heading, single_page
from kb.records import Block, Document, content_id

# English style names plus the Spanish/Portuguese ones Word writes in localised documents
_CAPTION_STYLES = {"caption", "epígrafe", "legenda", "descripción", "título de tabla"}
_HEADING_STYLE = re.compile(r"^(?:heading|t[ií]tulo)\s*(\d)$", re.IGNORECASE)


def parse(path: Path, data: bytes) -> Document:
    try:
        doc = open_docx(io.BytesIO(data))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError) as exc:
        raise ParseError(str(path), "not a valid DOCX (not a Word .docx zip package)") from exc
    blocks = list(_blocks(doc))
    if not any(b.text for b in blocks):
        raise ParseError(str(path), "no text: the DOCX has no paragraphs or tables with text")
    pages = single_page(blocks)
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


def _blocks(doc: object) -> list[Block]:
    """Paragraphs and tables in body order."""
    out: list[Block] = []
    previous: Paragraph | None = None
    for item in doc.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Paragraph):
            block = _paragraph(item)
            if block:
                out.append(block)
                previous = item
        elif isinstance(item, Table):
            block = table_block(item, _caption(previous))
            if block is not None:
                out.append(block)
            previous = None
    return out


def _caption(par: Paragraph | None) -> str | None:
    """The paragraph just before a table when it is that table's caption."""
    if par is None:
        return None
    text = " ".join(par.text.split())
    style = ((par.style.name if par.style is not None else "") or "").strip().lower()
    if style in _CAPTION_STYLES and 0 < len(text) <= 200:
        return text
    return tables.caption_of(text) if len(text) <= 200 else None


def _paragraph(par: Paragraph) -> Block | None:
    text = " ".join(par.text.split())
    if not text:
        return None
    style = (par.style.name if par.style is not None else "") or ""
    m = _HEADING_STYLE.match(style.strip())
    if m:
        return Block(text, kind="heading", level=int(m.group(1)))
    if style.strip().lower() == "title":
        return Block(text, kind="heading", level=1)
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
