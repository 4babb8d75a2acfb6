"""Words of a case study's facts: parameters, units, sources, languages (issue 16).

One shape for every table: {key: {"es": ..., "en": ..., "pt": ...}}; look labels up with
`kb.vocab.labels.t` ("param.fee", "unit.firms", "source.law", "language.es").
"""

from __future__ import annotations

Labels = dict[str, dict[str, str]]

PARAM: Labels = {  # t("param.<parameter name>"): a program parameter (format v2)
    "guarantee_coverage": {
        "es": "Cobertura de la garantía",
        "en": "Guarantee coverage",
        "pt": "Cobertura da garantia",
    },
    "fee": {"es": "Comisión o tasa", "en": "Fee or rate", "pt": "Comissão ou taxa"},
    "max_amount": {"es": "Monto máximo", "en": "Maximum amount", "pt": "Valor máximo"},
    "co_financing_share": {
        "es": "Cofinanciamiento",
        "en": "Co-financing share",
        "pt": "Cofinanciamento",
    },
    "eligibility": {"es": "Elegibilidad", "en": "Eligibility", "pt": "Elegibilidade"},
    "budget": {
        "es": "Presupuesto o volumen",
        "en": "Budget or volume",
        "pt": "Orçamento ou volume",
    },
    "beneficiaries": {"es": "Beneficiarios", "en": "Beneficiaries", "pt": "Beneficiários"},
}

UNIT: Labels = {  # t("unit.<unit>", n=number, currency=code): a figure with its unit
    "percent": {"es": "{n} %", "en": "{n} %", "pt": "{n} %"},
    "percent-per-year": {"es": "{n} % anual", "en": "{n} % a year", "pt": "{n} % ao ano"},
    "currency": {"es": "{currency} {n}", "en": "{currency} {n}", "pt": "{currency} {n}"},
    "firms": {"es": "{n} empresas", "en": "{n} firms", "pt": "{n} empresas"},
    "people": {"es": "{n} personas", "en": "{n} people", "pt": "{n} pessoas"},
    "loans": {"es": "{n} préstamos", "en": "{n} loans", "pt": "{n} empréstimos"},
    "count": {"es": "{n}", "en": "{n}", "pt": "{n}"},
}

SOURCE: Labels = {  # t("source.<kind>") and the words of a reference
    "law": {"es": "ley o norma", "en": "law or regulation", "pt": "lei ou norma"},
    "evaluation": {"es": "evaluación", "en": "evaluation", "pt": "avaliação"},
    "official-page": {"es": "página oficial", "en": "official page", "pt": "página oficial"},
    "report": {"es": "informe", "en": "report", "pt": "relatório"},
    "article": {"es": "artículo", "en": "article", "pt": "artigo"},
    "statistics": {"es": "estadísticas", "en": "statistics", "pt": "estatísticas"},
    "book": {"es": "libro", "en": "book", "pt": "livro"},
    "no_year": {"es": "s. f.", "en": "n.d.", "pt": "s.d."},
    "accessed": {"es": "consultado el {date}", "en": "accessed {date}", "pt": "acesso em {date}"},
    "as_of": {
        "es": "datos verificados hasta {as_of}",
        "en": "facts checked up to {as_of}",
        "pt": "dados verificados até {as_of}",
    },
}

LANGUAGE: Labels = {  # t("language.<code>"): the language a text is written in
    "en": {"es": "inglés", "en": "English", "pt": "inglês"},
    "es": {"es": "español", "en": "Spanish", "pt": "espanhol"},
    "pt": {"es": "portugués", "en": "Portuguese", "pt": "português"},
    # Other languages kb's encoders read (USE-m3's sixteen, and a few more of Asia)
    "ar": {"es": "árabe", "en": "Arabic", "pt": "árabe"},
    "de": {"es": "alemán", "en": "German", "pt": "alemão"},
    "fr": {"es": "francés", "en": "French", "pt": "francês"},
    "hi": {"es": "hindi", "en": "Hindi", "pt": "hindi"},
    "id": {"es": "indonesio", "en": "Indonesian", "pt": "indonésio"},
    "it": {"es": "italiano", "en": "Italian", "pt": "italiano"},
    "ja": {"es": "japonés", "en": "Japanese", "pt": "japonês"},
    "ko": {"es": "coreano", "en": "Korean", "pt": "coreano"},
    "ms": {"es": "malayo", "en": "Malay", "pt": "malaio"},
    "nl": {"es": "neerlandés", "en": "Dutch", "pt": "neerlandês"},
    "pl": {"es": "polaco", "en": "Polish", "pt": "polonês"},
    "ru": {"es": "ruso", "en": "Russian", "pt": "russo"},
    "th": {"es": "tailandés", "en": "Thai", "pt": "tailandês"},
    "tr": {"es": "turco", "en": "Turkish", "pt": "turco"},
    "vi": {"es": "vietnamita", "en": "Vietnamese", "pt": "vietnamita"},
    "zh": {"es": "chino", "en": "Chinese", "pt": "chinês"},
    "original": {
        "es": "{language} (original)",
        "en": "{language} (original)",
        "pt": "{language} (original)",
    },
    "translated": {
        "es": "{language}, traducido del {original}",
        "en": "{language}, translated from {original}",
        "pt": "{language}, traduzido do {original}",
    },
    "only_original": {
        "es": "solo en {original} (original)",
        "en": "only in {original} (original)",
        "pt": "somente em {original} (original)",
    },
}
