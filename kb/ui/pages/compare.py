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
from kb.ui.state import COMPARE_KEY, RESULT_KEY, programs, settings
from kb.ui.widgets import comparison_view, program_picker
from kb.vocab.labels import t

PICK_KEY = COMPARE_KEY
IDS_PARAM = "ids"  # the link's list of program ids, comma-separated
LINK_KEY = "compare_link"  # the link this session last wrote, to tell a new link from its own
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _default(table: Mapping[str, object]) -> list[str]:
    """The top recommendations of this session, if any, as a starting selection."""
    result = st.session_state.get(RESULT_KEY)
    if result is None:
        return []
    return [r.program_id for r in result.recommendations if r.program_id in table][:3]


def _from_link(table: Mapping[str, object], lng: str) -> list[str]:
    """The programs a link names (`?ids=a,b`), those in the corpus, at most MAX_PROGRAMS; the
    others are named in a warning rather than dropped silently."""
    named = st.query_params.get(IDS_PARAM, "").split(",")
    asked = list(dict.fromkeys(x.strip() for x in named if x.strip()))
    unknown = [x for x in asked if x not in table]
    if unknown:
        st.warning(t("cmp_unknown", lng, ids=", ".join(unknown)))
    return [x for x in asked if x in table][:MAX_PROGRAMS]


def _to_link(picked: list[str]) -> None:
    """Keep the link in step with the programs chosen."""
    link = ",".join(picked)
    st.session_state[LINK_KEY] = link
    if picked:
        st.query_params[IDS_PARAM] = link
    elif IDS_PARAM in st.query_params:
        del st.query_params[IDS_PARAM]


def render(lng: str) -> None:
    st.title(t("cmp_title", lng))
    table = programs()
    if not table:
        st.warning(t("no_programs", lng, path=settings().corpus_dir / "programs"))
        return
    link = st.query_params.get(IDS_PARAM)
    if link is not None and link != st.session_state.get(LINK_KEY):  # a link opened
        st.session_state[PICK_KEY] = _from_link(table, lng)
    elif PICK_KEY not in st.session_state:
        st.session_state[PICK_KEY] = _default(table)
    picked = program_picker(table, PICK_KEY, lng, MAX_PROGRAMS, t("cmp_add", lng))
    _to_link(picked)
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
