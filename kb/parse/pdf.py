"""PDF → Document with pypdf: one Page per physical page, in reading order.

Cost is bounded: at most `settings.max_pdf_pages` pages are read (the
Document then says `metadata['truncated'] = True`), and pypdf failures,
including its recursion and loop guards, become `ParseError`s.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from kb.errors import EncryptedPDFError, NoTextLayerError, ParseError, WrongPasswordError
from kb.parse import pdf_layout
from kb.parse.common import first_heading, year_from
from kb.records import Block, Document, Page, content_id
from kb.settings import Settings

# pypdf raises plain ValueError/KeyError/etc. on damaged files as well as its own errors.
_PDF_FAILURES = (PyPdfError, RecursionError, ValueError, KeyError, TypeError, AttributeError,
                 IndexError, AssertionError, ZeroDivisionError, OverflowError, UnicodeError)
_DIGITS = re.compile(r"\d+")
_SECTION_NO = re.compile(r"^(?:[\dIVXivx]+[.)]?)+\s+")
_BAD_TITLES = {"untitled", "title", "document", "untitled document", "slide 1", "none"}
_FILE_NAME = re.compile(r"\.(pdf|docx?|tex|dvi|odt|rtf|indd|ps)$", re.IGNORECASE)


def parse(path: Path, data: bytes, password: str | None, settings: Settings) -> Document:
    reader = open_reader(path, data, password)
    try:
        total = len(reader.pages)
    except _PDF_FAILURES as exc:
        raise ParseError(str(path), f"truncated or damaged PDF: {_short(exc)}") from exc
    limit = min(total, settings.max_pdf_pages)
    raw, failures = _read_pages(reader, limit)
    raw = strip_running_lines(raw)
    headings = outline_headings(reader, limit)
    labels = _labels(reader, limit)
    pages = tuple(
        build_page(i + 1, labels[i], raw[i], headings.get(i, [])) for i in range(limit)
    )
    if not any(p.text.strip() for p in pages):
        if failures and len(failures) == limit:
            raise ParseError(str(path), f"damaged PDF: no page could be read ({failures[0]})")
        raise NoTextLayerError(str(path), "run OCR on it first or supply a PDF with text")
    meta: dict[str, Any] = {"page_count": total, "truncated": total > limit}
    if failures:
        meta["unreadable_pages"] = failures
    info = _info(reader)
    if info.get("/Producer"):
        meta["producer"] = str(info["/Producer"])
    return Document(
        doc_id=content_id(data),
        title=_title(info, pages, path),
        source=str(path),
        pages=pages,
        doc_type="pdf",
        year=creation_year(info),
        metadata=meta,
    )


def open_reader(path: Path, data: bytes, password: str | None) -> PdfReader:
    """A decrypted reader, or the specific error for bad bytes and wrong passwords."""
    if b"%PDF-" not in data[:1024]:
        raise ParseError(str(path), "not a valid PDF (no %PDF- header): is the file really a PDF?")
    if b"%%EOF" not in data[-2048:]:
        raise ParseError(
            str(path), "truncated or damaged PDF (no %%EOF end marker): download it again"
        )
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _decrypt(path, reader, password)
        return reader
    except ParseError:
        raise
    except _PDF_FAILURES as exc:
        raise ParseError(str(path), f"truncated or damaged PDF: {_short(exc)}") from exc


def _decrypt(path: Path, reader: PdfReader, password: str | None) -> None:
    # Many PDFs are encrypted only to restrict printing; the empty password opens those.
    if reader.decrypt(""):
        return
    if password is None:
        raise EncryptedPDFError(str(path))
    if not reader.decrypt(password):
        raise WrongPasswordError(str(path))


Paragraphs = list[list[str]]  # a page: paragraphs, each a list of lines


def _read_pages(reader: PdfReader, limit: int) -> tuple[list[Paragraphs], list[str]]:
    """Paragraphs (lists of lines) of each page; a page that fails to read is left empty."""
    out: list[Paragraphs] = []
    failures: list[str] = []
    for i in range(limit):
        try:
            page = reader.pages[i]
            pieces, plain = pdf_layout.collect(page)
            width = float(page.mediabox.width)
            paras = pdf_layout.page_paragraphs(pieces, plain, width)
        except _PDF_FAILURES as exc:
            failures.append(f"page {i + 1}: {_short(exc)}")
            paras = []
        out.append(paras)
    return out, failures


def strip_running_lines(pages: list[Paragraphs]) -> list[Paragraphs]:
    """Drop headers and footers: first/last lines that recur (digits aside) on >= half the pages."""
    if len(pages) < 3:
        return pages
    firsts = Counter(_key(p[0][0]) for p in pages if p and p[0])
    lasts = Counter(_key(p[-1][-1]) for p in pages if p and p[-1])
    need = len(pages) / 2
    running_first = {k for k, n in firsts.items() if n >= need and k}
    running_last = {k for k, n in lasts.items() if n >= need and k}
    cleaned: list[Paragraphs] = []
    for paras in pages:
        paras = [list(p) for p in paras]
        if paras and paras[0] and _key(paras[0][0]) in running_first:
            paras[0].pop(0)
        if paras and paras[-1] and _key(paras[-1][-1]) in running_last:
            paras[-1].pop()
        cleaned.append([p for p in paras if p])
    return cleaned


def _key(line: str) -> str:
    return " ".join(_DIGITS.sub("#", line).lower().split())


def outline_headings(reader: PdfReader, limit: int) -> dict[int, list[tuple[str, int]]]:
    """Bookmark titles with their depth (1 = top), keyed by 0-based page index."""
    found: dict[int, list[tuple[str, int]]] = {}

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
                continue
            title = " ".join(str(getattr(item, "title", "") or "").split())
            try:
                index = reader.get_destination_page_number(item)
            except _PDF_FAILURES:
                continue
            if title and index is not None and 0 <= index < limit:
                found.setdefault(index, []).append((title, level))

    try:
        walk(reader.outline, 1)
    except _PDF_FAILURES:
        return {}
    return found


def build_page(
    number: int, label: str | None, paras: list[list[str]], headings: list[tuple[str, int]]
) -> Page:
    """Blocks of one page, outline headings placed where their text appears (else on top)."""
    if not paras:
        return handle_textless_page(number, label)
    blocks: list[Block] = [Block(pdf_layout.join_lines(p)) for p in paras]
    insert_at = 0
    for title, level in headings:
        heading = Block(title, kind="heading", level=level)
        for i in range(insert_at, len(blocks)):
            if blocks[i].kind == "paragraph" and _starts_with_heading(blocks[i].text, title):
                rest = blocks[i].text[len(_heading_prefix(blocks[i].text, title)):].strip()
                blocks[i:i + 1] = [heading] + ([Block(rest)] if rest else [])
                insert_at = i + 1
                break
        else:
            blocks.insert(insert_at, heading)
            insert_at += 1
    return Page(number=number, blocks=tuple(blocks), label=label)


def handle_textless_page(number: int, label: str | None) -> Page:
    """The one place a page without extractable text is handled.

    OCR belongs here: render page `number` of the document and read its text. Until then
    the page stays empty, and a PDF whose pages are all empty raises NoTextLayerError.
    """
    return Page(number=number, blocks=(), label=label)


def _heading_prefix(text: str, title: str) -> str:
    m = _SECTION_NO.match(text)
    start = m.end() if m else 0
    return text[: start + len(title)]


def _starts_with_heading(text: str, title: str) -> bool:
    prefix = _heading_prefix(text, title)
    return prefix[len(prefix) - len(title):].casefold() == title.casefold()


def _labels(reader: PdfReader, limit: int) -> list[str | None]:
    """Printed page labels when the PDF defines /PageLabels, else None for each page."""
    try:
        if "/PageLabels" not in reader.root_object:
            return [None] * limit
        labels = list(reader.page_labels)[:limit]
    except _PDF_FAILURES:
        return [None] * limit
    return [str(x) if x else None for x in labels] + [None] * (limit - len(labels))


def _info(reader: PdfReader) -> dict[str, Any]:
    # Damaged /Info dictionaries are common (datakit 017); metadata is optional, text is not.
    try:
        return dict(reader.metadata or {})
    except _PDF_FAILURES:
        return {}


def _title(info: dict[str, Any], pages: tuple[Page, ...], path: Path) -> str:
    raw = " ".join(str(info.get("/Title") or "").split())
    if sensible_title(raw):
        return raw
    return first_heading(pages) or path.stem


def creation_year(info: dict[str, Any]) -> int | None:
    """Year of /CreationDate ('D:20220403180542+02'00'')."""
    m = re.match(r"(?:D:)?((?:19|20)\d\d)", str(info.get("/CreationDate") or "").strip())
    return year_from(int(m.group(1))) if m else None


def sensible_title(title: str) -> bool:
    """False for empty, placeholder and file-name titles that PDF producers often write."""
    if sum(ch.isalpha() for ch in title) < 3 or title.casefold() in _BAD_TITLES:
        return False
    return not (_FILE_NAME.search(title) or title.lower().startswith("microsoft word -"))


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return (text[0][:160] if text else "") or type(exc).__name__
