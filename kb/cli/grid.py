"""`kb eval grid`: many search settings over one question set (kb/evaluate/heldout_grid.py)."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from kb.cli.common import RichProgress, err, out
from kb.settings import get_settings

from .eval_common import dump, num, question_set, say

_COLUMNS = (
    ("docs", "docs_ndcg"),
    ("bound", "docs_bound"),
    ("hits", "hits_ndcg"),
    ("bound", "hits_bound"),
    ("judged d/h", ""),
    ("page", "page_accuracy"),
    ("none", "none_no_match"),
)


def grid(
    specs: Annotated[
        list[str],
        typer.Option(
            "--grid",
            help="A search setting and its values, e.g. --grid lexical_weight=0.2,0.3 "
            "--grid title_weight=0,0.1 (every combination, after the shipped settings)",
        ),
    ],
    chosen_set: Annotated[
        Path | None,
        typer.Option("--set", help="The question set (default: corpus/eval/dev_mixed)"),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    datakit: Annotated[
        Path | None, typer.Option(help="The datakit folder (default: ../shared/datakit)")
    ] = None,
) -> None:
    """Search settings side by side on one set, with bounds for what is still unjudged."""
    from kb.evaluate.heldout_collection import DATAKIT
    from kb.evaluate.heldout_grid import parse_grid, run_grid

    settings = get_settings()
    hset = question_set(settings, chosen_set, "dev_mixed")
    points = parse_grid(specs)
    if hset.folder.resolve() == (settings.corpus_dir / "eval" / "heldout").resolve():
        err.print("the held-out set: a bound on what settings can do, not a way to choose them")
    with RichProgress(enabled=not as_json) as bar:
        rows = run_grid(settings, hset, points, datakit or DATAKIT, bar, say(not as_json))
    if as_json:
        dump({"set": str(hset.folder), "points": [asdict(r) for r in rows]})
        return
    # Points are numbered: their settings would not fit a column of an 80-column terminal.
    for i, r in enumerate(rows):
        out.print(f"#{i} {r.point}", markup=False, highlight=False)
    table = Table("#", *[c for c, _ in _COLUMNS], title=f"{hset.folder.name}: nDCG@10")
    for i, r in enumerate(rows):
        data = asdict(r)
        judged = f"{num(r.judged_docs)}/{num(r.judged_hits)}"
        table.add_row(f"#{i}", *[judged if not k else num(data[k]) for _, k in _COLUMNS])
    out.print(table)
