"""From indicators to needs: the gaps an SME indicator panel shows become a recommender Profile.

Each `GapRule` says which needs a low `sme` value of one indicator points to; `gaps_to_profile`
applies them to the latest year of each indicator, so the Measure page and `kb measure
--profile` can open Recommend with the country's own gaps.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kb.measure.indicators import SME_GROUP, Indicator
from kb.vocab.labels import lang_of, t

if TYPE_CHECKING:
    from kb.answer.profile import Profile


@dataclass(frozen=True)
class GapRule:
    """A gap: the `sme` value of `indicator` below `threshold` points to `needs`."""

    indicator: str
    threshold: float
    needs: tuple[str, ...]
    # By language; {v} value, {t} threshold, {y} year. Empty: kb's label gap.<indicator>.
    reason: dict[str, str] = field(default_factory=dict)


# Thresholds are kb's defaults for flagging a gap, not international benchmarks: an office that
# knows its peers' values should pass its own rules.
GAP_RULES: tuple[GapRule, ...] = (
    GapRule(
        "share_exporters",
        0.10,
        ("export-market-entry", "export-procedures"),
    ),
    GapRule(
        "share_of_total_exports",
        0.20,
        ("export-market-entry", "export-finance"),
    ),
    GapRule(
        "survival_1y",
        0.50,
        ("export-market-entry", "export-finance"),
    ),
    GapRule(
        "productivity_gap_value_added",
        0.50,
        ("technology-upgrading", "skills-and-management"),
    ),
    GapRule(
        "productivity_gap_sales",
        0.50,
        ("technology-upgrading", "skills-and-management"),
    ),
    GapRule(
        "share_indirect_exporters",
        0.10,
        ("value-chain-linkages",),
    ),
)


def latest_sme_values(indicators: list[Indicator]) -> dict[str, tuple[int, float]]:
    """For each indicator, (year, value) of the `sme` class in the latest year it exists."""
    out: dict[str, tuple[int, float]] = {}
    for r in sorted(indicators, key=lambda r: r.year):
        if r.size_class == SME_GROUP:
            out[r.indicator] = (r.year, r.value)
    return out


def gaps_to_profile(
    indicators: list[Indicator],
    country: str,
    lang: str = "en",
    rules: tuple[GapRule, ...] = GAP_RULES,
) -> Profile:
    """A recommender `Profile` whose needs are the gaps the indicators show.

    A need's weight grows from 0.5 (value just under the threshold) to 1.0 (value 0); a need
    hit by several gaps keeps the largest weight. The reasons become the profile's text.
    """
    from kb.answer.profile import Profile

    latest = latest_sme_values(indicators)
    needs: dict[str, float] = {}
    reasons: list[str] = []
    for rule in rules:
        if rule.indicator not in latest:
            continue
        year, value = latest[rule.indicator]
        if value >= rule.threshold:
            continue
        # Value added beats sales as the productivity measure when both exist.
        if rule.indicator == "productivity_gap_sales" and "productivity_gap_value_added" in latest:
            continue
        weight = round(0.5 + 0.5 * min(1.0, (rule.threshold - value) / rule.threshold), 2)
        for need in rule.needs:
            needs[need] = max(needs.get(need, 0.0), weight)
        reasons.append(_reason(rule, lang, value, year))
    kept = {r.indicator for r in rules}
    return Profile(
        country=country,
        needs=needs,
        text=" ".join(reasons),
        firm_sizes=("micro", "small", "medium"),
        regions=(),
        indicators={f"sme_{k}": v for k, (_, v) in latest.items() if k in kept},
    ).filled()


def _reason(rule: GapRule, lang: str, value: float, year: int) -> str:
    if rule.reason:
        template = rule.reason.get(lang_of(lang), rule.reason["en"])
        return template.format(v=value, t=rule.threshold, y=year)
    return t(f"gap.{rule.indicator}", lang, v=value, t=rule.threshold, y=year)
