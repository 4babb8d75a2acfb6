"""Case studies in format v2 (issue 16): the schema, translations, and one multilingual Document.

Each test writes a tiny case study (and its translations) where the right answer is obvious.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
import yaml

from kb.answer.compare import fields_table
from kb.errors import MetadataError
from kb.ingest.chunk import chunk_document
from kb.ingest.pipeline import HEADER_PASSAGES, program_document
from kb.ingest.programs import (
    SECTIONS,
    check_texts,
    load_programs,
    parse_program,
    read_program,
)

SENTENCE = {
    "es": "la garantía cubre parte del préstamo y el banco evalúa el riesgo de la empresa",
    "en": "the guarantee covers part of the loan and the bank assesses the firm",
    "pt": "a garantia cobre parte do empréstimo e o banco avalia o risco da empresa",
}
TEXT = {lang: " ".join([s] * 4) for lang, s in SENTENCE.items()}
META: dict[str, Any] = {
    "id": "chl-test",
    "name": "Fondo de Prueba (FOPRU)",
    "aliases": ["FOPRU"],
    "country": "CHL",
    "agency": "Banco de Prueba",
    "start_year": 2001,
    "status": "active",
    "as_of": "2024-06",
    "instruments": ["credit-guarantee"],
    "needs": ["access-to-credit"],
    "language": "es",
    "evidence": "monitoring",
    "sources": [
        {"id": "ley-1", "title": "Ley 1 que crea el fondo", "publisher": "Congreso",
         "year": 2001, "kind": "law", "specific": True},
        {"id": "oecd-2019", "title": "Regional overview", "author": "OECD", "year": 2019,
         "kind": "report", "specific": False, "doi": "10.1787/abc", "accessed": "2026-12-02"},
    ],
    "parameters": {
        "guarantee_coverage": {"min": 50, "max": 80, "unit": "percent", "source": "ley-1",
            "text": {"en": "50–80 % of the loan", "es": "50–80 % del préstamo",
                     "pt": "50–80 % do empréstimo"}},
    },
}  # fmt: skip


AGENCY = {"en": "Test Bank", "pt": "Banco de Teste"}


def body(lang: str) -> str:
    return "\n\n".join(f"## {s}\n\n{TEXT[lang]}" for s in SECTIONS[lang])


def write(folder: Path, meta: dict[str, Any] | None = None, langs: tuple[str, ...] = ("en", "pt"),
          **tr_kw: str) -> Path:  # fmt: skip
    meta = meta or META
    (folder / "translations").mkdir(parents=True, exist_ok=True)
    path = folder / f"{meta['id']}.md"
    head = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    path.write_text(f"---\n{head}---\n\n{body(meta['language'])}\n", encoding="utf-8")
    for lang in langs:
        tm = {"program": meta["id"], "language": lang, "translated_from": meta["language"]}
        tm.update(tr_kw)
        if lang == "en":
            tm.setdefault("name", "Test Fund (FOPRU)")
        tm.setdefault("agency", AGENCY[lang])
        head = yaml.safe_dump(tm, allow_unicode=True, sort_keys=False)
        (folder / "translations" / f"{meta['id']}.{lang}.md").write_text(
            f"---\n{head}---\n\n{body(lang)}\n", encoding="utf-8"
        )
    return path


S0, S1 = META["sources"]
GC = META["parameters"]["guarantee_coverage"]


def changed(**kw: Any) -> dict[str, Any]:
    meta = copy.deepcopy(META)
    meta.update(kw)
    return meta


def error_of(tmp_path: Path, meta: dict[str, Any]) -> str:
    with pytest.raises(MetadataError) as exc:
        parse_program(write(tmp_path, meta))
    return str(exc.value)


# ---- the front matter ----------------------------------------------------------------------
def test_a_valid_case_study_loads_with_its_translations(tmp_path: Path) -> None:
    prog = parse_program(write(tmp_path))
    assert prog.original_language == "es" and prog.languages == ("es", "en", "pt")
    assert [s.id for s in prog.sources] == ["ley-1", "oecd-2019"]
    assert prog.sources[1].verified and not prog.sources[0].verified
    assert list(prog.parameters) == ["guarantee_coverage"]
    assert prog.parameters["guarantee_coverage"].bounds() == (50, 80)
    assert check_texts(prog) == []


def test_a_word_wrapped_after_its_hyphen_is_a_problem_a_suspended_hyphen_is_not(
    tmp_path: Path,
) -> None:
    path = write(tmp_path)
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(
            "la garantía cubre",
            "el sistema FTA-\nPASS y las pequeñas y medianas, pre- y\npost-embarque; micro-\n"
            "e pequeñas; la garantía cubre",
            1,
        ),
        encoding="utf-8",
    )
    problems = check_texts(parse_program(path))
    assert len(problems) == 1, problems
    assert "'FTA-'" in problems[0] and "'FTA-PASS' on one line" in problems[0]


def test_string_sources_are_rejected_naming_the_field(tmp_path: Path) -> None:
    msg = error_of(tmp_path, changed(sources=["KODIT, Annual Report", "OECD 2019"]))
    assert "chl-test.md" in msg and "field 'sources.0'" in msg


@pytest.mark.parametrize(
    "change, expected",
    [
        ({"as_of": None}, "field 'as_of'"),
        ({"as_of": "2024-13"}, "field 'as_of'"),
        ({"as_of": "2099-01"}, "as_of 2099-01 is in the future"),
        ({"status": "closed"}, "status 'closed' requires end_year"),
        ({"start_year": 2010, "end_year": 2005}, "end_year 2005 is before start_year 2010"),
        ({"sources": [S0]}, "at least 2 items"),
        ({"sources": [S1, {**S1, "id": "x"}]}, "no source is specific"),
        ({"sources": [S0, dict(S0)]}, "source id(s) ['ley-1'] used twice"),
        ({"parameters": {"fee": {**GC, "source": "nope"}}},
         "parameters.fee.source 'nope' is not a source id"),
        ({"parameters": {"budget": {**GC}}},
         "parameters.budget needs 'year'"),
        ({"parameters": {"max_amount": {**GC, "unit": "currency"}}},
         "unit 'currency' needs 'currency'"),
        ({"parameters": {"discount": GC}}, "field 'parameters.discount'"),
        ({"sources": [S0, {**S1, "accessed": ""}]},
         "source 'oecd-2019': a url/doi/handle needs 'accessed'"),
        ({"sources": [S0, {**S1, "doi": "doi.org/10.1"}]},
         "must look like 10.NNNN/"),
        ({"sources": [S0, {**S1, "url": "www.oecd.org"}]},
         "url must start with http"),
        ({"sources": [S0, {**S1, "author": ""}]},
         "give an author or a publisher"),
        ({"sources": [S0, {**S1, "kind": "blog"}]},
         "field 'sources.1.kind'"),
    ],
)  # fmt: skip
def test_schema_rules_each_give_one_clear_error(
    tmp_path: Path, change: dict[str, Any], expected: str
) -> None:
    meta = changed(**change)
    meta = {k: v for k, v in meta.items() if v is not None}
    assert expected in error_of(tmp_path, meta)


def test_yaml_dates_are_read_as_text(tmp_path: Path) -> None:
    path = write(tmp_path)
    text = path.read_text(encoding="utf-8").replace(
        "accessed: '2026-12-02'", "accessed: 2026-12-02"
    )
    assert "accessed: 2026-12-02\n" in text
    path.write_text(text, encoding="utf-8")
    assert parse_program(path).sources[1].accessed == "2026-12-02"


# ---- translations --------------------------------------------------------------------------
def test_sections_and_name_in_each_language_fall_back_to_the_original(tmp_path: Path) -> None:
    prog = parse_program(write(tmp_path, langs=("en",)))
    assert prog.languages == ("es", "en")
    assert prog.section("how", "en").startswith("the guarantee covers")
    assert prog.section("how", "pt").startswith("la garantía cubre")  # no pt: the original
    assert list(prog.sections("pt")) == list(SECTIONS["es"])
    assert prog.name_in("en") == "Test Fund (FOPRU)" and prog.name_in("pt") == prog.name
    assert prog.is_translation("en") and not prog.is_translation("pt")
    missing = check_texts(prog)
    assert (
        len(missing) == 1
        and "chl-test.pt.md: missing translation of chl-test into 'pt'" in missing[0]
    )


def test_the_agency_reads_in_each_language_and_a_translation_must_give_it(
    tmp_path: Path,
) -> None:
    prog = parse_program(write(tmp_path, langs=("en",)))
    assert prog.agency_in("en") == "Test Bank" and prog.agency_in("es") == "Banco de Prueba"
    assert prog.agency_in("pt") == "Banco de Prueba"  # no pt version: the original's
    assert fields_table([prog], "en").loc["agency"].iloc[0] == "Test Bank"
    local = changed(local_name="Fondo de Prueba Local", local_agency="Banco Local")
    prog = parse_program(write(tmp_path, local, langs=("en",)))
    assert prog.name_in("es") == "Fondo de Prueba Local" and prog.agency_in("es") == "Banco Local"
    assert prog.name_in("pt") == "Fondo de Prueba Local"  # no pt version: the original's
    assert prog.name_in("en") == "Test Fund (FOPRU)" and prog.name == META["name"]
    write(tmp_path, langs=("en", "pt"), agency="")
    (prog,), _ = load_programs(tmp_path)
    assert prog.agency_in("pt") == "Banco de Prueba"  # an empty field: the original's
    problems = [p for p in check_texts(prog) if "agency" in p]
    assert len(problems) == 2 and all("no 'agency' in" in p for p in problems)
    assert "'Banco de Prueba' as it reads in this language" in problems[0]


@pytest.mark.parametrize(
    "tr_kw, expected",
    [
        (
            {"translated_from": "en"},
            "field 'translated_from': 'en', but chl-test is written in 'es'",
        ),
        ({"program": "chl-other"}, "does not match the file name"),
        ({"language": "es"}, "does not match the file name"),
        ({"colour": "red"}, "field 'colour'"),
    ],
)
def test_a_broken_translation_is_one_error_and_the_program_still_loads(
    tmp_path: Path, tr_kw: dict[str, str], expected: str
) -> None:
    write(tmp_path, langs=("en",), **tr_kw)
    progs, errors = load_programs(tmp_path)
    assert [p.id for p in progs] == ["chl-test"] and progs[0].languages == ("es",)
    assert len(errors) == 1 and "chl-test.en.md" in str(errors[0]) and expected in str(errors[0])


def test_translation_in_the_original_language_is_refused(tmp_path: Path) -> None:
    write(tmp_path, langs=())
    tr = tmp_path / "translations" / "chl-test.es.md"
    tr.write_text("---\nprogram: chl-test\nlanguage: es\ntranslated_from: es\n---\n\n" + body("es"))
    prog, errors = read_program(tmp_path / "chl-test.md")
    assert prog.languages == ("es",)
    assert "'es' is the original language of chl-test" in str(errors[0])


def test_orphan_translation_and_sources_section_are_reported(tmp_path: Path) -> None:
    path = write(tmp_path)
    path.write_text(path.read_text(encoding="utf-8") + "\n## Fuentes\n\n- KODIT, Annual Report\n")
    (tmp_path / "translations" / "gone.en.md").write_text("---\nprogram: gone\n---\n")
    progs, errors = load_programs(tmp_path)
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'translations' / 'gone.en.md'}: no case study gone.md for this "
        "translation (expected <id>.<language>.md next to an existing <id>.md)"
    ]
    (problem,) = check_texts(progs[0])
    assert "unexpected section(s) ['Fuentes']" in problem and "no Sources section" in problem


def test_short_translation_sections_are_reported(tmp_path: Path) -> None:
    write(tmp_path)
    tr = tmp_path / "translations" / "chl-test.pt.md"
    tr.write_text(tr.read_text(encoding="utf-8").replace(TEXT["pt"], "curto", 1))
    (prog,), _ = load_programs(tmp_path)
    (problem,) = check_texts(prog)
    assert problem.startswith(str(tr)) and "['Resumo'] shorter than 15 words" in problem


# ---- one Document, every language ------------------------------------------------------------
def test_program_document_holds_every_language_each_chunk_knows_its_own(tmp_path: Path) -> None:
    prog = parse_program(write(tmp_path))
    doc = program_document(prog, tmp_path)
    assert doc.language == "es" and doc.page_count == 1
    blocks = doc.pages[0].blocks
    header = [b for b in blocks if b.kind == "header"]
    assert len(header) == HEADER_PASSAGES  # names, then its instruments in en, es, pt
    assert "FOPRU" in header[0].text and "Test Fund (FOPRU)" in header[0].text
    assert "Banco de Prueba" in header[0].text and "Chile" in header[0].text
    assert [(b.language, b.text) for b in header[1:]] == [
        ("en", "Credit guarantee"),
        ("es", "Garantía de crédito"),
        ("pt", "Garantia de crédito"),
    ]
    chunks = chunk_document(doc, size=40, overlap=10)
    n = HEADER_PASSAGES
    assert all(c.kind == "header" for c in chunks[:n]) and all(c.kind == "text" for c in chunks[n:])
    for c in chunks[n:]:
        lang = next(x for x in SECTIONS if c.heading in SECTIONS[x])
        assert c.language == lang, (c.heading, c.language)
        assert set(c.text.split()) <= set(TEXT[lang].split())  # never two versions in one
    assert {c.language for c in chunks} == {"es", "en", "pt"}
    assert "Ley 1 que crea el fondo" not in doc.text  # sources are not a passage


def test_doc_id_changes_when_any_file_of_the_program_changes(tmp_path: Path) -> None:
    path = write(tmp_path)
    first = program_document(parse_program(path), tmp_path).doc_id
    assert program_document(parse_program(path), tmp_path).doc_id == first
    tr = tmp_path / "translations" / "chl-test.pt.md"
    tr.write_text(tr.read_text(encoding="utf-8") + "\nMais uma frase.\n", encoding="utf-8")
    second = program_document(parse_program(path), tmp_path).doc_id
    assert second != first and second.startswith("p-")
    tr.unlink()
    assert program_document(parse_program(path), tmp_path).doc_id not in (first, second)
