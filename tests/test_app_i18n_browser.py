"""Issue 15 in a real Chromium: links keep the interface language, a search URL reproduces the
search, the Index status page shows no queries to anonymous visitors, and Curate asks for a
locked PDF's password in the page and names duplicates.

The app is served by `streamlit run` over a small subset of the shipped corpus with the fake
encoder (so the index builds in seconds); the words checked are the app's own labels.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlparse

import pytest

from kb.curate.auth import add_user
from kb.settings import PROJECT_ROOT
from kb.vocab.labels import t
from tests.support.app_index import build_app_index, subset_corpus
from tests.support.browser import click_when_unique, settle, until
from tests.support.servers import CHROMIUM, serve_streamlit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not CHROMIUM.exists(), reason="needs /usr/bin/chromium (apt-get install -y chromium)"
    ),
]
PROGRAMS = ["kor-kodit", "chl-fogape", "jpn-nexi", "bra-pronampe"]
DOCUMENTS = ["garantias-de-credito-diseno.md"]
PASSWORD = "correct horse battery"
SECRET = "quokka overdraft lending"  # a query in no document: only a query log could show it
DATAKIT = PROJECT_ROOT.parent / "shared" / "datakit"
LOCKED_PDF = (
    DATAKIT / "pdfs" / "005-libreoffice-writer-password" / "libreoffice-writer-password.pdf"
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    tmp = tmp_path_factory.mktemp("i18n")
    corpus = subset_corpus(tmp / "corpus", PROGRAMS, DOCUMENTS)
    env = {"HF_HUB_OFFLINE": "1", "TRANSFORMERS_OFFLINE": "1"}
    env.update(build_app_index(tmp, corpus_dir=corpus))
    env["KB_USERS_FILE"] = str(tmp / "users.yaml")
    add_user(tmp / "users.yaml", "dora", PASSWORD)
    with serve_streamlit("app.py", env, tmp) as url:
        yield url, corpus


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1280, "height": 1200})
    yield ctx.new_page()
    ctx.close()


def params(pg: Any) -> dict[str, list[str]]:
    """The address bar's query (Streamlit rewrites it with the history API)."""
    return parse_qs(urlparse(str(pg.evaluate("() => window.location.href"))).query)


def body(pg: Any) -> str:
    return str(pg.locator("[data-testid='stMain']").inner_text())


@pytest.mark.parametrize("lang", ["en", "pt"])
def test_open_program_keeps_the_interface_language(
    page: Any, served: tuple[str, Path], lang: str
) -> None:
    page.goto(f"{served[0]}/?lang={lang}&q=credit+guarantee")
    settle(page)
    page.get_by_role("button", name=t("open_program", lang)).first.click()
    page.get_by_role("heading", name=t("field.agency", lang)).or_(
        page.get_by_text(t("case_text", lang))
    ).first.wait_for(timeout=60_000)
    settle(page)
    assert page.locator("h1").first.inner_text() == t("nav_program", lang)
    assert params(page)["lang"] == [lang] and params(page)["id"]
    assert page.get_by_text(t("ui.page_not_found", lang)).count() == 0
    # the sidebar's page links keep it too
    click_when_unique(page.get_by_role("link", name=t("nav_measure", lang)))
    page.get_by_text(t("ui.template", lang)).wait_for(timeout=60_000)
    assert params(page)["lang"] == [lang]


def test_an_unknown_page_is_said_in_the_interface_language(
    page: Any, served: tuple[str, Path]
) -> None:
    page.goto(f"{served[0]}/no-such-page?lang=pt")
    page.get_by_text(t("ui.page_not_found", "pt")).wait_for(timeout=60_000)
    settle(page)
    assert "Page not found" not in str(page.locator("body").inner_text())
    assert page.locator("h1").first.inner_text() == t("search_title", "pt")


def test_the_search_pages_own_name_opens_it_without_a_dialog(
    page: Any, served: tuple[str, Path]
) -> None:
    """Streamlit serves the default page at "/" only; "/search" (as "/compare" is Compare)
    showed its English "Page not found" dialog over a Portuguese page."""
    page.goto(f"{served[0]}/search?lang=pt")
    page.get_by_role("textbox", name=t("query", "pt")).wait_for(timeout=60_000)
    settle(page)
    body = str(page.locator("body").inner_text())
    assert "Page not found" not in body and t("ui.page_not_found", "pt") not in body
    assert page.locator("h1").first.inner_text() == t("search_title", "pt")


