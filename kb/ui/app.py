"""The app's frame: language switch, first-run index build, navigation between pages."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import streamlit as st

from kb.ui.i18n import LANG_NAMES, LANGS, t
from kb.ui.state import LANG_KEY, PAGES_KEY, ensure_index, lang

PAGES_DIR = Path(__file__).resolve().parent / "pages"
# (url path, label key); the first is the default page. No page icons: Streamlit makes the
# current page's icon the favicon, and a Material icon favicon is fetched from fonts.gstatic.com.
PAGES = (
    ("search", "nav_search"),
    ("recommend", "nav_recommend"),
    ("program", "nav_program"),
    ("compare", "nav_compare"),
    ("brief", "nav_brief"),
    ("measure", "nav_measure"),
    ("insights", "nav_insights"),
    ("status", "nav_status"),
    ("evaluate", "nav_evaluate"),
    ("curate", "nav_curate"),
)


def _language() -> str:
    """The sidebar language switch, remembered in the URL (?lang=pt) across reloads."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang", LANGS[0])
        st.session_state[LANG_KEY] = wanted if wanted in LANGS else LANGS[0]
    st.sidebar.selectbox(t("language", lang()), LANGS, key=LANG_KEY,
                         format_func=lambda code: LANG_NAMES[code])
    st.query_params["lang"] = lang()
    return lang()


def _available(name: str) -> bool:
    """A page shows only when its module is there (pages are written by several people)."""
    return importlib.util.find_spec(f"kb.ui.{name}_page") is not None


def pages(lng: str) -> dict[str, st.Page]:
    out = {}
    for i, (name, label) in enumerate(PAGES):
        if _available(name):
            out[name] = st.Page(PAGES_DIR / f"{name}.py", title=t(label, lng), url_path=name,
                                default=i == 0)
    return out


def main() -> None:
    lng = _language()
    if not ensure_index(lng):
        return
    table = pages(lng)
    st.session_state[PAGES_KEY] = table
    if "recommend" in table:  # the Measure page hands its profile over to Recommend
        st.session_state["recommend_page"] = table["recommend"]
    st.navigation(list(table.values())).run()
