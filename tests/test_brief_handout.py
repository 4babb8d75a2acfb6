"""Briefs ready to hand out (issue 15, item 7): title, metadata, A4, readable references, each
case study once, real pages or sections, no stray list numbers, one language. The PDF is looked
at as images (pypdfium2 renders it: poppler's pdftoppm is not installed here) and the DOCX is
opened with python-docx."""

from __future__ import annotations

import io
import re
from pathlib import Path

import docx
import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from kb.answer.brief import Brief, build_brief
from kb.answer.brief_files import to_docx, to_markdown, to_pdf
from kb.answer.profile import Profile
from kb.answer.recommend import recommend
from kb.answer.search import Searcher
from kb.ingest.programs import Program
from kb.vocab.labels import t

A4_PT = (841.89, 595.28)  # landscape A4 in PDF points
IDS = ["chl-fogape", "kor-kodit", "col-fng"]
_ID = re.compile(r"\b[0-9a-f]{16}(?::\d+)?\b")  # a doc_id or chunk_id


@pytest.fixture(scope="module")
def programs(corpus_programs: dict[str, Program]) -> dict[str, Program]:
    return corpus_programs


@pytest.fixture(scope="module")
def searcher(corpus_searcher: Searcher) -> Searcher:
    return corpus_searcher


@pytest.fixture(scope="module")
def profile_brief(searcher: Searcher, programs: dict[str, Program]) -> Brief:
    prof = Profile(country="HND", needs={"access-to-credit": 1.0}, conditions={})
    recs = recommend(prof, searcher, searcher.settings, lang="es")
    return build_brief(programs, recommendations=recs, lang="es")


def _no_internals(text: str) -> None:
    assert "corpus/" not in text and ".md" not in text and "/tmp" not in text
    assert not _ID.search(text), _ID.search(text)
    assert not any(pid in text for pid in IDS)


def test_the_pdf_is_a4_with_metadata_and_draws_its_pages(profile_brief: Brief) -> None:
    data = to_pdf(profile_brief)
    meta = pypdf.PdfReader(io.BytesIO(data)).metadata
    assert meta is not None and meta.title == "Programas de referencia para Honduras"
    assert pypdf.PdfReader(io.BytesIO(data)).trailer["/Root"]["/Lang"] == "es"
    assert meta.creation_date is not None
    pdf = pdfium.PdfDocument(data)
    assert len(pdf) >= 2
    for i in range(len(pdf)):
        w, h = pdf[i].get_size()
        assert abs(w - A4_PT[0]) < 1 and abs(h - A4_PT[1]) < 1
    image = pdf[0].render(scale=1).to_pil().convert("L")
    assert image.size[0] == 842 and abs(image.size[1] - 595) <= 1
    ink = sum(image.histogram()[:128])
    assert ink > 5000  # title, note, the table: a page with text on it, not a blank one
    top = image.crop((0, 0, 842, 60))
    assert sum(top.histogram()[:128]) > 500  # the title, big, at the top
    assert isinstance(image, Image.Image)


def test_the_docx_is_a4_with_title_and_language(profile_brief: Brief) -> None:
    d = docx.Document(io.BytesIO(to_docx(profile_brief)))
    sec = d.sections[0]
    assert abs(sec.page_width.mm - 297) < 0.5 and abs(sec.page_height.mm - 210) < 0.5
    props = d.core_properties
    assert props.title == "Programas de referencia para Honduras" and props.language == "es"
    assert props.created is not None
    assert d.paragraphs[0].text == props.title
    assert not any(p.style.name == "List Number" for p in d.paragraphs)  # nothing numbered
    refs = [p.text for p in d.paragraphs if p.style.name == "List Bullet"]
    _no_internals("\n".join(refs))


def test_each_case_study_once_and_citations_name_a_real_place(
    profile_brief: Brief, programs: dict[str, Program]
) -> None:
    md = to_markdown(profile_brief)
    assert md.startswith("---\ntitle: Programas de referencia para Honduras\nlang: es\n")
    sources = "\n".join(profile_brief.sources)
    for bp in profile_brief.programs:
        assert sources.count(f"{bp.name} — ") == 1
        assert len(profile_brief.sources) == len(set(profile_brief.sources))
        for c in bp.passages:
            if not c.paged:  # a case study or a Markdown note: its section, never "p. 1"
                assert c.section and f"«{c.section}»" in md
    assert ", p. 1" not in md
    assert not re.search(r"[.;)] \d{1,2}\. [A-ZÁÉÍÓÚ]", md)  # no list number left mid-text
    _no_internals(sources)
    for heading in ("Perfil", "Comparación", "Programas", "Fuentes"):
        assert f"## {heading}" in md
    for word in ("Profile", "Comparison", "Sources", "Why it", "Key passages"):
        assert word not in md


def test_a_selection_gets_a_title_naming_its_programs(
    searcher: Searcher, programs: dict[str, Program], tmp_path: Path
) -> None:
    brief = build_brief(programs, program_ids=IDS, searcher=searcher, lang="pt")
    assert brief.title == "FOGAPE, KODIT e FNG: programas comparados"
    d = docx.Document(io.BytesIO(to_docx(brief)))
    assert d.core_properties.title == brief.title and d.core_properties.language == "pt"
    md = to_markdown(brief)
    assert "A confirmar no seu país:" in md and "sem informação" not in md


def test_a_profile_brief_says_how_many_programs_serve_each_need_directly(
    profile_brief: Brief,
) -> None:
    """As the Recommend page does above its list: the brief's own programs, and the library's."""
    label = t("brief.direct", "es")
    line = dict(profile_brief.profile)[label]
    listed = sum(
        1 for p in profile_brief.programs if any("Atiende directamente" in r for r in p.reasons)
    )
    assert line.startswith(f"“Acceso al crédito”: {listed} en esta lista, ") and listed >= 1
    assert line.endswith(" en la biblioteca")
    md = to_markdown(profile_brief)
    assert label in md and line in md
