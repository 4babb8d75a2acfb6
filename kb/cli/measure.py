"""`kb measure FILE`: SME internationalization indicators from a firm-level panel.

Exit codes: 0 ok; 1 input errors (one line on stderr naming the file and the reason);
2 bad usage (unknown size preset, unknown output format, --profile without --country).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from kb.errors import KbError, UsageError
from kb.measure.export import FORMATS, wide, write
from kb.measure.gaps import gaps_to_profile
from kb.measure.indicators import (
    SIZE_PRESETS,
    Indicator,
    measure,
    prepare_panel,
    read_links,
    read_panel,
)

app = typer.Typer(add_completion=False, pretty_exceptions_enable=False)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

_PRESETS_HELP = "; ".join(SIZE_PRESETS) + "; or custom employees:A,B,C / sales:A,B,C"


def _cell(v: float) -> str:
    if v != v:  # NaN: not defined for this class and year
        return ""
    return f"{v:,.0f}" if 1000 <= abs(v) < 1e7 else f"{v:.4g}"


def _print_table(indicators: list[Indicator]) -> None:
    table = wide(indicators)
    rich = Table(title="Indicators by year and size class (definitions: docs/indicators.md)")
    rich.add_column("indicator", overflow="fold")
    rich.add_column("year", justify="right")
    for c in table.columns:
        rich.add_column(str(c), justify="right")
    for (ind, year), row in table.iterrows():
        cells = [_cell(v) for v in row]
        rich.add_row(str(ind), str(year), *cells)
    out.print(rich)


def _run(
    file: Path,
    sizes: str,
    out_file: Path | None,
    json_: bool,
    links: Path | None,
    profile: Path | None,
    country: str | None,
) -> None:
    if out_file is not None and out_file.suffix.lower() not in FORMATS:
        raise UsageError(f"--out {out_file}: unknown format; use {', '.join(FORMATS)}")
    if profile is not None and not country:
        raise UsageError("--profile needs --country ISO3 (the country the profile is for)")
    link_table = read_links(links) if links is not None else None
    panel = prepare_panel(read_panel(file), sizes, link_table, source=str(file))
    indicators = measure(panel, sizes)
    for w in panel.warnings:
        err.print(f"warning: {file}: {w}", markup=False, highlight=False)
    if out_file is not None:
        write(indicators, out_file, panel.warnings)
    if profile is not None and country:
        gaps_to_profile(indicators, country.upper()).save(profile)
    if json_:
        typer.echo(json.dumps([r.as_dict() for r in indicators], ensure_ascii=False))
    elif out_file is None:
        _print_table(indicators)


def measure_command(
    file: Annotated[Path, typer.Argument(help="Firm-level panel, .csv or .parquet")],
    sizes: Annotated[str, typer.Option("--sizes", help=f"Size classes: {_PRESETS_HELP}")] = (
        "employees-10-50-250"
    ),
    out: Annotated[
        Path | None, typer.Option("--out", help="Write the indicators to .xlsx, .csv or .json")
    ] = None,
    json_: Annotated[
        bool, typer.Option("--json", help="Print [{year, size_class, indicator, value}, ...]")
    ] = False,
    links: Annotated[
        Path | None,
        typer.Option("--links", help="Supplier→buyer table (supplier_id, buyer_id[, year])"),
    ] = None,
    profile: Annotated[
        Path | None,
        typer.Option("--profile", help="Also write the measured gaps as a Profile YAML"),
    ] = None,
    country: Annotated[
        str | None, typer.Option("--country", help="ISO3 code for --profile")
    ] = None,
) -> None:
    """Indicators of SME internationalization by year and size class from firm-level data."""
    try:
        _run(file, sizes, out, json_, links, profile, country)
    except KbError as exc:
        err.print(f"error: {exc}", markup=False, highlight=False)
        raise typer.Exit(exc.exit_code) from None


app.command("measure")(measure_command)
