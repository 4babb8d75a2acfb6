"""Page-true citations on real files (issue 13): every passage is on the page it cites.

The pages are read again with pdfium (tests/support/pagecheck.py), not with kb's own reader.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.answer.search import Searcher
from kb.api import encoder_for
from kb.curate.batch import Pipeline
from kb.ingest.chunk import SENTENCE_END, chunk_document
from kb.ingest.parse import ocr, parse_file
from kb.settings import get_settings
from kb.store.index import Index
from tests.support import notes
from tests.support.files import DATAKIT, needs_datakit
from tests.support.pagecheck import on_pages, page_texts, page_truth

pytestmark = [pytest.mark.integration, needs_datakit]
PDFS = DATAKIT / "pdfs"
MULTI_PAGE = [
    "004-pdflatex-4-pages/pdflatex-4-pages.pdf",
    "006-pdflatex-outline/pdflatex-outline.pdf",
    "014-outlines/mistitled_outlines_example.pdf",
    "026-latex-multicolumn/multicolumn.pdf",
]


@pytest.mark.parametrize("name", MULTI_PAGE)
def test_every_passage_is_on_its_cited_page(name: str) -> None:
    path = PDFS / name
    chunks = [c for c in chunk_document(parse_file(path)[0]) if c.kind == "text"]
    pages = page_texts(path)
    assert len(pages) > 1 and chunks
    for c in chunks:
        first = pages[c.page_start - 1]
        if c.page_end == c.page_start:
            assert on_pages(c.text, [first]), f"{c.chunk_id} not on page {c.page_start}"
            continue
        # only a sentence running on over the break may cross, and only into the next page
        assert c.page_end == c.page_start + 1, c.chunk_id
        *head, last = SENTENCE_END.split(c.text)
        assert on_pages(" ".join(head), [first]), f"{c.chunk_id}: more than one sentence crosses"
        assert on_pages(last, pages[c.page_start - 1 : c.page_end]), c.chunk_id


def test_a_long_technical_report_cites_true_pages() -> None:
    """117 pages of formulas and figures: pdfium and pypdf spell formulas differently, so a
    few passages made mostly of them cannot be checked; nearly all others must be on their page
    (before issue 13 about three in four were)."""
    path = PDFS / "009-pdflatex-geotopo" / "GeoTopo-komprimiert.pdf"
    truth = page_truth(path, chunk_document(parse_file(path)[0]))
    assert truth.chunks > 300
    assert truth.on_cited_page >= 0.92 * truth.chunks
    assert truth.spanning <= 0.1 * truth.chunks


@pytest.mark.skipif(ocr.find_tesseract() is None, reason="the tesseract binary is not installed")
def test_an_english_question_answered_on_page_3_cites_page_3(tmp_path: Path) -> None:
    """The issue's case: the Spanish note, as text and as a scan, asked in English."""
    docs = tmp_path / "docs"
    notes.note_pdf(docs, "numbered-bold")
    notes.note_pdf(docs, "bold", numbered=False, scan=True)
    settings = get_settings().with_(index_dir=tmp_path / "indexes", cache_dir=tmp_path / "cache")
    encoder = encoder_for(settings)
    report = Pipeline(settings, encoder).ingest_paths([docs], "note")
    assert not report.failed and len(report.added) == 2
    searcher = Searcher(Index.load(settings.index_path("note")), encoder, settings)
    question = "How can small suppliers get paid early on invoices approved by large buyers?"
    top = searcher.search(question, top_k=1, method="dense")
    assert top and (top[0].page, top[0].page_end) == (3, 3), (top[0].page, top[0].snippet)
    # the shipped search: one card per note, each citing the answer on page 3 first
    hits = searcher.search(question, top_k=2)
    assert {h.source for h in hits} == {str(p) for p in docs.iterdir()}
    for hit in hits:
        assert notes.holds_answer(hit.text), (hit.source, hit.page, hit.snippet)
        assert (hit.page, hit.page_end) == (3, 3), (hit.source, hit.page)
        assert (hit.heading or "").casefold().endswith("factoraje inverso para proveedores")
