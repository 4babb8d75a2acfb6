"""A closed program says so wherever it is shown (search JSON and text, app card, advice), and a
search can keep only the programs still running (both stores, CLI, app, link)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from kb.answer.profile import Profile
from kb.answer.recommend import recommend
from kb.answer.search import Filters, Searcher
from kb.api import open_searcher
from kb.cli import app as cli_app
from kb.curate.batch import build_corpus
from kb.ingest.embed import make_encoder
from kb.records import ProgramInfo
from kb.settings import PROJECT_ROOT, Settings
from kb.store.factory import open_store
from kb.ui import search_url
from tests.support.app_index import subset_corpus, subset_env

CLOSED, OPEN = "ind-stand-up-india", "ind-mudra"  # closed in 2025; active


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with subset_env(tmp_path_factory.mktemp("status"), [CLOSED, OPEN]) as set_env:
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


QUERY = "Stand-Up India MUDRA credit for entrepreneurs"


def test_a_status_filter_keeps_running_programs_on_either_store(
    store_settings: Settings, tmp_path: Path
) -> None:
    corpus = subset_corpus(tmp_path / "corpus", [CLOSED, OPEN], [])
    s = store_settings.with_(corpus_dir=corpus)
    build_corpus(s)
    searcher = Searcher(open_store(s).load(s.default_index), make_encoder("hash-256"), s)
    everything = _by_program(searcher.search(QUERY, top_k=5))
    running = _by_program(searcher.search(QUERY, 5, Filters(statuses=("active", "unknown"))))
    closed = _by_program(searcher.search(QUERY, 5, Filters(statuses=("closed",))))
    assert {CLOSED, OPEN} <= set(everything)
    assert set(running) == {OPEN} and set(closed) == {CLOSED}


def test_cli_status_filter_and_a_wrong_status(env: dict[str, str]) -> None:
    res = CliRunner().invoke(cli_app, ["search", QUERY, "--status", "active", "--json"])
    assert res.exit_code == 0, res.output
    got = {h["program_id"] for h in json.loads(res.stdout) if h.get("program_id")}
    assert got == {OPEN}
    bad = CliRunner().invoke(cli_app, ["search", QUERY, "--status", "ended"])
    assert bad.exit_code != 0
    assert "unknown status 'ended'" in bad.output and "active, closed, unknown" in bad.output


def test_app_status_filter_hides_the_closed_card(env: dict[str, str]) -> None:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = "pt"
    at.run()
    box = at.multiselect(key="f_status")
    assert box.label == "Situação" and "Vigente" in [box.format_func(o) for o in box.options]
    box.select("active").run()
    at.text_input(key="q").input("Stand-Up India").run()
    assert not at.exception, at.exception
    captions = " ".join(c.value.replace("\\", "") for c in at.caption)
    assert "encerrado (2025)" not in captions and "Stand-Up India" not in captions


def test_a_link_carries_the_status_filter() -> None:
    params = search_url.write("crédito", Filters(statuses=("active",)))
    assert params == {"q": ["crédito"], "status": ["active"]}
    back = search_url.read(params, {"f_status": ["active", "closed", "unknown"]}, (1990, 2026))
    assert back.picks == {"f_status": ("active",)}
