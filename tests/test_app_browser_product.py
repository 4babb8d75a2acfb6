"""Issue 15 in a real Chromium: the cited page viewer, Compare at desktop and phone widths,
and the Recommend map. The app is served by `streamlit run` over a small index (the fake
encoder: these tests look at the pages, not at ranking) holding case studies and a real
three-page PDF from ../shared/datakit."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from kb.curate.batch import Pipeline
from kb.settings import get_settings
from kb.vocab import problems
from tests.support.app_index import build_app_index, subset_corpus
from tests.support.browser import settle
from tests.support.servers import CHROMIUM, serve_streamlit

DATAKIT = Path(__file__).resolve().parents[1].parent / "shared" / "datakit"
PDF = DATAKIT / "pdfs" / "026-latex-multicolumn" / "multicolumn.pdf"
PROGRAMS = ["chl-fogape", "kor-kodit", "col-fng", "jpn-credit-guarantee-corporations"]
WAIT = 120_000

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
    pytest.mark.skipif(not PDF.is_file(), reason="../shared/datakit not present"),
]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    tmp = tmp_path_factory.mktemp("product")
    corpus = subset_corpus(tmp / "corpus", PROGRAMS, ["garantias-de-credito-diseno.md"])
    small = {"KB_CHUNK_WORDS": "30", "KB_CHUNK_OVERLAP_WORDS": "5"}  # a passage on p. 3 alone
    env = {**build_app_index(tmp, corpus_dir=corpus), **small}
    s = get_settings().with_(
        index_dir=tmp / "indexes", cache_dir=tmp / "cache", encoder="hash-256", chunk_words=30
    )
    Pipeline(s.with_(chunk_overlap_words=5)).ingest_paths([PDF.resolve()], s.default_index)
    with serve_streamlit("app.py", env, tmp) as url:
        yield url


def _page(browser: Any, width: int, height: int = 1400) -> Any:
    ctx = browser.new_context(viewport={"width": width, "height": height})
    return ctx.new_page()


def test_a_hit_on_page_3_opens_page_3_highlighted(server: str, browser: Any) -> None:
    pg = _page(browser, 1280, 2200)
    pg.goto(f"{server}/?lang=en")
    box = pg.get_by_role("textbox", name="Query")
    box.wait_for(timeout=WAIT)
    box.fill("Table 1: EU Countries Information, Country Population: Austria Vienna Belgium")
    box.press("Enter")
    settle(pg)
    nav = pg.locator('[data-testid="stSidebarNav"]').inner_text()
    assert "Search" in nav and "Cited page" not in nav  # reached through citations only
    # the card is titled by the PDF's own title (its metadata), not the file name
    head = pg.get_by_text(re.compile(r"Two-Column Document with Lorem Ipsum · p\. 3$")).first
    card = head.locator("xpath=ancestor::div[@data-testid='stVerticalBlock'][1]")
    card.get_by_text("See the cited page").click()
    pg.get_by_text("Page 3 of 3").wait_for(timeout=WAIT)
    settle(pg)
    assert "multicolumn.pdf" in pg.locator('[data-testid="stMain"]').inner_text()
    assert "doc=" in pg.url and "lang=en" in pg.url
    images = pg.locator('[data-testid="stImage"] img')
    assert images.count() == 2  # the passage enlarged, then the whole page
    crop, page = (images.nth(i).evaluate("i => [i.naturalWidth, i.naturalHeight]") for i in (0, 1))
    assert page[0] > 800 and page[1] > page[0]  # a portrait A4 page, not an icon
    assert crop[1] < page[1] / 3  # the table on page 3, not the page again
    pg.context.close()


def _add(pg: Any, label: str, name: str) -> None:
    box = pg.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    box.locator("input").first.click()
    pg.keyboard.type(name)
    pg.keyboard.press("Enter")
    settle(pg)


def test_compare_three_side_by_side_with_aligned_rows(server: str, browser: Any) -> None:
    pg = _page(browser, 1280, 3000)
    pg.goto(f"{server}/compare?lang=es")
    settle(pg)
    _add(pg, "Añadir un programa", "garant")  # a loose match: Enter adds only the first
    chips = pg.locator('[data-testid="stButton"]').filter(has_text="close")
    assert chips.count() == 1
    for name in ("KODIT", "FNG"):
        _add(pg, "Añadir un programa", name)
    assert chips.count() == 3
    grid = pg.locator(".st-key-cmp_grid")
    assert grid.is_visible() and not pg.locator(".st-key-cmp_cards").is_visible()
    rows = grid.locator('[data-testid="stHorizontalBlock"]')
    labels = [rows.nth(i).locator("p").first.inner_text() for i in range(rows.count())]
    for wanted in ("País", "Institución", "Años", "Cómo funciona", "Evidencia", "Fuentes"):
        assert wanted in labels
    how = rows.nth(labels.index("Cómo funciona"))
    cells = how.locator('[data-testid="stColumn"]')
    assert cells.count() == 4
    tops = [cells.nth(i).bounding_box()["y"] for i in range(4)]
    assert max(tops) - min(tops) < 2  # one row across the three programs
    right = cells.nth(3).bounding_box()
    assert right["x"] + right["width"] <= 1280  # the third program is fully on screen
    pg.context.close()


def test_compare_stacks_as_cards_on_a_phone(server: str, browser: Any) -> None:
    pg = _page(browser, 390, 1600)
    pg.goto(f"{server}/compare?lang=pt")
    settle(pg)
    for name in ("FOGAPE", "KODIT"):
        _add(pg, "Adicionar um programa", name)
    cards = pg.locator(".st-key-cmp_cards")
    assert cards.is_visible() and not pg.locator(".st-key-cmp_grid").is_visible()
    boxes = cards.locator('[class*="st-key-cmp_card_"]')
    assert boxes.count() == 2
    first, second = (boxes.nth(i).bounding_box() for i in range(2))
    assert second["y"] > first["y"] + first["height"] - 1  # one under the other
    assert first["width"] <= 390
    pg.context.close()


def _honduras_profile(browser: Any, width: int, server: str) -> Any:
    """The Recommend page in Spanish with Honduras chosen, its form drawn."""
    pg = _page(browser, width, 2400)
    pg.goto(f"{server}/recommend?lang=es")
    settle(pg)
    sel = pg.locator('[data-testid="stSelectbox"]').filter(has_text="Su país").first
    sel.locator("input").first.click()
    pg.keyboard.type("Honduras")
    pg.keyboard.press("Enter")
    pg.get_by_text("¿Funciona un buró o central de riesgos de crédito?").wait_for()
    return pg


def test_recommend_map_marks_the_country(server: str, browser: Any) -> None:
    pg = _honduras_profile(browser, 390, server)
    pg.locator('[data-testid="stFormSubmitButton"] button').first.click()
    settle(pg)
    chart = pg.locator('.st-key-map_phone [data-testid="stPlotlyChart"]')  # a phone's map
    assert not pg.locator(".st-key-map_wide").is_visible()
    chart.wait_for(timeout=WAIT)
    assert "Honduras (su país)" in chart.inner_text()
    assert chart.bounding_box()["width"] <= 390
    assert pg.get_by_text("Su perfil no dice si su país tiene").count() == 1
    pg.context.close()


def test_needs_read_from_the_text_can_be_put_in_the_form(server: str, browser: Any) -> None:
    """A profile told only in words: the page suggests the needs it read, from which words, and
    one press puts them in the form's needs, to be kept or changed."""
    pg = _honduras_profile(browser, 1300, server)
    words = problems.NEED_PROBLEMS["access-to-credit"]["es"]
    pg.locator("textarea").first.fill(words)
    pg.locator('[data-testid="stFormSubmitButton"] button').first.click()
    settle(pg)
    read = pg.locator('[data-testid="stAlert"]').filter(has_text="Su texto parece describir")
    read.wait_for(timeout=WAIT)
    assert f"Acceso al crédito («{words}»)" in read.inner_text()
    assert "pulse «Usar estas necesidades» y luego «Recomendar»" in read.inner_text()
    needs = pg.locator('[data-testid="stMultiSelect"]').filter(has_text="Necesidades").first
    assert "Acceso al crédito" not in needs.inner_text()
    pg.get_by_role("button", name="Usar estas necesidades").click()
    settle(pg)
    assert "Acceso al crédito" in needs.inner_text()
    pg.context.close()
