"""A passage that says nothing but its source's title is never a card's snippet: the card shows
the title already (a UNDP learning plan's form answers "Title" with the plan's name)."""

from __future__ import annotations

import pytest

from kb.answer.search import Searcher
from kb.answer.snippets import only_title
from kb.curate.batch import Pipeline
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from kb.store.index import Index
from tests.support.files import DATAKIT, needs_datakit
from tests.support.searchers import indexed_files

GEOTOPO = DATAKIT / "pdfs" / "009-pdflatex-geotopo" / "GeoTopo-komprimiert.pdf"

PROSE = (
    "The garment program links small workshops with large buyers through a public platform. "
    "Buyers post their purchase plans, workshops answer with offers, and the agency trains "
    "the workshops that fail the buyers' quality audits so they can try again."
)


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("BlueDIGITAL", "BlueDIGITAL", True),
        (
            "**** Enterprise and Employment Formalization",
            "Enterprise and employment formalization",
            True,
        ),
        (
            "Digital aides: bridging the digital divide through formal and informal support.",
            "Digital aides: bridging the digital divide through formal and infor…",
            True,
        ),
        ("BlueDIGITAL 2021", "BlueDIGITAL", True),
        (
            "Digital aides: Trying to bridge the digital divide through formal and informal "
            "digital support systems.",
            "Digital aides: Trying to bridge the digital divide through formal and infor…",
            True,
        ),
        (
            "Digital aides: Trying to bridge the digital divide through formal and informal "
            "support; a pilot trained forty women sellers to use mobile banking and e-commerce.",
            "Digital aides: Trying to bridge the digital divide through formal and infor…",
            False,
        ),
        ("EXPANDING SOCIAL PROTECTION TO YOUNG INFORMAL WORKERS", "Social Protection", False),
        ("Digital aides: a pilot trained 40 women to use mobile banking.", "Digital aides", False),
        ("Supplier linkages", "Supplier linkages for small firms in textiles", False),
        ("", "Supplier linkages", False),
    ],
)
def test_only_title(text: str, title: str, expected: bool) -> None:
    assert only_title(text, title) is expected


def test_a_form_page_title_field_is_never_the_snippet(settings: Settings) -> None:
    title = "Supplier linkages for garment workshops in the Chaco reg…"
    page = (
        f"# {title}\n\n[[type:learningplan]]\n\n## Title\n\n"
        "> Please provide a name for your action learning plan.\n\n"
        "Supplier linkages for garment workshops in the Chaco region.\n\n"
        f"## Description\n\n{PROSE}\n"
    )
    searcher = indexed_files(settings, "forms", {"plan.md": page})()
    hits = searcher.search("supplier linkages for garment workshops", per_doc=2)
    assert hits, "the plan matches its own title's words"
    shown = [p.snippet for hit in hits for p in hit.passages]
    assert shown and all("Chaco" not in s for s in shown), shown
    assert any("purchase plans" in s for s in shown), shown


@needs_datakit
def test_a_chapter_divider_page_is_never_the_snippet(settings: Settings) -> None:
    """GeoTopo's page 28 holds only its chapter's title ("2 Mannigfaltigkeiten und
    Simplizialkomplexe"): a passage that repeats its section's title says nothing the card
    does not name already, and with the chapter's own words as the query it was the card."""
    Pipeline(settings).ingest_paths([GEOTOPO], "t")
    searcher = Searcher(Index.load(settings.index_path("t")), make_encoder("hash-256"), settings)
    divider = [
        row
        for row in range(searcher.index.size)
        if searcher.index.chunk(row)["text"] == "2 Mannigfaltigkeiten und Simplizialkomplexe"
    ]
    assert divider, "the divider page is a passage (it still counts for ranking)"
    [hit] = searcher.search("Mannigfaltigkeiten und Simplizialkomplexe", 1, per_doc=2)
    assert hit.passages
    for p in hit.passages:
        assert not only_title(p.text, p.heading or ""), (p.page, p.text[:80])
