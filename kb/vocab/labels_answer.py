# ruff: noqa: E501  -- label tables: one key per line reads better than wrapped strings
"""Words of answers: briefs, comparison tables, reasons, regions, statuses.

One shape for every table: {key: {"es": ..., "en": ..., "pt": ...}}; look labels up with
`kb.vocab.labels.t`.
"""

from __future__ import annotations

Labels = dict[str, dict[str, str]]

BRIEF: Labels = {  # t("brief.<key>")
    "title_profile": {
        "es": "Programas de referencia para {country}",
        "en": "Programs to learn from: {country}",
        "pt": "Programas de referência: {country}",
    },
    "title_selection": {
        "es": "Programas comparados",
        "en": "Programs compared",
        "pt": "Programas comparados",
    },
    "generated": {
        "es": "Preparado con kb el {date}. Los programas se ordenan a partir de los estudios de caso de la base; verifique las fuentes antes de citar cifras.",
        "en": "Prepared with kb on {date}. Programs are ranked from the case studies in the knowledge base; check the sources before quoting figures.",
        "pt": "Preparado com kb em {date}. Os programas são ordenados a partir dos estudos de caso da base; verifique as fontes antes de citar números.",
    },
    "generated_selection": {
        "es": "Preparado con kb el {date} a partir de los estudios de caso de la base; verifique las fuentes antes de citar cifras.",
        "en": "Prepared with kb on {date} from the case studies in the knowledge base; check the sources before quoting figures.",
        "pt": "Preparado com kb em {date} a partir dos estudos de caso da base; verifique as fontes antes de citar números.",
    },
    "profile": {"es": "Perfil", "en": "Profile", "pt": "Perfil"},
    "text": {"es": "Problema descrito", "en": "Problem described", "pt": "Problema descrito"},
    "needs_read": {
        "es": "Necesidades (leídas del texto)",
        "en": "Needs (read from the text)",
        "pt": "Necessidades (lidas do texto)",
    },
    "direct": {
        "es": "Programas que atienden directamente cada necesidad",
        "en": "Programs that serve each need directly",
        "pt": "Programas que atendem diretamente cada necessidade",
    },
    "direct_need": {
        "es": "“{need}”: {listed} en esta lista, {total} en la biblioteca",
        "en": "“{need}”: {listed} in this list, {total} in the library",
        "pt": "“{need}”: {listed} nesta lista, {total} na biblioteca",
    },
    "conditions": {
        "es": "Condiciones declaradas",
        "en": "Conditions reported",
        "pt": "Condições declaradas",
    },
    "comparison": {"es": "Comparación", "en": "Comparison", "pt": "Comparação"},
    "why": {"es": "Por qué es relevante", "en": "Why it is relevant", "pt": "Por que é relevante"},
    "lessons": {
        "es": "Lecciones y condiciones para la transferencia",
        "en": "Lessons and conditions for transfer",
        "pt": "Lições e condições para transferência",
    },
    "transfer": {
        "es": "Condiciones de las que dependió",
        "en": "Conditions it relied on",
        "pt": "Condições das quais dependeu",
    },
    "passages": {"es": "Pasajes clave", "en": "Key passages", "pt": "Trechos-chave"},
}

ANSWER: Labels = {  # t("answer.yes|no|unknown")
    "yes": {"es": "sí", "en": "yes", "pt": "sim"},
    "no": {"es": "no", "en": "no", "pt": "não"},
    "unknown": {"es": "sin información", "en": "unknown", "pt": "sem informação"},
}

