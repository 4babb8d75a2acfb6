"""The Streamlit app driven through AppTest: every page, on the shipped corpus (fake encoder)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from kb.answer.profile import Profile
from kb.answer.recommend import programs_by_id
from kb.settings import PROJECT_ROOT, get_settings
from kb.store.index import Index
from kb.ui.state import esc, md_link
from kb.vocab import labels as i18n
from tests.support.app_index import (
    IMG,
    MARKER,
    SCRIPT,
    build_app_index,
    index_env,
    subset_corpus,
    switch_to,
)

APP = str(PROJECT_ROOT / "app.py")


@pytest.fixture(scope="module")
def app_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    tmp = tmp_path_factory.mktemp("app")
    env = build_app_index(tmp)
    with index_env(env) as set_env:
        yield set_env


def start(lang: str = "es", **state: object) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    for k, v in state.items():
        at.session_state[k] = v
    at.run()
    assert not at.exception, at.exception
    return at


def goto(at: AppTest, name: str) -> AppTest:
    switch_to(at, name).run()
    assert not at.exception, at.exception
    return at


def button(at: AppTest, label: str):
    return next(b for b in at.button if b.label == label)


def search(at: AppTest, query: str) -> AppTest:
    at.text_input(key="q").input(query).run()
    assert not at.exception, at.exception
    return at


# ---- labels ------------------------------------------------------------------------------
def test_every_label_exists_in_three_languages() -> None:
    for key in i18n.label_keys():
        texts = [i18n.t(key, lang) for lang in i18n.LANGS]
        assert all(x.strip() for x in texts), key


@pytest.mark.parametrize(
    "lang, title",
    [
        ("es", "Buscar en la biblioteca"),
        ("en", "Search the library"),
        ("pt", "Buscar na biblioteca"),
    ],
)
def test_language_switch_relabels_the_page(app_env, lang, title) -> None:
    at = start("es")
    at.selectbox(key="lang").set_value(lang).run()
    assert at.title[0].value == title
    assert at.query_params["lang"] == lang


# ---- search ------------------------------------------------------------------------------
def test_spanish_query_returns_cited_passages(app_env) -> None:
    at = search(start("es"), "garantías de crédito para pymes")
    heads = [m.value for m in at.markdown if m.value.startswith("**1.")]
    # the corpus holds no PDF: no "p. 1" that would send a reader to a page that is not there
    assert heads and "· p." not in heads[0]
    assert at.caption[0].value.startswith("10 fuentes ·")
    passages = [x.value for x in at.text]
    assert any("garant" in p.lower() or "guarantee" in p.lower() for p in passages)
    # a case-study hit links to its program page
    assert any(b.label == "Ver programa" for b in at.button)


@pytest.mark.parametrize(
    ("lang", "said"),
    [("es", "Sin una buena coincidencia"), ("en", "No good match"), ("pt", "Sem uma boa")],
)
def test_nonsense_gets_no_good_match_in_each_language(
    app_env, monkeypatch: pytest.MonkeyPatch, lang: str, said: str
) -> None:
    # the fake encoder has no calibrated floor: one between its noise and an answer (as in
    # tests/test_answers.py); the shipped encoder's floor is tested in test_integration.py
    monkeypatch.setenv("KB_RELEVANCE_FLOOR", "0.45")
    get_settings.cache_clear()
    try:
        at = search(start(lang), "xqzv blorp")
        assert not [m for m in at.markdown if m.value.startswith("**1.")]
        assert any(w.value.startswith(said) for w in at.warning)
    finally:
        get_settings.cache_clear()


def test_rerun_reuses_the_search_and_logs_its_latency(app_env) -> None:
    from kb.ui.state import latencies

    query = "banca de segundo piso para pymes"
    at = search(start("es"), query)
    first = at.caption[0].value
    at.run()  # a rerun with the same query, filters and interface language
    assert at.caption[0].value.split("·")[1] == first.split("·")[1]  # same measured time
    assert [x.query for x in latencies()].count(query) == 1
    # The interface language is the reader's (a case study's passages in it go first).
    at.selectbox(key="lang").set_value("pt").run()
    assert [x.query for x in latencies()].count(query) == 2
    at.multiselect(key="f_language").set_value(["es"]).run()  # new filters: a new search
    assert [x.query for x in latencies()].count(query) == 3


def test_the_page_says_what_a_query_was_also_searched_as(app_env) -> None:
    """A Spanish query's glossary terms are searched in English and Portuguese too; the page
    says so under the count, in the interface language, and not for a query without any."""
    at = search(start("en"), "garantías de crédito")
    assert [c.value for c in at.caption][1] == "Also searched as: credit guarantee"
    # below the cards, the results as one JSON object (`kb search --json-object`)
    assert [b.label for b in at.get("download_button")] == ["Download results (JSON)"]
    at = search(start("pt"), "capital de trabajo")
    assert at.caption[1].value == "Também pesquisado como: working capital · capital de giro"
    at = search(start("en"), "FOGAPE")
    assert not any("Also searched" in c.value for c in at.caption)


def test_open_program_from_a_hit(app_env) -> None:
    at = search(start("en"), "Korea Credit Guarantee Fund KODIT")
    rank = next(
        m.value[2:].split(".")[0]
        for m in at.markdown
        if m.value.startswith("**") and "KODIT" in m.value
    )
    at.button(key=f"hit-{rank}-prog").click().run()
    assert not at.exception
    assert at.title[0].value == "Program"
    assert "KODIT" in at.header[0].value


def test_a_comparison_gathered_from_search_results(app_env) -> None:
    """A meeting organiser adds programs to the comparison from the results, then opens it."""
    at = search(start("en"), "credit guarantee fund for small firms")
    cards = [
        b.key for b in at.button if b.key and b.key.startswith("hit-") and b.key.endswith("-cmp")
    ]
    assert len(cards) >= 2, "case-study cards offer Compare"
    for key in cards[:2]:
        at.button(key=key).click().run()
        assert not at.exception
    picked = at.session_state["compare_pick"]
    assert len(picked) == 2 and "added to the comparison (2 of 5)" in at.toast[-1].value
    assert at.button(key=cards[0]).disabled  # already in it
    goto(at, "compare")
    assert at.session_state["compare_pick"] == picked
    assert at.query_params["ids"] == ",".join(picked)
    assert "**Country**" in [m.value for m in at.markdown]


def test_filters_restrict_and_explain_empty_results(app_env) -> None:
    at = search(start("es"), "garantías")
    at.multiselect(key="f_country").set_value(["KOR"]).run()
    idx = Index.load(Path(app_env["KB_INDEX_DIR"]) / "corpus")
    table = programs_by_id(Path(get_settings().corpus_dir) / "programs")
    korean = {  # a case study is titled by its name in the user's language
        esc(table[d.program.id].name_in("es") if d.program else d.title)
        for d in idx.docs.values()
        if "KOR" in d.countries or (d.program is not None and d.program.country == "KOR")
    }
    titles = [  # a card's head: "**1. Title**" (then " · p. N" for a PDF)
        m.value[2:].split("**")[0].split(". ", 1)[1]
        for m in at.markdown
        if re.match(r"\*\*\d+\. ", m.value)
    ]
    assert titles and set(titles) <= korean
    at.multiselect(key="f_doc_type").set_value(["text"]).run()  # only the markup note: no KOR
    assert not at.text
    warning = at.warning[0].value
    assert "Ningún documento cumple" in warning and "País: 1" in warning
    assert "Tipo de documento: 1" in warning


def test_case_study_bold_marks_are_not_shown(app_env) -> None:
    # EXIM Thailand's Spanish summary holds "**financiamiento a la exportación**"
    at = search(start("es"), "Reúne bajo un mismo techo financiamiento a la exportación")
    passages = [x.value for x in at.text]
    assert any("financiamiento a la exportación" in p for p in passages)
    assert not any("**" in p for p in passages)


def test_document_markup_is_shown_as_text(app_env) -> None:
    at = search(start("es"), MARKER)
    shown = [x.value for x in at.text]
    assert any(SCRIPT in x and IMG in x for x in shown)
    # titles are escaped before they enter Markdown: no raw tag reaches a Markdown element
    for md in [*at.markdown, *at.caption]:
        assert not re.search(r"(?<!\\)<", md.value), md.value
    assert any("\\<img src\\=x onerror\\=alert\\(1\\)\\>" in m.value for m in at.markdown)
    assert not any("nan" in c.value.split(" · ") for c in at.caption)  # the note has no year


# ---- recommend ---------------------------------------------------------------------------
def fill_profile(at: AppTest, country: str, needs: list[str], text: str = "") -> AppTest:
    at.selectbox(key="p_country").set_value(country)
    at.multiselect(key="p_needs").set_value(needs)
    at.text_area(key="p_text").input(text)
    at.radio(key="p_cond_credit-bureau").set_value("no")
    button(at, "Recomendar" if at.session_state["lang"] == "es" else "Recommend").click().run()
    assert not at.exception, at.exception
    return at


def test_recommend_for_a_profile(app_env) -> None:
    at = fill_profile(
        goto(start("es"), "recommend"),
        "HND",
        ["access-to-credit"],
        "Las pymes no tienen garantías y los bancos no les prestan",
    )
    cards = [m.value for m in at.markdown if m.value.startswith("#### ")]
    assert len(cards) == 8 and cards[0].startswith("#### 1. ")
    reasons = [m.value for m in at.markdown if m.value.startswith("**Por qué**")]
    assert "Atiende directamente su necesidad “Acceso al crédito”" in reasons[0]
    # the profile said there is no credit bureau: programs that need one are flagged
    assert any(
        "Un buró o central de riesgos operativo: no existe" in m.value
        for m in at.markdown
        if m.value.startswith(":red-badge")
    )
    assert any(m.value.startswith(":green-badge[:material/fact_check:") for m in at.markdown)
    # case studies are cited by their section: they have no pages
    assert any(c.value.startswith("— ") and "sección «" in c.value for c in at.caption)
    assert not any(c.value.startswith("— ") and ", p. 1" in c.value for c in at.caption)
    # unanswered conditions: one summary above the cards, no orange badge on each card
    assert not any("sin información" in m.value for m in at.markdown if "-badge[" in m.value)
    # how many listed and how many in the library serve the need directly, above the cards
    direct = [c.value for c in at.caption if c.value.startswith("“Acceso al crédito” — ")]
    assert len(direct) == 1 and "programas que atienden directamente esta necesidad" in direct[0]
    assert re.search(r": \d+ en esta lista, \d+ en la biblioteca\.$", direct[0])
    unknown = [i.value for i in at.info if i.value.startswith("Su perfil no dice")]
    assert len(unknown) == 1 and "Presupuesto para capitalizar fondos" in unknown[0]
    assert at.get("plotly_chart")
    profile = at.session_state["kb_profile"]
    assert profile.country == "HND" and profile.conditions == {"credit-bureau": "no"}
    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Guardar perfil (YAML)", "Descargar resultados (JSON)"]
    assert not any("Honduras" in c for c in cards)  # own-country programs are left out


def test_profile_from_measure_fills_the_form(app_env) -> None:
    handed = Profile.model_validate(
        {"country": "CHL", "needs": ["export-market-entry"], "text": "pocas exportan"}
    )
    at = goto(start("es", profile_yaml=handed.to_yaml()), "recommend")
    assert at.selectbox(key="p_country").value == "CHL"
    assert at.multiselect(key="p_needs").value == ["export-market-entry"]
    assert at.text_area(key="p_text").value == "pocas exportan"
    assert "profile_yaml" not in at.session_state


def test_measure_gaps_open_recommend(app_env) -> None:
    at = goto(start("es"), "measure")
    button(at, "Probar con un panel sintético de ejemplo").click().run()
    next(s for s in at.selectbox if s.label == "País de los datos").set_value("PER").run()
    button(at, "Usar estas brechas en Recomendar").click().run()
    assert not at.exception
    assert at.title[0].value == "Programas de los que aprender"
    assert at.selectbox(key="p_country").value == "PER"


# ---- program, compare, brief -------------------------------------------------------------
def test_program_page_fields_text_and_mentions(app_env) -> None:
    at = goto(start("es", program_id="chl-fogape"), "program")
    assert "FOGAPE" in at.header[0].value
    facts = next(m.value for m in at.markdown if m.value.startswith("- **Identificador:**"))
    for label in (
        "País:** Chile",
        "Institución:**",
        "Instrumentos:** Garantía de crédito",
        "Evidencia:**",
    ):
        assert label in facts
    assert len(at.expander) >= 5 and any(len(x.value) > 200 for x in at.text)
    mentions = [c.value for c in at.caption if c.value.startswith("— ")]
    assert mentions, "the credit-guarantee policy note names FOGAPE"
    assert at.query_params["id"] == "chl-fogape"
    # a source's address opens: the evaluation FOGAPE's case study cites, as a link
    refs = next(m.value for m in at.markdown if "Cowan" in m.value)
    assert "](https://doi.org/10.1016/j.jbankfin.2015.04.024)" in refs


def test_a_source_address_is_one_link_whatever_it_holds() -> None:
    doi = "https://doi.org/10.1016/S0304-3878(02)00045-1"
    assert md_link(doi).endswith("(https://doi.org/10.1016/S0304-3878%2802%2900045-1)")
    assert md_link(doi).count("](") == 1
    forged = "https://x.org/a)[click](javascript:alert(1)"
    assert md_link(forged).count("](") == 1 and "javascript:alert(1)" not in md_link(forged)
    assert "](" not in md_link("javascript:alert(1)")


def test_compare_two_programs(app_env) -> None:
    at = goto(start("en"), "compare")
    assert at.info[0].value == "Pick at least two programs."
    at.selectbox(key="compare_pick_add").set_value("chl-fogape").run()
    at.selectbox(key="compare_pick_add").set_value("kor-kodit").run()
    assert at.session_state["compare_pick"] == ["chl-fogape", "kor-kodit"]  # one at a time
    labels = [m.value for m in at.markdown if m.value.startswith("**")]
    assert "**Country**" in labels and "**How it works**" in labels and "**Sources**" in labels
    assert any(m.value == "Chile" for m in at.markdown)
    at.button(key="compare_pick_rm_kor-kodit").click().run()  # remove one: back to one
    assert at.session_state["compare_pick"] == ["chl-fogape"]
    at.selectbox(key="compare_pick_add").set_value("kor-kodit").run()
    assert [b.label for b in at.get("download_button")] == ["Download CSV", "Download XLSX"]


def test_a_comparison_opens_from_its_link_and_keeps_it(app_env) -> None:
    """A meeting organiser sends the page's link: it names the programs compared; an id not in
    the corpus is named in a warning, and the link follows what is added afterwards."""
    at = start("en")
    at.query_params["ids"] = "chl-fogape,no-such-program,kor-kodit"
    goto(at, "compare")
    assert at.session_state["compare_pick"] == ["chl-fogape", "kor-kodit"]
    assert "no-such-program" in at.warning[0].value
    assert any(m.value == "Chile" for m in at.markdown)  # the comparison is drawn
    assert at.query_params["ids"] == "chl-fogape,kor-kodit"
    at.selectbox(key="compare_pick_add").set_value("ind-cgtmse").run()
    assert at.session_state["compare_pick"] == ["chl-fogape", "kor-kodit", "ind-cgtmse"]
    assert at.query_params["ids"] == "chl-fogape,kor-kodit,ind-cgtmse"
    assert not at.warning  # said once, when the link was opened


def test_brief_from_a_selection(app_env) -> None:
    at = goto(start("en"), "brief")
    assert at.radio(key="brief_source").value == "selection"
    at.selectbox(key="brief_pick_add").set_value("chl-fogape").run()
    at.selectbox(key="brief_pick_add").set_value("ind-cgtmse").run()
    at.button(key="brief_build").click().run()
    assert not at.exception
    labels = [b.label for b in at.get("download_button")]
    assert labels[:2] == ["Download DOCX", "Download Markdown"]
    assert at.subheader[0].value == "FOGAPE and CGTMSE\\: programs compared"  # escaped
    assert len(at.expander) == 2


def test_brief_from_the_recommend_profile(app_env) -> None:
    at = fill_profile(goto(start("es"), "recommend"), "GTM", ["export-finance"])
    button(at, "Hacer un informe con estos programas").click().run()
    assert at.title[0].value == "Informe para una reunión"
    assert at.radio(key="brief_source").value == "profile"
    switch_to(at, "brief")  # AppTest would otherwise rerun the page it was last sent to
    at.button(key="brief_build").click().run()
    assert "Guatemala" in at.subheader[0].value
    assert any("**País:** Guatemala" in m.value for m in at.markdown)


# ---- insights, status, first run ---------------------------------------------------------
def test_insights_charts_and_country_reference(app_env) -> None:
    at = goto(start("pt"), "insights")
    assert (
        len(at.get("plotly_chart")) == 6
    )  # 4 of the corpus (the map drawn twice: wide, phone) + coverage
    ref = at.dataframe[0].value
    row = ref[ref["ISO3"] == "HND"].iloc[0]
    assert row["País"] == "Honduras" and row["Grupo de renda"] == "renda média baixa"
    n = len(list((PROJECT_ROOT / "corpus" / "programs").glob("*.md")))
    assert at.metric[0].value == str(n)
    assert at.selectbox(key="insights_param").value == "guarantee_coverage"
    params = at.dataframe[1].value
    kodit = params[params["Programas"].str.contains("KODIT")].iloc[0]
    assert kodit["Valor"] == "70–85 %" and kodit["Ano"] == "—"
    assert kodit["O que diz a fonte"].startswith("Empréstimos bancários: 70–85 %")
    at.selectbox(key="insights_param").set_value("budget").run()
    assert not at.exception and "2021" in set(at.dataframe[1].value["Ano"])


def test_the_corpus_charts_name_programs_in_the_readers_language() -> None:
    """The Insights page listed the regional programs by their English names on a Portuguese
    page ("ADB Trade and Supply Chain Finance Program")."""
    from kb.answer.recommend import programs_by_id
    from kb.ui.pages.insights import program_frame

    table = programs_by_id(PROJECT_ROOT / "corpus" / "programs")
    names = program_frame(table, "pt").drop_duplicates("program").set_index("program")["name"]
    assert names["adb-tscfp"] == table["adb-tscfp"].name_in("pt") != table["adb-tscfp"].name
    assert names["kor-kodit"] == "Fundo Coreano de Garantia de Crédito (KODIT)"


def test_parameter_frame_keeps_one_unit_on_the_chart() -> None:
    from kb.answer.recommend import programs_by_id
    from kb.ui.pages.insights import chartable, parameter_frame

    table = programs_by_id(PROJECT_ROOT / "corpus" / "programs")
    df = parameter_frame(table, "max_amount", "en")
    stating = [p for p in table.values() if p.meta.parameters.max_amount is not None]
    assert sorted(df["program"]) == sorted(p.id for p in stating)
    shown = chartable(df)
    assert len(shown) >= 2 and shown["currency"].nunique() == 1 and shown["unit"].nunique() == 1
    assert (shown["low"] <= shown["high"]).all()


SECRET_QUERY = "quokka overdraft lending"  # in no document, so only the query log can show it


def _page_text(at: AppTest) -> str:
    parts = [e.value for e in [*at.markdown, *at.caption, *at.text] if isinstance(e.value, str)]
    parts += [df.value.to_csv() for df in at.dataframe]
    return "\n".join(parts)


def test_status_hides_queries_paths_and_internals_from_anonymous_visitors(app_env) -> None:
    at = search(start("en"), SECRET_QUERY)
    goto(at, "status")
    idx = Index.load(Path(app_env["KB_INDEX_DIR"]) / "corpus")
    assert at.metric[0].value == str(len(idx.docs))
    shown = _page_text(at)
    assert SECRET_QUERY not in shown
    assert app_env["KB_INDEX_DIR"] not in shown and idx.manifest.encoder not in shown
    assert idx.manifest.version not in shown
    assert "signed-in curators" in shown
    assert "policy note" in shown and "Spanish" in shown  # types and languages as words


def test_status_shows_index_and_latency_to_a_signed_in_curator(app_env) -> None:
    at = search(start("en", authentication_status=True, username="ana"), SECRET_QUERY)
    goto(at, "status")
    idx = Index.load(Path(app_env["KB_INDEX_DIR"]) / "corpus")
    assert at.metric[0].value == str(len(idx.docs))
    assert f"`{idx.manifest.encoder}`" in at.markdown[0].value
    assert f" · {idx.manifest.vector_storage} · " in at.markdown[0].value
    lat = at.dataframe[0].value
    assert SECRET_QUERY in set(lat["Query"])


def _tiny_corpus(tmp_path: Path) -> Path:
    corpus = tmp_path / "corpus"
    (corpus / "programs").mkdir(parents=True)
    (corpus / "documents").mkdir()
    for pid in ("chl-fogape", "kor-kodit"):
        src = PROJECT_ROOT / "corpus" / "programs" / f"{pid}.md"
        (corpus / "programs" / src.name).write_text(src.read_text(encoding="utf-8"))
    return corpus


def test_first_run_builds_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = _tiny_corpus(tmp_path)
    env = {
        "KB_INDEX_DIR": str(tmp_path / "idx"),
        "KB_CACHE_DIR": str(tmp_path / "cache"),
        "KB_ENCODER": "hash-256",
        "KB_CORPUS_DIR": str(corpus),
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()
    try:
        at = start("en")
        assert Index.exists(tmp_path / "idx" / "corpus")
        assert at.title[0].value == "Search the library"
        search(at, "credit guarantee")
        heads = [m.value for m in at.markdown if m.value.startswith("**")]
        titles = {h.split("** ·")[0].split(". ", 1)[1] for h in heads}
        assert len(titles) == 2 and any("KODIT" in h for h in titles)
    finally:
        get_settings.cache_clear()


@pytest.mark.parametrize("name", ["measure", "evaluate", "curate"])
def test_pages_of_other_modules_open_in_the_app(app_env, name: str) -> None:
    at = goto(start("en"), name)
    assert at.title or at.header
    nav = at.session_state["_kb_pages"]
    assert name in nav and nav[name].title == i18n.t(f"nav_{name}", "en")


def test_index_of_another_encoder_is_explained_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus = _tiny_corpus(tmp_path)
    for k, v in {
        "KB_INDEX_DIR": str(tmp_path / "idx"),
        "KB_CACHE_DIR": str(tmp_path / "cache"),
        "KB_ENCODER": "hash-256",
        "KB_CORPUS_DIR": str(corpus),
    }.items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()
    try:
        start("en")  # builds with hash-256
        monkeypatch.setenv("KB_ENCODER", "hash-128")  # then the configured encoder changes
        get_settings.cache_clear()
        at = start("en")
        assert "was built with encoder 'hash-256' but 'hash-128'" in at.error[0].value
        at.button(key="kb_rebuild").click().run()
        assert not at.exception and not at.error
        assert Index.load(tmp_path / "idx" / "corpus").manifest.encoder == "hash-128"
        assert re.match(r"\d+ sources · ", search(at, "credit guarantee").caption[0].value)
    finally:
        get_settings.cache_clear()


def test_table_hit_is_drawn_as_a_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    corpus = subset_corpus(tmp_path / "corpus", ["chl-fogape"], [])
    (corpus / "documents" / "tabla.html").write_text(
        "<html><body><table><caption>Tabla 1. Programas de garantía</caption>"
        "<tr><th>País</th><th>Programa</th></tr><tr><td>Chile</td><td>FOGAPE quuxtabla</td></tr>"
        "<tr><td>Colombia</td><td>FNG quuxtabla</td></tr></table></body></html>",
        encoding="utf-8",
    )
    for k, v in build_app_index(tmp_path, corpus_dir=corpus).items():
        monkeypatch.setenv(k, v)
    get_settings.cache_clear()
    try:
        at = search(start("es"), "quuxtabla")
    finally:
        get_settings.cache_clear()
    # captions are Markdown, so the caption's "." arrives escaped
    assert any("Tabla 1. Programas de garantía" in c.value.replace("\\", "") for c in at.caption)
    table = at.dataframe[0].value
    assert list(table.columns) == ["País", "Programa"] and len(table) == 2
    assert table.iloc[0]["Programa"] == "FOGAPE quuxtabla"
