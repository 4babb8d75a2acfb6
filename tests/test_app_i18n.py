"""Issue 15 through AppTest and plain functions: the language across page switches, a search
in the URL, the landing counts, case studies in the user's language, private pages."""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kb.answer.coverage import coverage
from kb.answer.facts import section_in
from kb.answer.recommend import programs_by_id
from kb.answer.search import Filters
from kb.settings import PROJECT_ROOT, get_settings
from kb.store.index import Index
from kb.ui import search_url
from kb.vocab.labels import language_name, t
from tests.support.app_index import build_app_index, index_env, subset_corpus, switch_to

APP = str(PROJECT_ROOT / "app.py")
PROGRAMS = ["kor-kodit", "chl-fogape", "jpn-nexi", "bra-pronampe"]


@pytest.fixture(scope="module")
def app_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    tmp = tmp_path_factory.mktemp("i18n")
    corpus = subset_corpus(tmp / "corpus", PROGRAMS, ["garantias-de-credito-diseno.md"])
    env = build_app_index(tmp, corpus_dir=corpus)
    with index_env(env) as set_env:
        yield set_env


def start(query: dict[str, str | list[str]] | None = None, **state: object) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    for k, v in (query or {}).items():
        at.query_params[k] = v
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def qp(at: AppTest, name: str) -> list[str]:
    """A URL parameter as a list (AppTest keeps a single value as a plain string)."""
    value = at.query_params.get(name, [])
    return [value] if isinstance(value, str) else list(value)


# ---- the search in the URL -----------------------------------------------------------------
def test_document_languages_are_named_in_the_users_language() -> None:
    # The datakit alone brings German and Arabic documents; a filter listed them as "de", "ar".
    assert [language_name(c, "es") for c in ("es", "en", "zh", "de", "ar")] == [
        "Español",
        "English",
        "Chino",
        "Alemán",
        "Árabe",
    ]
    assert language_name("th", "pt") == "Tailandês" and language_name("ja", "en") == "Japanese"
    assert language_name("xx", "es") == "xx"  # no name known: the code, not an invented one


def test_url_search_round_trip_keeps_ids_not_labels() -> None:
    f = Filters(countries=("KOR", "JPN"), needs=("access-to-credit",), year_from=2010)
    params = search_url.write("garantías", f, (2010, 2020))
    assert params == {
        "q": ["garantías"],
        "country": ["KOR", "JPN"],
        "need": ["access-to-credit"],
        "years": ["2010-2020"],
    }
    options = {"f_country": ["KOR", "JPN", "CHL"], "f_need": ["access-to-credit"]}
    back = search_url.read(params, options, (1990, 2026))
    assert back.query == "garantías" and back.years == (2010, 2020)
    assert back.picks == {"f_country": ("KOR", "JPN"), "f_need": ("access-to-credit",)}


def test_url_search_drops_what_the_page_does_not_offer() -> None:
    params = {"country": ["XXX", "KOR", "KOR"], "years": ["1800-1700"], "bogus": ["1"]}
    back = search_url.read(params, {"f_country": ["KOR"]}, (1990, 2026))
    assert back.picks == {"f_country": ("KOR",)} and back.years is None and back.query == ""


def test_a_search_url_fills_the_page_and_the_page_writes_its_url(app_env) -> None:
    at = start({"lang": "en", "q": "credit guarantee", "country": "KOR"})
    assert at.session_state["lang"] == "en"
    assert at.text_input(key="q").value == "credit guarantee"
    assert at.multiselect(key="f_country").value == ["KOR"]
    heads = [m.value for m in at.markdown if re.match(r"\*\*\d+\. ", m.value)]
    assert any("KODIT" in h for h in heads) and not any("FOGAPE" in h for h in heads)
    at.text_input(key="q").input("export credit insurance").run()
    assert qp(at, "q") == ["export credit insurance"]
    assert qp(at, "country") == ["KOR"] and qp(at, "lang") == ["en"]


# ---- the language across page switches -------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "pt"])
def test_open_program_keeps_the_language_and_names_the_program_in_the_url(
    app_env, lang: str
) -> None:
    at = start({"lang": lang, "q": "credit guarantee"})
    opens = [b for b in at.button if str(b.key).endswith("-prog")]
    opens[0].click().run()
    assert not at.exception, at.exception
    assert at.title[0].value == t("nav_program", lang)
    assert qp(at, "lang") == [lang] and qp(at, "id")
    switch_to(at, "measure").run()  # a sidebar link: no query string at all
    assert at.header[0].value == t("measure.title", lang)
    assert qp(at, "lang") == [lang]


