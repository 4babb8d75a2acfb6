"""Corpus statistics and the balance rules of the starter corpus (issues 3 and 16).

The starter corpus must be broad enough for the recommender to be useful to any Latin
American or Caribbean government: enough programs, from enough economies, covering every
need and instrument, written in the three languages and readable in each of them. The schema
(sources as records, `as_of`, closed => end_year, parameter <-> source) is enforced when the
case studies load; `balance_report` adds the texts of every language version and the balance
rules, one line per failure, naming the file or the rule and the numbers. `corpus_stats` also
says how checkable the corpus is: verified URLs, parameters, the age of `as_of`.
"""

from __future__ import annotations

import datetime as dt
import re
import statistics
import unicodedata
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml

from kb.errors import MetadataError
from kb.ingest.program_schema import LANGUAGES, PARAM_NAMES
from kb.ingest.programs import Program, check_texts
from kb.settings import get_settings
from kb.vocab import countries, taxonomy

MIN_PROGRAMS = 160
MIN_LAC_ECONOMIES = 20
MIN_ASIAN_ECONOMIES = 10
MIN_PROGRAMS_PER_TAG = 3  # every need and every instrument
MIN_ES_PT_SHARE = 0.30

LAC = "Latin America & Caribbean"
# Australia, New Zealand and the Pacific islands are in the World Bank's East Asia & Pacific
# region but are not what "Asian economies" means in the balance rule.
ASIAN_SUBREGIONS = frozenset({"East Asia", "South-East Asia", "South Asia"})


def _counts(values: Sequence[str]) -> dict[str, int]:
    """Counts, largest first, ties by key (stable output for tables and JSON)."""
    return dict(sorted(Counter(values).items(), key=lambda kv: (-kv[1], kv[0])))


def region_name(code: str) -> str:
    return countries.region_of(code) or "Unknown"


def lac_economies(programs: Sequence[Program]) -> set[str]:
    return {
        p.meta.country
        for p in programs
        if countries.is_country(p.meta.country) and countries.get(p.meta.country).region == LAC
    }


def asian_economies(programs: Sequence[Program]) -> set[str]:
    return {
        p.meta.country
        for p in programs
        if countries.is_country(p.meta.country)
        and countries.get(p.meta.country).subregion in ASIAN_SUBREGIONS
    }


def months_between(as_of: str, today: dt.date) -> int:
    """Whole months from an `as_of` month (YYYY-MM) to today's month."""
    year, month = (int(x) for x in as_of.split("-"))
    return (today.year - year) * 12 + today.month - month


def as_of_age(programs: Sequence[Program], today: dt.date | None = None) -> dict[str, Any]:
    """The age of the `as_of` months in months from today: oldest, median, newest."""
    today = today or dt.date.today()
    ages = sorted(months_between(p.meta.as_of, today) for p in programs)
    if not ages:
        return dict.fromkeys(("oldest", "median", "newest", "oldest_as_of", "newest_as_of"))
    return {
        "oldest": ages[-1],
        "median": statistics.median(ages),
        "newest": ages[0],
        "oldest_as_of": min(p.meta.as_of for p in programs),
        "newest_as_of": max(p.meta.as_of for p in programs),
    }


def _share(n: int, total: int) -> float:
    return round(n / total, 3) if total else 0.0


def corpus_stats(programs: Sequence[Program], today: dt.date | None = None) -> dict[str, Any]:
    """Counts by region, country, instrument, need, language and evidence; how checkable the
    case studies are (verified URLs, parameters, `as_of` age); the languages they are read in."""
    metas = [p.meta for p in programs]
    n = len(metas)
    es_pt = sum(m.language in ("es", "pt") for m in metas)
    return {
        "programs": n,
        "lac_economies": len(lac_economies(programs)),
        "asian_economies": len(asian_economies(programs)),
        "es_pt_share": _share(es_pt, n),
        "verified_url_share": _share(sum(any(s.verified for s in m.sources) for m in metas), n),
        "parameters_share": _share(sum(bool(m.parameters.items()) for m in metas), n),
        "as_of_age_months": as_of_age(programs, today),
        "by_region": _counts([region_name(m.country) for m in metas]),
        "by_country": _counts([m.country for m in metas]),
        "by_instrument": _counts([i for m in metas for i in m.instruments]),
        "by_need": _counts([n for m in metas for n in m.needs]),
        "by_language": _counts([m.language for m in metas]),
        "by_evidence": _counts([m.evidence for m in metas]),
        "by_status": _counts([m.status for m in metas]),
        "by_parameter": {
            name: sum(getattr(m.parameters, name) is not None for m in metas)
            for name in PARAM_NAMES
        },
        "readable_in": {x: sum(x in p.languages for p in programs) for x in LANGUAGES},
        "by_language_count": {
            str(k): v for k, v in sorted(Counter(len(p.languages) for p in programs).items())
        },
    }


