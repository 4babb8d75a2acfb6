"""A saved report's table of contents is not its prose: entries ending in a dot leader and a
page number filled passages and snippets ("6.1 How does technology adoption occur in
Cambodia? ........ 52")."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.running import contents_paragraph
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page

PAGES = DATAKIT / "undp-acclab" / "pages"
PROSE = "The survey asked firms which technologies they had adopted since the pandemic."
WRAPPED = (
    "Capítulo 2. La transición económico-productiva ..........61\n"
    "2.1 Crecimiento económico y empleo ......63\n"
    "Cuadro 2.1. Valor agregado por sector en el Paraguay,\n"
    "2000-2018 ........................63"
)


@pytest.mark.parametrize(
    ("paragraph", "contents"),
    [
        ("6.1 How does technology adoption occur in Cambodia? ........ 52", True),
        (WRAPPED, True),  # an entry wrapped over two lines has one leader
        ("1 Topologische Räume . . . . . . . . 2", True),
        ("Anexos ……… iv", True),
        ("Prices rose... 12 firms said so.", False),
        (f"Box 2.1 Profile of firms ........ 18\n{PROSE}\n{PROSE}", False),
        (PROSE, False),
    ],
)
def test_what_counts_as_a_table_of_contents(paragraph: str, contents: bool) -> None:
    assert contents_paragraph(paragraph) is contents


@pytest.mark.parametrize("suffix", ["md", "txt"])
def test_a_saved_pages_contents_go_and_its_prose_stays(tmp_path: Path, suffix: str) -> None:
    text = f"Índice\n\n{WRAPPED}\n\nAnexos ........ 293\n\n{PROSE}\n"
    paragraphs = body_paragraphs(parsed_page(tmp_path, text, f"report.{suffix}"))
    assert paragraphs == ["Índice", PROSE]


@needs_datakit
def test_a_real_reports_contents_are_in_no_passage() -> None:
    report = "blog_how_industry_4_0_can_boost_cambodia_s_economy_after_covid-19_opportunities"
    doc = parse_file(PAGES / f"{report}_for_industrial_upgrading_and_equitable_development.md")[0]
    passages = [c.text for c in chunk_document(doc)]
    assert not [p for p in passages if "adoption occur in Cambodia? ....." in p]
    assert any("Executive summary" in p for p in passages)
