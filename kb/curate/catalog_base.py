"""The catalog interface: its SQL (qmark placeholders) is written once and runs on SQLite
(kb.curate.catalog.Catalog) and PostgreSQL (kb.curate.catalog_pg.PgCatalog)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from kb.curate.catalog_audit import AuditedCatalog
from kb.curate.catalog_records import (
    EDITABLE,
    STATUSES,
    TRANSITIONS,
    Entry,
    ProgramRecord,
    document_row,
    entry_of,
    now_iso,
    sig_blob,
    sig_of,
)
from kb.errors import (
    StatusError,
    UnknownDocumentError,
    UnknownProgramError,
)
from kb.records import DocRecord, ProgramInfo
from kb.store.links import fold, program_names


class CatalogStore(AuditedCatalog):
    """The catalog interface: documents with their statuses and program records, over the
    connection and audit log of `AuditedCatalog`."""

    # ---- documents ----------------------------------------------------------------------
    def register(
        self,
        index_name: str,
        record: DocRecord,
        *,
        excerpt: str = "",
        doc_id: str,
        content_hash: str,
        status: str,
        user: str,
        minhash: np.ndarray | None = None,
        near_duplicate_of: str | None = None,
        similarity: float | None = None,
        note: str = "",
    ) -> Entry:
        """Add a document (or re-register one seen before) and log it."""
        if status not in STATUSES:
            raise ValueError(f"unknown status {status!r}")
        fields = {**record.to_json(), "excerpt": excerpt}
        row = document_row(index_name, fields, doc_id, content_hash, status, user)
        row.update(
            near_duplicate_of=near_duplicate_of,
            similarity=similarity,
            minhash=sig_blob(minhash),
            note=note,
        )
        with self._tx() as db:
            db.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) "
                "ON CONFLICT (index_name, doc_id) DO UPDATE SET status=excluded.status, "
                "source=excluded.source, near_duplicate_of=excluded.near_duplicate_of, "
                "similarity=excluded.similarity, note=excluded.note, "
                "changed_by=excluded.changed_by, changed_at=excluded.changed_at",
                tuple(row.values()),
            )
            self._log(
                db,
                user,
                "add",
                index_name,
                doc_id,
                status=status,
                source=record.source,
                near_duplicate_of=near_duplicate_of,
                similarity=similarity,
                note=note,
            )
        return self.get(index_name, doc_id)

    def get(self, index_name: str, doc_id: str) -> Entry:
        row = (
            self._db()
            .execute(
                "SELECT * FROM documents WHERE index_name=? AND doc_id=?", (index_name, doc_id)
            )
            .fetchone()
        )
        if row is None:
            matches = (
                self._db()
                .execute(
                    "SELECT * FROM documents WHERE index_name=? AND doc_id LIKE ?",
                    (index_name, doc_id + "%"),
                )
                .fetchall()
            )
            if len(matches) != 1 or len(doc_id) < 6:
                raise UnknownDocumentError(doc_id, index_name)
            row = matches[0]
        return entry_of(row)

    def find(self, index_name: str, doc_id: str) -> Entry | None:
        row = (
            self._db()
            .execute(
                "SELECT * FROM documents WHERE index_name=? AND doc_id=?", (index_name, doc_id)
            )
            .fetchone()
        )
        return entry_of(row) if row is not None else None

    def by_hash(self, index_name: str, content_hash: str) -> Entry | None:
        row = (
            self._db()
            .execute(
                "SELECT * FROM documents WHERE index_name=? AND content_hash=? LIMIT 1",
                (index_name, content_hash),
            )
            .fetchone()
        )
        return entry_of(row) if row is not None else None

    def entries(self, index_name: str, status: str | Sequence[str] | None = None) -> list[Entry]:
        statuses = [status] if isinstance(status, str) else list(status or [])
        sql = "SELECT * FROM documents WHERE index_name=?"
        if statuses:
            sql += f" AND status IN ({','.join('?' * len(statuses))})"
        rows = (
            self._db()
            .execute(sql + " ORDER BY added_at, doc_id", [index_name, *statuses])
            .fetchall()
        )
        return [entry_of(r) for r in rows]

    def ids(self, index_name: str, status: str | None = None) -> set[str]:
        return {e.doc_id for e in self.entries(index_name, status)}

    def signatures(
        self, index_name: str, statuses: Iterable[str] = ("pending", "approved")
    ) -> dict[str, np.ndarray]:
        wanted = list(statuses)
        rows = (
            self._db()
            .execute(
                f"SELECT doc_id, minhash FROM documents WHERE index_name=? AND minhash IS NOT NULL "
                f"AND status IN ({','.join('?' * len(wanted))})",
                [index_name, *wanted],
            )
            .fetchall()
        )
        return {r["doc_id"]: sig_of(r["minhash"]) for r in rows}  # type: ignore[misc]

    def check_transition(self, entry: Entry, action: str) -> None:
        allowed = TRANSITIONS[action]
        if entry.status not in allowed:
            raise StatusError(entry.doc_id, entry.status, action, allowed)

    def set_status(
        self, index_name: str, doc_id: str, status: str, user: str, action: str, note: str = ""
    ) -> Entry:
        entry = self.get(index_name, doc_id)
        with self._tx() as db:
            db.execute(
                "UPDATE documents SET status=?, changed_by=?, changed_at=?, "
                "note=CASE WHEN ?='' THEN note ELSE ? END "
                "WHERE index_name=? AND doc_id=?",
                (status, user, now_iso(), note, note, index_name, entry.doc_id),
            )
            self._log(
                db,
                user,
                action,
                index_name,
                entry.doc_id,
                before=entry.status,
                after=status,
                note=note,
            )
        return self.get(index_name, entry.doc_id)

    def edit(self, index_name: str, doc_id: str, changes: dict[str, Any], user: str) -> Entry:
        """Change metadata fields; the audit keeps each old and new value."""
        entry = self.get(index_name, doc_id)
        bad = sorted(set(changes) - set(EDITABLE))
        if bad:
            raise ValueError(f"not editable: {', '.join(bad)}; editable: {', '.join(EDITABLE)}")
        meta = dict(entry.metadata)
        cols: dict[str, Any] = {}
        before: dict[str, Any] = {}
        for key, value in changes.items():
            if key in ("title", "language", "year", "doc_type", "note"):
                before[key], cols[key] = getattr(entry, key), value
            else:
                before[key], meta[key] = meta.get(key), value
        cols["metadata"] = json.dumps(meta, ensure_ascii=False, default=str)
        sets = ", ".join(f"{k}=?" for k in cols)
        with self._tx() as db:
            db.execute(
                f"UPDATE documents SET {sets}, changed_by=?, changed_at=? "
                "WHERE index_name=? AND doc_id=?",
                [*cols.values(), user, now_iso(), index_name, entry.doc_id],
            )
            self._log(db, user, "edit", index_name, entry.doc_id, before=before, after=changes)
        return self.get(index_name, entry.doc_id)

    # ---- programs -----------------------------------------------------------------------
    def sync_programs(
        self,
        index_name: str,
        programs: Mapping[str, ProgramInfo],
        links: Mapping[str, list[tuple[str, str, list[int]]]],
        user: str,
    ) -> int:
        """Replace the program records and their document links for one index."""
        stamp = now_iso()
        with self._tx() as db:
            db.execute("DELETE FROM program_documents WHERE index_name=?", (index_name,))
            for pid, prog in programs.items():
                _upsert_program(db, pid, prog, stamp)
                for doc_id, role, pages in links.get(pid, []):
                    db.execute(
                        "INSERT INTO program_documents VALUES (?,?,?,?,?) "
                        "ON CONFLICT (program_id, index_name, doc_id) DO UPDATE SET "
                        "role=excluded.role, pages=excluded.pages",
                        (pid, index_name, doc_id, role, json.dumps(pages)),
                    )
            self._log(
                db,
                user,
                "sync-programs",
                index_name,
                programs=len(programs),
                links=sum(len(v) for v in links.values()),
            )
        return len(programs)

    def programs(self) -> list[ProgramRecord]:
        rows = self._db().execute("SELECT * FROM programs ORDER BY program_id").fetchall()
        return [self._program(r) for r in rows]

    def program(self, key: str) -> ProgramRecord:
        """A program by id, or by any of its names and aliases (case and accents ignored)."""
        db = self._db()
        row = db.execute("SELECT * FROM programs WHERE program_id=?", (key,)).fetchone()
        if row is None:
            hit = db.execute(
                "SELECT program_id FROM program_aliases WHERE alias=?", (fold(key),)
            ).fetchall()
            if len(hit) != 1:
                raise UnknownProgramError(key)
            row = db.execute(
                "SELECT * FROM programs WHERE program_id=?", (hit[0]["program_id"],)
            ).fetchone()
        return self._program(row, with_documents=True)

    def _program(self, row: Any, with_documents: bool = False) -> ProgramRecord:
        docs: tuple[dict[str, Any], ...] = ()
        if with_documents:
            links = self._db().execute(
                "SELECT p.*, d.title, d.language, d.status FROM program_documents p "
                "LEFT JOIN documents d ON d.index_name=p.index_name AND d.doc_id=p.doc_id "
                "WHERE p.program_id=? ORDER BY p.role, p.doc_id",
                (row["program_id"],),
            )
            docs = tuple(
                {
                    "index": r["index_name"],
                    "doc_id": r["doc_id"],
                    "role": r["role"],
                    "pages": json.loads(r["pages"]),
                    "title": r["title"],
                    "language": r["language"],
                    "status": r["status"],
                }
                for r in links
            )
        return ProgramRecord(
            row["program_id"],
            row["name"],
            row["country"],
            tuple(json.loads(row["aliases"])),
            json.loads(row["metadata"]),
            docs,
        )


def _upsert_program(db: Any, pid: str, prog: ProgramInfo, stamp: str) -> None:
    """One program's row and the folded forms of its names (what mentions are matched on)."""
    aliases = sorted(program_names(prog.name, prog.aliases))
    meta = {k: v for k, v in prog.to_json().items() if k not in ("id", "name", "aliases")}
    db.execute(
        "INSERT INTO programs VALUES (?,?,?,?,?,?) ON CONFLICT (program_id) "
        "DO UPDATE SET name=excluded.name, country=excluded.country, "
        "aliases=excluded.aliases, metadata=excluded.metadata, "
        "updated_at=excluded.updated_at",
        (
            pid,
            prog.name,
            prog.country,
            json.dumps(aliases, ensure_ascii=False),
            json.dumps(meta),
            stamp,
        ),
    )
    db.execute("DELETE FROM program_aliases WHERE program_id=?", (pid,))
    for alias in sorted({fold(a) for a in aliases}):
        db.execute("INSERT INTO program_aliases VALUES (?, ?) ON CONFLICT DO NOTHING", (alias, pid))
