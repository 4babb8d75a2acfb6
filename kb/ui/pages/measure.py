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

from kb.errors import KbError
from kb.measure.display import (
    TEMPLATE_CSV,
    UNITS,
    class_name,
    definition,
    grouped,
    indicator_name,
    preset_text,
    unit_name,
    value_text,
)
from kb.measure.export import to_bytes, to_frame
from kb.measure.gaps import gaps_to_profile
from kb.measure.indicators import (
    DEFAULT_PRESET,
    INDICATORS,
    SIZE_PRESETS,
    Indicator,
    measure,
    prepare_panel,
    read_links,
    read_panel,
)
from kb.measure.panel_warnings import PanelWarning
from kb.settings import get_settings
from kb.ui.state import esc
from kb.vocab import countries
from kb.vocab.labels import t

PROFILE_KEY = "profile_yaml"
RECOMMEND_PAGE_KEY = "recommend_page"
_RESULT_KEY = "measure_result"


@st.cache_data(show_spinner=False, max_entries=8)
def _measure_bytes(
    data: bytes, suffix: str, preset: str, links: bytes | None, links_suffix: str
) -> tuple[list[dict[str, Any]], list[PanelWarning]]:
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
def _example(preset: str) -> tuple[list[dict[str, Any]], list[PanelWarning]]:
    from kb.measure.synthetic import make_panel

    df, _ = make_panel(2_000, range(2015, 2021), seed=0)
    panel = prepare_panel(df, preset, source="synthetic example")
    return [r.as_dict() for r in measure(panel, preset)], panel.warnings


