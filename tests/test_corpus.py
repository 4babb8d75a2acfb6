"""The starter corpus (corpus/programs) and the corpus checks of kb.evaluate.corpus.

The first group checks the real corpus as it must be when complete (issues 3 and 16); the rest
are unit tests of load_programs, corpus_stats, balance_report and the CLI on generated programs
(format v2, with their translations). The schema itself is tested in test_programs_v2.py.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest
import yaml
from typer.testing import CliRunner

from kb.cli.corpus import app
from kb.errors import MetadataError, UsageError
from kb.evaluate.corpus import (
    alias_conflicts,
    balance_report,
    corpus_stats,
    coverage_problems,
    load_coverage,
)
from kb.ingest.program_schema import LANGUAGES, ProgramMeta
from kb.ingest.programs import (
    SECTIONS,
    Program,
    Translation,
    check_texts,
    load_programs,
    split_front_matter,
)
from kb.vocab import countries, taxonomy

ROOT = Path(__file__).resolve().parents[1]
PROGRAMS = ROOT / "corpus" / "programs"
COVERAGE = ROOT / "corpus" / "coverage.yaml"

# ---------------------------------------------------------------- the real corpus


def _raw_front_matter() -> dict[Path, dict[str, object]]:
    out = {}
    for path in sorted(PROGRAMS.glob("*.md")):
        try:
            out[path], _ = split_front_matter(path.read_text(encoding="utf-8"), str(path))
        except MetadataError:
            out[path] = {}  # reported by test_every_case_study_validates
    return out


def _none(problems: list[str]) -> None:
    """Fail listing every problem, one a line (pytest would truncate a list diff)."""
    assert not problems, f"{len(problems)} problem(s):\n" + "\n".join(problems)


def test_every_case_study_validates() -> None:
    progs, errors = load_programs(PROGRAMS)
    assert progs, f"no case study loaded from {PROGRAMS}"
    _none([str(e) for e in errors])


def test_taxonomy_ids_and_country_codes() -> None:
    # Independent of the pydantic validators: read the raw YAML and check every id.
    vocab = {
        "needs": taxonomy.NEEDS,
        "instruments": taxonomy.INSTRUMENTS,
        "conditions": taxonomy.CONDITIONS,
        "evidence": taxonomy.EVIDENCE_LEVELS,
    }
    problems = []
    for path, meta in _raw_front_matter().items():
        for field, valid in vocab.items():
            values = meta.get(field) or []
            for value in [values] if isinstance(values, str) else values:
                if value not in valid:
                    problems.append(f"{path.name}: {field} {value!r} is not a taxonomy id")
        if not countries.is_known(str(meta.get("country"))):
            problems.append(f"{path.name}: country {meta.get('country')!r} is not a known code")
    _none(problems)


def test_ids_unique_and_match_file_names() -> None:
    seen: dict[str, str] = {}
    problems = []
    for path, meta in _raw_front_matter().items():
        pid = str(meta.get("id"))
        if pid != path.stem:
            problems.append(f"{path.name}: id {pid!r} differs from the file name")
        if pid in seen:
            problems.append(f"{path.name}: id {pid!r} already used by {seen[pid]}")
        seen.setdefault(pid, path.name)
    _none(problems)


def test_no_alias_claimed_by_two_programs() -> None:
    progs, _ = load_programs(PROGRAMS)
    _none(alias_conflicts(progs))


def test_bodies_have_sections_and_length_in_every_language() -> None:
    progs, _ = load_programs(PROGRAMS)
    _none([line for p in progs for line in check_texts(p)])
    _none([f"{p.path}: readable only in {p.languages}" for p in progs if len(p.languages) < 3])


def test_no_taxonomy_id_shows_in_a_readers_text() -> None:
    # a lesson once read "capacidade orçamentária (fiscal-resources) para absorver perdas"
    ids = {*taxonomy.CONDITIONS, *taxonomy.NEEDS, *taxonomy.INSTRUMENTS}
    ids = {i for i in ids if "-" in i}  # one-word ids are words ("factoring") a text may use
    _none(
        [
            f"{path}: ({found})"
            for path in sorted(PROGRAMS.rglob("*.md"))
            for found in re.findall(r"\(([a-z0-9-]+)\)", path.read_text(encoding="utf-8"))
            if found in ids
        ]
    )


def test_coverage_list_is_written() -> None:
    progs, _ = load_programs(PROGRAMS)
    _none(coverage_problems(progs, load_coverage(COVERAGE)))


def test_review_notes_name_only_existing_programs() -> None:
    ids = {p.stem for p in PROGRAMS.glob("*.md")}
    named = {
        m.group(1): note.name
        for note in (ROOT / "corpus" / "reviews").rglob("*.md")
        for m in re.finditer(r"^- \*\*([a-z0-9-]+)\*\*", note.read_text(encoding="utf-8"), re.M)
    }
    assert len(named) >= 160
    _none([f"{note}: no case study {pid!r}" for pid, note in named.items() if pid not in ids])


def test_corpus_is_balanced() -> None:
    progs, _ = load_programs(PROGRAMS)
    report = balance_report(progs, COVERAGE)
    print(json.dumps(corpus_stats(progs), indent=1, ensure_ascii=False))
    _none(report)


# ---------------------------------------------------------------- generated programs

LAC20 = [
    "ARG",
    "BOL",
    "BRA",
    "CHL",
    "COL",
    "CRI",
    "DOM",
    "ECU",
    "SLV",
    "GTM",
    "HND",
    "JAM",
    "MEX",
    "NIC",
    "PAN",
    "PRY",
    "PER",
    "URY",
    "TTO",
    "BRB",
]
ASIA10 = ["CHN", "JPN", "KOR", "TWN", "SGP", "MYS", "THA", "IDN", "IND", "VNM"]
NEED_IDS, INSTRUMENT_IDS = list(taxonomy.NEEDS), list(taxonomy.INSTRUMENTS)


def _body(lang: str, words_per_section: int = 40) -> str:
    filler = " ".join(["palavra"] * words_per_section)
    return "\n\n".join(f"## {s}\n\n{filler}" for s in SECTIONS[lang])


SOURCES = [
    {"id": "law", "title": "The law creating it", "publisher": "Congress", "year": 2001,
     "kind": "law", "specific": True},
    {"id": "oecd", "title": "A regional overview", "author": "OECD", "year": 2019,
     "kind": "report", "specific": False},
]  # fmt: skip


def _meta(pid: str, **kw: object) -> dict[str, object]:
    meta: dict[str, object] = {
        "id": pid,
        "name": f"Program {pid}",
        "country": "CHL",
        "as_of": "2024-06",
        "language": "en",
        "instruments": ["credit-guarantee"],
        "needs": ["access-to-credit"],
        "evidence": "monitoring",
        "sources": SOURCES,
    }
    meta.update(kw)
    return meta


def _program(pid: str, words: int = 40, **kw: object) -> Program:
    meta = ProgramMeta.model_validate(_meta(pid, **kw))
    translations = tuple(
        Translation(lang, meta.language, "", _body(lang, words), f"translations/{pid}.{lang}.md")
        for lang in LANGUAGES
        if lang != meta.language
    )
    return Program(meta, _body(meta.language, words), f"{pid}.md", translations)


def _write(folder: Path, prog: Program) -> None:
    text = yaml.safe_dump(prog.meta.model_dump(mode="json", exclude_none=True), allow_unicode=True)
    (folder / f"{prog.id}.md").write_text(f"---\n{text}---\n\n{prog.body}\n", encoding="utf-8")
    (folder / "translations").mkdir(exist_ok=True)
    for tr in prog.translations:
        head = f"program: {prog.id}\nlanguage: {tr.language}\ntranslated_from: {prog.meta.language}"
        (folder / "translations" / f"{prog.id}.{tr.language}.md").write_text(
            f"---\n{head}\n---\n\n{tr.body}\n", encoding="utf-8"
        )


def _balanced(n: int = 160) -> list[Program]:
    codes = LAC20 + ASIA10
    return [
        _program(
            f"p{i:03d}",
            country=codes[i % len(codes)],
            language=("es", "pt", "en")[i % 3],
            needs=[NEED_IDS[i % len(NEED_IDS)]],
            instruments=[INSTRUMENT_IDS[i % len(INSTRUMENT_IDS)]],
        )
        for i in range(n)
    ]


@pytest.fixture
def coverage_file(tmp_path: Path) -> Path:
    path = tmp_path / "coverage.yaml"
    path.write_text("ARG:\n  p000: First program\nBOL:\n  p001: Second program\n", encoding="utf-8")
    return path


def test_load_programs_broken_yaml_names_file_and_rest_load(tmp_path: Path) -> None:
    for prog in _balanced(3):
        _write(tmp_path, prog)
    (tmp_path / "broken.md").write_text("---\nid: broken\nname: [unclosed\n---\nbody\n")
    progs, errors = load_programs(tmp_path)
    assert sorted(p.id for p in progs) == ["p000", "p001", "p002"]
    assert len(errors) == 1
    assert "broken.md" in str(errors[0]) and "broken YAML" in str(errors[0])


def test_load_programs_wrong_need_names_the_field(tmp_path: Path) -> None:
    _write(tmp_path, _program("good"))
    text = (tmp_path / "good.md").read_text().replace("id: good", "id: bad")
    (tmp_path / "bad.md").write_text(text.replace("access-to-credit", "acces-to-credit"))
    progs, errors = load_programs(tmp_path)
    assert [p.id for p in progs] == ["good"]
    assert len(errors) == 1
    msg = str(errors[0])
    assert "bad.md" in msg and "'needs'" in msg and "acces-to-credit" in msg


def test_corpus_stats_counts() -> None:
    verified = [{**SOURCES[0], "url": "https://example.org/law", "accessed": "2026-01-02"}]
    text = {"en": "80 % of the loan", "es": "80 % del préstamo", "pt": "80 % do empréstimo"}
    coverage = {
        "guarantee_coverage": {"value": 80, "unit": "percent", "source": "law", "text": text}
    }
    progs = [
        _program("a", country="CHL", language="es", needs=["working-capital", "export-finance"]),
        _program("b", country="CHL", language="pt", instruments=["voucher", "credit-guarantee"]),
        _program("c", country="KOR", evidence="evaluation", as_of="2025-12"),
        _program("d", country="ASIA", sources=verified + SOURCES[1:], parameters=coverage),
    ]
    progs[3] = Program(progs[3].meta, progs[3].body, progs[3].path, progs[3].translations[:1])
    stats = corpus_stats(progs, today=dt.date(2026, 6, 15))
    assert stats["programs"] == 4
    assert stats["lac_economies"] == 1 and stats["asian_economies"] == 1
    assert stats["es_pt_share"] == 0.5
    assert stats["by_region"] == {
        "Latin America & Caribbean": 2,
        "Asia and Pacific": 1,
        "East Asia & Pacific": 1,
    }
    assert stats["by_country"] == {"CHL": 2, "ASIA": 1, "KOR": 1}
    assert stats["by_instrument"] == {"credit-guarantee": 4, "voucher": 1}
    assert stats["by_need"] == {"access-to-credit": 3, "export-finance": 1, "working-capital": 1}
    assert stats["by_language"] == {"en": 2, "es": 1, "pt": 1}
    assert stats["by_evidence"] == {"monitoring": 3, "evaluation": 1}
    assert stats["verified_url_share"] == 0.25 and stats["parameters_share"] == 0.25
    assert stats["by_parameter"]["guarantee_coverage"] == 1 and stats["by_parameter"]["fee"] == 0
    age = stats["as_of_age_months"]
    assert (age["oldest"], age["median"], age["newest"]) == (24, 24, 6)
    assert (age["oldest_as_of"], age["newest_as_of"]) == ("2024-06", "2025-12")
    assert stats["readable_in"] == {"en": 4, "es": 4, "pt": 3}  # d lost its pt version
    assert stats["by_language_count"] == {"2": 1, "3": 3}


def test_balanced_corpus_passes(coverage_file: Path) -> None:
    assert balance_report(_balanced(), coverage_file) == []


def test_small_corpus_fails_each_rule(coverage_file: Path) -> None:
    progs = [_program("p000", country="ARG", words=10), _program("p001", country="AUS")]
    report = "\n".join(balance_report(progs, coverage_file))
    assert "2 programs, fewer than 160" in report
    assert "1 Latin American & Caribbean economies, fewer than 20" in report
    assert "0 Asian economies, fewer than 10" in report  # Australia is not an Asian economy
    assert "0 of 2 case studies (0%) in es or pt" in report
    assert "need 'innovation': 0 program(s), fewer than 3" in report
    assert "instrument 'credit-guarantee': 2 program(s), fewer than 3" in report
    assert "p000.md: " in report and "fewer than 250" in report
    assert "coverage: no case study" not in report
    assert "p001.md: country 'AUS', but the coverage list files p001 under BOL" in report


def test_alias_conflicts() -> None:
    progs = _balanced(3)
    progs[0] = _program("p000", aliases=["Fondo Único"])
    progs[1] = _program("p001", aliases=["FONDO unico!"])
    progs[2] = _program("p002", aliases=["program-p000"])  # another program's name
    found = alias_conflicts(progs)
    assert len(found) == 2
    assert any("'fondo unico'" in f and f.startswith("p001.md") and "p000" in f for f in found)
    assert any("'program p000'" in f and f.startswith("p002.md") for f in found)
    # Programs that share their name (the same scheme in two countries) may share it.
    same = [
        _program("x", name="Exporta Fácil", country="PER"),
        _program("y", name="Exporta Facil", country="BRA", aliases=["Exporta Fácil"]),
    ]
    assert alias_conflicts(same) == []


def test_balance_report_includes_alias_and_coverage_problems(coverage_file: Path) -> None:
    progs = _balanced()
    progs[5] = _program("p005", country=progs[5].meta.country, aliases=["Program p006"])
    progs.append(_program("p001", country="BOL"))
    coverage_file.write_text("ARG:\n  p000: x\n  nope: Missing one\nZZZ:\n  p001: y\n")
    report = balance_report(progs, coverage_file)
    assert "p001.md: id 'p001' already used by p001.md" in report
    assert any("alias 'program p006'" in r for r in report)
    assert "coverage: no case study 'nope' (Missing one, ARG)" in report
    assert "coverage: unknown country or region code 'ZZZ'" in report


def test_load_coverage_rejects_wrong_shape(tmp_path: Path) -> None:
    path = tmp_path / "coverage.yaml"
    path.write_text("- chl-fogape\n- col-fng\n")
    with pytest.raises(MetadataError, match=r"coverage\.yaml: expected a mapping"):
        load_coverage(path)


def test_real_coverage_list_loads() -> None:
    coverage = load_coverage(COVERAGE)
    assert "chl-fogape" in coverage["CHL"]
    assert all(countries.is_known(code) for code in coverage)


# ---------------------------------------------------------------- CLI


def test_cli_check_exit_codes(tmp_path: Path, coverage_file: Path) -> None:
    folder = tmp_path / "programs"
    folder.mkdir()
    for prog in _balanced():
        _write(folder, prog)
    runner = CliRunner()
    args = ["check", "--programs", str(folder), "--coverage", str(coverage_file)]
    ok = runner.invoke(app, args)
    assert ok.exit_code == 0, ok.output
    assert "160 valid programs, 0 problem(s)" in ok.output
    (folder / "p007.md").unlink()  # its two translations are left without a case study
    (folder / "zz-broken.md").write_text("---\nid: [\n---\n")
    bad = runner.invoke(app, args)
    assert bad.exit_code == 1
    assert "zz-broken.md: broken YAML" in bad.output
    assert "p007.es.md: no case study p007.md for this translation" in bad.output
    # broken file + 2 orphan translations + 159 < 160
    assert "159 valid programs, 4 problem(s)" in bad.output


def test_cli_stats(tmp_path: Path) -> None:
    progs = _balanced(6)
    for prog in progs:
        _write(tmp_path, prog)
    runner = CliRunner()
    res = runner.invoke(app, ["stats", "--programs", str(tmp_path), "--json"])
    assert res.exit_code == 0, res.output
    assert json.loads(res.output) == corpus_stats(progs)
    table = runner.invoke(app, ["stats", "--programs", str(tmp_path)])
    assert table.exit_code == 0
    assert "6 programs" in table.output and "Credit guarantee" in table.output
    missing = runner.invoke(app, ["stats", "--programs", str(tmp_path / "nope")])
    assert isinstance(missing.exception, UsageError)
    assert "no such folder of case studies" in str(missing.exception)
