"""Reading and checking firm-level panels for `kb.measure.indicators`.

A panel has one row per firm and year (`firm_id, year, exports` and `employees` and/or `sales`;
optional `value_added`). When `destination` and/or `product` columns are present the file may
hold one row per firm, year, destination and product; the firm's attributes then repeat on each
of its rows and exports are summed. Supplier→buyer links come either as a second table
(`supplier_id, buyer_id[, year]`) or as a `buyers` column listing buyer ids separated by `;`.

Errors stop the run (`PanelError` naming the file and the column); doubtful but usable data
(exports larger than sales, negative value added, gaps between years) become warnings
(`PanelWarning` records the app words in the user's language) and the rows are kept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from kb.errors import PanelError
from kb.measure.panel_warnings import PanelWarning
from kb.measure.sizes import DEFAULT_PRESET, UNKNOWN_CLASS, SizePreset, get_preset

# Accepted spellings (case-insensitive, spaces as underscores) of each column, so files exported
# by Spanish- or Portuguese-speaking offices load without renaming.
ALIASES: dict[str, tuple[str, ...]] = {
    "firm_id": ("firm_id", "firm", "id", "id_empresa", "empresa_id", "empresa"),
    "year": ("year", "anio", "año", "ano", "periodo"),
    "employees": (
        "employees",
        "employment",
        "workers",
        "empleados",
        "trabajadores",
        "empregados",
        "ocupados",
    ),
    "sales": ("sales", "turnover", "revenue", "ventas", "vendas", "ingresos"),
    "exports": ("exports", "exportaciones", "exportacoes", "exportações"),
    "value_added": (
        "value_added",
        "valor_agregado",
        "valor_anadido",
        "valor_añadido",
        "valor_adicionado",
    ),
    "destination": ("destination", "destino", "pais_destino", "país_destino"),
    "product": ("product", "product_code", "producto", "produto", "hs", "hs6"),
    "buyers": ("buyers", "buyer_ids", "compradores", "clientes"),
}
LINK_ALIASES: dict[str, tuple[str, ...]] = {
    "supplier_id": ("supplier_id", "supplier", "proveedor", "id_proveedor", "fornecedor"),
    "buyer_id": ("buyer_id", "buyer", "comprador", "id_comprador", "cliente"),
    "year": ALIASES["year"],
}
NUMERIC = ("employees", "sales", "exports", "value_added")
NON_NEGATIVE = ("employees", "sales", "exports")
DETAIL = ("destination", "product")


def _canonical(columns: list[str], aliases: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Map each recognised column to its canonical name; the first spelling found wins."""
    keyed = {str(c).strip().lower().replace(" ", "_"): c for c in columns}
    out: dict[str, str] = {}
    for name, spellings in aliases.items():
        for s in spellings:
            if s in keyed and keyed[s] not in out:
                out[keyed[s]] = name
                break
    return out


_BINARY_KINDS = (
    (b"PK\x03\x04", "an Excel workbook (XLSX) or another zip file"),
    (b"\xd0\xcf\x11\xe0", "an old Excel workbook (XLS)"),
    (b"PAR1", "a Parquet file"),
    (b"%PDF", "a PDF"),
)


def _refuse_binary(path: Path) -> None:
    """A binary file named .csv fails with one line saying what it is, never its bytes."""
    with path.open("rb") as fh:
        head = fh.read(4096)
    kind = next((what for magic, what in _BINARY_KINDS if head.startswith(magic)), None)
    if kind is None and b"\0" in head:
        kind = "a binary file"
    if kind is not None:
        raise PanelError(
            str(path),
            f"is {kind}, not a CSV text file: save it as CSV (UTF-8) from the spreadsheet, "
            "or give a .parquet file",
        )


def _read_table(path: Path) -> pd.DataFrame:
    if not path.exists():
        raise PanelError(str(path), "file not found")
    suffix = path.suffix.lower()
    try:
        if suffix == ".parquet":
            return pd.read_parquet(path)
        if suffix in (".csv", ".txt"):
            if path.stat().st_size == 0:
                raise PanelError(str(path), "empty file (0 bytes)")
            _refuse_binary(path)
            with path.open(encoding="utf-8", errors="replace") as fh:
                header = fh.readline()
            if ";" in header and "," not in header:
                # Spreadsheets set to Spanish or Portuguese write ';' and decimal commas.
                return pd.read_csv(path, sep=";", decimal=",")
            return pd.read_csv(path, engine="pyarrow")
    except PanelError:
        raise
    except Exception as exc:  # pandas/pyarrow raise many types for a broken file
        # The message may quote the file's bytes: shown escaped, on one line, and short.
        shown = ascii(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)[1:-1][:200]
        raise PanelError(str(path), f"cannot be read as {suffix[1:]}: {shown}") from exc
    raise PanelError(str(path), f"unsupported file type {suffix!r}: use .csv or .parquet")


