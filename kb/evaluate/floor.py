"""The relevance floor measured on the dev set: answerable questions kept, no-answer refused.

The floor (kb/answer/cards.py, CALIBRATED_FLOORS) is chosen on these dev figures only: the
answerable questions of corpus/eval/queries.yaml and the no-answer ones of
corpus/eval/no_answer.yaml. The held-out set reports its own refusals separately.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from kb.answer.cards import relevance_floor
from kb.answer.search import Searcher

# Candidate floors; an encoder whose cosines sit higher (e5) is read in the upper range.
FLOORS = (0.2, 0.24, 0.26, 0.28, 0.3, 0.32, 0.35, 0.4, 0.45, 0.48, 0.5, 0.52, 0.55, 0.58)


def load_no_answer(path: Path) -> list[str]:
    if not path.exists():
        return []
    rows = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [str(r["query"]) for r in rows]


def top_relevance(searcher: Searcher, query: str) -> float:
    """The best card's relevance, whether or not it clears the floor."""
    hits = searcher.search(query, top_k=1, include_weak=True)
    return float(hits[0].relevance or 0.0) if hits else 0.0


def floor_report(
    searcher: Searcher, answerable: Sequence[str], no_answer: Sequence[str]
) -> dict[str, Any]:
    """Per candidate floor: share of answerable dev questions kept and no-answer refused."""
    ans = [top_relevance(searcher, q) for q in answerable]
    none = [top_relevance(searcher, q) for q in no_answer]
    shipped = relevance_floor(searcher.settings, searcher.encoder)

    def row(floor: float) -> dict[str, float]:
        kept = sum(r >= floor for r in ans) / max(len(ans), 1)
        refused = sum(r < floor for r in none) / max(len(none), 1)
        return {
            "floor": floor,
            "answerable_kept": round(kept, 3),
            "no_answer_refused": round(refused, 3),
        }

    return {
        "shipped_floor": shipped,
        "answerable": len(ans),
        "no_answer": len(none),
        "min_answerable_relevance": round(min(ans), 4) if ans else None,
        "max_no_answer_relevance": round(max(none), 4) if none else None,
        "table": [row(f) for f in sorted({*FLOORS, *([shipped] if shipped else [])})],
    }
