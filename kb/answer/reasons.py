"""Plain-language reasons for a recommendation, in English, Spanish or Portuguese.

Every sentence is built from facts the recommender computed (needs matched, context shared,
evidence level, conditions answered); nothing here ranks or scores.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from kb.answer.fit import FULL, need_credit
from kb.vocab import countries, taxonomy
from kb.vocab.labels import joined, lang_of, t

if TYPE_CHECKING:
    from kb.answer.need_reading import NeedRead

_QUOTES = {"en": ("“", "”")}  # Spanish and Portuguese quote with «»


# World Bank region and income-group names in the languages kb writes.
def region_name(region: str | None, lang: str) -> str:
    if not region:
        return ""
    return t(f"region.{region}", lang, default=region)


def income_name(income: str | None, lang: str) -> str:
    if not income:
        return ""
    return t(f"income.{income}", lang, default=income.lower())


def country_name(code: str, lang: str) -> str:
    if countries.is_country(code):
        return countries.get(code).name(lang_of(lang))
    return region_name(countries.region_of(code), lang) or code


def need_reasons(
    profile_needs: Sequence[str], needs: Sequence[str], instruments: Sequence[str], lang: str
) -> list[str]:
    """How the program serves each need, as its credit does (`kb.answer.fit.need_credit`):
    "directly" only for a need it lists and serves with a primary instrument; otherwise the
    instruments that serve it, or, for a need it lists without one, that it is among its aims."""
    out = []
    for need in profile_needs:
        label = t(f"need.{need}", lang, default=need)
        via = taxonomy.instruments_serving(need, needs, instruments)
        if need_credit(need, needs, instruments) >= FULL:
            out.append(t("reason.direct", lang, need=label))
        elif via:
            instr = joined([t(f"instrument.{i}", lang, default=i) for i in via], lang)
            key = "reason.through" if len(via) == 1 else "reason.through_many"
            out.append(t(key, lang, need=label, instr=instr.lower()))
        elif need in needs:
            out.append(t("reason.aims", lang, need=label))
    return out


def context_reasons(own: str, other: str, closeness: float, lang: str) -> list[str]:
    """Why the context is (or is not) comparable; closeness is the income term of the score."""
    if not (countries.is_country(own) and countries.is_country(other)):
        return []
    a, b = countries.get(own), countries.get(other)
    names = {
        "country": b.name(lang_of(lang)),
        "own": a.name(lang_of(lang)),
        "income": income_name(b.income_group, lang),
        "own_income": income_name(a.income_group, lang),
    }
    key = {1.0: "income", 0.5: "income_near"}.get(closeness, "income_far")
    out = [t(f"reason.{key}", lang, **names)]
    if a.region == b.region:
        out.append(t("reason.region", lang, region=region_name(a.region, lang)))
        if a.subregion and a.subregion == b.subregion:
            sub = t(f"subregion.{a.subregion}", lang, default=a.subregion)
            out.append(t("reason.subregion", lang, subregion=sub))
    return out


def asian_practice_reason(country: str, lang: str, needs: Sequence[str] = ()) -> str:
    """Said of an Asian program that serves a Latin American or Caribbean profile's needs,
    naming the `needs` it is for when it lists them (`kb.answer.fit.served_needs`)."""
    place = region = region_name(countries.region_of(country), lang)
    if countries.is_country(country):  # a region code (ASIA) is its own place
        place = f"{country_name(country, lang)}, {region}"
    if not needs:
        return t("reason.asian_practice", lang, place=place)
    labels = joined([f"“{t(f'need.{n}', lang, default=n)}”" for n in needs], lang)
    key = "reason.asian_practice_for" if len(needs) == 1 else "reason.asian_practice_for_many"
    return t(key, lang, place=place, needs=labels)


def closed_reason(end_year: int | None, lang: str) -> str:
    """Why a closed program is still listed, so no one takes it for an open call."""
    return t("reason.closed", lang, year=f" ({end_year})" if end_year else "")


def evidence_reason(evidence: str, lang: str) -> str:
    return t("reason.evidence", lang, level=t(f"evidence.{evidence}", lang, default=evidence))


def condition_reasons(transferability: Sequence[dict[str, str]], lang: str) -> list[str]:
    """A reason for the conditions reported missing. Unknown ones are not a reason: the page
    and the brief list them once, next to the profile's questions (issue 15)."""
    out = []
    for status in ("missing",):
        items = [
            t(f"condition.{x['condition']}", lang, default=x["condition"])
            for x in transferability
            if x["status"] == status
        ]
        if items:
            out.append(t(f"reason.{status}", lang, items="; ".join(items)))
    return out


def direct_lines(direct: Mapping[str, tuple[int, int]], lang: str) -> list[str]:
    """One line per need of a recommendation set (`RecommendationSet.direct`): how many listed
    programs serve it directly and how many in the library do, so a list that fills with
    programs for neighbouring needs says so."""
    return [
        t("rec_direct", lang, need=t(f"need.{need}", lang, default=need), listed=a, total=b)
        for need, (a, b) in direct.items()
    ]


def needs_read_line(needs_read: Sequence[NeedRead], lang: str, used: bool) -> str | None:
    """The needs kb read from a profile's free text, each with the words it was read from:
    as the needs ranked with (`used`), or as a suggestion."""
    if not needs_read:
        return None
    left, right = _QUOTES.get(lang_of(lang), ("«", "»"))
    named = [
        f"{t(f'need.{r.need}', lang, default=r.need)} ({left}{r.part}{right})" for r in needs_read
    ]
    return t("rec_needs_read" if used else "rec_needs_seen", lang, needs="; ".join(named))


def needs_read_hint(needs_read: Sequence[NeedRead], lang: str, used: bool, face: str) -> str:
    """What to do with the needs read, in the CLI (`face` "cli": the options to type) or the
    app ("app")."""
    if used:
        return t(f"rec_needs_read_{face}", lang)
    flags = " ".join(f"--need {r.need}" for r in needs_read)
    return t(f"rec_needs_seen_{face}", lang, flags=flags)