# ---- Search landing text ---------------------------------------------------------------------
def test_landing_counts_come_from_the_index(app_env) -> None:
    idx = Index.load(Path(app_env["KB_INDEX_DIR"]) / "corpus")
    table = programs_by_id(Path(get_settings().corpus_dir) / "programs")
    c = coverage(idx.docs, table, idx.manifest.created)
    assert c.programs == len(PROGRAMS)
    assert c.documents == len(idx.docs)
    assert c.countries >= 4 and set(c.languages) == {"es", "en", "pt"}
    assert c.facts_as_of == max(table[p].meta.as_of for p in PROGRAMS)
    at = start({"lang": "es"})
    landing = " ".join(m.value for m in at.markdown)
    assert f"**{c.programs} programas**" in landing
    assert f"**{c.documents} documentos**" in landing
    assert any(c.facts_as_of in x.value for x in at.caption)


# ---- case studies in the user's language ------------------------------------------------------
def test_a_passage_in_another_language_is_shown_as_its_section_in_the_users(app_env) -> None:
    table = programs_by_id(Path(get_settings().corpus_dir) / "programs")
    nexi = table["jpn-nexi"]  # written in English, translated into es and pt
    assert nexi.original_language == "en" and "es" in nexi.languages
    heading, text = section_in(nexi, "How it works", "en", "es") or ("", "")
    assert heading == "Cómo funciona" and text == nexi.section("how", "es")
    assert section_in(nexi, "How it works", "en", "en") is None  # already in the language
    assert (section_in(nexi, None, "en", "pt") or ("",))[0] == "Resumo"  # names header


def test_program_page_shows_the_translation_and_the_original_one_toggle_away(app_env) -> None:
    at = start({"lang": "es"}, program_id="jpn-nexi")
    switch_to(at, "program").run()
    assert not at.exception, at.exception
    nexi = programs_by_id(Path(get_settings().corpus_dir) / "programs")["jpn-nexi"]
    assert at.header[0].value.replace("\\", "") == nexi.name_in("es")
    assert at.header[0].value == "Seguro de Exportación e Inversión de Japón \\(NEXI\\)"
    assert next(e.label for e in at.expander) == "Resumen"
    at.toggle(key="orig-jpn-nexi").set_value(True).run()
    assert next(e.label for e in at.expander) == "Summary"
    facts = " ".join(m.value for m in at.markdown)
    assert "None" not in facts and "nan" not in facts.split()
    assert "inglés" in facts  # the original language named, not "en"
    assert r"jpn\-nexi" in facts  # its id, escaped for Markdown


def test_program_page_shows_paragraphs_and_list_items_without_markdown_marks(app_env) -> None:
    at = start({"lang": "es"}, program_id="jpn-nexi")
    switch_to(at, "program").run()
    assert not at.exception, at.exception
    source = programs_by_id(Path(get_settings().corpus_dir) / "programs")["jpn-nexi"]
    assert "- **Seguro de exportación para pymes" in source.section("how", "es")
    shown = "\n".join(x.value for x in at.text)
    assert "**" not in shown
    assert "\n• Seguro de exportación para pymes y agroalimentos: un producto" in "\n" + shown


# ---- private by default ---------------------------------------------------------------------
def test_evaluate_offers_no_run_to_anonymous_visitors(app_env) -> None:
    at = start({"lang": "en"})
    switch_to(at, "evaluate").run()
    assert not at.exception, at.exception
    assert not [b for b in at.button if b.label == t("evaluate.run", "en")]
    assert any(t("ui.evaluate_curators", "en") in i.value for i in at.info)
    assert not at.text_input  # no server path to type into
    signed = start({"lang": "en"}, authentication_status=True, username="ana")
    switch_to(signed, "evaluate").run()
    assert [b for b in signed.button if b.label == t("evaluate.run", "en")]


def test_switching_language_after_recommending_redoes_reasons_and_brief(app_env) -> None:
    at = start({"lang": "es"})
    switch_to(at, "recommend").run()
    at.selectbox(key="p_country").set_value("GTM")
    at.multiselect(key="p_needs").set_value(["access-to-credit"])
    next(b for b in at.button if b.label == t("recommend", "es")).click().run()
    assert any(m.value.startswith(f"**{t('why', 'es')}**") for m in at.markdown)
    at.selectbox(key="lang").set_value("pt").run()
    assert not at.exception, at.exception
    why = [m.value for m in at.markdown if m.value.startswith("**Por quê**")]
    assert why and "necessidade" in why[0]  # the reasons themselves, not only the headings
    next(b for b in at.button if b.label == t("to_brief", "pt")).click().run()
    assert at.title[0].value == t("brief_title", "pt") and qp(at, "lang") == ["pt"]


