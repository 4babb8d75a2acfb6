"""What the `kb eval` commands share (kb/cli/evaluate.py, kb/cli/grid.py): their JSON, their
numbers, their progress lines, the question set a `--set` names, and the printed lines of a
profile set and of the relevance floor."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rich.table import Table

from kb.cli.common import err, out
from kb.errors import UsageError
from kb.settings import Settings

if TYPE_CHECKING:
    from kb.evaluate.heldout import HeldoutSet


def say(enabled: bool) -> Any:
    return (lambda msg: err.print(f"… {msg}", markup=False, highlight=False)) if enabled else None


def dump(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def num(value: Any) -> str:
    return "-" if value is None else f"{value:.3f}"


def question_set(settings: Settings, given: Path | None, default: str) -> HeldoutSet:
    """The set a `--set` names, or `corpus/eval/<default>`; one clear error when it is not one."""
    from kb.evaluate.heldout import HeldoutSet

    hset = HeldoutSet(given or settings.corpus_dir / "eval" / default)
    if not hset.questions_path.is_file():
        raise UsageError(
            f"{hset.questions_path} does not exist: --set takes a folder with "
            "questions.yaml, qrels.yaml, notes/ and profiles/"
        )
    return hset


def profiles_line(p: dict[str, Any], which: str = "held-out") -> None:
    """A profile set's figures, kb's recommender then each baseline's of the same run."""
    out.print(
        f"{which} profiles ({p['profiles']}): recommender Recall@10 {p['recall@10']:.3f}, "
        f"nDCG@10 {p['ndcg@10']:.3f}"
        + (
            f"; Asian programs in the top 10: {p['asian_in_top10']} on average, "
            f"{p['with_two_asian']} profiles with two or more"
            if "asian_in_top10" in p
            else ""
        )
    )
    for name, b in p.get("baselines", {}).items():
        out.print(
            f"  baseline {name}: Recall@10 {b['recall@10']:.3f}, nDCG@10 {b['ndcg@10']:.3f}, "
            f"Asian programs in the top 10: {b['asian_in_top10']}"
        )


def print_floor(floor: dict[str, Any]) -> None:
    """The relevance floor on the dev set: answerable kept, no-answer refused, per floor."""
    if floor.get("table"):
        t = Table("floor", "answerable kept", "no-answer refused", title="relevance floor (dev)")
        for r in floor["table"]:
            t.add_row(
                f"{r['floor']:.2f}", f"{r['answerable_kept']:.3f}", f"{r['no_answer_refused']:.3f}"
            )
        out.print(t)
        out.print(f"shipped floor: {floor['shipped_floor']}")
