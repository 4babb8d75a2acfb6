"""kb.answer.compare and brief: the comparison table, its exports, briefs in DOCX/Markdown/PDF."""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from dataclasses import replace
from pathlib import Path

import docx
import openpyxl
import pypdf
import pytest

from kb.answer.brief import build_brief
from kb.answer.brief_files import program_heading, to_markdown, write_brief
from kb.answer.compare import (
    FIELDS,
    compare,
    fields_table,
    plain,
    readable,
    render,
    section,
    shorten,
)
from kb.answer.facts import format_source, parameter_text
from kb.answer.pdf_fonts import FALLBACK_FONTS, font_path
from kb.answer.profile import Profile
from kb.answer.recommend import recommend
from kb.answer.search import Searcher
from kb.errors import UnknownIdError, UsageError
from kb.ingest.program_schema import PARAM_NAMES
from kb.ingest.programs import Program
from kb.settings import get_settings
from kb.vocab.labels import t

IDS = ["chl-fogape", "kor-kodit", "ind-cgtmse"]


@pytest.fixture(scope="module")
def programs(corpus_programs: dict[str, Program]) -> dict[str, Program]:
    return corpus_programs


@pytest.fixture(scope="module")
def searcher(corpus_searcher: Searcher) -> Searcher:
    return corpus_searcher


# ---- compare ---------------------------------------------------------------------------
def test_every_target_sector_of_the_corpus_reads_in_three_languages(
    programs: dict[str, Program],
) -> None:
    """The case studies write target sectors in English words; a Portuguese comparison showed
    "manufacturing, agriculture, food" until every word the corpus uses had its labels."""
    from kb.answer.facts import sector_names
    from kb.vocab.labels_sectors import SECTOR

    used = {s.strip().lower() for p in programs.values() for s in p.meta.target.sectors}
    assert used and not used - set(SECTOR), sorted(used - set(SECTOR))
    japan = programs["jpn-epa-utilization-support"]
    assert "manufacturing" in japan.meta.target.sectors
    pt = compare(["jpn-epa-utilization-support", "chl-fogape"], programs, lang="pt")
    assert "manufatura" in pt.at["target", "jpn-epa-utilization-support"]
    assert "manufacturing" not in pt.at["target", "jpn-epa-utilization-support"]
    assert sector_names(("Unheard-of sector",), "es") == ["Unheard-of sector"]  # as written


def test_compare_fields_by_programs(programs: dict[str, Program]) -> None:
    df = compare(IDS, programs)
    stated = {n for p in IDS for n in programs[p].parameters}
    assert list(df.columns) == IDS
    assert list(df.index) == [f for f in FIELDS if f not in PARAM_NAMES or f in stated]
    fogape = programs["chl-fogape"]
    assert df.at["name", "chl-fogape"] == fogape.name_in("en")
    assert (
        df.at["country", "kor-kodit"] == "Korea, Republic of"
        or "Korea" in df.at["country", "kor-kodit"]
    )
    assert df.at["instruments", "chl-fogape"] == t("instrument.credit-guarantee", "en")
    assert df.at["years", "chl-fogape"].startswith(str(fogape.meta.start_year))
    how = plain(section(fogape, "how", "en"))
    mech = df.at["mechanism", "chl-fogape"]
    assert mech and len(mech) <= 402 and how.startswith(mech.rstrip(" …")[:60])
    assert df.at["language", "chl-fogape"] == "English, translated from Spanish"
    assert format_source(fogape.sources[0], "en") in df.at["sources", "chl-fogape"]
    for cond in fogape.meta.conditions:
        assert t(f"condition.{cond}", "en", default=cond) in df.at["conditions", "chl-fogape"]
    es = compare(IDS, programs, lang="es")
    assert es.at["instruments", "chl-fogape"] == "Garantía de crédito"
    assert es.at["language", "chl-fogape"] == "Español (original)"
    assert plain(section(fogape, "how", "es")).startswith(es.at["mechanism", "chl-fogape"][:60])