def test_an_example_question_on_the_landing_runs_it(app_env) -> None:
    at = start({"lang": "en"})
    first = t("ui.examples", "en").split("|")[0].strip()
    at.button(key="example-0").click().run()
    assert at.text_input(key="q").value == first
    assert any(m.value.startswith("**1. ") for m in at.markdown)
    assert qp(at, "q") == [first]


def test_country_reference_names_subregions_in_the_language(app_env) -> None:
    at = start({"lang": "es"})
    switch_to(at, "insights").run()
    ref = at.dataframe[0].value
    row = ref[ref["ISO3"] == "MEX"].iloc[0]
    assert row["Subregión"] == "México y Centroamérica"


def test_a_curators_evaluation_run_draws_a_progress_bar(
    app_env, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import kb.evaluate.labelled as labelled
    import kb.ui.pages.evaluate as page

    seen: list[str] = []
    query = labelled.EvalQuery("q1", "es", "named", "fogape", ("chl-fogape",))
    result = labelled.evaluate_method("bm25", [query], lambda q: ["chl-fogape"])

    def fake_run(settings, eval_dir=None, encoders=(), progress=None):  # type: ignore[no-untyped-def]
        for step in ("index for bm25", "evaluating bm25"):  # what run_programs reports
            seen.append(step)
            progress(step)
        methods = {"bm25": result.to_json()}
        return {"methods": methods, "shipped": "bm25", "queries": 1, "profiles": 0}

    monkeypatch.setattr(labelled, "run_programs", fake_run)
    monkeypatch.setattr(page, "_last_path", lambda: tmp_path / "last.json")
    at = start({"lang": "es"}, authentication_status=True, username="ana")
    switch_to(at, "evaluate").run()
    next(b for b in at.button if b.label == t("evaluate.run", "es")).click().run()
    assert not at.exception, at.exception
    assert seen == ["index for bm25", "evaluating bm25"]
    bars = at.get("progress")
    assert bars and bars[0].proto.value == 100
    assert t("ui.evaluate_done", "es") in bars[0].proto.text


def test_the_evaluate_page_shows_the_profiles_beside_their_baselines() -> None:
    from kb.ui.pages.evaluate import kinds_frame

    figures = {"ndcg@10": 0.65, "recall@10": 0.68, "mrr": 0.85}
    baselines = {"text only": {**figures, "ndcg@10": 0.59}, "needs only": {**figures, "mrr": 0.8}}
    data = {
        "methods": {
            "kb": {"profiles": figures, "profile_baselines": baselines, "per_kind": {}},
            "bm25": {"profiles": {**figures, "ndcg@10": 0.63}, "per_kind": {}},
        }
    }
    frame = kinds_frame(data, "profiles", "es")
    assert list(frame["method"]) == [
        "kb",
        "kb → referencia simple: solo texto",
        "kb → referencia simple: solo necesidades",
        "bm25",
    ]
    assert list(frame["ndcg@10"]) == [0.65, 0.59, 0.65, 0.63]
    assert "simple baseline: needs only" in kinds_frame(data, "profiles", "en")["method"][2]
    assert "judged_ndcg" not in frame  # no blind grades yet: no column for them
    # With blind grades (corpus/eval/profile_qrels.yaml) kb and each baseline show theirs.
    judged = {"ndcg@10": 0.8687, "useful@10": 0.7564, "unjudged": 0, "profiles": 23}
    data["methods"]["kb"]["profile_judged"] = judged
    for b in baselines.values():
        b["judged"] = {**judged, "ndcg@10": 0.8401}
    graded = kinds_frame(data, "profiles", "pt")
    assert list(graded["judged_ndcg"])[:3] == [0.869, 0.84, 0.84]  # rounded as the rest
    assert list(graded["judged_useful"])[:3] == [0.756, 0.756, 0.756]
    assert math.isnan(list(graded["judged_ndcg"])[3])  # bm25's row: the recommender was not judged


def test_a_section_shown_in_the_users_language_has_no_markdown_marks(app_env) -> None:
    """A case study's section is Markdown ("- **Garantías de crédito:** el BAsD ..."); shown
    on a card in the reader's language it reads as text, not as bullets and asterisks."""
    from kb.ui.widgets import _short

    table = programs_by_id(Path(get_settings().corpus_dir) / "programs")
    marked = [
        text
        for prog in table.values()
        for lang in prog.languages
        if "**" in (text := prog.section("how", lang) or "")
    ]
    assert marked  # the corpus writes bold labels in its lists
    for text in marked:
        shown = _short(text)
        assert "**" not in shown and not shown.startswith("- ")
