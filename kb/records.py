"""The records passed between pipeline stages.

Frozen dataclasses: a stage never mutates what it was handed, so a `Document`
can be cached, hashed into an id, and shared between threads safely.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

BlockKind = Literal["heading", "paragraph", "table", "header"]


def has_pages(doc_type: str, source: str) -> bool:
    """Whether a document's page numbers are real: a PDF's are; every other format is one
    "page 1", which a citation must not send the reader to."""
    return doc_type == "pdf" or source.lower().endswith(".pdf")


@dataclass(frozen=True)
class Block:
    """A unit of text on a page: a heading, a paragraph, a table (rows joined by newlines), or
    a header: what a source is or holds rather than what it says (a case study's name, aliases,
    agency and country; a repository record's contents note), matched by search, never quoted."""

    text: str
    kind: BlockKind = "paragraph"
    level: int = 0  # heading depth (1 = top); 0 for non-headings
    caption: str | None = None  # tables only
    language: str | None = None  # known language of the text (case studies); None = detect it


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
    program: ProgramInfo | None = None  # case studies only

    @property
    def text(self) -> str:
        return "\n\n".join(p.text for p in self.pages if p.text)

    @property
    def page_count(self) -> int:
        return len(self.pages)


@dataclass(frozen=True)
class ProgramInfo:
    """What the index keeps about the program a case study describes (for filters and cards)."""

    id: str
    name: str
    country: str  # ISO3, or a region code for multilateral programs
    aliases: tuple[str, ...] = ()
    region: str | None = None  # World Bank region name
    instruments: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    evidence: str | None = None
    agency: str = ""
    # None in indexes built before these were kept (`kb build --rebuild` fills them)
    status: str | None = None  # active | closed | unknown
    end_year: int | None = None
    # The name as each language version of the case study writes it ({} in older indexes)
    names: Mapping[str, str] = field(default_factory=dict)

    def name_in(self, lang: str | None) -> str:
        """The name a reader of `lang` is shown: their version's, else the official one."""
        return self.names.get(lang or "", "") or self.name

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ProgramInfo:
        known = {f.name for f in fields(cls)}
        kept: dict[str, Any] = {
            k: tuple(v) if isinstance(v, list) else v for k, v in data.items() if k in known
        }
        return cls(**kept)


_WEB = re.compile(r"https?://[^\s<>\"'`]+", re.IGNORECASE)


def web_address(source: str, metadata: Mapping[str, Any]) -> str | None:
    """Where a document is on the web: its source when that is an address (a repository
    record's handle), else a `url` its sidecar or front matter gives, else the original a
    saved page names in its [[source:…]] tag. Only http(s) addresses with no space: the
    value comes from the document and becomes a link."""
    for value in (source, metadata.get("url"), metadata.get("source")):
        if isinstance(value, str) and _WEB.fullmatch(value.strip()):
            return value.strip()
    return None


@dataclass(frozen=True)
class DocRecord:
    """What the index keeps about one document: the metadata every hit and filter reads."""

    title: str
    source: str  # path relative to the project when inside it, or a URL / handle
    doc_type: str
    language: str | None = None
    year: int | None = None
    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    pages: int = 1
    metadata: Mapping[str, Any] = field(default_factory=dict)
    added: float = 0.0  # Unix time the document entered the index
    program: ProgramInfo | None = None  # case studies only
    topics: tuple[str, ...] = ()  # policy notes: the need/instrument ids they discuss

    @property
    def paged(self) -> bool:
        """True when its page numbers are real (a PDF); other formats are all "page 1"."""
        return has_pages(self.doc_type, self.source)

    @property
    def url(self) -> str | None:
        """Where the document is on the web, when its source or metadata says (`web_address`)."""
        return web_address(self.source, self.metadata)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "title": self.title,
            "source": self.source,
            "doc_type": self.doc_type,
            "language": self.language,
            "year": self.year,
            "countries": list(self.countries),
            "regions": list(self.regions),
            "pages": self.pages,
            "metadata": dict(self.metadata),
            "added": self.added,
        }
        if self.program is not None:
            out["program"] = self.program.to_json()
        if self.topics:
            out["topics"] = list(self.topics)
        return out

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> DocRecord:
        program = data.get("program")
        return cls(
            title=str(data.get("title") or ""),
            source=str(data.get("source") or ""),
            doc_type=str(data.get("doc_type") or ""),
            language=data.get("language"),
            year=data.get("year"),
            countries=tuple(data.get("countries") or ()),
            regions=tuple(data.get("regions") or ()),
            pages=int(data.get("pages") or 1),
            metadata=dict(data.get("metadata") or {}),
            added=float(data.get("added") or 0.0),
            program=ProgramInfo.from_json(program) if isinstance(program, Mapping) else None,
            topics=tuple(data.get("topics") or ()),
        )


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
    kind: str = "text"  # text | table | header (names or contents: matched, never quoted)
    ocr: bool = False
    page_label: str | None = None
    ocr_confidence: float | None = None  # mean Tesseract confidence of its scanned pages


