"""Files in, records out: what one ingest reads, and the records it hands to the store.

`read_file` turns one path into Documents (or the reason it failed); `doc_record` and
`program_document` are the shapes the store keeps; `IngestReport` is what a batch reports.
Which store the records go to is decided in `kb.curate.batch`.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from kb.errors import FailureKind, KbError, MetadataError
from kb.ingest.notices import ReadNotice
from kb.ingest.parse.markdown import markdown_blocks
from kb.ingest.program_schema import LANGUAGES
from kb.ingest.programs import Program, load_programs
from kb.records import Block, DocRecord, Document, Page, ProgramInfo, content_id
from kb.settings import PROJECT_ROOT, Settings
from kb.vocab import countries, taxonomy


class ProgressSink(Protocol):
    def stage(self, name: str, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...


class Silent:
    def stage(self, name: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


class OcrBar:
    """Shows a long or scanned PDF's pages as a stage of their own, then resumes reading files
    where it was: "Reading files 8/21", not a new count of the files left ("1/14")."""

    def __init__(self, sink: ProgressSink, files: int, done: int) -> None:
        self.sink, self.files, self.done, self.used = sink, files, done, False

    def start(self, label: str, total: int) -> None:
        self.sink.stage(f"{label} (pages)", total)
        self.used = True

    def page_done(self) -> None:
        self.sink.advance()

    def resume(self) -> None:
        if self.used:
            self.sink.stage("Reading files", self.files)
            if self.done:
                self.sink.advance(self.done)


@dataclass(frozen=True)
class Failure:
    """A file that was not ingested: its path, the English reason (it names the limit or the
    fix) and the kind of failure, which the app says in the reader's language first."""

    file: str
    reason: str
    kind: FailureKind = "other"

    @classmethod
    def of(cls, file: str, exc: KbError, reason: str | None = None) -> Failure:
        return cls(file, reason if reason is not None else str(exc), exc.failure_kind)

    def __iter__(self) -> Iterator[str]:
        # Unpacks as the (file, reason) pair it replaced: `for file, reason in report.failed`.
        return iter((self.file, self.reason))


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)  # doc ids
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[Failure] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): not read
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, existing doc id)
    pending: list[str] = field(default_factory=list)  # held for review, not indexed
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)  # (id, of, sim)
    superseded: list[str] = field(default_factory=list)  # old ids of replaced documents
    warnings: list[ReadNotice] = field(default_factory=list)  # parts of files not read
    chunks: int = 0
    seconds: float = 0.0
    index: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "index": self.index,
            "added": len(self.added),
            "replaced": len(self.replaced),
            "unchanged": len(self.unchanged),
            "chunks_added": self.chunks,
            "failed": [{"file": f.file, "reason": f.reason, "kind": f.kind} for f in self.failed],
            "skipped": [{"file": f, "reason": r} for f, r in self.skipped],
            "duplicates": [{"file": f, "existing_id": d} for f, d in self.duplicates],
            "pending": list(self.pending),
            "near_duplicates": [
                {"doc_id": d, "of": o, "similarity": round(x, 3)}
                for d, o, x in self.near_duplicates
            ],
            "seconds": round(self.seconds, 3),
            "warnings": [{"file": w.file, "warning": str(w), "kind": w.key} for w in self.warnings],
        }


def regions_of(codes: Iterable[str]) -> list[str]:
    out: list[str] = []
    for code in codes:
        region = (
            countries.get(code).region if countries.is_country(code) else countries.region_of(code)
        )
        if region and region not in out:
            out.append(region)
    return out


