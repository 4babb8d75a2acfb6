"""The places a query names, and the filter that keeps to them when the sources shown are
from elsewhere.

A place in a question is rarely all it asks: "helping Latin American food exporters with
carbon labels" wants labelling schemes from anywhere. Ranking sources from the named places
higher lost documents and hits on dev_mixed at every weight tried (docs/evaluation-log.md,
"Places named in the query"), so ranking ignores places. kb offers the filter instead, and the
reader chooses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

from kb.answer.reasons import country_name, region_name
from kb.records import Hit
from kb.store.base import IndexView
from kb.store.filters import Filters, allowed_docs, doc_table
from kb.vocab import countries
from kb.vocab.labels import t

_LONGEST = 4  # words in the longest place name matched ("republica democratica popular lao")


@dataclass(frozen=True)
class PlacesNamed:
    """Economies (ISO3) and regions (World Bank names, and the ADB's "Asia and Pacific") a
    query names."""

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.countries or self.regions)

    def filters(self, base: Filters | None = None) -> Filters:
        """`base` restricted to these places: a source from a named economy, or, when only
        regions are named, from one of them (an economy named with its region is the narrower
        ask: "Korea, in Asia")."""
        if self.countries:
            return replace(base or Filters(), countries=self.countries, regions=())
        return replace(base or Filters(), regions=self.regions)

    def to_json(self) -> dict[str, Any]:
        return {"countries": list(self.countries), "regions": list(self.regions)}


def place_names(places: PlacesNamed, lang: str) -> list[str]:
    """The places as a reader says them in `lang`; Asia's three regions as "Asia"."""
    if places.countries:
        return [country_name(c, lang) for c in places.countries]
    asia, rest = split_asia(places.regions)
    return [t("ui.asia", lang)] * asia + [region_name(r, lang) for r in rest]


def split_asia(regions: tuple[str, ...]) -> tuple[bool, list[str]]:
    """Whether `regions` hold all of Asia's three (said "Asia", `--region asia`), and the others."""
    asia = set(regions) >= countries.ASIAN_REGIONS
    return asia, [r for r in regions if not (asia and r in countries.ASIAN_REGIONS)]


@dataclass(frozen=True)
class PlaceTip:
    """The places named; of the sources shown, how many are from elsewhere and how many have
    no recorded place (a repository record without a country: the filter hides it too)."""

    places: PlacesNamed
    outside: int
    unplaced: int
    shown: int


@cache
def _forms() -> tuple[dict[str, tuple[str, ...]], dict[str, tuple[str, ...]]]:
    """kb/data/places.tsv as (exact forms, prefix forms) -> places."""
    exact: dict[str, tuple[str, ...]] = {}
    prefix: dict[str, tuple[str, ...]] = {}
    text = resources.files("kb").joinpath("data/places.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.strip() and not line.startswith("#"):
            form, places = line.split("\t")
            target = prefix if form.endswith("*") else exact
            target[form.rstrip("*")] = tuple(places.split(","))
    return exact, prefix


def _places_of(phrase: str) -> tuple[str, ...]:
    exact, prefix = _forms()
    if phrase in exact:
        return exact[phrase]
    for stem, places in prefix.items():
        if phrase.startswith(stem) and phrase.count(" ") == stem.count(" "):
            return places
    code = countries.economy_named(phrase)
    return (code,) if code else ()


def places_named(query: str) -> PlacesNamed:
    """Every economy and region `query` names in en/es/pt, by name or demonym; the longest
    phrase wins ("Corea del Sur" is Korea, not also "Sur")."""
    toks = countries.normalize_name(query).split()  # as the country names are keyed
    found: list[str] = []
    i = 0
    while i < len(toks):
        for n in range(min(_LONGEST, len(toks) - i), 0, -1):
            places = _places_of(" ".join(toks[i : i + n]))
            if places:
                found += [p for p in places if p not in found]
                i += n
                break
        else:
            i += 1
    regions = tuple(countries.REGION_CODES[p] for p in found if p in countries.REGION_CODES)
    return PlacesNamed(tuple(p for p in found if p not in countries.REGION_CODES), regions)


def place_tip(
    index: IndexView, query: str, hits: list[Hit], filters: Filters | None
) -> PlaceTip | None:
    """The places `query` names when no place filter is set, some shown source is from
    elsewhere and the index holds sources from them; else None."""
    if not hits or (filters is not None and (filters.countries or filters.regions)):
        return None
    named = places_named(query)
    if not named:
        return None
    shown = doc_table({h.doc_id: index.docs[h.doc_id] for h in hits})
    inside = allowed_docs(shown, named.filters())
    placed = shown["countries"].map(len).gt(0) | shown["regions"].map(len).gt(0)
    outside = int((placed & ~shown["doc_id"].isin(inside)).sum())
    if not outside or not len(index.allowed(named.filters(filters))):
        return None
    return PlaceTip(named, outside, int((~placed).sum()), len(shown))
