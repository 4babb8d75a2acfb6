"""Section titles from typography, printed page labels and running lines (issue 13, point 1)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest.parse import parse_file
from kb.ingest.parse.headings import BodyStyle, StyledLine, body_style, mark_page, title_like
from kb.ingest.parse.running import page_label_line, strip_running_lines
from kb.records import Block
from tests.support import notes

BODY = [
    StyledLine("Los fondos de garantía comparten con los bancos el riesgo de los", 11, False),
    StyledLine("préstamos a empresas que no tienen garantías reales suficientes y", 11, False),
    StyledLine("cobran una comisión anual que depende de la siniestralidad.", 11, False),
]
STYLE = BodyStyle(11.0, False)


def _kinds(paras: list[list[str] | Block]) -> list[tuple[str, str]]:
    return [
        (p.kind, p.text) if isinstance(p, Block) else ("lines", " ".join(p)[:20]) for p in paras
    ]


def test_body_style_is_what_most_characters_are_set_in() -> None:
    lines = [StyledLine("Título grande", 16, True), *BODY, StyledLine("x", 8, False)]
    assert body_style(lines) == BodyStyle(11.0, False)
    assert body_style(["unstyled text"]).size == 0.0


@pytest.mark.parametrize(
    "line",
    [
        StyledLine("Garantías de crédito", 14, False),  # larger than the body
        StyledLine("Garantías de crédito", 11, True),  # bold where the body is not
        StyledLine("2.3 Garantías de crédito", 11, False),  # numbered
        StyledLine("II. Garantías de crédito", 11, False),
        StyledLine("Capítulo 3 Garantías de crédito", 11, False),
        StyledLine("GARANTÍAS DE CRÉDITO", 11, False),  # capitals
    ],
)
def test_a_titled_line_before_body_text_is_a_heading(line: StyledLine) -> None:
    for paras in ([[line], list(BODY)], [[line, *BODY]]):  # own paragraph, or glued on top
        out = mark_page(paras, STYLE)  # type: ignore[arg-type]
        assert isinstance(out[0], Block) and out[0].kind == "heading"
        assert out[0].text == str(line) and out[1] == list(BODY)


@pytest.mark.parametrize(
    ("paras", "why"),
    [
        ([[StyledLine("Garantías de crédito", 11, False)], BODY], "same type as the body"),
        ([BODY, [StyledLine("Garantías de crédito", 14, True)]], "nothing follows it"),
        ([[StyledLine("Fuente: elaboración propia.", 14, True)], BODY], "ends like a sentence"),
        ([[StyledLine(w, 11, True) for w in ("Uno dos", "tres", "cuatro", "cinco")], BODY], "long"),
        (
            [
                [
                    StyledLine("1. Los bancos evalúan el crédito de cada empresa que lo pide", 11),
                    *BODY,
                ]
            ],
            "a list item: as long as the lines under it",
        ),
        ([[StyledLine("2021", 14, True)], BODY], "no word"),
    ],
)
def test_lines_that_only_look_like_titles_are_not_headings(
    paras: list[list[str]], why: str
) -> None:
    out = mark_page(list(paras), STYLE)  # type: ignore[arg-type]
    assert not any(isinstance(p, Block) for p in out), why


def test_a_title_set_inside_a_paragraph_is_cut_out() -> None:
    title = StyledLine("Segunda sección", 14, True)
    out = mark_page([[*BODY, title, *BODY]], STYLE)  # type: ignore[list-item]
    assert out == [list(BODY), Block("Segunda sección", "heading", 1), list(BODY)]
    # a bold line in the middle of a sentence is emphasis, not a title
    emphasis = StyledLine("Programa Nacional de Garantías", 11, True)
    broken = [BODY[0], emphasis, *BODY[1:]]
    assert mark_page([broken], STYLE) == [broken]  # type: ignore[list-item]


def test_title_like_rules() -> None:
    assert title_like("3. Factoraje inverso para proveedores")
    assert not title_like("el fondo revisa sus carteras")  # starts lower-case
    assert not title_like("Las empresas exportan más, y")
    assert not title_like(" ".join(["palabra"] * 15))


@pytest.mark.parametrize(
    "line", ["Página 3", "Pág. 3 de 10", "Page 3 of 10", "p. 3", "- 3 -", "— 12 —", "3 / 10", "iv"]
)
def test_printed_page_labels_are_recognised(line: str) -> None:
    assert page_label_line(line)


@pytest.mark.parametrize("line", ["3 empresas exportan", "Capítulo 3", "x", "2.3 Garantías"])
def test_content_is_not_a_page_label(line: str) -> None:
    assert not page_label_line(line)


def test_page_labels_and_running_lines_are_stripped_wherever_they_are_read() -> None:
    topics = ["Garantías de crédito.", "Ventanilla única.", "Factoraje inverso.", "Vales."]
    pages: list[list[list[str] | Block]] = [
        # the footer was drawn first, so it is read before the body
        [["Nota de trabajo 2026"], [f"Página {n}"], [topic]]
        for n, topic in enumerate(topics, start=1)
    ]
    pages[2] = [["Nota de trabajo 2026"], ["Factoraje inverso."], ["- 3 -"]]
    cleaned = strip_running_lines(pages)
    assert cleaned == [[[topic]] for topic in topics]
    # a bare number inside the page is content; a named label standing alone is not
    inner = [[["Uno."], ["Dos."], ["42"], ["Página 7"], ["Cuatro cinco."], ["Seis."], ["Siete."]]]
    assert strip_running_lines(inner) == [
        [["Uno."], ["Dos."], ["42"], ["Cuatro cinco."], ["Seis."], ["Siete."]]
    ]


# ---- the 4-page Spanish working note of issue 13, generated as a text-layer PDF ---------------
@pytest.mark.parametrize(
    ("style", "numbered"),
    [
        ("numbered-bold", True),
        ("numbered-large", False),  # by size alone
        ("bold", False),  # by weight alone
        ("caps", False),  # by capitals alone
    ],
)
def test_note_titles_found_from_typography(tmp_path: Path, style: str, numbered: bool) -> None:
    doc = parse_file(notes.note_pdf(tmp_path, style, numbered=numbered))[0]
    notes.check_note(doc, numbered)
