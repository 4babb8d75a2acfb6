"""Compare page: 2 to 5 programs side by side, downloadable as CSV or XLSX.

On a wide screen the programs are columns and every field is one row across them, so the
rows line up and every word is shown (no scrolling inside cells); on a phone (under 640 px,
where Streamlit stacks columns) the same facts are drawn as one card per program. Both are
drawn; a CSS media query on the two containers' keys shows one. Values are escaped text.
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
import streamlit as st

from kb.answer.compare import MAX_PROGRAMS, MIN_PROGRAMS, compare, field_label, to_csv, to_xlsx
from kb.answer.facts import DASH, references
from kb.ingest.programs import Program
from kb.ui.state import RESULT_KEY, esc, programs, settings
from kb.ui.widgets import program_picker
from kb.vocab.labels import t

PICK_KEY = "compare_pick"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PHONE_PX = 640  # Streamlit stacks columns below this width
# Our own style sheet (no document text): the grid on wide screens, the cards on phones.
LAYOUT_CSS = f"""<style>
@media (max-width: {PHONE_PX}px) {{ .st-key-cmp_grid {{ display: none; }} }}
@media (min-width: {PHONE_PX + 1}px) {{ .st-key-cmp_cards {{ display: none; }} }}
.st-key-cmp_grid [data-testid="stHorizontalBlock"] {{ border-top: 1px solid #e6e6e6; }}
</style>"""


def _default(table: Mapping[str, object]) -> list[str]:
    """The top recommendations of this session, if any, as a starting selection."""
    result = st.session_state.get(RESULT_KEY)
    if result is None:
        return []
    return [r.program_id for r in result.recommendations if r.program_id in table][:3]


def _cell(df: pd.DataFrame, field: str, pid: str, table: Mapping[str, Program], lng: str) -> str:
    """One value as escaped Markdown; the sources as one line each."""
    if field == "sources":
        refs = references(table[pid], lng)
        return "\n".join(f"- {esc(r)}" for r in refs) if refs else DASH
    return esc(df.at[field, pid]) or DASH


def _grid(df: pd.DataFrame, table: Mapping[str, Program], lng: str) -> None:
    widths = [1.2] + [3.0] * len(df.columns)
    with st.container(key="cmp_grid"):
        head = st.columns(widths)
        for col, pid in zip(head[1:], df.columns, strict=True):
            col.markdown(f"**{esc(df.at['name', pid])}**")
        for field in df.index[1:]:
            cols = st.columns(widths)
            cols[0].markdown(f"**{esc(field_label(field, lng))}**")
            for col, pid in zip(cols[1:], df.columns, strict=True):
                col.markdown(_cell(df, field, pid, table, lng))


def _cards(df: pd.DataFrame, table: Mapping[str, Program], lng: str) -> None:
    with st.container(key="cmp_cards"):
        for pid in df.columns:
            with st.container(border=True, key=f"cmp_card_{pid}"):
                st.markdown(f"**{esc(df.at['name', pid])}**")
                for field in df.index[1:]:
                    value = _cell(df, field, pid, table, lng)
                    if value != DASH:  # a phone screen is short: leave out what is absent
                        sep = "\n" if field == "sources" else "  \n"
                        st.markdown(f"**{esc(field_label(field, lng))}**{sep}{value}")


def render(lng: str) -> None:
    st.title(t("cmp_title", lng))
    table = programs()
    if not table:
        st.warning(t("no_programs", lng, path=settings().corpus_dir / "programs"))
        return
    if PICK_KEY not in st.session_state:
        st.session_state[PICK_KEY] = _default(table)
    picked = program_picker(table, PICK_KEY, lng, MAX_PROGRAMS, t("cmp_add", lng))
    if len(picked) < MIN_PROGRAMS:
        st.info(t("cmp_need_two", lng))
        return
    df = compare(picked, table, lng)
    st.html(LAYOUT_CSS)
    _grid(df, table, lng)
    _cards(df, table, lng)
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
