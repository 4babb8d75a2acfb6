"""OCR of image-only PDFs: pages, languages, running lines, skew, limits, and no Tesseract."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.answer.search import Searcher
from kb.curate.batch import Pipeline
from kb.errors import NoTextLayerError
from kb.ingest.chunk import chunk_document
from kb.ingest.parse import ocr, parse_file
from kb.records import Block, Document, Page
from kb.settings import Settings
from kb.store.index import Index
from tests.support import notes
from tests.support.scan import HEADER, PAGES, scanned_pdf

needs_tesseract = pytest.mark.skipif(
    ocr.find_tesseract() is None,
    reason="the tesseract binary is not installed (apt-get install tesseract-ocr "
    "tesseract-ocr-spa tesseract-ocr-por)",
)


@pytest.fixture(scope="module")
def scan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four scanned pages (es, es, es, pt), slightly skewed, with a running header and footer."""
    return scanned_pdf(tmp_path_factory.mktemp("scan") / "docs" / "informe.pdf", skew=1.5)


@pytest.fixture(scope="module")
def scan_doc(scan: Path) -> Document:
    return parse_file(scan)[0]


@needs_tesseract
def test_scanned_pages_are_read_with_their_page_numbers(scan_doc: Document) -> None:
    assert [p.number for p in scan_doc.pages] == [1, 2, 3, 4]
    assert all(p.ocr and p.ocr_confidence is not None for p in scan_doc.pages)
    assert all(p.ocr_confidence > 60 for p in scan_doc.pages if p.ocr_confidence is not None)
    assert "ventanilla única de comercio exterior" in " ".join(scan_doc.pages[2].text.split())
    assert "vouchers de inovação" in " ".join(scan_doc.pages[3].text.split())
    assert scan_doc.metadata["ocr_pages"] == [1, 2, 3, 4]
    assert scan_doc.metadata["ocr_languages"] == ["por", "spa"], "pt page re-read in Portuguese"
    assert scan_doc.language == "es"


@needs_tesseract
def test_running_header_and_footer_of_scans_are_removed(scan_doc: Document) -> None:
    for page in scan_doc.pages:
        assert HEADER not in page.text
        assert f"Página {page.number}" not in page.text
    assert scan_doc.pages[0].text.lower().startswith("introducción.")


class _Sink:
    """A ProgressSink that logs stages and advances."""

    def __init__(self) -> None:
        self.log: list[tuple[str, int]] = []

    def stage(self, name: str, total: int) -> None:
        self.log.append((name, total))

    def advance(self, n: int = 1) -> None:
        self.log.append(("+", n))


@needs_tesseract
def test_phrases_of_scanned_pages_are_found_with_page_and_ocr_flag(
    scan: Path, settings: Settings
) -> None:
    sink = _Sink()
    report = Pipeline(settings, progress=sink).ingest_paths([scan], "t")
    assert not report.failed and report.chunks >= 6
    assert sink.log[:7] == [
        ("Reading files", 1),
        ("OCR informe.pdf (pages)", 4),
        ("+", 1),
        ("+", 1),
        ("+", 1),
        ("+", 1),
        ("Reading files", 1),
    ]
    index = Index.load(settings.index_path("t"), expect_encoder="hash-256")
    searcher = Searcher(index, Pipeline(settings).encoder, settings)
    es = searcher.search(
        "ventanilla única de comercio exterior trámites aduaneros", top_k=1, method="bm25"
    )[0]
    assert es.page == 3 and es.ocr and es.to_json()["ocr"] is True
    assert es.ocr_confidence is not None and es.ocr_confidence > 60
    assert es.to_json()["ocr_confidence"] == es.ocr_confidence
    assert "ventanilla única de comercio exterior" in " ".join(es.text.split())
    pt = searcher.search(
        "associações empresariais participam das consultas", top_k=1, method="bm25"
    )[0]
    assert pt.page == 4 and pt.ocr and pt.language == "pt"
    assert "associações empresariais participam" in " ".join(pt.text.split())


@needs_tesseract
def test_document_language_from_metadata_is_tried_first(tmp_path: Path) -> None:
    path = scanned_pdf(tmp_path / "nota.pdf", PAGES[3:])
    (tmp_path / "nota.pdf.yaml").write_text("language: pt\n", encoding="utf-8")
    doc = parse_file(path)[0]
    assert doc.metadata["ocr_languages"] == ["por"]
    assert "pequenas empresas industriais" in " ".join(doc.text.split())


class _Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, int]] = []

    def start(self, label: str, total: int) -> None:
        self.events.append((label, total))

    def page_done(self) -> None:
        self.events.append(("page", 1))


@needs_tesseract
def test_pages_per_document_are_capped_and_reported(tmp_path: Path, settings: Settings) -> None:
    path = scanned_pdf(tmp_path / "largo.pdf", PAGES[:3])
    recorder = _Recorder()
    with ocr.reporting(recorder):
        doc = parse_file(path, settings=settings.with_(ocr_max_pages=2))[0]
    assert [bool(p.text) for p in doc.pages] == [True, True, False]
    assert doc.metadata["ocr_skipped_pages"] == [3]
    assert recorder.events == [("OCR largo.pdf", 2), ("page", 1), ("page", 1)]