FIELD: Labels = {  # t("field.<compare row>")
    "name": {"es": "Programa", "en": "Program", "pt": "Programa"},
    "country": {"es": "País", "en": "Country", "pt": "País"},
    "agency": {"es": "Institución", "en": "Agency", "pt": "Instituição"},
    "years": {"es": "Años", "en": "Years", "pt": "Anos"},
    "instruments": {"es": "Instrumentos", "en": "Instruments", "pt": "Instrumentos"},
    "target": {"es": "Empresas objetivo", "en": "Target firms", "pt": "Empresas-alvo"},
    "mechanism": {"es": "Cómo funciona", "en": "How it works", "pt": "Como funciona"},
    "scale": {"es": "Escala y resultados", "en": "Scale and results", "pt": "Escala e resultados"},
    "evidence": {"es": "Evidencia", "en": "Evidence", "pt": "Evidências"},
    "conditions": {
        "es": "Condiciones de las que depende",
        "en": "Conditions it relied on",
        "pt": "Condições das quais depende",
    },
    "sources": {"es": "Fuentes", "en": "Sources", "pt": "Fontes"},
    "status": {"es": "Situación", "en": "Status", "pt": "Situação"},
    "as_of": {
        "es": "Datos verificados hasta",
        "en": "Facts checked up to",
        "pt": "Dados verificados até",
    },
    "language": {"es": "Idioma del texto", "en": "Text language", "pt": "Idioma do texto"},
}

SIZE: Labels = {  # t("size.<firm size>")
    "micro": {"es": "micro", "en": "micro", "pt": "micro"},
    "small": {"es": "pequeñas", "en": "small", "pt": "pequenas"},
    "medium": {"es": "medianas", "en": "medium", "pt": "médias"},
    "large": {"es": "grandes", "en": "large", "pt": "grandes"},
    "all": {"es": "todas", "en": "all", "pt": "todas"},
}

REGION: Labels = {  # t("region.<World Bank region>")
    "Latin America & Caribbean": {
        "es": "América Latina y el Caribe",
        "en": "Latin America & Caribbean",
        "pt": "América Latina e Caribe",
    },
    "East Asia & Pacific": {
        "es": "Asia oriental y el Pacífico",
        "en": "East Asia & Pacific",
        "pt": "Ásia Oriental e Pacífico",
    },
    "South Asia": {"es": "Asia meridional", "en": "South Asia", "pt": "Sul da Ásia"},
    "Asia and Pacific": {
        "es": "Asia y el Pacífico",
        "en": "Asia and Pacific",
        "pt": "Ásia e Pacífico",
    },
}

INCOME: Labels = {  # t("income.<income group>")
    "High income": {"es": "ingreso alto", "en": "high income", "pt": "renda alta"},
    "Upper middle income": {
        "es": "ingreso mediano alto",
        "en": "upper middle income",
        "pt": "renda média alta",
    },
    "Lower middle income": {
        "es": "ingreso mediano bajo",
        "en": "lower middle income",
        "pt": "renda média baixa",
    },
    "Low income": {"es": "ingreso bajo", "en": "low income", "pt": "renda baixa"},
}

SUBREGION: Labels = {  # t("subregion.<subregion>")
    "Mexico and Central America": {
        "es": "México y Centroamérica",
        "en": "Mexico and Central America",
        "pt": "México e América Central",
    },
    "South America": {"es": "América del Sur", "en": "South America", "pt": "América do Sul"},
    "Caribbean": {"es": "Caribe", "en": "Caribbean", "pt": "Caribe"},
    "East Asia": {"es": "Asia oriental", "en": "East Asia", "pt": "Ásia Oriental"},
    "South-East Asia": {
        "es": "Sudeste asiático",
        "en": "South-East Asia",
        "pt": "Sudeste Asiático",
    },
    "Pacific": {"es": "Pacífico", "en": "Pacific", "pt": "Pacífico"},
    "South Asia": {"es": "Asia meridional", "en": "South Asia", "pt": "Sul da Ásia"},
}

STATUS: Labels = {  # t("status.has|missing|unknown")
    "has": {"es": "existe", "en": "in place", "pt": "existe"},
    "missing": {"es": "no existe", "en": "missing", "pt": "não existe"},
    "unknown": {"es": "sin información", "en": "unknown", "pt": "sem informação"},
}