@dataclass(frozen=True)
class Passage:
    """One passage shown on a source's card: where it is, and the part that answers the query."""

    chunk_id: str
    page: int
    page_end: int
    snippet: str
    text: str = ""
    heading: str | None = None
    page_label: str | None = None
    language: str | None = None
    score: float = 0.0
    kind: str = "text"
    ocr: bool = False
    continues: bool = False  # opens inside a sentence the chunk before began (shown with "…")

    def to_json(self) -> dict[str, Any]:
        return {
            "chunk_id": self.chunk_id,
            "page": self.page,
            "page_end": self.page_end,
            "page_label": self.page_label,
            "heading": self.heading,
            "language": self.language,
            "snippet": self.snippet,
            "score": round(self.score, 6),
            "kind": self.kind,
            "ocr": self.ocr,
        }


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
    display_name: str | None = None  # the program's name in the reader's language
    country: str | None = None
    region: str | None = None
    instruments: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    evidence: str | None = None
    status: str | None = None  # the program's: active | closed | unknown
    end_year: int | None = None
    scores: Mapping[str, float] = field(default_factory=dict)  # per-method scores behind the fusion
    # The source's best passages (the first is the one above: page, snippet, heading ...).
    passages: tuple[Passage, ...] = ()
    good_match: bool = True  # False: below the calibrated relevance floor
    relevance: float | None = None  # the card's relevance, the scale the floor is on
    url: str | None = None  # where the document is on the web, when its metadata says

    @property
    def paged(self) -> bool:
        return has_pages(self.doc_type, self.source)

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
            "paged": self.paged,
            "heading": self.heading,
            "language": self.language,
            "snippet": self.snippet,
            "source": self.source,
            "url": self.url,
            "doc_type": self.doc_type,
            "year": self.year,
            "countries": list(self.countries),
            "kind": self.kind,
            "ocr": self.ocr,
            "ocr_confidence": self.ocr_confidence,
            "good_match": self.good_match,
            "relevance": None if self.relevance is None else round(self.relevance, 4),
            "passages": [p.to_json() for p in self.passages],
            "scores": {k: round(float(v), 4) for k, v in self.scores.items()},
        }
        if self.program_id:
            out.update(
                program_id=self.program_id,
                program_name=self.program_name,
                display_name=self.display_name or self.program_name,
                country=self.country,
                region=self.region,
                instruments=list(self.instruments),
                needs=list(self.needs),
                evidence=self.evidence,
                program_status=self.status,
                program_end_year=self.end_year,
            )
        return out


def content_id(data: bytes | str, prefix: str = "") -> str:
    """Stable id from content: the same bytes always give the same id, on any machine."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    return prefix + hashlib.sha256(raw).hexdigest()[:16]
