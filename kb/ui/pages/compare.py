"""Compare page: 2 to 5 programs side by side, downloadable as CSV or XLSX."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from kb.answer.compare import MAX_PROGRAMS, MIN_PROGRAMS, compare, labelled, to_csv, to_xlsx
from kb.answer.reasons import country_name
from kb.ui.state import RESULT_KEY, programs, settings
from kb.vocab.labels import t

PICK_KEY = "compare_pick"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _default(table: Mapping[str, object]) -> list[str]:
    """The top recommendations of this session, if any, as a starting selection."""
    result = st.session_state.get(RESULT_KEY)
    if result is None:
        return []
    return [r.program_id for r in result.recommendations if r.program_id in table][:3]


def render(lng: str) -> None:
    st.title(t("cmp_title", lng))
    table = programs()
    if not table:
        st.warning(t("no_programs", lng, path=settings().corpus_dir / "programs"))
        return
    if PICK_KEY not in st.session_state:
        st.session_state[PICK_KEY] = _default(table)
    ids = sorted(table, key=lambda p: table[p].name.casefold())
    picked = st.multiselect(
        t("cmp_pick", lng),
        ids,
        key=PICK_KEY,
        max_selections=MAX_PROGRAMS,
        placeholder=t("choose", lng),
        select_all=False,  # Streamlit words it in English only
        format_func=lambda p: f"{table[p].name} · {country_name(table[p].meta.country, lng)}",
    )
    if len(picked) < MIN_PROGRAMS:
        st.info(t("cmp_need_two", lng))
        return
    df = compare(picked, table, lng)
    shown = labelled(df)
    shown.columns = [str(df.at["name", c]) for c in df.columns]
    st.dataframe(shown.drop(index=shown.index[0]), width="stretch", row_height=90)
    row = st.container(horizontal=True)
    row.download_button(
        f"{t('download', lng)} CSV",
        to_csv(df),
        file_name="kb-comparison.csv",
        mime="text/csv",
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        f"{t('download', lng)} XLSX",
        to_xlsx(df),
        file_name="kb-comparison.xlsx",
        mime=XLSX,
        on_click="ignore",
        icon=":material/download:",
    )
