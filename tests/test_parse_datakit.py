"""UNDP Accelerator Lab pages and the ECLAC DSpace export, parsed from ../shared/datakit."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from kb.errors import ParseError
from kb.ingest.parse import iter_files, parse_file
from kb.ingest.parse.dspace import unescape_ooxml, values
from kb.vocab.labels import LANGS, t

DATAKIT = Path(__file__).resolve().parents[1].parent / "shared" / "datakit"
UNDP = DATAKIT / "undp-acclab" / "pages"
ECLAC = DATAKIT / "eclac-repository" / "eclac-repository-climate-export.csv"
needs_datakit = pytest.mark.skipif(not DATAKIT.is_dir(), reason="../shared/datakit not present")
TAG = re.compile(r"^\[\[(\w+):(.*?)\]\]\s*$", re.M)


@pytest.mark.integration
@needs_datakit
def test_undp_pages_tags_and_languages() -> None:
    files = list(iter_files([UNDP]))
    assert len(files) == 62
    languages: Counter[str | None] = Counter()
    for path in files:
        doc = parse_file(path)[0]
        raw = path.read_text(encoding="utf-8")
        tags: dict[str, list[str]] = {}
        for key, value in TAG.findall(raw):
            tags.setdefault(key, []).append(value.strip())
        assert doc.year == int(tags["year"][0]), path.name
        assert doc.countries, path.name  # every page names at least one country
        assert len(doc.countries) == len(set(tags["country"])), path.name
        assert "[[" not in doc.text and doc.text.strip()
        assert doc.metadata["type"] == tags["type"][0]
        # the card names what the page is, in each language ("entrada de blog", not "Markdown")
        assert doc.doc_type == tags["type"][0]
        assert all(t(f"doc_type.{doc.doc_type}", lang) for lang in LANGS)  # KeyError if none
        languages[doc.language] += 1
    # The README counts 26 Spanish and 36 English pages (by the site's listing). Detection
    # agrees on all 26 Spanish pages; of the 36 "English" ones, two are not English text:
    # blog_public_sector_innovation_playbook.md is a Vietnamese PDF dump (vi) and
    # blog_grassroots_to_greatness.md is a bilingual Indonesian/English report (id).
    assert languages["es"] == 26
    assert languages["en"] >= 34
    assert set(languages) <= {"es", "en", "vi", "id"}


@pytest.mark.integration
@needs_datakit
def test_undp_known_page() -> None:
    doc = parse_file(UNDP / "accelerating_business_formalization_in_colombia.md")[0]
    assert doc.title == "Accelerating Business Formalization in Colombia"
    assert doc.countries == ("COL",) and doc.year == 2022 and doc.language == "en"
    assert "Human Centered Design" in doc.metadata["methods"]
    assert "Our challenge is to accelerate business formalization" in doc.text
    assert "Please provide a name for your action learning plan" not in doc.text


@pytest.mark.integration
@needs_datakit
def test_undp_blog_pages_lose_their_site_menus() -> None:
    """18 of the 62 pages are blogs saved with the site's header and footer menus."""
    page = UNDP / (
        "blog_creando_creando_parte_1_nace_una_comunidad_de_aprendizaje_para_el_"
        "emprendimiento_migrante_en_per.md"
    )
    doc = parse_file(page)[0]
    body = [b.text for b in doc.pages[0].blocks if b.kind != "heading"]
    # the title repeated above the text is gone (the card shows it), and so are the dateline and
    # the byline (kb/ingest/parse/captions.py): the story opens the text, one paragraph a line
    # (kb/ingest/parse/lines.py)
    assert body[0].startswith("La historia de la humanidad"), body[0][:80]
    assert "Por el Laboratorio de Aceleración" not in doc.text
    assert "CREANDO CREANDO (PARTE 1)" not in doc.text
    for menu in ("Pasar al contenido principal", "QUIÉNES SOMOS", "Marco legal", "Términos de Uso"):
        assert menu not in doc.text
    assert "La historia de la humanidad está marcada por las migraciones." in doc.text
    assert "alcanzó 2120 inscritos" in doc.text


@pytest.mark.integration
@needs_datakit
def test_undp_blog_pages_lose_their_author_blocks_and_related_articles() -> None:
    page = UNDP / (
        "blog_producci_n_flexible_una_apuesta_para_fortalecer_a_peque_os_talleres_de_"
        "confeccionistas_de_yaguar_n.md"
    )
    doc = parse_file(page)[0]
    for furniture in ("Jefe de Experimentación", "CLAUDIA MONTANÍA", "LEER MÁS", "Ta'arõ"):
        assert furniture not in doc.text, furniture
    story = next(b.text for b in doc.pages[0].blocks if "don Julio" in b.text)
    assert story.startswith("Desde hace 30 años, don Julio"), story[:80]
    assert "los otros 158 talleres que funcionan en Yaguarón" in doc.text


