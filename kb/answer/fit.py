"""How well a program fits a profile: needs served through which instruments, comparable context,
and the Asian-practice rule (docs/recommender.md).

Needs map to the instruments that serve them in two tiers (`kb.vocab.taxonomy`,
NEED_PRIMARY_INSTRUMENTS and NEED_SECONDARY_INSTRUMENTS). A program's credit for one need adds
what it says (it lists the need) to what it does (its instruments), and what it does weighs more:

    credit = 0.4 * [lists the need] + (0.6 if a primary instrument, 0.2 if only a secondary one)

    |                  | a primary instrument | a secondary instrument | neither |
    | lists the need   | 1.0                  | 0.6                    | 0.4     |
    | does not list it | 0.6                  | 0.2                    | 0       |

so a reverse-factoring platform (supply-chain finance, primary for working capital) ranks above a
guarantee fund (secondary) that also lists working capital, all else equal.

Asian practice: kb exists so that Latin American and Caribbean governments can learn from Asia.
For a profile of that region, a top list with fewer than `asian_practice_min` Asian programs
takes in the best-scored Asian programs that serve the needs (taxonomy fit at least MIN_FIT, or
one need served fully) and score at least `asian_practice_floor` times the last listed program,
in place of the lowest-scored non-Asian ones; those for a need that no listed Asian program is
for yet come first. "Asian" is `kb.vocab.countries.is_asian` (World Bank regions, never file
names).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from kb.answer.profile import Profile
from kb.records import ProgramInfo
from kb.settings import Settings
from kb.vocab import countries, taxonomy

INCOME_ORDER = ("Low income", "Lower middle income", "Upper middle income", "High income")
PRIMARY, SECONDARY = "primary", "secondary"
LISTED = 0.4  # the program lists the need among its `needs`
TIER_CREDIT: dict[str | None, float] = {PRIMARY: 0.6, SECONDARY: 0.2, None: 0.0}
# Taxonomy fit an Asian program needs to be brought into a list: e.g. one of two needs served
# fully, or the only need served by a primary instrument; a need merely listed (0.4) is not enough.
MIN_FIT = 0.5
# When the Asian programs brought in are spread over the profile's needs, a program covers a need
# it lists and serves with one of its instruments (credit 0.6 or more): an instrument alone is not
# enough (the Philippines' Negosyo Centers advise on export procedures but are not for them).
SERVED = 0.6
FULL = 1.0  # a need listed and served by a primary instrument


@dataclass(frozen=True)
class NeedInstruments:
    """The instruments that serve a need: most directly (primary), or as well (secondary)."""

    need: str
    primary: tuple[str, ...]
    secondary: tuple[str, ...]

    def tier(self, instruments: Iterable[str]) -> str | None:
        """The best tier any of `instruments` belongs to, None if none serves the need."""
        have = set(instruments)
        if have & set(self.primary):
            return PRIMARY
        if have & set(self.secondary):
            return SECONDARY
        return None


def need_instruments(need: str) -> NeedInstruments:
    return NeedInstruments(
        need,
        taxonomy.NEED_PRIMARY_INSTRUMENTS.get(need, ()),
        taxonomy.NEED_SECONDARY_INSTRUMENTS.get(need, ()),
    )


def need_credit(need: str, needs: Sequence[str], instruments: Sequence[str]) -> float:
    """How well a program serves one need (table in the module docstring).

    A voucher, matching grant or tax measure counts only for the needs the program lists
    (`taxonomy.PURPOSE_BOUND_INSTRUMENTS`).
    """
    serving = taxonomy.instruments_serving(need, needs, instruments)
    return LISTED * (need in needs) + TIER_CREDIT[need_instruments(need).tier(serving)]


def taxonomy_fit(
    profile_needs: Mapping[str, float], needs: Sequence[str], instruments: Sequence[str]
) -> float:
    """The need credits averaged with the profile's need weights; 0 without needs."""
    total = sum(profile_needs.values())
    if total <= 0:
        return 0.0
    got = sum(w * need_credit(n, needs, instruments) for n, w in profile_needs.items())
    return got / total


