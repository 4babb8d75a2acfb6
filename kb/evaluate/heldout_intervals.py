"""How far a held-out figure could move with other questions: 95 % intervals.

A set of 60–80 questions measures a method with an error that no single figure shows, and a
change of 0.005 may be noise. Every interval here resamples the *questions* (what would differ
with another set written the same way), with a fixed seed so a report does not change between
runs:

- an nDCG mean: percentile bootstrap of the per-question values;
- a margin (the shipped search minus a baseline): paired bootstrap of the per-question
  differences over the questions both are scored on (the same questions: the judgements decide
  which count), so the questions' own difficulty cancels out;
- a share (cited page right, "no good match"): Wilson score interval (scipy), which stays
  sensible for small counts and shares of 0 or 1, where a bootstrap collapses to a point.

A target is `met` when the interval lies above it, `unmet` when below it, and `undecided` when
the set cannot tell (the threshold lies inside the interval).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

LEVEL = 0.95
RESAMPLES = 10_000
SEED = 13  # fixed: the same rows give the same interval
NDCG_FIGURES = ("docs_ndcg", "hits_ndcg")
SHARE_FIGURES = {  # report figure -> per-question flag and the questions it counts
    "page_accuracy": ("page_right", "page"),
    "page_accuracy_ocr": ("page_right_ocr", "page"),
    "none_no_match": ("no_good_match", "none"),
}


@dataclass(frozen=True)
class Interval:
    value: float  # the figure itself (mean or share)
    low: float
    high: float
    n: int  # the questions it rests on

    def verdict(self, threshold: float) -> str:
        """'met', 'unmet' or 'undecided' for a figure that must be >= threshold."""
        if self.low >= threshold - 1e-9:
            return "met"
        return "unmet" if self.high < threshold - 1e-9 else "undecided"

    def to_json(self) -> dict[str, Any]:
        return {"value": round(self.value, 4), "low": round(self.low, 4),
                "high": round(self.high, 4), "n": self.n}  # fmt: skip


def mean_interval(values: Sequence[float]) -> Interval | None:
    """Percentile bootstrap of the mean (None for no values; a point for one value)."""
    x = np.asarray(values, dtype=np.float64)
    if x.size == 0:
        return None
    if x.size == 1 or np.ptp(x) == 0:
        return Interval(float(x[0]), float(x[0]), float(x[0]), int(x.size))
    from scipy.stats import bootstrap

    res = bootstrap(
        (x,),
        np.mean,
        confidence_level=LEVEL,
        n_resamples=RESAMPLES,
        method="percentile",
        rng=np.random.default_rng(SEED),
    )
    ci = res.confidence_interval
    return Interval(float(x.mean()), float(ci.low), float(ci.high), int(x.size))


def share_interval(flags: Sequence[bool]) -> Interval | None:
    """Wilson score interval of a share (None for no questions)."""
    if not flags:
        return None
    from scipy.stats import binomtest

    k, n = int(sum(flags)), len(flags)
    ci = binomtest(k, n).proportion_ci(confidence_level=LEVEL, method="wilson")
    return Interval(k / n, float(ci.low), float(ci.high), n)


def paired_interval(a: Mapping[str, float], b: Mapping[str, float]) -> Interval | None:
    """Bootstrap of the mean of a − b over the questions both have a value for."""
    common = [q for q in a if q in b]
    return mean_interval([a[q] - b[q] for q in common])


def _values(rows: Mapping[str, Mapping[str, Any]], figure: str) -> dict[str, float]:
    return {q: float(r[figure]) for q, r in rows.items() if r.get(figure) is not None}


def _flags(rows: Mapping[str, Mapping[str, Any]], flag: str, kinds: Mapping[str, str],
           kind: str) -> list[bool]:  # fmt: skip
    if kind == "page":
        return [bool(r[flag]) for r in rows.values() if flag in r]
    return [bool(r[flag]) for q, r in rows.items() if kinds.get(q) == kind]


def intervals(
    rows: Mapping[str, Mapping[str, Mapping[str, Any]]],
    kinds: Mapping[str, str],
    shipped: str = "shipped",
    baselines: Sequence[str] = (),
) -> dict[str, Any]:
    """Per method, an interval for each figure; per baseline, the shipped search's margin.

    `rows` are kb/evaluate/heldout_metrics.py's per-question rows of each method and `kinds`
    each question's kind (the `none` questions are the ones "no good match" should answer).
    """
    methods: dict[str, dict[str, Any]] = {}
    for name, r in rows.items():
        got: dict[str, Interval | None] = {f: mean_interval(list(_values(r, f).values()))
                                           for f in NDCG_FIGURES}  # fmt: skip
        for figure, (flag, kind) in SHARE_FIGURES.items():
            got[figure] = share_interval(_flags(r, flag, kinds, kind))
        methods[name] = {f: i.to_json() for f, i in got.items() if i is not None}
    margins: dict[str, dict[str, Any]] = {}
    for base in baselines:
        if base not in rows or shipped not in rows:
            continue
        pair = {
            f: paired_interval(_values(rows[shipped], f), _values(rows[base], f))
            for f in NDCG_FIGURES
        }
        margins[base] = {f: i.to_json() for f, i in pair.items() if i is not None}
    return {"level": LEVEL, "resamples": RESAMPLES, "methods": methods, "margins": margins}


PAIRED_FLAGS = {"page_accuracy": "page_right", "page_accuracy_ocr": "page_right_ocr"}


def compare_runs(before: Mapping[str, Any], after: Mapping[str, Any], method: str = "shipped"
                 ) -> dict[str, Any]:  # fmt: skip
    """One method's figures in two saved runs (`<cache>/<set>/last-run.json`), each change with
    a paired 95 % interval over the questions both runs scored: is a change more than noise?

    Runs scored with different judgements are compared all the same (the rows keep the figures
    each run computed), but `same_judgements` says so: re-score both before deciding.
    """
    rows_b, rows_a = before["rows"][method], after["rows"][method]
    out: dict[str, Any] = {}
    for figure in NDCG_FIGURES:
        b, a = _values(rows_b, figure), _values(rows_a, figure)
        out[figure] = _change(b, a)
    for figure, flag in PAIRED_FLAGS.items():
        b = {q: float(r[flag]) for q, r in rows_b.items() if flag in r}
        a = {q: float(r[flag]) for q, r in rows_a.items() if flag in r}
        out[figure] = _change(b, a)
    return {
        "method": method,
        "level": LEVEL,
        "same_judgements": before.get("judgements") == after.get("judgements"),
        "figures": {f: v for f, v in out.items() if v is not None},
    }


def _change(before: Mapping[str, float], after: Mapping[str, float]) -> dict[str, Any] | None:
    common = [q for q in after if q in before]
    diff = paired_interval({q: after[q] for q in common}, {q: before[q] for q in common})
    if diff is None:
        return None
    return {
        "before": round(sum(before[q] for q in common) / len(common), 4),
        "after": round(sum(after[q] for q in common) / len(common), 4),
        "change": diff.to_json(),
        "questions_changed": sum(abs(after[q] - before[q]) > 1e-9 for q in common),
    }


def load_run(path: Path, method: str = "shipped") -> dict[str, Any]:
    """A saved run (`<cache>/<set>/last-run.json`), or one error naming the file and why."""
    import json

    from kb.errors import UsageError

    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise UsageError(f"{path}: not a readable saved run ({exc})") from exc
    if not isinstance(data, dict) or not isinstance(data.get("rows"), dict):
        raise UsageError(
            f"{path}: no per-question rows; pass the last-run.json that `kb eval heldout` "
            "writes beside its indexes (copy it before the next run overwrites it)"
        )
    if method not in data["rows"]:
        raise UsageError(f"{path}: no method {method!r}; it has {', '.join(data['rows'])}")
    return data