def read_panel(path: str | Path) -> pd.DataFrame:
    """Read a CSV or Parquet panel and give its columns their canonical names."""
    path = Path(path)
    df = _read_table(path)
    df = df.rename(columns=_canonical(list(df.columns), ALIASES))
    df.attrs["source"] = str(path)
    return df


def read_links(path: str | Path) -> pd.DataFrame:
    """Read a supplier→buyer table (`supplier_id, buyer_id[, year]`)."""
    path = Path(path)
    df = _read_table(path)
    df = df.rename(columns=_canonical(list(df.columns), LINK_ALIASES))
    return check_links(df, str(path))


def check_links(df: pd.DataFrame, source: str = "<links>") -> pd.DataFrame:
    """Links with ids as strings; raise `PanelError` when a column is missing."""
    missing = [c for c in ("supplier_id", "buyer_id") if c not in df.columns]
    if missing:
        raise PanelError(
            source,
            f"missing column {missing[0]!r} in the links table "
            f"(found: {', '.join(map(str, df.columns))}); "
            "a links table needs supplier_id and buyer_id, optionally year",
        )
    cols = ["supplier_id", "buyer_id"] + (["year"] if "year" in df.columns else [])
    out = df[cols].dropna(subset=["supplier_id", "buyer_id"]).copy()
    out["supplier_id"] = _ids(out["supplier_id"])
    out["buyer_id"] = _ids(out["buyer_id"])
    if "year" in out.columns:
        out["year"] = _years(out["year"], source)
    return out


def links_from_column(df: pd.DataFrame) -> pd.DataFrame | None:
    """Links from a `buyers` column (`;`-separated buyer ids per firm-year), if there is one."""
    if "buyers" not in df.columns:
        return None
    sub = df.loc[df["buyers"].notna(), ["firm_id", "year", "buyers"]]
    buyers = sub["buyers"].astype(str).str.split(";")
    out = pd.DataFrame(
        {"supplier_id": sub["firm_id"], "year": sub["year"], "buyer_id": buyers}
    ).explode("buyer_id")
    out["buyer_id"] = out["buyer_id"].str.strip()
    out = out[out["buyer_id"] != ""]
    return check_links(out.reset_index(drop=True), df.attrs.get("source", "<panel>"))


def _ids(s: pd.Series) -> pd.Series:
    # Whole-number floats (ids read next to blanks) must match the same ids read as integers.
    if pd.api.types.is_float_dtype(s) and bool(np.all(np.mod(s.dropna(), 1) == 0)):
        s = s.astype("Int64")
    return s.astype(str)


def _years(s: pd.Series, source: str) -> pd.Series:
    y = pd.to_numeric(s, errors="coerce")
    bad = y.isna() | (np.mod(y.fillna(0), 1) != 0)
    if bad.any():
        raise PanelError(
            source,
            f"column 'year' has {int(bad.sum()):,} value(s) that are not whole years, "
            f"e.g. {s[bad].iloc[0]!r} (data row {int(np.flatnonzero(bad.to_numpy())[0]) + 1})",
        )
    return y.astype(np.int64)


@dataclass
class Panel:
    """A checked panel: one row per firm-year, plus flows by destination and links if given."""

    firm_years: pd.DataFrame  # firm_id, year, exports, [employees, sales, value_added, n_*]
    flows: pd.DataFrame | None  # firm_id, year, destination, exports (exporting rows only)
    links: pd.DataFrame | None  # supplier_id, buyer_id[, year]
    warnings: list[PanelWarning]  # str(w) is the English sentence
    source: str


def _fail(source: str, df: pd.DataFrame, mask: pd.Series, col: str, what: str, fix: str) -> None:
    if not mask.any():
        return
    i = int(np.flatnonzero(mask.to_numpy())[0])
    row = df.iloc[i]
    raise PanelError(
        source,
        f"column {col!r} has {int(mask.sum()):,} {what}, e.g. firm {row['firm_id']} in "
        f"{row['year']} (data row {i + 1}); {fix}",
    )


def _require(df: pd.DataFrame, preset: SizePreset, source: str) -> None:
    if df.empty:
        raise PanelError(source, "the panel has no rows")
    for col in ("firm_id", "year", "exports", preset.variable):
        if col not in df.columns:
            why = f" (size preset {preset.id!r} classifies by it)" if col == preset.variable else ""
            raise PanelError(
                source,
                f"missing column {col!r}{why}; found: {', '.join(map(str, df.columns))}; "
                f"accepted names: {', '.join(ALIASES[col])}",
            )


