"""A saved web page whose lines are its paragraphs: one block per line, the section titles
between them found, and passages that never cross one; soft-wrapped prose and Markdown lists
stay as written."""

from __future__ import annotations

from pathlib import Path

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.lines import line_paragraphs
from kb.records import Document
from tests.support.files import DATAKIT, needs_datakit, parsed_page

INTRO = (
    "The pilot set up an online shop for rural producers in Sabah during the lockdown, and sold "
    "their crafts through WhatsApp and social media."
)
HOW = (
    "Producers received training on photography, packaging and pricing, and a community "
    "coordinator collected the orders each week."
)
LESSON = (
    "The team learnt to keep workplans agile and to set contingencies from the start, because "
    "elections and a new wave of cases moved the first pilot site."
)
THANKS = (
    "We would like to extend our gratitude to the industry experts who trained the producers on "
    "online sales, delivery and packaging."
)
PAGE = "\n".join(
    [
        "# E-commerce for rural development",
        INTRO,
        HOW,
        "Photo by a volunteer on Unsplash",
        "2. Pivoting and Navigating Trade-offs under Crisis",
        LESSON,
        "Acknowledgement:",
        THANKS,
    ]
)


def _blocks(doc: Document) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for page in doc.pages for b in page.blocks]


def test_each_line_is_a_paragraph_and_a_lone_title_a_heading(tmp_path: Path) -> None:
    for suffix in (".md", ".txt"):
        blocks = _blocks(parsed_page(tmp_path, PAGE, f"page{suffix}"))
        headings = [t for k, t in blocks if k == "heading"]
        assert "2. Pivoting and Navigating Trade-offs under Crisis" in headings, suffix
        assert "Acknowledgement:" in headings, suffix
        for line in (INTRO, HOW, LESSON, THANKS):
            assert ("paragraph", line) in blocks, (suffix, line)
        # a photo credit between paragraphs is short, but no title
        assert ("paragraph", "Photo by a volunteer on Unsplash") in blocks, suffix


def test_a_passage_never_crosses_a_found_title(tmp_path: Path) -> None:
    doc = parsed_page(tmp_path, PAGE, "page.md")
    chunks = chunk_document(doc, size=40, overlap=5)
    thanks = [c for c in chunks if "gratitude" in c.text]
    assert thanks and all(c.heading == "Acknowledgement:" for c in thanks)
    assert all("Pivoting" not in c.text and "workplans" not in c.text for c in thanks)
    assert not any("workplans" in c.text and "WhatsApp" in c.text for c in chunks)


def test_soft_wrapped_prose_stays_one_paragraph(tmp_path: Path) -> None:
    wrapped = (
        "The guarantee fund covers up to half of a loan to a small firm that\n"
        "lacks collateral, and the bank keeps the rest of the risk, so that it\n"
        "still screens the borrower as it would screen any other client of the\n"
        "branch. Fees are paid by the bank and passed on to the firm in part.\n"
    )
    assert not line_paragraphs(wrapped.strip().split("\n"))
    blocks = _blocks(parsed_page(tmp_path, wrapped, "note.txt"))
    assert len(blocks) == 1 and blocks[0][0] == "paragraph"
    assert blocks[0][1].split() == wrapped.split()


def test_a_markdown_list_and_a_short_run_stay_as_written(tmp_path: Path) -> None:
    listed = "\n".join(f"- {s}" for s in (INTRO, HOW, LESSON))
    assert not line_paragraphs(listed.split("\n"))
    assert not line_paragraphs([INTRO, HOW])  # two lines say too little
    doc = parsed_page(tmp_path, f"# Notes\n\n{listed}\n", "list.md")
    assert [k for k, _ in _blocks(doc)] == ["heading", "paragraph"]


def test_short_lines_in_a_row_are_list_items_not_titles(tmp_path: Path) -> None:
    page = "\n".join([INTRO, "Packaging", "Pricing", "Delivery", HOW, LESSON])
    blocks = _blocks(parsed_page(tmp_path, page, "page.txt"))
    assert all(k == "paragraph" for k, _ in blocks), blocks


@needs_datakit
def test_a_real_saved_page_gets_its_section_titles() -> None:
    page = DATAKIT / "undp-acclab" / "pages"
    name = "blog_e-commerce_for_rural_development_a_response_to_covid-19_recovery.md"
    doc = parse_file(page / name)[0]
    headings = [b.text for p in doc.pages for b in p.blocks if b.kind == "heading"]
    assert "4. Pivoting and Navigating Trade-offs under Crisis" in headings
    assert "Acknowledgement:" in headings
    longest = max(len(b.text.split()) for p in doc.pages for b in p.blocks)
    assert longest < 300, longest  # was one paragraph of 1,457 words
