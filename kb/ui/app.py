"""The app's frame: language switch, first-run index build, navigation between pages."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

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
from kb.ui.state import CHOSEN_LANG_KEY, LANG_KEY, PAGES_KEY, ensure_index, lang
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
# Reached through a citation's link only: with nothing to show it would be an empty menu entry.
HIDDEN = (viewer,)


def _language() -> str:
    """The sidebar language switch, remembered in the URL (?lang=pt) across reloads.

    A page switch drops the selectbox's widget state and the URL's query string, so the choice
    is also kept under a plain session key and written back to the URL on every run (#15).
    """
    if LANG_KEY not in st.session_state:
        wanted = st.session_state.get(CHOSEN_LANG_KEY) or st.query_params.get("lang", LANGS[0])
        st.session_state[LANG_KEY] = wanted if wanted in LANGS else LANGS[0]
    st.sidebar.selectbox(
        t("language", lang()), LANGS, key=LANG_KEY, format_func=lambda code: LANG_NAMES[code]
    )
    st.session_state[CHOSEN_LANG_KEY] = lang()
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
            _runner(mod, lng),
            title=t(label, lng),
            url_path=page_name(mod),
            default=i == 0,
            visibility="hidden" if mod in HIDDEN else "visible",
        )
        for i, (mod, label) in enumerate(PAGES)
    }


def _unknown_page(known: set[str], default: str) -> bool:
    """Whether the URL names no page; if so the default page runs without Streamlit's English
    "Page not found" dialog, and the page says it in the user's language instead. The default
    page's own name ("/search") is not unknown to the reader, though Streamlit serves that
    page at "/" only: it runs without the dialog and without the warning.

    Reads the page the browser asked for from Streamlit's script context (no public API)."""
    ctx = get_script_run_ctx()
    manager = getattr(ctx, "pages_manager", None)
    wanted = getattr(manager, "intended_page_name", None)
    if not wanted or getattr(manager, "intended_page_script_hash", None):
        return False
    if wanted in known and wanted != default:
        return False
    manager.set_script_intent("", "")  # type: ignore[union-attr]
    return wanted != default


def _widget_words(lng: str) -> None:
    """Streamlit writes the file uploader's button and limit in English only: our words over
    them (CSS content from our own labels, never document text)."""
    limit = int(st.get_option("server.maxUploadSize"))
    words = {
        "one": t("ui.upload_one", lng),
        "many": t("ui.upload_button", lng),
        "limit": t("ui.upload_limit", lng, mb=limit),
    }
    w = {k: v.replace("\\", "").replace('"', "") for k, v in words.items()}
    zone, text = '[data-testid="stFileUploaderDropzone"]', '[data-testid="stMarkdownContainer"] p'
    hint = '[data-testid="stFileUploaderDropzoneInstructions"] span'
    st.html(
        "<style>"
        f"{zone} button {text}{{font-size:0}}"
        f'{zone} input:not([multiple]) ~ span button {text}::after{{content:"{w["one"]}"}}'
        f'{zone} input[multiple] ~ span button {text}::after{{content:"{w["many"]}"}}'
        f"{zone} button {text}::after{{font-size:0.875rem}}"
        f"{hint}{{font-size:0}}"
        f'{hint}::after{{content:"{w["limit"]}";font-size:0.875rem}}'
        "</style>"
    )


def main() -> None:
    lng = _language()
    _widget_words(lng)
    if not ensure_index(lng):
        return
    table = pages(lng)
    st.session_state[PAGES_KEY] = table
    if "recommend" in table:  # the Measure page hands its profile over to Recommend
        st.session_state["recommend_page"] = table["recommend"]
    lost = _unknown_page(set(table), next(iter(table)))
    page = st.navigation(list(table.values()))
    if lost:
        st.warning(t("ui.page_not_found", lng))
    page.run()
