"""Plain-language reasons for a recommendation, in English, Spanish or Portuguese.

Every sentence is built from facts the recommender computed (needs matched, context shared,
evidence level, conditions answered); nothing here ranks or scores.
"""

from __future__ import annotations

from collections.abc import Sequence

from kb import countries, taxonomy

# World Bank region and income-group names in the languages kb writes.
REGION_NAMES: dict[str, dict[str, str]] = {
    "Latin America & Caribbean": {"es": "América Latina y el Caribe",
                                  "pt": "América Latina e Caribe"},
    "East Asia & Pacific": {"es": "Asia oriental y el Pacífico", "pt": "Ásia Oriental e Pacífico"},
    "South Asia": {"es": "Asia meridional", "pt": "Sul da Ásia"},
}
INCOME_NAMES: dict[str, dict[str, str]] = {
    "High income": {"es": "ingreso alto", "pt": "renda alta", "en": "high income"},
    "Upper middle income": {"es": "ingreso mediano alto", "pt": "renda média alta",
                            "en": "upper middle income"},
    "Lower middle income": {"es": "ingreso mediano bajo", "pt": "renda média baixa",
                            "en": "lower middle income"},
    "Low income": {"es": "ingreso bajo", "pt": "renda baixa", "en": "low income"},
}
SUBREGION_NAMES: dict[str, dict[str, str]] = {
    "Mexico and Central America": {"es": "México y Centroamérica",
                                   "pt": "México e América Central"},
    "South America": {"es": "América del Sur", "pt": "América do Sul"},
    "Caribbean": {"es": "Caribe", "pt": "Caribe"},
    "East Asia": {"es": "Asia oriental", "pt": "Ásia Oriental"},
    "South-East Asia": {"es": "Sudeste asiático", "pt": "Sudeste Asiático"},
    "Pacific": {"es": "Pacífico", "pt": "Pacífico"},
    "South Asia": {"es": "Asia meridional", "pt": "Sul da Ásia"},
}
STATUS_NAMES: dict[str, dict[str, str]] = {
    "has": {"en": "in place", "es": "existe", "pt": "existe"},
    "missing": {"en": "missing", "es": "no existe", "pt": "não existe"},
    "unknown": {"en": "unknown", "es": "sin información", "pt": "sem informação"},
}

_T: dict[str, dict[str, str]] = {
    "direct": {"en": "Addresses your need “{need}” directly.",
               "es": "Atiende directamente su necesidad “{need}”.",
               "pt": "Atende diretamente à sua necessidade “{need}”."},
    "through": {"en": "Addresses your need “{need}” through its instrument {instr}.",
                "es": "Atiende su necesidad “{need}” mediante su instrumento {instr}.",
                "pt": "Atende à sua necessidade “{need}” por meio do instrumento {instr}."},
    "text": {"en": "Its case study matches your description (text relevance {score:.0%}).",
             "es": "Su estudio de caso coincide con su descripción "
                   "(relevancia textual {score:.0%}).",
             "pt": "O estudo de caso corresponde à sua descrição "
                   "(relevância textual {score:.0%})."},
    "income": {"en": "Comparable context: {country} is a {income} economy, like {own}.",
               "es": "Contexto comparable: {country} es una economía de {income}, como {own}.",
               "pt": "Contexto comparável: {country} é uma economia de {income}, como {own}."},
    "income_near": {"en": "Close context: {country} is {income}; {own} is {own_income}.",
                    "es": "Contexto cercano: {country} es de {income}; {own} es de {own_income}.",
                    "pt": "Contexto próximo: {country} é de {income}; {own} é de {own_income}."},
    "income_far": {"en": "Different context: {country} is {income}; {own} is {own_income}; "
                         "check what made it work there.",
                   "es": "Contexto distinto: {country} es de {income}; {own} es de {own_income}; "
                         "verifique qué lo hizo funcionar allí.",
                   "pt": "Contexto diferente: {country} é de {income}; {own} é de {own_income}; "
                         "verifique o que o fez funcionar lá."},
    "region": {"en": "Same region: {region}.", "es": "Misma región: {region}.",
               "pt": "Mesma região: {region}."},
    "subregion": {"en": "Same subregion: {subregion}.", "es": "Misma subregión: {subregion}.",
                  "pt": "Mesma sub-região: {subregion}."},
    "evidence": {"en": "Evidence: {level}.", "es": "Evidencia: {level}.",
                 "pt": "Evidências: {level}."},
    "missing": {"en": "Relies on conditions you reported missing: {items}.",
                "es": "Depende de condiciones que usted indicó que no existen: {items}.",
                "pt": "Depende de condições que você indicou que não existem: {items}."},
    "unknown": {"en": "Check before transferring: {items}.",
                "es": "Verifique antes de transferir: {items}.",
                "pt": "Verifique antes de transferir: {items}."},
}


