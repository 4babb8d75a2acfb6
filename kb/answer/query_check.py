"""What a search or recommendation is asked, checked before anything is searched.

An empty question, a country or language code kb does not know, or a year range that cannot
hold a document is a usage error (exit 2, naming the valid values), never "no results": the
user mistyped, and an empty answer would tell them the knowledge base has nothing.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence

from kb.errors import UnknownIdError, UsageError
from kb.vocab import countries

EARLIEST_YEAR = 1900  # older policy documents are not what kb holds


def check_query(query: str) -> str:
    """The question without surrounding blanks; an empty one is a usage error."""
    text = " ".join(query.split())
    if not text:
        raise UsageError("empty query: give the words or question to search for")
    return text


def check_countries(codes: Iterable[str]) -> list[str]:
    """ISO3 codes in upper case; an unknown one is a usage error listing the valid codes."""
    out = []
    for code in codes:
        upper = code.strip().upper()
        if not countries.is_country(upper):
            raise UnknownIdError("country", code, countries.all_codes())
        out.append(upper)
    return out


def check_regions(regions: Iterable[str]) -> list[str]:
    """World Bank region names, each given as its name or code (LAC, EAP, SAS, WLD; any case)
    or as "asia" (countries.region_names); an unknown one is a usage error listing the valid
    ones."""
    out: list[str] = []
    for region in regions:
        found = countries.region_names(region)
        if found is None:
            raise UnknownIdError("region", region, countries.region_choices())
        out += [n for n in found if n not in out]
    return out


def check_languages(codes: Iterable[str], known: Sequence[str]) -> list[str]:
    """Language codes, each one of `known` (the index's languages and the corpus's three)."""
    out = []
    for code in codes:
        lower = code.strip().lower()
        if lower not in known:
            raise UnknownIdError("language", code, sorted(known))
        out.append(lower)
    return out


def check_years(year_from: int | None, year_to: int | None) -> None:
    """A year range that can hold a document: from <= to, nothing after next year."""
    last = datetime.date.today().year + 1
    for flag, year in (("--year-from", year_from), ("--year-to", year_to)):
        if year is not None and not EARLIEST_YEAR <= year <= last:
            raise UsageError(
                f"{flag} {year} is outside {EARLIEST_YEAR}-{last}; valid years: that range"
            )
    if year_from is not None and year_to is not None and year_from > year_to:
        raise UsageError(f"--year-from {year_from} is after --year-to {year_to}; give from <= to")
