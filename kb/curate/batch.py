"""A batch into one index: read files, screen them through the catalog, chunk, embed, publish.

Unchanged files (same content hash) are recognised before parsing and skipped, so
a re-ingest costs a hash per file. A file that fails is reported with its reason
and the rest of the batch goes on; nothing already indexed is touched by a failure.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Sequence
from contextlib import nullcontext
from pathlib import Path

from kb.curate.hook import CatalogHook
from kb.curate.reread import approved_missing
from kb.errors import KbError, ParseError, storage_error
from kb.files import interrupts_deferred
from kb.ingest.chunk import chunk_document
from kb.ingest.embed import EmbeddingCache, Encoder, encode_cached, make_encoder
from kb.ingest.notices import notices
from kb.ingest.parse import iter_files, ocr, parse_file
from kb.ingest.pipeline import (
    Failure,
    IngestReport,
    OcrBar,
    ProgressSink,
    Silent,
    corpus_documents,
    display_source,
    doc_record,
)
from kb.records import Document, content_id
from kb.settings import Settings
from kb.store.base import IndexView
from kb.store.factory import open_store
from kb.store.lexical import tokenize


class Pipeline:
    """Parse, chunk, embed and publish into one named index.

    With a `catalog` hook (kb.curate.hook.CatalogHook) every new document is registered in the
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
        self.progress = progress or Silent()
        self.catalog = catalog
        self.store = open_store(settings)

    def open_index(self, name: str, rebuild: bool = False) -> IndexView:
        if self.store.exists(name) and not rebuild:
            return self.store.load(name, expect_encoder=self.encoder.name)
        s = self.settings
        return self.store.empty(
            name,
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
        # Sources before the drop: an edited case study's new version replaces the old one,
        # which must not be taken for a near-duplicate of it and held for review.
        by_source = index.sources()
        stale = [d for d in drop if d in index.docs]
        index = index.without(stale)
        files = list(iter_files(paths, report.skipped, self.settings.follow_symlinks))
        docs: list[Document] = list(extra)
        self.progress.stage("Reading files", len(files))
        for n, path in enumerate(files):
            bar = OcrBar(self.progress, len(files), n)
            with ocr.reporting(bar):
                self._read_one(path, password, index, by_source, docs, report)
            bar.resume()
            self.progress.advance()
        new = [d for d in docs if d.doc_id not in index.docs or rebuild]
        fresh = {d.doc_id for d in new}
        report.unchanged += [d.doc_id for d in docs if d.doc_id not in fresh]
        if self.catalog is not None:
            new = self.catalog.screen(name, new, by_source, report)
        index = self._add(index, new, by_source, report)
        with interrupts_deferred():  # Ctrl-C stops a batch before its publish or after it
            index = self._publish(index, report, bool(new or stale or rebuild), stale)
        report.seconds = time.perf_counter() - t0
        return report

    def _publish(
        self, index: IndexView, report: IngestReport, changed: bool, stale: Sequence[str]
    ) -> IndexView:
        """Publish the index, then record the batch in the catalog: both or neither.

        A full or read-only disk stops either step with one StorageError; when the catalog
        fails after the publish, the index goes back to its version before the batch.
        """
        where = f"index {index.name!r} at {index.location}"
        guard = getattr(self.store, "rollback_point", None)
        try:
            with guard(index.name) if guard else nullcontext(lambda: None) as undo:
                if changed or not self.store.exists(index.name):
                    index = index.publish()
                if self.catalog is not None:
                    try:
                        self.catalog.commit(index, report, dropped=stale)
                    except BaseException:
                        undo()
                        raise
        except (OSError, RuntimeError, sqlite3.Error) as exc:
            raise storage_error(exc, where) or exc from exc
        return index

    def _read_one(
        self,
        path: Path,
        password: str | None,
        index: IndexView,
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
            found = parse_file(path, password=password, settings=self.settings)
            docs.extend(found)
            report.warnings += notices(str(path), found, self.settings)
        except KbError as exc:
            reason = exc.reason if isinstance(exc, ParseError) else str(exc)
            if isinstance(exc, ParseError) and exc.path != str(path):
                reason = f"{exc.path}: {reason}"  # the sidecar, not the file itself
            report.failed.append(Failure.of(str(path), exc, reason))
        except OSError as exc:
            why = f"cannot read file: {exc.strerror or exc}"
            report.failed.append(Failure(str(path), why, "unreadable"))

    def _known_source(self, index: IndexView, doc_id: str, batch: list[Document]) -> str | None:
        """The source of a document with this id already held: in the index written to, in the
        batch, or held back by the catalog (pending, rejected, retired).

        An approved catalog entry counts only if the index has it: the catalog may remember a
        document whose index was deleted since, and trusting it skipped the file ("1 unchanged,
        0 passages", an empty index). Such a file is read and indexed again.
        """
        if doc_id in index.docs:
            return index.docs[doc_id].source
        if self.catalog is not None:
            entry = self.catalog.catalog.find(index.name, doc_id)
            if entry is not None and entry.status != "approved":
                return entry.source
        return next((display_source(d.source) for d in batch if d.doc_id == doc_id), None)

    def _add(
        self,
        index: IndexView,
        docs: list[Document],
        by_source: dict[str, str],
        report: IngestReport,
    ) -> IndexView:
        s = self.settings
        chunks, records = [], {}
        for doc in docs:
            old = by_source.get(display_source(doc.source))
            if old and old != doc.doc_id:
                index = index.without([old])  # already gone if `drop` named it
                report.replaced.append(doc.doc_id)
                report.superseded.append(old)
            else:
                report.added.append(doc.doc_id)
            records[doc.doc_id] = doc_record(doc)
            # The index's own chunking, as for its vectors' document context: a setting changed
            # since it was built must not leave passages of two lengths (`--rebuild` applies it).
            m = index.manifest
            chunks.extend(chunk_document(doc, m.chunk_words, m.chunk_overlap_words))
        if chunks:  # files held for review have no passages yet: no empty bar
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

    def remove(self, name: str, doc_ids: Sequence[str]) -> IndexView:
        return self.open_index(name).without(doc_ids).publish()


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
        from kb.curate.catalog import open_catalog

        catalog = CatalogHook(open_catalog(settings), settings, "kb build")
    pipe = Pipeline(settings, encoder, progress, catalog)
    programs, errors = corpus_documents(settings)
    current = {d.doc_id for d in programs}
    old = pipe.open_index(settings.default_index, rebuild)
    # Case studies deleted or edited since the last build leave stale program documents.
    stale = [k for k, d in old.docs.items() if d.doc_type == "program" and k not in current]
    report = pipe.ingest_paths(
        [settings.corpus_dir / "documents"],
        settings.default_index,
        rebuild=rebuild,
        extra=programs,
        drop=stale,
    )
    report.failed = [Failure.of(e.path, e, e.reason) for e in errors] + report.failed
    if rebuild:  # a new index from corpus/ must not drop what curators approved besides it
        keep_approved(pipe, catalog, settings.default_index, report, outside=settings.corpus_dir)
    return report


def keep_approved(
    pipe: Pipeline, hook: CatalogHook, name: str, report: IngestReport, outside: Path | None = None
) -> None:
    """After a rebuild of index `name`: read again the catalog's approved documents the rebuild
    did not read (except files under `outside`), so the index holds every approved document."""
    present = pipe.open_index(name).docs
    docs, failed = approved_missing(hook.catalog, pipe.settings, name, present, outside)
    if docs:
        again = pipe.ingest_paths([], name, extra=docs)
        report.added += again.added
        report.chunks += again.chunks
    report.failed += failed
