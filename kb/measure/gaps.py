"""From indicators to needs: the gaps an SME indicator panel shows become a recommender Profile.

Each `GapRule` says which needs a low `sme` value of one indicator points to; `gaps_to_profile`
applies them to the latest year of each indicator, so the Measure page and `kb measure
--profile` can open Recommend with the country's own gaps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from kb.measure.indicators import SME_GROUP, Indicator

if TYPE_CHECKING:
    from kb.answer.profile import Profile


@dataclass(frozen=True)
class GapRule:
    """A gap: the `sme` value of `indicator` below `threshold` points to `needs`."""

    indicator: str
    threshold: float
    needs: tuple[str, ...]
    reason: dict[str, str]  # by language; {v} value, {t} threshold, {y} year


# Thresholds are kb's defaults for flagging a gap, not international benchmarks: an office that
# knows its peers' values should pass its own rules.
GAP_RULES: tuple[GapRule, ...] = (
    GapRule("share_exporters", 0.10, ("export-market-entry", "export-procedures"), {
        "en": "Few SMEs export: {v:.1%} of SMEs exported in {y} (gap below {t:.0%}).",
        "es": "Pocas pymes exportan: el {v:.1%} de las pymes exportó en {y} (brecha bajo {t:.0%}).",
        "pt": "Poucas PMEs exportam: {v:.1%} das PMEs exportaram em {y} "
              "(lacuna abaixo de {t:.0%}).",
    }),
    GapRule("share_of_total_exports", 0.20, ("export-market-entry", "export-finance"), {
        "en": "SMEs supply {v:.1%} of exports in {y} (gap below {t:.0%}).",
        "es": "Las pymes aportan el {v:.1%} de las exportaciones en {y} (brecha bajo {t:.0%}).",
        "pt": "As PMEs respondem por {v:.1%} das exportações em {y} (lacuna abaixo de {t:.0%}).",
    }),
    GapRule("survival_1y", 0.50, ("export-market-entry", "export-finance"), {
        "en": "New SME exporters rarely survive: {v:.0%} of those starting in {y} still exported "
              "a year later (gap below {t:.0%}).",
        "es": "Los nuevos exportadores pyme sobreviven poco: el {v:.0%} de los que empezaron "
              "en {y} seguía exportando un año después (brecha bajo {t:.0%}).",
        "pt": "Novos exportadores PME sobrevivem pouco: {v:.0%} dos que começaram em {y} ainda "
              "exportavam um ano depois (lacuna abaixo de {t:.0%}).",
    }),
    GapRule("productivity_gap_value_added", 0.50,
            ("technology-upgrading", "skills-and-management"), {
        "en": "SME value added per worker is {v:.0%} of large firms' in {y} (gap below {t:.0%}).",
        "es": "El valor agregado por trabajador de las pymes es el {v:.0%} del de las grandes en "
              "{y} (brecha bajo {t:.0%}).",
        "pt": "O valor adicionado por trabalhador das PMEs é {v:.0%} do das grandes em {y} "
              "(lacuna abaixo de {t:.0%}).",
    }),
    GapRule("productivity_gap_sales", 0.50, ("technology-upgrading", "skills-and-management"), {
        "en": "SME sales per worker are {v:.0%} of large firms' in {y} (gap below {t:.0%}).",
        "es": "Las ventas por trabajador de las pymes son el {v:.0%} de las de las grandes en {y} "
              "(brecha bajo {t:.0%}).",
        "pt": "As vendas por trabalhador das PMEs são {v:.0%} das das grandes em {y} "
              "(lacuna abaixo de {t:.0%}).",
    }),
    GapRule("share_indirect_exporters", 0.10, ("value-chain-linkages",), {
        "en": "Few SMEs sell to exporters: {v:.1%} were indirect exporters in {y} "
              "(gap below {t:.0%}).",
        "es": "Pocas pymes venden a exportadores: el {v:.1%} fue exportador indirecto en {y} "
              "(brecha bajo {t:.0%}).",
        "pt": "Poucas PMEs vendem a exportadores: {v:.1%} foram exportadoras indiretas em {y} "
              "(lacuna abaixo de {t:.0%}).",
    }),
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
        template = rule.reason.get(lang, rule.reason["en"])
        reasons.append(template.format(v=value, t=rule.threshold, y=year))
    kept = {r.indicator for r in rules}
    return Profile(
        country=country,
        needs=needs,
        text=" ".join(reasons),
        firm_sizes=("micro", "small", "medium"),
        regions=(),
        indicators={f"sme_{k}": v for k, (_, v) in latest.items() if k in kept},
    ).filled()
