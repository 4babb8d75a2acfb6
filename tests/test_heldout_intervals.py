"""The held-out figures' 95 % intervals: bootstrap of means, paired margins, Wilson shares."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.errors import UsageError
from kb.evaluate.heldout_intervals import (
    Interval,
    compare_runs,
    intervals,
    load_run,
    mean_interval,
    paired_interval,
    share_interval,
)

runner = CliRunner()


def _wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    """The Wilson score interval written out, to check scipy's against."""
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z / (1 + z * z / n) * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n))
    return centre - half, centre + half


def test_a_mean_interval_holds_the_mean_narrows_with_more_questions_and_repeats() -> None:
    rng = np.random.default_rng(0)
    values = list(rng.uniform(0.2, 1.0, 20))
    small = mean_interval(values)
    large = mean_interval(values * 9)
    assert small is not None and large is not None
    assert small.low < small.value < small.high and small.n == 20
    assert small.value == pytest.approx(float(np.mean(values)))
    assert (large.high - large.low) < 0.5 * (small.high - small.low)  # ~1/3 the width
    assert mean_interval(values) == small  # fixed seed: a report does not move between runs


def test_degenerate_means_are_points_or_absent() -> None:
    assert mean_interval([]) is None
    assert mean_interval([0.7]) == Interval(0.7, 0.7, 0.7, 1)
    assert mean_interval([0.5, 0.5, 0.5]) == Interval(0.5, 0.5, 0.5, 3)


def test_shares_use_the_wilson_interval() -> None:
    got = share_interval([True] * 15 + [False] * 3)
    assert got is not None and got.value == pytest.approx(15 / 18) and got.n == 18
    low, high = _wilson(15, 18)
    assert (got.low, got.high) == pytest.approx((low, high), abs=1e-4)
    none_right = share_interval([False] * 6)
    assert none_right is not None and none_right.low == 0.0 and 0.3 < none_right.high < 0.5
    assert share_interval([]) is None


def test_a_paired_margin_sees_a_steady_gain_that_separate_intervals_cannot() -> None:
    """Questions differ in difficulty far more than the methods do: each method's own interval
    is wide and the two overlap, but a gain on every question is clear once paired."""
    rng = np.random.default_rng(1)
    difficulty = rng.uniform(0.1, 0.9, 40)
    base = {f"q{i}": float(d) for i, d in enumerate(difficulty)}
    ours = {q: v + 0.04 + float(rng.normal(0, 0.01)) for q, v in base.items()}
    a, b = mean_interval(list(ours.values())), mean_interval(list(base.values()))
    assert a is not None and b is not None and a.low < b.high  # separately: overlap
    margin = paired_interval(ours, base)
    assert margin is not None and margin.n == 40
    assert 0.03 < margin.low < margin.value < margin.high < 0.05
    assert margin.verdict(0.0) == "met" and margin.verdict(0.08) == "unmet"
    assert margin.verdict(0.04) == "undecided"


def test_a_paired_margin_uses_only_the_questions_both_are_scored_on() -> None:
    got = paired_interval({"a": 0.9, "b": 0.8, "c": 0.1}, {"a": 0.5, "b": 0.4})
    assert got == Interval(0.4, 0.4, 0.4, 2)


def test_intervals_of_every_method_and_the_margins_over_the_baselines() -> None:
    def row(docs: float, hits: float | None, page: bool | None = None) -> dict:
        r: dict = {"docs_ndcg": docs, "hits_ndcg": hits, "no_good_match": False}
        if page is not None:
            r.update(page_right=page, page_right_ocr=not page)
        return r

    kinds = {"q1": "program", "q2": "page", "q3": "page", "n1": "none"}
    shipped = {"q1": row(0.9, 0.8), "q2": row(0.8, 0.7, True), "q3": row(0.7, None, True),
               "n1": {"no_good_match": True}}  # fmt: skip
    bm25 = {"q1": row(0.5, 0.6), "q2": row(0.6, 0.5, False), "q3": row(0.5, None, True),
            "n1": {"no_good_match": False}}  # fmt: skip
    got = intervals({"shipped": shipped, "bm25": bm25}, kinds, "shipped", ["bm25", "absent"])
    s = got["methods"]["shipped"]
    assert s["docs_ndcg"]["value"] == pytest.approx(0.8) and s["docs_ndcg"]["n"] == 3
    assert s["hits_ndcg"]["n"] == 2  # q3 has no judged passage: not counted
    assert s["page_accuracy"]["value"] == 1.0 and s["page_accuracy_ocr"]["value"] == 0.0
    assert s["none_no_match"] == {"value": 1.0, "low": pytest.approx(0.2065, abs=1e-3),
                                  "high": 1.0, "n": 1}  # fmt: skip
    assert got["methods"]["bm25"]["none_no_match"]["value"] == 0.0
    margin = got["margins"]["bm25"]["docs_ndcg"]
    assert margin["value"] == pytest.approx(0.2667, abs=1e-4) and margin["n"] == 3
    assert margin["low"] <= margin["value"] <= margin["high"]
    assert set(got["margins"]) == {"bm25"}  # a baseline with no rows has no margin


