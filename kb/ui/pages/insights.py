"""Insights page: the corpus in charts, the country reference with income groups, and one
program parameter (guarantee coverage, fee, ...) across the programs that state it."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from kb.answer.facts import format_source, parameter_value
from kb.answer.reasons import country_name, income_name, region_name
from kb.ingest.program_schema import PARAM_NAMES
from kb.ingest.programs import Program
from kb.ui import geo
from kb.ui.state import programs, settings
from kb.vocab import countries, taxonomy
from kb.vocab.labels import t

EVIDENCE_ORDER = tuple(taxonomy.EVIDENCE_LEVELS)


def program_frame(table: dict[str, Program], lng: str) -> pd.DataFrame:
    """One row per (program, instrument) with region, evidence and decade labels."""
    rows = []
    for p in table.values():
        m = p.meta
        region = region_name(countries.region_of(m.country), lng) or m.country
        decade = f"{m.start_year // 10 * 10}s" if m.start_year else t("unknown_year", lng)
        for instr in m.instruments:
            rows.append(
                {
                    "program": m.id,
                    "name": p.name_in(lng),
                    "country": m.country,
                    "region": region,
                    "instrument": t(f"instrument.{instr}", lng, default=instr),
                    "evidence": t(f"evidence.{m.evidence}", lng, default=m.evidence),
                    "evidence_id": m.evidence,
                    "decade": decade,
                }
            )
    return pd.DataFrame(
        rows,
        columns=[
            "program",
            "name",
            "country",
            "region",
            "instrument",
            "evidence",
            "evidence_id",
            "decade",
        ],
    )


def _charts(df: pd.DataFrame, lng: str) -> None:
    count = t("col_count", lng)
    by_ir = df.groupby(["instrument", "region"]).size().reset_index(name=count)
    fig = px.bar(
        by_ir,
        y="instrument",
        x=count,
        color="region",
        orientation="h",
        title=t("by_instrument", lng),
        labels={"instrument": "", "region": t("col_region", lng)},
    )
    fig.update_layout(height=560, yaxis={"categoryorder": "total ascending"})
    st.plotly_chart(fig)
    progs = df.drop_duplicates("program")
    c1, c2 = st.columns(2)
    by_ev = progs.groupby(["evidence_id", "evidence"]).size().reset_index(name=count)
    by_ev["order"] = by_ev["evidence_id"].map(EVIDENCE_ORDER.index)
    c1.plotly_chart(
        px.bar(
            by_ev.sort_values("order"),
            x="evidence",
            y=count,
            title=t("by_evidence", lng),
            labels={"evidence": ""},
        )
    )
    by_dec = progs.groupby("decade").size().reset_index(name=count).sort_values("decade")
    c2.plotly_chart(
        px.bar(
            by_dec,
            x="decade",
            y=count,
            title=t("by_decade", lng),
            labels={"decade": t("col_decade", lng)},
        )
    )
    geo.program_map(
        [_Named(r.country, r.name) for r in progs.itertuples()],
        lng,
        t("map_corpus", lng),
        label=t("col_programs", lng),
    )


class _Named:
    """What geo.program_map reads from an item: its country and program name."""

    def __init__(self, country: str, name: str) -> None:
        self.country, self.name = country, name


def country_reference(table: dict[str, Program], lng: str) -> pd.DataFrame:
    per = pd.Series([p.meta.country for p in table.values()]).value_counts()
    rows = [
        {
            t("field.country", lng): c.name(lng),
            "ISO3": c.iso3,
            t("col_region", lng): region_name(c.region, lng),
            t("col_subregion", lng): t(f"subregion.{c.subregion}", lng, default=c.subregion or ""),
            t("col_income", lng): income_name(c.income_group, lng),
            t("col_programs", lng): int(per.get(c.iso3, 0)),
        }
        for c in countries.all_countries()
    ]
    return pd.DataFrame(rows).sort_values(t("field.country", lng), key=lambda s: s.str.casefold())


def render(lng: str) -> None:
    st.title(t("ins_title", lng))
    table = programs()
    if not table:
        st.warning(t("no_programs", lng, path=settings().corpus_dir / "programs"))
        return
    df = program_frame(table, lng)
    st.metric(t("col_programs", lng), len(table))
    _charts(df, lng)
    st.subheader(t("country_ref", lng))
    st.dataframe(country_reference(table, lng), hide_index=True, width="stretch")
    _parameters(table, lng)


# ---- one parameter across programs (issue 16) ------------------------------------------------
PARAM_COLUMNS = (
    *("program", "name", "country", "region", "low", "high", "unit", "currency"),
    *("year", "value", "text", "source", "as_of"),
)


def parameter_frame(table: dict[str, Program], name: str, lng: str) -> pd.DataFrame:
    """One row per program that states parameter `name`: its figure (low-high, None when it is
    stated in words only), unit, year, statement and source, in the user's language."""
    rows = []
    for p in table.values():
        param = getattr(p.meta.parameters, name)
        if param is None:
            continue
        low, high = param.bounds() or (None, None)
        src = p.meta.source(param.source)
        rows.append(
            {
                "program": p.id,
                "name": p.name_in(lng),
                "country": country_name(p.meta.country, lng),
                "region": region_name(countries.region_of(p.meta.country), lng) or p.meta.country,
                "low": low,
                "high": high,
                "unit": param.unit,
                "currency": param.currency,
                "year": param.year,
                "value": parameter_value(param, lng),
                "text": param.text.get(lng),
                "source": format_source(src, lng) if src else "",
                "as_of": p.meta.as_of,
            }
        )
    return pd.DataFrame(rows, columns=list(PARAM_COLUMNS))


