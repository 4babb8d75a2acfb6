"""Recommendations judged blind from pooled top-10 lists, as search results are.

A profile's `expected` list is what its writer chose by hand, reading the case studies' summaries
and instruments: a short recall target that favours whatever method resembles how it was chosen
(a taxonomy reading favours `needs only`). Judging the pooled lists grades what each method
actually put in front of the ministry:

- `profile_pool_items`: every (profile, program) in any method's top 10 with no grade yet, one
  item each, shuffled, with the profile as its writer wrote it (country, needs, free text,
  conditions) and never `expected`, a method name, a rank or a score;
- `merge_profile_judged`: a judged pool's `recommendation` items into the set's
  `profile_qrels.yaml` (graded 0-3, atomically);
- `judged_table`: nDCG@10 with the grades as gains (ranx), the share of the ten a judge graded 2
  or 3, and how many listed programs had no grade (they count as 0); `with_margins` adds kb's
  margin over each baseline, paired by profile, with a bootstrap interval.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kb.errors import MetadataError
from kb.files import atomic_write
from kb.vocab import countries

from .heldout_set import grade_table, judgements_yaml, load_judgements, pool_lines, read_grade
from .program_lists import DEPTH, EvalProfile

KIND = "recommendation"
USEFUL = 2  # a grade a ministry would act on: relevant (2) or one to study first (3)
QRELS_FILE = "profile_qrels.yaml"
PER_PROFILE = "_per_profile"
_SEED = 17


@dataclass
class ProfileQrels:
    """grades[profile id][program id] -> 0-3, and the judging rounds that wrote them."""

    grades: dict[str, dict[str, int]] = field(default_factory=dict)
    rounds: list[dict[str, Any]] = field(default_factory=list)

    def grade(self, profile_id: str, program_id: str) -> int | None:
        return self.grades.get(profile_id, {}).get(program_id)

    def to_yaml(self) -> str:
        data = {
            "grades": {p: dict(sorted(g.items())) for p, g in sorted(self.grades.items())},
            "rounds": self.rounds,
        }
        return judgements_yaml(
            "Recommendations judged blind", "kb eval ...", "Judged recommendations", data
        )


def qrels_path(set_folder: Path) -> Path:
    return Path(set_folder) / QRELS_FILE


def load_profile_qrels(path: Path) -> ProfileQrels:
    """The grades so far (none when the file does not exist yet)."""

    def parse(raw: dict[str, Any]) -> ProfileQrels:
        return ProfileQrels(grade_table(raw.get("grades")), list(raw.get("rounds") or []))

    return load_judgements(path, "the profile judgements", parse, ProfileQrels())


# ---- the pool -----------------------------------------------------------------------------
def profile_pool_items(
    profiles: Sequence[EvalProfile],
    got: Mapping[str, Mapping[str, Sequence[str]]],
    qrels: ProfileQrels,
    names: Mapping[str, str],
) -> list[dict[str, Any]]:
    """Every ungraded (profile, program) in any method's top 10, shuffled, blind.

    `got` is {method: {profile id: program ids, best first}}; `names` maps a program id to its
    name, so the judge knows what to open (corpus/programs/ID.md).
    """
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for per_profile in got.values():
        for p in profiles:
            for pid in list(per_profile.get(p.id, ()))[:DEPTH]:
                if (p.id, pid) not in seen and qrels.grade(p.id, pid) is None:
                    seen[(p.id, pid)] = _item(p, pid, names.get(pid, pid))
    items = sorted(seen.values(), key=lambda x: x["item"])
    random.Random(_SEED).shuffle(items)
    return items


def _item(p: EvalProfile, program_id: str, name: str) -> dict[str, Any]:
    key = hashlib.sha256(f"{p.id}\n{program_id}".encode()).hexdigest()[:12]
    prof = p.profile
    code = prof.country
    return {
        "item": f"r-{key}",
        "type": KIND,
        "qid": p.id,
        "profile": {
            "country": code,
            "country_name": countries.get(code).name("en") if countries.is_country(code) else code,
            "needs": list(prof.needs),
            "text": prof.text.strip(),
            "conditions": dict(prof.conditions),
            "firm_sizes": list(prof.firm_sizes),
            "sectors": list(prof.sectors),
        },
        "doc": f"program:{program_id}",
        "title": name,
        "grade": None,
    }


# ---- merging the grades -------------------------------------------------------------------
@dataclass(frozen=True)
class ProfileMerge:
    graded: int  # grades added or changed
    changed: int  # of those, how many replaced an earlier, different grade
    ungraded: int  # recommendation items left without a grade


def merge_profile_judged(path: Path, set_folder: Path, judge: str = "") -> ProfileMerge:
    """The `recommendation` items of a judged pool into the set's profile_qrels.yaml."""
    target = qrels_path(set_folder)
    qrels = load_profile_qrels(target)
    graded = changed = ungraded = 0
    for n, line in enumerate(pool_lines(path), start=1):
        try:
            item = json.loads(line) if line.strip() else {}
            if item.get("type") != KIND:
                continue  # search items: kb/evaluate/heldout_set.py merges them
            profile_id, doc = str(item["qid"]), str(item["doc"])
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise MetadataError(str(path), f"line {n}: not a pool item ({exc})") from exc
        if not doc.startswith("program:"):
            raise MetadataError(str(path), f"line {n}: {doc!r} is not a program:ID")
        grade = read_grade(path, n, item)
        if grade is None:
            ungraded += 1
            continue
        old = qrels.grades.setdefault(profile_id, {}).get(doc.removeprefix("program:"))
        qrels.grades[profile_id][doc.removeprefix("program:")] = grade
        graded += 1
        changed += old is not None and old != grade
    if graded:
        day = time.strftime("%Y-%m-%d", time.gmtime())
        qrels.rounds.append(
            {"date": day, "file": Path(path).name, "judge": judge, "graded": graded}
        )
        atomic_write(target, qrels.to_yaml(), 0o644)
    return ProfileMerge(graded, changed, ungraded)