def lang_of(lang: str) -> str:
    return lang if lang in taxonomy.LANGS else "en"


def t(key: str, lang: str, **values: object) -> str:
    entry = _T[key]
    return entry.get(lang_of(lang), entry["en"]).format(**values)


def region_name(region: str | None, lang: str) -> str:
    if not region:
        return ""
    return REGION_NAMES.get(region, {}).get(lang_of(lang), region)


def income_name(income: str | None, lang: str) -> str:
    if not income:
        return ""
    return INCOME_NAMES.get(income, {}).get(lang_of(lang), income.lower())


def country_name(code: str, lang: str) -> str:
    if countries.is_country(code):
        return countries.get(code).name(lang_of(lang))
    return region_name(countries.region_of(code), lang) or code


def need_reasons(profile_needs: Sequence[str], needs: Sequence[str],
                 instruments: Sequence[str], lang: str) -> list[str]:
    out = []
    for need in profile_needs:
        label = taxonomy.label(taxonomy.NEEDS, need, lang_of(lang))
        if need in needs:
            out.append(t("direct", lang, need=label))
            continue
        via = [i for i in instruments if i in taxonomy.NEED_INSTRUMENTS.get(need, ())]
        if via:
            instr = ", ".join(taxonomy.label(taxonomy.INSTRUMENTS, i, lang_of(lang)) for i in via)
            out.append(t("through", lang, need=label, instr=instr.lower()))
    return out


def context_reasons(own: str, other: str, closeness: float, lang: str) -> list[str]:
    """Why the context is (or is not) comparable; closeness is the income term of the score."""
    if not (countries.is_country(own) and countries.is_country(other)):
        return []
    a, b = countries.get(own), countries.get(other)
    names = {"country": b.name(lang_of(lang)), "own": a.name(lang_of(lang)),
             "income": income_name(b.income_group, lang),
             "own_income": income_name(a.income_group, lang)}
    key = {1.0: "income", 0.5: "income_near"}.get(closeness, "income_far")
    out = [t(key, lang, **names)]
    if a.region == b.region:
        out.append(t("region", lang, region=region_name(a.region, lang)))
        if a.subregion and a.subregion == b.subregion:
            sub = SUBREGION_NAMES.get(a.subregion, {}).get(lang_of(lang), a.subregion)
            out.append(t("subregion", lang, subregion=sub))
    return out


def evidence_reason(evidence: str, lang: str) -> str:
    return t("evidence", lang, level=taxonomy.label(taxonomy.EVIDENCE_LEVELS, evidence,
                                                    lang_of(lang)))


def condition_reasons(transferability: Sequence[dict[str, str]], lang: str) -> list[str]:
    out = []
    for status in ("missing", "unknown"):
        items = [taxonomy.label(taxonomy.CONDITIONS, x["condition"], lang_of(lang))
                 for x in transferability if x["status"] == status]
        if items:
            out.append(t(status, lang, items="; ".join(items)))
    return out
