"""The places a query names, and the place filter kb offers when the sources shown are from
elsewhere (kb/answer/places.py): in the library, the CLI, its JSON and the app, es/en/pt."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from kb.answer.hits import answer_object
from kb.answer.places import PlacesNamed, place_names, place_tip, places_named
from kb.answer.recommend import programs_by_id
from kb.answer.search import Searcher
from kb.cli import app
from kb.cli.search_output import place_tip_line
from kb.settings import PROJECT_ROOT, Settings
from kb.store.filters import Filters
from kb.ui.state import esc
from kb.vocab.countries import REGION_CODES, is_asian
from tests.support.app_index import subset_env
from tests.support.searchers import indexed_files

ASIA = (REGION_CODES["EAP"], REGION_CODES["SAS"], REGION_CODES["ASIA"])
LAC = (REGION_CODES["LAC"],)
WINDOWS = [
    "sgp-tradenet",
    "hkg-tsw",
    "idn-insw",
    "vnm-national-single-window",
    "bra-portal-unico",
    "mex-vucem",
    "per-vuce",
    "col-vuce",
    "dom-vuce",
    "adb-tscfp",
    "lac-idb-tffp",
]
runner = CliRunner()


@pytest.mark.parametrize(
    ("query", "named"),
    [
        ("ventanilla única de comercio exterior en Asia", PlacesNamed((), ASIA)),
        ("apoio a pequenas empresas para entrar em mercados asiáticos", PlacesNamed((), ASIA)),
        ("single windows in Southeast Asia", PlacesNamed((), (REGION_CODES["EAP"],))),
        ("helping Latin American food exporters", PlacesNamed((), LAC)),
        ("crédito para pymes del Caribe", PlacesNamed((), LAC)),
        ("How did Korea help SMEs get credit?", PlacesNamed(("KOR",))),
        ("programa coreano de fábricas inteligentes", PlacesNamed(("KOR",))),
        ("garantías de Corea del Sur y Japón", PlacesNamed(("KOR", "JPN"))),
        ("capital de giro para PMEs brasileiras", PlacesNamed(("BRA",))),
        ("registro de empresas na Índia", PlacesNamed(("IND",))),
        ("ferias comerciales en Trinidad y Tobago", PlacesNamed(("TTO",))),
        ("centros de apoyo en El Salvador", PlacesNamed(("SLV",))),
        # words that are country codes elsewhere (es, de, in, pt, no, co) name nothing
        ("qué es de la pyme in pt no co", PlacesNamed()),
        ("garantías de crédito para pymes", PlacesNamed()),
    ],
)
def test_places_named_by_name_demonym_and_region_in_three_languages(
    query: str, named: PlacesNamed
) -> None:
    assert places_named(query) == named


def test_an_economy_named_narrows_the_filter_and_asia_reads_as_asia() -> None:
    from kb import api

    both = places_named("programas coreanos en Asia")
    assert both.filters() == Filters(countries=("KOR",))
    assert api.places_named("garantías coreanas en Asia").filters() == Filters(countries=("KOR",))
    # the object of --json-object, --from-file and the app's download carries them
    row = answer_object("garantías coreanas en Asia", [], [])
    assert row["places_named"] == {"countries": ["KOR"], "regions": list(ASIA)}
    assert places_named("export credit in Asia").filters(Filters(languages=("en",))) == Filters(
        regions=ASIA, languages=("en",)
    )
    asia = places_named("mercados asiáticos")
    assert [place_names(asia, lang) for lang in ("es", "en", "pt")] == [
        ["Asia"],
        ["Asia"],
        ["Ásia"],
    ]
    assert place_names(places_named("Corea y Japón"), "pt") == ["República da Coreia", "Japão"]
    assert place_names(places_named("Caribbean exporters"), "es") == ["América Latina y el Caribe"]


def test_the_tip_counts_the_sources_shown_from_elsewhere(corpus_searcher: Searcher) -> None:
    both = Filters(countries=("BRA", "SGP", "MEX"), doc_types=("program",))
    hits = corpus_searcher.search("single window", 10, both)
    elsewhere = [h for h in hits if h.country != "SGP"]
    assert hits and elsewhere and len(elsewhere) < len(hits)
    tip = place_tip(corpus_searcher.index, "single window in Asia", hits, None)
    assert tip is not None and tip.places.regions == ASIA
    assert (tip.outside, tip.unplaced, tip.shown) == (len(elsewhere), 0, len(hits))
    # no tip: a place filter already set, no place named, or nothing shown from elsewhere
    index = corpus_searcher.index
    assert place_tip(index, "single window in Asia", hits, Filters(regions=LAC)) is None
    assert place_tip(index, "single window", hits, None) is None
    asian = [h for h in hits if h.country == "SGP"]
    assert place_tip(index, "single window in Asia", asian, None) is None
    # nor when the index holds nothing from the places named
    assert place_tip(index, "single window in Fiji", hits, None) is None


def test_cli_offers_the_filter_and_json_names_the_places(cli_env: Path) -> None:
    assert runner.invoke(app, ["build"]).exit_code == 0
    query = "single window in Asia"
    listed = json.loads(runner.invoke(app, ["search", query, "--json"]).stdout)
    elsewhere = [h for h in listed if not _asian(h)]
    text = runner.invoke(app, ["search", query]).stdout
    assert elsewhere, "the fake encoder's answer should mix regions"
    line = f"the query names Asia; sources shown from elsewhere: {len(elsewhere)} of {len(listed)};"
    assert line in text
    assert text.rstrip().endswith("only sources from there: --region asia")
    args = ["--region", "asia"]
    # the same answer as the three regions by code and by name
    same = ["--region", "EAP", "--region", "sas", "--region", ASIA[2], "--json"]
    by_code = runner.invoke(app, ["search", query, *same]).stdout
    assert by_code == runner.invoke(app, ["search", query, *args, "--json"]).stdout
    only = runner.invoke(app, ["search", query, *args, "--json"])
    assert all(h["region"] in ASIA for h in json.loads(only.stdout) if h.get("program_id"))
    assert "the query names" not in runner.invoke(app, ["search", query, *args]).stdout
    res = runner.invoke(app, ["search", query, "--region", "Asie"])
    assert res.exit_code == 2 and "unknown region 'Asie'; valid region ids: LAC, EAP" in res.output
    row = json.loads(runner.invoke(app, ["search", query, "--json-object"]).stdout)
    assert row["places_named"] == {"countries": [], "regions": list(ASIA)}
    row = json.loads(runner.invoke(app, ["search", "credit guarantees", "--json-object"]).stdout)
    assert row["places_named"] == {"countries": [], "regions": []}


def _asian(hit: dict[str, object]) -> bool:
    """A JSON hit from Asia, as the region filter reads it (a program's region, else its
    document's countries)."""
    if hit.get("program_id"):
        return hit["region"] in ASIA
    return any(is_asian(str(c)) for c in hit.get("countries") or ())  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def window_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    with subset_env(tmp_path_factory.mktemp("places"), WINDOWS) as env:
        yield env


@pytest.mark.parametrize(
    ("lang", "query", "said", "button"),
    [
        (
            "es",
            "ventanilla única en Asia",
            "La consulta nombra Asia.",
            "Mostrar solo fuentes de: Asia",
        ),
        ("en", "single window in Asia", "The query names Asia.", "Show only sources from: Asia"),
        ("pt", "guichê único na Ásia", "A consulta menciona Ásia.", "Mostrar só fontes de: Ásia"),
    ],
)
def test_app_offers_the_place_filter_in_each_language(
    window_env, lang: str, query: str, said: str, button: str
) -> None:
    at = AppTest.from_file(str(PROJECT_ROOT / "app.py"), default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.text_input(key="q").input(query).run()
    assert not at.exception, at.exception
    assert any(i.value.startswith(said) for i in at.info), [i.value for i in at.info]
    next(b for b in at.button if b.label == button).click().run()
    assert not at.exception, at.exception
    # the regions offered: these case studies hold no South Asian source
    assert set(at.multiselect(key="f_region").value) == {ASIA[0], ASIA[2]}
    assert not any(i.value.startswith(said) for i in at.info)
    cards = [m.value for m in at.markdown if m.value.startswith("**")]
    programs = programs_by_id(Path(window_env["KB_CORPUS_DIR"]) / "programs")
    lac = [
        p for p in programs.values() if p.meta.country in ("BRA", "MEX", "PER", "COL", "DOM", "LAC")
    ]
    names = {esc(p.name_in(x)) for p in lac for x in p.languages}  # as a card writes them
    assert cards and not any(name in card for name in names for card in cards)
    assert any(esc(programs["sgp-tradenet"].name_in(lang)) in card for card in cards), cards


WINDOWS_TEXT = {  # three different texts: a near-duplicate would wait for review, unsearched
    "sgp": "Singapore's single window lets traders file one declaration for every agency.",
    "chl": "Chile built a single window so exporters submit permits once, online, to customs.",
    "record": "A repository record comparing single window designs across several regions.",
}


def test_a_source_without_a_recorded_place_is_counted_apart(settings: Settings) -> None:
    files = {
        f"{name}.md": f"---\ntitle: {title}\n{where}---\n{WINDOWS_TEXT[name]}\n"
        for name, title, where in [
            ("sgp", "Single window of Singapore", "countries: [SGP]\n"),
            ("chl", "Single window of Chile", "countries: [CHL]\n"),
            ("record", "Single windows compared", ""),
        ]
    }
    search = indexed_files(settings, "places", files)()
    hits = search.search("single window", 10, include_weak=True)
    assert len(hits) == 3
    tip = place_tip(search.index, "single windows in Asia", hits, None)
    assert tip is not None and (tip.outside, tip.unplaced, tip.shown) == (1, 1, 3)
    line = place_tip_line(tip)
    assert "sources shown from elsewhere: 1 of 3, 1 without a recorded place" in line
    # only unplaced sources besides the named places': nothing is known to be from elsewhere
    rest = [h for h in hits if h.title != "Single window of Chile"]
    assert place_tip(search.index, "single windows in Asia", rest, None) is None
