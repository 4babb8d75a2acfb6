"""Tables and files from measured indicators: long records, year × size tables, xlsx/csv/json."""

from __future__ import annotations

import io
import json
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from kb.errors import UsageError
from kb.files import atomic_write
from kb.measure.indicators import INDICATORS, Indicator
from kb.measure.panel_warnings import PanelWarning

FORMATS = (".xlsx", ".csv", ".json")
_COLUMNS = ["year", "size_class", "indicator", "value"]


def to_records(indicators: list[Indicator]) -> list[dict[str, object]]:
    """The `--json` schema: a list of {year, size_class, indicator, value}."""
    return [r.as_dict() for r in indicators]


def to_frame(indicators: list[Indicator]) -> pd.DataFrame:
    return pd.DataFrame(to_records(indicators), columns=_COLUMNS)


def wide(indicators: list[Indicator]) -> pd.DataFrame:
    """Rows (indicator, year), one column per size class, in measuring order."""
    long = to_frame(indicators)
    if long.empty:
        return pd.DataFrame()
    classes = list(dict.fromkeys(long["size_class"]))
    table = long.pivot_table(
        index=["indicator", "year"], columns="size_class", values="value", aggfunc="first"
    )
    order = {k: i for i, k in enumerate(INDICATORS)}
    table = table.sort_index(
        level=["indicator", "year"], key=lambda s: s.map(order) if s.name == "indicator" else s
    )
    return table[[c for c in classes if c in table.columns]]


Warnings = Sequence[PanelWarning | str]


def to_bytes(indicators: list[Indicator], fmt: str, warnings: Warnings | None = None) -> bytes:
    """File content in `fmt` (.xlsx, .csv or .json); the xlsx lists the warnings in English,
    as the CLI prints them."""
    if fmt == ".json":
        return json.dumps(to_records(indicators), ensure_ascii=False, indent=1).encode("utf-8")
    if fmt == ".csv":
        return to_frame(indicators).to_csv(index=False).encode("utf-8")
    if fmt == ".xlsx":
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as xl:
            to_frame(indicators).to_excel(xl, sheet_name="indicators", index=False)
            wide(indicators).to_excel(xl, sheet_name="by_year_and_size")
            defs = pd.DataFrame(list(INDICATORS.items()), columns=["indicator", "definition"])
            defs.to_excel(xl, sheet_name="definitions", index=False)
            pd.DataFrame({"warning": [str(w) for w in warnings or []]}).to_excel(
                xl, sheet_name="warnings", index=False
            )
        return buf.getvalue()
    raise UsageError(f"cannot write {fmt!r}: use one of {', '.join(FORMATS)}")


def write(indicators: list[Indicator], path: Path, warnings: Warnings | None = None) -> None:
    """Write by file suffix; atomic, so a failed run never leaves half a file."""
    path = Path(path)
    data = to_bytes(indicators, path.suffix.lower(), warnings)
    atomic_write(path, data)
