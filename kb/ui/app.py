"""The app's frame: language switch, first-run index build, navigation between pages."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import streamlit as st

from kb.ui.pages import (
    brief,
    compare,
    curate,
    evaluate,
    insights,
    measure,
    program,
    recommend,
    search,
    status,
    viewer,
)
from kb.ui.state import LANG_KEY, PAGES_KEY, ensure_index, lang
from kb.vocab.labels import LANG_NAMES, LANGS, t

# (module, label key); the first is the default page, each served at /<module name>. No page
# icons: Streamlit makes the current page's icon the favicon, and a Material icon favicon is
# fetched from fonts.gstatic.com.
PAGES: tuple[tuple[ModuleType, str], ...] = (
    (search, "nav_search"),
    (recommend, "nav_recommend"),
    (program, "nav_program"),
    (compare, "nav_compare"),
    (brief, "nav_brief"),
    (measure, "nav_measure"),
    (insights, "nav_insights"),
    (status, "nav_status"),
    (evaluate, "nav_evaluate"),
    (curate, "nav_curate"),
    (viewer, "nav_viewer"),
)


def _language() -> str:
    """The sidebar language switch, remembered in the URL (?lang=pt) across reloads."""
    if LANG_KEY not in st.session_state:
        wanted = st.query_params.get("lang", LANGS[0])
        st.session_state[LANG_KEY] = wanted if wanted in LANGS else LANGS[0]
    st.sidebar.selectbox(
        t("language", lang()), LANGS, key=LANG_KEY, format_func=lambda code: LANG_NAMES[code]
    )
    st.query_params["lang"] = lang()
    return lang()


def page_name(module: ModuleType) -> str:
    return module.__name__.rsplit(".", 1)[1]


def _runner(module: ModuleType, lng: str) -> Callable[[], None]:
    def run() -> None:
        module.render(lng)

    run.__name__ = page_name(module)
    return run


def pages(lng: str) -> dict[str, st.Page]:
    return {
        page_name(mod): st.Page(
            _runner(mod, lng), title=t(label, lng), url_path=page_name(mod), default=i == 0
        )
        for i, (mod, label) in enumerate(PAGES)
    }


def main() -> None:
    lng = _language()
    if not ensure_index(lng):
        return
    table = pages(lng)
    st.session_state[PAGES_KEY] = table
    if "recommend" in table:  # the Measure page hands its profile over to Recommend
        st.session_state["recommend_page"] = table["recommend"]
    st.navigation(list(table.values())).run()
