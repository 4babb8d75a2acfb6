"""DOCX pages and headings (issue 13): page breaks Word recorded, and bold titles."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.oxml import OxmlElement

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.records import Document

BODY = (
    "Los fondos de garantía comparten con los bancos el riesgo de los préstamos a empresas "
    "que no tienen garantías reales suficientes. "
)
FACTORING = (
    "La plataforma de factoraje inverso conecta a los pequeños proveedores con las grandes "
    "empresas compradoras. "
)


def _rendered_break(paragraph: object) -> None:
    """A w:lastRenderedPageBreak where Word's last layout started a new page."""
    run = paragraph.add_run()  # type: ignore[attr-defined]
    run._r.append(OxmlElement("w:lastRenderedPageBreak"))


def _parse(document: object, path: Path) -> Document:
    document.save(str(path))  # type: ignore[attr-defined]
    return parse_file(path)[0]


def test_explicit_page_breaks_give_pages(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Garantías de crédito", level=1)
    document.add_paragraph(BODY * 2)
    document.add_page_break()
    document.add_heading("Ventanilla única", level=1)
    document.add_paragraph("La ventanilla única reúne los trámites de exportación. " * 3)
    third = document.add_paragraph(FACTORING * 2)
    third.paragraph_format.page_break_before = True
    doc = _parse(document, tmp_path / "nota.docx")
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[0].text.startswith("Garantías de crédito")
    assert doc.pages[2].text.startswith("La plataforma de factoraje inverso")
    chunks = chunk_document(doc)
    assert [(c.page_start, c.page_end, c.heading) for c in chunks] == [
        (1, 1, "Garantías de crédito"),
        (2, 2, "Ventanilla única"),
        (3, 3, "Ventanilla única"),
    ]


def test_rendered_page_breaks_win_and_split_a_paragraph(tmp_path: Path) -> None:
    document = docx.Document()
    first = document.add_paragraph(BODY * 3 + "El fondo revisa cada trimestre las carteras de los")
    _rendered_break(first)
    first.add_run(" bancos que participan. " + BODY)
    document.add_page_break()  # an explicit break Word also rendered: counted once
    third = document.add_paragraph()
    _rendered_break(third)
    third.add_run(FACTORING * 2)
    doc = _parse(document, tmp_path / "nota.docx")
    assert [p.number for p in doc.pages] == [1, 2, 3]
    assert doc.pages[1].text.startswith("bancos que participan.")
    assert doc.pages[2].text.startswith("La plataforma de factoraje inverso")
    spans = [(c.page_start, c.page_end) for c in chunk_document(doc)]
    assert spans == [(1, 2), (2, 2), (3, 3)], "only the sentence running on spans two pages"


def test_short_bold_paragraphs_before_body_are_headings(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph().add_run("Factoraje inverso para proveedores").bold = True
    document.add_paragraph(FACTORING * 2)
    document.add_paragraph().add_run("Una frase en negrita que termina con punto.").bold = True
    document.add_paragraph(BODY)
    document.add_paragraph().add_run("Notas").bold = True  # nothing follows it
    doc = _parse(document, tmp_path / "nota.docx")
    kinds = [(b.kind, b.text[:20]) for b in doc.pages[0].blocks]
    assert kinds == [
        ("heading", "Factoraje inverso pa"),
        ("paragraph", "La plataforma de fac"),
        ("paragraph", "Una frase en negrita"),
        ("paragraph", "Los fondos de garant"),
        ("paragraph", "Notas"),
    ]
