"""`kb doctor`: check an index and the catalog against each other, repair what can be repaired.

Checks, in order: leftovers of interrupted publishes (temporary folders and files), CURRENT
naming a complete version that loads (vector, chunk and BM25 counts agree), chunks and
documents agreeing, and catalog <-> index: the index must hold exactly the approved
documents. Each finding says what was wrong and what was done about it.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from kb.curate.batch import Pipeline
from kb.curate.catalog import Catalog
from kb.curate.curator import index_lock, load_document
from kb.curate.dedup import signature
from kb.curate.hook import content_hash, excerpt
from kb.errors import CatalogError, IndexCorruptError, IndexMismatchError, KbError, ParseError
from kb.files import atomic_write
from kb.ingest.pipeline import IngestReport
from kb.records import Document
from kb.settings import Settings
from kb.store.index import Index

DOCTOR = "kb doctor"


@dataclass(frozen=True)
class Finding:
    problem: str
    action: str = ""  # what was done; empty when it is left to the user
    fixed: bool = False

    def line(self) -> str:
        if self.fixed:
            return f"repaired: {self.problem}; {self.action}"
        return f"problem: {self.problem}" + (f"; {self.action}" if self.action else "")


def check(
    settings: Settings, name: str | None = None, repair: bool = True, user: str = DOCTOR
) -> list[Finding]:
    """Every finding for one index (an empty list means all is consistent)."""
    name = name or settings.default_index
    path = settings.index_path(name)
    if not path.exists():
        return [
            Finding(
                f"index {name!r} does not exist at {path}",
                "build it with `kb build` or `kb ingest PATH --index NAME`",
            )
        ]
    with index_lock(settings, name):
        found = _leftovers(path, repair)
        current = _current(path, repair)
        found += current
        if not Index.exists(path) or any(not f.fixed for f in current):
            return found
        try:
            index = Index.load(path)
        except KbError as exc:
            return [*found, Finding(str(exc), "rebuild the index")]
        found += _chunks(index)
        found += _catalog(settings, index, repair, user)
    return found


def _leftovers(path: Path, repair: bool) -> list[Finding]:
    junk = [p for p in (path / "versions").glob(".tmp-*")] if (path / "versions").is_dir() else []
    junk += list(path.glob(".CURRENT.*"))
    out = []
    for p in junk:
        if repair and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif repair:
            p.unlink(missing_ok=True)
        out.append(
            Finding(
                f"leftover of an interrupted publish: {p.name}",
                "removed it" if repair else "remove it",
                repair,
            )
        )
    return out


def _loads(path: Path) -> bool:
    try:
        Index.load(path)
    except (IndexCorruptError, IndexMismatchError, OSError):
        return False
    return True


def _current(path: Path, repair: bool) -> list[Finding]:
    current = path / "CURRENT"
    named = current.read_text(encoding="utf-8").strip() if current.is_file() else ""
    if named and _loads(path):
        return []
    problem = (
        f"CURRENT names version {named!r}, which is missing or incomplete"
        if named
        else "CURRENT is missing"
    )
    if not repair:
        return [
            Finding(
                problem,
                "run `kb doctor` without --check to switch CURRENT to the newest complete version",
            )
        ]
    for version in _complete_versions(path):
        if version.name != named:
            _point(path, version.name)
            if _loads(path):
                return [
                    Finding(
                        problem,
                        f"switched CURRENT to {version.name}, the newest complete version",
                        True,
                    )
                ]
    if named:
        _point(path, named)
    else:
        current.unlink(missing_ok=True)
    return [Finding(problem, "no complete version found: rebuild the index")]


def _complete_versions(path: Path) -> list[Path]:
    def created(p: Path) -> float:
        try:
            return float(json.loads((p / "manifest.json").read_text(encoding="utf-8"))["created"])
        except (OSError, ValueError, KeyError):
            return -1.0

    versions = path / "versions"
    found = (
        [p for p in versions.iterdir() if p.is_dir() and not p.name.startswith(".")]
        if versions.is_dir()
        else []
    )
    return sorted((p for p in found if created(p) >= 0), key=created, reverse=True)


def _point(path: Path, version: str) -> None:
    atomic_write(path / "CURRENT", version)


def _chunks(index: Index) -> list[Finding]:
    chunk_docs = set(index.chunks["doc_id"])
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


def _catalog(settings: Settings, index: Index, repair: bool, user: str) -> list[Finding]:
    catalog = Catalog.for_settings(settings)
    name = index.path.name
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
            docs.append(load_document(settings, e))
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


def _register(catalog: Catalog, index: Index, doc_id: str, repair: bool, user: str) -> Finding:
    problem = f"{doc_id} is in the index but not in the catalog"
    if not repair:
        return Finding(problem, "register it")
    record = index.docs[doc_id]
    rows = index.doc_chunks(doc_id).sort_values("seq")
    text = "\n\n".join(rows["text"])
    doc = Document(doc_id, record.title, record.source, (), record.doc_type)
    try:
        digest = content_hash(doc)
    except OSError:
        digest = ""
    catalog.register(
        index.path.name,
        {**record.to_json(), "excerpt": excerpt(text)},
        doc_id=doc_id,
        content_hash=digest or doc_id,
        status="approved",
        user=user,
        minhash=signature(text),
        note="registered by kb doctor: it was indexed without a catalog entry",
    )
    return Finding(problem, "registered it as approved", True)
