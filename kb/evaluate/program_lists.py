"""Ranked lists of programs against labels: nDCG@10, Recall@10 and MRR (ranx) over program ids,
the labelled country profiles, and the Asian programs in a profile's top 10. Shared by the
labelled set (kb/evaluate/labelled.py), the held-out profiles (kb/evaluate/heldout.py) and the
profile baselines (kb/evaluate/profile_runs.py)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from kb.answer.profile import Profile
from kb.errors import MetadataError
from kb.vocab import countries

if TYPE_CHECKING:  # the search stack is imported when an evaluation runs
    from kb.answer.search import Searcher

METRICS = ("ndcg@10", "recall@10", "mrr")
DEPTH = 10
_NONE = "\u2400"  # placeholder program for a query with no hit (ranx needs one entry per query)


@dataclass(frozen=True)
class EvalProfile:
    id: str
    profile: Profile
    expected: tuple[str, ...]


def load_profiles(folder: Path) -> list[EvalProfile]:
    """Profiles with an extra `expected` list of program ids (removed before validation)."""
    out: list[EvalProfile] = []
    for path in sorted(Path(folder).glob("*.yaml")) if Path(folder).is_dir() else []:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        if not isinstance(data, dict) or not data.get("expected"):
            raise MetadataError(str(path), "an evaluation profile needs 'expected: [program ids]'")
        expected = tuple(str(x) for x in data.pop("expected"))
        profile = Profile.from_yaml(yaml.safe_dump(data, allow_unicode=True), str(path))
        out.append(EvalProfile(path.stem, profile, expected))
    return out


def metric_table(
    relevant: Mapping[str, Sequence[str]], ranked: Mapping[str, Sequence[str]]
) -> dict[str, dict[str, float]]:
    """Per query id: nDCG@10, Recall@10 and MRR (ranx), from ranked id lists."""
    from ranx import Qrels, Run, evaluate

    qrels = {q: {r: 1 for r in rel} for q, rel in relevant.items()}
    run = {}
    for q in relevant:
        ids = list(ranked.get(q, []))[:DEPTH] or [_NONE]
        run[q] = {pid: float(len(ids) - i) for i, pid in enumerate(ids)}
    r = Run(run)
    evaluate(Qrels(qrels), r, list(METRICS), make_comparable=True)
    return {q: {m: float(r.scores[m][q]) for m in METRICS} for q in relevant}


def mean(table: dict[str, dict[str, float]], ids: Sequence[str]) -> dict[str, float]:
    if not ids:
        return dict.fromkeys(METRICS, 0.0)
    return {m: round(sum(table[i][m] for i in ids) / len(ids), 4) for m in METRICS}


def asian_in_top(
    profiles: Sequence[EvalProfile], got: Mapping[str, list[str]], country_of: Mapping[str, str]
) -> dict[str, int]:
    """Asian programs in each Latin American or Caribbean profile's top 10 (issue 13)."""
    return {
        p.id: sum(countries.is_asian(country_of.get(x, "")) for x in got[p.id][:DEPTH])
        for p in profiles
        if countries.is_lac(p.profile.country)
    }


def program_countries(searcher: Searcher) -> dict[str, str]:
    """Each indexed case study's program id -> its country (ISO3 or region code)."""
    docs = searcher.index.docs.values()
    return {d.program.id: d.program.country for d in docs if d.program}
