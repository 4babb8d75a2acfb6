"""The records passed between pipeline stages.

Frozen dataclasses: a stage never mutates what it was handed, so a `Document`
can be cached, hashed into an id, and shared between threads safely.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "table"]


@dataclass(frozen=True)
class Block:
    """A unit of text on a page: a heading, a paragraph, or a table (rows joined by newlines)."""

    text: str
    kind: BlockKind = "paragraph"
    level: int = 0  # heading depth (1 = top); 0 for non-headings
    caption: str | None = None  # tables only


@dataclass(frozen=True)
class Page:
    """One physical page (or, for formats without pages, the whole text as page 1)."""

    number: int  # 1-based physical page number
    blocks: tuple[Block, ...]
    label: str | None = None  # the printed page label when the PDF defines one ("iv", "12")
    ocr: bool = False
    ocr_confidence: float | None = None  # Tesseract mean word confidence, 0-100

    @property
    def text(self) -> str:
        return "\n\n".join(b.text for b in self.blocks if b.text)


@dataclass(frozen=True)
class Document:
    """A parsed source: page-aware text plus metadata."""

    doc_id: str
    title: str
    source: str  # file path or URL (a DSpace handle for repository records)
    pages: tuple[Page, ...]
    doc_type: str  # pdf | html | markdown | docx | text | repository-record | program
    language: str | None = None
    year: int | None = None
    countries: tuple[str, ...] = ()  # ISO3 codes
    metadata: Mapping[str, Any] = field(default_factory=dict)

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages if p.text)

    @property
    def page_count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True)
class Chunk:
    """A passage sized for the encoder, with where it came from."""

    chunk_id: str  # "<doc_id>:<seq>"
    doc_id: str
    seq: int
    text: str
    page_start: int
    page_end: int
    heading: str | None = None
    char_start: int = 0  # offsets into Document.text
    char_end: int = 0
    language: str | None = None
    kind: str = "text"  # text | table
    ocr: bool = False
    page_label: str | None = None
    ocr_confidence: float | None = None  # mean Tesseract confidence of its scanned pages


@dataclass(frozen=True)
class Hit:
    """One ranked passage returned by search, with everything needed to cite it."""

    rank: int
    score: float
    chunk_id: str
    doc_id: str
    title: str
    page: int
    page_end: int
    language: str | None
    snippet: str
    source: str
    text: str = ""
    heading: str | None = None
    page_label: str | None = None
    doc_type: str = ""
    year: int | None = None
    countries: tuple[str, ...] = ()
    kind: str = "text"
    ocr: bool = False
    ocr_confidence: float | None = None  # 0-100, for text recognised from a scan
    program_id: str | None = None
    program_name: str | None = None
    country: str | None = None
    region: str | None = None
    instruments: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    evidence: str | None = None
    scores: Mapping[str, float] = field(default_factory=dict)  # per-method scores behind the fusion

    def to_json(self) -> dict[str, Any]:
        """The documented `--json` hit object (see README, "JSON output")."""
        out: dict[str, Any] = {
            "rank": self.rank,
            "score": round(self.score, 6),
            "doc_id": self.doc_id,
            "chunk_id": self.chunk_id,
            "title": self.title,
            "page": self.page,
            "page_end": self.page_end,
            "page_label": self.page_label,
            "heading": self.heading,
            "language": self.language,
            "snippet": self.snippet,
            "source": self.source,
            "doc_type": self.doc_type,
            "year": self.year,
            "countries": list(self.countries),
            "kind": self.kind,
            "ocr": self.ocr,
            "ocr_confidence": self.ocr_confidence,
        }
        if self.program_id:
            out.update(
                program_id=self.program_id,
                program_name=self.program_name,
                country=self.country,
                region=self.region,
                instruments=list(self.instruments),
                needs=list(self.needs),
                evidence=self.evidence,
            )
        return out


def content_id(data: bytes | str, prefix: str = "") -> str:
    """Stable id from content: the same bytes always give the same id, on any machine."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return prefix + hashlib.sha256(raw).hexdigest()[:16]