def test_a_search_url_reproduces_the_search(page: Any, served: tuple[str, Path]) -> None:
    page.goto(f"{served[0]}/?lang=es&q=garant%C3%ADas+de+cr%C3%A9dito&country=KOR")
    settle(page)
    box = page.get_by_role("textbox", name=t("query", "es"))
    until(lambda: box.input_value() == "garantías de crédito")
    settle(page)
    assert "República de Corea" in page.locator("section[data-testid='stSidebar']").inner_text()
    heads = page.locator("[data-testid='stMain'] strong").all_inner_texts()
    hits = [h for h in heads if h[:1].isdigit()]
    assert hits and all("Corea" in h or "KODIT" in h or "garantía" in h for h in hits)
    assert "FOGAPE" not in " ".join(hits)  # Chile's program is filtered out
    box.fill("seguro de crédito a la exportación")
    box.press("Enter")
    until(lambda: params(page).get("q") == ["seguro de crédito a la exportación"])
    assert params(page)["country"] == ["KOR"] and params(page)["lang"] == ["es"]


def test_anonymous_status_page_shows_no_queries(browser: Any, served: tuple[str, Path]) -> None:
    first = browser.new_page()
    first.goto(f"{served[0]}/?lang=en&q={SECRET.replace(' ', '+')}")
    settle(first)
    first.close()
    other = browser.new_page()
    other.goto(f"{served[0]}/status?lang=en")
    other.get_by_text(t("st_by_type", "en")).wait_for(timeout=60_000)
    other.get_by_text(t("ui.curators_only", "en")).first.wait_for(timeout=60_000)
    settle(other)
    text = body(other)
    assert SECRET not in text
    assert t("ui.curators_only", "en") in text
    assert str(served[1].parent / "indexes") not in text and "hash-256" not in text
    other.close()


def _sign_in(pg: Any, url: str, lang: str) -> None:
    pg.goto(f"{url}/curate?lang={lang}")
    pg.get_by_role("button", name=t("curate.sign_in", lang)).wait_for(timeout=60_000)
    pg.get_by_role("textbox", name=t("curate.user", lang)).fill("dora")
    pg.get_by_role("textbox", name=t("curate.password", lang)).fill(PASSWORD)
    click_when_unique(pg.get_by_role("button", name=t("curate.sign_in", lang)))
    pg.get_by_role("tab").first.wait_for(timeout=60_000)
    settle(pg)


@pytest.mark.skipif(not LOCKED_PDF.exists(), reason="needs ../shared/datakit")
def test_curate_asks_a_locked_pdf_password_and_names_a_duplicate(
    page: Any, served: tuple[str, Path], tmp_path: Path
) -> None:
    url, corpus = served
    _sign_in(page, url, "es")
    files = page.locator('input[type="file"]')
    until(lambda: files.count() == 1)  # Streamlit may keep the last run's elements a moment
    files.set_input_files(str(LOCKED_PDF))
    page.get_by_text(t("ui.pdf_password", "es")).wait_for(timeout=60_000)
    settle(page)
    assert LOCKED_PDF.name in body(page)
    page.get_by_label(t("ui.pdf_password", "es")).fill("openpassword")
    page.get_by_label(t("ui.pdf_password", "es")).press("Enter")
    settle(page)
    click_when_unique(page.get_by_role("button", name=t("curate.send", "es")))
    page.get_by_text(t("curate.pending_n", "es", n=1)).wait_for(timeout=120_000)
    # the same bytes as an indexed document: refused, the document named by its title
    copy = tmp_path / "copia.md"
    shutil.copy(corpus / "documents" / DOCUMENTS[0], copy)
    until(lambda: files.count() == 1)
    files.set_input_files(str(copy))
    settle(page)
    click_when_unique(page.get_by_role("button", name=t("curate.send", "es")))
    page.get_by_text("copia.md no se agregó").wait_for(timeout=120_000)
    # the locked PDF, still in the upload box, was sent again: said, not silent (each file's
    # outcome is written as it is done, so wait for this one too before reading the page)
    page.get_by_text("ya estaba subido con el mismo contenido").first.wait_for(timeout=120_000)
    settle(page)
    text = body(page)
    assert "Diseño de sistemas de garantía de crédito" in text
    assert "/uploads/" not in text  # never the server's storage path
    assert "ya estaba subido con el mismo contenido" in text
