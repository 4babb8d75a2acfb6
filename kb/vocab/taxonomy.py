"""Controlled vocabularies: needs, instruments, conditions, evidence levels.

Ids are fixed (programs, profiles and the evaluation set are coded in them);
labels exist in English, Spanish and Portuguese.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

Lang = Literal["en", "es", "pt"]
LANGS: tuple[Lang, ...] = ("en", "es", "pt")

NEEDS: dict[str, dict[str, str]] = {
    "access-to-credit": {
        "en": "Access to credit",
        "es": "Acceso al crédito",
        "pt": "Acesso ao crédito",
    },
    "working-capital": {
        "en": "Working capital",
        "es": "Capital de trabajo",
        "pt": "Capital de giro",
    },
    "export-finance": {
        "en": "Export finance",
        "es": "Financiamiento de exportaciones",
        "pt": "Financiamento às exportações",
    },
    "export-procedures": {
        "en": "Export procedures",
        "es": "Trámites de exportación",
        "pt": "Procedimentos de exportação",
    },
    "export-market-entry": {
        "en": "Export market entry",
        "es": "Entrada a mercados externos",
        "pt": "Entrada em mercados externos",
    },
    "quality-standards": {
        "en": "Quality and standards",
        "es": "Calidad y normas técnicas",
        "pt": "Qualidade e normas técnicas",
    },
    "technology-upgrading": {
        "en": "Technology upgrading",
        "es": "Modernización tecnológica",
        "pt": "Modernização tecnológica",
    },
    "innovation": {"en": "Innovation", "es": "Innovación", "pt": "Inovação"},
    "value-chain-linkages": {
        "en": "Value-chain linkages",
        "es": "Encadenamientos productivos",
        "pt": "Encadeamentos produtivos",
    },
    "skills-and-management": {
        "en": "Skills and management",
        "es": "Capacidades gerenciales",
        "pt": "Capacitação e gestão",
    },
    "formalization": {"en": "Formalization", "es": "Formalización", "pt": "Formalização"},
    "digitalization": {"en": "Digitalization", "es": "Digitalización", "pt": "Digitalização"},
    "trade-agreement-use": {
        "en": "Using trade agreements",
        "es": "Aprovechamiento de acuerdos comerciales",
        "pt": "Aproveitamento de acordos comerciais",
    },
}

INSTRUMENTS: dict[str, dict[str, str]] = {
    "credit-guarantee": {
        "en": "Credit guarantee",
        "es": "Garantía de crédito",
        "pt": "Garantia de crédito",
    },
    "direct-lending": {"en": "Direct lending", "es": "Crédito directo", "pt": "Crédito direto"},
    "second-tier-lending": {
        "en": "Second-tier lending",
        "es": "Banca de segundo piso",
        "pt": "Crédito de segunda linha (repasse)",
    },
    "microcredit": {"en": "Microcredit", "es": "Microcrédito", "pt": "Microcrédito"},
    "supply-chain-finance": {
        "en": "Supply-chain finance (factoring, reverse factoring)",
        "es": "Financiamiento de cadenas de suministro (factoraje)",
        "pt": "Financiamento da cadeia de suprimentos (antecipação de recebíveis)",
    },
    "export-credit": {
        "en": "Export credit",
        "es": "Crédito a la exportación",
        "pt": "Crédito à exportação",
    },
    "export-credit-insurance": {
        "en": "Export credit insurance",
        "es": "Seguro de crédito a la exportación",
        "pt": "Seguro de crédito à exportação",
    },
    "matching-grant": {
        "en": "Matching grant",
        "es": "Subsidio de contrapartida (cofinanciamiento)",
        "pt": "Subvenção com contrapartida",
    },
    "voucher": {"en": "Voucher", "es": "Bono (voucher)", "pt": "Voucher (vale)"},
    "tax-regime": {
        "en": "Simplified tax regime or tax incentive",
        "es": "Régimen tributario simplificado o incentivo fiscal",
        "pt": "Regime tributário simplificado ou incentivo fiscal",
    },
    "single-window": {"en": "Single window", "es": "Ventanilla única", "pt": "Guichê único"},
    "business-registration": {
        "en": "One-stop business registration",
        "es": "Registro de empresas en ventanilla única",
        "pt": "Registro de empresas em guichê único",
    },
    "export-promotion": {
        "en": "Export promotion",
        "es": "Promoción de exportaciones",
        "pt": "Promoção de exportações",
    },
    "technology-extension": {
        "en": "Technology extension",
        "es": "Extensionismo tecnológico",
        "pt": "Extensionismo tecnológico",
    },
    "supplier-development": {
        "en": "Supplier development",
        "es": "Desarrollo de proveedores",
        "pt": "Desenvolvimento de fornecedores",
    },
    "advisory-services": {
        "en": "Business advisory services",
        "es": "Servicios de asesoría empresarial",
        "pt": "Serviços de consultoria empresarial",
    },
    "public-procurement": {
        "en": "Public procurement",
        "es": "Compras públicas",
        "pt": "Compras públicas",
    },
    "certification-support": {
        "en": "Certification support",
        "es": "Apoyo a la certificación",
        "pt": "Apoio à certificação",
    },
    "e-commerce-support": {
        "en": "E-commerce support",
        "es": "Apoyo al comercio electrónico",
        "pt": "Apoio ao comércio eletrônico",
    },
    "rules-of-origin-support": {
        "en": "Rules-of-origin and origin certification support",
        "es": "Apoyo en reglas de origen y certificación de origen",
        "pt": "Apoio em regras de origem e certificação de origem",
    },
}

# Which instruments serve each need, in two tiers (docs/recommender.md, "Needs and the
# instruments that serve them"). Primary: the instruments that serve the need most directly
# (working capital: supply-chain finance, i.e. factoring, reverse factoring and invoice
# discounting, turns receivables into cash). Secondary: instruments that can serve it but are
# built for something broader (a credit guarantee backs any loan, working capital among them).
NEED_PRIMARY_INSTRUMENTS: dict[str, tuple[str, ...]] = {
    "access-to-credit": (
        "credit-guarantee",
        "direct-lending",
        "second-tier-lending",
        "microcredit",
    ),
    "working-capital": ("supply-chain-finance",),
    "export-finance": ("export-credit", "export-credit-insurance"),
    "export-procedures": ("single-window",),
    "export-market-entry": ("export-promotion", "voucher"),
    "quality-standards": ("certification-support", "technology-extension"),
    "technology-upgrading": ("technology-extension",),
    "innovation": ("matching-grant", "voucher"),
    "value-chain-linkages": ("supplier-development",),
    "skills-and-management": ("advisory-services",),
    "formalization": ("tax-regime", "business-registration"),
    "digitalization": ("e-commerce-support", "voucher"),
    "trade-agreement-use": ("rules-of-origin-support",),
}
NEED_SECONDARY_INSTRUMENTS: dict[str, tuple[str, ...]] = {
    "access-to-credit": ("supply-chain-finance",),
    "working-capital": (
        "credit-guarantee",
        "direct-lending",
        "second-tier-lending",
        "microcredit",
        "public-procurement",
    ),
    "export-finance": ("credit-guarantee", "supply-chain-finance"),
    "export-procedures": (
        "e-commerce-support",
        "export-promotion",
        "advisory-services",
        "rules-of-origin-support",
    ),
    "export-market-entry": (
        "matching-grant",
        "e-commerce-support",
        "export-credit-insurance",
        "advisory-services",
    ),
    "quality-standards": ("matching-grant", "voucher", "advisory-services"),
    "technology-upgrading": ("matching-grant", "voucher", "direct-lending", "tax-regime"),
    "innovation": ("technology-extension", "tax-regime"),
    "value-chain-linkages": ("supply-chain-finance", "public-procurement"),
    "skills-and-management": ("supplier-development", "voucher"),
    "formalization": ("advisory-services", "microcredit"),
    "digitalization": (
        "matching-grant",
        "technology-extension",
        "single-window",
        "business-registration",
    ),
    "trade-agreement-use": ("advisory-services", "export-promotion", "single-window"),
}
# Ways of paying rather than purposes: a voucher, a matching grant or a tax measure serves the
# needs its program is for (an export voucher serves market entry, not innovation; an export tax
# treatment is not a simplified regime for formalising), so it counts for a need only when the
# program lists that need.
PURPOSE_BOUND_INSTRUMENTS: frozenset[str] = frozenset({"voucher", "matching-grant", "tax-regime"})


# Every instrument that serves a need, primary first (reasons name them).
NEED_INSTRUMENTS: dict[str, tuple[str, ...]] = {
    n: NEED_PRIMARY_INSTRUMENTS[n] + NEED_SECONDARY_INSTRUMENTS[n] for n in NEEDS
}


def instruments_serving(need: str, needs: Sequence[str], instruments: Sequence[str]) -> list[str]:
    """The program's instruments that can serve `need` (`needs`: the needs the program lists)."""
    serving = NEED_INSTRUMENTS.get(need, ())
    return [
        i
        for i in instruments
        if i in serving and (need in needs or i not in PURPOSE_BOUND_INSTRUMENTS)
    ]