def chartable(df: pd.DataFrame) -> pd.DataFrame:
    """The rows one axis can show: those with a figure in the most common unit (and currency)."""
    numeric = df.dropna(subset=["low"])
    if numeric.empty:
        return numeric
    unit, currency = numeric.groupby(["unit", "currency"]).size().idxmax()
    return numeric[(numeric["unit"] == unit) & (numeric["currency"] == currency)]


def _parameters(table: dict[str, Program], lng: str) -> None:
    st.subheader(t("insights.param_title", lng))
    stated = [n for n in PARAM_NAMES if any(getattr(p.meta.parameters, n) for p in table.values())]
    if not stated:
        st.caption(t("insights.param_none", lng))
        return
    name = st.selectbox(
        t("insights.param_pick", lng),
        stated,
        format_func=lambda n: t(f"param.{n}", lng),
        key="insights_param",
    )
    df = parameter_frame(table, name, lng)
    shown = chartable(df)
    if shown.empty:
        st.caption(t("insights.param_none", lng))
    else:
        first = shown.iloc[0]
        unit = t(f"unit.{first['unit']}", lng, n="", currency=first["currency"]).strip()
        shown = shown.assign(
            label=shown["name"] + " · " + shown["country"],
            mid=(shown["low"] + shown["high"]) / 2,
        ).sort_values("mid")
        fig = px.scatter(
            shown,
            x="mid",
            y="label",
            error_x=shown["high"] - shown["mid"],
            error_x_minus=shown["mid"] - shown["low"],
            color="region",
            hover_data={"value": True, "year": True, "mid": False},
            title=t("insights.param_chart", lng, param=t(f"param.{name}", lng), unit=unit),
            labels={"mid": unit, "label": "", "region": t("col_region", lng)},
        )
        fig.update_layout(height=max(320, 28 * len(shown) + 120))
        st.plotly_chart(fig)
    if left := len(df) - len(shown):
        st.caption(t("insights.param_left_out", lng, n=left))
    cols = {
        "country": t("field.country", lng),
        "name": t("col_programs", lng),
        "value": t("insights.value", lng),
        "year": t("col_year", lng),
        "text": t("insights.statement", lng),
        "source": t("source", lng),
        "as_of": t("insights.as_of", lng),
    }
    view = df[list(cols)].assign(year=df["year"].astype("Int64").astype("string"))
    view = view.fillna("—").rename(columns=cols)
    st.dataframe(view, hide_index=True, width="stretch")