def test_compare_parameter_rows_in_the_users_language(programs: dict[str, Program]) -> None:
    kodit = programs["kor-kodit"]
    assert "guarantee_coverage" in kodit.parameters and not programs["chl-fogape"].parameters
    for lang, unit in (("en", "0.5–3 % a year"), ("es", "0,5–3 % anual"), ("pt", "0,5–3 % ao ano")):
        df = compare(["chl-fogape", "kor-kodit"], programs, lang=lang)
        assert df.at["guarantee_coverage", "chl-fogape"] == "—"
        cell = df.at["fee", "kor-kodit"]
        assert cell.startswith(unit) and kodit.parameters["fee"].text.get(lang) in cell
        assert "budget" not in df.index  # neither program states it
        for fmt in ("text", "csv", "json"):
            out = str(render(df, fmt))
            assert not re.search(r"\b(None|nan|NaN)\b", out), fmt


def test_facts_read_as_references_and_figures(programs: dict[str, Program]) -> None:
    kodit = programs["kor-kodit"]
    oh = next(s for s in kodit.sources if s.id == "oh-2009")
    ref = format_source(oh, "en")
    assert ref.startswith("Oh, I., Lee, J.-D., Heshmati, A. and Choi, G.-G. (2009). Evaluation")
    assert "https://doi.org/10.1007/s11187-008-9102-5" in ref and "(accessed 2026-12-02)" in ref
    act = next(s for s in kodit.sources if s.id == "kodit-act")
    assert format_source(act, "es") == (
        "National Assembly of the Republic of Korea (s. f.). Korea Credit Guarantee Fund Act. "
        "[ley o norma]"
    )
    amount = kodit.parameters["max_amount"]
    assert parameter_text(amount, "en").startswith("KRW 3,000,000,000 — General ceiling")
    assert parameter_text(amount, "pt").startswith("KRW 3.000.000.000 — Teto geral")
    assert parameter_text(None, "es") == "—"


def test_compare_rejects_bad_counts_and_unknown_ids(programs: dict[str, Program]) -> None:
    with pytest.raises(UsageError, match="2 to 5"):
        compare(["chl-fogape"], programs)
    with pytest.raises(UsageError, match="2 to 5"):
        compare(list(programs)[:6], programs)
    with pytest.raises(UsageError, match="2 to 5"):
        compare(["chl-fogape", "chl-fogape"], programs)
    with pytest.raises(UnknownIdError) as exc:
        compare(["chl-fogape", "no-such-program"], programs)
    assert exc.value.kind == "program" and "kor-kodit" in exc.value.valid
    assert "no-such-program" in str(exc.value)


def test_shorten_keeps_whole_sentences() -> None:
    text = "First **bold** sentence. Second sentence is here. Third one."
    assert shorten(text, 30) == "First bold sentence."
    assert shorten(text, 1000) == "First bold sentence. Second sentence is here. Third one."
    assert shorten("word " * 200, 50).endswith("…")


def test_exports(programs: dict[str, Program], tmp_path: Path) -> None:
    df = compare(IDS, programs, lang="es")
    text = render(df, "text")
    assert isinstance(text, str) and "CÓMO FUNCIONA" in text
    assert all(programs[p].name in text for p in IDS)
    rows = list(csv.reader(io.StringIO(str(render(df, "csv")))))
    assert rows[0][1:] == IDS and len(rows) == len(df.index) + 1
    assert rows[1][0] == "Programa" and rows[1][1] == programs["chl-fogape"].name
    data = json.loads(str(render(df, "json")))
    assert [d["program_id"] for d in data] == IDS and list(data[0])[1:] == list(df.index)
    xlsx = render(df, "xlsx")
    assert isinstance(xlsx, bytes)
    ws = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    assert [c.value for c in ws[1]][1:] == IDS
    assert ws.cell(2, 2).value == programs["chl-fogape"].name
    with pytest.raises(UsageError, match="unknown format"):
        render(df, "html")


# ---- briefs ----------------------------------------------------------------------------
def _profile_brief(searcher: Searcher, programs: dict[str, Program], lang: str = "es"):  # type: ignore[no-untyped-def]
    prof = Profile(
        country="HND",
        needs=["access-to-credit"],
        text="Las pymes no tienen garantías y los bancos no les prestan",
        conditions={"credit-bureau": "no"},
    )
    recs = recommend(prof, searcher, searcher.settings, lang=lang)
    return recs, build_brief(programs, recommendations=recs, lang=lang)


