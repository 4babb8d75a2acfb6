"""A report's footnotes, kept by a saved page between its paragraphs, are not its prose: they go,
and the prose on either side reads on."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.notes import footnotes
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page

BEFORE = "Because of the restrictions, consultations with the firms were conducted both remotely"
AFTER = "and in Cambodia by partners based in the country, between May and October."
# A saved page's paragraph on one line, after a footnote without a blank line between them
PARAGRAPH = (
    "The programme then lent to small firms in the provinces through the state development "
    "bank, which checked each application against the firm's order book rather than its "
    "collateral. Firms that had never borrowed before made up most of the first cohort, and "
    "the bank's staff visited each workshop before the loan was signed, so that the owners "
    "could ask about the terms in their own language."
)
PAGES = DATAKIT / "undp-acclab" / "pages"


@pytest.mark.parametrize(
    "notes",
    [
        "4 UNDP (2020). Adaptation and Adoption of Industry\n4.0 in Cambodia.\n"
        "5 World Bank (2019). World Development Indicators;\nUN Comtrade Database.",
        "29 Glass, R. et al. (2018). Identifying the barriers.\n30 Orzes, G. et al. Op. cit.\n"
        "31 Ibid.",
        "(2018). Cambodia's Garment Manufacturing\nIndustry.\n40 BACI-CEPII 2018 Version.\n"
        "41 ILO (2019). Op. cit.",
        "12 “Opportunity for Private Schools”\n13 Phinma Education. https://bukas.ph/help/",
        "26 von Hippel E (2020). Informal innovation. Accessed via https://acclabs.medium.com/",
    ],
)
def test_a_page_of_footnotes_goes(tmp_path: Path, notes: str) -> None:
    assert footnotes(notes)
    doc = parsed_page(tmp_path, f"{BEFORE}\n\n{notes}\n\n{AFTER}\n", name="report.txt")
    assert body_paragraphs(doc) == [BEFORE, AFTER]
    assert f"{BEFORE} {AFTER}" in chunk_document(doc)[0].text


@pytest.mark.parametrize(
    "paragraph",
    [
        "1 Register the company with the single window\n2 Ask for the export certificate",
        "2019 Exports grew by a third (2020 figures in the annex).",
        "1. UNDP (2020). A Markdown list of references is the writer's own section.",
        f"3 Ministries (2021) {PARAGRAPH}",
        f"4 UNDP (2020). Adaptation.\n{PARAGRAPH}",
        "Korea's guarantee fund (KODIT, 1976) backs loans to small exporters.",
    ],
)
def test_numbered_or_cited_prose_stays(paragraph: str) -> None:
    assert not footnotes(paragraph)


@needs_datakit
def test_a_real_report_page_reads_on_across_its_footnotes() -> None:
    report = next(PAGES.glob("blog_how_industry_4_0_can_boost_cambodia*.md"))
    text = " ".join(c.text for c in chunk_document(parse_file(report)[0]))
    assert "4 UNDP (2020). Adaptation and Adoption" not in text
    assert "Op. cit." not in text
    assert "consultations were conducted both remotely" in text