REASON: Labels = {  # t("reason.<key>")
    "direct": {
        "es": "Atiende directamente su necesidad “{need}”.",
        "en": "Addresses your need “{need}” directly.",
        "pt": "Atende diretamente à sua necessidade “{need}”.",
    },
    "through": {
        "es": "Atiende su necesidad “{need}” mediante su instrumento {instr}.",
        "en": "Addresses your need “{need}” through its instrument {instr}.",
        "pt": "Atende à sua necessidade “{need}” por meio do instrumento {instr}.",
    },
    "through_many": {
        "es": "Atiende su necesidad “{need}” mediante sus instrumentos {instr}.",
        "en": "Addresses your need “{need}” through its instruments {instr}.",
        "pt": "Atende à sua necessidade “{need}” por meio dos instrumentos {instr}.",
    },
    "aims": {
        "es": "Cuenta su necesidad “{need}” entre sus objetivos, sin un instrumento que la atienda"
        " directamente.",
        "en": "Counts your need “{need}” among its aims, without an instrument that serves it"
        " directly.",
        "pt": "Inclui a sua necessidade “{need}” entre seus objetivos, sem um instrumento que a"
        " atenda diretamente.",
    },
    "text": {
        "es": "Su estudio de caso coincide con su descripción (relevancia textual {score:.0%}, "
        "relativa al estudio de caso más cercano).",
        "en": "Its case study matches your description (text relevance {score:.0%}, relative to "
        "the closest case study).",
        "pt": "O estudo de caso corresponde à sua descrição (relevância textual {score:.0%}, "
        "relativa ao estudo de caso mais próximo).",
    },
    "text_need": {
        "es": "Su estudio de caso describe el problema detrás de sus necesidades "
        "(relevancia textual {score:.0%}, relativa al estudio de caso más cercano).",
        "en": "Its case study describes the problem behind your needs "
        "(text relevance {score:.0%}, relative to the closest case study).",
        "pt": "O estudo de caso descreve o problema por trás das suas necessidades "
        "(relevância textual {score:.0%}, relativa ao estudo de caso mais próximo).",
    },
    "income": {
        "es": "Contexto comparable: {country} es una economía de {income}, como {own}.",
        "en": "Comparable context: {country} and {own} are both {income} economies.",
        "pt": "Contexto comparável: economia de {income} ({country}), como a do seu país ({own}).",
    },
    "income_near": {
        "es": "Contexto cercano: {country} es de {income}; {own} es de {own_income}.",
        "en": "Close context: {country} is {income}; {own} is {own_income}.",
        "pt": "Contexto próximo: economia de {income} ({country}); a do seu país ({own}) é de {own_income}.",
    },
    "income_far": {
        "es": "Contexto distinto: {country} es de {income}; {own} es de {own_income}; verifique qué lo hizo funcionar allí.",
        "en": "Different context: {country} is {income}; {own} is {own_income}; check what made it work there.",
        "pt": "Contexto diferente: economia de {income} ({country}); a do seu país ({own}) é de {own_income}; verifique o que o fez funcionar lá.",
    },
    "region": {
        "es": "Misma región: {region}.",
        "en": "Same region: {region}.",
        "pt": "Mesma região: {region}.",
    },
    "subregion": {
        "es": "Misma subregión: {subregion}.",
        "en": "Same subregion: {subregion}.",
        "pt": "Mesma sub-região: {subregion}.",
    },
    "asian_practice": {
        "es": "Práctica asiática de referencia ({place}): atiende sus necesidades.",
        "en": "Asian practice to learn from ({place}): it serves your needs.",
        "pt": "Prática asiática de referência ({place}): atende às suas necessidades.",
    },
    "asian_practice_for": {
        "es": "Práctica asiática de referencia ({place}) para su necesidad {needs}.",
        "en": "Asian practice to learn from ({place}) for your need {needs}.",
        "pt": "Prática asiática de referência ({place}) para a sua necessidade {needs}.",
    },
    "asian_practice_for_many": {
        "es": "Práctica asiática de referencia ({place}) para sus necesidades {needs}.",
        "en": "Asian practice to learn from ({place}) for your needs {needs}.",
        "pt": "Prática asiática de referência ({place}) para as suas necessidades {needs}.",
    },
    "evidence": {
        "es": "Evidencia: {level}.",
        "en": "Evidence: {level}.",
        "pt": "Evidências: {level}.",
    },
    "closed": {
        "es": "Cerrado{year}: sirve para aprender de su diseño; ya no recibe solicitudes.",
        "en": "Closed{year}: learn from its design; it no longer takes applications.",
        "pt": "Encerrado{year}: serve para aprender com seu desenho; não recebe mais pedidos.",
    },
    "missing": {
        "es": "Depende de condiciones que usted indicó que no existen: {items}.",
        "en": "Relies on conditions you reported missing: {items}.",
        "pt": "Depende de condições que você indicou que não existem: {items}.",
    },
    "unknown": {
        "es": "Verifique antes de transferir: {items}.",
        "en": "Check before transferring: {items}.",
        "pt": "Verifique antes de transferir: {items}.",
    },
}

