"""Names and definitions of the Measure indicators (issue 15), in Spanish, English and Portuguese.

Ids are kb.measure.indicators.INDICATORS's; the formulas in full: docs/indicators.md.
"""

from __future__ import annotations

Labels = dict[str, dict[str, str]]

# t("indicator.<id>"): a Measure indicator's name; t("indicator.<id>.def"): its definition.
INDICATOR: Labels = {
    "n_firms": {"es": "Empresas", "en": "Firms", "pt": "Empresas"},
    "n_firms.def": {
        "es": "Empresas del panel en el año.",
        "en": "Firms in the panel that year.",
        "pt": "Empresas do painel no ano.",
    },
    "n_exporters": {"es": "Exportadoras", "en": "Exporters", "pt": "Exportadoras"},
    "n_exporters.def": {
        "es": "Empresas con exportaciones mayores que cero.",
        "en": "Firms with exports above zero.",
        "pt": "Empresas com exportações acima de zero.",
    },
    "share_exporters": {
        "es": "Proporción de exportadoras",
        "en": "Share of exporters",
        "pt": "Proporção de exportadoras",
    },
    "share_exporters.def": {
        "es": "Exportadoras / empresas.",
        "en": "Exporters / firms.",
        "pt": "Exportadoras / empresas.",
    },
    "total_exports": {
        "es": "Exportaciones totales",
        "en": "Total exports",
        "pt": "Exportações totais",
    },
    "total_exports.def": {
        "es": "Suma de las exportaciones, en la moneda de los datos.",
        "en": "Sum of exports, in the data's currency.",
        "pt": "Soma das exportações, na moeda dos dados.",
    },
    "share_of_total_exports": {
        "es": "Participación en las exportaciones",
        "en": "Share of total exports",
        "pt": "Participação nas exportações",
    },
    "share_of_total_exports.def": {
        "es": "Exportaciones de la clase / exportaciones de todas las empresas del año.",
        "en": "Exports of the class / exports of all firms that year.",
        "pt": "Exportações da classe / exportações de todas as empresas no ano.",
    },
    "mean_exports_per_exporter": {
        "es": "Exportación media por exportadora",
        "en": "Mean exports per exporter",
        "pt": "Exportação média por exportadora",
    },
    "mean_exports_per_exporter.def": {
        "es": "Exportaciones totales / exportadoras.",
        "en": "Total exports / exporters.",
        "pt": "Exportações totais / exportadoras.",
    },
    "export_intensity": {
        "es": "Intensidad exportadora",
        "en": "Export intensity",
        "pt": "Intensidade exportadora",
    },
    "export_intensity.def": {
        "es": "Exportaciones / ventas, entre las exportadoras que informan ventas.",
        "en": "Exports / sales, over exporters that report sales.",
        "pt": "Exportações / vendas, entre as exportadoras que informam vendas.",
    },
    "n_entrants": {
        "es": "Nuevas exportadoras",
        "en": "New exporters",
        "pt": "Novas exportadoras",
    },
    "n_entrants.def": {
        "es": "Exportadoras del año que no exportaron el año anterior.",
        "en": "Exporters this year that did not export the year before.",
        "pt": "Exportadoras do ano que não exportaram no ano anterior.",
    },
    "entry_rate": {"es": "Tasa de entrada", "en": "Entry rate", "pt": "Taxa de entrada"},
    "entry_rate.def": {
        "es": "Nuevas exportadoras / exportadoras.",
        "en": "New exporters / exporters.",
        "pt": "Novas exportadoras / exportadoras.",
    },
    "n_exiters": {
        "es": "Exportadoras que salen",
        "en": "Exiting exporters",
        "pt": "Exportadoras que saem",
    },
    "n_exiters.def": {
        "es": "Exportadoras del año anterior que no exportan este año (clase del año anterior).",
        "en": "Exporters of the year before that do not export this year (their class then).",
        "pt": "Exportadoras do ano anterior que não exportam neste ano (classe do ano anterior).",
    },
    "exit_rate": {"es": "Tasa de salida", "en": "Exit rate", "pt": "Taxa de saída"},
    "exit_rate.def": {
        "es": "Exportadoras que salen / exportadoras del año anterior.",
        "en": "Exiting exporters / exporters of the year before.",
        "pt": "Exportadoras que saem / exportadoras do ano anterior.",
    },
    "survival_1y": {
        "es": "Supervivencia a 1 año",
        "en": "1-year survival",
        "pt": "Sobrevivência em 1 ano",
    },
    "survival_1y.def": {
        "es": "Proporción de las nuevas exportadoras que siguen exportando al año siguiente.",
        "en": "Share of new exporters still exporting the next year.",
        "pt": "Proporção das novas exportadoras que seguem exportando no ano seguinte.",
    },
    "survival_3y": {
        "es": "Supervivencia a 3 años",
        "en": "3-year survival",
        "pt": "Sobrevivência em 3 anos",
    },
    "survival_3y.def": {
        "es": "Proporción de las nuevas exportadoras que exportan en cada uno de los 3 años "
        "siguientes.",
        "en": "Share of new exporters exporting in each of the next 3 years.",
        "pt": "Proporção das novas exportadoras que exportam em cada um dos 3 anos seguintes.",
    },
    "markets_per_exporter": {
        "es": "Mercados por exportadora",
        "en": "Markets per exporter",
        "pt": "Mercados por exportadora",
    },
    "markets_per_exporter.def": {
        "es": "Número medio de destinos por exportadora.",
        "en": "Mean number of destinations per exporter.",
        "pt": "Número médio de destinos por exportadora.",
    },
    "products_per_exporter": {
        "es": "Productos por exportadora",
        "en": "Products per exporter",
        "pt": "Produtos por exportadora",
    },
    "products_per_exporter.def": {
        "es": "Número medio de productos por exportadora.",
        "en": "Mean number of products per exporter.",
        "pt": "Número médio de produtos por exportadora.",
    },
    "top5_share": {
        "es": "Peso de las 5 mayores",
        "en": "Top-5 share",
        "pt": "Peso das 5 maiores",
    },
    "top5_share.def": {
        "es": "Exportaciones de las 5 mayores exportadoras / exportaciones totales.",
        "en": "Exports of the 5 largest exporters / total exports.",
        "pt": "Exportações das 5 maiores exportadoras / exportações totais.",
    },
    "hhi_firms": {
        "es": "Concentración entre empresas (HHI)",
        "en": "Concentration across firms (HHI)",
        "pt": "Concentração entre empresas (HHI)",
    },
    "hhi_firms.def": {
        "es": "Índice de Herfindahl de las exportaciones entre exportadoras (0 a 1).",
        "en": "Herfindahl index of exports across exporters (0 to 1).",
        "pt": "Índice de Herfindahl das exportações entre exportadoras (0 a 1).",
    },
    "hhi_destinations": {
        "es": "Concentración entre destinos (HHI)",
        "en": "Concentration across destinations (HHI)",
        "pt": "Concentração entre destinos (HHI)",
    },
    "hhi_destinations.def": {
        "es": "Índice de Herfindahl de las exportaciones entre destinos (0 a 1).",
        "en": "Herfindahl index of exports across destinations (0 to 1).",
        "pt": "Índice de Herfindahl das exportações entre destinos (0 a 1).",
    },
    "sales_per_worker": {
        "es": "Ventas por trabajador",
        "en": "Sales per worker",
        "pt": "Vendas por trabalhador",
    },
    "sales_per_worker.def": {
        "es": "Suma de ventas / suma de empleados.",
        "en": "Sum of sales / sum of employees.",
        "pt": "Soma das vendas / soma dos empregados.",
    },
    "value_added_per_worker": {
        "es": "Valor agregado por trabajador",
        "en": "Value added per worker",
        "pt": "Valor adicionado por trabalhador",
    },
    "value_added_per_worker.def": {
        "es": "Suma del valor agregado / suma de empleados.",
        "en": "Sum of value added / sum of employees.",
        "pt": "Soma do valor adicionado / soma dos empregados.",
    },
    "productivity_gap_sales": {
        "es": "Brecha de productividad (ventas)",
        "en": "Productivity gap (sales)",
        "pt": "Hiato de produtividade (vendas)",
    },
    "productivity_gap_sales.def": {
        "es": "Ventas por trabajador / ventas por trabajador de las grandes empresas.",
        "en": "Sales per worker / sales per worker of large firms.",
        "pt": "Vendas por trabalhador / vendas por trabalhador das grandes empresas.",
    },
    "productivity_gap_value_added": {
        "es": "Brecha de productividad (valor agregado)",
        "en": "Productivity gap (value added)",
        "pt": "Hiato de produtividade (valor adicionado)",
    },
    "productivity_gap_value_added.def": {
        "es": "Valor agregado por trabajador / el de las grandes empresas.",
        "en": "Value added per worker / that of large firms.",
        "pt": "Valor adicionado por trabalhador / o das grandes empresas.",
    },
    "n_indirect_exporters": {
        "es": "Exportadoras indirectas",
        "en": "Indirect exporters",
        "pt": "Exportadoras indiretas",
    },
    "n_indirect_exporters.def": {
        "es": "Empresas que no exportan pero venden a una empresa que exporta ese año.",
        "en": "Non-exporters selling to a firm that exports that year.",
        "pt": "Empresas que não exportam mas vendem a uma empresa que exporta naquele ano.",
    },
    "share_indirect_exporters": {
        "es": "Proporción de exportadoras indirectas",
        "en": "Share of indirect exporters",
        "pt": "Proporção de exportadoras indiretas",
    },
    "share_indirect_exporters.def": {
        "es": "Exportadoras indirectas / empresas.",
        "en": "Indirect exporters / firms.",
        "pt": "Exportadoras indiretas / empresas.",
    },
}
