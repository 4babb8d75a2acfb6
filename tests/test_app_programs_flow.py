"""A meeting organiser's path through the app: a program's page adds it to the comparison, the
comparison makes a brief of the same programs, and a brief's link opens with its programs.

Before, the Compare page had no way to the brief (the programs had to be picked again), the
Brief page ignored a link's programs, the Program page could not add to the comparison, and a
brief built earlier stayed on screen under a different selection.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from kb.settings import PROJECT_ROOT
from tests.support.app_index import subset_env, switch_to

APP = str(PROJECT_ROOT / "app.py")
PROGRAMS = ["chl-fogape", "kor-kodit", "sgp-tradenet"]


@pytest.fixture(scope="module")
def app_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with subset_env(tmp_path_factory.mktemp("flow"), PROGRAMS) as env:
        yield env


def start(lang: str, page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    for k, v in params.items():
        at.query_params[k] = v
    switch_to(at, page).run()
    assert not at.exception, at.exception
    return at


def labels(at: AppTest) -> list[str]:
    return [b.label for b in at.button]


def test_a_comparison_makes_a_brief_of_its_programs(app_env) -> None:
    at = start("es", "compare", ids="chl-fogape,kor-kodit")
    at.button(key="cmp-to-brief").click().run()
    assert at.title[0].value == "Informe para una reunión"
    switch_to(at, "brief").run()  # AppTest would otherwise rerun the page it was last sent to
    assert at.radio(key="brief_source").value == "selection"
    assert at.session_state["brief_pick"] == ["chl-fogape", "kor-kodit"]
    assert at.query_params["ids"] == "chl-fogape,kor-kodit"
    at.button(key="brief_build").click().run()
    assert not at.exception, at.exception
    assert "FOGAPE" in at.subheader[0].value and "KODIT" in at.subheader[0].value
    assert [b.label for b in at.get("download_button")][:2] == [
        "Descargar DOCX",
        "Descargar Markdown",
    ]


@pytest.mark.parametrize(
    ("lang", "warning"),
    [("en", "left out: no-such-id"), ("pt", "foram omitidos: no-such-id")],
)
def test_a_brief_opens_from_its_link(app_env, lang: str, warning: str) -> None:
    """The brief's link names its programs, as the comparison's does; an id not in the corpus
    is named, not dropped silently, and the link follows what is picked afterwards."""
    at = start(lang, "brief", ids="sgp-tradenet,no-such-id")
    assert at.radio(key="brief_source").value == "selection"
    assert at.session_state["brief_pick"] == ["sgp-tradenet"]
    assert warning in at.warning[0].value
    at.selectbox(key="brief_pick_add").set_value("chl-fogape").run()
    assert at.query_params["ids"] == "sgp-tradenet,chl-fogape"
    assert not at.warning


def test_a_brief_is_not_shown_under_another_selection(app_env) -> None:
    at = start("en", "brief", ids="chl-fogape,kor-kodit")
    at.button(key="brief_build").click().run()
    assert at.get("download_button")
    at.button(key="brief_pick_rm_kor-kodit").click().run()
    assert not at.get("download_button") and not at.subheader
    assert at.info[0].value.startswith("The selection changed since the last brief")
    at.button(key="brief_build").click().run()  # built again: shown, for FOGAPE alone
    assert at.get("download_button") and "KODIT" not in at.subheader[0].value


def test_a_program_page_adds_its_program_to_the_comparison(app_env) -> None:
    at = start("pt", "program", id="kor-kodit")
    at.button(key="prog-cmp-kor-kodit").click().run()
    assert at.session_state["compare_pick"] == ["kor-kodit"]
    assert at.button(key="prog-cmp-kor-kodit").disabled  # already in it
    assert "KODIT" in at.toast[0].value and "1 de 5" in at.toast[0].value
    switch_to(at, "compare").run()
    assert at.session_state["compare_pick"] == ["kor-kodit"]
    assert at.query_params["ids"] == "kor-kodit"
