"""`kb corpus stats|check`: what the starter corpus holds, how checkable it is, and whether it
meets the schema and the balance rules."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kb.errors import UsageError
from kb.evaluate.corpus import balance_report, corpus_stats
from kb.ingest.programs import load_programs
from kb.settings import get_settings
from kb.vocab import countries
from kb.vocab.labels import t

app = typer.Typer(
    help="Inspect the starter corpus of program case studies: counts and balance checks.",
    no_args_is_help=True,
)

ProgramsOpt = Annotated[
    Path | None,
    typer.Option("--programs", help="Folder of case studies (default: <corpus_dir>/programs)"),
]
CoverageOpt = Annotated[
    Path | None,
    typer.Option("--coverage", help="Coverage list (default: <corpus_dir>/coverage.yaml)"),
]

_LANGUAGES = {"en": "English", "es": "Español", "pt": "Português"}

# Heading, stats key, how a key is labelled.
_TABLES: tuple[tuple[str, str, Any], ...] = (
    ("Region", "by_region", lambda k: k),
    ("Country", "by_country", lambda k: countries.get(k).name_en if countries.is_country(k) else k),
    ("Instrument", "by_instrument", lambda k: t(f"instrument.{k}", "en", default=k)),
    ("Need", "by_need", lambda k: t(f"need.{k}", "en", default=k)),
    ("Language", "by_language", lambda k: _LANGUAGES.get(k, k)),
    ("Evidence", "by_evidence", lambda k: t(f"evidence.{k}", "en", default=k)),
    ("Status", "by_status", lambda k: k),
    ("Parameter", "by_parameter", lambda k: t(f"param.{k}", "en", default=k)),
    ("Readable in", "readable_in", lambda k: _LANGUAGES.get(k, k)),
    ("Number of languages", "by_language_count", lambda k: k),
)


def _checkable(data: dict[str, Any]) -> str:
    age = data["as_of_age_months"]
    line = (
        f"{data['verified_url_share']:.0%} with a verified URL/DOI/handle, "
        f"{data['parameters_share']:.0%} with parameters"
    )
    if age["oldest"] is not None:
        line += (
            f"; facts checked (as_of) {age['newest']} to {age['oldest']} months ago "
            f"({age['newest_as_of']} to {age['oldest_as_of']}), median {age['median']:g}"
        )
    return line


def _programs_dir(folder: Path | None) -> Path:
    folder = folder or get_settings().corpus_dir / "programs"
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder of case studies; pass --programs PATH")
    return folder


@app.command()
def stats(
    programs: ProgramsOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the counts as JSON")] = False,
) -> None:
    """Count case studies (region, country, instrument, need, language, evidence, status,
    parameters, languages readable in) and say how checkable they are (verified URLs, as_of)."""
    progs, errors = load_programs(_programs_dir(programs))
    data = corpus_stats(progs)
    if as_json:
        typer.echo(json.dumps(data, indent=2, ensure_ascii=False))
        return
    console = Console()
    console.print(
        f"{data['programs']} programs, {data['lac_economies']} Latin American & Caribbean "
        f"and {data['asian_economies']} Asian economies, {data['es_pt_share']:.0%} in es/pt"
        + (f"; {len(errors)} file(s) failed to load (run `kb corpus check`)" if errors else "")
    )
    console.print(_checkable(data))
    for heading, key, label in _TABLES:
        table = Table(title=f"By {heading.lower()}")
        table.add_column(heading)
        table.add_column("id", style="dim")
        table.add_column("Programs", justify="right")
        for k, n in data[key].items():
            table.add_row(label(k), k, str(n))
        console.print(table)


@app.command()
def check(programs: ProgramsOpt = None, coverage: CoverageOpt = None) -> None:
    """Validate every case study and translation (schema, sections) and the balance rules;
    exit 1 if anything fails."""
    progs, errors = load_programs(_programs_dir(programs))
    cov = coverage or get_settings().corpus_dir / "coverage.yaml"
    problems = [str(e) for e in errors] + balance_report(progs, cov)
    for line in problems:
        typer.echo(line)
    typer.echo(f"{len(progs)} valid programs, {len(problems)} problem(s)")
    if problems:
        raise typer.Exit(1)