def display_source(source: str) -> str:
    """Paths inside the project are stored relative to it, so an index is portable."""
    if "://" in source:
        return source
    try:
        return str(Path(source).resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return source


def doc_record(doc: Document) -> DocRecord:
    """What the index keeps about a document (JSON-safe metadata only)."""
    meta = {k: v for k, v in doc.metadata.items() if isinstance(v, str | int | float | bool | list)}
    return DocRecord(
        title=doc.title,
        source=display_source(doc.source),
        doc_type=doc.doc_type,
        language=doc.language,
        year=doc.year,
        countries=tuple(doc.countries),
        regions=tuple(regions_of(doc.countries)),
        pages=doc.page_count,
        metadata=meta,
        added=time.time(),
        program=doc.program,
        topics=tuple(doc.metadata.get("topics") or ()),
    )


# A case study's header passages: its names, then its instruments in each language. They are
# matched by search and never shown.
HEADER_PASSAGES = 1 + len(LANGUAGES)
# How a case study becomes a document. Part of its id, so that changing the passages it yields
# (2: the instruments' header passages) re-indexes every case study on the next `kb build`
# instead of leaving an existing index with the old ones.
PROGRAM_DOCUMENT_VERSION = 2


def _program_blocks(prog: Program) -> list[Block]:
    """Header (names, agency, country), its instruments in the taxonomy's words in each
    language, then the sections of every language version."""
    m = prog.meta
    names = [m.name, *m.aliases, *(tr.name for tr in prog.translations)]
    if countries.is_country(m.country):
        place = [countries.get(m.country).name(x) for x in LANGUAGES]
    else:
        place = [countries.region_of(m.country) or m.country]
    header = " — ".join(
        x for x in ["; ".join(dict.fromkeys(names)), m.agency, ", ".join(dict.fromkeys(place))] if x
    )
    blocks = [Block(m.name, "heading", 1, language=m.language)]
    blocks.append(Block(header, "header", language=m.language))
    for lang in LANGUAGES:  # what it is, in the taxonomy's words: matched, never shown
        words = [taxonomy.INSTRUMENTS[i][lang] for i in m.instruments]
        blocks.append(Block("; ".join(words), "header", language=lang))
    versions = [(m.language, prog.body), *((tr.language, tr.body) for tr in prog.translations)]
    for lang, body in versions:
        blocks += [replace(b, language=lang) for b in markdown_blocks(body)]
    return blocks


def program_id(prog: Program) -> str:
    """Changes when any file of the program (the original or a translation) changes, or
    the way a case study becomes a document (`PROGRAM_DOCUMENT_VERSION`)."""
    data = f"kb-program-document-{PROGRAM_DOCUMENT_VERSION}\0".encode()
    data += Path(prog.path).read_bytes()
    for path in prog.files()[1:]:
        data += b"\0" + Path(path).name.encode() + b"\0" + Path(path).read_bytes()
    return content_id(data, "p-")


def program_document(prog: Program, root: Path) -> Document:
    """A case study as one Document holding every language version, each block knowing its
    language; the header block (names, agency, country) is matched by search, never quoted."""
    m = prog.meta
    try:
        source = str(Path(prog.path).resolve().relative_to(root.resolve()))
    except ValueError:
        source = prog.path
    regions = regions_of([m.country])
    program = ProgramInfo(
        id=m.id,
        name=m.name,
        aliases=tuple(m.aliases),
        country=m.country,
        region=regions[0] if regions else None,
        instruments=tuple(m.instruments),
        needs=tuple(m.needs),
        evidence=m.evidence,
        agency=m.agency,
        status=m.status,
        end_year=m.end_year,
        names={lang: prog.name_in(lang) for lang in prog.languages},
    )
    return Document(
        doc_id=program_id(prog),
        title=m.name,
        source=source,
        pages=(Page(1, tuple(_program_blocks(prog))),),
        doc_type="program",
        language=m.language,
        year=m.start_year,
        countries=(m.country,) if countries.is_country(m.country) else (),
        program=program,
    )


def corpus_documents(settings: Settings) -> tuple[list[Document], list[MetadataError]]:
    """The shipped case studies as Documents, and one error per case study that failed."""
    programs, errors = load_programs(settings.corpus_dir / "programs")
    root = settings.corpus_dir.parent
    return [program_document(p, root) for p in programs], errors
