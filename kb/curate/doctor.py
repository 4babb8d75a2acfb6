"""`kb doctor`: check an index and the catalog against each other, repair what can be repaired.

Checks, in order: leftovers of interrupted publishes (temporary folders and files), CURRENT
naming a complete version that loads (vector, chunk and BM25 counts agree), chunks and
documents agreeing, and catalog <-> index: the index must hold exactly the approved
documents. Each finding says what was wrong and what was done about it.
"""

from __future__ import annotations

from kb.curate.batch import Pipeline
from kb.curate.catalog import CatalogStore, open_catalog
from kb.curate.dedup import signature
from kb.curate.hook import content_hash, excerpt
from kb.curate.reread import load_document
from kb.errors import CatalogError, KbError, ParseError
from kb.ingest.pipeline import IngestReport
from kb.records import Document
from kb.settings import Settings
from kb.store.base import Finding, IndexView
from kb.store.factory import open_store

__all__ = ["DOCTOR", "Finding", "check"]

DOCTOR = "kb doctor"


def check(
    settings: Settings, name: str | None = None, repair: bool = True, user: str = DOCTOR
) -> list[Finding]:
    """Every finding for one index (an empty list means all is consistent)."""
    name = name or settings.default_index
    store = open_store(settings)
    if not store.exists(name) and name not in store.names() and not _has_folder(settings, name):
        if open_catalog(settings).ids(name, "approved"):
            return _index_gone(settings, name, repair, user)
        return [
            Finding(
                f"index {name!r} does not exist at {store.location(name)}",
                "build it with `kb build` or `kb ingest PATH --index NAME`",
            )
        ]
    with store.lock(name):
        found = store.health(name, repair)
        if not store.exists(name) or any(f.blocks and not f.fixed for f in found):
            return found
        try:
            index = store.load(name)
        except KbError as exc:
            return [*found, Finding(str(exc), "rebuild the index")]
        found += _chunks(index)
        found += _catalog(settings, index, repair, user)
    return found


def _index_gone(settings: Settings, name: str, repair: bool, user: str) -> list[Finding]:
    """The catalog holds approved documents of an index that is gone: re-index them from their
    sources into a new index (repair), or say so (check); the catalog is never taken as the
    index."""
    store = open_store(settings)
    found = [
        Finding(
            f"index {name!r} is missing at {store.location(name)} but the catalog holds its "
            "approved documents",
            "re-indexed them from their sources" if repair else "run `kb doctor` to re-index them",
            repair,
        )
    ]
    with store.lock(name):
        empty = Pipeline(settings).open_index(name)
        return found + _catalog(settings, empty, repair, user)


def _has_folder(settings: Settings, name: str) -> bool:
    """A file index whose CURRENT is gone still has its folder, and doctor can repair it."""
    return settings.store == "file" and settings.index_path(name).exists()


def _chunks(index: IndexView) -> list[Finding]:
    chunk_docs = set(index.chunk_table(["doc_id"])["doc_id"])
    out = []
    orphans = chunk_docs - set(index.docs)
    if orphans:
        out.append(
            Finding(
                f"{len(orphans)} document ids have chunks but no record "
                f"(e.g. {sorted(orphans)[0]})",
                "rebuild the index",
            )
        )
    empty = set(index.docs) - chunk_docs
    if empty:
        out.append(
            Finding(
                f"{len(empty)} documents have no passages (e.g. {sorted(empty)[0]}); "
                "they cannot be found by search",
                "re-ingest or retire them",
            )
        )
    return out


def _catalog(settings: Settings, index: IndexView, repair: bool, user: str) -> list[Finding]:
    catalog = open_catalog(settings)
    name = index.name
    entries = {e.doc_id: e for e in catalog.entries(name)}
    out: list[Finding] = []
    for doc_id in sorted(set(index.docs) - set(entries)):
        out.append(_register(catalog, index, doc_id, repair, user))
    hidden = sorted(d for d in index.docs if d in entries and entries[d].status != "approved")
    for doc_id in hidden:
        out.append(
            Finding(
                f"{doc_id} is {entries[doc_id].status} in the catalog but searchable",
                "removed its passages from the index" if repair else "remove it from the index",
                repair,
            )
        )
    missing = [e for e in entries.values() if e.status == "approved" and e.doc_id not in index.docs]
    docs: list[Document] = []
    for e in missing:
        try:
            docs.append(load_document(settings, e, catalog.edited_fields(name, e.doc_id)))
            out.append(
                Finding(
                    f"{e.doc_id} is approved but not in the index",
                    f"re-indexed it from {e.source}" if repair else f"re-index it from {e.source}",
                    repair,
                )
            )
        except (CatalogError, ParseError) as exc:
            out.append(
                Finding(
                    f"{e.doc_id} is approved but not in the index, and cannot be "
                    f"read again ({exc})",
                    f"upload it again or `kb docs retire {e.doc_id} --index {name}`",
                )
            )
    if repair and (hidden or docs):
        changed = index.without(hidden)
        if docs:
            changed = Pipeline(settings)._add(
                changed, docs, changed.sources(), IngestReport(index=name)
            )
        changed.publish()
        catalog.log(user, "doctor-repair", name, removed=hidden, reindexed=[d.doc_id for d in docs])
    return out


def _register(
    catalog: CatalogStore, index: IndexView, doc_id: str, repair: bool, user: str
) -> Finding:
    problem = f"{doc_id} is in the index but not in the catalog"
    if not repair:
        return Finding(problem, "register it")
    record = index.docs[doc_id]
    rows = index.chunk_table(["seq", "text"], [doc_id]).sort_values("seq")
    text = "\n\n".join(rows["text"])
    doc = Document(doc_id, record.title, record.source, (), record.doc_type)
    try:
        digest = content_hash(doc)
    except OSError:
        digest = ""
    catalog.register(
        index.name,
        record,
        excerpt=excerpt(text),
        doc_id=doc_id,
        content_hash=digest or doc_id,
        status="approved",
        user=user,
        minhash=signature(text),
        note="registered by kb doctor: it was indexed without a catalog entry",
    )
    return Finding(problem, "registered it as approved", True)
