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
    for page, word in ((1, "w"), (2, "x")):
        mine = [c.text.split() for c in chunks if c.page_start == page]
        assert all(w.startswith(word) for words in mine for w in words), "one page per chunk"
        for prev, nxt in itertools.pairwise(mine):
            assert set(prev[-10:]) & set(nxt[:10]), "consecutive chunks share overlap words"
    assert all(c.page_start == c.page_end for c in chunks), "every sentence ends on its page"
    all_words = {w for c in chunks for w in c.text.split()}
    assert {f"w{i}" for i in range(100) if i % 10 != 9} <= all_words


def test_chunk_never_crosses_a_page_unless_a_sentence_runs_on() -> None:
    closed = "Las garantías cubren el riesgo de crédito de las empresas pequeñas. " * 3
    runs_on = "El fondo opera con bancos comerciales que prestan a las"
    doc = _doc(
        [
            [Block(closed.strip())],
            [Block("Los exportadores usan la ventanilla única de comercio. " * 2), Block(runs_on)],
            [Block("empresas exportadoras del sector agrícola. Página tres sigue aquí.")],
        ]
    )
    chunks = chunk_document(doc, size=120, overlap=25)
    spans = [(c.page_start, c.page_end) for c in chunks]
    assert spans == [(1, 1), (2, 3), (3, 3)], spans
    across = chunks[1]
    assert across.text.endswith("prestan a las empresas exportadoras del sector agrícola.")
    assert "Página tres" not in across.text, "only the running-on sentence crosses the page"
    assert chunks[2].text == "Página tres sigue aquí."


def test_a_page_ending_a_sentence_is_never_continued() -> None:
    doc = _doc([[Block("Primera página termina aquí.")], [Block("segunda página empieza.")]])
    chunks = chunk_document(doc, size=120, overlap=25)
    assert [(c.page_start, c.page_end) for c in chunks] == [(1, 1), (2, 2)]


def test_a_heading_stops_a_running_on_sentence() -> None:
    doc = _doc(
        [
            [Block("Texto que termina sin punto")],
            [Block("Exportaciones", "heading", 1), Block("y sigue en otra sección.")],
        ]
    )
    chunks = chunk_document(doc, size=120, overlap=25)
    assert [(c.page_start, c.page_end, c.heading) for c in chunks] == [
        (1, 1, None),
        (2, 2, "Exportaciones"),
    ]


def test_sections_are_dealt_into_even_chunks() -> None:
    # 152 words in one section: not a 120-word chunk and a 57-word scrap, but two of ~89
    text = " ".join(f"Frase número {i} de la sección sobre crédito." for i in range(1, 20))
    doc = _doc([[Block(text)]])
    chunks = chunk_document(doc, size=120, overlap=25)
    sizes = [len(c.text.split()) for c in chunks]
    assert len(chunks) == 2 and max(sizes) - min(sizes) <= 20, sizes


def test_a_short_lead_in_is_never_a_chunk_the_next_one_repeats() -> None:
    # "Eligibility:" then a long item: cutting after the lead-in made a 1-word chunk whose
    # every word the next chunk carried again (13 such chunks in the shipped corpus).
    item = " ".join(f"Firm{i}" for i in range(104)) + "."
    rest = " ".join(f"Rule{i}" for i in range(49)) + "."
    doc = _doc([[Block(f"Eligibility: {item} {rest}")]])
    chunks = chunk_document(doc, size=120, overlap=25)
    texts = [" ".join(c.text.split()) for c in chunks]
    assert all(a not in b for a, b in itertools.pairwise(texts)), texts
    assert texts[0].startswith("Eligibility: Firm0"), "the lead-in stays with its item"
    assert all(len(t.split()) <= 120 for t in texts)
    assert " ".join(texts).count("Rule48.") >= 1


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
