"""The cited page viewer: a real three-page PDF from ../shared/datakit, searched, then its page 3
rendered with the passage's words highlighted where pdfplumber puts them."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from kb.answer.page_view import matched_units, page_image, section_view
from kb.answer.search import Searcher
from kb.api import open_searcher
from kb.curate.batch import Pipeline
from kb.errors import PageViewError
from kb.settings import Settings
from kb.vocab.labels import t

DATAKIT = Path(__file__).resolve().parents[1].parent / "shared" / "datakit"
PDF = DATAKIT / "pdfs" / "026-latex-multicolumn" / "multicolumn.pdf"  # 3 pages; a table on p. 3
QUERY = "Austria Vienna Belgium Brussels Czech Republic Prague Denmark Copenhagen"

pytestmark = pytest.mark.skipif(not PDF.is_file(), reason="../shared/datakit not present")


@pytest.fixture
def searcher(settings: Settings) -> Searcher:
    # short passages, so one of them lies on page 3 alone
    s = settings.with_(chunk_words=30, chunk_overlap_words=5)
    Pipeline(s).ingest_paths([PDF], s.default_index)
    return open_searcher(settings=s)


def _page3_passage(search: Searcher) -> tuple[str, str]:
    """(doc_id, text) of a search result cited on page 3 (a hit or one of its passages)."""
    for hit in search.search(QUERY, 10):
        if hit.page == 3 == hit.page_end:
            return hit.doc_id, hit.text
        for p in hit.passages:
            if p.page == 3 == p.page_end and p.text:
                return hit.doc_id, p.text
    raise AssertionError("no result cited on page 3")


def _plumber_words(page: int) -> list[dict[str, float | str]]:
    import pdfplumber

    with pdfplumber.open(PDF) as pdf:
        return list(pdf.pages[page - 1].extract_words())


def test_a_hit_on_page_3_is_shown_on_page_3_with_its_words_highlighted(
    searcher: Searcher,
) -> None:
    from PIL import Image

    doc_id, passage = _page3_passage(searcher)
    view = page_image(searcher.index.docs, doc_id, 3, passage)
    assert (view.page, view.pages, view.file_name) == (3, 3, "multicolumn.pdf")
    words = {str(w["text"]): w for w in _plumber_words(3)}
    for name in ("Austria", "Vienna", "Belgium", "Brussels"):
        assert name in passage
        w = words[name]
        assert any(
            abs(b.x0 - float(w["x0"])) < 0.5 and abs(b.top - float(w["top"])) < 0.5
            for b in view.boxes
        ), name
    # every highlighted word is a word of the passage; the page number "3" is not one
    folded = "".join(ch for ch in passage.casefold() if ch.isalnum())
    for word in view.words:
        assert "".join(ch for ch in word.casefold() if ch.isalnum()) in folded
    assert len(view.boxes) >= 20
    image = Image.open(io.BytesIO(view.png)).convert("RGB")
    assert image.size == (round(595.276 * view.scale), round(841.89 * view.scale))
    vienna = next(b for b in view.boxes if view.words[view.boxes.index(b)] == "Vienna")
    x0, top, _, bottom = vienna.scaled(view.scale)
    r, g, b = _rgb(image, int(x0) - 1, int((top + bottom) / 2))  # margin inside the box
    assert r > 200 and g > 180 and b < 150, (r, g, b)  # yellow, not white paper
    r, g, b = _rgb(image, 5, 5)  # the page corner stays white
    assert min(r, g, b) > 240


def _rgb(image: Any, x: int, y: int) -> tuple[int, int, int]:
    r, g, b = image.getpixel((x, y))
    return int(r), int(g), int(b)


def test_a_page_out_of_range_and_an_unknown_document_are_named(searcher: Searcher) -> None:
    doc_id, passage = _page3_passage(searcher)
    with pytest.raises(PageViewError, match="has 3 pages; page 9 does not exist") as exc:
        page_image(searcher.index.docs, doc_id, 9, passage)
    # the same reason, in the reader's language, from the kind and values the error carries
    assert (exc.value.why, exc.value.values) == ("page_range", {"pages": "3", "page": "9"})
    assert (
        t("viewer.page_range", "es", **exc.value.values) == "tiene 3 páginas; la página 9 no existe"
    )
    with pytest.raises(PageViewError, match="not in the index"):
        page_image(searcher.index.docs, "../../etc/passwd", 1, passage)


def test_matching_ignores_spacing_and_needs_a_run() -> None:
    units = ["Hello,", "hereissometext", "without", "a", "meaning.", "the", "end"]
    assert matched_units(units, "here is some text without a meaning") == [1, 2, 3, 4]
    assert matched_units(units, "the end of it all") == []  # too short a run to count


def test_section_view_marks_the_passage_span() -> None:
    text = "First words here.\n\nThe cited passage stands   in this section.\n\nLast words."
    view = section_view("Case", "How it works", text, "the cited passage stands in this")
    assert [text[a:b] for a, b in view.spans] == ["The cited passage stands   in this"]


def test_a_case_study_passage_is_shown_in_its_section(settings: Settings, tmp_path: Path) -> None:
    from kb.answer.page_view import cited
    from kb.answer.recommend import programs_by_id
    from kb.curate.batch import build_corpus
    from tests.support.app_index import subset_corpus

    corpus = subset_corpus(tmp_path / "corpus", ["chl-fogape"], [])
    folder = corpus / "programs"
    s = settings.with_(corpus_dir=corpus)
    build_corpus(s)
    index = open_searcher(settings=s).index
    table = index.chunk_table(["chunk_id", "kind", "heading", "text"])
    header = table[table["kind"] == "header"].iloc[0]
    body = table[table["kind"] != "header"].iloc[3]
    doc_id = next(iter(index.docs))
    c = cited(index, doc_id, str(body["chunk_id"]))
    assert not c.paged and c.heading == body["heading"] and c.program_id == "chl-fogape"
    case = programs_by_id(folder)["chl-fogape"]
    section = case.sections(c.language)[c.heading]
    view = section_view(c.title, c.heading, section, c.text)
    marked = " ".join(section[a:b] for a, b in view.spans)
    assert len(marked) > 0.5 * len(" ".join(c.text.split()))  # most of the passage is marked
    # a hit on the case study's names (its header) opens its first passage, not an error
    assert cited(index, doc_id, str(header["chunk_id"])).heading
    with pytest.raises(PageViewError, match="has no pages"):
        page_image(index.docs, doc_id, 1, c.text)


def test_the_passage_crop_holds_the_highlight(searcher: Searcher) -> None:
    from PIL import Image

    from kb.answer.page_view import passage_crop

    doc_id, passage = _page3_passage(searcher)
    view = page_image(searcher.index.docs, doc_id, 3, passage)
    crop = passage_crop(view)
    assert crop is not None
    image = Image.open(io.BytesIO(crop))
    full = Image.open(io.BytesIO(view.png))
    assert image.width < full.width and image.height < full.height / 3  # the table, not the page


def test_a_markdown_passage_is_shown_in_its_whole_section(settings: Settings) -> None:
    """kb keeps passages, not whole documents: the viewer rebuilds the section around a cited
    passage of a Markdown note from its passages, each word once, the next section left out."""
    from kb.answer.page_view import cited, join_overlapping, section_text
    from tests.support.files import write

    words = [f"w{i}" for i in range(400)]
    body = " ".join(f"{w}." if i % 12 == 11 else w for i, w in enumerate(words))
    write(
        settings.index_dir.parent / "md" / "note.md",
        f"---\ntitle: Note\n---\n# Guarantees\n\n{body}\n\n# Other topic\n\nnot this section.\n",
    )
    Pipeline(settings).ingest_paths([settings.index_dir.parent / "md"], "t")
    index = open_searcher("t", settings=settings).index
    doc_id = next(iter(index.docs))
    table = index.chunk_table(["chunk_id", "heading", "seq"], [doc_id]).sort_values("seq")
    middle = table[table["heading"] == "Guarantees"].iloc[2]
    c = cited(index, doc_id, str(middle["chunk_id"]))
    text = section_text(index, doc_id, c.heading)
    assert text.split() == body.split()  # the whole section, each word once, in order
    view = section_view(c.title, c.heading, text, c.text)
    assert " ".join(text[a:b] for a, b in view.spans).split() == c.text.split()
    assert join_overlapping(["a b c d", "c d e", "x y"]) == "a b c d e\n\nx y"
