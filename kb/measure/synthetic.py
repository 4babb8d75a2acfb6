"""Synthetic firm panels whose indicator values are known by construction.

`make_panel` lays firms out by design, under the default size preset (employees 10/50/250):
a fixed number of firms per size class, each keeping its size all along; per class a fixed
number of firms that always export, and each year from the second on a cohort of new
exporters split into fixed numbers that export for 1, 2, 3 years or until the end; fixed sales
per worker by class, exports a fixed share of sales (ten times that share for one "champion"
per class). The counts, entry, exit and survival values follow from those numbers by formula;
value-based truths are computed here from the design arrays with plain numpy, never by calling
`kb.measure.indicators`, so the tests compare two independent computations.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

CLASSES = ("micro", "small", "medium", "large")
SME = CLASSES[:3]
DESTINATIONS = ("USA", "CHN", "BRA", "DEU", "MEX")
PRODUCTS = ("0901", "0803", "8703", "6109")


@dataclass(frozen=True)
class ClassDesign:
    share: float  # of all firms
    employees: tuple[int, int]  # inclusive range
    sales_per_worker: float
    export_share: float  # exports / sales of an ordinary exporter
    always: float  # share of the class exporting every year
    # Firms per cohort unit exporting for 1, 2, 3, and 4 or more years.
    durations: tuple[int, int, int, int]
    indirect: float  # share of never-exporters that sell to an exporter


DESIGN: dict[str, ClassDesign] = {
    "micro": ClassDesign(0.55, (1, 9), 20_000.0, 0.05, 0.02, (3, 2, 1, 1), 0.10),
    "small": ClassDesign(0.25, (10, 49), 35_000.0, 0.06, 0.08, (2, 2, 1, 2), 0.20),
    "medium": ClassDesign(0.12, (50, 249), 60_000.0, 0.08, 0.20, (1, 1, 1, 3), 0.0),
    "large": ClassDesign(0.08, (250, 2_000), 100_000.0, 0.09, 0.40, (1, 1, 1, 4), 0.0),
}
VA_SHARE = 0.4  # value added / sales, for every firm
Truth = dict[tuple[int, str, str], float]


def _layout(n: int, d: ClassDesign, n_years: int) -> tuple[int, int, int]:
    """(always-exporters, cohort unit, indirect suppliers) for a class of n firms."""
    always = max(1, int(n * d.always))
    unit = max(1, n // (20 * max(1, n_years - 1)))  # cohorts take about Σdurations/20 of n
    cohorts = (n_years - 1) * unit * sum(d.durations)
    if always + cohorts > n:
        raise ValueError(f"{n} firms are too few for the design of a class; raise n_firms")
    return always, unit, int((n - always - cohorts) * d.indirect)


def _status(n: int, always: int, unit: int, d: ClassDesign, n_years: int) -> np.ndarray:
    """Exporting status (firms × years) of one class, firm order as laid out."""
    status = np.zeros((n, n_years), bool)
    status[:always] = True
    i = always
    for c in range(1, n_years):
        for k, m in enumerate(d.durations):
            end = n_years if k == 3 else min(n_years, c + k + 1)
            status[i : i + unit * m, c:end] = True
            i += unit * m
    return status


def _counts(cls: str, unit: int, always: int, n_years: int) -> dict[str, np.ndarray]:
    """Closed-form exporter, entrant, exiter and survival counts of one class by year index."""
    w = DESIGN[cls].durations
    t = np.arange(n_years)
    exporters = np.full(n_years, always, float)
    for c in range(1, n_years):
        for k, m in enumerate(w):
            span = n_years if k == 3 else k + 1
            exporters += unit * m * ((t >= c) & (t - c < span))
    exiters = sum(unit * w[k] * (t - (k + 1) >= 1) for k in range(3))
    return {
        "n_exporters": exporters,
        "n_entrants": np.where(t >= 1, unit * sum(w), np.nan),
        "n_exiters": np.where(t >= 1, exiters, np.nan),
        "s1_num": np.where((t >= 1) & (t + 1 < n_years), unit * sum(w[1:]), np.nan),
        "s3_num": np.where((t >= 1) & (t + 3 < n_years), unit * w[3], np.nan),
        "s1_den": np.where((t >= 1) & (t + 1 < n_years), unit * sum(w), np.nan),
        "s3_den": np.where((t >= 1) & (t + 3 < n_years), unit * sum(w), np.nan),
    }


@dataclass
class _Firms:
    cls: np.ndarray  # class index per firm
    employees: np.ndarray
    status: np.ndarray  # firms × years, exporting
    exports: np.ndarray  # firms × years, 0 when not exporting
    links: list[tuple[int, int]]  # supplier index -> buyer index (-1: a firm not in the panel)
    counts: dict[str, dict[str, np.ndarray]]  # class -> closed-form counts by year index
    indirect: dict[str, int]


def _firms(n_firms: int, n_years: int, rng: np.random.Generator) -> _Firms:
    sizes = [int(n_firms * DESIGN[c].share) for c in CLASSES]
    sizes[0] += n_firms - sum(sizes)
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).tolist()
    champion_large = starts[-1]
    cls, emp, status, mult = [], [], [], []
    counts, indirect, links = {}, {}, []
    for k, (name, n, start) in enumerate(zip(CLASSES, sizes, starts, strict=True)):
        d = DESIGN[name]
        always, unit, n_ind = _layout(n, d, n_years)
        first_never = start + always + (n_years - 1) * unit * sum(d.durations)
        cls.append(np.full(n, k))
        emp.append(rng.integers(d.employees[0], d.employees[1] + 1, n))
        status.append(_status(n, always, unit, d, n_years))
        mult.append(np.where(np.arange(n) == 0, 10.0, 1.0))  # the class champion
        counts[name], indirect[name] = _counts(name, unit, always, n_years), n_ind
        links += [(first_never + i, champion_large) for i in range(n_ind)]
        if name == "micro":
            # Links that must not count: an exporter selling to an exporter, a firm selling
            # to a non-exporter, a buyer outside the panel.
            last = start + n - 1
            links += [(start, champion_large), (last, first_never), (last - 1, -1)]
    c, e, s = np.concatenate(cls), np.concatenate(emp), np.vstack(status)
    share = np.array([DESIGN[name].export_share for name in CLASSES])[c]
    sales = e * np.array([DESIGN[name].sales_per_worker for name in CLASSES])[c]
    x = np.where(s, (share * sales * np.concatenate(mult))[:, None], 0.0)
    return _Firms(c, e, s, x, links, counts, indirect)


def _rows(f: _Firms, ids: np.ndarray, years: list[int], detail: bool) -> pd.DataFrame:
    n, n_years = f.status.shape
    firm = np.repeat(np.arange(n), n_years)
    exports = f.exports.ravel()
    by_supplier: dict[int, list[str]] = {}
    for sup, buy in f.links:
        by_supplier.setdefault(sup, []).append("OUTSIDE-0" if buy < 0 else str(ids[buy]))
    buyers = np.full(n, None, dtype=object)
    for sup, names in by_supplier.items():
        buyers[sup] = ";".join(names)
    sales = f.employees * np.array([DESIGN[c].sales_per_worker for c in CLASSES])[f.cls]
    df = pd.DataFrame(
        {
            "firm_id": ids[firm],
            "year": np.tile(years, n),
            "employees": f.employees[firm],
            "sales": sales[firm],
            "value_added": VA_SHARE * sales[firm],
            "exports": exports,
            "buyers": buyers[firm],
        }
    )
    if not detail:
        return df
    n_dest, n_prod = 1 + firm % 3, 1 + firm % 2
    reps = np.where(exports > 0, n_dest * n_prod, 1)
    df = df.loc[np.repeat(np.arange(len(df)), reps)].reset_index(drop=True)
    j = np.arange(len(df)) - np.repeat(np.cumsum(reps) - reps, reps)
    n_dest, n_prod, exp_row = np.repeat(n_dest, reps), np.repeat(n_prod, reps), df["exports"] > 0
    dest = (np.repeat(firm, reps) + j // n_prod) % len(DESTINATIONS)
    df["destination"] = np.where(exp_row, np.array(DESTINATIONS)[dest], None)
    df["product"] = np.where(exp_row, np.array(PRODUCTS)[j % n_prod], None)
    df["exports"] = df["exports"] / np.repeat(reps, reps)
    return df


def _destination_hhi(f: _Firms, exporting: np.ndarray, t: int) -> float:
    """HHI across destinations; each exporter splits its exports evenly over its destinations."""
    idx = np.flatnonzero(exporting)
    n_dest = 1 + idx % 3
    by_dest = np.zeros(len(DESTINATIONS))
    for j in range(3):
        has = n_dest > j
        np.add.at(by_dest, (idx[has] + j) % len(DESTINATIONS), f.exports[idx[has], t] / n_dest[has])
    return float(((by_dest / by_dest.sum()) ** 2).sum())


def _values(f: _Firms, members: list[int], t: int, detail: bool) -> dict[str, float]:
    """Value-based truths of a group in year index t, straight from the design arrays."""
    in_group = np.isin(f.cls, members)
    exporting = in_group & f.status[:, t]
    x = np.sort(f.exports[exporting, t])[::-1]
    per_worker = np.array([DESIGN[c].sales_per_worker for c in CLASSES])[f.cls]
    sales = f.employees * per_worker
    out = {
        "total_exports": x.sum(),
        "share_of_total_exports": x.sum() / f.exports[:, t].sum(),
        "mean_exports_per_exporter": x.mean(),
        "export_intensity": x.sum() / sales[exporting].sum(),
        "top5_share": x[:5].sum() / x.sum(),
        "hhi_firms": float(((x / x.sum()) ** 2).sum()),
        "sales_per_worker": sales[in_group].sum() / f.employees[in_group].sum(),
    }
    out["value_added_per_worker"] = VA_SHARE * out["sales_per_worker"]
    if detail:
        idx = np.flatnonzero(exporting)
        out["markets_per_exporter"] = float((1 + idx % 3).mean())
        out["products_per_exporter"] = float((1 + idx % 2).mean())
        out["hhi_destinations"] = _destination_hhi(f, exporting, t)
    return out


def _group_truth(f: _Firms, members: list[int], t: int, n_years: int) -> dict[str, float]:
    """Count-based truths of a group in year index t, from the closed-form class counts."""

    def total(key: str, at: int = t) -> float:
        return float(sum(f.counts[CLASSES[k]][key][at] for k in members))

    n_firms = float(np.isin(f.cls, members).sum())
    n_ind = float(sum(f.indirect[CLASSES[k]] for k in members))
    out = {
        "n_firms": n_firms,
        "n_exporters": total("n_exporters"),
        "share_exporters": total("n_exporters") / n_firms,
        "n_indirect_exporters": n_ind,
        "share_indirect_exporters": n_ind / n_firms,
    }
    if int((np.isin(f.cls, members) & f.status[:, t]).sum()) != out["n_exporters"]:
        raise AssertionError("synthetic design: closed-form exporters disagree with the layout")
    if t >= 1:
        out["n_entrants"], out["n_exiters"] = total("n_entrants"), total("n_exiters")
        out["entry_rate"] = out["n_entrants"] / out["n_exporters"]
        out["exit_rate"] = out["n_exiters"] / total("n_exporters", t - 1)
    if 1 <= t <= n_years - 2:
        out["survival_1y"] = total("s1_num") / total("s1_den")
    if 1 <= t <= n_years - 4:
        out["survival_3y"] = total("s3_num") / total("s3_den")
    return out


def _truth(f: _Firms, years: list[int], detail: bool) -> Truth:
    groups = {name: [k] for k, name in enumerate(CLASSES)}
    groups |= {"sme": [0, 1, 2], "all": [0, 1, 2, 3]}
    truth: Truth = {}
    for t, year in enumerate(years):
        large = _values(f, [3], t, detail)
        for name, members in groups.items():
            v = _group_truth(f, members, t, len(years)) | _values(f, members, t, detail)
            if 3 not in members:
                v["productivity_gap_sales"] = v["sales_per_worker"] / large["sales_per_worker"]
                v["productivity_gap_value_added"] = (
                    v["value_added_per_worker"] / large["value_added_per_worker"]
                )
            truth |= {(year, name, k): float(x) for k, x in v.items()}
    return truth


def make_panel(
    n_firms: int = 3_000,
    years: range | list[int] = range(2015, 2021),
    seed: int = 0,
    detail: bool = True,
) -> tuple[pd.DataFrame, Truth]:
    """A shuffled panel (with destinations and products when `detail`) and its true indicators.

    Links come as a `buyers` column. Truth keys are `(year, size_class, indicator)`.
    """
    years = list(years)
    rng = np.random.default_rng(seed)
    f = _firms(n_firms, len(years), rng)
    ids = np.array([f"F{i:07d}" for i in rng.permutation(len(f.cls))])
    df = _rows(f, ids, years, detail)
    df = df.sample(frac=1.0, random_state=seed).reset_index(drop=True)
    return df, _truth(f, years, detail)
