"""Curation commands: `kb docs`, `kb programs`, `kb audit`, `kb doctor`, `kb users`.

The user recorded in the audit log is KB_USER, else the login name (`--user` overrides).
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table

from kb.cli.common import err, handle_errors, out
from kb.settings import get_settings

docs_app = typer.Typer(help="List, review and change catalogued documents", no_args_is_help=True)
programs_app = typer.Typer(help="Programs and the documents linked to them", no_args_is_help=True)
users_app = typer.Typer(help="Logins allowed to curate in the app", no_args_is_help=True)

IndexOpt = Annotated[str | None, typer.Option("--index", help="Index name (default: corpus)")]
UserOpt = Annotated[str | None, typer.Option("--user", help="Who to record in the audit log")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print as JSON")]
NoteOpt = Annotated[str, typer.Option("--note", help="Why (kept in the audit log)")]
IdsArg = Annotated[list[str], typer.Argument(help="Document ids (a unique prefix of 6+ works)")]


def _curator(index: str | None, user: str | None) -> Any:
    from kb.cli.common import RichProgress
    from kb.curate.curator import Curator

    return Curator(get_settings(), index, user, progress=RichProgress(enabled=False))


def _catalog() -> Any:
    from kb.curate.catalog import open_catalog

    return open_catalog(get_settings())


def _dump(data: Any) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1, default=str) + "\n")


@docs_app.command("list")
@handle_errors
def docs_list(
    index: IndexOpt = None,
    status: Annotated[
        str | None, typer.Option(help="pending | approved | rejected | retired (default: all)")
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Catalogued documents with their status; near-duplicates name the document they resemble."""
    from kb.curate.catalog import STATUSES
    from kb.errors import UsageError

    if status is not None and status not in STATUSES:
        raise UsageError(f"unknown status {status!r}; valid: {', '.join(STATUSES)}")
    name = index or get_settings().default_index
    entries = _catalog().entries(name, status)
    if as_json:
        _dump([e.to_json() for e in entries])
        return
    if not entries:
        which = f"{status} documents" if status else "documents"
        out.print(f"no {which} in the catalog of index {name!r}", markup=False)
        return
    table = Table("id", "status", "type", "lang", "title", "near-duplicate of", "changed")
    for e in entries:
        near = f"{e.near_duplicate_of} ({e.similarity:.2f})" if e.near_duplicate_of else ""
        table.add_row(
            e.doc_id,
            e.status,
            e.doc_type,
            e.language or "",
            e.title[:60],
            near,
            f"{e.changed_at} {e.changed_by}",
        )
    out.print(table)