def _saved(path: Path, rows: dict, judgements: dict | None = None) -> Path:
    data = {"judgements": judgements or {"documents": 10, "passages": 20}, "rows": rows}
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _rows(docs: list[float], pages: list[bool]) -> dict:
    rows: dict = {f"q{i}": {"docs_ndcg": d, "hits_ndcg": None} for i, d in enumerate(docs)}
    for i, right in enumerate(pages):
        rows[f"p{i}"] = {"page_right": right}
    return {"shipped": rows, "bm25": rows}


def test_two_saved_runs_compare_question_by_question() -> None:
    before = {"judgements": {"d": 1}, "rows": _rows([0.5, 0.6, 0.7, 0.8], [True, False, False])}
    after = {"judgements": {"d": 1}, "rows": _rows([0.6, 0.7, 0.8, 0.8], [True, True, False])}
    got = compare_runs(before, after)
    docs = got["figures"]["docs_ndcg"]
    assert (docs["before"], docs["after"]) == (0.65, 0.725) and docs["questions_changed"] == 3
    assert docs["change"]["value"] == pytest.approx(0.075) and docs["change"]["n"] == 4
    assert docs["change"]["low"] >= 0.0  # three questions up by 0.1, none down
    page = got["figures"]["page_accuracy"]
    assert (
        page["change"]["value"] == pytest.approx(1 / 3, abs=1e-4) and page["change"]["low"] == 0.0
    )
    assert "hits_ndcg" not in got["figures"] and got["same_judgements"]
    after["judgements"] = {"d": 2}
    assert compare_runs(before, after)["same_judgements"] is False


def test_a_saved_run_that_is_not_one_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "report.json"
    bad.write_text('{"methods": {}}', encoding="utf-8")
    with pytest.raises(UsageError, match=r"report\.json: no per-question rows"):
        load_run(bad)
    (tmp_path / "cut.json").write_text('{"rows": ', encoding="utf-8")
    with pytest.raises(UsageError, match=r"cut\.json: not a readable saved run"):
        load_run(tmp_path / "cut.json")
    with pytest.raises(UsageError, match="no method 'rrf'; it has shipped, bm25"):
        load_run(_saved(tmp_path / "r.json", _rows([0.5], [])), "rrf")


def test_cli_compare_prints_the_change_and_warns_on_other_judgements(
    cli_env: Path, tmp_path: Path
) -> None:
    a = _saved(tmp_path / "a.json", _rows([0.5, 0.6, 0.7], [True]))
    b = _saved(tmp_path / "b.json", _rows([0.6, 0.6, 0.7], [True]), {"documents": 11})
    res = runner.invoke(app, ["eval", "compare", str(a), str(b)])
    assert res.exit_code == 0, res.output
    assert "docs_ndcg" in res.stdout and "+0.0333" in res.stdout and "0.6333" in res.stdout
    assert "different judgements" in res.stderr
    res = runner.invoke(app, ["eval", "compare", str(a), str(tmp_path / "none.json"), "--json"])
    assert res.exit_code != 0 and "none.json: not a readable saved run" in res.output
    res = runner.invoke(app, ["eval", "compare", str(a), str(b), "--json"])
    assert json.loads(res.stdout)["figures"]["docs_ndcg"]["after"] == pytest.approx(0.6333)


def test_the_interval_table_shows_only_measured_figures_and_fits_80_columns(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from rich.console import Console

    import kb.cli.intervals as cli_intervals

    span = {"value": 0.787, "low": 0.725, "high": 0.838, "n": 39}
    methods = {name: {"docs_ndcg": span, "hits_ndcg": span} for name in ("bm25", "shipped")}
    margins = {"encoder-simple": {"docs_ndcg": {**span, "value": 0.048, "low": -0.025}}}
    found = {"level": 0.95, "resamples": 10_000, "methods": methods, "margins": margins}
    console = Console(record=True, width=80)
    monkeypatch.setattr(cli_intervals, "out", console)
    cli_intervals.interval_table(found)
    text = console.export_text()
    lines = text.splitlines()
    assert "page" not in lines[1] and "OCR" not in text  # a set without page questions
    assert "0.787 [0.725, 0.838]" in text and "-0.025" in text  # a span on one line
    assert "shipped − encoder-simple" in text and max(map(len, lines)) <= 80
    methods["shipped"]["page_accuracy"] = {"value": 0.83, "low": 0.65, "high": 0.92, "n": 29}
    cli_intervals.interval_table(found)
    assert "page" in console.export_text()
