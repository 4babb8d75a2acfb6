"""A search in the page's URL: `?q=...&lang=es&country=KOR&need=access-to-credit&years=2010-2020`.

The Search page writes the query and its filters to the URL on every run and reads them back
once per session, so a link reproduces the search (issue 15). Filters travel as ids and codes,
never as labels, so a link works in every interface language. Plain functions: no widgets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from kb.answer.search import Filters

QUERY = "q"
YEARS = "years"
# URL parameter -> (widget key, Filters field)
PARAMS: dict[str, tuple[str, str]] = {
    "country": ("f_country", "countries"),
    "region": ("f_region", "regions"),
    "instrument": ("f_instrument", "instruments"),
    "need": ("f_need", "needs"),
    "doclang": ("f_language", "languages"),
    "type": ("f_doc_type", "doc_types"),
    "evidence": ("f_evidence", "evidence"),
    "status": ("f_status", "statuses"),
}


@dataclass(frozen=True)
class UrlSearch:
    """What a URL asks for, already checked against the options the page offers."""

    query: str = ""
    picks: Mapping[str, tuple[str, ...]] | None = None  # widget key -> chosen values
    years: tuple[int, int] | None = None


def read(
    params: Mapping[str, Sequence[str]],
    options: Mapping[str, Sequence[str]],
    year_span: tuple[int, int],
) -> UrlSearch:
    """The search in `params` (name -> values); unknown values and names are dropped."""
    picks: dict[str, tuple[str, ...]] = {}
    for name, (key, _) in PARAMS.items():
        allowed = set(options.get(key, ()))
        chosen = tuple(dict.fromkeys(v for v in params.get(name, ()) if v in allowed))
        if chosen:
            picks[key] = chosen
    query = next(iter(params.get(QUERY, ())), "").strip()
    return UrlSearch(query, picks, _years(next(iter(params.get(YEARS, ())), ""), year_span))


def _years(text: str, span: tuple[int, int]) -> tuple[int, int] | None:
    lo, _, hi = text.partition("-")
    if not (lo.strip().isdigit() and hi.strip().isdigit()):
        return None
    a, b = sorted((int(lo), int(hi)))
    a, b = max(a, span[0]), min(b, span[1])
    return (a, b) if a <= b else None


def write(query: str, f: Filters, years: tuple[int, int] | None = None) -> dict[str, list[str]]:
    """The URL parameters of a search (empty ones left out); `years` when narrowed."""
    out: dict[str, list[str]] = {}
    if query.strip():
        out[QUERY] = [query.strip()]
    for name, (_, field) in PARAMS.items():
        values = list(getattr(f, field))
        if values:
            out[name] = values
    if years is not None:
        out[YEARS] = [f"{years[0]}-{years[1]}"]
    return out