# Dimension of the OECD/CAF SME Policy Index (Latin America and the Caribbean 2019 edition)
# each instrument belongs to.
SME_POLICY_INDEX_DIMENSION: dict[str, str] = {
    "credit-guarantee": "Access to finance",
    "direct-lending": "Access to finance",
    "second-tier-lending": "Access to finance",
    "microcredit": "Access to finance",
    "supply-chain-finance": "Access to finance",
    "export-credit": "Access to finance",
    "export-credit-insurance": "Access to finance",
    "matching-grant": "Innovation and technology",
    "voucher": "Innovation and technology",
    "tax-regime": "Operational environment and simplification of procedures",
    "single-window": "Operational environment and simplification of procedures",
    "business-registration": "Operational environment and simplification of procedures",
    "export-promotion": "Access to market and internationalisation",
    "technology-extension": "Innovation and technology",
    "supplier-development": "Productive transformation",
    "advisory-services": "SME development services",
    "public-procurement": "SME development services and public procurement",
    "certification-support": "Access to market and internationalisation",
    "e-commerce-support": "Access to market and internationalisation",
    "rules-of-origin-support": "Access to market and internationalisation",
}

# What a program relied on; a profile answers yes / no / unknown for each.
CONDITIONS: dict[str, dict[str, str]] = {
    "development-bank": {
        "en": "A public development bank",
        "es": "Un banco público de desarrollo",
        "pt": "Um banco público de desenvolvimento",
    },
    "credit-bureau": {
        "en": "A working credit bureau or registry",
        "es": "Un buró o central de riesgos operativo",
        "pt": "Um birô de crédito ou cadastro positivo operante",
    },
    "banking-network": {
        "en": "Commercial banks that lend to SMEs",
        "es": "Bancos comerciales que prestan a pymes",
        "pt": "Bancos comerciais que emprestam a PMEs",
    },
    "fiscal-resources": {
        "en": "Budget to capitalise funds or pay subsidies",
        "es": "Presupuesto para capitalizar fondos o subsidios",
        "pt": "Orçamento para capitalizar fundos ou subsídios",
    },
    "e-government": {
        "en": "E-government services",
        "es": "Gobierno electrónico",
        "pt": "Governo eletrônico",
    },
    "e-invoicing": {
        "en": "Electronic invoicing",
        "es": "Facturación electrónica",
        "pt": "Nota fiscal eletrônica",
    },
    "customs-modernisation": {
        "en": "Modernised customs",
        "es": "Aduanas modernizadas",
        "pt": "Alfândegas modernizadas",
    },
    "private-sponsors": {
        "en": "Large firms willing to sponsor suppliers",
        "es": "Empresas grandes dispuestas a patrocinar proveedores",
        "pt": "Grandes empresas dispostas a patrocinar fornecedores",
    },
    "industrial-base": {
        "en": "An industrial base of buyers and suppliers",
        "es": "Una base industrial de compradores y proveedores",
        "pt": "Uma base industrial de compradores e fornecedores",
    },
    "technical-institutes": {
        "en": "Public technology or metrology institutes",
        "es": "Institutos tecnológicos o de metrología",
        "pt": "Institutos tecnológicos ou de metrologia",
    },
    "business-associations": {
        "en": "Active business and exporter associations",
        "es": "Gremios y asociaciones de exportadores activos",
        "pt": "Associações empresariais e de exportadores ativas",
    },
    "local-offices": {
        "en": "A network of local business centres",
        "es": "Una red de centros empresariales locales",
        "pt": "Uma rede de centros empresariais locais",
    },
    "postal-logistics": {
        "en": "A postal or logistics operator reaching SMEs",
        "es": "Un operador postal o logístico que llega a las pymes",
        "pt": "Um operador postal ou logístico que alcança as PMEs",
    },
    "export-credit-agency": {
        "en": "An export credit agency",
        "es": "Una agencia de crédito a la exportación",
        "pt": "Uma agência de crédito à exportação",
    },
    "trade-promotion-agency": {
        "en": "A trade promotion agency with offices abroad",
        "es": "Una agencia de promoción con oficinas en el exterior",
        "pt": "Uma agência de promoção com escritórios no exterior",
    },
}

EVIDENCE_LEVELS: dict[str, dict[str, str]] = {
    "rigorous-evaluation": {
        "en": "Rigorous impact evaluation",
        "es": "Evaluación de impacto rigurosa",
        "pt": "Avaliação de impacto rigorosa",
    },
    "evaluation": {"en": "Evaluation", "es": "Evaluación", "pt": "Avaliação"},
    "monitoring": {
        "en": "Monitoring data",
        "es": "Datos de monitoreo",
        "pt": "Dados de monitoramento",
    },
    "descriptive": {"en": "Descriptive", "es": "Descriptiva", "pt": "Descritiva"},
}
# Used as the evidence component of the program score.
EVIDENCE_SCORE: dict[str, float] = {
    "rigorous-evaluation": 1.0,
    "evaluation": 0.7,
    "monitoring": 0.4,
    "descriptive": 0.15,
}

STATUSES = ("active", "closed", "unknown")
