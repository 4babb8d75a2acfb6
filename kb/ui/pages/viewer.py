"""Cited page: the page of a stored PDF a citation points to, with the passage highlighted.

Opened from a link (`?doc=<doc_id>&chunk=<chunk_id>&page=<n>`) that Search, Program, Recommend
and Brief put next to each citation, so a cited page can be shared. Only documents of the index
are opened, by their id; case studies and other documents without pages show the section the
passage is in.
"""

from __future__ import annotations

import streamlit as st

from kb.answer.page_view import (
    Cited,
    PageImage,
    best_page,
    cited,
    page_image,
    passage_crop,
    section_text,
    section_view,
)
from kb.errors import PageViewError
from kb.store.base import IndexView
from kb.ui.state import esc, programs, searcher, searcher_or_error
from kb.vocab.labels import t

PAGE_KEY = "viewer_page"
IMAGE_WIDTH = 860  # px: an A4 page readable at 1280 px; narrower screens shrink it


@st.cache_data(show_spinner=False, max_entries=256)
def _best(version: str, c: Cited) -> int:
    return best_page(searcher().index.docs, c.doc_id, c.page, c.page_end, c.text)


@st.cache_data(show_spinner=False, max_entries=64)
def _image(version: str, doc_id: str, page: int, passage: str) -> PageImage:
    return page_image(searcher().index.docs, doc_id, page, passage)


def _pdf(c: Cited, lng: str) -> None:
    version = searcher().index.manifest.version
    if st.session_state.get("_viewer_for") != c.chunk_id:  # a new citation: its own page
        st.session_state["_viewer_for"] = c.chunk_id
        st.session_state[PAGE_KEY] = _best(version, c)
    view = _image(version, c.doc_id, int(st.session_state[PAGE_KEY]), c.text)
    st.subheader(esc(c.title))
    head = st.container(horizontal=True, vertical_alignment="bottom")
    head.markdown(
        f"**{t('view_page_of', lng, n=view.page, total=view.pages)}** · {esc(view.file_name)}"
    )
    head.number_input(t("view_go_page", lng), 1, view.pages, key=PAGE_KEY, width=150)
    if view.changed:
        st.warning(t("view_changed", lng))
    if view.page in range(c.page, c.page_end + 1) and not view.boxes:
        st.info(t("view_no_match", lng))
    st.caption(t("view_highlight", lng))
    if (crop := passage_crop(view)) is not None:
        with st.expander(t("view_zoom", lng), expanded=True):
            st.image(crop, width="content")
    st.image(view.png, width=IMAGE_WIDTH)


def _section(index: IndexView, c: Cited, lng: str) -> None:
    case = programs().get(c.program_id) if c.program_id else None
    if case:
        text = case.sections(c.language).get(c.heading, "")
    else:  # a Markdown, HTML or text document: its section rebuilt from its passages
        text = section_text(index, c.doc_id, c.heading)
    view = section_view(c.title, c.heading, text or c.text, c.text)
    st.subheader(esc(case.name_in(lng) if case else c.title))
    st.caption(f"{t('view_section', lng)}: {esc(c.heading or c.title)}")
    with st.container(border=True):
        for para in view.text.split("\n\n"):
            st.markdown(_marked(para, view.text, view.spans))


def _marked(para: str, text: str, spans: tuple[tuple[int, int], ...]) -> str:
    """A paragraph as Markdown, every character escaped, the passage's part highlighted."""
    start = text.find(para)
    out, at = [], 0
    for a, b in spans:
        a, b = max(a - start, 0), min(b - start, len(para))
        if a >= b:
            continue
        out += [esc(para[at:a]), f" :yellow-background[{esc(para[a:b])}] "]
        at = b
    out.append(esc(para[at:]))
    return "".join(out)


def render(lng: str) -> None:
    st.title(t("nav_viewer", lng))
    doc = st.query_params.get("doc")
    if not doc:
        st.info(t("view_none", lng))
        return
    search = searcher_or_error(lng)
    if search is None:
        return
    try:
        c = cited(search.index, doc, st.query_params.get("chunk", ""))
        _pdf(c, lng) if c.paged else _section(search.index, c, lng)
    except PageViewError as exc:
        why = t(f"viewer.{exc.why}", lng, **exc.values)
        st.error(t("view_error", lng, err=esc(f"{exc.doc}: {why}")))  # a title: document text
