"""OCR of PDF pages without a usable text layer: pypdfium2 renders, Tesseract reads.

The language is the document's own when its metadata names one (PDF /Lang, a sidecar
`language:`); otherwise pages are read in Spanish first, the corpus's most common
language, and langdetect checks the result: when it says Portuguese or English the page
is read again in that language, which then becomes the first guess for the next page.

Cost is bounded by `settings.ocr_dpi` (pages are rendered at that resolution, capped in
pixels for oversized pages) and `settings.ocr_max_pages` (pages OCRed per document).
"""

from __future__ import annotations

import functools
import re
import shutil
import statistics
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, Protocol

from kb.ingest.lang import detect_language
from kb.ingest.parse.headings import StyledLine

# Tesseract's traineddata names for kb's languages, and the order they are tried in.
TESSERACT_LANG = {"es": "spa", "pt": "por", "en": "eng"}
TRY_ORDER = ("spa", "por", "eng")
_LATIN_WORD = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿ]{2,}$")
_VOWELS = set("aeiouyáéíóúàâêôãõüAEIOUYÁÉÍÓÚÀÂÊÔÃÕÜ")
_PUNCT = set(".,;:!?-–—_()[]{}'\"/…·•*%$€£+=<>|#&@")  # dot leaders, statistics tables
BOLD_INK = 1.3  # a bold line has this many times the usual line's share of dark pixels
MAX_PIXELS = 40_000_000  # a poster-sized page at ocr_dpi would need gigabytes; scale it down
ENABLE_HINT = (
    "to OCR scanned pages install Tesseract: on Debian/Ubuntu `sudo apt-get install "
    "tesseract-ocr tesseract-ocr-spa tesseract-ocr-por` (or run `scripts/dev setup` as root), "
    "on macOS `brew install tesseract tesseract-lang`, elsewhere install Tesseract with the "
    "spa and por language data and put `tesseract` on the PATH; then ingest the file again"
)


class PageProgress(Protocol):
    """Told how many pages a document will OCR, then once per page done."""

    def start(self, label: str, total: int) -> None: ...
    def page_done(self) -> None: ...


_progress: ContextVar[PageProgress | None] = ContextVar("kb_ocr_progress", default=None)


def current_progress() -> PageProgress | None:
    """Where page progress goes while parsing (set by `reporting`), if anywhere."""
    return _progress.get()


@contextmanager
def reporting(progress: PageProgress) -> Iterator[None]:
    """Report OCR pages to `progress` while parsing inside this block."""
    token = _progress.set(progress)
    try:
        yield
    finally:
        _progress.reset(token)


@dataclass(frozen=True)
class OcrPage:
    paragraphs: list[list[str]]  # each a list of lines, as the text-layer reader gives them
    confidence: float | None  # Tesseract's mean word confidence, 0-100
    language: str  # Tesseract language the page was read with


def find_tesseract() -> str | None:
    """Path of the tesseract binary pytesseract would run, or None when not installed."""
    import pytesseract

    return shutil.which(pytesseract.pytesseract.tesseract_cmd)


@functools.cache
def _installed_languages(binary: str) -> tuple[str, ...]:
    import pytesseract

    try:
        return tuple(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError):
        return ()


def unavailable_reason(enabled: bool) -> str | None:
    """Why pages cannot be OCRed here (with how to fix it), or None when OCR works."""
    if not enabled:
        return "OCR is switched off: set ocr_enabled (KB_OCR_ENABLED=true) to read scanned pages"
    binary = find_tesseract()
    if binary is None:
        return "Tesseract is not installed; " + ENABLE_HINT
    if not _installed_languages(binary):
        return "Tesseract has no language data; " + ENABLE_HINT
    return None


def garbage_text(text: str) -> bool:
    """Plainly unreadable text: mostly symbols, or Latin-letter "words" without vowels.

    Fonts with a broken Unicode map give text like '#$%&' or 'Tbxyq Pmkr'; OCR of the
    page image beats indexing that. Non-Latin scripts are never judged by the vowel test.
    """
    if text.count("(cid:") >= 5:
        return True
    # digits and punctuation (dot leaders of a contents page) say nothing either way
    chars = [ch for ch in text if not ch.isspace() and not ch.isdigit() and ch not in _PUNCT]
    if len(chars) < 20:
        return False
    if sum(ch.isalpha() for ch in chars) < 0.5 * len(chars):
        return True
    latin = [w for w in text.split() if _LATIN_WORD.match(w)]
    if len(latin) < 10:
        return False
    return sum(any(ch in _VOWELS for ch in w) for w in latin) < 0.6 * len(latin)


