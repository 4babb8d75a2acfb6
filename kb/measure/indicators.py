"""Standard indicators of SME internationalization from a firm-level panel.

`measure(df)` returns one `Indicator(year, size_class, indicator, value)` per year, size class
and indicator. Size classes are those of the preset (`micro`, `small`, `medium`, `large`), plus
`unknown` (no size variable), `sme` (micro + small + medium together) and `all`. Definitions and
formulas, in Spanish and English: docs/indicators.md. An indicator whose denominator is zero, or
whose data are absent (no destinations, no links, the last years for survival), is left out
rather than reported as 0.

Everything is column arithmetic (pandas groupby, numpy masks): loops run over years and size
classes, never over firms, so a million firm-years takes seconds.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
import pandas as pd

from kb.measure.panel_io import Panel, prepare_panel, read_links, read_panel, validate_panel
from kb.measure.sizes import DEFAULT_PRESET, SIZE_PRESETS, UNKNOWN_CLASS, SizePreset, get_preset

__all__ = [
    "DEFAULT_PRESET",
    "INDICATORS",
    "SIZE_PRESETS",
    "Indicator",
    "Panel",
    "SizePreset",
    "get_preset",
    "measure",
    "prepare_panel",
    "read_links",
    "read_panel",
    "validate_panel",
]

SME_GROUP = "sme"
ALL_GROUP = "all"

# Indicator ids, in report order, with a one-line definition (full text: docs/indicators.md).
INDICATORS: dict[str, str] = {
    "n_firms": "Firms in the panel that year",
    "n_exporters": "Firms with exports > 0",
    "share_exporters": "n_exporters / n_firms",
    "total_exports": "Sum of exports",
    "share_of_total_exports": "Exports of the class / exports of all firms that year",
    "mean_exports_per_exporter": "total_exports / n_exporters",
    "export_intensity": "Sum of exports / sum of sales, over exporters with sales",
    "n_entrants": "Exporters in t that did not export in t-1",
    "entry_rate": "n_entrants / n_exporters",
    "n_exiters": "Exporters in t-1 that do not export in t (class of t-1)",
    "exit_rate": "n_exiters / n_exporters of t-1",
    "survival_1y": "Share of the entrants of t still exporting in t+1",
    "survival_3y": "Share of the entrants of t exporting in each of t+1, t+2 and t+3",
    "markets_per_exporter": "Mean number of destinations per exporter",
    "products_per_exporter": "Mean number of products per exporter",
    "top5_share": "Exports of the 5 largest exporters / total_exports",
    "hhi_firms": "Herfindahl index of exports across exporters (0-1)",
    "hhi_destinations": "Herfindahl index of exports across destinations (0-1)",
    "sales_per_worker": "Sum of sales / sum of employees",
    "value_added_per_worker": "Sum of value added / sum of employees",
    "productivity_gap_sales": "sales_per_worker / sales_per_worker of large firms",
    "productivity_gap_value_added": "value_added_per_worker / that of large firms",
    "n_indirect_exporters": "Non-exporters selling to a firm that exports that year",
    "share_indirect_exporters": "n_indirect_exporters / n_firms",
}
_ORDER = {k: i for i, k in enumerate(INDICATORS)}


@dataclass(frozen=True)
class Indicator:
    year: int
    size_class: str
    indicator: str
    value: float

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def classify(values: np.ndarray, preset: SizePreset) -> np.ndarray:
    """Class code of each value: 0..k-1 for the preset's classes, k for a missing value."""
    side: Literal["left", "right"] = "left" if preset.upper_inclusive else "right"
    codes = np.searchsorted(np.asarray(preset.bounds, float), np.asarray(values, float), side=side)
    return np.where(np.isnan(values), len(preset.classes), codes).astype(np.int16)


