"""Choropleth of where programs come from, drawn from map outlines shipped with kb.

plotly.js fetches its map outlines from cdn.plot.ly unless told otherwise; kb serves them itself
(static/topojson/, see its README) so the map works offline. Economies too small for the 1:110m
outlines (Singapore, Hong Kong ...) are listed under the map instead of silently missing.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import Any

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go
import streamlit as st

from kb.answer.reasons import country_name, region_name
from kb.settings import PROJECT_ROOT
from kb.vocab import countries
from kb.vocab.labels import t

TOPOJSON_DIR = PROJECT_ROOT / "static" / "topojson"
# Relative to the page's URL, so it also holds under a server.baseUrlPath.
PLOT_CONFIG = {"topojsonURL": "app/static/topojson/", "displaylogo": False}


@cache
def mapped_codes() -> frozenset[str]:
    """ISO3 codes the shipped world outlines draw."""
    path = TOPOJSON_DIR / "world_110m.json"
    if not path.is_file():
        return frozenset()
    data = json.loads(path.read_text(encoding="utf-8"))
    return frozenset(str(g.get("id")) for g in data["objects"]["countries"]["geometries"])


def counts_frame(items: Iterable[Any], lang: str) -> pd.DataFrame:
    """Programs per country (objects with `.country` and `.name`), with names."""
    by: dict[str, list[str]] = {}
    for it in items:
        if countries.is_country(it.country):
            by.setdefault(it.country, []).append(it.name)
    rows = [
        {
            "iso3": c,
            "country": country_name(c, lang),
            "programs": len(names),
            "names": "; ".join(names),
        }
        for c, names in by.items()
    ]
    return pd.DataFrame(rows, columns=["iso3", "country", "programs", "names"])


# Where a marker for a multilateral program's region is drawn (a display position only).
REGION_SPOTS: dict[str, tuple[float, float]] = {  # code -> (lon, lat)
    "LAC": (-60.0, -12.0),
    "EAP": (115.0, 5.0),
    "SAS": (78.0, 18.0),
    "ASIA": (100.0, 12.0),
    "WLD": (-30.0, 40.0),
}
CATEGORICAL_MAX = 5  # up to this many programs a country, one colour per count (a legend)
SHADES = ("#9ecae1", "#4292c6", "#2171b5", "#08519c", "#08306b")  # light to dark blue
PHONE_PX, PHONE_HEIGHT = 640, 260
MAP_CSS = f"""<style>
@media (max-width: {PHONE_PX}px) {{ .st-key-map_wide {{ display: none; }} }}
@media (min-width: {PHONE_PX + 1}px) {{ .st-key-map_phone {{ display: none; }} }}
</style>"""
HOME_COLOR = "#d62728"
HOME_FILL = "rgba(214, 39, 40, 0.35)"  # its own programs are not on this map: a tint, not a count


def regional_frame(items: Iterable[Any], lang: str) -> pd.DataFrame:
    """Programs of a region (multilateral), with the region's name and a marker position."""
    by: dict[str, list[str]] = {}
    for it in items:
        if it.country in countries.REGION_CODES:
            by.setdefault(it.country, []).append(it.name)
    rows = [
        {
            "code": code,
            "region": region_name(countries.REGION_CODES[code], lang),
            "programs": len(names),
            "names": "; ".join(names),
            "lon": REGION_SPOTS.get(code, (0.0, 0.0))[0],
            "lat": REGION_SPOTS.get(code, (0.0, 0.0))[1],
        }
        for code, names in by.items()
    ]
    return pd.DataFrame(rows, columns=["code", "region", "programs", "names", "lon", "lat"])


