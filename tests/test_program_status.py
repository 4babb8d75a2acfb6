"""A closed program says so wherever it is shown: search JSON and text, app card, advice."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from kb.answer.profile import Profile
from kb.answer.recommend import recommend
from kb.answer.search import Searcher
from kb.api import open_searcher
from kb.cli import app as cli_app
from kb.records import ProgramInfo
from kb.settings import PROJECT_ROOT
from tests.support.app_index import build_app_index, index_env, subset_corpus

CLOSED, OPEN = "ind-stand-up-india", "ind-mudra"  # closed in 2025; active


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    tmp = tmp_path_factory.mktemp("status")
    corpus = subset_corpus(tmp / "corpus", [CLOSED, OPEN], [])
    variables = build_app_index(tmp, corpus_dir=corpus)
    with index_env(variables) as set_env:
        yield set_env


def _searcher() -> Searcher:
    return open_searcher()  # the module's index, as the environment names it


def _by_program(hits: list) -> dict:  # type: ignore[type-arg]
    return {h.program_id: h for h in hits if h.program_id}


def test_search_json_carries_the_programs_status(env: dict[str, str]) -> None:
    hits = _by_program(_searcher().search("Stand-Up India MUDRA credit for entrepreneurs", top_k=5))
    closed, active = hits[CLOSED].to_json(), hits[OPEN].to_json()
    assert (closed["program_status"], closed["program_end_year"]) == ("closed", 2025)
    assert (active["program_status"], active["program_end_year"]) == ("active", None)


def test_cli_text_marks_a_closed_program(env: dict[str, str]) -> None:
    res = CliRunner().invoke(cli_app, ["search", "Stand-Up India MUDRA entrepreneurs", "-k", "5"])
    assert res.exit_code == 0, res.output
    lines = {ln for ln in res.stdout.splitlines() if "[ind-" in ln}
    assert any(f"[{CLOSED} · IND · closed (2025)]" in ln for ln in lines), lines
    assert any(f"[{OPEN} · IND]" in ln for ln in lines), lines


@pytest.mark.parametrize("lang, said", [("es", "cerrado (2025)"), ("en", "closed (2025)")])
def test_app_card_says_closed(env: dict[str, str], lang: str, said: str) -> None:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.text_input(key="q").input("Stand-Up India").run()
    assert not at.exception, at.exception
    captions = [c.value.replace("\\", "") for c in at.caption]  # captions are Markdown
    assert any(said in c for c in captions), captions
    assert sum(said in c for c in captions) == 1  # the active program's card says nothing


def test_a_closed_program_is_recommended_with_the_reason(env: dict[str, str]) -> None:
    profile = Profile(country="HND", needs=["access-to-credit"], text="women entrepreneurs")
    searcher = _searcher()
    result = recommend(profile, searcher, searcher.settings, lang="en")
    got = {r.program_id: r for r in result.recommendations}
    closed = got[CLOSED]
    assert (closed.status, closed.end_year) == ("closed", 2025)
    assert any(r.startswith("Closed (2025)") for r in closed.reasons), closed.reasons
    assert json.loads(json.dumps(closed.to_json()))["status"] == "closed"
    assert not any(r.startswith("Closed") for r in got[OPEN].reasons)


def test_an_index_built_before_reads_without_a_status() -> None:
    old = ProgramInfo.from_json(
        {"id": "x", "name": "X", "country": "CHL", "evidence": "monitoring"}
    )
    assert (old.status, old.end_year) == (None, None)
    assert ProgramInfo.from_json(
        ProgramInfo("x", "X", "CHL", status="closed").to_json()
    ).status == ("closed")
