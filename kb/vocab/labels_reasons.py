"""Why something went wrong, in the reader's language (issue 15): panel warnings, files that
were not ingested, cited pages that cannot be shown.

The English entries of MEASURE_WARN and VIEWER are the English messages themselves (what the CLI
prints, what the errors say), so a wording changes in one place. Counts arrive already grouped
for the language; size classes in Spanish and Portuguese are named as the Measure tables name
them. One shape: {key: {"es": ..., "en": ..., "pt": ...}}.
"""

from __future__ import annotations

Labels = dict[str, dict[str, str]]

MEASURE_WARN: Labels = {  # t("measure.warn_<key>"), kb.measure.panel_warnings.WarningKey
    "warn_negative_value_added": {
        "es": "{n} fila(s) con valor agregado (value_added) negativo (pérdidas); se conservan "
        "tal cual",
        "en": "{n} row(s) have negative value_added (losses); kept as they are",
        "pt": "{n} linha(s) com valor adicionado (value_added) negativo (prejuízos); mantidas "
        "como estão",
    },
    "warn_blank_exports": {
        "es": "{n} fila(s) con exportaciones (exports) en blanco; se cuentan como 0 (no exporta)",
        "en": "{n} row(s) have blank exports; counted as 0 (not exporting)",
        "pt": "{n} linha(s) com exportações (exports) em branco; contadas como 0 (não exporta)",
    },
    "warn_exports_over_sales": {
        "es": "{n} empresa-año(s) declaran exportaciones mayores que las ventas (p. ej., la "
        "empresa {firm} en {year}); se conservan, pero revise las unidades",
        "en": "{n} firm-year(s) report exports larger than sales (e.g. firm {firm} in {year}); "
        "kept, but check the units",
        "pt": "{n} empresa-ano(s) declaram exportações maiores que as vendas (p. ex., a "
        "empresa {firm} em {year}); mantidas, mas confira as unidades",
    },
    "warn_no_size": {
        "es": "{n} empresa-año(s) sin dato de {variable}; quedan en la clase «sin tamaño» "
        "(cuentan en «todas», no en «pymes»)",
        "en": "{n} firm-year(s) have no {variable}; they are in size class {unknown!r} "
        "(counted in 'all', not in 'sme')",
        "pt": "{n} empresa-ano(s) sem dado de {variable}; ficam na classe «sem porte» "
        "(contam em «todas», não em «PMEs»)",
    },
    "warn_missing_years": {
        "es": "sin datos para el/los año(s) {years}; no se calculan la entrada, la salida ni la "
        "supervivencia que necesitan esos años",
        "en": "no data for year(s) {years}; entry, exit and survival that need those years are "
        "not computed",
        "pt": "sem dados para o(s) ano(s) {years}; não são calculadas a entrada, a saída nem a "
        "sobrevivência que precisam desses anos",
    },
}
