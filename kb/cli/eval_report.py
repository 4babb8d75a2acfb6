"""`kb eval report`: the development and held-out sets side by side, with the baselines, the
recommendations on every profile set, and issue 13's targets (kb/evaluate/heldout_report.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Column, Table

from kb.cli.common import RichProgress, out
from kb.settings import get_settings

from .eval_common import dump, num, say

# `kb eval report`: fewer columns than `kb eval heldout`, so the tables fit an 80-column
# terminal (judged@10 and the other figures are in --json and in `kb eval heldout`).
_REPORT_RANKING = (
    ("dev\nprograms", "dev_ndcg"),
    ("dev mixed\ndocs", "dev_mixed_docs_ndcg"),
    ("dev mixed\nhits", "dev_mixed_hits_ndcg"),
    ("held-out\ndocs", "docs_ndcg"),
    ("held-out\nhits", "hits_ndcg"),
)


def _short_columns(*sets: tuple[str, str]) -> tuple[tuple[str, str], ...]:
    """(header, side_by_side key) of each short-query set's documents and hits."""
    return tuple(
        (f"{label}\n{fig}", f"{key}_{fig}_ndcg") for key, label in sets for fig in ("docs", "hits")
    )


_REPORT_SHORT = _short_columns(("dev_short", "dev\nshort"), ("heldout_short", "held-out\nshort"))
_REPORT_SHORT_MORE = _short_columns(
    ("heldout_short2", "held-out\nshort 2"), ("heldout_short3", "held-out\nshort 3")
)
_REPORT_SHORT_LAST = _short_columns(
    ("heldout_short4", "short 4\n(design)"), ("heldout_short5", "held-out\nshort 5")
)
_REPORT_PAGES = (
    ("dev\npage", "dev_page_accuracy"),
    ("dev\nOCR", "dev_page_accuracy_ocr"),
    ("held-out\npage", "page_accuracy"),
    ("held-out\nOCR", "page_accuracy_ocr"),
    ("none: no\nmatch", "none_no_match"),
    ("answerable:\nno match", "answerable_no_match"),
)


# The second held-out set of full questions (heldout_report.SECOND_HELDOUT), in its own table.
_REPORT_SECOND = (
    ("docs", "heldout2_docs_ndcg"),
    ("hits", "heldout2_hits_ndcg"),
    ("page", "heldout2_page_accuracy"),
    ("OCR", "heldout2_page_accuracy_ocr"),
    ("none: no\nmatch", "heldout2_none_no_match"),
    ("answerable:\nno match", "heldout2_answerable_no_match"),
)


def report(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    datakit: Annotated[
        Path | None, typer.Option(help="The datakit folder (default: ../shared/datakit)")
    ] = None,
) -> None:
    """Dev and held-out side by side, with BM25 and the bare encoder, and issue 13's targets."""
    from kb.evaluate.heldout_collection import DATAKIT
    from kb.evaluate.heldout_report import run_report

    with RichProgress(enabled=not as_json) as bar:
        data = run_report(get_settings(), datakit or DATAKIT, progress=bar, say=say(not as_json))
    if as_json:
        dump(data)
        return
    for title, cols in (
        ("ranking, nDCG@10", _REPORT_RANKING),
        ("queries of a few words, nDCG@10", _REPORT_SHORT),
        ("queries of a few words, more held-out sets, nDCG@10", _REPORT_SHORT_MORE),
        ("queries of a few words, heldout_short4 (design) and 5, nDCG@10", _REPORT_SHORT_LAST),
        ("cited pages", _REPORT_PAGES),
        ("held-out 2 (written blind on 2026-12-07), nDCG@10 and pages", _REPORT_SECOND),
    ):
        table = Table(title=f"dev and held-out: {title}")
        table.add_column("method", no_wrap=True)
        for header, _ in cols:
            table.add_column(header, justify="right")
        for name, row in data["side_by_side"].items():
            table.add_row(name, *[num(row[k]) for _, k in cols])
        out.print(table)
    _recommendations(data.get("recommendations") or {})
    _targets(data["targets"], "issue 13 targets (held-out 1, read at gates since 2026-12-02)")
    if data.get("targets_heldout2"):
        _targets(data["targets_heldout2"], "issue 13 targets (held-out 2, the gate set)")


def _targets(rows: list[dict[str, Any]], title: str) -> None:
    goals = Table(
        "target", "threshold", "value", "met", Column("95% interval", no_wrap=True),
        "verdict", title=title,
    )  # fmt: skip
    for t in rows:
        met = "-" if t["met"] is None else ("yes" if t["met"] else "NO")
        span = f"[{t['low']:.3f}, {t['high']:.3f}]" if "low" in t else "-"
        tell = {"undecided": "within noise"}.get(t.get("verdict", ""), t.get("verdict", "-"))
        goals.add_row(t["target"], f"{t['threshold']:.2f}", num(t["value"]), met, span, tell)
    out.print(goals)


_PROFILE_SETS = (
    ("dev", "dev"),
    ("heldout", "held-out"),
    ("heldout_profiles", "held-out\nprofiles"),
)


def _recommendations(rows: dict[str, dict[str, Any]]) -> None:
    """The recommender beside its baselines on each profile set: nDCG@10 against the writers'
    lists ('lists') and against the blind grades of the pooled lists ('judged')."""
    if not rows:
        return
    table = Table(title="recommendations, nDCG@10: writers' lists / judged blind")
    table.add_column("recommender", no_wrap=True)
    for _, label in _PROFILE_SETS:
        table.add_column(f"{label}\nlists", justify="right")
        table.add_column(f"{label}\njudged", justify="right")
    for name, row in rows.items():
        cells = [
            num(row.get(f"{k}_{f}")) for k, _ in _PROFILE_SETS for f in ("ndcg", "judged_ndcg")
        ]
        table.add_row(name, *cells)
    out.print(table)