def _inputs(lang: str) -> None:
    """Upload widgets; a finished measurement goes to session state."""
    preset = st.selectbox(
        t("measure.sizes", lang),
        list(SIZE_PRESETS),
        index=list(SIZE_PRESETS).index(DEFAULT_PRESET),
        format_func=lambda p: preset_text(SIZE_PRESETS[p], lang),
    )
    st.download_button(
        t("ui.template", lang),
        TEMPLATE_CSV,
        file_name="kb-firm-panel-template.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    up = st.file_uploader(t("measure.panel", lang), type=["csv", "parquet"])
    links = st.file_uploader(t("measure.links", lang), type=["csv", "parquet"])
    limit = get_settings().max_upload_bytes
    if up is not None and st.button(t("nav_measure", lang), type="primary"):
        if up.size > limit:
            size, most = grouped(up.size, 0, lang), grouped(limit, 0, lang)
            st.error(t("ui.too_big", lang, file=up.name, size=size, limit=most))
            return
        try:
            result = _measure_bytes(
                up.getvalue(),
                Path(up.name).suffix.lower(),
                preset,
                links.getvalue() if links is not None else None,
                Path(links.name).suffix.lower() if links is not None else "",
            )
        except KbError as exc:
            st.error(str(exc).replace("upload", up.name, 1))
            return
        st.session_state[_RESULT_KEY] = (up.name, *result)
    if st.button(t("measure.example", lang)):
        st.session_state[_RESULT_KEY] = (None, *_example(preset))


def latest_table(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The last year: one row per indicator (name and unit in `lang`), one column per size
    class, each value with its unit and sensible rounding."""
    year = frame["year"].max()
    latest = frame[frame["year"] == year]
    classes = list(dict.fromkeys(latest["size_class"]))
    rows = []
    for ind in [i for i in INDICATORS if i in set(latest["indicator"])]:
        sub = latest[latest["indicator"] == ind].set_index("size_class")["value"]
        row = {t("measure.indicator", lang): indicator_name(ind, lang)}
        row[t("ui.col_unit", lang)] = unit_name(ind, lang)
        for c in classes:
            row[class_name(c, lang)] = value_text(ind, sub.get(c), lang)
        rows.append(row)
    return pd.DataFrame(rows)


def _tables(lang: str, frame: pd.DataFrame) -> None:
    st.subheader(f"{t('measure.latest', lang)} ({int(frame['year'].max())})")
    # every indicator at once: the latest year is read as one table, not scrolled
    st.dataframe(latest_table(frame, lang), hide_index=True, height="content")
    st.subheader(t("measure.by_year", lang))
    present = [i for i in INDICATORS if i in set(frame["indicator"])]
    chosen = st.selectbox(
        t("measure.indicator", lang), present, format_func=lambda i: indicator_name(i, lang)
    )
    st.caption(f"{definition(chosen, lang)} ({unit_name(chosen, lang)})")
    sub = frame[frame["indicator"] == chosen].copy()
    sub["size_class"] = sub["size_class"].map(lambda c: class_name(c, lang))
    shown = sub.assign(text=[value_text(chosen, v, lang) for v in sub["value"]])
    st.dataframe(
        shown.pivot_table(
            index="year", columns="size_class", values="text", aggfunc="first", sort=False
        ).rename_axis(index=t("col_year", lang), columns=t("ui.col_class", lang))
    )
    if UNITS.get(chosen) == "share":
        sub["value"] = sub["value"] * 100
    fig = px.line(
        sub,
        x="year",
        y="value",
        color="size_class",
        markers=True,
        title=indicator_name(chosen, lang),
        labels={
            "year": t("col_year", lang),
            "value": unit_name(chosen, lang),
            "size_class": t("ui.col_class", lang),
        },
    )
    fig.update_xaxes(dtick=1)
    st.plotly_chart(fig, width="stretch")


def _definitions(lang: str) -> None:
    with st.expander(t("ui.definitions", lang)):
        st.dataframe(
            pd.DataFrame(
                {
                    t("measure.indicator", lang): indicator_name(i, lang),
                    t("ui.col_unit", lang): unit_name(i, lang),
                    t("ui.col_definition", lang): definition(i, lang),
                }
                for i in INDICATORS
            ),
            hide_index=True,
            width="stretch",
        )


def _downloads(lang: str, indicators: list[Indicator], warnings: list[PanelWarning]) -> None:
    cols = st.columns(3)
    mime = {
        ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ".csv": "text/csv",
        ".json": "application/json",
    }
    for col, (fmt, kind) in zip(cols, mime.items(), strict=True):
        label = f"{t('download', lang)} {fmt}"
        col.download_button(
            label, to_bytes(indicators, fmt, warnings), file_name=f"sme-indicators{fmt}", mime=kind
        )


def _gaps(lang: str, indicators: list[Indicator]) -> None:
    names = countries.names_for(lang)
    codes = sorted(names, key=lambda c: countries.normalize_name(names[c]))
    country = st.selectbox(
        t("measure.country", lang),
        codes,
        index=None,  # no default: a profile for the wrong country misleads Recommend
        format_func=lambda c: names[c],
        placeholder=t("choose", lang),
    )
    if country is None:
        st.caption(t("ui.pick_country", lang))
    if not st.button(t("measure.use", lang), disabled=country is None) or country is None:
        return
    profile = gaps_to_profile(indicators, country, lang)
    st.session_state[PROFILE_KEY] = profile.to_yaml()
    if profile.needs:
        st.write(
            f"**{t('measure.needs', lang)}:** "
            + ", ".join(t(f"need.{n}", lang, default=n) for n in profile.needs)
        )
        st.write(profile.text)
    else:
        st.info(t("measure.no_gaps", lang))
    st.success(t("measure.stored", lang))
    target = st.session_state.get(RECOMMEND_PAGE_KEY)
    if target is not None:
        st.switch_page(target, query_params={"lang": lang})


def render(lng: str) -> None:
    """The Measure page, labelled in `lng` (en, es or pt)."""
    st.header(t("measure.title", lng))
    st.caption(t("ui.measure_intro", lng))
    _inputs(lng)
    _definitions(lng)
    if _RESULT_KEY not in st.session_state:
        return
    source, records, warnings = st.session_state[_RESULT_KEY]
    st.caption(f"{t('measure.source', lng)}: {source or t('ui.synthetic', lng)}")
    if warnings:
        with st.expander(f"{t('measure.warnings', lng)}: {len(warnings)}"):
            for w in warnings:  # firm ids come from the user's file: shown inert
                st.markdown(f"- {esc(w.text(lng))}")
    indicators = [Indicator(**r) for r in records]
    frame = to_frame(indicators)
    if frame.empty:
        return
    _tables(lng, frame)
    _downloads(lng, indicators, warnings)
    _gaps(lng, indicators)
