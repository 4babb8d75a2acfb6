"""A plain 4-page Spanish working note, as issue 13 describes it, made into PDFs in the test.

One topic per page under a section title at the top, a running header and "Página N" on every
page, no outline. Rendered with kb's held-out note renderer (kb/evaluate/heldout_notes.py) as a
text-layer PDF in any of its heading styles, and as an image-only scan for OCR. Only page 3
says how the reverse-factoring platform links small suppliers with large buyers.
"""

from __future__ import annotations

from pathlib import Path

from kb.evaluate.heldout_notes import Note, NoteBlock, render_scan_pdf, render_text_pdf
from kb.ingest.chunk import chunk_document
from kb.records import Document

HEADER = "Nota de trabajo: instrumentos para pymes exportadoras"
TITLES = (
    "1. Garantías de crédito",
    "2. Ventanilla única de comercio exterior",
    "3. Factoraje inverso para proveedores",
    "4. Vales de innovación",
)
# The sentence that answers "how do small suppliers get paid early by large buyers?" (page 3).
ANSWER = "conecta a los pequeños proveedores con las grandes empresas compradoras"

_TEXT = (
    (
        "Los fondos de garantía comparten con los bancos el riesgo de los préstamos a empresas "
        "que no tienen garantías reales suficientes. El fondo cubre entre el cincuenta y el "
        "setenta por ciento del saldo y cobra una comisión anual que depende de la "
        "siniestralidad de cada cartera. Los bancos conservan la evaluación del crédito y el "
        "fondo revisa sus carteras cada trimestre.",
        "Las garantías de cartera permiten cubrir muchos préstamos pequeños con un solo "
        "contrato. Los bancos informan mensualmente las operaciones nuevas y los pagos "
        "atrasados. La agencia publica cada año el número de empresas atendidas, el monto "
        "garantizado y las pérdidas pagadas, lo que permite comparar el costo fiscal del "
        "programa con el crédito adicional que genera.",
        "Las evaluaciones disponibles muestran que las empresas con garantía obtienen plazos "
        "más largos y tasas algo menores que empresas parecidas sin garantía. El efecto es "
        "mayor en las empresas jóvenes y en las regiones con menos sucursales bancarias.",
    ),
    (
        "La ventanilla única reúne en un solo portal los permisos, certificados y "
        "declaraciones que exige una exportación. El exportador carga sus documentos una vez "
        "y las agencias de control los consultan en línea, sin pedir copias en papel. Los "
        "pagos de derechos y tasas también se hacen en el mismo portal.",
        "Los plazos de los trámites aduaneros bajaron de varios días a pocas horas para la "
        "mayoría de las operaciones. Los exportadores pequeños del sector agrícola fueron los "
        "más beneficiados, porque antes debían viajar a la capital para obtener los "
        "certificados sanitarios. La agencia de aduanas mide cada mes el tiempo de despacho.",
        "El diseño exigió acuerdos entre muchas agencias públicas y una ley que reconoce la "
        "firma electrónica de los documentos. La interoperabilidad con las ventanillas de los "
        "países vecinos permite intercambiar certificados de origen en forma electrónica.",
    ),
    (
        "La plataforma pública de factoraje inverso " + ANSWER + ". Cuando el comprador "
        "aprueba una factura, el proveedor puede cederla a un banco y cobrar en dos días, en "
        "lugar de esperar el plazo de pago de noventa días. El banco asume el riesgo del "
        "comprador, que es menor, por lo que el descuento es bajo.",
        "La plataforma es operada por un banco de desarrollo y los bancos comerciales compiten "
        "por descontar cada factura en una subasta electrónica. Los proveedores no necesitan "
        "garantías propias ni historial de crédito, porque la deuda que se cede es la del "
        "comprador grande. Las tasas de descuento cayeron a medida que más bancos entraron.",
        "Más de veinte mil proveedores pequeños usaron la plataforma en su primer año. Las "
        "cadenas de valor del sector automotor y del comercio minorista fueron las primeras en "
        "sumarse, y la legislación sobre facturas electrónicas facilitó la operación.",
    ),
    (
        "Los vales de innovación financian consultorías tecnológicas de corta duración para "
        "empresas pequeñas que nunca trabajaron con una universidad. La empresa elige un "
        "centro de investigación de una lista aprobada y el vale paga la mayor parte del "
        "servicio, hasta un monto fijo por empresa.",
        "El programa busca que las empresas prueben la colaboración con centros tecnológicos "
        "con poco riesgo. Muchas empresas que recibieron un vale contrataron después nuevos "
        "proyectos con el mismo centro, ya sin subsidio. La agencia asigna los vales por orden "
        "de llegada y revisa los informes finales de cada proyecto.",
        "Las evaluaciones encontraron efectos positivos sobre la probabilidad de introducir "
        "productos nuevos, aunque los efectos sobre las ventas son más inciertos.",
    ),
)


def title(page: int, numbered: bool = True) -> str:
    """The section title at the top of `page` (1-based), with or without its number."""
    text = TITLES[page - 1]
    return text if numbered else text.split(" ", 1)[1]


def note(heading_style: str = "numbered-bold", numbered: bool = True) -> Note:
    """The note in one of the renderer's heading styles (numbered-bold, numbered-large, caps,
    bold); without `numbered`, titles must be told by their type alone."""
    pages = tuple(
        (NoteBlock("heading", title(n, numbered)), *(NoteBlock("paragraph", p) for p in paras))
        for n, paras in enumerate(_TEXT, start=1)
    )
    return Note(
        stem=f"nota-{heading_style}",
        path=Path(f"nota-{heading_style}.md"),
        title="Instrumentos para pymes exportadoras",
        language="es",
        running_header=HEADER,
        page_label="Página {n}",
        heading_style=heading_style,
        pages=pages,
    )


def note_pdf(
    folder: Path, heading_style: str = "numbered-bold", *, numbered: bool = True, scan: bool = False
) -> Path:
    """The note as a text-layer PDF, or (`scan`) as an image-only scan of it, in `folder`."""
    data = render_text_pdf(note(heading_style, numbered))
    if scan:
        data = render_scan_pdf(data)
    path = (
        folder / f"nota-{heading_style}{'' if numbered else '-plain'}{'-scan' if scan else ''}.pdf"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def check_note(doc: Document, numbered: bool) -> None:
    """Each page opens with its title as a heading; no label or header; chunks stay on page."""
    assert doc.page_count == 4
    for page in doc.pages:
        first = page.blocks[0]
        wanted = title(page.number, numbered).casefold()  # the caps style upper-cases it
        assert (first.kind, first.text.casefold()) == ("heading", wanted)
        assert HEADER not in page.text and "Página" not in page.text
    chunks = chunk_document(doc)
    assert chunks
    for c in chunks:
        assert c.page_start == c.page_end, "one topic per page: no sentence runs on"
        wanted = title(c.page_start, numbered).casefold()
        assert (c.heading or "").casefold() == wanted, "a passage never crosses a title"
    holding = [c for c in chunks if holds_answer(c.text)]
    assert holding and all(c.page_start == 3 for c in holding)


def holds_answer(text: str) -> bool:
    """The answer's words, nearly all of them (OCR may misread one), in the passage."""
    wanted = set(ANSWER.split())
    return len(wanted & set(text.split())) >= 0.8 * len(wanted)