def test_brief_from_profile_has_table_lessons_passages(
    searcher: Searcher, programs: dict[str, Program]
) -> None:
    recs, brief = _profile_brief(searcher, programs)
    top = recs.recommendations[:5]
    assert [b.program_id for b in brief.programs] == [r.program_id for r in top]
    assert list(brief.table.columns) == [r.program_id for r in top]
    assert brief.title == "Programas de referencia para Honduras"
    for bp in brief.programs:
        assert bp.lessons and bp.passages
        assert plain(section(programs[bp.program_id], "lessons", "es"))[:40] in bp.lessons
    relying = [
        bp for bp in brief.programs if "credit-bureau" in programs[bp.program_id].meta.conditions
    ]
    assert all(
        ("Un buró o central de riesgos operativo", "no existe") in bp.conditions for bp in relying
    )
    # the conditions the profile left unanswered are listed apart, once per program
    assert all(s != "sin información" for bp in brief.programs for _, s in bp.conditions)
    assert any(bp.unknown for bp in brief.programs)
    first = [format_source(programs[b.program_id].sources[0], "es") for b in brief.programs]
    assert all(ref in brief.sources for ref in first)
    assert not any(".md" in s or "corpus/" in s for s in brief.sources)  # no internal paths


def test_brief_speaks_the_users_language(searcher: Searcher, programs: dict[str, Program]) -> None:
    brief = build_brief(programs, program_ids=IDS, searcher=searcher, lang="pt")
    chunks = searcher.index.chunks.set_index("chunk_id")
    for bp in brief.programs:
        p = programs[bp.program_id]
        assert bp.name == p.name_in("pt") and bp.language.startswith("Português, traduzido do")
        assert plain(section(p, "lessons", "pt"))[:40] in bp.lessons
        own = [c for c in bp.passages if c.title == p.name_in("pt")]  # cited by its pt name
        assert own and all(chunks.at[c.chunk_id, "language"] == "pt" for c in own)
        assert all(chunks.at[c.chunk_id, "kind"] != "header" for c in own)
        assert bp.parameters == tuple(
            (t(f"param.{n}", "pt"), parameter_text(x, "pt")) for n, x in p.parameters.items()
        )
    md = to_markdown(brief)
    assert "*Idioma do texto: Português, traduzido do espanhol*" in md
    assert "| **Cobertura da garantia** |" in md  # KODIT states it


def test_markdown_brief(searcher: Searcher, programs: dict[str, Program], tmp_path: Path) -> None:
    _, brief = _profile_brief(searcher, programs)
    md = write_brief(brief, tmp_path / "b.md").read_text(encoding="utf-8")
    assert md == to_markdown(brief)
    assert "## Comparación" in md and "## Fuentes" in md
    header = next(line for line in md.splitlines() if line.startswith("| |"))
    assert all(bp.name in header for bp in brief.programs)
    assert "| **Cómo funciona** |" in md
    c = brief.programs[0].passages[0]  # its own case study: cited by section, never "p. 1"
    assert not c.paged and c.section
    assert f"{c.title}, sección «{c.section}»" in md
    assert ", p. 1" not in md


def test_docx_brief(searcher: Searcher, programs: dict[str, Program], tmp_path: Path) -> None:
    _, brief = _profile_brief(searcher, programs)
    d = docx.Document(str(write_brief(brief, tmp_path / "b.docx")))
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert "Comparación" in headings and "Fuentes" in headings
    assert all(program_heading(bp) in headings for bp in brief.programs)
    assert len(d.tables) == 1
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells][1:] == [bp.name for bp in brief.programs]
    assert "sources" not in brief.table.index  # listed in full under their own heading
    assert len(table.rows) == len(brief.table.index)  # header row + every field but the name
    assert table.rows[1].cells[0].text == "País"
    quotes = [p.text for p in d.paragraphs if p.style.name == "Quote"]
    c = brief.programs[0].passages[0]
    assert any(f"{c.title}, sección «{c.section}»" in q for q in quotes)


