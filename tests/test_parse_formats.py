"""HTML, Markdown, DOCX, text parsing, sidecars, folder walking and hostile inputs."""

from __future__ import annotations

import re
from pathlib import Path

import docx
import pytest

from kb.errors import (
    EmptyFileError,
    FileTooLargeError,
    MetadataError,
    ParseError,
    UnsupportedFormatError,
)
from kb.ingest.parse import SUPPORTED_SUFFIXES, iter_files, parse_file
from kb.records import content_id
from kb.settings import Settings
from kb.vocab.labels import t
from tests.support.files import DATAKIT, needs_datakit

SPANISH = (
    "Las pequeñas y medianas empresas de la región necesitan crédito para exportar. "
    "El programa ofrece garantías parciales a los bancos que prestan a las empresas."
)
ENGLISH = (
    "Small and medium enterprises in the region need credit to export their goods. "
    "The programme offers partial guarantees to the banks that lend to these firms."
)


def _one(path: Path, **kwargs: object) -> object:
    docs = parse_file(path, **kwargs)  # type: ignore[arg-type]
    assert len(docs) == 1
    return docs[0]


def test_supported_suffixes() -> None:
    assert {".pdf", ".html", ".htm", ".md", ".markdown", ".docx", ".txt", ".csv"} == set(
        SUPPORTED_SUFFIXES
    )


