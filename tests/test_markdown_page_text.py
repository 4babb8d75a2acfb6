"""A Markdown page's text is its prose: an image's alt text is not, and a heading line that holds
its section's whole text is split into the title and the paragraph."""

from __future__ import annotations

from pathlib import Path

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from tests.support.files import DATAKIT, needs_datakit, parsed_page

BODY = (
    "A diagnostic guide helps garment workshops plan continuous improvement. Each workshop "
    "sets clear objectives, assigns tasks and reviews its progress with a technical adviser."
)


def _blocks(text: str, tmp_path: Path) -> list[tuple[str, str]]:
    doc = parsed_page(tmp_path, text)
    return [(b.kind, b.text) for page in doc.pages for b in page.blocks]


def test_an_images_alt_text_is_not_a_paragraph(tmp_path: Path) -> None:
    page = (
        f"# Continuous improvement\n\n![Missing alt text](https://example.org/a.png)\n\n{BODY}\n\n"
        "[![Logo of the programme](logo.png)](https://example.org)\n"
    )
    blocks = _blocks(page, tmp_path)
    assert blocks == [("heading", "Continuous improvement"), ("paragraph", BODY)], blocks


def test_a_heading_line_holding_its_section_is_split(tmp_path: Path) -> None:
    long_body = " ".join([BODY] * 3)
    blocks = _blocks(f"# Plans\n\n## What is it? {long_body}\n", tmp_path)
    assert blocks == [("heading", "Plans"), ("heading", "What is it?"), ("paragraph", long_body)]
    no_title = "An introduction without any stop " + " ".join(["word"] * 40)
    blocks = _blocks(f"# Plans\n\n## {no_title}\n", tmp_path)
    assert blocks == [("heading", "Plans"), ("paragraph", no_title)], blocks


def test_a_long_title_stays_a_title(tmp_path: Path) -> None:
    title = (
        "What We Learnt from a Three-Month Long Experiment to Develop a Framework for "
        "Identifying and Enabling Grassroots Innovations in Bangladesh. Part 2"
    )
    blocks = _blocks(f"# {title}\n\n{BODY}\n", tmp_path)
    assert blocks == [("heading", title), ("paragraph", BODY)], blocks


@needs_datakit
def test_the_real_page_whose_body_was_its_heading_has_passages() -> None:
    page = DATAKIT / "undp-acclab" / "pages" / "local__continuous_improvement_plans_for_msmes.md"
    chunks = chunk_document(parse_file(page)[0])
    text = " ".join(c.text for c in chunks)
    assert "Missing alt text" not in text
    assert "diagnostic tool designed to support MSMEs in the garment sector" in text
    assert {c.heading for c in chunks} == {"What is it?"}
