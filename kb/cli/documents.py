"""Commands on documents and indexes: build, ingest, search, info, settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from kb.cli.common import (
    RichProgress,
    check_language,
    err,
    handle_errors,
    one_line,
    out,
    print_report,
    shown,
)
from kb.cli.search_output import SearchFormat, print_search, search_lines
from kb.settings import Settings, get_settings, redact_url

if TYPE_CHECKING:  # the CLI imports the library lazily, so `kb --help` stays fast
    pass

app = typer.Typer()


@app.command()
@handle_errors
def build(
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Re-create the index from scratch")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Build (or refresh) the default index from corpus/: case studies and policy notes."""
    from kb.curate.batch import build_corpus
    from kb.curate.curator import Curator, index_lock

    s = get_settings()
    curator = Curator(s)
    with RichProgress(enabled=not as_json) as progress, index_lock(s, s.default_index):
        report = build_corpus(s, rebuild=rebuild, progress=progress, catalog=curator.hook())
    print_report(report, as_json)
    if report.failed:
        raise typer.Exit(1)


@app.command()
@handle_errors
def ingest(
    paths: Annotated[list[Path], typer.Argument(help="Files or folders (read recursively)")],
    index: Annotated[
        str | None, typer.Option(help="Index name (default: the corpus index)")
    ] = None,
    password: Annotated[str | None, typer.Option(help="Password for encrypted PDFs")] = None,
    rebuild: Annotated[bool, typer.Option("--rebuild", help="Start the index afresh")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON")] = False,
) -> None:
    """Add documents (PDF, HTML, Markdown, DOCX, text, DSpace CSV) to an index."""
    from kb.curate.curator import Curator

    missing = [p for p in paths if not p.exists()]
    if missing:
        names = ", ".join(one_line(shown(p)) for p in missing)
        err.print(f"error: no such file or folder: {names}", markup=False, highlight=False)
        raise typer.Exit(2)
    s = get_settings()
    with RichProgress(enabled=not as_json) as progress:
        # The operator chose these files: new documents are approved, near-duplicates pending.
        curator = Curator(s, index, progress=progress)
        report = curator.ingest(paths, password=password, rebuild=rebuild)
    print_report(report, as_json)
    if report.failed:
        raise typer.Exit(1)


def _filters(
    country: list[str],
    region: list[str],
    lang: list[str],
    doc_type: list[str],
    year_from: int | None,
    year_to: int | None,
    instrument: list[str],
    need: list[str],
    evidence: list[str],
    status: list[str],
) -> Any:
    from kb.answer.search import Filters

    return Filters(
        countries=tuple(c.upper() for c in country),
        regions=tuple(region),
        languages=tuple(lang),
        doc_types=tuple(doc_type),
        year_from=year_from,
        year_to=year_to,
        instruments=tuple(instrument),
        needs=tuple(need),
        evidence=tuple(evidence),
        statuses=tuple(status),
    )


FromFileOpt = Annotated[Path | None, typer.Option(help="One query per line; prints JSON lines")]
IncludeWeakOpt = Annotated[
    bool,
    typer.Option(help="Also list sources below the relevance floor (flagged good_match false)"),
]
JsonObjectOpt = Annotated[
    bool,
    typer.Option(
        "--json-object",
        help="Print one JSON object: query, hits, no_good_match, also_searched_as, places_named",
    ),
]
ReaderOpt = Annotated[
    str | None,
    typer.Option(
        help="Language you read (en|es|pt): a case study's passages in it are shown first "
        "(default: the query's language as detected)"
    ),
]


@app.command()
@handle_errors
def search(
    query: Annotated[
        str | None,
        typer.Argument(
            help="The question, in any language; words in quotes are preferred together "
            "('\"trade fairs\" abroad')"
        ),
    ] = None,
    index: Annotated[str | None, typer.Option(help="Index name")] = None,
    top: Annotated[int, typer.Option("--top", "-k", min=1, max=200, help="Hits to return")] = 10,
    country: Annotated[list[str], typer.Option(help="ISO3 country (repeatable)")] = [],  # noqa: B006
    region: Annotated[
        list[str],
        typer.Option(
            help="World Bank region: LAC, EAP, SAS, ASIA (the ADB), WLD or a name (repeatable)"
        ),
    ] = [],  # noqa: B006
    lang: Annotated[
        list[str],
        typer.Option(
            help="Language code en|es|pt...: written in it, or a case study with a version in it "
            "(repeatable)"
        ),
    ] = [],  # noqa: B006
    doc_type: Annotated[list[str], typer.Option("--type", help="Document type (repeatable)")] = [],  # noqa: B006
    year_from: Annotated[int | None, typer.Option(help="Earliest year")] = None,
    year_to: Annotated[int | None, typer.Option(help="Latest year")] = None,
    instrument: Annotated[list[str], typer.Option(help="Instrument id (repeatable)")] = [],  # noqa: B006
    need: Annotated[list[str], typer.Option(help="Need id (repeatable)")] = [],  # noqa: B006
    evidence: Annotated[list[str], typer.Option(help="Evidence level (repeatable)")] = [],  # noqa: B006
    status: Annotated[
        list[str],
        typer.Option(help="Case studies with this status only: active|closed|unknown (repeatable)"),
    ] = [],  # noqa: B006
    method: Annotated[str | None, typer.Option(help="weighted | rrf | dense | bm25")] = None,
    from_file: FromFileOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print hits as JSON")] = False,
    json_object: JsonObjectOpt = False,
    include_weak: IncludeWeakOpt = False,
    reader: ReaderOpt = None,
) -> None:
    """Search across languages: one card per program or document, its best passages and pages.

    Below the calibrated relevance floor kb answers "no good match" (JSON: an empty list, and
    the message on stderr; --json-object: `"no_good_match": true`) instead of listing the
    closest noise.
    """
    from kb.answer.query_check import check_languages, check_regions
    from kb.api import open_searcher
    from kb.ingest.program_schema import LANGUAGES

    query, reader = _checked_query(query, from_file, reader)
    country = _checked_filters(instrument, need, status, country, (year_from, year_to))
    region = check_regions(region)
    searcher = open_searcher(index)
    lang = check_languages(lang, [*searcher.index.language_counts(), *LANGUAGES])
    filters = _filters(
        country, region, lang, doc_type, year_from, year_to, instrument, need, evidence, status
    )
    if from_file is not None:
        search_lines(searcher, from_file, top, filters, method, include_weak, reader)
        return
    assert query is not None
    hits = searcher.search(query, top, filters, method, None, include_weak, reader)
    fmt: SearchFormat = "object" if json_object else "list" if as_json else "text"
    print_search(searcher, query, hits, method, fmt, filters)


def _checked_query(
    query: str | None, from_file: Path | None, reader: str | None
) -> tuple[str | None, str | None]:
    """A query or a file of them (one of the two), and the reader's language, checked."""
    from kb.answer.query_check import check_query

    if (query is None) == (from_file is None):
        err.print("error: give a QUERY or --from-file FILE (one of them)")
        raise typer.Exit(2)
    reader = check_language(reader, "--reader") if reader is not None else None
    return (check_query(query) if query is not None else None), reader


def _checked_filters(
    instrument: list[str],
    need: list[str],
    status: list[str],
    country: list[str],
    years: tuple[int | None, int | None],
) -> list[str]:
    """The filters that need no index, checked before it loads; the countries as ISO3."""
    from kb.answer.query_check import check_countries, check_years

    _check_ids(instrument, need, status)
    country = check_countries(country)
    check_years(*years)
    return country


def _check_ids(instruments: list[str], needs: list[str], statuses: list[str]) -> None:
    from kb.errors import UnknownIdError
    from kb.vocab import taxonomy

    for i in instruments:
        if i not in taxonomy.INSTRUMENTS:
            raise UnknownIdError("instrument", i, list(taxonomy.INSTRUMENTS))
    for n in needs:
        if n not in taxonomy.NEEDS:
            raise UnknownIdError("need", n, list(taxonomy.NEEDS))
    for status in statuses:
        if status not in taxonomy.STATUSES:
            raise UnknownIdError("status", status, list(taxonomy.STATUSES))


@app.command()
@handle_errors
def info(
    index: Annotated[str | None, typer.Option(help="Index name")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON")] = False,
) -> None:
    """What an index holds: model, counts, languages, document types, build time."""
    from kb.store.factory import open_store

    s = get_settings()
    store = open_store(s)
    idx = store.load(index or s.default_index)
    langs = idx.language_counts()
    types: dict[str, int] = {}
    for d in idx.docs.values():
        types[d.doc_type or "?"] = types.get(d.doc_type or "?", 0) + 1
    data = {
        **idx.manifest.describe(),
        "store": store.kind,
        "path": idx.location,
        "chunk_languages": langs,
        "doc_types": types,
    }
    if as_json:
        out.print_json(json.dumps(data))
        return
    table = Table(show_header=False)
    for key, value in data.items():
        if key != "created":  # seconds since 1970: the table shows created_iso instead
            table.add_row(key, str(value))
    out.print(table)


@app.command("settings")
def show_settings() -> None:
    """Every setting with its value and meaning (set with KB_<NAME> or a KB_SETTINGS file)."""
    s = get_settings()
    table = Table("setting", "value", "meaning")
    for name, field in Settings.model_fields.items():
        value = redact_url(s.database_url) if name == "database_url" else str(getattr(s, name))
        table.add_row(f"KB_{name.upper()}", value, field.description or "")
    out.print(table)


def register(root: typer.Typer) -> None:
    root.registered_commands.extend(app.registered_commands)
