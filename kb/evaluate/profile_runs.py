"""Profiles through the recommender and through two simple baselines, in the same run.

A recommender figure alone says little: the baselines show what its parts add. Each baseline is
the recommender with one component left (its weights are settings), without the Asian-practice
rule and without context or evidence:

- `text only`: the text component, the hybrid search of the profile's needs and free text
  max-pooled per program, i.e. what a plain search of the profile would list;
- `needs only`: the taxonomy component, the credit of the program's needs and instruments for
  the profile's needs, ties broken by the text component.

Both keep the recommender's other rules (own country left out, at most
`max_per_country_instrument` programs of one country and instrument).

Two more rows ask what a policymaker who only describes the problem gets: the shipped
recommender on each profile with its needs removed, so only its free text is left,

- `in words`: with the needs read from the text (`kb.answer.need_reading`);
- `in words, unread`: without reading them (taxonomy 0 for every program).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kb.settings import Settings

from .program_lists import DEPTH, EvalProfile, asian_in_top, mean, metric_table, program_countries

if TYPE_CHECKING:  # the search stack is imported when an evaluation runs
    from kb.answer.profile import Profile
    from kb.answer.search import Searcher

KB = "kb"
TIE_BREAK = 0.001  # the text component's weight behind the taxonomy in `needs only`
BASELINES: dict[str, dict[str, float | int]] = {
    "text only": {"w_text": 1.0, "w_taxonomy": 0.0, "w_context": 0.0, "w_evidence": 0.0},
    "needs only": {"w_text": TIE_BREAK, "w_taxonomy": 1.0, "w_context": 0.0, "w_evidence": 0.0},
}
IN_WORDS = {"in words": True, "in words, unread": False}  # name -> needs read from the text


def ranked_programs(
    searcher: Searcher,
    settings: Settings,
    profiles: Sequence[EvalProfile],
    methods: Sequence[str] = (KB, *BASELINES, *IN_WORDS),
) -> dict[str, dict[str, list[str]]]:
    """{method: {profile id: program ids, best first}} for kb and each baseline."""
    from kb.answer.recommend import recommend

    variants = {KB: settings} if KB in methods else {}
    variants |= {
        name: settings.with_(**weights, asian_practice_min=0)
        for name, weights in BASELINES.items()
        if name in methods
    }
    variants |= {n: settings.with_(read_needs=r) for n, r in IN_WORDS.items() if n in methods}

    def asked(name: str, p: EvalProfile) -> Profile:
        return p.profile.model_copy(update={"needs": {}}) if name in IN_WORDS else p.profile

    return {
        name: {
            p.id: [
                r.program_id
                for r in recommend(asked(name, p), searcher, s, top_k=DEPTH).recommendations
            ]
            for p in profiles
        }
        for name, s in variants.items()
    }


def profile_table(
    profiles: Sequence[EvalProfile], got: Mapping[str, Sequence[str]], country_of: Mapping[str, str]
) -> dict[str, Any]:
    """nDCG@10, recall@10 and MRR against `expected`, with the Asian programs in each Latin
    American or Caribbean profile's top 10."""
    ranks = {k: list(v) for k, v in got.items()}
    table = metric_table({p.id: p.expected for p in profiles}, ranks)
    asian = asian_in_top(profiles, ranks, country_of)
    return {
        "profiles": len(profiles),
        **mean(table, [p.id for p in profiles]),
        "asian_in_top10": round(sum(asian.values()) / max(len(asian), 1), 2),
        "with_two_asian": sum(n >= 2 for n in asian.values()),
    }


def method_tables(
    searcher: Searcher,
    settings: Settings,
    profiles: Sequence[EvalProfile],
    set_folder: Path,
    got: Mapping[str, Mapping[str, Sequence[str]]] | None = None,
) -> tuple[dict[str, dict[str, Any]], list[dict[str, Any]]]:
    """kb and each baseline (`got`, when already ranked): `profile_table` against the writers'
    lists, with `judged` figures where the set's profile_qrels.yaml grades its profiles; and the
    pool of ungraded pairs."""
    from .profile_judging import (
        judged_table,
        load_profile_qrels,
        profile_pool_items,
        qrels_path,
        with_margins,
    )

    if not profiles:
        return {}, []
    got = got if got is not None else ranked_programs(searcher, settings, profiles)
    where, qrels = program_countries(searcher), load_profile_qrels(qrels_path(set_folder))
    tables = {name: profile_table(profiles, ranks, where) for name, ranks in got.items()}
    judged = {name: judged_table(profiles, ranks, qrels) for name, ranks in got.items()}
    if judged.get(KB):
        for name, figures in with_margins(judged, KB).items():
            tables[name]["judged"] = figures
    names = {d.program.id: d.program.name for d in searcher.index.docs.values() if d.program}
    return tables, profile_pool_items(profiles, got, qrels, names)
