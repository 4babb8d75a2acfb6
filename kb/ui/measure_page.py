"""Streamlit Measure page: upload a firm panel, see indicators by year × size, use the gaps.

`render(lang)` draws the page. The "Use these gaps in Recommend" button stores the profile YAML
in `st.session_state["profile_yaml"]`; if the app has put its Recommend page (a `st.Page` or a
page path) in `st.session_state["recommend_page"]`, the button also switches to it.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import plotly.express as px
import streamlit as st

from kb import countries, taxonomy
from kb.errors import KbError
from kb.measure import (
    DEFAULT_PRESET,
    INDICATORS,
    SIZE_PRESETS,
    Indicator,
    measure,
    prepare_panel,
    read_links,
    read_panel,
)
from kb.measure_export import to_bytes, to_frame
from kb.measure_gaps import gaps_to_profile
from kb.settings import get_settings
from kb.ui.i18n import page_label

PROFILE_KEY = "profile_yaml"
RECOMMEND_PAGE_KEY = "recommend_page"
_RESULT_KEY = "measure_result"

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Measure SME internationalization",
        "intro": "Upload firm-level data (CSV or Parquet: firm_id, year, employees and/or sales, "
                 "exports; optional destination, product, value_added, buyers). Definitions and "
                 "formulas: docs/indicators.md.",
        "panel": "Firm panel", "links": "Supplier→buyer links (optional)",
        "sizes": "Size classes", "example": "Try a synthetic example panel",
        "run": "Measure", "warnings": "Warnings (rows kept)",
        "latest": "Latest year, by size class", "indicator": "Indicator",
        "by_year": "By year and size class", "download": "Download",
        "country": "Country of the data", "use": "Use these gaps in Recommend",
        "stored": "Profile stored for Recommend. Open the Recommend page to see programs.",
        "no_gaps": "No SME indicator is below kb's gap thresholds; the profile has no needs.",
        "needs": "Needs found", "source": "Data",
    },
    "es": {
        "title": "Medir la internacionalización de las pymes",
        "intro": "Suba datos por empresa (CSV o Parquet: firm_id, year, employees y/o sales, "
                 "exports; opcionales destination, product, value_added, buyers). Definiciones y "
                 "fórmulas: docs/indicators.md.",
        "panel": "Panel de empresas", "links": "Vínculos proveedor→comprador (opcional)",
        "sizes": "Clases de tamaño", "example": "Probar con un panel sintético de ejemplo",
        "run": "Medir", "warnings": "Avisos (las filas se conservan)",
        "latest": "Último año, por tamaño", "indicator": "Indicador",
        "by_year": "Por año y tamaño", "download": "Descargar",
        "country": "País de los datos", "use": "Usar estas brechas en Recomendar",
        "stored": "Perfil guardado para Recomendar. Abra la página Recomendar para ver programas.",
        "no_gaps": "Ningún indicador pyme está bajo los umbrales de brecha de kb; el perfil no "
                   "tiene necesidades.",
        "needs": "Necesidades encontradas", "source": "Datos",
    },
    "pt": {
        "title": "Medir a internacionalização das PMEs",
        "intro": "Envie dados por empresa (CSV ou Parquet: firm_id, year, employees e/ou sales, "
                 "exports; opcionais destination, product, value_added, buyers). Definições e "
                 "fórmulas: docs/indicators.md.",
        "panel": "Painel de empresas", "links": "Vínculos fornecedor→comprador (opcional)",
        "sizes": "Classes de tamanho", "example": "Testar com um painel sintético de exemplo",
        "run": "Medir", "warnings": "Avisos (as linhas são mantidas)",
        "latest": "Último ano, por porte", "indicator": "Indicador",
        "by_year": "Por ano e porte", "download": "Baixar",
        "country": "País dos dados", "use": "Usar estas lacunas em Recomendar",
        "stored": "Perfil salvo para Recomendar. Abra a página Recomendar para ver programas.",
        "no_gaps": "Nenhum indicador de PME está abaixo dos limiares de lacuna do kb; o perfil "
                   "não tem necessidades.",
        "needs": "Necessidades encontradas", "source": "Dados",
    },
}


def _t(lang: str, key: str) -> str:
    return page_label(LABELS, key, lang)


@st.cache_data(show_spinner=False, max_entries=8)
def _measure_bytes(
    data: bytes, suffix: str, preset: str, links: bytes | None, links_suffix: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """Indicators of an uploaded file; cached so widget changes do not recompute."""
    with tempfile.TemporaryDirectory() as tmp:
        # Only the suffix of the user's file name is used: the name itself never reaches a path.
        path = Path(tmp) / f"panel{suffix}"
        path.write_bytes(data)
        link_table = None
        if links is not None:
            link_path = Path(tmp) / f"links{links_suffix}"
            link_path.write_bytes(links)
            link_table = read_links(link_path)
        panel = prepare_panel(read_panel(path), preset, link_table, source="upload" + suffix)
    return [r.as_dict() for r in measure(panel, preset)], panel.warnings


@st.cache_data(show_spinner=False)
def _example(preset: str) -> tuple[list[dict[str, Any]], list[str]]:
    from kb.synth import make_panel

    df, _ = make_panel(2_000, range(2015, 2021), seed=0)
    panel = prepare_panel(df, preset, source="synthetic example")
    return [r.as_dict() for r in measure(panel, preset)], panel.warnings


def _inputs(lang: str) -> None:
    """Upload widgets; a finished measurement goes to session state."""
    preset = st.selectbox(
        _t(lang, "sizes"), list(SIZE_PRESETS), index=list(SIZE_PRESETS).index(DEFAULT_PRESET),
        format_func=lambda p: f"{p}: {SIZE_PRESETS[p].description}",
    )
    up = st.file_uploader(_t(lang, "panel"), type=["csv", "parquet"])
    links = st.file_uploader(_t(lang, "links"), type=["csv", "parquet"])
    limit = get_settings().max_upload_bytes
    if up is not None and st.button(_t(lang, "run"), type="primary"):
        if up.size > limit:
            st.error(f"{up.name}: file is {up.size:,} bytes, over the limit of {limit:,}")
            return
        try:
            result = _measure_bytes(
                up.getvalue(), Path(up.name).suffix.lower(), preset,
                links.getvalue() if links is not None else None,
                Path(links.name).suffix.lower() if links is not None else "",
            )
        except KbError as exc:
            st.error(str(exc).replace("upload", up.name, 1))
            return
        st.session_state[_RESULT_KEY] = (up.name, *result)
    if st.button(_t(lang, "example")):
        st.session_state[_RESULT_KEY] = ("synthetic example", *_example(preset))


def _tables(lang: str, frame: pd.DataFrame) -> None:
    latest = frame[frame["year"] == frame["year"].max()]
    st.subheader(f"{_t(lang, 'latest')} ({int(frame['year'].max())})")
    wide = latest.pivot_table(index="indicator", columns="size_class", values="value",
                              aggfunc="first", sort=False)
    st.dataframe(wide.reindex([i for i in INDICATORS if i in wide.index]))
    st.subheader(_t(lang, "by_year"))
    present = [i for i in INDICATORS if i in set(frame["indicator"])]
    chosen = st.selectbox(_t(lang, "indicator"), present,
                          format_func=lambda i: f"{i}: {INDICATORS[i]}")
    sub = frame[frame["indicator"] == chosen]
    st.dataframe(sub.pivot_table(index="year", columns="size_class", values="value",
                                 aggfunc="first", sort=False))
    fig = px.line(sub, x="year", y="value", color="size_class", markers=True, title=chosen)
    fig.update_xaxes(dtick=1)
    st.plotly_chart(fig, width="stretch")


def _downloads(lang: str, indicators: list[Indicator], warnings: list[str]) -> None:
    cols = st.columns(3)
    mime = {".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            ".csv": "text/csv", ".json": "application/json"}
    for col, (fmt, kind) in zip(cols, mime.items(), strict=True):
        col.download_button(f"{_t(lang, 'download')} {fmt}", to_bytes(indicators, fmt, warnings),
                            file_name=f"sme-indicators{fmt}", mime=kind)


def _gaps(lang: str, indicators: list[Indicator]) -> None:
    names = countries.names_for(lang)
    codes = sorted(names, key=lambda c: countries.normalize_name(names[c]))
    country = st.selectbox(_t(lang, "country"), codes, format_func=lambda c: names[c])
    if not st.button(_t(lang, "use")):
        return
    profile = gaps_to_profile(indicators, country, lang)
    st.session_state[PROFILE_KEY] = profile.to_yaml()
    if profile.needs:
        st.write(f"**{_t(lang, 'needs')}:** " + ", ".join(
            taxonomy.label(taxonomy.NEEDS, n, lang) for n in profile.needs))
        st.write(profile.text)
    else:
        st.info(_t(lang, "no_gaps"))
    st.success(_t(lang, "stored"))
    target = st.session_state.get(RECOMMEND_PAGE_KEY)
    if target is not None and hasattr(st, "switch_page"):
        st.switch_page(target)


def render(lang: str = "en") -> None:
    """The Measure page, labelled in `lang` (en, es or pt)."""
    st.header(_t(lang, "title"))
    st.caption(_t(lang, "intro"))
    _inputs(lang)
    if _RESULT_KEY not in st.session_state:
        return
    source, records, warnings = st.session_state[_RESULT_KEY]
    st.caption(f"{_t(lang, 'source')}: {source}")
    if warnings:
        with st.expander(f"{_t(lang, 'warnings')}: {len(warnings)}"):
            for w in warnings:
                st.write(f"- {w}")
    indicators = [Indicator(**r) for r in records]
    frame = to_frame(indicators)
    if frame.empty:
        return
    _tables(lang, frame)
    _downloads(lang, indicators, warnings)
    _gaps(lang, indicators)