def _div(a: pd.Series, b: pd.Series) -> pd.Series:
    num, den = a.to_numpy(float), b.to_numpy(float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return pd.Series(np.where(den > 0, num / den, np.nan), a.index)


def _class_table(fy: pd.DataFrame, codes: np.ndarray, indirect: np.ndarray | None) -> pd.DataFrame:
    """Additive sums by (year, class code); every ratio is built from these."""
    exp = fy["exports"].to_numpy(float)
    is_x = exp > 0
    cols: dict[str, object] = {
        "year": fy["year"].to_numpy(),
        "code": codes,
        "n_firms": 1,
        "n_exporters": is_x,
        "exports": exp,
        "exports_sq": exp**2,
    }

    def pair(num: str, den: str, mask: np.ndarray, a: np.ndarray, b: np.ndarray) -> None:
        cols[num] = np.where(mask, a, 0.0)
        cols[den] = np.where(mask, b, 0.0)

    has = fy.columns
    sales = fy["sales"].to_numpy(float) if "sales" in has else None
    emp = fy["employees"].to_numpy(float) if "employees" in has else None
    if sales is not None:
        pair("int_x", "int_s", is_x & ~np.isnan(sales), exp, sales)
    if sales is not None and emp is not None:
        pair("p_sales", "p_emp", ~np.isnan(sales) & ~np.isnan(emp), sales, emp)
    if "value_added" in has and emp is not None:
        va = fy["value_added"].to_numpy(float)
        pair("p_va", "p_emp_va", ~np.isnan(va) & ~np.isnan(emp), va, emp)
    for col, prefix in (("n_markets", "mk"), ("n_products", "pr")):
        if col in has:
            n = fy[col].to_numpy(float)
            pair(f"{prefix}_sum", f"{prefix}_n", is_x & (n > 0), n, np.ones_like(n))
    if indirect is not None:
        cols["n_indirect"] = indirect
    return pd.DataFrame(cols).groupby(["year", "code"]).sum()


@dataclass
class _Grid:
    """Firms × calendar years: exporting status and size class (-1 where absent)."""

    firm: np.ndarray  # firm code of each firm-year row
    col: np.ndarray  # year column of each row
    y0: int
    ids: pd.Index  # firm id of each code
    exporting: np.ndarray
    cls: np.ndarray

    @classmethod
    def build(cls_, fy: pd.DataFrame, codes: np.ndarray) -> _Grid:
        firm, ids = pd.factorize(fy["firm_id"])
        year = fy["year"].to_numpy()
        y0 = int(year.min())
        col = year - y0
        exporting = np.zeros((len(ids), int(col.max()) + 1), bool)
        exporting[firm, col] = fy["exports"].to_numpy(float) > 0
        cls = np.full(exporting.shape, -1, np.int16)
        cls[firm, col] = codes
        return cls_(firm, col, y0, pd.Index(ids), exporting, cls)


def _dynamics(grid: _Grid, n_codes: int) -> pd.DataFrame:
    """Entrants, exiters and survival counts by (year, class), one column of the grid at a time."""
    exporting, cls = grid.exporting, grid.cls
    n_years = exporting.shape[1]
    present = np.zeros(n_years + 3, bool)
    present[grid.col] = True
    rows = []
    for y in range(1, n_years):
        if not (present[y] and present[y - 1]):
            continue
        new = exporting[:, y] & ~exporting[:, y - 1]
        gone = exporting[:, y - 1] & ~exporting[:, y]
        row = {
            "n_entrants": np.bincount(cls[new, y], minlength=n_codes),
            "n_exiters": np.bincount(cls[gone, y - 1], minlength=n_codes),
        }
        for h, name in ((1, "s1"), (3, "s3")):
            if present[y + 1 : y + h + 1].all() and y + h < n_years:
                alive = new & exporting[:, y + 1 : y + h + 1].all(axis=1)
                row[f"{name}_num"] = np.bincount(cls[alive, y], minlength=n_codes)
                row[f"{name}_den"] = row["n_entrants"]
        frame = pd.DataFrame(row, dtype=float)
        frame["year"], frame["code"] = grid.y0 + y, np.arange(n_codes)
        rows.append(frame)
    if not rows:
        return pd.DataFrame(index=pd.MultiIndex.from_tuples([], names=["year", "code"]))
    return pd.concat(rows).set_index(["year", "code"])


def _indirect(grid: _Grid, links: pd.DataFrame) -> np.ndarray:
    """Which firm-years sell to a firm that exports in the same year (links to unknown ids
    and links outside the panel's years are ignored)."""
    sup = grid.ids.get_indexer(links["supplier_id"])
    buy = grid.ids.get_indexer(links["buyer_id"])
    sells = np.zeros(grid.exporting.shape, np.int32)
    n_years = grid.exporting.shape[1]
    if "year" in links.columns:
        col = links["year"].to_numpy() - grid.y0
        ok = (sup >= 0) & (buy >= 0) & (col >= 0) & (col < n_years)
        np.add.at(sells, (sup[ok], col[ok]), grid.exporting[buy[ok], col[ok]])
    else:  # a link without a year holds in every year
        ok = (sup >= 0) & (buy >= 0)
        np.add.at(sells, sup[ok], grid.exporting[buy[ok]])
    return (sells[grid.firm, grid.col] > 0) & ~grid.exporting[grid.firm, grid.col]


def _groups(preset: SizePreset, codes: np.ndarray) -> list[tuple[str, tuple[int, ...]]]:
    names = [*preset.classes, UNKNOWN_CLASS]
    seen = set(np.unique(codes).tolist())
    groups = [(n, (i,)) for i, n in enumerate(names) if i in seen]
    sme = tuple(i for i, n in enumerate(names) if n in preset.sme)
    return [*groups, (SME_GROUP, sme), (ALL_GROUP, tuple(range(len(names))))]


def _per_worker(g: pd.DataFrame, num: str, den: str) -> pd.Series:
    if num not in g.columns:
        return pd.Series(np.nan, g.index)
    return _div(g[num], g[den])


def _ratios(g: pd.DataFrame, total: pd.DataFrame, large: pd.DataFrame | None) -> pd.DataFrame:
    """Indicators of one group by year, from its additive sums `g`."""
    col = lambda name: g[name] if name in g.columns else pd.Series(np.nan, g.index)  # noqa: E731
    prev_x = g["n_exporters"].reindex(g.index - 1).to_numpy()
    v = pd.DataFrame(index=g.index)
    v["n_firms"], v["n_exporters"] = g["n_firms"], g["n_exporters"]
    v["share_exporters"] = _div(g["n_exporters"], g["n_firms"])
    v["total_exports"] = g["exports"]
    v["share_of_total_exports"] = _div(g["exports"], total["exports"].reindex(g.index))
    v["mean_exports_per_exporter"] = _div(g["exports"], g["n_exporters"])
    v["export_intensity"] = _div(col("int_x"), col("int_s"))
    v["n_entrants"], v["n_exiters"] = col("n_entrants"), col("n_exiters")
    v["entry_rate"] = _div(col("n_entrants"), g["n_exporters"])
    v["exit_rate"] = _div(col("n_exiters"), pd.Series(prev_x, g.index))
    v["survival_1y"] = _div(col("s1_num"), col("s1_den"))
    v["survival_3y"] = _div(col("s3_num"), col("s3_den"))
    v["markets_per_exporter"] = _div(col("mk_sum"), col("mk_n"))
    v["products_per_exporter"] = _div(col("pr_sum"), col("pr_n"))
    v["hhi_firms"] = _div(g["exports_sq"], g["exports"] ** 2)
    v["sales_per_worker"] = _per_worker(g, "p_sales", "p_emp")
    v["value_added_per_worker"] = _per_worker(g, "p_va", "p_emp_va")
    if large is not None:
        ref = {
            "sales": _per_worker(large, "p_sales", "p_emp"),
            "value_added": _per_worker(large, "p_va", "p_emp_va"),
        }
        for name, per in (("sales", "sales_per_worker"), ("value_added", "value_added_per_worker")):
            v[f"productivity_gap_{name}"] = _div(v[per], ref[name].reindex(g.index))
    v["n_indirect_exporters"] = col("n_indirect")
    v["share_indirect_exporters"] = _div(col("n_indirect"), g["n_firms"])
    return v


def _top5(exporters: pd.DataFrame, members: tuple[int, ...]) -> pd.Series:
    sub = exporters[np.isin(exporters["code"].to_numpy(), members)]
    return sub.groupby("year", sort=False).head(5).groupby("year")["exports"].sum()


def _hhi_destinations(by_dest: pd.DataFrame | None, members: tuple[int, ...]) -> pd.Series:
    if by_dest is None:
        return pd.Series(dtype=float)
    sub = by_dest[np.isin(by_dest["code"].to_numpy(), members)]
    x = sub.groupby(["year", "destination"])["exports"].sum()
    s = x.groupby(level="year")
    return _div(s.apply(lambda t: float((t**2).sum())), s.sum() ** 2)


def measure(
    data: pd.DataFrame | Panel,
    sizes: str | SizePreset = DEFAULT_PRESET,
    links: pd.DataFrame | None = None,
) -> list[Indicator]:
    """All indicators by year and size class (see `INDICATORS` and docs/indicators.md)."""
    preset = get_preset(sizes)
    panel = data if isinstance(data, Panel) else prepare_panel(data, preset, links)
    fy = panel.firm_years
    codes = classify(fy[preset.variable].to_numpy(float), preset)
    n_codes = len(preset.classes) + 1
    grid = _Grid.build(fy, codes)
    indirect = _indirect(grid, panel.links) if panel.links is not None else None
    table = _class_table(fy, codes, indirect).join(_dynamics(grid, n_codes))
    exporters = pd.DataFrame({"year": fy["year"], "code": codes, "exports": fy["exports"]})
    exporters = exporters[exporters["exports"] > 0].sort_values("exports", ascending=False)
    by_dest = None
    if panel.flows is not None:
        code_of = pd.DataFrame({"firm_id": fy["firm_id"], "year": fy["year"], "code": codes})
        by_dest = panel.flows.merge(code_of, on=["firm_id", "year"])
    groups = _groups(preset, codes)
    sums = {
        n: table[table.index.isin(m, level="code")].groupby("year").sum(min_count=1)
        for n, m in groups
    }
    large = sums.get(preset.large)
    out: list[Indicator] = []
    for name, members in groups:
        g = sums[name]
        is_sme = set(members) <= {preset.classes.index(c) for c in preset.sme}
        v = _ratios(g, sums[ALL_GROUP], large if is_sme else None)
        v["top5_share"] = _div(_top5(exporters, members).reindex(g.index), g["exports"])
        v["hhi_destinations"] = _hhi_destinations(by_dest, members).reindex(g.index)
        long = v.stack().rename("value").reset_index()
        long.columns = ["year", "indicator", "value"]
        for year, ind, val in long.itertuples(index=False):
            if np.isfinite(val):
                out.append(Indicator(int(year), name, str(ind), float(val)))
    order = {n: i for i, (n, _) in enumerate(groups)}
    out.sort(key=lambda r: (r.year, order[r.size_class], _ORDER[r.indicator]))
    return out
