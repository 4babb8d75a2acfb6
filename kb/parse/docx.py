"""DOCX → Document with python-docx: heading styles become headings, tables one block each."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document as open_docx
from docx.opc.exceptions import PackageNotFoundError
from docx.table import Table
from docx.text.paragraph import Paragraph

from kb.errors import ParseError
from kb.parse.common import first_heading, single_page
from kb.records import Block, Document, content_id

# English style names plus the Spanish/Portuguese ones Word writes in localised documents
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
    for item in doc.iter_inner_content():  # type: ignore[attr-defined]
        if isinstance(item, Paragraph):
            block = _paragraph(item)
            if block:
                out.append(block)
        elif isinstance(item, Table):
            out.append(table_block(item))
    return out


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


def table_block(table: Table) -> Block:
    """Rows as 'cell | cell | cell' lines; merged cells repeat in python-docx, so dedupe them."""
    lines: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: set[int] = set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(cell.text.split()))
        if any(cells):
            lines.append(" | ".join(cells))
    return Block("\n".join(lines), kind="table")
