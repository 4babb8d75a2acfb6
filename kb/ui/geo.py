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
import streamlit as st

from kb.answer.reasons import country_name
from kb.settings import PROJECT_ROOT
from kb.vocab import countries

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
    """Programs per country (objects with `.country` and `.program_name`), with names."""
    by: dict[str, list[str]] = {}
    for it in items:
        if countries.is_country(it.country):
            by.setdefault(it.country, []).append(it.program_name)
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


def program_map(items: Iterable[Any], lang: str, title: str, label: str = "programs") -> None:
    """A world choropleth of programs per country, plus the countries the outlines lack."""
    df = counts_frame(items, lang)
    if df.empty:
        return
    fig = px.choropleth(
        df,
        locations="iso3",
        color="programs",
        hover_name="country",
        hover_data={"iso3": False, "names": True},
        title=title,
        color_continuous_scale="Blues",
        labels={"programs": label},
    )
    fig.update_geos(
        showframe=False,
        showcoastlines=False,
        projection_type="natural earth",
        showland=True,
        landcolor="#e8e8e8",
        showcountries=True,
        countrycolor="#ffffff",
    )
    fig.update_layout(
        margin={"l": 0, "r": 0, "t": 40, "b": 0}, height=380, coloraxis_colorbar={"dtick": 1}
    )
    st.plotly_chart(fig, config=PLOT_CONFIG)
    shown = mapped_codes()
    missing = df[~df["iso3"].isin(shown)] if shown else df.iloc[0:0]
    if len(missing):
        st.caption("+ " + ", ".join(f"{r.country} ({r.programs})" for r in missing.itertuples()))
