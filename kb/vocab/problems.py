"""The problem each need names, in plain words, as the recommender's text search asks it
(with the need's label).

A bare label ("Working capital") finds passages that repeat those words (lenders, guarantee
funds) and misses the instruments that solve the problem in other words (early payment of
invoices). The sentences name no program and no instrument, so the search is not told the
answer. Kept apart from the taxonomy's ids and labels: these are search sentences, tuned on the
development profiles (docs/evaluation-log.md, "Needs asked as problems").
"""

from __future__ import annotations

NEED_PROBLEMS: dict[str, dict[str, str]] = {
    "access-to-credit": {
        "en": "Small firms cannot get bank loans because they lack collateral or a credit history.",
        "es": "Las pequeñas empresas no obtienen préstamos bancarios porque no tienen garantías "
        "reales ni historial crediticio.",
    },
    "working-capital": {
        "en": "Small firms run short of cash to buy inputs and pay wages while they wait for "
        "their customers to pay their invoices.",
        "es": "Las pequeñas empresas se quedan sin liquidez para comprar insumos y pagar salarios "
        "mientras esperan que sus clientes paguen las facturas.",
    },
    "export-finance": {
        "en": "Small exporters cannot finance production for an export order or bear the risk "
        "that the foreign buyer does not pay.",
        "es": "Los pequeños exportadores no pueden financiar la producción de un pedido de "
        "exportación ni asumir el riesgo de que el comprador extranjero no pague.",
    },
    "export-procedures": {
        "en": "Exporting takes too many documents, permits and days at customs for a small firm.",
        "es": "Exportar exige demasiados documentos, permisos y días en aduana para una empresa "
        "pequeña.",
    },
    "export-market-entry": {
        "en": "Small firms do not know foreign markets and have no contacts with buyers abroad.",
        "es": "Las pequeñas empresas no conocen los mercados externos ni tienen contactos con "
        "compradores en el exterior.",
    },
    "quality-standards": {
        "en": "Small firms cannot meet the quality, safety and technical standards that buyers "
        "and foreign markets require, nor pay for testing and certification.",
        "es": "Las pequeñas empresas no cumplen las normas de calidad, seguridad y técnicas que "
        "exigen los compradores y los mercados externos, ni pueden pagar ensayos y certificación.",
    },
    "technology-upgrading": {
        "en": "Small firms use outdated machinery and production methods and cannot raise their "
        "productivity on their own.",
        "es": "Las pequeñas empresas usan maquinaria y métodos de producción atrasados y no "
        "pueden mejorar su productividad por sí solas.",
    },
    "innovation": {
        "en": "Small firms lack the money and skills to develop new products and processes.",
        "es": "Las pequeñas empresas no tienen recursos ni capacidades para desarrollar nuevos "
        "productos y procesos.",
    },
    "value-chain-linkages": {
        "en": "Large firms buy their inputs abroad because local small suppliers do not meet "
        "their requirements.",
        "es": "Las grandes empresas compran sus insumos afuera porque los pequeños proveedores "
        "locales no cumplen sus requisitos.",
    },
    "skills-and-management": {
        "en": "Owners of small firms lack management, planning and accounting skills.",
        "es": "Los dueños de pequeñas empresas carecen de capacidades de gestión, planificación "
        "y contabilidad.",
    },
    "formalization": {
        "en": "Many small businesses stay informal because registering and paying taxes is "
        "complicated and costly.",
        "es": "Muchos pequeños negocios siguen en la informalidad porque registrarse y pagar "
        "impuestos es complicado y costoso.",
    },
    "digitalization": {
        "en": "Small firms do not use digital tools and do not sell online.",
        "es": "Las pequeñas empresas no usan herramientas digitales ni venden en línea.",
    },
    "trade-agreement-use": {
        "en": "Small exporters do not get the lower tariffs of the trade agreements their country "
        "has signed, because they cannot prove that their goods meet the rules of origin or "
        "obtain the certificate of origin.",
        "es": "Los pequeños exportadores no obtienen los aranceles rebajados de los acuerdos "
        "comerciales que su país firmó, porque no pueden probar que sus productos cumplen las "
        "normas de origen ni obtener el certificado de origen.",
    },
}
