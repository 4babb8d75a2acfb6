"""Does a chunk's text really occur on the page it cites? Checked against an independent reader.

Each page of the PDF is extracted again with pdfium (not pypdf, which kb reads with); a chunk
is "on its page" when at least `share` of its runs of five words occur in that page's text.
Text is compared as its words of three letters or more, lower-cased and run together, so word
spacing, hyphenation, line breaks and formulas (which two readers spell differently) do not
matter, while a passage from another page fails plainly.
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium

from kb.records import Chunk

_WORD = re.compile(r"[^\W\d_]{3,}")
RUN = 5  # words per compared run


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def squash(text: str) -> str:
    """The words of `text` run together."""
    return "".join(tokens(text))


def page_texts(path: Path) -> list[str]:
    """Every page's squashed text, as pdfium reads it (index 0 = page 1)."""
    pdf = pdfium.PdfDocument(path)
    try:
        return [squash(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf))]
    finally:
        pdf.close()


def runs(text: str) -> list[str]:
    words = tokens(text)
    if len(words) <= RUN:
        return ["".join(words)] if words else []
    return ["".join(words[i : i + RUN]) for i in range(len(words) - RUN + 1)]


def on_pages(chunk_text: str, pages: Sequence[str], share: float = 0.8) -> bool:
    """True when `share` of the chunk's five-word runs occur in the joined `pages`."""
    mine = runs(chunk_text)
    if not mine:
        return True
    joined = "".join(pages)
    return sum(r in joined for r in mine) >= share * len(mine)


@dataclass(frozen=True)
class PageTruth:
    chunks: int
    on_cited_page: int  # text found on page_start alone
    on_cited_span: int  # text found on page_start..page_end
    spanning: int  # chunks with page_end > page_start
    median_words: float


def page_truth(path: Path, chunks: Sequence[Chunk]) -> PageTruth:
    pages = page_texts(path)
    text = [c for c in chunks if c.kind == "text"]
    first = sum(on_pages(c.text, [pages[c.page_start - 1]]) for c in text)
    span = sum(on_pages(c.text, pages[c.page_start - 1 : c.page_end]) for c in text)
    return PageTruth(
        chunks=len(text),
        on_cited_page=first,
        on_cited_span=span,
        spanning=sum(c.page_end > c.page_start for c in text),
        median_words=statistics.median(len(c.text.split()) for c in text) if text else 0.0,
    )