def normalize_alias(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form of a program name or alias."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def alias_conflicts(programs: Sequence[Program]) -> list[str]:
    """Names/aliases claimed by two programs, unless both programs have the same name.

    A shared alias makes a mention in a document ambiguous; two programs that really are
    called the same (e.g. in two countries) are allowed to share it.
    """
    claims: dict[str, list[Program]] = {}
    for prog in programs:
        for key in {normalize_alias(a) for a in (prog.name, *prog.meta.aliases)} - {""}:
            claims.setdefault(key, []).append(prog)
    problems = []
    for key, progs in sorted(claims.items()):
        for i, a in enumerate(progs):
            for b in progs[i + 1 :]:
                if normalize_alias(a.name) != normalize_alias(b.name):
                    problems.append(
                        f"{b.path}: alias {key!r} is also claimed by {a.id} ({a.path}); "
                        "make the alias specific (e.g. add the country) or drop it"
                    )
    return problems


def load_coverage(path: Path) -> dict[str, dict[str, str]]:
    """corpus/coverage.yaml: {country or region code: {program id: program name}}."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise MetadataError(str(path), f"cannot read the coverage list: {exc}") from exc
    if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
        raise MetadataError(str(path), "expected a mapping of country code -> {program id: name}")
    return {str(k): {str(i): str(n) for i, n in v.items()} for k, v in data.items()}


def coverage_problems(
    programs: Sequence[Program], coverage: dict[str, dict[str, str]]
) -> list[str]:
    """Ids of the coverage list with no case study, or filed under another country."""
    by_id = {p.id: p for p in programs}
    problems = []
    for code, entries in coverage.items():
        if not countries.is_known(code):
            problems.append(f"coverage: unknown country or region code {code!r}")
        for pid, name in entries.items():
            prog = by_id.get(pid)
            if prog is None:
                problems.append(f"coverage: no case study {pid!r} ({name}, {code})")
            elif prog.meta.country != code:
                problems.append(
                    f"{prog.path}: country {prog.meta.country!r}, "
                    f"but the coverage list files {pid} under {code}"
                )
    return problems


def _tag_problems(programs: Sequence[Program]) -> list[str]:
    needs = Counter(n for p in programs for n in p.meta.needs)
    instruments = Counter(i for p in programs for i in p.meta.instruments)
    problems = []
    for kind, vocab, seen in (
        ("need", taxonomy.NEEDS, needs),
        ("instrument", taxonomy.INSTRUMENTS, instruments),
    ):
        for key in vocab:
            if seen[key] < MIN_PROGRAMS_PER_TAG:
                problems.append(
                    f"{kind} {key!r}: {seen[key]} program(s), fewer than {MIN_PROGRAMS_PER_TAG}"
                )
    return problems


def _size_problems(programs: Sequence[Program]) -> list[str]:
    problems = []
    n = len(programs)
    if n < MIN_PROGRAMS:
        problems.append(f"corpus: {n} programs, fewer than {MIN_PROGRAMS}")
    lac = len(lac_economies(programs))
    if lac < MIN_LAC_ECONOMIES:
        problems.append(
            f"corpus: {lac} Latin American & Caribbean economies, fewer than {MIN_LAC_ECONOMIES}"
        )
    asia = len(asian_economies(programs))
    if asia < MIN_ASIAN_ECONOMIES:
        problems.append(f"corpus: {asia} Asian economies, fewer than {MIN_ASIAN_ECONOMIES}")
    es_pt = sum(p.meta.language in ("es", "pt") for p in programs)
    if n and es_pt / n < MIN_ES_PT_SHARE:
        problems.append(
            f"corpus: {es_pt} of {n} case studies ({es_pt / n:.0%}) in es or pt, "
            f"fewer than {MIN_ES_PT_SHARE:.0%}"
        )
    return problems


def _duplicate_ids(programs: Sequence[Program]) -> list[str]:
    seen: dict[str, str] = {}
    problems = []
    for p in programs:
        if p.id in seen:
            problems.append(f"{p.path}: id {p.id!r} already used by {seen[p.id]}")
        seen.setdefault(p.id, p.path)
    return problems


def balance_report(programs: Sequence[Program], coverage: Path | None = None) -> list[str]:
    """Every failed balance rule, one line each; empty when the corpus is balanced.

    `coverage` is the coverage list (default: corpus/coverage.yaml of the settings' corpus).
    """
    if coverage is None:
        coverage = get_settings().corpus_dir / "coverage.yaml"
    problems = _size_problems(programs) + _tag_problems(programs)
    problems += [line for p in programs for line in check_texts(p)]
    problems += _duplicate_ids(programs) + alias_conflicts(programs)
    problems += coverage_problems(programs, load_coverage(coverage))
    return problems
