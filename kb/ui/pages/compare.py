"""Compare page: 2 to 5 programs side by side, downloadable as CSV or XLSX.

On a wide screen the programs are columns and every field is one row across them, so the
rows line up and every word is shown (no scrolling inside cells); on a phone (under 640 px,
where Streamlit stacks columns) the same facts are drawn as one card per program. Both are
drawn; a CSS media query on the two containers' keys shows one. Values are escaped text.
The programs compared are in the page's link (`compare?ids=a,b,c`), so a comparison can be
sent to a colleague and opens the same.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from kb.answer.compare import MAX_PROGRAMS, MIN_PROGRAMS, compare, to_csv, to_xlsx
from kb.ui.program_link import ids_param, keep_link, opened_link
from kb.ui.state import COMPARE_KEY, RESULT_KEY, go_button, programs, settings
from kb.ui.widgets import comparison_view, program_picker
from kb.vocab.labels import t

PICK_KEY = COMPARE_KEY
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
    if not opened_link(table, PICK_KEY, lng, MAX_PROGRAMS) and PICK_KEY not in st.session_state:
        st.session_state[PICK_KEY] = _default(table)
    picked = program_picker(table, PICK_KEY, lng, MAX_PROGRAMS, t("cmp_add", lng))
    keep_link(picked, PICK_KEY)
    if len(picked) < MIN_PROGRAMS:
        st.info(t("cmp_need_two", lng))
        return
    df = compare(picked, table, lng)
    comparison_view(df, table, lng)
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
    st.caption(t("cmp_link", lng))
    go_button(
        t("to_brief", lng),
        "brief",
        key="cmp-to-brief",
        params=ids_param(picked),
        brief_source="selection",
        brief_pick=list(picked),
    )
