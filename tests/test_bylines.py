"""A byline under a saved page's title names the writers, not what they wrote: it goes, with the
lines that continue its list of names, and the article's first sentence stays even when glued
to it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.captions import without_opening_byline
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page

BODY = (
    "The tourism sector can integrate local people by nurturing small enterprises that "
    "create informal jobs for guides, drivers and cooks."
)
PAGES = DATAKIT / "undp-acclab" / "pages"


@pytest.mark.parametrize(
    "byline",
    [
        "By: Ramiz Uddin, Head of Experimentation;\nZimran Khan, Head of Exploration, UNDP Lab;\n"
        "Namia Akhtar, Research Associate, UNDP Bangladesh.",
        "Por: Mónica Ríos, Gustavo Setrini, Crishtian Parra, Sady Sarquis*, Denise Genit*",
        "Escrito por: Paulina Jiménez Aguilar, Responsable de Mapeo de Soluciones",
        "Por el Laboratorio de Aceleración del PNUD Perú.",
        "By Chong Yin Wei, Head of Solutions Mapping; and Alex Feaizi, Consultant UNCDF.",
        "By the United Nations Development\nProgramme",
        "Autores adicionales: Ángeles Velázquez, Emilio Abente y Brenda Casasnovas*",
    ],
)
def test_a_byline_under_the_title_goes(tmp_path: Path, byline: str) -> None:
    page = f"# Informal jobs in tourism\n\nOCTOBER 27, 2021\n{byline}\n{BODY}\n{BODY}\n{BODY}\n"
    assert body_paragraphs(parsed_page(tmp_path, page)) == [BODY, BODY, BODY]


def test_the_first_sentence_glued_to_a_byline_stays() -> None:
    text = (
        "The Power of Grassroots Innovation\n\nBy Mohammad Ruhul Kader, Founder of Future "
        "Startup, Bangladesh andSarah Sabin Khan, Head of Solutions Mapping, UNDP Accelerator "
        "Lab Bangladesh1.Ratul Hasan, a young entrepreneur from Khulna, recycles e-waste."
    )
    kept = without_opening_byline(text)
    assert "Ruhul Kader" not in kept and "Sabin Khan" not in kept
    assert kept.endswith("\nRatul Hasan, a young entrepreneur from Khulna, recycles e-waste.")


@pytest.mark.parametrize(
    "line",
    [
        "By 2030, the Government of Chile expects half of its exporters to be small firms.",
        "By January 2021 the guarantee fund had backed its first loans to small exporters.",
        "By contrast, Korea's guarantee funds lend to exporters against their orders.",
        "Por eso, desde el Laboratorio de Aceleración del PNUD, implementamos un censo.",
        "Por Decreto 123 el Gobierno creó un fondo de garantía para pequeñas empresas.",
        "By Law, every small exporter may register with the single window.",
        "Por Un Futuro Sostenible Para Las Pymes",  # a title-cased title
        "By Land And Sea (2019 edition)",
    ],
)
def test_a_sentence_opening_with_by_or_por_stays(line: str) -> None:
    text = f"Export support\n{line}\n{BODY}"
    assert without_opening_byline(text) == text


def test_only_the_head_is_looked_at() -> None:
    text = "\n".join([BODY, BODY, BODY, BODY, "Por Eva Torales, Carmen Gauto y el Equipo", BODY])
    assert without_opening_byline(text) == text  # a closing credit has its own rule


def test_a_byline_too_long_to_be_one_stays() -> None:
    prose = " ".join(["Many exporters"] * 35)
    text = f"Title\nBy Ana María Soto, {prose}. Then more."
    assert without_opening_byline(text) == text


@needs_datakit
def test_real_pages_open_on_their_article() -> None:
    tangail = next(PAGES.glob("blog_generating_informal_employment_opportunities*.md"))
    first = chunk_document(parse_file(tangail)[0])[0].text
    assert "Ramiz Uddin" not in first and "Namia Akhtar" not in first
    assert "Mohera Zamindar Bari" in first, first[:120]
    bangladesh = next(PAGES.glob("blog_what_we_learnt_from_a_three-month*.md"))
    text = " ".join(c.text for c in chunk_document(parse_file(bangladesh)[0]))
    assert "Ruhul Kader" not in text
    assert "Ratul Hasan, a young entrepreneur from the small city of Khulna" in text
