"""`kb store migrate`: copy file indexes and the SQLite catalog into the Postgres store."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from kb.cli.common import RichProgress, err, handle_errors, out
from kb.settings import get_settings

app = typer.Typer(help="Move indexes and the catalog between stores", no_args_is_help=True)


class _Stages:
    """kb.store.migrate's (stage, done, total) reports drawn as rich bars."""

    def __init__(self, bars: RichProgress) -> None:
        self.bars, self.stage, self.done = bars, "", 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self.stage:
            self.bars.stage(stage, total)
            self.stage, self.done = stage, 0
        self.bars.advance(done - self.done)
        self.done = done


@app.command("migrate")
@handle_errors
def migrate(
    to: Annotated[str, typer.Option("--to", help="The store to copy into: postgres")],
    index: Annotated[
        list[str], typer.Option("--index", help="Index to copy (repeatable; default: every one)")
    ] = [],  # noqa: B006
    replace: Annotated[
        bool, typer.Option("--replace", help="Overwrite indexes that already exist there")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Copy file indexes (vectors as stored: nothing is embedded again) and the SQLite catalog
    into PostgreSQL at KB_DATABASE_URL; then set KB_STORE=postgres to use them."""
    from kb.curate.move import move_to_postgres
    from kb.errors import UsageError

    if to != "postgres":
        raise UsageError(f"unknown store {to!r}: kb store migrate copies --to postgres")
    with RichProgress(enabled=not as_json) as bars:
        report = move_to_postgres(get_settings(), list(index), replace, _Stages(bars))
    if as_json:
        out.print_json(json.dumps(report.to_json()))
        return
    for name, counts in report.indexes.items():
        out.print(
            f"index {name!r}: {counts['documents']} documents, {counts['passages']} passages "
            f"and their vectors copied to {report.locations[name]} (nothing embedded again)",
            markup=False,
            highlight=False,
        )
    cat = report.catalog
    out.print(
        f"catalog: {cat.get('documents', 0)} documents, {cat.get('programs', 0)} programs, "
        f"{cat.get('audit', 0)} audit events copied"
        if cat
        else "catalog: no SQLite catalog",
        markup=False,
    )
    err.print("use it with KB_STORE=postgres (and the same KB_DATABASE_URL)", markup=False)


def register(root: typer.Typer) -> None:
    root.add_typer(app, name="store")
