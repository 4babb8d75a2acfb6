"""Recommendation time on the shipped corpus, against a search of the same run (not a test).

    python bench/bench_recommend.py [--repeat N] [--json]

Uses the configured index (built from corpus/ first if missing: `kb build`) and encoder. For
each development profile (corpus/eval/profiles) in es, en and pt it times one recommendation
and, as the baseline, one search of the first query the recommendation itself makes, on the
same searcher, back to back, so a burst of load from elsewhere slows both. Prints the median
and p95 of each and the ratio of the medians: what a recommendation costs in searches.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from kb.answer.profile import Profile
from kb.answer.recommend import queries, recommend
from kb.api import open_searcher
from kb.curate.batch import build_corpus
from kb.evaluate.labelled import load_profiles
from kb.settings import get_settings
from kb.store.factory import open_store

LANGS = ("es", "en", "pt")


def first_query(profile: Profile) -> str:
    """The first of the searches a recommendation makes for the profile (its baseline)."""
    return next(iter(queries(profile)))[0]


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, round(0.95 * len(values)) - 1)]


def main(argv: list[str] | None = None) -> dict[str, float]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=1, help="rounds over every profile")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args(argv)
    s = get_settings()
    if not open_store(s).exists(s.default_index):
        build_corpus(s)
    searcher = open_searcher(None, s)
    profiles = load_profiles(s.corpus_dir / "eval" / "profiles")
    searcher.search(first_query(profiles[0].profile), 10)  # load models and caches once
    rec_ms: list[float] = []
    search_ms: list[float] = []
    for _ in range(args.repeat):
        for ep in profiles:
            for lang in LANGS:
                t0 = time.perf_counter()
                recommend(ep.profile, searcher, s, lang=lang)
                t1 = time.perf_counter()
                searcher.search(first_query(ep.profile), 10)
                t2 = time.perf_counter()
                rec_ms.append((t1 - t0) * 1000)
                search_ms.append((t2 - t1) * 1000)
    out = {
        "runs": len(rec_ms),
        "recommend_p50_ms": round(statistics.median(rec_ms), 1),
        "recommend_p95_ms": round(_p95(rec_ms), 1),
        "search_p50_ms": round(statistics.median(search_ms), 1),
        "search_p95_ms": round(_p95(search_ms), 1),
    }
    out["recommend_vs_search_p50"] = round(out["recommend_p50_ms"] / out["search_p50_ms"], 2)
    if args.json:
        print(json.dumps(out))
    else:
        for key, value in out.items():
            print(f"{key:26} {value}")
    return out


if __name__ == "__main__":
    main()