@pytest.mark.integration
@needs_datakit
def test_eclac_export_one_document_per_record() -> None:
    frame = pd.read_csv(ECLAC, dtype=str, keep_default_na=False)
    assert len(frame) == 244
    no_abstract = int((frame["dc.description.abstract"].str.strip() == "").sum())
    docs = parse_file(ECLAC)
    # six records have no abstract (seminar reports); they are skipped and counted
    assert no_abstract == 6 and len(docs) == 244 - no_abstract
    assert all(d.metadata["dspace_skipped"] == 6 for d in docs)
    assert len({d.doc_id for d in docs}) == len(docs)
    assert all(d.source.startswith("https://hdl.handle.net/11362/") for d in docs)
    assert all(d.doc_type == "repository-record" for d in docs)
    langs = Counter(d.language for d in docs)
    # README: spa 188, eng 47, por 8 (+1 Quechua 'que'), less the six skipped records
    expected = Counter({"es": 188, "en": 47, "pt": 8, "qu": 1})
    for lang in frame.loc[frame["dc.description.abstract"].str.strip() == "", "dc.language.iso"]:
        expected[{"spa": "es", "eng": "en", "por": "pt"}[lang]] -= 1
    assert langs == expected
    assert all(d.year and 2015 <= d.year <= 2026 for d in docs)


@pytest.mark.integration
@needs_datakit
def test_eclac_record_fields() -> None:
    docs = {d.source: d for d in parse_file(ECLAC)}
    first = docs["https://hdl.handle.net/11362/37310"]
    assert first.title.startswith("La economía del cambio climático en América Latina")
    assert first.year == 2015 and first.language == "es"
    assert first.text.startswith(first.title)
    assert "Capítulo I. El cambio climático" in first.text  # table of contents is indexed
    assert not any("', '" in d.text for d in docs.values())  # a list cell is read as a list
    with_countries = [d for d in docs.values() if len(d.countries) > 1]
    assert with_countries
    multi = next(d for d in docs.values() if {"BRA", "CHN", "ARG", "MEX"} <= set(d.countries))
    assert multi.metadata["coverage"][0] == "LATIN AMERICA"
    authored = [d for d in docs.values() if len(d.metadata.get("authors", [])) > 1]
    assert authored and all("," in a for a in authored[0].metadata["authors"])


def test_dspace_multivalue_cells() -> None:
    assert values("['CHILE', 'PERU']") == ["CHILE", "PERU"]
    assert values("CHILE||PERU") == ["CHILE", "PERU"]
    assert values("BOLIVIA (PLURINATIONAL STATE OF)") == ["BOLIVIA (PLURINATIONAL STATE OF)"]
    assert values("[not a list") == ["[not a list"]
    assert values("") == []


def test_spreadsheet_escapes_are_read_as_characters(tmp_path: Path) -> None:
    assert unescape_ooxml("encrucijada._x000D_\nSe sostiene") == "encrucijada.\r\nSe sostiene"
    assert unescape_ooxml("a literal _x005F_x000D_ stays") == "a literal _x000D_ stays"
    path = tmp_path / "export.csv"
    abstract = "Primera parte del estudio._x000D_\nSegunda parte, sobre el crédito a pymes."
    pd.DataFrame({"dc.title": ["Crédito a pymes"], "dc.description.abstract": [abstract]}).to_csv(
        path, index=False
    )
    assert parse_file(path)[0].text.endswith("estudio. Segunda parte, sobre el crédito a pymes.")


@pytest.mark.integration
@needs_datakit
def test_eclac_export_has_no_escaped_carriage_returns() -> None:
    raw = ECLAC.read_text(encoding="utf-8")
    assert raw.count("_x000D_") == 94  # a spreadsheet writer escaped its carriage returns
    assert not any("_x000D_" in d.text for d in parse_file(ECLAC))


def test_csv_without_dc_title(tmp_path: Path) -> None:
    path = tmp_path / "sales.csv"
    path.write_text("name,amount\nfoo,1\n", encoding="utf-8")
    with pytest.raises(ParseError, match=re.escape(str(path)) + ".*'dc.title' column"):
        parse_file(path)


def test_small_dspace_export(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    frame = pd.DataFrame(
        {
            "dc.title": ["Crédito a pymes", "", "Sin resumen"],
            "dc.description.abstract": [
                "Estudio sobre el acceso al crédito de las pequeñas y medianas empresas.",
                "Abstract without a title",
                "",
            ],
            "dc.identifier.uri": [
                "https://hdl.handle.net/1/1",
                "https://hdl.handle.net/1/2",
                "https://hdl.handle.net/1/3",
            ],
            "dc.language.iso": ["spa", "eng", "spa"],
            "dc.date.issued": ["2019-05-01", "2020", "2021"],
            "dc.coverage.spatialEng": ["CHILE||PERU", "", ""],
        }
    )
    frame.to_csv(path, index=False)
    docs = parse_file(path)
    assert len(docs) == 1
    doc = docs[0]
    assert doc.countries == ("CHL", "PER") and doc.year == 2019 and doc.language == "es"
    assert doc.metadata["dspace_skipped"] == 2 and doc.metadata["dspace_rows"] == 3