def income_closeness(a: str | None, b: str | None) -> float:
    if not a or not b or a not in INCOME_ORDER or b not in INCOME_ORDER:
        return 0.0
    gap = abs(INCOME_ORDER.index(a) - INCOME_ORDER.index(b))
    return {0: 1.0, 1: 0.5}.get(gap, 0.0)


def context_fit(profile_country: str, program_country: str) -> float:
    """0.5 income closeness + 0.25 same region + 0.25 same subregion; 0 for region codes."""
    if not (countries.is_country(profile_country) and countries.is_country(program_country)):
        return 0.0
    a, b = countries.get(profile_country), countries.get(program_country)
    same_sub = bool(a.subregion) and a.subregion == b.subregion
    return (
        0.5 * income_closeness(a.income_group, b.income_group)
        + 0.25 * (a.region == b.region)
        + 0.25 * same_sub
    )


@dataclass(frozen=True)
class Candidate:
    """A program scored for a profile: the four components and its score (`combined`)."""

    program: ProgramInfo
    score: float
    parts: Mapping[str, float]


def score_program(
    profile: Profile, prog: ProgramInfo, text: float, settings: Settings
) -> Candidate:
    """The four components of a program for a profile and its score (`combined`)."""
    parts = {
        "text": text,
        "taxonomy": taxonomy_fit(profile.needs, prog.needs, prog.instruments),
        "context": context_fit(profile.country, prog.country),
        "evidence": taxonomy.EVIDENCE_SCORE.get(prog.evidence or "", 0.0),
    }
    return Candidate(prog, combined(parts, settings), parts)


def combined(parts: Mapping[str, float], settings: Settings) -> float:
    """The weighted sum of the components, context and evidence counted in proportion to how
    well the program answers the profile (its text and taxonomy, rescaled to 0-1): they
    reorder programs that serve the needs and do not lift one that does not. Added in full, a
    Costa Rican supplier-linkage program (taxonomy 0.13) was eighth for a Mexican profile
    asking for export finance, export procedures and trade agreements, on a neighbour's
    context and a rigorous evaluation; with three needs a specialist's taxonomy is about a
    third, and context decided (docs/recommender.md)."""
    answers = settings.w_text * parts["text"] + settings.w_taxonomy * parts["taxonomy"]
    scale = settings.w_text + settings.w_taxonomy
    share = answers / scale if scale > 0 else 1.0
    setting = settings.w_context * parts["context"] + settings.w_evidence * parts["evidence"]
    return answers + share * setting


def _keys(cand: Candidate) -> list[tuple[str, str]]:
    return [(cand.program.country, i) for i in cand.program.instruments]


def _count(taken: dict[tuple[str, str], int], cand: Candidate) -> None:
    for k in _keys(cand):
        taken[k] = taken.get(k, 0) + 1


def _capped(taken: Mapping[tuple[str, str], int], cand: Candidate, cap: int) -> bool:
    return cap > 0 and any(taken.get(k, 0) >= cap for k in _keys(cand))


def diversify(ranked: Sequence[Candidate], cap: int, top_k: int) -> list[Candidate]:
    """Greedy cap: skip a program whose country already has `cap` of one of its instruments."""
    taken: dict[tuple[str, str], int] = {}
    out: list[Candidate] = []
    for cand in ranked:
        if _capped(taken, cand, cap):
            continue
        _count(taken, cand)
        out.append(cand)
        if len(out) >= top_k:
            break
    return out


# ---- Asian practice -----------------------------------------------------------------------
@dataclass(frozen=True)
class AsianRule:
    """How many Asian programs a LAC profile's list should hold, and how good they must be."""

    minimum: int
    floor: float
    min_fit: float = MIN_FIT

    @classmethod
    def of(cls, settings: Settings) -> AsianRule:
        return cls(settings.asian_practice_min, settings.asian_practice_floor)


