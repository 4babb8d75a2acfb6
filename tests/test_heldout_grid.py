"""`kb eval grid`: its points, its refusals and its optimistic bound, by hand (the whole run on
a tiny collection is in tests/test_heldout.py, beside that collection)."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.errors import UsageError
from kb.evaluate.heldout_grid import optimistic_bound, parse_grid, score_point
from kb.evaluate.heldout_set import Answer, Qrels, Question, Shown, passage_key

runner = CliRunner()


def test_points_are_the_shipped_settings_then_every_combination() -> None:
    points = parse_grid(["lexical_weight=0.2,0.4", "title_weight=0,0.1"])
    assert [p.name for p in points][:2] == [
        "shipped",
        "lexical_weight=0.2 title_weight=0.0 dense_weight=0.8",
    ]
    assert len(points) == 5 and points[0].overrides == ()
    over = [dict(p.overrides) for p in points[1:]]
    assert {(o["lexical_weight"], o["title_weight"]) for o in over} == {
        (0.2, 0.0), (0.2, 0.1), (0.4, 0.0), (0.4, 0.1),
    }  # fmt: skip
    assert all(o["dense_weight"] == pytest.approx(1 - o["lexical_weight"]) for o in over)
    named = parse_grid(["lexical_weight=0.3", "dense_weight=1"])  # a dense weight given stays
    assert dict(named[1].overrides) == {"lexical_weight": 0.3, "dense_weight": 1.0}
    assert dict(parse_grid(["lexical_impute_other_language=false"])[1].overrides) == {
        "lexical_impute_other_language": False
    }


@pytest.mark.parametrize(
    ("spec", "says"),
    [
        ("chunk_words=100", "'chunk_words' shapes the index"),
        ("nope=1", "unknown setting 'nope'"),
        ("lexical_weight=x", "--grid lexical_weight=x: Input should be a valid number"),
        ("title_weight", "--grid 'title_weight': write it as name=value1,value2"),
        ("title_scope=some", "--grid title_scope=some"),
    ],
)
def test_a_bad_grid_is_refused_naming_the_setting(spec: str, says: str) -> None:
    with pytest.raises(UsageError, match="^" + says.replace("(", r"\(")):
        parse_grid([spec])


def test_the_cli_refuses_a_setting_that_shapes_the_index(cli_env: Path) -> None:
    res = runner.invoke(app, ["eval", "grid", "--grid", "document_context=0"])
    assert res.exit_code == 2
    assert "'document_context' shapes the index" in res.stderr


def _question(qid: str = "q") -> Question:
    return Question(qid, "en", "program", False, "query", (), None)


def _shown(doc: str, text: str) -> Shown:
    return Shown(doc, doc, 1, text)


def test_the_bound_counts_unjudged_items_at_the_top_grade_over_the_judged_ideal() -> None:
    qrels = Qrels(
        documents={"q": {"a": 3, "b": 1, "c": 2}},
        passages={"q": {passage_key("a", "pa"): (3, "a"), passage_key("b", "pb"): (1, "b")}},
    )
    # Documents b (1), x and y (unjudged); hits b's passage (1), then an unjudged one.
    ans = Answer((_shown("b", "pb"), _shown("x", "px")), tuple(_shown(k, "") for k in "bxy"))
    docs, hits = optimistic_bound([_question()], {"q": ans}, qrels)
    ideal = 3 + 2 / math.log2(3) + 1 / math.log2(4)
    assert docs == pytest.approx((1 + 3 / math.log2(3) + 3 / math.log2(4)) / ideal, abs=1e-4)
    assert hits == pytest.approx((1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3)), abs=1e-4)
    row = score_point(parse_grid([])[0], [_question()], {"q": ans}, qrels)
    assert row.docs_ndcg == pytest.approx(1 / ideal, abs=1e-4)  # unjudged: not relevant
    assert row.docs_bound == docs and row.judged_docs == pytest.approx(1 / 3, abs=1e-3)
    # Judged through: the bound is the figure; above the ideal it stops at 1.
    best = (_shown("a", "pa"), _shown("b", "pb"))
    judged = Answer(best, (_shown("a", ""), _shown("c", ""), _shown("b", "")))
    assert optimistic_bound([_question()], {"q": judged}, qrels) == (1.0, 1.0)
    high = Answer((), tuple(_shown(k, "") for k in "xyz"))
    assert optimistic_bound([_question()], {"q": high}, qrels)[0] == 1.0
