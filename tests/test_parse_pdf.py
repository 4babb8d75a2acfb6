"""PDF parsing on the real datakit PDFs and on hostile inputs made in tmp_path."""

from __future__ import annotations

import functools
import json
import re
from pathlib import Path

import pytest
from fpdf import FPDF
from pypdf import PdfWriter

from kb.errors import (
    EncryptedPDFError,
    NoTextLayerError,
    ParseError,
    WrongPasswordError,
)
from kb.ingest.parse import parse_file
from kb.ingest.parse.pdf import handle_textless_page, strip_running_lines
from kb.ingest.parse.pdf_layout import join_lines
from kb.settings import Settings

DATAKIT = Path(__file__).resolve().parents[1].parent / "shared" / "datakit"
PDFS = DATAKIT / "pdfs"
ENCRYPTED = PDFS / "005-libreoffice-writer-password" / "libreoffice-writer-password.pdf"
needs_datakit = pytest.mark.skipif(not PDFS.is_dir(), reason="../shared/datakit not present")


def _published_pages() -> dict[str, int]:
    data = json.loads((PDFS / "files.json").read_text(encoding="utf-8"))["data"]
    return {row["path"]: row["pages"] for row in data}


def _only(path: Path, **kwargs: object) -> object:
    docs = _parsed(path) if not kwargs else parse_file(path, **kwargs)  # type: ignore[arg-type]
    assert len(docs) == 1
    return docs[0]


@functools.cache
def _parsed(path: Path) -> list[object]:
    """Datakit PDFs are read-only, so one parse per test session is enough (GeoTopo takes ~9 s)."""
    return parse_file(path)  # type: ignore[return-value]


# Files whose failure is expected, with the error each must raise (and why).
EXPECTED_FAILURES = {
    # password-protected: needs --password
    "005-libreoffice-writer-password/libreoffice-writer-password.pdf": EncryptedPDFError,
    # six raster images, no text operators at all
    "007-imagemagick-images/imagemagick-images.pdf": NoTextLayerError,
    # its /Pages tree points at an undefined object; pdfium refuses it too
    "017-unreadable-meta-data/unreadablemetadata.pdf": ParseError,
}


@pytest.mark.integration
@needs_datakit
def test_every_datakit_pdf_parses_or_fails_specifically() -> None:
    published = _published_pages()
    files = sorted(PDFS.rglob("*.pdf"))
    assert len(files) >= 20
    for path in files:
        rel = path.relative_to(PDFS).as_posix()
        expected = EXPECTED_FAILURES.get(rel)
        if expected is not None:
            with pytest.raises(expected) as info:
                parse_file(path)
            assert str(path) in str(info.value)
            continue
        doc = _only(path)
        assert doc.text.strip(), rel
        assert doc.page_count == published[rel], rel
        assert [p.number for p in doc.pages] == list(range(1, doc.page_count + 1))
        assert doc.doc_type == "pdf" and doc.source == str(path)


@pytest.mark.integration
@needs_datakit
def test_damaged_pdf_names_the_reason() -> None:
    path = PDFS / "017-unreadable-meta-data" / "unreadablemetadata.pdf"
    with pytest.raises(ParseError, match="truncated or damaged PDF"):
        parse_file(path)


@pytest.mark.integration
@needs_datakit
def test_encrypted_pdf_needs_the_password() -> None:
    with pytest.raises(EncryptedPDFError, match="encrypted"):
        parse_file(ENCRYPTED)
    with pytest.raises(WrongPasswordError, match=re.escape(str(ENCRYPTED))):
        parse_file(ENCRYPTED, password="not-the-password")
    for password in ("openpassword", "permissionpassword"):  # from the datakit README
        doc = _only(ENCRYPTED, password=password)
        assert doc.page_count == 1
        assert len(doc.text.split()) > 3


