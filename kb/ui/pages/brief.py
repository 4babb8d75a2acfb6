"""Brief page: a meeting brief from the current profile or a program selection; preview, download.

The preview draws the brief's parts with Streamlit elements (document passages as plain text);
the downloads are kb.answer.brief_files's DOCX, Markdown and PDF.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from kb.answer.brief import Brief, build_brief
from kb.answer.brief_files import (
    condition_lines,
    file_stem,
    program_heading,
    to_docx,
    to_markdown,
    to_pdf,
)
from kb.answer.compare import MAX_PROGRAMS
from kb.errors import KbError
from kb.ui.program_link import keep_link, opened_link
from kb.ui.state import PROFILE_KEY, RESULT_KEY, esc, programs, searcher_or_error, settings
from kb.ui.widgets import citation, comparison_view, program_picker
from kb.vocab.labels import t

SOURCE_KEY = "brief_source"
PICK_KEY = "brief_pick"
BRIEF_KEY = "kb_brief"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _build(lng: str, source: str, picked: list[str]) -> Brief | None:
    table = programs()
    if source == "profile":
        result = st.session_state.get(RESULT_KEY)
        if result is None:
            st.info(t("brief_no_profile", lng))
            return None
        return build_brief(table, recommendations=result, lang=lng)
    if not picked:
        return None
    search = searcher_or_error(lng)
    return build_brief(
        table,
        program_ids=picked,
        searcher=search,
        lang=lng,
        profile=st.session_state.get(PROFILE_KEY),
    )


def preview(brief: Brief, lng: str) -> None:
    """The brief's parts, in the order the written files have them."""
    st.subheader(esc(brief.title))
    st.caption(esc(brief.note))
    if brief.profile:
        st.markdown("\n".join(f"- **{esc(k)}:** {esc(v)}" for k, v in brief.profile))
    if len(brief.table.columns):
        st.markdown(f"**{t('brief.comparison', lng)}**")
        comparison_view(brief.table, programs(), lng)
    for bp in brief.programs:
        with st.expander(program_heading(bp)):
            if bp.reasons:
                st.markdown(
                    f"**{t('brief.why', lng)}**\n\n" + "\n".join(f"- {esc(r)}" for r in bp.reasons)
                )
            if bp.lessons:
                st.markdown(f"**{t('brief.lessons', lng)}**")
                st.text(bp.lessons)
            if lines := condition_lines(bp, lng):
                st.markdown(
                    f"**{t('brief.transfer', lng)}**\n\n" + "\n".join(f"- {esc(x)}" for x in lines)
                )
            for c in bp.passages:
                citation(c, lng)
    if brief.own and brief.profile:
        st.caption(
            esc(t("own_programs", lng, country=brief.profile[0][1]) + ": " + ", ".join(brief.own))
        )


def exports(brief: Brief) -> dict[str, bytes | str]:
    """The brief as DOCX, Markdown and PDF (or why there is no PDF), made once per build."""
    out: dict[str, bytes | str] = {"docx": to_docx(brief), "md": to_markdown(brief)}
    try:
        out["pdf"] = to_pdf(brief)
    except KbError as exc:  # no Unicode font on this machine: say so, keep the other formats
        out["pdf_error"] = str(exc)
    return out


def _downloads(files: dict[str, bytes | str], lng: str, name: str) -> None:
    row = st.container(horizontal=True)
    row.download_button(
        f"{t('download', lng)} DOCX",
        files["docx"],
        file_name=f"{name}.docx",
        mime=DOCX,
        on_click="ignore",
        icon=":material/download:",
    )
    row.download_button(
        f"{t('download', lng)} Markdown",
        files["md"],
        file_name=f"{name}.md",
        mime="text/markdown",
        on_click="ignore",
        icon=":material/download:",
    )
    if "pdf_error" in files:
        row.caption(t("pdf_unavailable", lng, err=files["pdf_error"]))
    else:
        pdf = files["pdf"]
        row.download_button(
            f"{t('download', lng)} PDF",
            pdf,
            file_name=f"{name}.pdf",
            mime="application/pdf",
            on_click="ignore",
            icon=":material/download:",
        )


def _inputs(lng: str, table: dict[str, Any]) -> tuple[str, list[str]]:
    if opened_link(table, PICK_KEY, lng, MAX_PROGRAMS):  # a link names the programs
        st.session_state[SOURCE_KEY] = "selection"
    if st.session_state.get(SOURCE_KEY) not in ("profile", "selection"):
        st.session_state[SOURCE_KEY] = (
            "profile" if st.session_state.get(RESULT_KEY) else ("selection")
        )
    source = st.radio(
        t("brief_from", lng),
        ("profile", "selection"),
        key=SOURCE_KEY,
        horizontal=True,
        format_func=lambda s: t(f"brief_{s}", lng),
    )
    picked: list[str] = []
    if source == "selection":
        picked = program_picker(table, PICK_KEY, lng, MAX_PROGRAMS, t("brief_pick", lng))
        keep_link(picked, PICK_KEY)
    return source, picked


def _asked(lng: str, source: str, picked: list[str]) -> tuple[str, ...]:
    """What a brief is built from: its language, and the profile's answer or the programs."""
    if source == "profile":
        result = st.session_state.get(RESULT_KEY)
        made = result.profile.model_dump_json() if result is not None else ""
        return (lng, source, made, *(r.program_id for r in getattr(result, "recommendations", [])))
    return (lng, source, *picked)


def render(lng: str) -> None:
    st.title(t("brief_title", lng))
    table = programs()
    if not table:
        st.warning(t("no_programs", lng, path=settings().corpus_dir / "programs"))
        return
    source, picked = _inputs(lng, table)
    asked = _asked(lng, source, picked)
    if st.button(t("brief_build", lng), type="primary", key="brief_build"):
        built = _build(lng, source, picked)
        st.session_state[BRIEF_KEY] = (asked, built, exports(built)) if built else None
    stored = st.session_state.get(BRIEF_KEY)
    if stored is None:
        return
    made_for, brief, files = stored
    if made_for != asked:  # the choice changed since: an older brief would be read as this one's
        st.info(t("brief_stale", lng))
        return
    _downloads(files, lng, file_stem(brief))
    st.divider()
    st.markdown(f"### {t('preview', lng)}")
    preview(brief, lng)
