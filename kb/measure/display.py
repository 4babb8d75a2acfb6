"""Indicators as a reader sees them: names and size classes in the user's language, each value
with its unit and a sensible number of decimals, the template of an input file.

The numbers themselves (and the `--json`, csv and xlsx files) stay as `measure()` made them;
only what a page shows goes through here.
"""

from __future__ import annotations

import math

from kb.measure.indicators import INDICATORS
from kb.measure.sizes import SizePreset
from kb.vocab.labels import has, lang_of, t

# How each indicator's value reads: a count of firms, a share shown in %, an amount in the
# data's own currency, a ratio, or a concentration index between 0 and 1.
UNITS: dict[str, str] = {
    "n_firms": "firms",
    "n_exporters": "firms",
    "share_exporters": "share",
    "total_exports": "money",
    "share_of_total_exports": "share",
    "mean_exports_per_exporter": "money",
    "export_intensity": "share",
    "n_entrants": "firms",
    "entry_rate": "share",
    "n_exiters": "firms",
    "exit_rate": "share",
    "survival_1y": "share",
    "survival_3y": "share",
    "markets_per_exporter": "ratio",
    "products_per_exporter": "ratio",
    "top5_share": "share",
    "hhi_firms": "index",
    "hhi_destinations": "index",
    "sales_per_worker": "money",
    "value_added_per_worker": "money",
    "productivity_gap_sales": "ratio",
    "productivity_gap_value_added": "ratio",
    "n_indirect_exporters": "firms",
    "share_indirect_exporters": "share",
}
_DIGITS = {"firms": 0, "share": 1, "money": 0, "ratio": 2, "index": 3}

TEMPLATE_CSV = (
    "firm_id,year,employees,sales,exports,value_added,destination,product\n"
    "F001,2022,12,850000,120000,310000,USA,090111\n"
    "F001,2023,14,910000,150000,335000,USA,090111\n"
    "F002,2023,240,9400000,0,2800000,,\n"
)


def grouped(x: float, digits: int, lang: str) -> str:
    """1234567.5 -> "1,234,567.5" (en) or "1.234.567,5" (es, pt)."""
    text = f"{x:,.{digits}f}"
    if lang_of(lang) in ("es", "pt"):
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def value_text(indicator: str, value: float | None, lang: str) -> str:
    """The value with its unit: "1,234 firms", "12.5 %", "0.214", "—" when there is none."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    unit = UNITS.get(indicator, "ratio")
    shown = value * 100 if unit == "share" else value
    text = grouped(shown, _DIGITS[unit], lang)
    return f"{text} %" if unit == "share" else text


def indicator_name(indicator: str, lang: str) -> str:
    return t(f"indicator.{indicator}", lang, default=indicator)


def unit_name(indicator: str, lang: str) -> str:
    return t(f"ui.unit_{UNITS.get(indicator, 'ratio')}", lang)


def definition(indicator: str, lang: str) -> str:
    return t(f"indicator.{indicator}.def", lang, default=INDICATORS.get(indicator, ""))


def class_name(size_class: str, lang: str) -> str:
    """micro ... large and all firms as the profile's firm sizes say them; SMEs, unknown."""
    if has(f"size.{size_class}"):
        return t(f"size.{size_class}", lang)
    return t(f"ui.class_{size_class}", lang, default=size_class)


def preset_text(preset: SizePreset, lang: str) -> str:
    """ "Persons employed: micro < 10, small 10–49, ..." in the user's language."""
    b = [grouped(x, 0, lang) for x in preset.bounds]
    names = [class_name(c, lang) for c in preset.classes]
    if preset.upper_inclusive:  # sales: "up to" each limit
        parts = [f"{n} ≤ {x}" for n, x in zip(names, b, strict=False)] + [f"{names[-1]} > {b[-1]}"]
    else:
        ups = [grouped(x - 1, 0, lang) for x in preset.bounds]
        parts = [f"{names[0]} < {b[0]}"]
        parts += [f"{n} {lo}–{hi}" for n, lo, hi in zip(names[1:], b, ups[1:], strict=False)]
        parts.append(f"{names[-1]} {b[-1]}+")
    return f"{t(f'ui.by_{preset.variable}', lang)}: " + ", ".join(parts)
