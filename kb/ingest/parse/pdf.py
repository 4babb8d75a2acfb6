"""PDF → Document with pypdf: one Page per physical page, in reading order.

Cost is bounded: at most `settings.max_pdf_pages` pages are read (the
Document then says `metadata['truncated'] = True`), and pypdf failures,
including its recursion and loop guards, become `ParseError`s.

Pages with no text layer, or plainly garbage text, are OCRed (kb/ingest/parse/ocr.py) when
Tesseract is installed; ruled tables are kept as table blocks (kb/ingest/parse/tables.py) and
their cells taken out of the page's running text.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import PyPdfError

from kb.errors import EncryptedPDFError, NoTextLayerError, ParseError, WrongPasswordError
from kb.ingest.metadata import load_yaml_mapping
from kb.ingest.parse import headings as typography
from kb.ingest.parse import limits, ocr, pdf_layout, tables
from kb.ingest.parse.common import first_heading, sidecar_path, year_from
from kb.ingest.parse.running import strip_running_lines
from kb.records import Block, Document, Page, content_id
from kb.settings import Settings

# pypdf raises plain ValueError/KeyError/etc. on damaged files as well as its own errors.
_PDF_FAILURES = (
    PyPdfError,
    RecursionError,
    ValueError,
    KeyError,
    TypeError,
    AttributeError,
    IndexError,
    AssertionError,
    ZeroDivisionError,
    OverflowError,
    UnicodeError,
)
_SECTION_NO = re.compile(r"^(?:[\dIVXivx]+[.)]?)+\s+")
_BAD_TITLES = {"untitled", "title", "document", "untitled document", "slide 1", "none"}
LONG_PDF_PAGES = 50  # from this many pages on, reading shows page progress
_STAMP_CHARS = 80  # a page with less text than this may be a scan with a stamp or page number
_FILE_NAME = re.compile(r"\.(pdf|docx?|tex|dvi|odt|rtf|indd|ps)$", re.IGNORECASE)


def parse(path: Path, data: bytes, password: str | None, settings: Settings) -> Document:
    reader = open_reader(path, data, password)
    limits.check_pdf(path, reader, settings)  # before pdfminer and pdfium inflate anything
    try:
        total = len(reader.pages)
    except _PDF_FAILURES as exc:
        raise ParseError(str(path), f"truncated or damaged PDF: {_short(exc)}") from exc
    limit = min(total, settings.max_pdf_pages)
    raw, failures = _read_pages(reader, limit, _tables(data, password, limit), path.name)
    meta: dict[str, Any] = {"page_count": total, "truncated": total > limit}
    scanned, why_not = _ocr(path, data, password, reader, raw, settings, meta)
    raw = strip_running_lines(raw)
    headings = outline_headings(reader, limit)
    if not headings:  # no outline: section titles from typography
        raw = _typographic_headings(raw, set(scanned))
    labels = _labels(reader, limit)
    pages = tuple(
        build_page(i + 1, labels[i], raw[i], headings.get(i, []), scanned.get(i))
        for i in range(limit)
    )
    if not any(p.text.strip() for p in pages):
        if failures and len(failures) == limit:
            raise ParseError(str(path), f"damaged PDF: no page could be read ({failures[0]})")
        raise NoTextLayerError(str(path), why_not or "OCR found no text on its pages either")
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


# A page: paragraphs, each a list of lines, and table blocks where the tables stand.
Paragraphs = list[list[str] | Block]
PageTables = dict[int, list[tuple[tables.RawTable, Block]]]


def _tables(data: bytes, password: str | None, limit: int) -> PageTables:
    try:
        return tables.pdf_table_blocks(tables.find_pdf_tables(data, password, limit))
    except Exception:  # pdfminer fails in many ways; the text still comes from pypdf
        return {}


def _read_pages(
    reader: PdfReader, limit: int, found: PageTables | None = None, label: str = ""
) -> tuple[list[Paragraphs], list[str]]:
    """Paragraphs (lists of lines) of each page; a page that fails to read is left empty."""
    out: list[Paragraphs] = []
    failures: list[str] = []
    # A long PDF takes a while page by page: show its pages as a progress stage of their own.
    progress = ocr.current_progress() if limit >= LONG_PDF_PAGES else None
    if progress is not None:
        progress.start(f"Reading {label}".strip(), limit)
    for i in range(limit):
        try:
            page = reader.pages[i]
            pieces, plain = pdf_layout.collect(page)
            width = float(page.mediabox.width)
            top = float(page.mediabox.top)
            paras = _with_tables(pieces, plain, width, top, (found or {}).get(i, []))
        except _PDF_FAILURES as exc:
            failures.append(f"page {i + 1}: {_short(exc)}")
            paras = []
        out.append(paras)
        if progress is not None:
            progress.page_done()
    return out, failures


def _with_tables(
    pieces: list[pdf_layout.Piece],
    plain: str,
    width: float,
    top: float,
    on_page: list[tuple[tables.RawTable, Block]],
) -> Paragraphs:
    """Paragraphs of the text around each table, the table block where the table stands."""
    if not on_page or not pieces:
        paras: Paragraphs = list(pdf_layout.page_paragraphs(pieces, plain, width))
        return paras + [block for _, block in on_page]
    out: Paragraphs = []
    rest = pieces
    for table, block in on_page:

        def inside(p: pdf_layout.Piece, t: tables.RawTable = table) -> bool:
            return t.top - 2 <= top - p.y <= t.bottom + 2 and t.x0 - 2 <= p.x <= t.x1 + 2

        above = [p for p in rest if top - p.y < table.top - 2]
        rest = [p for p in rest if top - p.y >= table.top - 2 and not inside(p)]
        out += pdf_layout.page_paragraphs(above, "", width)
        out.append(block)
    out += pdf_layout.page_paragraphs(rest, "", width)
    return out


def _ocr(
    path: Path,
    data: bytes,
    password: str | None,
    reader: PdfReader,
    raw: list[Paragraphs],
    settings: Settings,
    meta: dict[str, Any],
) -> tuple[dict[int, ocr.OcrPage], str | None]:
    """OCR pages without (usable) text in place in `raw`; why OCR could not run, if so."""
    wanted = [i for i, paras in enumerate(raw) if not paras or ocr.garbage_text(_plain(paras))]
    stamped = [i for i, paras in enumerate(raw) if paras and len(_plain(paras)) < _STAMP_CHARS]
    why_not = ocr.unavailable_reason(settings.ocr_enabled) if wanted or stamped else None
    if why_not:
        if wanted:
            meta["textless_pages"] = [i + 1 for i in wanted]
            meta["ocr_unavailable"] = why_not
        return {}, why_not
    # A scan with a page number or stamp as its only text is still a scan; pdfium may
    # refuse what pypdf opened, and then only the pages known to be empty are OCRed.
    with contextlib.suppress(Exception):
        wanted = sorted(set(wanted) | set(ocr.image_covered(data, password, stamped)))
    if not wanted:
        return {}, None
    todo = wanted[: max(settings.ocr_max_pages, 0)]
    if len(wanted) > len(todo):
        meta["ocr_skipped_pages"] = [i + 1 for i in wanted[len(todo) :]]
    try:
        done = ocr.ocr_pages(
            data,
            password,
            todo,
            dpi=settings.ocr_dpi,
            language=language_hint(path, reader),
            label=path.name,
        )
    except Exception as exc:  # pdfium may refuse what pypdf opened: keep the text
        return {}, f"OCR could not render the pages ({type(exc).__name__}: {exc})"
    for i, page in done.items():
        raw[i] = list(page.paragraphs)
    if done:
        meta["ocr_pages"] = [i + 1 for i in sorted(done)]
        meta["ocr_languages"] = sorted({p.language for p in done.values()})
        confidences = [p.confidence for p in done.values() if p.confidence is not None]
        if confidences:
            meta["ocr_confidence"] = round(sum(confidences) / len(confidences), 1)
    return done, None


def _typographic_headings(raw: list[Paragraphs], scanned: set[int]) -> list[Paragraphs]:
    """Section titles marked on text-layer and scanned pages, each against its own body style.

    A scan's sizes are line heights in pixels, a text layer's are points: never mixed.
    """
    out = list(raw)
    for group, larger in (
        ([i for i in range(len(raw)) if i not in scanned], 1.1),
        (sorted(scanned), 1.2),
    ):
        lines = (ln for i in group for p in raw[i] if isinstance(p, list) for ln in p)
        body = typography.body_style(lines, larger)
        for i in group:
            out[i] = typography.mark_page(raw[i], body)
    return out


def _plain(paras: Paragraphs) -> str:
    return "\n".join(" ".join(p) if isinstance(p, list) else p.text for p in paras)


def language_hint(path: Path, reader: PdfReader) -> str | None:
    """The document's declared language ('es'): a sidecar `language:`, else the PDF's /Lang."""
    declared = ""
    side = sidecar_path(path)
    if side is not None:
        try:
            meta = load_yaml_mapping(side.read_text(encoding="utf-8"), str(side), "sidecar")
            declared = str(meta.get("language") or "")[:20]
        except (OSError, UnicodeDecodeError, ParseError):
            declared = ""  # parse_file reports a broken sidecar itself
    if not declared:
        try:
            declared = str(reader.root_object.get("/Lang") or "")
        except _PDF_FAILURES:
            declared = ""
    code = declared.strip().lower()[:2]
    return code if code.isalpha() else None


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
    number: int,
    label: str | None,
    paras: Paragraphs,
    headings: list[tuple[str, int]],
    scanned: ocr.OcrPage | None = None,
) -> Page:
    """Blocks of one page, outline headings placed where their text appears (else on top)."""
    if not paras:
        return handle_textless_page(number, label)
    blocks = [Block(pdf_layout.join_lines(p)) if isinstance(p, list) else p for p in paras]
    insert_at = 0
    for title, level in headings:
        heading = Block(title, kind="heading", level=level)
        for i in range(insert_at, len(blocks)):
            if blocks[i].kind == "paragraph" and _starts_with_heading(blocks[i].text, title):
                rest = blocks[i].text[len(_heading_prefix(blocks[i].text, title)) :].strip()
                blocks[i : i + 1] = [heading] + ([Block(rest)] if rest else [])
                insert_at = i + 1
                break
        else:
            blocks.insert(insert_at, heading)
            insert_at += 1
    if scanned is not None:
        return Page(
            number=number,
            blocks=tuple(blocks),
            label=label,
            ocr=True,
            ocr_confidence=scanned.confidence,
        )
    return Page(number=number, blocks=tuple(blocks), label=label)


def handle_textless_page(number: int, label: str | None) -> Page:
    """A page left without text: no text layer, and OCR unavailable, capped or fruitless.

    OCR itself runs before pages are built (`_ocr`), so that running headers and footers
    of scanned pages are stripped together with those of text pages.
    """
    return Page(number=number, blocks=(), label=label)


def _heading_prefix(text: str, title: str) -> str:
    m = _SECTION_NO.match(text)
    start = m.end() if m else 0
    return text[: start + len(title)]


def _starts_with_heading(text: str, title: str) -> bool:
    prefix = _heading_prefix(text, title)
    return prefix[len(prefix) - len(title) :].casefold() == title.casefold()


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