def test_html_drops_scripts_and_furniture(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text(
        "<html lang='en'><head><title>Export credit guide</title>"
        "<style>p {color: red}</style><script>var secret = 'alert(1)';</script></head><body>"
        "<nav><a href='/'>Home</a> Menu</nav><header>Site banner</header>"
        f"<h1>Guarantees</h1><p>{ENGLISH} <b>bold</b> <a href='x'>linked</a></p>"
        "<h2>How to apply</h2><ul><li>Fill the <em>form</em></li><li>Send it</li></ul>"
        "<table><tr><th>Fund</th><th>Size</th></tr><tr><td>FOGAPE</td><td>large</td></tr></table>"
        "<div>Loose text in a div</div><noscript>Enable JS</noscript>"
        "<form><input value='x'>Search box</form><aside>Related</aside>"
        "<footer>Copyright footer</footer></body></html>",
        encoding="utf-8",
    )
    doc = _one(path)
    text = doc.text
    for junk in (
        "secret",
        "alert",
        "color",
        "Menu",
        "Site banner",
        "Enable JS",
        "Search box",
        "Related",
        "Copyright",
        "<",
        ">",
    ):
        assert junk not in text, junk
    assert doc.title == "Export credit guide"
    blocks = doc.pages[0].blocks
    headings = [(b.text, b.level) for b in blocks if b.kind == "heading"]
    assert headings == [("Guarantees", 1), ("How to apply", 2)]
    paragraphs = [b.text for b in blocks if b.kind == "paragraph"]
    assert paragraphs[0].endswith("bold linked")
    assert "Fill the form" in paragraphs and "Send it" in paragraphs
    tables = [b for b in blocks if b.kind == "table"]
    assert [t.text for t in tables] == ["Fund: FOGAPE | Size: large"]
    assert not any("FOGAPE" in p for p in paragraphs), "a data table is not repeated as text"
    assert "Loose text in a div" in paragraphs
    assert doc.language == "en" and doc.doc_type == "html"
    assert doc.doc_id == content_id(path.read_bytes())


def test_html_title_falls_back_to_first_h1(tmp_path: Path) -> None:
    path = tmp_path / "notitle.htm"
    path.write_text(f"<body><h1>Garantías</h1><p>{SPANISH}</p></body>", encoding="utf-8")
    doc = _one(path)
    assert doc.title == "Garantías" and doc.language == "es"


def test_html_bare_text(tmp_path: Path) -> None:
    path = tmp_path / "bare.html"
    path.write_text(f"<html><body>{ENGLISH}<br><i>more</i></body></html>", encoding="utf-8")
    assert _one(path).text == ENGLISH + " more"


def test_html_article_header_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "post.html"
    path.write_text(
        "<body><header>Site banner</header><article><header><h1>Export vouchers</h1></header>"
        f"<p>{ENGLISH}</p><footer>Posted in 2021</footer></article>"
        "<footer>Site footer</footer></body>",
        encoding="utf-8",
    )
    doc = _one(path)
    assert doc.title == "Export vouchers"
    assert "Site banner" not in doc.text and "Site footer" not in doc.text
    assert "Posted in 2021" in doc.text


def test_markdown_front_matter_headings_and_tags(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text(
        "---\ntitle: Export vouchers\nyear: 2019\ncountries: [CHL, Peru, Spain, LAC]\n"
        "author: Ana\n---\n"
        f"# Heading one\n\n{ENGLISH}\n\n## Sub *two*\n\nSee [the site](https://example.org) "
        "and **bold** text.\n\n> A quoted remark stays.\n",
        encoding="utf-8",
    )
    doc = _one(path)
    assert doc.title == "Export vouchers" and doc.year == 2019
    assert doc.countries == ("CHL", "PER", "ESP", "LAC")  # region codes allowed when declared
    assert doc.metadata["author"] == "Ana"
    blocks = doc.pages[0].blocks
    assert [(b.text, b.level) for b in blocks if b.kind == "heading"] == [
        ("Heading one", 1),
        ("Sub two", 2),
    ]
    assert "See the site and bold text." in doc.text
    assert "https://example.org" not in doc.text
    assert "A quoted remark stays." in doc.text


def test_markdown_undp_tags(tmp_path: Path) -> None:
    path = tmp_path / "plan.md"
    path.write_text(
        "# Plan\n\n[[year:2022]]\n[[type:learningplan]]\n[[country:Colombia]]\n"
        "[[country:Viet Nam]]\n[[methods:Prototyping]]\n[[methods:Behavioral Insights]]\n"
        "## Title\n\n> Please provide a name for your action learning plan.\n\n"
        f"{SPANISH}\n",
        encoding="utf-8",
    )
    doc = _one(path)
    assert doc.year == 2022 and doc.countries == ("COL", "VNM")
    assert doc.metadata["type"] == "learningplan"
    assert doc.doc_type == "learningplan"  # what the page is, not its file format
    assert t("doc_type.learningplan", "es") == "plan de aprendizaje"
    assert doc.metadata["methods"] == ["Prototyping", "Behavioral Insights"]
    assert "[[" not in doc.text
    # learning plans are forms: the quoted English prompts are dropped, the answers stay
    assert "Please provide a name" not in doc.text
    assert doc.language == "es"


@pytest.mark.parametrize("kind", ["program", "repository-record", "pdf", "podcast"])
def test_a_page_cannot_tag_itself_into_another_kind_of_document(tmp_path: Path, kind: str) -> None:
    """A case study and a repository record are treated apart (rebuilt from corpus/programs,
    keyed by handle): a saved page's own tag never makes it one, nor an unknown type."""
    path = tmp_path / "page.md"
    path.write_text(f"# Page\n\n[[type:{kind}]]\n\n{SPANISH}\n", encoding="utf-8")
    assert _one(path).doc_type == "markdown"


def test_site_menus_kept_by_a_page_export_are_dropped(tmp_path: Path) -> None:
    """A web page saved as Markdown or text keeps its menus, one item a line; joined into a
    paragraph they made a passage of menu words. A writer's own lists stay."""
    menu = "Skip to main content\nViet Nam\nWHO WE ARE\nWHAT WE DO\nOUR IMPACT\nGlobal\nSearch"
    body = "Informal firms in Viet Nam rarely borrow from banks. A pilot tested a mobile app."
    footer = "United Nations\nDevelopment Programme\nAbout us\nOur team\nLegal framework"
    kept = (
        "Three steps:\n- Register\n- Apply\n- Report\n- Renew\n- Close\n"
        "Deadlines\nMarch 2021\nJune 2021\nSeptember 2021\nDecember 2021\n"
        "the challenges\nimposed by\nthe pandemic,\nfirms have\nbeen hard hit."
    )
    for suffix in (".md", ".txt"):
        path = tmp_path / f"page{suffix}"
        path.write_text(f"{menu}\n{body}\n\n{kept}\n{footer}\n", encoding="utf-8")
        doc = parse_file(path)[0]
        paragraphs = [b.text for b in doc.pages[0].blocks if b.kind != "heading"]
        assert paragraphs[0] == body, paragraphs  # the menu is gone, not glued to the body
        for word in ("WHO WE ARE", "Skip to main content", "Legal framework", "Our team"):
            assert word not in doc.text, (suffix, word)
        for word in ("- Renew", "September 2021", "imposed by", "Deadlines"):
            assert word in doc.text, (suffix, word)


def test_related_items_with_their_first_words_are_dropped(tmp_path: Path) -> None:
    """A related item may show the first words of its text, ending in "...", which reads as a
    sentence: the item goes from its label to its "read more" link, in each language. A
    capitalised line with no link under it, and a "read more" without a label, keep the
    article's own lines."""
    body = "Rural producers in Sabah sold online through a shared marketplace during COVID-19."
    related = (
        "PUBLICATIONS\nThe Onset of a Pandemic\nThis report is a call to action, to prepare "
        "for future crises and the ones we live today ...\nREAD MORE\n"
        "NOTICIAS\nInició el Censo de la Confección\nEl Censo se lleva adelante durante el "
        "mes de agosto en los barrios...\nLEER MÁS\nBLOG\nCo-criando serviços\nLeia mais"
    )
    kept = "SUMMARY\nThe pilot trained 40 producers.\n\nLESSONS\n\nThey are below.\nRead more"
    path = tmp_path / "page.md"
    path.write_text(f"{body}\n\n{kept}\n\n{related}\n", encoding="utf-8")
    text = parse_file(path)[0].text
    for words in ("PUBLICATIONS", "call to action", "NOTICIAS", "Censo", "LEER", "Co-criando"):
        assert words not in text, words
    for words in (body, "SUMMARY", "trained 40 producers.", "LESSONS", "They are below."):
        assert words in text, words
    assert "Read more" not in text


@needs_datakit
def test_a_saved_undp_page_ends_with_its_article() -> None:
    """A real UNDP page: the article's acknowledgements and references stay, the related
    publications and blogs listed after it go."""
    page = DATAKIT / "undp-acclab" / "pages"
    doc = parse_file(
        page / "blog_e-commerce_for_rural_development_a_response_to_covid-19_recovery.md"
    )[0]
    assert "EasyParcel Sdn Bhd" in doc.text and "opengovasia.com" in doc.text
    for words in ("READ MORE", "PUBLICATIONS", "The Onset of a Pandemic", "KISAH Futures"):
        assert words not in doc.text, words


def test_author_blocks_and_related_lists_of_a_page_export_are_dropped(tmp_path: Path) -> None:
    """Longer lines that hold no sentence, many in a row, are page furniture too: the authors
    ("NAME / role"), the related articles ("BLOG / title / READ MORE"). Data lines (with a
    digit), wrapped prose (lower-case starts), punctuated items and short runs stay."""
    authors = (
        "Authors\nANA GIMENEZ\nCoordinator of Social Innovation, National Statistics Office\n"
        "CRISTHIAN PARRA\nHead of Experimentation, UNDP Accelerator Lab Paraguay\n"
        "MONICA RIOS\nHead of Exploration, UNDP Accelerator Lab Paraguay"
    )
    body = "Small garment workshops in Yaguaron share orders. A field experiment trained them."
    related = (
        "BLOG\nCo-creating support services for textile firms\nREAD MORE\n"
        "BLOG\nDecent work and a dignified life after prison\nREAD MORE"
    )
    kept = (
        "Rounds\nFirst round March 2021\nSecond round June 2021\nThird round September 2021\n"
        "Fourth round December 2021\nFifth round March 2022\n\n"
        "The workshops\nhired two supervisors\nand a sales agent\nwho found buyers\n"
        "in the capital\nand abroad\n\n"
        "Lessons\nKinship networks respond fast to urgent orders\n"
        "The association provides shared services to members\n"
        "Buyers need steady quality across many workshops\nTraining pays for itself within weeks"
    )
    for suffix in (".md", ".txt"):
        path = tmp_path / f"blog{suffix}"
        path.write_text(f"{authors}\n{body}\n\n{kept}\n\n{related}\n", encoding="utf-8")
        doc = parse_file(path)[0]
        paragraphs = [b.text for b in doc.pages[0].blocks if b.kind != "heading"]
        assert paragraphs[0] == body, paragraphs  # the authors are gone, not glued to the body
        for words in ("CRISTHIAN PARRA", "Head of Exploration", "READ MORE", "Decent work"):
            assert words not in doc.text, (suffix, words)
        for words in ("Third round September 2021", "who found buyers", "Training pays for"):
            assert words in doc.text, (suffix, words)


def test_markdown_paragraph_that_is_only_a_link_is_dropped(tmp_path: Path) -> None:
    """A paragraph "[Original article published here](url)" opens 36 of the 62 UNDP pages: it
    points elsewhere and was the start of the page's first passage. Links inside text stay."""
    path = tmp_path / "blog.md"
    path.write_text(
        "# Informal firms\n\n[Original article published here](https://example.org/blog)\n\n"
        "Informal firms rarely borrow. See [the survey](https://example.org/s) for details.\n\n"
        "[Read the annex](https://example.org/annex)\nwhich lists every firm interviewed.\n",
        encoding="utf-8",
    )
    doc = parse_file(path)[0]
    paragraphs = [b.text for b in doc.pages[0].blocks if b.kind != "heading"]
    assert paragraphs[0] == "Informal firms rarely borrow. See the survey for details.", paragraphs
    assert "Original article" not in doc.text
    assert "Read the annex\nwhich lists every firm interviewed." in doc.text  # not alone


def test_markdown_broken_front_matter_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.md"
    path.write_text("---\ntitle: ok\nyear: [2019\n---\n# Body\n", encoding="utf-8")
    with pytest.raises(MetadataError, match=re.escape(str(path)) + r".*line \d+"):
        parse_file(path)


def test_markdown_without_body(tmp_path: Path) -> None:
    path = tmp_path / "only-meta.md"
    path.write_text("---\ntitle: Nothing else\n---\n\n", encoding="utf-8")
    with pytest.raises(ParseError, match=re.escape(str(path)) + ".*no text"):
        parse_file(path)


def test_markdown_unknown_country_in_front_matter(tmp_path: Path) -> None:
    path = tmp_path / "c.md"
    path.write_text("---\ncountries: [Atlantis]\n---\n# Body\n\ntext\n", encoding="utf-8")
    with pytest.raises(MetadataError, match="unknown country 'Atlantis'"):
        parse_file(path)


def test_docx_headings_paragraphs_tables(tmp_path: Path) -> None:
    document = docx.Document()
    document.core_properties.title = "SME finance note"
    document.add_heading("Credit guarantees", level=1)
    document.add_paragraph(ENGLISH)
    document.add_heading("Costs", level=2)
    table = document.add_table(rows=2, cols=3)
    for r, row in enumerate([("Fund", "Country", "Size"), ("FOGAPE", "Chile", "large")]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    document.add_paragraph("After the table.")
    path = tmp_path / "note.docx"
    document.save(str(path))
    doc = _one(path)
    assert doc.title == "SME finance note" and doc.doc_type == "docx"
    kinds = [(b.kind, b.level, b.text.split("\n")[0]) for b in doc.pages[0].blocks]
    assert kinds == [
        ("heading", 1, "Credit guarantees"),
        ("paragraph", 0, ENGLISH),
        ("heading", 2, "Costs"),
        ("table", 0, "Fund: FOGAPE | Country: Chile | Size: large"),
        ("paragraph", 0, "After the table."),
    ]
    assert doc.pages[0].blocks[3].text == "Fund: FOGAPE | Country: Chile | Size: large"
    assert doc.year is not None and doc.language == "en"


def test_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "bad.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    with pytest.raises(ParseError, match=re.escape(str(path)) + ".*not a valid DOCX"):
        parse_file(path)


def test_text_latin1(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes((SPANISH + "\n\nSegundo párrafo: información útil.").encode("latin-1"))
    doc = _one(path)
    assert "pequeñas" in doc.text and "información útil" in doc.text
    assert [b.text for b in doc.pages[0].blocks][1] == "Segundo párrafo: información útil."
    assert doc.language == "es" and doc.title == "latin1"


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-8-sig"])
def test_text_utf16_and_bom(tmp_path: Path, encoding: str) -> None:
    path = tmp_path / f"{encoding}.txt"
    path.write_bytes((ENGLISH + "\n\nSecond paragraph — ok.").encode(encoding))
    doc = _one(path)
    assert doc.pages[0].blocks[0].text == ENGLISH
    assert doc.pages[0].blocks[1].text == "Second paragraph — ok."


def test_binary_named_txt(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)))
    with pytest.raises(ParseError, match=re.escape(str(path)) + ".*binary file, not text"):
        parse_file(path)


def test_zero_bytes_and_too_large(tmp_path: Path) -> None:
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    with pytest.raises(EmptyFileError, match=re.escape(str(empty))):
        parse_file(empty)
    big = tmp_path / "big.txt"
    big.write_text("word " * 100, encoding="utf-8")
    with pytest.raises(FileTooLargeError, match="max_upload_bytes"):
        parse_file(big, settings=Settings(max_upload_bytes=100))


def test_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "slides.pptx"
    path.write_bytes(b"x")
    with pytest.raises(UnsupportedFormatError, match=re.escape("unsupported file type '.pptx'")):
        parse_file(path)


@pytest.mark.parametrize("name", ["report.txt.yaml", "report.yaml"])
def test_sidecar_metadata(tmp_path: Path, name: str) -> None:
    path = tmp_path / "report.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    (tmp_path / name).write_text(
        "title: Guarantee review\nyear: 2018\ncountries: [Chile, MEX]\ndoc_type: evaluation\n"
        "language: en\npublisher: CORFO\n",
        encoding="utf-8",
    )
    doc = _one(path)
    assert doc.title == "Guarantee review" and doc.year == 2018
    assert doc.countries == ("CHL", "MEX") and doc.doc_type == "evaluation"
    assert doc.metadata["publisher"] == "CORFO"


def test_broken_sidecar(tmp_path: Path) -> None:
    path = tmp_path / "r.txt"
    path.write_text(ENGLISH, encoding="utf-8")
    side = tmp_path / "r.txt.yaml"
    side.write_text("title: [unclosed\n", encoding="utf-8")
    with pytest.raises(MetadataError, match=re.escape(str(side)) + ".*broken YAML"):
        parse_file(path)


def test_iter_files_walks_sorted_and_skips(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in [
        "b/z.md",
        "b/a.pdf",
        "a.txt",
        "a.txt.yaml",
        ".secret.md",
        ".hidden/x.txt",
        "notes.pptx",
        "data.csv",
    ]:
        (tmp_path / rel).write_text("x", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert found == ["a.txt", "b/a.pdf", "b/z.md", "data.csv"]
    single = tmp_path / "a.txt"
    assert list(iter_files([single, tmp_path / "notes.pptx"])) == [single]


def test_iter_files_missing_path(tmp_path: Path) -> None:
    missing = tmp_path / "nope"
    with pytest.raises(ParseError, match=re.escape(str(missing)) + ".*no such file"):
        list(iter_files([missing]))


def test_unexpected_library_failure_becomes_parse_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kb.ingest.parse

    def boom(*_args: object) -> list[object]:
        raise IndexError("list index out of range")

    monkeypatch.setitem(kb.ingest.parse._PARSERS, ".html", boom)
    path = tmp_path / "x.html"
    path.write_text("<p>hi</p>", encoding="utf-8")
    with pytest.raises(ParseError, match=re.escape(str(path)) + ": unreadable HTML: list index"):
        parse_file(path)


def test_sidecar_title_not_applied_to_every_export_record(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "dc.title,dc.description.abstract,dc.identifier.uri\n"
        f"One,{ENGLISH.replace(',', '')},https://hdl.handle.net/1/1\n"
        f"Two,{ENGLISH.replace(',', '')},https://hdl.handle.net/1/2\n",
        encoding="utf-8",
    )
    (tmp_path / "export.csv.yaml").write_text("title: Whole export\nyear: 2020\n", encoding="utf-8")
    docs = parse_file(path)
    assert [d.title for d in docs] == ["One", "Two"]
    assert {d.year for d in docs} == {2020}


def test_paragraphs_without_a_word_are_dropped(tmp_path: Path) -> None:
    """A saved UNDP page's empty bold "****" under a heading was a passage of its own (a card
    once showed it); a rule or a lone bullet says nothing either. Numbers and any script stay."""
    md = tmp_path / "page.md"
    md.write_text(
        "# Formalisation\n\n****\n\nFirms that register get credit.\n\n* * *\n\n2019\n\nحَبيبي\n",
        encoding="utf-8",
    )
    paragraphs = [b.text for b in _one(md).pages[0].blocks if b.kind != "heading"]  # type: ignore[attr-defined]
    assert paragraphs == ["Firms that register get credit.", "2019", "حَبيبي"], paragraphs
    page = tmp_path / "page.html"
    page.write_text(
        "<html><body><h1>Formalisation</h1><p><b></b>****</p><p>Firms that register get "
        "credit.</p><p>•</p></body></html>",
        encoding="utf-8",
    )
    blocks = [b.text for b in _one(page).pages[0].blocks]  # type: ignore[attr-defined]
    assert blocks == ["Formalisation", "Firms that register get credit."], blocks
