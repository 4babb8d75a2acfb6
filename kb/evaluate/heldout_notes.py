"""The held-out working notes (corpus/eval/heldout/notes/*.md) as PDFs, the way a user has them.

Each note becomes a text-layer PDF (DejaVu via fpdf2): a running header, the page label of the
front matter printed at the foot, section titles styled per `heading_style` and no outline, so
kb must find sections from typography alone. Every `<!-- page N -->` block is exactly one
physical page; a block that does not fit is set again in a smaller font, and a note that does
not fit even then fails naming its page. The scan is the same PDF rendered to page images
(pypdfium2, slight seeded noise) and put back as an image-only PDF, for OCR.

Both are deterministic: the same note gives the same bytes, so the same document ids.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import yaml
from fpdf import FPDF

from kb.answer.pdf_fonts import font_path
from kb.errors import MetadataError
from kb.files import atomic_write

_FRONT = re.compile(r"\A---\s*\n(.*?)\n---\s*\n", re.S)
_PAGE = re.compile(r"^<!--\s*page\s+(\d+)\s*-->\s*$")
HEADING_STYLES = ("numbered-bold", "numbered-large", "caps", "bold")
FONT_SIZES = (11.0, 10.5, 10.0, 9.5, 9.0)  # body sizes tried, largest first
_EPOCH = datetime(2026, 12, 2, tzinfo=UTC)  # fixed dates: identical bytes on every render
_MARGIN = 20.0  # mm
_FOOT = 15.0  # mm from the bottom edge to the page label
SCAN_DPI = 200


@dataclass(frozen=True)
class NoteBlock:
    kind: str  # title | heading | paragraph
    text: str


@dataclass(frozen=True)
class Note:
    stem: str
    path: Path
    title: str
    language: str
    running_header: str
    page_label: str  # "Página {n}", "Page {n} of {total}" ...
    heading_style: str
    pages: tuple[tuple[NoteBlock, ...], ...]

    def label(self, n: int) -> str:
        return self.page_label.format(n=n, total=len(self.pages))


def _blocks(lines: list[str]) -> tuple[NoteBlock, ...]:
    """Headings (`#`, `##`) and paragraphs (blank-line separated lines joined by spaces)."""
    out: list[NoteBlock] = []
    para: list[str] = []

    def flush() -> None:
        if para:
            out.append(NoteBlock("paragraph", " ".join(para)))
            para.clear()

    for line in lines:
        text = line.strip()
        if not text:
            flush()
        elif text.startswith("#"):
            flush()
            kind = "title" if re.match(r"#\s", text) else "heading"
            out.append(NoteBlock(kind, text.lstrip("#").strip()))
        else:
            para.append(text)
    flush()
    return tuple(out)


def parse_note(path: Path) -> Note:
    """A note's front matter and its pages; a malformed note names the file and the problem."""
    raw = Path(path).read_text(encoding="utf-8")
    m = _FRONT.match(raw)
    if not m:
        raise MetadataError(str(path), "no YAML front matter (--- ... ---) at the top")
    meta = yaml.safe_load(m.group(1)) or {}
    missing = [
        k
        for k in ("title", "language", "running_header", "page_label", "heading_style")
        if not meta.get(k)
    ]
    if missing:
        raise MetadataError(str(path), f"front matter lacks {', '.join(missing)}")
    if meta["heading_style"] not in HEADING_STYLES:
        raise MetadataError(
            str(path),
            f"heading_style {meta['heading_style']!r}; valid: {', '.join(HEADING_STYLES)}",
        )
    pages: list[list[str]] = []
    for line in raw[m.end() :].splitlines():
        mark = _PAGE.match(line.strip())
        if mark:
            if int(mark.group(1)) != len(pages) + 1:
                raise MetadataError(
                    str(path),
                    f"page marker {mark.group(1)} out of order (expected {len(pages) + 1})",
                )
            pages.append([])
        elif pages:
            pages[-1].append(line)
        elif line.strip():
            raise MetadataError(str(path), "text before the first <!-- page 1 --> marker")
    if not pages:
        raise MetadataError(str(path), "no <!-- page N --> markers")
    return Note(
        stem=Path(path).stem,
        path=Path(path),
        title=str(meta["title"]),
        language=str(meta["language"]),
        running_header=str(meta["running_header"]),
        page_label=str(meta["page_label"]),
        heading_style=str(meta["heading_style"]),
        pages=tuple(_blocks(p) for p in pages),
    )


# ---- the text-layer PDF ---------------------------------------------------------------------
def _heading_font(style: str, body: float) -> tuple[str, float, bool]:
    """(font style, size, upper-case) of a section title in a heading style."""
    return {
        "numbered-bold": ("B", body + 1, False),
        "numbered-large": ("", body + 4, False),
        "caps": ("", body, True),
        "bold": ("B", body, False),
    }[style]


def _new_pdf(note: Note) -> FPDF:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_creation_date(_EPOCH)
    pdf.set_producer("kb held-out note renderer")
    pdf.set_title(note.title)
    pdf.set_lang(note.language)
    pdf.set_margins(_MARGIN, _MARGIN + 8, _MARGIN)
    pdf.set_auto_page_break(True, margin=_MARGIN + 5)
    pdf.add_font("DejaVu", "", str(font_path()))
    pdf.add_font("DejaVu", "B", str(font_path(bold=True)))
    return pdf


