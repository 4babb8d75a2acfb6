import itertools

from kb.ingest.chunk import chunk_document
from kb.records import Block, Document, Page


def _doc(pages: list[list[Block]]) -> Document:
    return Document(
        doc_id="d1",
        title="t",
        source="s",
        doc_type="text",
        pages=tuple(Page(i + 1, tuple(b)) for i, b in enumerate(pages)),
    )


def _para(n: int, word: str) -> Block:
    return Block(" ".join(f"{word}{i}." if i % 10 == 9 else f"{word}{i}" for i in range(n)))


def test_chunks_keep_pages_headings_and_offsets() -> None:
    doc = _doc(
        [
            [Block("Intro", "heading", 1), _para(30, "alpha")],
            [Block("Credit", "heading", 1), _para(30, "beta")],
        ]
    )
    chunks = chunk_document(doc, size=50, overlap=10)
    assert [c.heading for c in chunks] == ["Intro", "Credit"]
    assert [(c.page_start, c.page_end) for c in chunks] == [(1, 1), (2, 2)]
    for c in chunks:
        assert doc.text[c.char_start : c.char_end].split() == c.text.split()
    assert chunks[0].chunk_id == "d1:0" and chunks[1].seq == 1


def test_long_sections_split_with_overlap_and_bounded_size() -> None:
    doc = _doc([[_para(100, "w")], [_para(100, "x")]])
    chunks = chunk_document(doc, size=40, overlap=10)
    assert all(len(c.text.split()) <= 40 for c in chunks)
    words = [c.text.split() for c in chunks]
    for prev, nxt in itertools.pairwise(words):
        assert set(prev[-10:]) & set(nxt[:10]), "consecutive chunks share overlap words"
    spanning = [c for c in chunks if c.page_start != c.page_end]
    assert spanning and spanning[0].page_start == 1 and spanning[0].page_end == 2
    all_words = {w for c in chunks for w in c.text.split()}
    assert {f"w{i}" for i in range(100) if i % 10 != 9} <= all_words


def test_tables_are_cut_only_between_rows() -> None:
    rows = "\n".join(
        f"País: C{i} | Programa: P{i} | Instrumento: garantía | Año: 19{i:02d}" for i in range(40)
    )
    doc = _doc([[Block(rows, "table", caption="Tabla 1. Programas")]])
    chunks = chunk_document(doc, size=60, overlap=10)
    assert len(chunks) > 1 and all(c.kind == "table" for c in chunks)
    seen = [line for c in chunks for line in c.text.split("\n") if line.startswith("País")]
    assert seen == rows.split("\n"), "every row exactly once, whole"
    assert all(c.text.startswith("Tabla 1. Programas") for c in chunks)


def test_overlap_must_be_smaller_than_size() -> None:
    import pytest

    with pytest.raises(ValueError, match="overlap"):
        chunk_document(_doc([[_para(5, "a")]]), size=10, overlap=10)
