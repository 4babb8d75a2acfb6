"""What the `kb eval` commands share (kb/cli/evaluate.py, kb/cli/grid.py): their JSON, their
numbers, their progress lines and the question set a `--set` names."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.cli.common import err
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
