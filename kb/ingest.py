"""Files in, index version out: parse -> chunk -> embed (cached) -> index -> publish.

Unchanged files (same content hash) are recognised before parsing and skipped, so
a re-ingest costs a hash per file. A file that fails is reported with its reason
and the rest of the batch goes on; nothing already indexed is touched by a failure.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from kb import countries
from kb.chunk import chunk_document
from kb.embed import EmbeddingCache, Encoder, encode_cached, make_encoder
from kb.errors import KbError, MetadataError, ParseError
from kb.index import Index
from kb.lexical import tokenize
from kb.parse import iter_files, ocr, parse_file
from kb.parse.markdown import markdown_blocks
from kb.programs import Program, load_programs
from kb.records import Block, Document, Page, content_id
from kb.settings import PROJECT_ROOT, Settings

if TYPE_CHECKING:
    from kb.curate import CatalogHook


class ProgressSink(Protocol):
    def stage(self, name: str, total: int) -> None: ...
    def advance(self, n: int = 1) -> None: ...


class _Silent:
    def stage(self, name: str, total: int) -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass


class _OcrBar:
    """Shows a scanned PDF's OCR pages as a stage of their own, then resumes reading files."""

    def __init__(self, sink: ProgressSink, files_left: int) -> None:
        self.sink, self.files_left, self.used = sink, files_left, False

    def start(self, label: str, total: int) -> None:
        self.sink.stage(f"{label} (pages)", total)
        self.used = True

    def page_done(self) -> None:
        self.sink.advance()

    def resume(self) -> None:
        if self.used:
            self.sink.stage("Reading files", self.files_left)


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)  # doc ids
    replaced: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (file, reason)
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (file, existing doc id)
    pending: list[str] = field(default_factory=list)  # held for review, not indexed
    near_duplicates: list[tuple[str, str, float]] = field(default_factory=list)  # (id, of, sim)
    superseded: list[str] = field(default_factory=list)  # old ids of replaced documents
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
            "failed": [{"file": f, "reason": r} for f, r in self.failed],
            "duplicates": [{"file": f, "existing_id": d} for f, d in self.duplicates],
            "pending": list(self.pending),
            "near_duplicates": [
                {"doc_id": d, "of": o, "similarity": round(x, 3)}
                for d, o, x in self.near_duplicates
            ],
            "seconds": round(self.seconds, 3),
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


def doc_record(doc: Document) -> dict[str, Any]:
    """What the index keeps about a document (JSON-safe)."""
    meta = {k: v for k, v in doc.metadata.items() if isinstance(v, str | int | float | bool | list)}
    program = meta.pop("program", None) if isinstance(doc.metadata.get("program"), dict) else None
    rec: dict[str, Any] = {
        "title": doc.title,
        "source": display_source(doc.source),
        "doc_type": doc.doc_type,
        "language": doc.language,
        "year": doc.year,
        "countries": list(doc.countries),
        "regions": regions_of(doc.countries),
        "pages": doc.page_count,
        "metadata": meta,
        "added": time.time(),
    }
    if isinstance(doc.metadata.get("program"), dict):
        rec["program"] = dict(doc.metadata["program"])
    elif program:
        rec["program"] = program
    if "topics" in doc.metadata:
        rec["topics"] = list(doc.metadata["topics"])
    return rec


def program_document(prog: Program, root: Path) -> Document:
    """A case study as a Document: a header block (name, aliases, agency), then sections."""
    m = prog.meta
    country = (
        countries.get(m.country).name_en
        if countries.is_country(m.country)
        else (countries.region_of(m.country) or m.country)
    )
    header = " — ".join(x for x in [m.name, "; ".join(m.aliases), m.agency, country] if x)
    blocks = [Block(m.name, "heading", 1), Block(header), *markdown_blocks(prog.body)]
    try:
        source = str(Path(prog.path).resolve().relative_to(root.resolve()))
    except ValueError:
        source = prog.path
    program = {
        "id": m.id,
        "name": m.name,
        "aliases": list(m.aliases),
        "country": m.country,
        "region": regions_of([m.country])[0] if regions_of([m.country]) else None,
        "instruments": list(m.instruments),
        "needs": list(m.needs),
        "evidence": m.evidence,
        "agency": m.agency,
    }
    return Document(
        doc_id=content_id(Path(prog.path).read_bytes(), "p-"),
        title=m.name,
        source=source,
        pages=(Page(1, tuple(blocks)),),
        doc_type="program",
        language=m.language,
        year=m.start_year,
        countries=(m.country,) if countries.is_country(m.country) else (),
        metadata={"program": program},
    )