def test_pdf_brief(searcher: Searcher, programs: dict[str, Program], tmp_path: Path) -> None:
    assert font_path().is_file()
    _, brief = _profile_brief(searcher, programs, lang="en")
    path = write_brief(brief, tmp_path / "b.pdf")
    assert path.read_bytes().startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages)
    for bp in brief.programs:
        assert (
            " ".join(bp.name.split()) in text
            or bp.program_id in text
            or all(w in text for w in bp.name.split())
        )
    assert "Sources" in text and "Comparison" in text


def test_pdf_brief_draws_chinese_thai_and_arabic(
    searcher: Searcher,
    programs: dict[str, Program],
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
) -> None:
    if missing := [str(p) for p in FALLBACK_FONTS.values() if not p.is_file()]:
        pytest.skip(f"fonts not installed ({', '.join(missing)}): bash scripts/dev setup")
    _, brief = _profile_brief(searcher, programs, lang="en")
    first = brief.programs[0]
    quote = "韩国信用保证基金提供贷款担保。 กองทุนค้ำประกันสินเชื่อ للمؤسسات الصغيرة"
    cited = replace(first, passages=[replace(first.passages[0], snippet=quote)])
    brief = replace(brief, programs=[cited, *brief.programs[1:]])
    with caplog.at_level(logging.WARNING):
        path = write_brief(brief, tmp_path / "b.pdf")
    # DejaVu alone drew these blank, with fpdf2's warning naming each missing glyph
    assert not [r for r in caplog.records if "missing the following glyphs" in r.getMessage()]
    text = "".join("".join(p.extract_text().split()) for p in pypdf.PdfReader(path).pages)
    assert "韩国信用保证基金" in text and "กองทุนค้ำประกันสินเชื่อ" in text  # Thai may wrap


def test_a_short_name_is_an_acronym_or_the_name_without_its_description(
    programs: dict[str, Program],
) -> None:
    """Chips of chosen programs and brief titles use it: Korea's chip read "Apoio da Coreia às
    PMEs para aproveitar os acordos de livre comércio (centros de apoio, FTA-PASS e consul…"."""
    from kb.answer.brief import short_name

    assert short_name(programs["chl-fogape"], "pt") == "FOGAPE"
    korea = programs["kor-fta-utilization-support"]
    assert short_name(korea, "en") == "Korea's FTA utilisation support for SMEs"
    spanish = short_name(korea, "es")
    assert spanish.startswith("Apoyo de Corea") and "(" not in spanish


def test_brief_from_program_selection(
    searcher: Searcher, programs: dict[str, Program], tmp_path: Path
) -> None:
    brief = build_brief(programs, program_ids=IDS, searcher=searcher, lang="en")
    assert brief.profile == () and list(brief.table.columns) == IDS
    assert all(bp.passages and bp.lessons for bp in brief.programs)
    assert all(not bp.conditions and bp.unknown for bp in brief.programs)  # nothing answered
    assert brief.title == "FOGAPE, KODIT and CGTMSE: programs compared"
    md = to_markdown(brief)
    assert "## Profile" not in md and "## Comparison" in md
    with pytest.raises(UnknownIdError):
        build_brief(programs, program_ids=["chl-fogape", "nope"], lang="en")
    with pytest.raises(UsageError):
        build_brief(programs, lang="en")
    with pytest.raises(UsageError, match=r"\.docx, \.md or \.pdf"):
        write_brief(brief, tmp_path / "b.txt")