# ---- the judged figures -------------------------------------------------------------------
def judged_table(
    profiles: Sequence[EvalProfile], got: Mapping[str, Sequence[str]], qrels: ProfileQrels
) -> dict[str, Any]:
    """nDCG@10 with graded gains, the share of the ten graded 2 or 3 (`useful@10`), and the
    listed programs with no grade (`unjudged`); only over profiles with grades."""
    from ranx import Qrels, Run, evaluate

    ids = [p.id for p in profiles if qrels.grades.get(p.id)]
    if not ids:
        return {}
    run = {}
    useful = unjudged = 0
    for pid in ids:
        top = list(got.get(pid, ()))[:DEPTH] or ["\u2400"]
        run[pid] = {x: float(len(top) - i) for i, x in enumerate(top)}
        grades = [qrels.grade(pid, x) for x in top]
        useful += sum((g or 0) >= USEFUL for g in grades)
        unjudged += sum(g is None for g in grades)
    judged = {
        pid: {k: g for k, g in qrels.grades[pid].items() if g > 0} or {"\u2400": 0} for pid in ids
    }
    ranx_run = Run(run)
    ndcg = evaluate(Qrels(judged), ranx_run, "ndcg@10", make_comparable=True)
    return {
        "profiles": len(ids),
        "ndcg@10": round(float(ndcg), 4),
        "useful@10": round(useful / (DEPTH * len(ids)), 4),
        "unjudged": unjudged,
        PER_PROFILE: {pid: float(ranx_run.scores["ndcg@10"][pid]) for pid in ids},
    }


def with_margins(judged: Mapping[str, dict[str, Any]], reference: str) -> dict[str, dict[str, Any]]:
    """Each method's judged figures, a baseline's with `margin`: the reference (kb) minus it,
    profile by profile, with its 95 % bootstrap interval; the per-profile values dropped (a
    held-out set prints aggregates only)."""
    from .heldout_intervals import paired_interval

    ref = judged.get(reference, {}).get(PER_PROFILE, {})
    out = {}
    for name, figures in judged.items():
        out[name] = {k: v for k, v in figures.items() if k != PER_PROFILE}
        margin = paired_interval(ref, figures[PER_PROFILE]) if name != reference else None
        if margin is not None:
            out[name]["margin"] = margin.to_json()
    return out
