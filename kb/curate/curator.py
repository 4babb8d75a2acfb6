"""Curation: keep the catalog and the index in step, one document at a time.

The index holds exactly the catalog's approved documents. Who adds a document decides its
first status: the operator's `kb ingest` / `kb build` registers new documents as approved
(they chose the files on their own machine); uploads through the app arrive as pending and
wait for review. Either way a near-duplicate of a document already held is registered as
pending with `near_duplicate_of`, never silently dropped and never indexed unreviewed.

Every change writes the index first (a new version, switched atomically) and the catalog
second, under one lock per index, so two curators cannot publish over each other. A crash
between the two leaves a difference `kb doctor` finds and repairs (it re-applies the
catalog's status to the index).
"""

from __future__ import annotations

import getpass
import os
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import replace
from pathlib import Path
from typing import Any

from kb.curate.batch import Pipeline, keep_approved
from kb.curate.catalog import Entry, open_catalog
from kb.curate.catalog_records import SUPERSEDED
from kb.curate.hook import CatalogHook
from kb.curate.reread import load_document
from kb.errors import CatalogError, ParseError, UnknownIdError
from kb.ingest.embed import Encoder
from kb.ingest.pipeline import (
    Failure,
    IngestReport,
    ProgressSink,
    regions_of,
)
from kb.records import DocRecord, Document
from kb.settings import Settings
from kb.store.factory import open_store
from kb.vocab.taxonomy import INSTRUMENTS, NEEDS


def default_user() -> str:
    """Who runs the CLI: KB_USER, else the login name."""
    try:
        return os.environ.get("KB_USER") or getpass.getuser()
    except (KeyError, OSError):  # no passwd entry (some containers)
        return "operator"


def index_lock(settings: Settings, name: str) -> AbstractContextManager[Any]:
    """The store's writer lock of one index (a file lock, or a Postgres advisory lock)."""
    return open_store(settings).lock(name)