def is_asian_practice(
    profile_country: str, cand: Candidate, rule: AsianRule, needs: Sequence[str] = ()
) -> bool:
    """An Asian program serving a Latin American or Caribbean profile's needs: its taxonomy fit
    reaches `rule.min_fit`, or it serves one of `needs` fully (it lists the need and has a
    primary instrument for it), which a profile of three or more needs could not ask of a fit."""
    if not (
        rule.minimum > 0
        and countries.is_lac(profile_country)
        and countries.is_asian(cand.program.country)
    ):
        return False
    p = cand.program
    return cand.parts.get("taxonomy", 0.0) >= rule.min_fit or any(
        need_credit(n, p.needs, p.instruments) >= FULL for n in needs
    )


def with_asian_practice(
    chosen: Sequence[Candidate],
    ranked: Sequence[Candidate],
    profile_country: str,
    rule: AsianRule,
    cap: int,
    top_k: int,
    needs: Sequence[str] = (),
) -> list[Candidate]:
    """`chosen` (picked from `ranked`, best first) with Asian programs brought in per the rule.

    Programs for one of `needs` that no Asian program in the list is for yet (`served_needs`)
    come first, so a profile asking for export procedures and working capital meets Asian
    practice for both.
    """
    have = [c for c in chosen if is_asian_practice(profile_country, c, rule, needs)]
    wanted = rule.minimum - len(have)
    if wanted <= 0 or not chosen or not countries.is_lac(profile_country):
        return list(chosen)
    floor = rule.floor * chosen[-1].score
    listed = {c.program.id for c in chosen}
    pool = [
        c
        for c in ranked
        if c.score >= floor
        and c.program.id not in listed
        and is_asian_practice(profile_country, c, rule, needs)
    ]
    taken: dict[tuple[str, str], int] = {}
    for c in chosen:
        _count(taken, c)
    covered = {n for c in have for n in served_needs(c, needs)}
    added: list[Candidate] = []
    for new_need_only in (True, False):
        for cand in pool:
            if len(added) >= wanted:
                break
            fresh = served_needs(cand, needs) - covered
            if cand in added or _capped(taken, cand, cap) or (new_need_only and not fresh):
                continue
            _count(taken, cand)
            added.append(cand)
            covered |= fresh
    return _make_room([*chosen, *added], profile_country, rule, top_k, needs)


def served_needs(cand: Candidate, needs: Sequence[str]) -> set[str]:
    """The needs of `needs` that `cand` is for: it lists them and has an instrument serving them."""
    p = cand.program
    return {n for n in needs if n in p.needs and need_credit(n, p.needs, p.instruments) >= SERVED}


def direct_needs(cand: Candidate, needs: Sequence[str]) -> tuple[str, ...]:
    """The needs of `needs` `cand` serves directly: it lists them and has a primary instrument
    for them (the credit "directly" in its reasons)."""
    p = cand.program
    return tuple(n for n in needs if need_credit(n, p.needs, p.instruments) >= FULL)


def direct_coverage(
    needs: Sequence[str], listed: Sequence[Candidate], eligible: Sequence[Candidate]
) -> dict[str, tuple[int, int]]:
    """Per need: how many listed programs serve it directly, and how many eligible ones do. A
    list that fills with programs for neighbouring needs says so: where the library has four
    programs for a need, the other six serve it through a related instrument, or not at all."""

    def count(cands: Sequence[Candidate]) -> Counter[str]:
        return Counter(n for c in cands for n in direct_needs(c, needs))

    on_list, in_library = count(listed), count(eligible)
    return {n: (on_list[n], in_library[n]) for n in needs}


def _make_room(
    out: list[Candidate], country: str, rule: AsianRule, top_k: int, needs: Sequence[str]
) -> list[Candidate]:
    """Drop the lowest-scored programs that are not Asian practice until `top_k` are left."""
    out = sorted(out, key=lambda c: (-c.score, c.program.id))
    while len(out) > top_k:
        drop = next(
            (c for c in reversed(out) if not is_asian_practice(country, c, rule, needs)), None
        )
        if drop is None:
            break
        out.remove(drop)
    return out[:top_k]