@pytest.mark.integration
@needs_datakit
def test_four_pages_each_with_its_own_text() -> None:
    doc = _only(PDFS / "004-pdflatex-4-pages" / "pdflatex-4-pages.pdf")
    assert doc.page_count == 4
    # the .tex is \blindtext[23]: 23 repetitions of the blind text, spread over the pages
    opening = "Hello, here is some text without a meaning"
    counts = [p.text.count(opening) for p in doc.pages]
    assert sum(counts) == 23 and all(counts)
    # a sentence broken across a page boundary stays split at that boundary
    assert doc.pages[0].text.endswith("you will get no")
    assert doc.pages[1].text.startswith("information. Really?")
    # the printed page numbers (footers 1..4) are removed as running lines
    for page in doc.pages:
        assert not re.search(r"\s\d\s*$", page.text), page.text[-40:]
    assert doc.year == 2022 and doc.language == "en"


@pytest.mark.integration
@needs_datakit
def test_two_columns_read_left_then_right() -> None:
    doc = _only(PDFS / "026-latex-multicolumn" / "multicolumn.pdf")
    tex = (PDFS / "026-latex-multicolumn" / "multicolumn.tex").read_text(encoding="utf-8")
    assert "twocolumn" in tex and "\\lipsum[1-10]" in tex
    first = doc.pages[0].text
    # title and abstract (from the .tex) come first
    assert first.index("Two-Column Document with Lorem Ipsum") < first.index("This is a sample")
    # lipsum paragraphs 1-3 fill the left column, 4 and 5 start in the right one
    openings = [
        "Lorem ipsum dolor sit amet",
        "Nam dui ligula",
        "Nulla malesuada porttitor",
        "Quisque ullamcorper placerat ipsum",
        "Fusce mauris. Vestibulum",
    ]
    positions = [first.index(o) for o in openings]
    assert positions == sorted(positions)
    # hyphenation at line ends is joined: "adip-" + "iscing" in the first paragraph
    assert "consectetuer adipiscing elit" in first
    assert "EU Countries Information" in doc.pages[2].text


@pytest.mark.integration
@needs_datakit
def test_outline_titles_become_headings_on_their_pages() -> None:
    doc = _only(PDFS / "006-pdflatex-outline" / "pdflatex-outline.pdf")
    headings = {p.number: [b.text for b in p.blocks if b.kind == "heading"] for p in doc.pages}
    # bookmarks Foo/Bar/Baz point at pages 2, 2, 2, 2, 3, 3, 3, 4, 4 (the contents page says so)
    assert headings == {
        1: [],
        2: ["Foo", "Bar", "Baz", "Foo"],
        3: ["Bar", "Baz", "Foo"],
        4: ["Bar", "Baz"],
    }
    page2 = doc.pages[1].blocks
    assert page2[0].kind == "heading" and page2[1].text.startswith("Hello, here is some text")
    assert not page2[1].text.startswith("1 Foo")  # the printed heading was replaced, not doubled


@pytest.mark.integration
@needs_datakit
def test_page_labels_and_title_from_a_real_report() -> None:
    doc = _only(PDFS / "009-pdflatex-geotopo" / "GeoTopo-komprimiert.pdf")
    assert doc.page_count == 117
    assert [p.label for p in doc.pages[:4]] == ["i", "ii", "iii", "1"]
    assert doc.title == "Geometrie und Topologie"
    assert doc.language == "de"
    assert "\x00" not in doc.text


@pytest.mark.integration
@needs_datakit
def test_icon_glyphs_are_not_text() -> None:
    doc = _only(PDFS / "011-google-doc-document" / "google-doc-document.pdf")
    assert "Germany: Berlin" in doc.text  # the countries table is kept as a table
    assert not any(0xE000 <= ord(ch) <= 0xF8FF or ord(ch) >= 0xF0000 for ch in doc.text)


@pytest.mark.integration
@needs_datakit
def test_page_limit_truncates_and_says_so() -> None:
    path = PDFS / "009-pdflatex-geotopo" / "GeoTopo-komprimiert.pdf"
    doc = _only(path, settings=Settings(max_pdf_pages=5))
    assert doc.page_count == 5
    assert doc.metadata["truncated"] is True and doc.metadata["page_count"] == 117