GAP: Labels = {  # t("gap.<indicator>", v=value, t=threshold, y=year): the Measure gaps
    "share_exporters": {
        "es": "Pocas pymes exportan: el {v:.1%} de las pymes exportó en {y} (brecha bajo {t:.0%}).",
        "en": "Few SMEs export: {v:.1%} of SMEs exported in {y} (gap below {t:.0%}).",
        "pt": "Poucas PMEs exportam: {v:.1%} das PMEs exportaram em {y} (lacuna abaixo de {t:.0%}).",
    },
    "share_of_total_exports": {
        "es": "Las pymes aportan el {v:.1%} de las exportaciones en {y} (brecha bajo {t:.0%}).",
        "en": "SMEs supply {v:.1%} of exports in {y} (gap below {t:.0%}).",
        "pt": "As PMEs respondem por {v:.1%} das exportações em {y} (lacuna abaixo de {t:.0%}).",
    },
    "survival_1y": {
        "es": "Los nuevos exportadores pyme sobreviven poco: el {v:.0%} de los que empezaron en {y} seguía exportando un año después (brecha bajo {t:.0%}).",
        "en": "New SME exporters rarely survive: {v:.0%} of those starting in {y} still exported a year later (gap below {t:.0%}).",
        "pt": "Novos exportadores PME sobrevivem pouco: {v:.0%} dos que começaram em {y} ainda exportavam um ano depois (lacuna abaixo de {t:.0%}).",
    },
    "productivity_gap_value_added": {
        "es": "El valor agregado por trabajador de las pymes es el {v:.0%} del de las grandes en {y} (brecha bajo {t:.0%}).",
        "en": "SME value added per worker is {v:.0%} of large firms' in {y} (gap below {t:.0%}).",
        "pt": "O valor adicionado por trabalhador das PMEs é {v:.0%} do das grandes em {y} (lacuna abaixo de {t:.0%}).",
    },
    "productivity_gap_sales": {
        "es": "Las ventas por trabajador de las pymes son el {v:.0%} de las de las grandes en {y} (brecha bajo {t:.0%}).",
        "en": "SME sales per worker are {v:.0%} of large firms' in {y} (gap below {t:.0%}).",
        "pt": "As vendas por trabalhador das PMEs são {v:.0%} das das grandes em {y} (lacuna abaixo de {t:.0%}).",
    },
    "share_indirect_exporters": {
        "es": "Pocas pymes venden a exportadores: el {v:.1%} fue exportador indirecto en {y} (brecha bajo {t:.0%}).",
        "en": "Few SMEs sell to exporters: {v:.1%} were indirect exporters in {y} (gap below {t:.0%}).",
        "pt": "Poucas PMEs vendem a exportadores: {v:.1%} foram exportadoras indiretas em {y} (lacuna abaixo de {t:.0%}).",
    },
}

# ---- Issue 15 (branch appB): briefs ready to hand out -------------------------------------
# Kept in one block at the end of the module so that parallel branches merge cleanly.
BRIEF.update(
    {
        "section": {
            "es": "sección «{section}»",
            "en": "section “{section}”",
            "pt": "seção «{section}»",
        },
        "and": {"es": "y", "en": "and", "pt": "e"},
        "title_named": {
            "es": "{names}: programas comparados",
            "en": "{names}: programs compared",
            "pt": "{names}: programas comparados",
        },
        "unknown_conditions": {
            "es": "Por confirmar en su país: {items}.",
            "en": "To confirm in your country: {items}.",
            "pt": "A confirmar no seu país: {items}.",
        },
        "subject": {
            "es": "Informe de kb sobre programas de apoyo a pymes",
            "en": "kb brief on SME support programs",
            "pt": "Relatório do kb sobre programas de apoio a PMEs",
        },
    }
)
