"""The cited page: a stored PDF's page as an image with the cited passage highlighted.

pypdfium2 renders the page; pdfplumber gives each word's box; the passage is found among the
page's words by comparing letters and digits only (case- and accent-folded, spaces ignored), so
a passage parsed as "should match the language" still finds a page that typesets it as
"shouldmatchthelanguage". Runs of at least `MIN_RUN` matching characters count, so a shared
"the" never lights up a stray word; a passage that continues on the next page lights up only
the part printed on this one.

Only documents of the index are opened, by their doc_id: a caller never hands in a path.
Case studies and other documents without pages are shown as text by `section_view`: the
section the passage is in, with the passage's span marked.
"""

from __future__ import annotations

import difflib
import io
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from kb.errors import PageViewError, ViewWhy
from kb.records import DocRecord
from kb.settings import PROJECT_ROOT
from kb.store.base import IndexView
from kb.vocab.labels import t

MIN_RUN = 12  # matching characters a run needs to count as part of the passage
HIGHLIGHT = (255, 214, 0, 110)  # RGBA: translucent yellow, the words stay readable
_TOKEN = re.compile(r"\S+")


@dataclass(frozen=True)
class Box:
    """A word's rectangle in PDF points, origin at the page's top left (pdfplumber's)."""

    x0: float
    top: float
    x1: float
    bottom: float

    def scaled(self, k: float) -> tuple[float, float, float, float]:
        return (self.x0 * k, self.top * k, self.x1 * k, self.bottom * k)


@dataclass(frozen=True)
class PageImage:
    """One rendered page, the passage's word boxes, and what to call it."""

    png: bytes
    page: int  # 1-based
    pages: int
    file_name: str
    title: str
    boxes: tuple[Box, ...]  # the highlighted words, in PDF points
    words: tuple[str, ...]  # those words' text, in reading order
    scale: float  # pixels per PDF point in `png`
    changed: bool = False  # the file was modified after it was indexed


@dataclass(frozen=True)
class SectionView:
    """A passage of a document without pages, inside the section it belongs to."""

    title: str
    section: str
    text: str
    spans: tuple[tuple[int, int], ...]  # character ranges of `text` holding the passage


@dataclass(frozen=True)
class Cited:
    """A cited passage of the index, with what the viewer needs to show it in place."""

    doc_id: str
    chunk_id: str
    title: str
    page: int
    page_end: int
    heading: str
    text: str
    language: str
    paged: bool  # a PDF: show the page; else show the section
    program_id: str = ""


def refused(doc: str, why: ViewWhy, **values: str) -> PageViewError:
    """The error for a page that cannot be shown; its English reason is the English label
    "viewer.<why>", so the viewer can say the same in the reader's language."""
    return PageViewError(doc, t(f"viewer.{why}", "en", **values), why, values)


def cited(index: IndexView, doc_id: str, chunk_id: str = "", page: int = 0) -> Cited:
    """The passage `chunk_id` of document `doc_id` (without one: the document's first passage
    on `page`); PageViewError when the index has no such document or passage."""
    record = index.docs.get(doc_id)
    if record is None:
        raise refused(doc_id, "unknown_doc")
    columns = ["chunk_id", "text", "page_start", "page_end", "heading", "language", "kind"]
    table = index.chunk_table(columns, [doc_id])
    rows = table[table["chunk_id"] == chunk_id] if chunk_id else table[table["page_start"] == page]
    if len(rows) and rows.iloc[0]["kind"] == "header":  # a case study's names: show its start
        rows = table[table["kind"] != "header"].head(1)
    if rows.empty:
        raise refused(record.title, "no_passage", passage=repr(chunk_id or page))
    row = rows.iloc[0]
    heading = row["heading"] if isinstance(row["heading"], str) else ""
    return Cited(
        doc_id=doc_id,
        chunk_id=str(row["chunk_id"]),
        title=record.title,
        page=int(row["page_start"]),
        page_end=int(row["page_end"]),
        heading=heading,
        text=str(row["text"]),
        language=str(row["language"] or record.language or ""),
        paged=record.paged,
        program_id=record.program.id if record.program else "",
    )


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def matched_units(units: Sequence[str], passage: str, min_run: int = MIN_RUN) -> list[int]:
    """Indexes of the units (words) that carry a run of the passage's characters."""
    owner: list[int] = []
    chars: list[str] = []
    for i, unit in enumerate(units):
        folded = _fold(unit)
        chars.append(folded)
        owner.extend([i] * len(folded))
    page, wanted = "".join(chars), _fold(passage)
    if not page or not wanted:
        return []
    matcher = difflib.SequenceMatcher(None, page, wanted, autojunk=False)
    hit: set[int] = set()
    for block in matcher.get_matching_blocks():
        if block.size >= min(min_run, len(wanted)):
            hit.update(owner[block.a : block.a + block.size])
    return sorted(hit)


def stored_pdf(docs: Mapping[str, DocRecord], doc_id: str) -> tuple[DocRecord, Path]:
    """The record and local file of an indexed PDF; PageViewError when there is none."""
    record = docs.get(doc_id)
    if record is None:
        raise refused(doc_id, "unknown_doc")
    if not record.paged:
        raise refused(record.title, "not_pdf")
    if not record.source or "://" in record.source:
        raise refused(record.title, "not_stored")
    path = Path(record.source)
    path = path if path.is_absolute() else PROJECT_ROOT / path
    if not path.is_file():
        raise refused(record.title, "file_gone", file=path.name)
    return record, path


