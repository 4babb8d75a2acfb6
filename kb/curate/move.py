"""Move a laptop's file indexes and SQLite catalog into the shared Postgres store.

The vectors are copied as stored (kb.store.migrate), never embedded again; the catalog keeps
its rows and audit history (kb.curate.catalog_pg.copy_catalog).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kb.curate.catalog import Catalog, catalog_path, open_catalog
from kb.curate.catalog_pg import PgCatalog, copy_catalog
from kb.errors import StoreConfigError, UsageError
from kb.settings import Settings, redact_url
from kb.store.factory import open_store
from kb.store.file_store import FileStore
from kb.store.migrate import Progress, migrate_index
from kb.store.postgres import PostgresStore


@dataclass(frozen=True)
class MoveReport:
    """What was copied: per index its documents and passages; the catalog's rows per kind."""

    to: str
    indexes: dict[str, dict[str, int]] = field(default_factory=dict)
    catalog: dict[str, int] = field(default_factory=dict)
    locations: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        return {"to": self.to, "indexes": self.indexes, "catalog": self.catalog}


def move_to_postgres(
    settings: Settings,
    names: list[str],
    replace: bool = False,
    progress: Progress | None = None,
) -> MoveReport:
    """Copy the named file indexes (every one when none is named) and the SQLite catalog into
    PostgreSQL at settings.database_url; an index already there is kept unless `replace`."""
    if not settings.database_url:
        raise StoreConfigError(
            "no database to copy into: set KB_DATABASE_URL=postgresql://USER:PASSWORD@HOST/DB"
        )
    source = FileStore(settings.index_dir)
    names = names or source.names()
    missing = [n for n in names if not source.exists(n)]
    if missing or not names:
        raise UsageError(
            f"no file index {', '.join(map(repr, missing))} under {settings.index_dir}"
            if missing
            else f"no file index under {settings.index_dir}: nothing to migrate"
        )
    pg = settings.with_(store="postgres")
    target = open_store(pg)
    assert isinstance(target, PostgresStore)
    report = MoveReport(to=redact_url(settings.database_url))
    for name in names:
        view = migrate_index(source.load(name), target, replace, progress)
        report.indexes[name] = {"documents": len(view.docs), "passages": view.size}
        report.locations[name] = target.location(name)
    catalog = open_catalog(pg)
    assert isinstance(catalog, PgCatalog)
    if catalog_path(settings).is_file():
        report.catalog.update(copy_catalog(Catalog(catalog_path(settings)), catalog))
    catalog.log("kb store migrate", "migrate", "", indexes=report.indexes, catalog=report.catalog)
    return report