class Curator:
    """Curation actions on one index, each recorded with the user who made it."""

    def __init__(
        self,
        settings: Settings,
        index: str | None = None,
        user: str | None = None,
        encoder: Encoder | None = None,
        progress: ProgressSink | None = None,
    ) -> None:
        self.settings = settings
        self.name = index or settings.default_index
        self.user = user or default_user()
        self.catalog = open_catalog(settings)
        self._encoder = encoder
        self.progress = progress

    def _pipeline(self, hook: CatalogHook | None = None) -> Pipeline:
        pipe = Pipeline(self.settings, self._encoder, self.progress, hook)
        self._encoder = pipe.encoder  # load a model once per curator
        return pipe

    def hook(self, status: str = "approved") -> CatalogHook:
        return CatalogHook(self.catalog, self.settings, self.user, status)

    def ingest(
        self,
        paths: Sequence[Path],
        status: str = "approved",
        password: str | None = None,
        rebuild: bool = False,
    ) -> IngestReport:
        with index_lock(self.settings, self.name):
            hook = self.hook(status)
            pipe = self._pipeline(hook)
            report = pipe.ingest_paths(paths, self.name, password=password, rebuild=rebuild)
            if rebuild:  # afresh, but without dropping documents the catalog holds approved
                keep_approved(pipe, hook, self.name, report)
            return report

    def upload(
        self,
        files: Sequence[tuple[str, bytes]],
        status: str = "pending",
        password: str | None = None,
    ) -> IngestReport:
        """Store uploaded files safely, then ingest them; a refused upload is named, not fatal."""
        from kb.curate.uploads import save_upload, unlocked_pdf

        saved: list[Path] = []
        refused: list[Failure] = []
        for name, data in files:
            try:
                saved.append(save_upload(self.settings, name, unlocked_pdf(name, data, password)))
            except ParseError as exc:
                refused.append(Failure.of(name, exc, exc.reason))
        report = self.ingest(saved, status, password) if saved else IngestReport(index=self.name)
        report.failed = refused + report.failed
        for name, reason in refused:
            self.catalog.log(self.user, "upload-refused", self.name, file=name, reason=reason)
        return report

    def approve(self, doc_id: str, note: str = "", retire_original: bool = False) -> Entry:
        entry = self.catalog.get(self.name, doc_id)
        self.catalog.check_transition(entry, "approve")
        doc = load_document(self.settings, entry, self.catalog.edited_fields(self.name, doc_id))
        with index_lock(self.settings, self.name):
            report = self._pipeline().ingest_paths([], self.name, extra=[doc])
            for old in report.superseded:
                if self.catalog.find(self.name, old) is not None:
                    self.catalog.set_status(
                        self.name,
                        old,
                        "retired",
                        self.user,
                        "retire",
                        f"{SUPERSEDED}{entry.doc_id}",
                    )
            done = self.catalog.set_status(
                self.name, entry.doc_id, "approved", self.user, "approve", note
            )
        if retire_original and entry.near_duplicate_of:
            original = self.catalog.find(self.name, entry.near_duplicate_of)
            if original is not None and original.status in ("approved", "pending"):
                self.retire(original.doc_id, f"near-duplicate {entry.doc_id} approved instead")
        return done

    def reject(self, doc_id: str, note: str = "") -> Entry:
        entry = self.catalog.get(self.name, doc_id)
        self.catalog.check_transition(entry, "reject")
        return self.catalog.set_status(
            self.name, entry.doc_id, "rejected", self.user, "reject", note
        )

    def retire(self, doc_id: str, note: str = "") -> Entry:
        entry = self.catalog.get(self.name, doc_id)
        self.catalog.check_transition(entry, "retire")
        store = open_store(self.settings)
        with store.lock(self.name):
            if store.exists(self.name):
                index = store.load(self.name)
                if entry.doc_id in index.docs:
                    index.without([entry.doc_id]).publish()
            return self.catalog.set_status(
                self.name, entry.doc_id, "retired", self.user, "retire", note
            )

    def edit(self, doc_id: str, changes: dict[str, Any]) -> Entry:
        """Change metadata in the catalog and, for an indexed document, in the index too."""
        check_topics(changes.get("topics") or ())
        entry = self.catalog.get(self.name, doc_id)
        store = open_store(self.settings)
        with store.lock(self.name):
            if store.exists(self.name):
                index = store.load(self.name)
                if entry.doc_id in index.docs:
                    record = edited_record(index.docs[entry.doc_id], changes)
                    # Metadata only: vectors, chunks and BM25 are reused as they are.
                    index.with_records({entry.doc_id: record}).publish()
            return self.catalog.edit(self.name, entry.doc_id, changes, self.user)

    def reindex(self, doc_ids: Sequence[str] = ()) -> IngestReport:
        """Parse, chunk and embed approved documents again (all of them by default)."""
        entries = (
            [self.catalog.get(self.name, d) for d in doc_ids]
            if doc_ids
            else self.catalog.entries(self.name, "approved")
        )
        report = IngestReport(index=self.name)
        docs: list[Document] = []
        for e in entries:
            try:
                edited = self.catalog.edited_fields(self.name, e.doc_id)
                docs.append(load_document(self.settings, e, edited))
            except (ParseError, CatalogError) as exc:
                report.failed.append(Failure.of(e.source, exc))
        with index_lock(self.settings, self.name):
            pipe = self._pipeline()
            index = pipe.open_index(self.name).without([d.doc_id for d in docs])
            index = pipe._add(index, docs, index.sources(), report)
            index.publish()
        self.catalog.log(
            self.user,
            "reindex",
            self.name,
            documents=len(docs),
            chunks=report.chunks,
            failed=len(report.failed),
        )
        return report


def edited_record(record: DocRecord, changes: dict[str, Any]) -> DocRecord:
    """The record with a curator's metadata changes (title, year, countries, doc_type, ...)."""
    fields = {k: v for k, v in changes.items() if k in DocRecord.__dataclass_fields__}
    if "countries" in fields:
        fields["countries"] = tuple(fields["countries"])
        fields["regions"] = tuple(regions_of(fields["countries"]))
    if "topics" in fields:
        fields["topics"] = tuple(fields["topics"])
    return replace(record, **fields)


def check_topics(topics: Iterable[str]) -> None:
    """A document's topics are ids of the taxonomy's instruments and needs (the search filters
    by instrument and need read them): anything else is refused, with the valid ids."""
    valid = [*INSTRUMENTS, *NEEDS]
    for topic in topics:
        if topic not in valid:
            raise UnknownIdError("topic", topic, valid)
