"""The catalog's hand in a batch: register new documents, hold near-duplicates for review."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kb.curate.catalog import CatalogStore
from kb.curate.catalog_records import SOURCE_REMOVED, SUPERSEDED, Entry, with_edits
from kb.curate.dedup import NearDuplicates, signature
from kb.ingest.pipeline import IngestReport, display_source, doc_record
from kb.records import Document
from kb.settings import PROJECT_ROOT, Settings
from kb.store.base import IndexView


def content_hash(doc: Document) -> str:
    """SHA-256 of the source file for one-document files, else of the document's text."""
    path = resolve_source(doc.source)
    if path.suffix.lower() != ".csv" and path.is_file() and doc.doc_type != "program":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


EXCERPT_CHARS = 1500


def excerpt(text: str) -> str:
    """The opening of a document, kept in the catalog so reviewers can compare versions."""
    flat = " ".join(text.split())
    return flat[:EXCERPT_CHARS] + (" …" if len(flat) > EXCERPT_CHARS else "")


def resolve_source(source: str, settings: Settings | None = None) -> Path:
    """A stored source as a path: relative ones are under the project (or the corpus root)."""
    path = Path(source)
    if path.is_absolute():
        return path
    candidates = [PROJECT_ROOT / path]
    if settings is not None:
        candidates.append(settings.corpus_dir.parent / path)
    return next((c for c in candidates if c.exists()), candidates[0])


@dataclass
class CatalogHook:
    """Plugged into `Pipeline`: registers new documents, holds near-duplicates for review."""

    catalog: CatalogStore
    settings: Settings
    user: str
    status: str = "approved"
    _approved: dict[str, tuple[np.ndarray, str, str | None, float | None, str]] = field(
        default_factory=dict
    )

    def screen(
        self, name: str, docs: list[Document], by_source: dict[str, str], report: IngestReport
    ) -> list[Document]:
        """The documents to index now; the others are registered as pending."""
        held = NearDuplicates(self.settings.near_duplicate_threshold, self.catalog.signatures(name))
        keep: list[Document] = []
        for doc in docs:
            replaces = by_source.get(display_source(doc.source))
            entry = self.catalog.find(name, doc.doc_id)
            if entry is not None and not self._screen_again(name, entry):
                # Known to the catalog, not in the index: its decision stands.
                if entry.status == "approved":  # re-indexed (a rebuild, an index deleted since)
                    keep.append(
                        with_edits(doc, entry, self.catalog.edited_fields(name, doc.doc_id))
                    )
                elif entry.status == "pending":
                    report.pending.append(doc.doc_id)
                else:
                    report.unchanged.append(doc.doc_id)
                continue
            sig = signature(doc.text)
            match = held.best(sig, exclude=(doc.doc_id, replaces))
            of, sim = match if match else (None, None)
            if match is not None:
                report.near_duplicates.append((doc.doc_id, match[0], match[1]))
            held.add(doc.doc_id, sig)
            if self.status == "approved" and match is None:
                keep.append(doc)
                self._approved[doc.doc_id] = (sig, content_hash(doc), of, sim, excerpt(doc.text))
                continue
            self.catalog.register(
                name,
                doc_record(doc),
                excerpt=excerpt(doc.text),
                doc_id=doc.doc_id,
                content_hash=content_hash(doc),
                status="pending",
                user=self.user,
                minhash=sig,
                near_duplicate_of=of,
                similarity=sim,
            )
            report.pending.append(doc.doc_id)
        return keep

    def _screen_again(self, name: str, entry: Entry) -> bool:
        """A version a build (not a curator) set aside, whose file holds it again: screened
        like a new one instead of keeping the catalog's status."""
        return self._own_version(name, entry) or self._superseded(name, entry)

    def _superseded(self, name: str, entry: Entry) -> bool:
        """A version retired because a newer version of its file replaced it, or its file was
        removed (`SUPERSEDED`, `SOURCE_REMOVED`), not by a curator. When the file holds it again
        (an edit undone, a checkout of an older commit), left retired it was missing from search
        while `kb build` said "unchanged"."""
        if self.status != "approved" or entry.status != "retired":
            return False
        last = self.catalog.audit(name, entry.doc_id, limit=1)
        note = str(last[0].detail.get("note", "")) if last and last[0].action == "retire" else ""
        return note.startswith(SUPERSEDED) or note == SOURCE_REMOVED

    def _own_version(self, name: str, entry: Entry) -> bool:
        """A version held only for resembling an earlier version of the same file.

        Builds before 2026-12-05 held an edited case study this way (it vanished from search
        until reviewed); `kb build` screens such a version again instead of leaving it pending.
        """
        if self.status != "approved" or entry.status != "pending" or not entry.near_duplicate_of:
            return False
        twin = self.catalog.find(name, entry.near_duplicate_of)
        return twin is not None and twin.source == entry.source

    def commit(self, index: IndexView, report: IngestReport, dropped: Sequence[str] = ()) -> None:
        """After the publish: record the approved documents and retire the replaced ones."""
        with self.catalog.transaction():  # the whole batch is recorded, or none of it
            self._commit(index, report, dropped)

    def _commit(self, index: IndexView, report: IngestReport, dropped: Sequence[str]) -> None:
        name = index.name
        for doc_id, (sig, digest, of, sim, text) in self._approved.items():
            if doc_id in index.docs:
                self.catalog.register(
                    name,
                    index.docs[doc_id],
                    excerpt=text,
                    doc_id=doc_id,
                    content_hash=digest,
                    status="approved",
                    user=self.user,
                    minhash=sig,
                    near_duplicate_of=of,
                    similarity=sim,
                )
        self._approved.clear()
        new_by_old = dict(zip(report.superseded, report.replaced, strict=False))
        for old in [*report.superseded, *dropped]:
            entry = self.catalog.find(name, old)
            if entry is not None and entry.status in ("approved", "pending"):
                note = f"{SUPERSEDED}{new_by_old[old]}" if old in new_by_old else SOURCE_REMOVED
                self.catalog.set_status(name, old, "retired", self.user, "retire", note)
        if report.added or report.replaced or dropped:
            sync_programs(self.catalog, index, self.user)


def sync_programs(catalog: CatalogStore, index: IndexView, user: str) -> int:
    """Program records from the case studies, linked to every document naming them."""
    from kb.store.links import program_links

    programs = {d.program.id: d.program for d in index.docs.values() if d.program}
    links: dict[str, list[tuple[str, str, list[int]]]] = {}
    for doc_id, d in index.docs.items():
        if d.program is not None:
            links.setdefault(d.program.id, []).append((doc_id, "case study", [1]))
    for pid, cites in program_links(index).items():
        pages: dict[str, set[int]] = {}
        for c in cites:
            pages.setdefault(c.doc_id, set()).add(c.page)
        links.setdefault(pid, []).extend((d, "mentions", sorted(p)) for d, p in pages.items())
    return catalog.sync_programs(index.name, programs, links, user)