def program_figure(
    df: pd.DataFrame, regional: pd.DataFrame, lang: str, title: str, home: str | None = None
) -> go.Figure:
    """The choropleth: a colour per count when counts are small (else a continuous scale),
    the user's country outlined in red, regional programs as labelled markers."""
    top = int(df["programs"].max()) if len(df) else 0
    if 0 < top <= CATEGORICAL_MAX:
        cats = [
            t("map_one_program" if n == 1 else "map_n_programs", lang, n=n)
            for n in range(1, top + 1)
        ]
        df = df.assign(how_many=[cats[n - 1] for n in df["programs"]])
        fig = px.choropleth(
            df,
            locations="iso3",
            color="how_many",
            hover_name="country",
            hover_data={"iso3": False, "how_many": False, "names": True},
            category_orders={"how_many": cats},
            color_discrete_sequence=_shades(top),
            labels={"names": t("programs_n", lang)},
        )
    else:
        fig = px.choropleth(
            df,
            locations="iso3",
            color="programs",
            hover_name="country",
            hover_data={"iso3": False, "names": True},
            color_continuous_scale="Blues",
            labels={"programs": t("programs_n", lang), "names": t("programs_n", lang)},
        )
    if home and countries.is_country(home) and home not in countries.REGION_CODES:
        fig.add_trace(_home_trace(home, lang))
    if len(regional):
        fig.add_trace(_regional_trace(regional, lang))
    _layout(fig, title)
    return fig


def _shades(n: int) -> list[str]:
    """n blues from light to dark, spread over the palette."""
    if n == 1:
        return [SHADES[2]]
    return [SHADES[round(i * (len(SHADES) - 1) / (n - 1))] for i in range(n)]


def _home_trace(home: str, lang: str) -> go.Choropleth:
    name = t("map_your_country", lang, country=country_name(home, lang))
    return go.Choropleth(
        locations=[home],
        z=[1],
        colorscale=[[0, HOME_FILL], [1, HOME_FILL]],
        showscale=False,
        marker_line_color=HOME_COLOR,
        marker_line_width=2.5,
        name=name,
        hovertemplate=f"{name}<extra></extra>",
        showlegend=True,
    )


def _regional_trace(regional: pd.DataFrame, lang: str) -> go.Scattergeo:
    return go.Scattergeo(
        lon=regional["lon"],
        lat=regional["lat"],
        text=[f"{r.region}: {r.programs}" for r in regional.itertuples()],
        customdata=regional["names"],
        mode="markers+text",
        textposition="bottom center",
        marker={"size": 14, "symbol": "diamond", "color": "#ff7f0e"},
        name=t("map_regional", lang),
        hovertemplate="%{text}<br>%{customdata}<extra></extra>",
    )


def _layout(fig: go.Figure, title: str) -> None:
    fig.update_geos(
        showframe=False,
        showcoastlines=False,
        projection_type="natural earth",
        showland=True,
        landcolor="#eeeeee",
        showcountries=True,
        countrycolor="#ffffff",
        lataxis_range=[-58, 85],  # no Antarctica: more room for the countries on a phone
    )
    fig.update_layout(
        title=title,
        margin={"l": 0, "r": 0, "t": 40, "b": 0},
        height=380,
        dragmode=False,  # a finger scrolling the page must not pan the map
        legend={"orientation": "h", "yanchor": "top", "y": -0.02, "x": 0, "title": None},
        coloraxis_colorbar={"orientation": "h", "y": -0.1, "thickness": 12, "title": None},
    )


def program_map(
    items: Iterable[Any],
    lang: str,
    title: str,
    label: str = "programs",
    home: str | None = None,
) -> None:
    """A world map of programs per country and region, the user's country marked; plus the
    countries the outlines lack."""
    items = list(items)
    df = counts_frame(items, lang)
    regional = regional_frame(items, lang)
    if df.empty and regional.empty:
        return
    fig = program_figure(df, regional, lang, title, home)
    # A phone gets its own, shorter figure: the world is wide, a fixed height leaves it small
    # between two bands of white. CSS shows the one that fits (the charts are ours, no text
    # from documents).
    st.html(MAP_CSS)
    config = {**PLOT_CONFIG, "scrollZoom": False}
    with st.container(key="map_wide"):
        st.plotly_chart(fig, config=config, width="stretch", key="map_wide_chart")
    with st.container(key="map_phone"):
        phone = go.Figure(fig).update_layout(height=PHONE_HEIGHT, margin={"t": 30})
        st.plotly_chart(phone, config=config, width="stretch", key="map_phone_chart")
    shown = mapped_codes()
    missing = df[~df["iso3"].isin(shown)] if shown else df.iloc[0:0]
    if len(missing):
        st.caption("+ " + ", ".join(f"{r.country} ({r.programs})" for r in missing.itertuples()))
    if len(regional):
        st.caption(
            f"{t('map_regional', lang)}: "
            + "; ".join(f"{r.region} — {r.names}" for r in regional.itertuples())
        )