# ---- CLI ---------------------------------------------------------------------------------
@pytest.fixture
def cli(searcher: Searcher, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from kb.cli import app

    monkeypatch.setenv("KB_INDEX_DIR", str(searcher.settings.index_dir))
    monkeypatch.setenv("KB_CACHE_DIR", str(searcher.settings.cache_dir))
    monkeypatch.setenv("KB_ENCODER", "hash-256")
    get_settings.cache_clear()
    yield lambda *args: CliRunner().invoke(app, list(args))
    get_settings.cache_clear()


def test_cli_compare(cli, tmp_path: Path, programs: dict[str, Program]) -> None:  # type: ignore[no-untyped-def]
    res = cli("compare", *IDS, "--format", "json")
    assert res.exit_code == 0, res.output
    assert [d["program_id"] for d in json.loads(res.stdout)] == IDS
    out = tmp_path / "c.xlsx"
    res = cli("compare", *IDS, "--format", "xlsx", "--out", str(out))
    assert res.exit_code == 0 and openpyxl.load_workbook(out).active.cell(1, 2).value == IDS[0]
    res = cli("compare", "chl-fogape", "nope")
    assert res.exit_code == 2 and "unknown program 'nope'" in res.stderr
    assert "kor-kodit" in res.stderr
    res = cli("compare", "chl-fogape")
    assert res.exit_code == 2 and "2 to 5" in res.stderr
    res = cli("compare", *IDS, "--format", "xlsx")
    assert res.exit_code == 2 and "--out" in res.stderr


def test_cli_brief(cli, tmp_path: Path, programs: dict[str, Program]) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "b.docx"
    res = cli(
        "brief", "--country", "HND", "--need", "access-to-credit", "--lang", "es", "--out", str(out)
    )
    assert res.exit_code == 0, res.output
    d = docx.Document(str(out))
    assert len(d.tables) == 1 and d.tables[0].rows[1].cells[0].text == "País"
    md = tmp_path / "sel.md"
    res = cli("brief", "--program", "chl-fogape", "--program", "kor-kodit", "--out", str(md))
    assert res.exit_code == 0, res.output
    text = md.read_text(encoding="utf-8")
    assert all(programs[p].name_in("en") in text for p in ("chl-fogape", "kor-kodit"))
    res = cli("brief", "--need", "nope", "--country", "HND", "--out", str(md))
    assert res.exit_code == 2 and "unknown need 'nope'" in res.stderr
    res = cli("brief", "--out", str(md))
    assert res.exit_code == 2


def test_readable_joins_a_files_line_wrapping_and_keeps_paragraphs_and_items() -> None:
    text = (
        "Corea firmó su primer tratado con Chile, y a comienzos\n"
        "de 2025 tenía 22 TLC y el programa FTA-\n"
        "PASS.\n\n"
        "- **Norma común.** La Resolución 386 da al certificado\n"
        "  la misma validez.\n"
        "- **Tres piezas.** Las [entidades](https://example.org) reciben\n"
        "la solicitud.\n\n"
        "1. Primero\n"
        "2. Segundo paso\n"
        "   largo."
    )
    assert readable(text).split("\n") == [
        "Corea firmó su primer tratado con Chile, y a comienzos de 2025 tenía 22 TLC y el programa "
        "FTA-PASS.",
        "",
        "• Norma común. La Resolución 386 da al certificado la misma validez.",
        "• Tres piezas. Las entidades reciben la solicitud.",
        "",
        "1. Primero",
        "2. Segundo paso largo.",
    ]


def test_a_comparison_names_each_agency_in_the_readers_language(
    programs: dict[str, Program],
) -> None:
    """A Portuguese comparison showed KODIT's agency in English and FOGAPE's in Spanish."""
    kodit, fogape = programs["kor-kodit"], programs["chl-fogape"]
    row = fields_table([kodit, fogape], "pt").loc["agency"]
    assert list(row) == [kodit.agency_in("pt"), fogape.agency_in("pt")]
    assert row.iloc[0].startswith("Fundo Coreano de Garantia de Crédito")
    assert "fiscalizado pela Comissão" in row.iloc[1]
    assert fields_table([fogape], "es").loc["agency"].iloc[0] == fogape.meta.agency  # original
    # KODIT's case study is written in Spanish but names the fund officially in English
    spanish = fields_table([kodit], "es")[kodit.id]
    assert spanish["name"] == "Fondo Coreano de Garantía de Crédito (KODIT)"
    assert spanish["agency"].startswith("Fondo Coreano de Garantía de Crédito (institución")
    assert kodit.name == "Korea Credit Guarantee Fund (KODIT)"  # what search matches stays
    # every translation gives its agency (kb corpus check says so when one does not)
    assert all(tr.agency for p in programs.values() for tr in p.translations)
