"""Insights page: the corpus in charts, and the country reference with income groups."""

from __future__ import annotations

import pandas as pd
import plotly.express as px
import streamlit as st

from kb.answer.reasons import income_name, region_name
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
                    "name": m.name,
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

    def __init__(self, country: str, program_name: str) -> None:
        self.country, self.program_name = country, program_name


def country_reference(table: dict[str, Program], lng: str) -> pd.DataFrame:
    per = pd.Series([p.meta.country for p in table.values()]).value_counts()
    rows = [
        {
            t("col_country", lng): c.name(lng),
            "ISO3": c.iso3,
            t("col_region", lng): region_name(c.region, lng),
            t("col_subregion", lng): c.subregion,
            t("col_income", lng): income_name(c.income_group, lng),
            t("col_programs", lng): int(per.get(c.iso3, 0)),
        }
        for c in countries.all_countries()
    ]
    return pd.DataFrame(rows).sort_values(t("col_country", lng), key=lambda s: s.str.casefold())


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
