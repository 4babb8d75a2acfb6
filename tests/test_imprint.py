"""A publication's imprint is not its prose: a rights notice goes in every format, and in a
page's plain text the publisher's lines between a copyright line and the notice go with it."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.imprint import is_rights_notice, without_imprint
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page, write

BODY = (
    "The guarantee fund covers half of each loan that a partner bank makes to a small "
    "exporter, so banks lend against orders instead of land."
)
NOTICE = (
    "All rights reserved. No part of this publication may be reproduced, stored in a "
    "retrieval system or transmitted, in any form or by means, without prior permission."
)
PAGES = DATAKIT / "undp-acclab" / "pages"


@pytest.mark.parametrize(
    "text",
    [
        NOTICE,
        "Todos los derechos reservados.",
        "Los Estados miembros y sus instituciones gubernamentales pueden reproducir esta obra "
        "sin autorización previa. Solo se les solicita que mencionen la fuente.",
        "Nenhuma parte desta publicação pode ser reproduzida sem autorização prévia.",
        "This publication may be reproduced in whole or in part for educational purposes "
        "without special permission from the copyright holder.",
    ],
)
def test_a_rights_notice_is_found_in_each_language(text: str) -> None:
    assert is_rights_notice(text)


@pytest.mark.parametrize(
    "text",
    [
        "This report reproduces the questionnaire of the survey in its annex.",  # no terms
        "Firms copy and reproduce designs without permission, which weakens their brands.",
        f"{BODY} All rights reserved by the members remain with the cooperative.",  # not first
        "All rights reserved. " + " ".join(["The fund lends to small firms."] * 16),  # too long
        "",
    ],
)
def test_prose_about_rights_or_copies_is_no_notice(text: str) -> None:
    assert not is_rights_notice(text)


def test_the_publisher_lines_between_copyright_and_notice_go() -> None:
    lines = [
        "November 2021",
        "",
        "Copyright @ 2021",
        "By the United Nations Development Programme",
        "UN House, Pulchowk, Lalitpur",
        "",
        "All rights reserved. No part of this publication may be reproduced",
        "without prior permission.",
        "",
        BODY,
    ]
    kept = without_imprint(lines)
    assert [x for x in kept if x] == ["November 2021", BODY]
    assert len(kept) == len(lines)  # blanked, not deleted


def test_lines_above_a_notice_stay_when_a_sentence_ends_between() -> None:
    lines = ["Copyright @ 2021", "Publisher line", BODY, "", NOTICE, "", BODY]
    assert [x for x in without_imprint(lines) if x] == [*lines[:3], BODY]


def test_lines_above_a_notice_stay_when_the_copyright_line_is_far() -> None:
    address = [f"Address line {k}" for k in range(11)]
    lines = ["Copyright @ 2021", *address, "", NOTICE]
    assert [x for x in without_imprint(lines) if x] == ["Copyright @ 2021", *address]


def test_a_markdown_page_keeps_its_prose_without_the_imprint(tmp_path: Path) -> None:
    page = "\n".join(
        ["# A report", "", "Copyright @ 2024", "By the Agency", "", NOTICE, "", BODY, ""]
    )
    assert body_paragraphs(parsed_page(tmp_path, page)) == [BODY]


def test_an_html_page_loses_its_notice(tmp_path: Path) -> None:
    html = f"<html><body><h1>A report</h1><p>{BODY}</p><p>{NOTICE}</p></body></html>"
    doc = parse_file(write(tmp_path / "page.html", html))[0]
    assert body_paragraphs(doc) == [BODY]


def test_a_pdf_imprint_page_loses_its_notice(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.set_font("Helvetica", size=11)
    for text in (NOTICE, BODY):
        pdf.add_page()
        pdf.multi_cell(0, 6, text)
    path = tmp_path / "report.pdf"
    path.write_bytes(bytes(pdf.output()))
    doc = parse_file(path)[0]
    text = " ".join(" ".join(body_paragraphs(doc)).split())
    assert "All rights reserved" not in text
    assert "guarantee fund covers half" in text


@needs_datakit
@pytest.mark.parametrize(
    ("prefix", "gone"),
    [
        ("blog_digital_socio_impact", "Pulchowk"),
        ("blog_from_informality_to_inclusion", "Rockwell Business Center"),
    ],
)
def test_real_report_pages_open_without_their_imprint(prefix: str, gone: str) -> None:
    doc = parse_file(next(PAGES.glob(f"{prefix}*.md")))[0]
    passages = [c.text for c in chunk_document(doc)]
    assert not any("All rights reserved" in p for p in passages)
    assert gone not in passages[0]  # the publisher's address (its back cover keeps its own)
    assert sum(len(p.split()) for p in passages) > 5000  # the report itself is still there
