"""Recommendations judged blind from pooled lists (kb/evaluate/profile_judging.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from kb.answer.profile import Profile
from kb.errors import MetadataError
from kb.evaluate.heldout_set import merge_judged, write_pool
from kb.evaluate.profile_judging import (
    ProfileQrels,
    judged_table,
    load_profile_qrels,
    merge_profile_judged,
    profile_pool_items,
    with_margins,
)
from kb.evaluate.program_lists import EvalProfile

MEX = EvalProfile(
    "mex-x",
    Profile.model_validate(
        {"country": "MEX", "needs": ["export-finance"], "text": "Los bancos no adelantan dinero."}
    ),
    ("kor-ksure", "ind-ecgc"),
)
PER = EvalProfile(
    "per-y",
    Profile.model_validate({"country": "PER", "needs": ["access-to-credit"]}),
    ("chl-fogape",),
)
GOT = {
    "kb": {"mex-x": ["kor-ksure", "cri-a", "ind-ecgc"], "per-y": ["chl-fogape"]},
    "text only": {"mex-x": ["cri-a", "bra-b"], "per-y": ["chl-fogape", "arg-sgr"]},
}
NAMES = {"kor-ksure": "Korea Trade Insurance Corporation (K-SURE)"}


def test_the_pool_is_one_blind_item_per_profile_and_program() -> None:
    items = profile_pool_items([MEX, PER], GOT, ProfileQrels(), NAMES)
    pairs = [(x["qid"], x["doc"]) for x in items]
    assert sorted(pairs) == sorted(
        [
            ("mex-x", "program:kor-ksure"),
            ("mex-x", "program:cri-a"),
            ("mex-x", "program:ind-ecgc"),
            ("mex-x", "program:bra-b"),
            ("per-y", "program:chl-fogape"),
            ("per-y", "program:arg-sgr"),
        ]
    )
    first = next(x for x in items if x["doc"] == "program:kor-ksure")
    assert first["title"] == NAMES["kor-ksure"] and first["grade"] is None
    assert first["profile"]["country_name"] == "Mexico"
    assert first["profile"]["needs"] == ["export-finance"]
    assert first["profile"]["text"] == "Los bancos no adelantan dinero."
    # Nothing says what the writer expected, which method listed it, where or how high.
    text = json.dumps(items)
    assert "expected" not in text and "text only" not in text
    assert not {"rank", "score", "method"} & set(first)
    # Reproducible, and not in any method's order.
    assert items == profile_pool_items([MEX, PER], GOT, ProfileQrels(), NAMES)


def test_a_graded_pair_is_not_pooled_again() -> None:
    qrels = ProfileQrels({"mex-x": {"kor-ksure": 3, "cri-a": 0}})
    items = profile_pool_items([MEX, PER], GOT, qrels, NAMES)
    assert {x["doc"] for x in items if x["qid"] == "mex-x"} == {
        "program:ind-ecgc",
        "program:bra-b",
    }


def test_grades_merge_into_the_sets_file_and_search_items_are_left_alone(tmp_path: Path) -> None:
    items = profile_pool_items([MEX], GOT, ProfileQrels(), NAMES)
    graded = [{**x, "grade": 3 if x["doc"] == "program:kor-ksure" else 1} for x in items]
    search = {"item": "d-1", "type": "document", "qid": "q1", "doc": "A", "grade": 2}
    write_pool(tmp_path / "judged.jsonl", [*graded[:-1], search, {**graded[-1], "grade": None}])
    got = merge_profile_judged(tmp_path / "judged.jsonl", tmp_path, judge="ana")
    assert (got.graded, got.changed, got.ungraded) == (len(items) - 1, 0, 1)
    qrels = load_profile_qrels(tmp_path / "profile_qrels.yaml")
    assert qrels.grade("mex-x", "kor-ksure") == 3 and len(qrels.grades["mex-x"]) == len(items) - 1
    assert qrels.rounds[0]["judge"] == "ana" and "q1" not in qrels.grades
    # The search merge takes the document and leaves the recommendations to this one.
    report = merge_judged(tmp_path / "judged.jsonl", tmp_path / "qrels.yaml")
    assert (report.documents, report.passages) == (1, 0)
    assert yaml.safe_load((tmp_path / "qrels.yaml").read_text())["documents"] == {"q1": {"A": 2}}
    # A file of recommendations only leaves the questions' judgements as they were.
    before = (tmp_path / "qrels.yaml").read_text()
    write_pool(tmp_path / "recs.jsonl", graded)
    assert merge_judged(tmp_path / "recs.jsonl", tmp_path / "qrels.yaml").documents == 0
    assert (tmp_path / "qrels.yaml").read_text() == before
    # A second judge changing one grade is counted.
    write_pool(tmp_path / "again.jsonl", [{**graded[0], "grade": 0}])
    assert merge_profile_judged(tmp_path / "again.jsonl", tmp_path).changed == 1


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"grade": 4}, "line 1: grade 4"),
        ({"grade": True}, "line 1: grade True"),
        ({"doc": "X"}, "line 1: 'X' is not"),
    ],
)
def test_a_bad_judged_line_is_refused_naming_it(tmp_path: Path, change: dict, problem: str) -> None:
    item = profile_pool_items([MEX], GOT, ProfileQrels(), NAMES)[0]
    write_pool(tmp_path / "j.jsonl", [{**item, **change}])
    with pytest.raises(MetadataError, match=problem):
        merge_profile_judged(tmp_path / "j.jsonl", tmp_path)
    assert not (tmp_path / "profile_qrels.yaml").exists()  # nothing half-written


def test_judged_figures_by_hand() -> None:
    qrels = ProfileQrels({"mex-x": {"kor-ksure": 3, "cri-a": 0, "ind-ecgc": 2, "bra-b": 1}})
    best_first = judged_table([MEX, PER], {"mex-x": ["kor-ksure", "ind-ecgc", "bra-b"]}, qrels)
    # Only the judged profile counts; the ideal order is 3, 2, 1 and this is it.
    assert best_first == {
        "profiles": 1,
        "ndcg@10": 1.0,
        "useful@10": 0.2,
        "unjudged": 0,
        "_per_profile": {"mex-x": 1.0},
    }
    worse = judged_table([MEX], {"mex-x": ["cri-a", "bra-b", "ind-ecgc", "new-z"]}, qrels)
    # DCG = 1/log2(3) + 2/log2(4); ideal = 3 + 2/log2(3) + 1/log2(4)
    dcg = 1 / 1.5849625 + 2 / 2
    assert worse["ndcg@10"] == pytest.approx(dcg / (3 + 2 / 1.5849625 + 0.5), abs=1e-3)
    assert worse["useful@10"] == 0.1 and worse["unjudged"] == 1
    assert judged_table([MEX], GOT["kb"], ProfileQrels()) == {}


def test_kb_margin_over_a_baseline_is_paired_by_profile() -> None:
    both = ProfileQrels({"mex-x": {"kor-ksure": 3, "cri-a": 0}, "per-y": {"chl-fogape": 2}})
    kb = judged_table([MEX, PER], {"mex-x": ["kor-ksure"], "per-y": ["chl-fogape"]}, both)
    base = judged_table([MEX, PER], {"mex-x": ["cri-a", "kor-ksure"], "per-y": ["x"]}, both)
    got = with_margins({"kb": kb, "text only": base}, "kb")
    assert "margin" not in got["kb"] and not any("_per_profile" in v for v in got.values())
    # mex-x: 1 - 1/log2(3); per-y: 1 - 0
    mex = 1 - 1 / 1.5849625
    margin = got["text only"]["margin"]
    assert margin["value"] == pytest.approx((mex + 1.0) / 2, abs=1e-3) and margin["n"] == 2
    assert margin["low"] <= margin["value"] <= margin["high"]
