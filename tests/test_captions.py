"""A saved page's dateline and its credited photo captions are not its prose: they go, and the
paragraphs around them stay."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.captions import credited
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page, write

BODY = (
    "La pandemia dejó consecuencias económicas y sociales en las pequeñas empresas. Los "
    "recursos financieros quedaron limitados y hubo que optimizar los que había."
)
PAGES = DATAKIT / "undp-acclab" / "pages"


@pytest.mark.parametrize(
    "line",
    [
        "Photo: Katherine Hawtin",
        "Foto: AccLabs Py",
        "Photo by William Hook on Unsplash",
        "Crédito de la foto: Juan Pérez",
        "A Druto Loan representative helping out an SME entrepreneur ©UNDP Bangladesh",
        "Focus group discussion with local producers. Photo credit: Juddy Lasius",
        "Aggregator Warehouse: Photo Credit: Alex Feazi.",
    ],
)
def test_a_credited_caption_is_found(line: str) -> None:
    assert credited(line)


@pytest.mark.parametrize(
    "line",
    [
        "realizado con el software LEAP©2, tomando a 2011 como año base y a",  # a trademark
        "Access to credit: Banco Nacional",  # credit, the finance
        "Créditos: Banco Nacional",  # a bare label lists instruments as often as credits
        "Tomamos una foto de grupo con las artesanas",  # a caption's own words
        "El crédito: una herramienta clave para las pymes",
        "Photo: the workshop held with twelve producer associations from the three provinces",
    ],
)
def test_words_that_are_not_a_credit_are_not_a_caption(line: str) -> None:
    assert not credited(line)


def test_a_paragraph_ending_with_a_credit_is_not_a_caption() -> None:
    paragraph = " ".join([BODY] * 2) + " ©UNDP Bangladesh"
    assert not credited(paragraph)


@pytest.mark.parametrize("date", ["APRIL 8, 2021", "6 de Abril de 2022", "25 DE JULIO DE 2023"])
def test_a_dateline_between_the_teaser_and_the_article_goes(tmp_path: Path, date: str) -> None:
    teaser = "Cómo la asociatividad entre MIPYMES mejora el rendimiento de un clúster."
    doc = parsed_page(tmp_path, f"{teaser}\n{date}\nFoto: AccLabs Py\n{BODY}\n")
    assert date not in doc.text and "AccLabs" not in doc.text
    assert body_paragraphs(doc) == [f"{teaser}\n{BODY}"], body_paragraphs(doc)


def test_a_section_title_after_a_caption_stays_a_title(tmp_path: Path) -> None:
    """The caption is dropped after the page's titles are found with it in place: dropped
    before, it left the title first in its paragraph, where a line is never taken for one."""
    lines = [
        "The pilot trained twenty rural producers to sell online during the lockdown.",
        "Producers photographed their goods and listed them on a shared storefront page.",
        "Maxis provided training on WhatsApp Business. Photo credit: Yin Wei",
        "4. Pivoting and Navigating Trade-offs under Crisis",
        "The team learnt to keep workplans agile and to set contingencies from the onset.",
    ]
    doc = parsed_page(tmp_path, "\n".join(lines) + "\n")
    blocks = [(b.kind, b.text) for b in doc.pages[0].blocks]
    assert ("heading", lines[3]) in blocks, blocks
    assert all("Yin Wei" not in text for _, text in blocks)


def test_a_sentence_holding_a_date_stays(tmp_path: Path) -> None:
    said = "El programa abrió su convocatoria el 6 de abril de 2022 para 300 talleres."
    assert said in parsed_page(tmp_path, f"{said}\n\n{BODY}\n").text


def test_an_html_figure_loses_a_credited_caption_and_keeps_another(tmp_path: Path) -> None:
    html = (
        "<html><body><article><p>Rural producers sold online for the first time during the "
        "lockdown, with training from a telecom operator.</p><figure><figcaption>Focus group "
        "with local producers. Photo credit: Juddy Lasius</figcaption></figure>"
        "<figure><figcaption>Chart 2. Online sales by month</figcaption></figure></article>"
        "</body></html>"
    )
    doc = parse_file(write(tmp_path / "page.html", html))[0]
    assert "Focus group" not in doc.text and "Lasius" not in doc.text
    assert "Chart 2. Online sales by month" in doc.text and "Rural producers sold" in doc.text


@needs_datakit
def test_real_pages_lose_their_captions_and_dates_but_not_their_prose() -> None:
    bangladesh = next(PAGES.glob("blog_what_we_learnt_from_a_three-month*.md"))
    chunks = chunk_document(parse_file(bangladesh)[0])
    text = " ".join(c.text for c in chunks)
    for furniture in ("©UNDP", "December 31, 2023", "helping out an SME entrepreneur"):
        assert furniture not in text, furniture
    for prose in ("credit scoring engine", "In the rural district of Thakurgaon"):
        assert prose in text, prose
    ecommerce = next(PAGES.glob("blog_e-commerce_for_rural_development*.md"))
    headings = [
        b.text for p in parse_file(ecommerce)[0].pages for b in p.blocks if b.kind == "heading"
    ]
    assert "4. Pivoting and Navigating Trade-offs under Crisis" in headings
    cambodia = next(PAGES.glob("blog_counting_the_cost_of_covid-19*.md"))
    first = chunk_document(parse_file(cambodia)[0])[0].text
    assert first.startswith("In our survey of 1,400 informal workers"), first[:80]