def _page_furniture(pdf: FPDF, note: Note, n: int) -> None:
    """Running header at the top and the printed page label at the foot."""
    pdf.set_auto_page_break(False)  # the label sits inside the bottom margin
    pdf.set_font("DejaVu", "", 8)
    pdf.set_text_color(90)
    pdf.set_xy(_MARGIN, 10)
    pdf.cell(pdf.epw, 5, note.running_header, align="C")
    pdf.set_xy(_MARGIN, pdf.h - _FOOT)
    pdf.cell(pdf.epw, 5, note.label(n), align="C")
    pdf.set_text_color(0)
    pdf.set_auto_page_break(True, margin=_MARGIN + 5)
    pdf.set_xy(_MARGIN, _MARGIN + 8)


def _write_block(pdf: FPDF, note: Note, block: NoteBlock, body: float, first: bool) -> None:
    line = body * 0.5  # mm per line: 1.4 x the font size in points
    if block.kind == "title":
        pdf.set_font("DejaVu", "B", body + 5)
        pdf.multi_cell(pdf.epw, (body + 5) * 0.5, block.text, align="L", new_x="LMARGIN")
        pdf.ln(line)
    elif block.kind == "heading":
        style, size, upper = _heading_font(note.heading_style, body)
        if not first:
            pdf.ln(line * 0.6)
        pdf.set_font("DejaVu", style, size)
        text = block.text.upper() if upper else block.text
        pdf.multi_cell(pdf.epw, size * 0.5, text, align="L", new_x="LMARGIN")
        pdf.ln(line * 0.4)
    else:
        pdf.set_font("DejaVu", "", body)
        pdf.multi_cell(pdf.epw, line, block.text, align="J", new_x="LMARGIN")
        pdf.ln(line * 0.5)


def _render_at(note: Note, body: float) -> tuple[bytes, int | None]:
    """The PDF at one body size, and the first page (1-based) that overflowed, if any."""
    pdf = _new_pdf(note)
    for n, blocks in enumerate(note.pages, start=1):
        pdf.add_page()
        _page_furniture(pdf, note, n)
        for i, block in enumerate(blocks):
            _write_block(pdf, note, block, body, first=i == 0)
        if pdf.page != n:  # fpdf2 broke the page: the block does not fit
            return b"", n
    return bytes(pdf.output()), None


def render_text_pdf(note: Note) -> bytes:
    """One physical page per `<!-- page N -->` block; the font shrinks until every page fits."""
    overflow: int | None = None
    for body in FONT_SIZES:
        data, overflow = _render_at(note, body)
        if overflow is None:
            return data
    raise MetadataError(
        str(note.path),
        f"page {overflow} does not fit one A4 page even at {FONT_SIZES[-1]} pt: shorten it",
    )


# ---- the scan -------------------------------------------------------------------------------
def render_scan_pdf(text_pdf: bytes, dpi: int = SCAN_DPI, seed: int = 13) -> bytes:
    """An image-only PDF of the same pages: rendered at `dpi`, grey, with slight seeded noise."""
    import numpy as np
    import pypdfium2 as pdfium
    from PIL import Image

    rng = np.random.default_rng(seed)
    src = pdfium.PdfDocument(text_pdf)
    out = FPDF(unit="pt")
    out.set_creation_date(_EPOCH)
    out.set_producer("kb held-out scanner")
    try:
        for i in range(len(src)):
            page = src[i]
            width, height = page.get_size()
            grey = np.asarray(page.render(scale=dpi / 72).to_pil().convert("L"), dtype=np.float32)
            grey += rng.normal(0.0, 10.0, grey.shape)  # sensor noise
            specks = rng.random(grey.shape) < 0.0005  # dust
            grey[specks] = 0.0
            img = Image.fromarray(np.clip(grey, 0, 255).astype(np.uint8), mode="L")
            buf = io.BytesIO()
            img.save(buf, format="JPEG", quality=80)
            out.add_page(format=(width, height))
            out.image(io.BytesIO(buf.getvalue()), x=0, y=0, w=width, h=height)
    finally:
        src.close()
    return bytes(out.output())


@dataclass(frozen=True)
class RenderedNote:
    stem: str
    text_pdf: Path
    scan_pdf: Path
    pages: int


def _write_if_changed(path: Path, data: bytes) -> None:
    """Same bytes leave the file (and its mtime) alone, so re-ingest sees it unchanged."""
    if not path.is_file() or path.read_bytes() != data:
        atomic_write(path, data)


def render_notes(notes_dir: Path, out_dir: Path, dpi: int = SCAN_DPI) -> list[RenderedNote]:
    """Every note of `notes_dir` as `<out_dir>/text/<stem>.pdf` and `<out_dir>/scan/<stem>.pdf`.

    The scan (the slow part) is redone only when the text PDF changed or the scan is missing.
    """
    done: list[RenderedNote] = []
    for path in sorted(Path(notes_dir).glob("*.md")):
        note = parse_note(path)
        text = render_text_pdf(note)
        text_path = out_dir / "text" / f"{note.stem}.pdf"
        scan_path = out_dir / "scan" / f"{note.stem}.pdf"
        unchanged = text_path.is_file() and text_path.read_bytes() == text
        if not (unchanged and scan_path.is_file()):
            _write_if_changed(scan_path, render_scan_pdf(text, dpi))
        _write_if_changed(text_path, text)
        done.append(RenderedNote(note.stem, text_path, scan_path, len(note.pages)))
    return done