class Pipeline:
    """Parse, chunk, embed and publish into one named index.

    With a `catalog` hook (kb.curate.CatalogHook) every new document is registered in the
    catalog; near-duplicates and documents the hook holds for review are not indexed.
    """

    def __init__(
        self,
        settings: Settings,
        encoder: Encoder | None = None,
        progress: ProgressSink | None = None,
        catalog: CatalogHook | None = None,
    ) -> None:
        self.settings = settings
        self.encoder = encoder or make_encoder(settings.encoder, settings.encoder_weights)
        self.cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite")
        self.progress = progress or _Silent()
        self.catalog = catalog

    def open_index(self, name: str, rebuild: bool = False) -> Index:
        path = self.settings.index_path(name)
        if Index.exists(path) and not rebuild:
            return Index.load(path, expect_encoder=self.encoder.name)
        s = self.settings
        return Index.empty(
            path,
            self.encoder.name,
            self.encoder.dim,
            s.chunk_words,
            s.chunk_overlap_words,
            storage=s.vector_storage,
            centering=s.language_centering,
            document_context=s.document_context,
        )

    def ingest_paths(
        self,
        paths: Sequence[Path],
        name: str,
        password: str | None = None,
        rebuild: bool = False,
        extra: Sequence[Document] = (),
        drop: Sequence[str] = (),
    ) -> IngestReport:
        t0 = time.perf_counter()
        report = IngestReport(index=name)
        index = self.open_index(name, rebuild)
        stale = [d for d in drop if d in index.docs]
        index = index.without(stale)
        by_source = index.sources()
        files = list(iter_files(paths))
        docs: list[Document] = list(extra)
        self.progress.stage("Reading files", len(files))
        for n, path in enumerate(files):
            bar = _OcrBar(self.progress, len(files) - n)
            with ocr.reporting(bar):
                self._read_one(path, password, index, by_source, docs, report)
            bar.resume()
            self.progress.advance()
        new = [d for d in docs if d.doc_id not in index.docs or rebuild]
        report.unchanged += [d.doc_id for d in docs if d not in new]
        if self.catalog is not None:
            new = self.catalog.screen(name, new, by_source, report)
        index = self._add(index, new, by_source, report)
        if new or stale or rebuild or not Index.exists(index.path):
            index = index.publish()
        if self.catalog is not None:
            self.catalog.commit(index, report, dropped=stale)
        report.seconds = time.perf_counter() - t0
        return report

    def _read_one(
        self,
        path: Path,
        password: str | None,
        index: Index,
        by_source: dict[str, str],
        docs: list[Document],
        report: IngestReport,
    ) -> None:
        try:
            # Too-large files go straight to parse_file, which refuses them without reading.
            if (
                path.suffix.lower() != ".csv"
                and path.is_file()
                and path.stat().st_size <= self.settings.max_upload_bytes
            ):
                doc_id = content_id(path.read_bytes())
                known = self._known_source(index, doc_id, docs)
                if known is not None:
                    # The same bytes are never indexed twice: same file -> unchanged,
                    # another file -> a duplicate naming the id already held.
                    if known == display_source(str(path)):
                        report.unchanged.append(doc_id)
                    else:
                        report.duplicates.append((str(path), doc_id))
                    return
            docs.extend(parse_file(path, password=password, settings=self.settings))
        except KbError as exc:
            reason = exc.reason if isinstance(exc, ParseError) else str(exc)
            report.failed.append((str(path), reason))
        except OSError as exc:
            report.failed.append((str(path), f"cannot read file: {exc.strerror or exc}"))

    def _known_source(self, index: Index, doc_id: str, batch: list[Document]) -> str | None:
        """The source of an already held document with this id (index, catalog or batch)."""
        if doc_id in index.docs:
            return str(index.docs[doc_id].get("source", ""))
        if self.catalog is not None:
            entry = self.catalog.catalog.find(index.path.name, doc_id)
            if entry is not None:
                return entry.source
        return next((display_source(d.source) for d in batch if d.doc_id == doc_id), None)

    def _add(
        self, index: Index, docs: list[Document], by_source: dict[str, str], report: IngestReport
    ) -> Index:
        s = self.settings
        chunks, records = [], {}
        for doc in docs:
            old = by_source.get(display_source(doc.source))
            if old and old != doc.doc_id and old in index.docs:
                index = index.without([old])
                report.replaced.append(doc.doc_id)
                report.superseded.append(old)
            else:
                report.added.append(doc.doc_id)
            records[doc.doc_id] = doc_record(doc)
            chunks.extend(chunk_document(doc, s.chunk_words, s.chunk_overlap_words))
        self.progress.stage("Embedding passages", len(chunks))
        vectors = encode_cached(
            self.encoder,
            [c.text for c in chunks],
            self.cache,
            s.embed_batch_size,
            self.progress.advance,
        )
        tokens = [tokenize(c.text, c.language) for c in chunks]
        report.chunks = len(chunks)
        return index.with_documents(records, chunks, tokens, vectors) if docs else index

    def remove(self, name: str, doc_ids: Sequence[str]) -> Index:
        return self.open_index(name).without(doc_ids).publish()


def corpus_documents(settings: Settings) -> tuple[list[Document], list[MetadataError]]:
    """The shipped case studies as Documents, and one error per case study that failed."""
    programs, errors = load_programs(settings.corpus_dir / "programs")
    root = settings.corpus_dir.parent
    return [program_document(p, root) for p in programs], errors


def build_corpus(
    settings: Settings,
    rebuild: bool = False,
    progress: ProgressSink | None = None,
    encoder: Encoder | None = None,
    catalog: CatalogHook | None = None,
) -> IngestReport:
    """The default index: case studies plus the policy notes in corpus/documents/.

    Every document is registered in the catalog (as approved, added by "kb build") unless
    another `catalog` hook is given, so the app's first-run build is curated like `kb build`.
    """
    if catalog is None:
        from kb.catalog import Catalog
        from kb.curate import CatalogHook

        catalog = CatalogHook(Catalog.for_settings(settings), settings, "kb build")
    pipe = Pipeline(settings, encoder, progress, catalog)
    programs, errors = corpus_documents(settings)
    current = {d.doc_id for d in programs}
    old = pipe.open_index(settings.default_index, rebuild)
    # Case studies deleted or edited since the last build leave stale program documents.
    stale = [k for k, d in old.docs.items() if d.get("doc_type") == "program" and k not in current]
    report = pipe.ingest_paths(
        [settings.corpus_dir / "documents"],
        settings.default_index,
        rebuild=rebuild,
        extra=programs,
        drop=stale,
    )
    report.failed = [(e.path, e.reason) for e in errors] + report.failed
    return report