def test_without_tesseract_the_error_says_how_to_enable_ocr(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", PAGES[:1])
    monkeypatch.setattr(ocr, "find_tesseract", lambda: None)
    with pytest.raises(NoTextLayerError) as info:
        parse_file(path)
    message = str(info.value)
    assert message.startswith(f"{path}: no text layer (scanned?)")
    assert "Tesseract is not installed" in message
    assert "apt-get install tesseract-ocr tesseract-ocr-spa tesseract-ocr-por" in message


def test_ocr_switched_off_says_which_setting(tmp_path: Path, settings: Settings) -> None:
    path = scanned_pdf(tmp_path / "scan.pdf", PAGES[:1])
    with pytest.raises(NoTextLayerError, match="ocr_enabled"):
        parse_file(path, settings=settings.with_(ocr_enabled=False))


def test_garbage_text_layers_are_recognised() -> None:
    assert ocr.garbage_text("¤¦§¨ ©«¬® ¯°±² ³´¶¸ ¹»¼½ ¾¿×÷ ¤¦§¨ ©«¬® ¯°±² ³´¶¸")
    assert not ocr.garbage_text("PIB 12,5% 13,1% 14,0% | US$ 1.200 | 3,5% + 2,1% = 5,6% 7% 8%")
    assert ocr.garbage_text(" ".join(["Tbxq", "Pmkr", "Zvgh", "Wqlt", "Krst"] * 3))
    assert not ocr.garbage_text(
        "Los fondos de garantía comparten el riesgo de los préstamos "
        "bancarios con las empresas pequeñas."
    )
    assert not ocr.garbage_text("1.1 Topologische Räume . . . . . . . . . . . . . . . . 2")
    assert not ocr.garbage_text("مرحبا بكم في هذا المستند الذي يحتوي على نص عربي طويل بما يكفي")


def test_ocr_words_grouped_into_lines_and_paragraphs() -> None:
    data = {
        "text": ["", "Uno", "dos", "tres", "Cuatro", "  "],
        "conf": [-1, 90, 80, 70, 60, -1],
        "block_num": [1, 1, 1, 1, 2, 2],
        "par_num": [1, 1, 1, 1, 1, 1],
        "line_num": [1, 1, 1, 2, 1, 1],
    }
    page = ocr.page_from_data(data, "spa")
    assert page.paragraphs == [["Uno dos", "tres"], ["Cuatro"]]
    assert page.confidence == 75.0 and page.language == "spa"


@needs_tesseract
def test_only_pages_without_usable_text_are_ocred(tmp_path: Path) -> None:
    """A text page stays as it is; scans (bare, under garbage text, stamped) are OCRed."""
    from fpdf import FPDF

    from tests.support.scan import font_path, page_image

    pdf = FPDF()
    pdf.add_font("dejavu", fname=str(font_path()))
    pdf.set_font("dejavu", size=12)
    pdf.add_page()
    pdf.multi_cell(0, 7, PAGES[0])
    for number, layer in ((2, "garbage"), (3, None), (4, "stamp")):
        pdf.add_page()
        pdf.image(page_image(PAGES[number - 1], number, header=None), x=0, y=0, w=210, h=297)
        if layer == "garbage":  # an invisible, broken text layer as bad fonts or OCR leave
            pdf.set_text_color(255, 255, 255)
            pdf.multi_cell(0, 7, " ".join(["Tbxq", "Pmkr", "Zvgh", "Wqlt", "Krst", "Bvcx"] * 8))
        elif layer == "stamp":  # a scan whose only text is a stamp added afterwards
            pdf.set_text_color(0, 0, 0)
            pdf.text(150, 10, "Recibido 2024")
    path = tmp_path / "mixto.pdf"
    pdf.output(str(path))
    doc = parse_file(path)[0]
    assert [p.ocr for p in doc.pages] == [False, True, True, True]
    assert doc.metadata["ocr_pages"] == [2, 3, 4]
    assert "Tbxq" not in doc.text
    assert "fondos de garantía comparten el riesgo" in " ".join(doc.pages[1].text.split())
    assert "ventanilla única de comercio exterior" in " ".join(doc.pages[2].text.split())
    assert "vouchers de inovação" in " ".join(doc.pages[3].text.split())


def test_chunks_of_scanned_pages_carry_their_pages_mean_confidence() -> None:
    text = "Una oración de prueba con varias palabras."
    pages = (
        Page(1, (Block(text),)),
        Page(2, (Block(text),), ocr=True, ocr_confidence=80.0),
        Page(3, (Block(text),), ocr=True, ocr_confidence=90.0),
    )
    doc = Document("d", "t", "s", pages, "pdf")
    chunks = chunk_document(doc, size=100, overlap=10)
    # a passage never crosses a page (issue 13): each has its own page's confidence
    assert [(c.page_start, c.page_end, c.ocr, c.ocr_confidence) for c in chunks] == [
        (1, 1, False, None),
        (2, 2, True, 80.0),
        (3, 3, True, 90.0),
    ]
    # a sentence running on over a page break spans both pages and averages them
    runs_on = (
        Page(1, (Block("Una oración que sigue en la"),), ocr=True, ocr_confidence=80.0),
        Page(2, (Block("página siguiente con más palabras."),), ocr=True, ocr_confidence=90.0),
    )
    across = chunk_document(Document("d", "t", "s", runs_on, "pdf"), size=100, overlap=10)
    assert [(c.page_start, c.page_end, c.ocr_confidence) for c in across] == [(1, 2, 85.0)]


@needs_tesseract
@pytest.mark.parametrize(("style", "numbered"), [("numbered-bold", True), ("bold", False)])
def test_scanned_note_cites_the_page_and_finds_titles(
    tmp_path: Path, style: str, numbered: bool
) -> None:
    """Issue 13: the 4-page note as an image-only scan; titles told by line height and ink."""
    doc = parse_file(notes.note_pdf(tmp_path, style, numbered=numbered, scan=True))[0]
    assert all(p.ocr for p in doc.pages)
    notes.check_note(doc, numbered)