def _interleaved_two_column_pdf(path: Path) -> None:
    """Left and right column lines drawn alternately, so stream order is not reading order."""
    pdf = FPDF(unit="pt", format="A4")
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for i in range(25):
        y = 80 + i * 14
        pdf.text(50, y, f"leftcol line {i:02d} alpha beta gamma")
        pdf.text(320, y, f"rightcol line {i:02d} delta epsilon")
    pdf.output(str(path))


def test_interleaved_columns_are_reordered(tmp_path: Path) -> None:
    path = tmp_path / "columns.pdf"
    _interleaved_two_column_pdf(path)
    text = _only(path).text
    last_left = text.index("leftcol line 24")
    first_right = text.index("rightcol line 00")
    assert last_left < first_right
    lefts = [int(n) for n in re.findall(r"leftcol line (\d+)", text)]
    assert lefts == list(range(25))


def test_zero_byte_pdf(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    path.write_bytes(b"")
    with pytest.raises(ParseError, match=re.escape(str(path)) + ".*empty file"):
        parse_file(path)


def test_random_bytes_named_pdf(tmp_path: Path) -> None:
    path = tmp_path / "random.pdf"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ParseError, match="not a valid PDF") as info:
        parse_file(path)
    assert info.value.path == str(path)


def test_truncated_pdf(tmp_path: Path) -> None:
    whole = tmp_path / "whole.pdf"
    _interleaved_two_column_pdf(whole)
    data = whole.read_bytes()
    path = tmp_path / "half.pdf"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(ParseError, match="truncated or damaged PDF") as info:
        parse_file(path)
    assert str(path) in str(info.value)


def test_pdf_without_text_layer(tmp_path: Path) -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_blank_page(width=595, height=842)
    path = tmp_path / "scan.pdf"
    with path.open("wb") as fh:
        writer.write(fh)
    with pytest.raises(NoTextLayerError, match=r"no text layer \(scanned\?\)") as info:
        parse_file(path)
    assert str(path) in str(info.value)


def test_pdf_with_only_a_drawing_has_no_text_layer(tmp_path: Path) -> None:
    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    path = tmp_path / "drawing.pdf"
    pdf.output(str(path))
    with pytest.raises(NoTextLayerError):
        parse_file(path)


def test_textless_page_hook_returns_an_empty_page() -> None:
    page = handle_textless_page(3, "iii")
    assert page.number == 3 and page.label == "iii" and page.text == ""


def test_running_headers_and_footers_are_removed() -> None:
    pages = [
        [["ACME Annual Report 2021", "Intro text"], ["body one"], ["Page 1 of 3"]],
        [["ACME Annual Report 2021"], ["body two"], ["Page 2 of 3"]],
        [["ACME Annual Report 2021"], ["body three"], ["Page 3 of 3"]],
    ]
    cleaned = strip_running_lines(pages)
    assert cleaned[0] == [["Intro text"], ["body one"]]
    assert cleaned[1] == [["body two"]] and cleaned[2] == [["body three"]]
    # two pages are too few to tell a running header from content; a printed page label is
    # plainly one whatever the page count (issue 13)
    assert strip_running_lines(pages[:2]) == [p[:2] for p in pages[:2]]


def test_hyphenation_joins_only_lowercase_continuations() -> None:
    assert join_lines(["an exam-", "ple of it"]) == "an example of it"
    assert join_lines(["small and medium-", "Sized firms"]) == "small and medium- Sized firms"
    assert join_lines(["year 2020-", "2021"]) == "year 2020- 2021"


def _hand_made_pdf(objects: list[bytes]) -> bytes:
    """A syntactically complete PDF (header, xref, trailer, %%EOF) around the given objects."""
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\n".encode()
    return out + f"startxref\n{xref}\n%%EOF\n".encode()


def test_page_tree_loop_is_a_parse_error(tmp_path: Path) -> None:
    path = tmp_path / "loop.pdf"
    path.write_bytes(
        _hand_made_pdf(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>",  # the page tree contains itself
            ]
        )
    )
    with pytest.raises(ParseError, match="truncated or damaged PDF") as info:
        parse_file(path)
    assert str(path) in str(info.value)
