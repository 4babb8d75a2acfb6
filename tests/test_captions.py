"""A saved page's dateline and photo credits are not its prose: the date goes, a credit goes,
and a caption stays as a sentence of its own."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.captions import without_credit
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page, write

BODY = (
    "La pandemia dejó consecuencias económicas y sociales en las pequeñas empresas. Los "
    "recursos financieros quedaron limitados y hubo que optimizar los que había."
)
PAGES = DATAKIT / "undp-acclab" / "pages"


@pytest.mark.parametrize(
    ("line", "kept"),
    [
        ("Photo: Katherine Hawtin", ""),
        ("Foto: AccLabs Py", ""),
        ("Photo by William Hook on Unsplash", ""),
        ("Photo by: Pexels", ""),
        ("Fotografía: Rodolfo Parisi – pnud Paraguay", ""),
        ("Crédito de la foto: Juan Pérez", ""),
        (
            "A Druto Loan representative helping out an SME entrepreneur ©UNDP Bangladesh",
            "A Druto Loan representative helping out an SME entrepreneur.",
        ),
        (
            "Focus group discussion with local producers. Photo credit: Juddy Lasius",
            "Focus group discussion with local producers.",
        ),
        ("Aggregator Warehouse: Photo Credit: Alex Feazi.", "Aggregator Warehouse."),
    ],
)
def test_a_credit_goes_and_its_caption_stays(line: str, kept: str) -> None:
    assert without_credit(line) == kept


@pytest.mark.parametrize(
    "line",
    [
        "realizado con el software LEAP©2, tomando a 2011 como año base y a",  # a trademark
        "Access to credit: Banco Nacional",  # credit, the finance
        "Créditos: Banco Nacional",  # a bare label lists instruments as often as credits
        "Tomamos una foto de grupo con las artesanas",  # a caption's own words
        "Fotografía: mades",  # a lower-case holder may be a caption's words ("Foto: vista del …")
        "El crédito: una herramienta clave para las pymes",
        "Photo: the workshop held with twelve producer associations from the three provinces",
    ],
)
def test_words_that_are_not_a_credit_stay(line: str) -> None:
    assert without_credit(line) == line


@pytest.mark.parametrize("date", ["APRIL 8, 2021", "6 de Abril de 2022", "25 DE JULIO DE 2023"])
def test_a_dateline_between_the_teaser_and_the_article_goes(tmp_path: Path, date: str) -> None:
    teaser = "Cómo la asociatividad entre MIPYMES mejora el rendimiento de un clúster."
    doc = parsed_page(tmp_path, f"{teaser}\n{date}\nFoto: AccLabs Py\n{BODY}\n")
    assert date not in doc.text and "AccLabs" not in doc.text
    assert body_paragraphs(doc) == [teaser, BODY], body_paragraphs(doc)


def test_a_sentence_holding_a_date_stays(tmp_path: Path) -> None:
    said = "El programa abrió su convocatoria el 6 de abril de 2022 para 300 talleres."
    assert said in parsed_page(tmp_path, f"{said}\n\n{BODY}\n").text


def test_an_html_figure_keeps_its_caption_without_the_credit(tmp_path: Path) -> None:
    html = (
        "<html><body><article><p>Rural producers sold online for the first time during the "
        "lockdown, with training from a telecom operator.</p><figure><figcaption>Focus group "
        "with local producers. Photo credit: Juddy Lasius</figcaption></figure></article>"
        "</body></html>"
    )
    doc = parse_file(write(tmp_path / "page.html", html))[0]
    assert "Focus group with local producers." in doc.text
    assert "Lasius" not in doc.text


@needs_datakit
def test_real_pages_lose_their_credits_and_dates_but_not_their_captions() -> None:
    bangladesh = next(PAGES.glob("blog_what_we_learnt_from_a_three-month*.md"))
    text = " ".join(c.text for c in chunk_document(parse_file(bangladesh)[0]))
    assert "©UNDP" not in text and "December 31, 2023" not in text
    assert "helping out an SME entrepreneur. In the rural district of Thakurgaon" in text
    cambodia = next(PAGES.glob("blog_counting_the_cost_of_covid-19*.md"))
    first = chunk_document(parse_file(cambodia)[0])[0].text
    assert first.startswith("In our survey of 1,400 informal workers"), first[:80]