def image_covered(data: bytes, password: str | None, indexes: Sequence[int]) -> list[int]:
    """The pages among `indexes` that are mostly one image: a scan, whatever text is stamped on."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    found: list[int] = []
    pdf = pdfium.PdfDocument(data, password=password)
    try:
        for i in indexes:
            page = pdf[i]
            width, height = page.get_size()
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE], max_depth=2):
                left, bottom, right, top = obj.get_bounds()
                if (right - left) * (top - bottom) >= 0.5 * width * height:
                    found.append(i)
                    break
    finally:
        pdf.close()
    return found


def ocr_pages(
    data: bytes,
    password: str | None,
    indexes: Sequence[int],
    *,
    dpi: int,
    language: str | None,
    label: str = "",
) -> dict[int, OcrPage]:
    """OCR the pages at 0-based `indexes` of a PDF; pages where nothing is read are left out."""
    import pypdfium2 as pdfium

    progress = _progress.get()
    if progress is not None:
        progress.start(f"OCR {label}".strip(), len(indexes))
    reader = _Reader(_languages(language))
    out: dict[int, OcrPage] = {}
    pdf = pdfium.PdfDocument(data, password=password)
    try:
        for i in indexes:
            try:
                page = reader.read(render(pdf[i], dpi))
            except (pdfium.PdfiumError, RuntimeError, OSError):
                # one page Tesseract or pdfium cannot handle must not lose the others
                page = OcrPage([], None, "")
            if page.paragraphs:
                out[i] = page
            if progress is not None:
                progress.page_done()
    finally:
        pdf.close()
    return out


def render(page: Any, dpi: int) -> Any:
    """A grayscale PIL image of a pdfium page at `dpi` (less for oversized pages)."""
    width, height = page.get_size()  # points
    scale = dpi / 72
    pixels = width * height * scale * scale
    if pixels > MAX_PIXELS:
        scale *= (MAX_PIXELS / pixels) ** 0.5
    return page.render(scale=scale, grayscale=True).to_pil()


def _languages(hint: str | None) -> list[str]:
    """Installed Tesseract languages in the order to try, the metadata's language first."""
    binary = find_tesseract() or ""
    installed = set(_installed_languages(binary))
    order = [TESSERACT_LANG[hint]] if hint in TESSERACT_LANG else []
    order += [code for code in TRY_ORDER if code not in order]
    return [code for code in order if code in installed] or ["eng"]


class _Reader:
    """Reads page images, keeping the language that worked for the previous page first."""

    def __init__(self, languages: list[str]) -> None:
        self.languages = languages

    def read(self, image: Any) -> OcrPage:
        first = self.languages[0]
        page = read_image(image, first)
        detected = TESSERACT_LANG.get(detect_language(_text(page)) or "")
        if detected and detected != first and detected in self.languages:
            again = read_image(image, detected)
            if _words(again) >= 0.8 * _words(page):
                page = again
                self.languages.remove(detected)
                self.languages.insert(0, detected)
        return page


def read_image(image: Any, lang: str) -> OcrPage:
    """Tesseract's words grouped into its own lines and paragraphs, with mean confidence."""
    import pytesseract

    data = pytesseract.image_to_data(image, lang=lang, output_type=pytesseract.Output.DICT)
    return page_from_data(data, lang, image)


_Box = tuple[int, int, int, int]  # left, top, right, bottom in pixels


def page_from_data(data: dict[str, list[Any]], lang: str, image: Any = None) -> OcrPage:
    """Paragraphs (lists of lines) and mean confidence from `image_to_data` output.

    Lines are `StyledLine`s: their size is the line's height in pixels and, given the page
    image, they are bold when their ink is much denser than the page's usual line (Tesseract
    does not report weight), so section titles of scans can be told as in a text layer.
    """
    lines: dict[tuple[int, int, int], list[str]] = {}
    boxes: dict[tuple[int, int, int], list[_Box]] = {}
    confidences: list[float] = []
    for i, word in enumerate(data["text"]):
        word = str(word).strip()
        conf = float(data["conf"][i])
        if not word or conf < 0:
            continue
        confidences.append(conf)
        key = (int(data["block_num"][i]), int(data["par_num"][i]), int(data["line_num"][i]))
        lines.setdefault(key, []).append(word)
        box = _word_box(data, i)
        if box is not None:
            boxes.setdefault(key, []).append(box)
    styled = _styled_lines(lines, boxes, image)
    paragraphs: dict[tuple[int, int], list[str]] = {}
    for key, line in styled.items():
        paragraphs.setdefault(key[:2], []).append(line)
    mean = round(statistics.fmean(confidences), 1) if confidences else None
    return OcrPage([p for p in paragraphs.values() if p], mean, lang)


def _word_box(data: dict[str, list[Any]], i: int) -> _Box | None:
    try:
        left, top = int(data["left"][i]), int(data["top"][i])
        return left, top, left + int(data["width"][i]), top + int(data["height"][i])
    except (KeyError, IndexError, ValueError):
        return None


def _styled_lines(
    lines: dict[tuple[int, int, int], list[str]],
    boxes: dict[tuple[int, int, int], list[_Box]],
    image: Any,
) -> dict[tuple[int, int, int], str]:
    """Each line with the median height of its words (a speck of dust can stretch one word
    box, not the median) and its weight judged by its ink against the page's usual line."""
    ink = _ink(boxes, image)
    usual = statistics.median(ink.values()) if ink else 0.0
    out: dict[tuple[int, int, int], str] = {}
    for key, words in lines.items():
        heights = [bottom - top for _, top, _, bottom in boxes.get(key, [])]
        height = float(statistics.median(heights)) if heights else 0.0
        bold = usual > 0 and ink.get(key, 0.0) >= BOLD_INK * usual
        out[key] = StyledLine(" ".join(words), height, bold)
    return out


def _ink(
    boxes: dict[tuple[int, int, int], list[_Box]], image: Any
) -> dict[tuple[int, int, int], float]:
    """Share of dark pixels in each line's word boxes (bold strokes are thicker at any size)."""
    if image is None or not boxes:
        return {}
    import numpy as np

    pixels = np.asarray(image.convert("L"))
    out = {}
    for key, words in boxes.items():
        dark = area = 0
        for left, top, right, bottom in words:
            crop = pixels[top:bottom, left:right]
            dark += int((crop < 128).sum())
            area += crop.size
        if area:
            out[key] = dark / area
    return out


def _text(page: OcrPage) -> str:
    return "\n".join(" ".join(p) for p in page.paragraphs)


def _words(page: OcrPage) -> int:
    return len(_text(page).split())
