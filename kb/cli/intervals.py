"""What the held-out figures' intervals look like in the CLI, and `kb eval compare`
(kb/evaluate/heldout_intervals.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich import box
from rich.table import Column, Table

from kb.cli.common import err, out

from .eval_common import dump

_FIGURES = (
    ("docs", "docs_ndcg"),
    ("hits", "hits_ndcg"),
    ("page", "page_accuracy"),
    ("OCR", "page_accuracy_ocr"),
)


def _span(ci: dict[str, Any] | None) -> str:
    return "-" if ci is None else f"{ci['value']:.3f} [{ci['low']:.3f}, {ci['high']:.3f}]"


def interval_table(found: dict[str, Any]) -> None:
    """Each method's figures with their intervals, and the shipped search's margins; only the
    figures the set measures (a set without page questions has no page columns), so the table
    fits 80 columns without wrapping a span."""
    rows = [(name, m) for name, m in found["methods"].items()]
    rows += [(f"shipped − {base}", m) for base, m in found["margins"].items()]
    shown = [(h, k) for h, k in _FIGURES if any(k in m for _, m in rows)]
    table = Table(
        *[Column(c, no_wrap=True) for c in ("method", *[h for h, _ in shown])],
        title=f"{found['level']:.0%} intervals",
        box=box.SIMPLE_HEAD,
    )
    for name, m in rows:
        table.add_row(name, *[_span(m.get(k)) for _, k in shown])
    out.print(table)
    out.print(
        f"intervals resample the questions ({found['resamples']} times, fixed seed); margins "
        "pair each question's two scores; pages and 'no good match': Wilson interval",
        markup=False,
        highlight=False,
    )


def compare(
    before: Annotated[Path, typer.Argument(help="A saved run: <cache>/<set>/last-run.json")],
    after: Annotated[Path, typer.Argument(help="Another saved run of the same set")],
    method: Annotated[str, typer.Option(help="The method to compare")] = "shipped",
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """Two saved runs of one question set: each figure's change with a paired 95 % interval."""
    from kb.evaluate.heldout_intervals import compare_runs, load_run

    data = compare_runs(load_run(before, method), load_run(after, method), method)
    if as_json:
        dump(data)
        return
    cols = ("figure", "before", "after", "change [95 %]", "n", "moved")
    table = Table(
        *[Column(c, no_wrap=True) for c in cols],
        title=f"{method}: {before} → {after}",
        box=box.SIMPLE_HEAD,  # no inner rules: the six columns fit 80 characters
        pad_edge=False,
    )
    for figure, v in data["figures"].items():
        c = v["change"]
        span = f"{c['value']:+.4f} [{c['low']:+.4f}, {c['high']:+.4f}]"
        table.add_row(figure, f"{v['before']:.4f}", f"{v['after']:.4f}", span, str(c["n"]),
                      str(v["questions_changed"]))  # fmt: skip
    out.print(table)
    if not data["same_judgements"]:
        err.print(
            "the two runs were scored with different judgements: re-run both before deciding",
            markup=False,
            highlight=False,
        )
