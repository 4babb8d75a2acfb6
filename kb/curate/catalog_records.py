"""The catalog's records and the small helpers both catalog stores share (see kb.curate.catalog)."""

from __future__ import annotations

import json
import time
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from kb.records import Document
from kb.settings import Settings

STATUSES = ("pending", "approved", "rejected", "retired")
# action -> statuses it may start from
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "approve": ("pending", "rejected", "retired"),
    "reject": ("pending",),
    "retire": ("approved", "pending"),
}
# The notes a build or an approval retires a replaced version with (kb/curate/hook.py reads
# them to tell such a version from one a curator retired).
SUPERSEDED = "replaced by "
SOURCE_REMOVED = "source removed"
EDITABLE = ("title", "year", "countries", "language", "doc_type", "topics", "note")


def now_iso() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def catalog_path(settings: Settings) -> Path:
    return settings.catalog_path or settings.index_dir / "catalog.sqlite"


@dataclass(frozen=True)
class Entry:
    """One document as the catalog knows it."""

    index_name: str
    doc_id: str
    content_hash: str
    source: str
    title: str
    doc_type: str
    language: str | None
    year: int | None
    metadata: dict[str, Any]
    status: str
    near_duplicate_of: str | None
    similarity: float | None
    note: str
    added_by: str
    added_at: str
    changed_by: str
    changed_at: str
    minhash: np.ndarray | None = field(default=None, repr=False, compare=False)

    def to_json(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "minhash"}
        out["index"] = out.pop("index_name")
        return out


@dataclass(frozen=True)
class AuditEvent:
    id: int
    at: str
    user: str
    action: str
    index_name: str
    doc_id: str
    detail: dict[str, Any]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "at": self.at,
            "user": self.user,
            "action": self.action,
            "index": self.index_name,
            "doc_id": self.doc_id,
            "detail": self.detail,
        }


@dataclass(frozen=True)
class ProgramRecord:
    program_id: str
    name: str
    country: str
    aliases: tuple[str, ...]
    metadata: dict[str, Any]
    documents: tuple[dict[str, Any], ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "program_id": self.program_id,
            "name": self.name,
            "country": self.country,
            "aliases": list(self.aliases),
            "metadata": self.metadata,
            "documents": list(self.documents),
        }


def sig_blob(sig: np.ndarray | None) -> bytes | None:
    # Raw little-endian integers, never pickle: the catalog may be shared.
    return None if sig is None else np.asarray(sig, dtype="<u4").tobytes()


def sig_of(blob: bytes | None) -> np.ndarray | None:
    return None if blob is None else np.frombuffer(blob, dtype="<u4").copy()


def where_clause(**conds: str | None) -> tuple[str, list[str]]:
    used = {k: v for k, v in conds.items() if v}
    if not used:
        return "", []
    return "WHERE " + " AND ".join(f"{k}=?" for k in used), list(used.values())


def entry_of(row: Any) -> Entry:
    return Entry(
        row["index_name"],
        row["doc_id"],
        row["content_hash"],
        row["source"],
        row["title"],
        row["doc_type"],
        row["language"],
        row["year"],
        json.loads(row["metadata"]),
        row["status"],
        row["near_duplicate_of"],
        row["similarity"],
        row["note"],
        row["added_by"],
        row["added_at"],
        row["changed_by"],
        row["changed_at"],
        sig_of(row["minhash"]),
    )


# documents columns of their own; every other record field is kept in `metadata`
_DOCUMENT_COLUMNS = ("title", "doc_type", "language", "year", "source", "added")


def document_row(
    index_name: str,
    record: dict[str, Any],
    doc_id: str,
    content_hash: str,
    status: str,
    user: str,
) -> dict[str, Any]:
    """A documents row in column order; fields without a column of their own go to metadata."""
    stamp = now_iso()
    meta = {k: v for k, v in record.items() if k not in _DOCUMENT_COLUMNS}
    return {
        "index_name": index_name,
        "doc_id": doc_id,
        "content_hash": content_hash,
        "source": record.get("source", ""),
        "title": record.get("title") or "",
        "doc_type": record.get("doc_type") or "",
        "language": record.get("language"),
        "year": record.get("year"),
        "metadata": json.dumps(meta, ensure_ascii=False, default=str),
        "status": status,
        "near_duplicate_of": None,
        "similarity": None,
        "minhash": None,
        "note": "",
        "added_by": user,
        "added_at": stamp,
        "changed_by": user,
        "changed_at": stamp,
    }


# Catalog columns that are fields of a parsed Document by the same name.
DOCUMENT_FIELDS = ("title", "language", "year", "doc_type")


def with_edits(doc: Document, entry: Entry, edited: Collection[str]) -> Document:
    """The parsed document with the catalog's values for the fields a curator edited: without
    them, approving an edited upload or re-indexing would put the parser's title, countries
    and topics back in the index, while the catalog still showed the curator's."""
    fields: dict[str, Any] = {k: getattr(entry, k) for k in DOCUMENT_FIELDS if k in edited}
    if "countries" in edited:
        fields["countries"] = tuple(entry.metadata.get("countries") or ())
    if "topics" in edited:
        fields["metadata"] = {**doc.metadata, "topics": list(entry.metadata.get("topics") or ())}
    return replace(doc, **fields)
