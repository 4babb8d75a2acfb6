"""The catalog's plumbing and its append-only audit log: who changed what, when.

`AuditedCatalog` is the base of every catalog (kb.curate.catalog_base.CatalogStore); its SQL
(qmark placeholders) runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import json
from abc import ABC, abstractmethod
from contextlib import AbstractContextManager
from typing import Any

from kb.curate.catalog_records import AuditEvent, now_iso, where_clause


class AuditedCatalog(ABC):
    """A catalog's connection, transactions and audit log.

    Implementations give a per-thread connection (`_db`: `execute(sql, params)` returning a
    cursor of rows indexable by column name) and a write transaction (`_tx`).
    """

    location: str

    @abstractmethod
    def _db(self) -> Any: ...

    @abstractmethod
    def _tx(self) -> AbstractContextManager[Any]: ...

    def transaction(self) -> AbstractContextManager[Any]:
        """Every write inside it is committed together, or not at all."""
        return self._tx()

    @abstractmethod
    def close(self) -> None: ...

    # ---- audit --------------------------------------------------------------------------
    @staticmethod
    def _log(
        db: Any,
        user: str,
        action: str,
        index_name: str = "",
        doc_id: str = "",
        **detail: Any,
    ) -> None:
        db.execute(
            'INSERT INTO audit (at, "user", action, index_name, doc_id, detail) '
            "VALUES (?, ?, ?, ?, ?, ?)",
            (
                now_iso(),
                user,
                action,
                index_name,
                doc_id,
                json.dumps(detail, ensure_ascii=False, default=str),
            ),
        )

    def log(
        self, user: str, action: str, index_name: str = "", doc_id: str = "", **detail: Any
    ) -> None:
        with self._tx() as db:
            self._log(db, user, action, index_name, doc_id, **detail)

    def audit(
        self,
        index_name: str | None = None,
        doc_id: str | None = None,
        user: str | None = None,
        limit: int = 100,
    ) -> list[AuditEvent]:
        where, args = where_clause(index_name=index_name, doc_id=doc_id, user=user)
        rows = (
            self._db()
            .execute(f"SELECT * FROM audit {where} ORDER BY id DESC LIMIT ?", [*args, limit])
            .fetchall()
        )
        return [
            AuditEvent(
                r["id"],
                r["at"],
                r["user"],
                r["action"],
                r["index_name"],
                r["doc_id"],
                json.loads(r["detail"]),
            )
            for r in rows
        ]

    def edited_fields(self, index_name: str, doc_id: str) -> set[str]:
        """The metadata fields a curator has edited on a document, from the audit log, so that
        parsing its file again (an approval, a re-index) keeps them."""
        where, args = where_clause(index_name=index_name, doc_id=doc_id)
        rows = self._db().execute(
            f"SELECT detail FROM audit {where} AND action = ?", [*args, "edit"]
        )
        return {key for r in rows.fetchall() for key in json.loads(r["detail"]).get("after", {})}