def page_boxes(path: Path, page: int, passage: str) -> tuple[list[Box], list[str]]:
    """The boxes and text of the page's words that carry the passage."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        words = pdf.pages[page - 1].extract_words(use_text_flow=True)
    keep = matched_units([w["text"] for w in words], passage)
    boxes = [
        Box(
            float(words[i]["x0"]),
            float(words[i]["top"]),
            float(words[i]["x1"]),
            float(words[i]["bottom"]),
        )
        for i in keep
    ]
    return boxes, [str(words[i]["text"]) for i in keep]


def best_page(
    docs: Mapping[str, DocRecord], doc_id: str, first: int, last: int, passage: str
) -> int:
    """Of the pages a passage spans, the one holding most of it (a passage that starts with
    the last line of a page is shown where the rest of it is)."""
    if last <= first:
        return first
    _, path = stored_pdf(docs, doc_id)
    counts = {n: len(page_boxes(path, n, passage)[0]) for n in range(first, last + 1)}
    return max(counts, key=lambda n: (counts[n], -n))


def render_page(path: Path, page: int, boxes: Sequence[Box], scale: float) -> bytes:
    """The page as a PNG with each box filled in translucent yellow."""
    import pypdfium2 as pdfium
    from PIL import Image, ImageDraw

    pdf = pdfium.PdfDocument(path)
    try:
        image = pdf[page - 1].render(scale=scale).to_pil().convert("RGBA")
    finally:
        pdf.close()
    layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    for box in boxes:
        x0, y0, x1, y1 = box.scaled(scale)
        draw.rectangle((x0 - 1, y0 - 1, x1 + 1, y1 + 1), fill=HIGHLIGHT)
    out = io.BytesIO()
    Image.alpha_composite(image, layer).convert("RGB").save(out, format="PNG", optimize=True)
    return out.getvalue()


def page_image(
    docs: Mapping[str, DocRecord], doc_id: str, page: int, passage: str, scale: float = 1.5
) -> PageImage:
    """Page `page` of the indexed PDF `doc_id`, with `passage` highlighted."""
    record, path = stored_pdf(docs, doc_id)
    pages = _page_count(path, record.title)
    if not 1 <= page <= pages:
        raise refused(record.title, "page_range", pages=str(pages), page=str(page))
    boxes, words = page_boxes(path, page, passage)
    return PageImage(
        png=render_page(path, page, boxes, scale),
        page=page,
        pages=pages,
        file_name=path.name,
        title=record.title,
        boxes=tuple(boxes),
        words=tuple(words),
        scale=scale,
        changed=record.added > 0 and path.stat().st_mtime > record.added + 1,
    )


def passage_crop(view: PageImage, pad: float = 18.0) -> bytes | None:
    """The part of the page image holding the highlighted words (a phone shows the whole page
    too small to read); None when nothing is highlighted."""
    if not view.boxes:
        return None
    from PIL import Image

    image = Image.open(io.BytesIO(view.png))
    k = view.scale
    x0 = max(min(b.x0 for b in view.boxes) - pad, 0) * k
    y0 = max(min(b.top for b in view.boxes) - pad, 0) * k
    x1 = min(max(b.x1 for b in view.boxes) * k + pad * k, image.width)
    y1 = min(max(b.bottom for b in view.boxes) * k + pad * k, image.height)
    out = io.BytesIO()
    image.crop((int(x0), int(y0), int(x1), int(y1))).save(out, format="PNG", optimize=True)
    return out.getvalue()


def _page_count(path: Path, title: str) -> int:
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(path)
    except pdfium.PdfiumError as exc:  # encrypted or damaged since it was indexed
        raise refused(title, "unopenable", file=path.name, detail=str(exc)) from exc
    try:
        return len(pdf)
    finally:
        pdf.close()


def section_view(title: str, section: str, text: str, passage: str) -> SectionView:
    """A section's text with the character spans that carry the passage."""
    tokens = list(_TOKEN.finditer(text))
    keep = matched_units([m.group() for m in tokens], passage)
    spans: list[tuple[int, int]] = []
    for i in keep:
        start, end = tokens[i].span()
        if spans and (spans[-1][1] == start or text[spans[-1][1] : start].isspace()):
            spans[-1] = (spans[-1][0], end)  # neighbouring words: one span
        else:
            spans.append((start, end))
    return SectionView(title=title, section=section, text=text, spans=tuple(spans))


_SPACED_WORD = re.compile(r"\S+\s*")  # a word and the space after it
MAX_OVERLAP_WORDS = 80  # passages overlap by chunk_overlap_words (25); never more than this


def section_text(index: IndexView, doc_id: str, heading: str) -> str:
    """A document's section as one text, rebuilt from its passages (in order, the words each
    repeats from the one before dropped): what the viewer shows around a passage of a Markdown,
    HTML or text document, which kb does not keep whole."""
    table = index.chunk_table(["seq", "text", "heading", "kind"], [doc_id]).sort_values("seq")
    same = [
        str(text)
        for text, head, kind in zip(table["text"], table["heading"], table["kind"], strict=True)
        if kind != "header" and (head if isinstance(head, str) else "") == heading
    ]
    return join_overlapping(same)


def join_overlapping(parts: Sequence[str]) -> str:
    """Consecutive passages joined without the words a passage repeats from the one before."""
    out: list[str] = []
    for part in parts:
        tokens = _SPACED_WORD.findall(part)
        words = [t.strip() for t in tokens]
        tail = [t.strip() for t in out[-MAX_OVERLAP_WORDS:]]
        skip = next(
            (n for n in range(min(len(tail), len(words)), 0, -1) if tail[-n:] == words[:n]), 0
        )
        if out and not out[-1][-1:].isspace():
            out[-1] += " " if skip else "\n\n"  # no shared words: a gap, a new paragraph
        out += tokens[skip:]
    return "".join(out).strip()