def _numbers(df: pd.DataFrame, source: str, warnings: list[PanelWarning]) -> pd.DataFrame:
    df = df.copy()
    if df["firm_id"].isna().any():
        _fail(source, df, df["firm_id"].isna(), "firm_id", "blank id(s)", "give every row an id")
    df["firm_id"] = _ids(df["firm_id"])
    df["year"] = _years(df["year"], source)
    for col in (c for c in NUMERIC if c in df.columns):
        raw = df[col]
        num = pd.to_numeric(raw, errors="coerce")
        _fail(
            source,
            df,
            num.isna() & raw.notna(),
            col,
            "value(s) that are not numbers",
            "use plain numbers without thousands separators",
        )
        df[col] = num.astype(float)
        if col in NON_NEGATIVE:
            _fail(source, df, num < 0, col, "negative value(s)", "correct or remove those rows")
    if (df.get("value_added", pd.Series(dtype=float)) < 0).any():
        n = int((df["value_added"] < 0).sum())
        warnings.append(PanelWarning.of("negative_value_added", n=n))
    if df["exports"].isna().any():
        n = int(df["exports"].isna().sum())
        warnings.append(PanelWarning.of("blank_exports", n=n))
        df["exports"] = df["exports"].fillna(0.0)
    return df


def _collapse(df: pd.DataFrame, source: str) -> tuple[pd.DataFrame, pd.DataFrame | None]:
    """One row per firm-year; exports by destination kept for concentration across markets."""
    detail = [c for c in DETAIL if c in df.columns]
    key = ["firm_id", "year"]
    dup = df.duplicated(key + detail, keep="first")
    _fail(
        source,
        df,
        dup,
        "firm_id",
        "duplicate row(s) for the same " + ", ".join(["firm", "year", *detail]),
        "keep one row per " + ", ".join(key + detail),
    )
    if not detail:
        return df, None
    attrs = [c for c in ("employees", "sales", "value_added") if c in df.columns]
    g = df.groupby(key, sort=False)
    if attrs:
        varying = (g[attrs].nunique(dropna=False) > 1).any(axis=1)
        if varying.any():
            firm, year = varying[varying].index[0]
            raise PanelError(
                source,
                f"firm {firm} in {year} has different {'/'.join(attrs)} on its "
                f"{'/'.join(detail)} rows ({int(varying.sum()):,} firm-years like this); "
                "repeat the same firm values on every row of a firm-year",
            )
    fy = g[attrs].first()
    fy["exports"] = g["exports"].sum()
    pos = df[df["exports"] > 0]
    for col, name in (("destination", "n_markets"), ("product", "n_products")):
        if col in df.columns:
            fy[name] = pos.groupby(key, sort=False)[col].nunique()
            fy[name] = fy[name].fillna(0.0)
    flows = None
    if "destination" in df.columns:
        flows = pos.groupby([*key, "destination"], sort=False, as_index=False)["exports"].sum()
    return fy.reset_index(), flows


def _soft_checks(fy: pd.DataFrame, preset: SizePreset, warnings: list[PanelWarning]) -> None:
    # Years and ids go in as text: only counts are grouped by language (2017, not 2.017).
    if "sales" in fy.columns:
        over = fy["exports"] > fy["sales"]
        if over.any():
            row = fy[over].iloc[0]
            warnings.append(
                PanelWarning.of(
                    "exports_over_sales",
                    n=int(over.sum()),
                    firm=str(row["firm_id"]),
                    year=str(row["year"]),
                )
            )
    blank = fy[preset.variable].isna()
    if blank.any():
        warnings.append(
            PanelWarning.of(
                "no_size", n=int(blank.sum()), variable=preset.variable, unknown=UNKNOWN_CLASS
            )
        )
    years = np.unique(fy["year"].to_numpy())
    gaps = sorted(set(range(int(years.min()), int(years.max()) + 1)) - set(years.tolist()))
    if gaps:
        warnings.append(PanelWarning.of("missing_years", years=", ".join(map(str, gaps))))


def prepare_panel(
    df: pd.DataFrame,
    sizes: str | SizePreset = DEFAULT_PRESET,
    links: pd.DataFrame | None = None,
    source: str | None = None,
) -> Panel:
    """Check a panel and bring it to one row per firm-year; raise `PanelError` on bad input."""
    preset = get_preset(sizes)
    source = source or str(df.attrs.get("source", "<panel>"))
    df = df.rename(columns=_canonical(list(df.columns), ALIASES))
    _require(df, preset, source)
    warnings: list[PanelWarning] = []
    df = _numbers(df, source, warnings)
    column_links = links_from_column(df)
    fy, flows = _collapse(df.drop(columns=["buyers"], errors="ignore"), source)
    _soft_checks(fy, preset, warnings)
    if links is not None:
        links = check_links(links, str(links.attrs.get("source", "<links>")))
    elif column_links is not None:
        links = column_links
    return Panel(fy, flows, links, warnings, source)


def validate_panel(df: pd.DataFrame, sizes: str | SizePreset = DEFAULT_PRESET) -> list[str]:
    """Warnings about a panel, in English; raises `PanelError` for anything that prevents
    measuring it (`prepare_panel(...).warnings` holds them as records to translate)."""
    return [str(w) for w in prepare_panel(df, sizes).warnings]
