"""Tables kept as tables: a ruled PDF table over two pages, rows whole in chunks and hits."""

from __future__ import annotations

from pathlib import Path

import pytest
from fpdf import FPDF
from fpdf.enums import TableHeadingsDisplay
from fpdf.fonts import FontFace

from kb.answer.search import Searcher
from kb.curate.batch import Pipeline
from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.tables import looks_like_header, read_rows, row_line, table_block
from kb.records import Block, Document, Page
from kb.settings import Settings
from kb.store.index import Index
from tests.support.scan import font_path

CAPTION = "Tabla 1. Programas de garantía por país"
HEADER = ("País", "Programa", "Instrumento", "Año")
_SYLLABLES = ["ka", "lo", "mi", "ru", "te", "sa", "vo", "ne"]


def _word(i: int) -> str:
    """A made-up word unique to i, so BM25 finds exactly one row."""
    return "".join(_SYLLABLES[i // d % 8] for d in (64, 8, 1))


ROWS = [(f"Pais{_word(i)}", f"Prog{_word(i + 100)}", "garantía", str(1980 + i)) for i in range(40)]


def _table_pdf(path: Path, repeat_header: bool) -> Path:
    """Prose, a caption, then a 40-row ruled table that runs onto page 2, then prose."""
    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(font_path()))
    pdf.set_font("dejavu", size=11)
    pdf.add_page()
    pdf.multi_cell(0, 6, "Introducción. " + "Los programas de garantía comparten rasgos. " * 14)
    pdf.ln(4)
    pdf.cell(0, 8, CAPTION, new_x="LMARGIN", new_y="NEXT")
    repeat = (
        TableHeadingsDisplay.ON_TOP_OF_EVERY_PAGE if repeat_header else TableHeadingsDisplay.NONE
    )
    with pdf.table(repeat_headings=repeat, headings_style=FontFace(emphasis="")) as table:
        for values in [HEADER, *ROWS]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.multi_cell(0, 6, "Texto después de la tabla sobre evaluaciones de impacto.")
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


def _line(values: tuple[str, ...]) -> str:
    return " | ".join(f"{h}: {v}" for h, v in zip(HEADER, values, strict=True))


@pytest.mark.parametrize("repeat_header", [False, True])
def test_pdf_table_over_two_pages_keeps_rows_header_caption_and_pages(
    tmp_path: Path, repeat_header: bool
) -> None:
    doc = parse_file(_table_pdf(tmp_path / "tabla.pdf", repeat_header))[0]
    tables = [(p.number, b) for p in doc.pages for b in p.blocks if b.kind == "table"]
    assert [n for n, _ in tables] == [1, 2], "one table block per page the table is on"
    assert all(b.caption == CAPTION for _, b in tables)
    lines = [line for _, b in tables for line in b.text.split("\n")]
    assert lines == [_line(r) for r in ROWS], "every row once, named by the first page's header"
    # the cells are not repeated as running text of the page
    prose = " ".join(b.text for p in doc.pages for b in p.blocks if b.kind != "table")
    assert not any(values[1] in prose for values in ROWS)
    assert "Texto después de la tabla" in doc.pages[1].text


def test_each_table_row_is_retrievable_with_its_page(tmp_path: Path, settings: Settings) -> None:
    pdf = _table_pdf(tmp_path / "docs" / "tabla.pdf", repeat_header=False)
    pdf_doc = parse_file(pdf)[0]
    page_of = {
        line: p.number
        for p in pdf_doc.pages
        for b in p.blocks
        if b.kind == "table"
        for line in b.text.split("\n")
    }
    report = Pipeline(settings).ingest_paths([pdf.parent], "t")
    assert not report.failed
    index = Index.load(settings.index_path("t"), expect_encoder="hash-256")
    chunks = index.chunks[index.chunks["kind"] == "table"]
    for values in ROWS:
        line = _line(values)
        holding = [t for t in chunks["text"] if line in t.split("\n")]
        assert len(holding) == 1, f"row {values[1]} is whole in exactly one chunk"
        assert not any(values[1] in t and line not in t for t in index.chunks["text"])
    searcher = Searcher(index, Pipeline(settings).encoder, settings)
    for values in ROWS[::7] + ROWS[-1:]:
        hit = searcher.search(values[1], top_k=1, method="bm25")[0]
        assert _line(values) in hit.text.split("\n")
        assert hit.page == page_of[_line(values)] and hit.kind == "table"
        assert hit.text.startswith(CAPTION)
        assert hit.to_json()["kind"] == "table"


def test_table_chunks_repeat_only_the_caption() -> None:
    rows = "\n".join(f"País: C{i} | Programa: P{i} | Año: 19{i:02d}" for i in range(30))
    for caption in (None, "Cuadro 3. Programas"):
        doc = Document("d", "t", "s", (Page(1, (Block(rows, "table", caption=caption),)),), "pdf")
        chunks = chunk_document(doc, size=40, overlap=5)
        assert len(chunks) > 1
        body = [line for c in chunks for line in c.text.split("\n") if line != caption]
        assert body == rows.split("\n"), "without a caption the first row is not repeated"
        assert all(c.text.startswith(caption) for c in chunks) if caption else True


def test_header_detection_and_row_lines() -> None:
    assert looks_like_header([["País", "Año"], ["Chile", "1980"]])
    assert not looks_like_header([["1980", "2.5"], ["1981", "3.0"]]), "numbers are data"
    assert not looks_like_header([["Chile", "Chile"], ["Perú", "1990"]]), "repeats are data"
    assert row_line(["País", "Programa", ""], ["Chile", "", "garantía"]) == "País: Chile | garantía"
    block = table_block([["1980", "2.5"], ["1981", "3.0"]], caption="Tabla 2")
    assert block is not None and block.caption == "Tabla 2"
    assert block.text == "1980 | 2.5\n1981 | 3.0"
    assert table_block([["", ""], [None, ""]]) is None


def test_table_text_reads_back_as_rows_for_display() -> None:
    text = f"{CAPTION}\n{_line(ROWS[0])}\n{_line(ROWS[1])}"
    caption, rows = read_rows(text)
    assert caption == CAPTION
    assert rows == [dict(zip(HEADER, r, strict=True)) for r in ROWS[:2]]
    assert read_rows("1980 | 2.5\nRatio: 2:1 | x") == (
        None,
        [{"1": "1980", "2": "2.5"}, {"Ratio": "2:1", "2": "x"}],
    )
