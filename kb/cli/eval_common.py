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
    """A profile set's figures, kb's recommender then each baseline's of the same run; against
    the writers' `expected` lists, then the blind grades of the pooled lists where judged."""
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
    if "judged" not in p:
        return
    out.print(f"judged blind from the pooled lists ({p['judged']['profiles']} profiles):")
    for name, b in {"recommender": p, **p.get("baselines", {})}.items():
        j = b.get("judged", {})
        m = j.get("margin")
        out.print(
            f"  {name}: judged nDCG@10 {j.get('ndcg@10', 0.0):.3f}, graded 2-3 "
            f"{j.get('useful@10', 0.0):.3f} of the ten, unjudged {j.get('unjudged', 0)}"
            + (
                f"; recommender minus it {m['value']:+.3f} [{m['low']:+.3f}, {m['high']:+.3f}]"
                if m
                else ""
            ),
            markup=False,
        )


def _profile_grades(judged: Path, folder: Path, judge: str) -> tuple[dict[str, Any], str]:
    from kb.evaluate.profile_judging import merge_profile_judged, qrels_path

    recs = merge_profile_judged(judged, folder, judge)
    result = {
        "profile_qrels": str(qrels_path(folder)),
        "recommendations": recs.graded,
        "recommendations_changed": recs.changed,
        "recommendations_ungraded": recs.ungraded,
    }
    line = (
        f"{qrels_path(folder)}: {recs.graded} recommendation grades merged ({recs.changed} "
        f"changed an earlier grade); {recs.ungraded} still ungraded"
    )
    return result, line


def merge_profile_grades(judged: Path, folder: Path, judge: str, as_json: bool) -> None:
    """A judged pool's recommendation grades into `folder`/profile_qrels.yaml
    (`kb eval programs --judged`)."""
    result, line = _profile_grades(judged, folder, judge)
    if as_json:
        dump(result)
    else:
        out.print(line, markup=False, highlight=False)


def merge_grades(judged: Path, hset: HeldoutSet, judge: str, as_json: bool) -> None:
    """A judged pool's search grades into the set's qrels.yaml and its recommendation grades
    into profile_qrels.yaml (`kb eval heldout --judged`)."""
    from kb.evaluate.heldout_set import merge_judged

    merged = merge_judged(judged, hset.qrels_path, judge)
    recs, line = _profile_grades(judged, hset.folder, judge)
    result = {
        "qrels": str(hset.qrels_path),
        "documents": merged.documents,
        "passages": merged.passages,
        "changed": merged.changed,
        "ungraded": merged.ungraded,
        **recs,
    }
    if as_json:
        dump(result)
        return
    out.print(
        f"{hset.qrels_path}: {merged.documents} document and {merged.passages} passage grades "
        f"merged ({merged.changed} changed an earlier grade); {merged.ungraded} items still "
        f"ungraded\n{line}",
        markup=False,
        highlight=False,
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