@docs_app.command("show")
@handle_errors
def docs_show(
    doc_id: Annotated[str, typer.Argument(help="Document id")],
    index: IndexOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Everything the catalog holds about one document, and its history."""
    name = index or get_settings().default_index
    cat = _catalog()
    entry = cat.get(name, doc_id)
    history = [ev.to_json() for ev in reversed(cat.audit(name, entry.doc_id, limit=1000))]
    if as_json:
        _dump({**entry.to_json(), "history": history})
        return
    table = Table(show_header=False)
    for key, value in entry.to_json().items():
        table.add_row(
            key, json.dumps(value, ensure_ascii=False) if isinstance(value, dict) else str(value)
        )
    out.print(table)
    for ev in history:
        out.print(
            f"{ev['at']}  {ev['user']}  {ev['action']}  {json.dumps(ev['detail'])}",
            markup=False,
            highlight=False,
        )


def _each(ids: list[str], action: Any) -> None:
    """Apply an action to every id; a failing id is named and the others still go through."""
    from kb.errors import KbError

    failed = 0
    for doc_id in ids:
        try:
            entry = action(doc_id)
            out.print(f"{entry.doc_id}: {entry.status}", markup=False)
        except KbError as exc:
            failed += 1
            err.print(f"error: {exc}", markup=False, highlight=False)
    if failed:
        raise typer.Exit(2 if failed == len(ids) else 1)


@docs_app.command("approve")
@handle_errors
def docs_approve(
    ids: IdsArg,
    index: IndexOpt = None,
    user: UserOpt = None,
    note: NoteOpt = "",
    retire_original: Annotated[
        bool,
        typer.Option(
            "--retire-original", help="Also retire the document a near-duplicate resembles"
        ),
    ] = False,
) -> None:
    """Approve documents: they are indexed (only their chunks) and become searchable."""
    cur = _curator(index, user)
    _each(ids, lambda d: cur.approve(d, note, retire_original))


@docs_app.command("reindex")
@handle_errors
def docs_reindex(
    ids: Annotated[
        list[str] | None,
        typer.Argument(help="Document ids (a unique prefix of 6+ works; default: every approved)"),
    ] = None,
    index: IndexOpt = None,
    user: UserOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Parse, chunk and embed approved documents again from their files; curators' edits stay."""
    from kb.cli.common import RichProgress, print_report
    from kb.curate.curator import Curator

    with RichProgress(enabled=not as_json) as progress:
        report = Curator(get_settings(), index, user, progress=progress).reindex(ids or ())
    print_report(report, as_json)
    if report.failed:
        raise typer.Exit(1)


@docs_app.command("reject")
@handle_errors
def docs_reject(
    ids: IdsArg, index: IndexOpt = None, user: UserOpt = None, note: NoteOpt = ""
) -> None:
    """Reject pending documents (kept in the catalog, never indexed)."""
    cur = _curator(index, user)
    _each(ids, lambda d: cur.reject(d, note))


@docs_app.command("retire")
@handle_errors
def docs_retire(
    ids: IdsArg, index: IndexOpt = None, user: UserOpt = None, note: NoteOpt = ""
) -> None:
    """Retire documents: their chunks leave the index; the catalog keeps the record."""
    cur = _curator(index, user)
    _each(ids, lambda d: cur.retire(d, note))


@docs_app.command("edit")
@handle_errors
def docs_edit(
    doc_id: Annotated[str, typer.Argument(help="Document id")],
    index: IndexOpt = None,
    user: UserOpt = None,
    title: Annotated[str | None, typer.Option(help="New title")] = None,
    year: Annotated[int | None, typer.Option(help="New year")] = None,
    language: Annotated[str | None, typer.Option(help="Language code (en, es, pt...)")] = None,
    country: Annotated[
        list[str] | None, typer.Option(help="ISO3 country (repeatable; replaces the list)")
    ] = None,
    doc_type: Annotated[str | None, typer.Option("--type", help="Document type")] = None,
    topic: Annotated[
        list[str] | None,
        typer.Option(
            help="Instrument or need id the document discusses, for the search filters "
            "(repeatable; replaces the list)"
        ),
    ] = None,
    note: Annotated[str | None, typer.Option(help="Curator's note")] = None,
) -> None:
    """Change a document's metadata (catalog and index; no re-embedding)."""
    from kb.errors import UsageError
    from kb.vocab import countries as ctry

    changes: dict[str, Any] = {
        k: v
        for k, v in {
            "title": title,
            "year": year,
            "language": language,
            "doc_type": doc_type,
            "note": note,
        }.items()
        if v is not None
    }
    if country is not None:
        bad = [c for c in country if not ctry.is_country(c.upper())]
        if bad:
            raise UsageError(f"unknown ISO3 country code(s): {', '.join(bad)}")
        changes["countries"] = [c.upper() for c in country]
    if topic is not None:
        changes["topics"] = list(dict.fromkeys(topic))
    if not changes:
        raise UsageError(
            "nothing to change: give --title, --year, --language, --country, --type, --topic "
            "or --note"
        )
    entry = _curator(index, user).edit(doc_id, changes)
    out.print(f"{entry.doc_id}: edited {', '.join(sorted(changes))}", markup=False)


@programs_app.command("list")
@handle_errors
def programs_list(as_json: JsonOpt = False) -> None:
    """Program records (one per program, however many documents and languages describe it)."""
    progs = _catalog().programs()
    if as_json:
        _dump([p.to_json() for p in progs])
        return
    table = Table("id", "name", "country", "aliases")
    for p in progs:
        table.add_row(p.program_id, p.name, p.country, "; ".join(p.aliases)[:80])
    out.print(table)


@programs_app.command("show")
@handle_errors
def programs_show(
    key: Annotated[str, typer.Argument(help="Program id, name or alias")], as_json: JsonOpt = False
) -> None:
    """One program: its names and every document linked to it."""
    prog = _catalog().program(key)
    if as_json:
        _dump(prog.to_json())
        return
    out.print(f"{prog.program_id}: {prog.name} ({prog.country})", markup=False)
    out.print("aliases: " + "; ".join(prog.aliases), markup=False)
    table = Table("doc id", "role", "pages", "lang", "status", "title")
    for d in prog.documents:
        table.add_row(
            d["doc_id"],
            d["role"],
            ",".join(map(str, d["pages"][:12])),
            d["language"] or "",
            d["status"] or "",
            (d["title"] or "")[:60],
        )
    out.print(table)


def audit_command(
    index: IndexOpt = None,
    doc: Annotated[str | None, typer.Option("--doc", help="Only this document")] = None,
    user: Annotated[str | None, typer.Option("--user", help="Only this user")] = None,
    limit: Annotated[int, typer.Option(min=1, help="Most recent events shown")] = 50,
    as_json: JsonOpt = False,
) -> None:
    """The append-only log of every curation change: who, what, when."""
    events = _catalog().audit(index, doc, user, limit)
    if as_json:
        _dump([e.to_json() for e in events])
        return
    table = Table("id", "at", "user", "action", "index", "doc", "detail")
    for e in events:
        table.add_row(
            str(e.id),
            e.at,
            e.user,
            e.action,
            e.index_name,
            e.doc_id,
            json.dumps(e.detail, ensure_ascii=False)[:80],
        )
    out.print(table)


def register(app: typer.Typer) -> None:
    app.add_typer(docs_app, name="docs")
    app.add_typer(programs_app, name="programs")
    app.add_typer(users_app, name="users")
    app.command("audit")(handle_errors(audit_command))
    from kb.cli.doctor import doctor_command, users_add

    app.command("doctor")(handle_errors(doctor_command))
    users_app.command("add")(handle_errors(users_add))
