"""Program page: every field of a case study, its text, and where other documents mention it."""

from __future__ import annotations

import streamlit as st

from kb.answer.brief import short_name
from kb.answer.compare import readable
from kb.answer.facts import (
    evidence_text,
    format_source,
    language_note,
    parameter_rows,
    sector_names,
    status_text,
)
from kb.answer.reasons import country_name
from kb.ingest.programs import Program
from kb.store.links import program_links
from kb.ui.state import (
    COMPARE_KEY,
    PROGRAM_KEY,
    esc,
    md_link,
    programs,
    searcher_or_error,
    settings,
)
from kb.ui.widgets import add_to_comparison, citation, evidence_badge
from kb.vocab.labels import t

PICK_KEY = "program_pick"


def _choose(table: dict[str, Program], lng: str) -> str | None:
    """The program picker; another page (or ?id= in the URL) may have chosen one already."""
    wanted = st.session_state.pop(PROGRAM_KEY, None) or st.query_params.get("id")
    if wanted in table:
        st.session_state[PICK_KEY] = wanted

    def label(pid: str) -> str:
        return f"{table[pid].name_in(lng)} · {country_name(table[pid].meta.country, lng)}"

    ids = sorted(table, key=lambda p: table[p].name_in(lng).casefold())
    pid = st.selectbox(
        t("nav_program", lng),
        ids,
        key=PICK_KEY,
        format_func=lambda p: (
            f"{table[p].name_in(lng)} · {country_name(table[p].meta.country, lng)}"
        ),
    )
    if pid:
        st.query_params["id"] = pid
    return pid


def fields(p: Program, lng: str) -> list[tuple[str, str]]:
    """(label, value) for every field of the case study's front matter."""
    m = p.meta
    years = f"{m.start_year or ''}–{m.end_year or ''}" if m.start_year or m.end_year else ""
    sizes = [t(f"size.{x}", lng, default=x) for x in m.target.firm_sizes]
    target = ", ".join([*sizes, *sector_names(m.target.sectors, lng)])
    return [
        (t("fld_id", lng), m.id),
        (t("fld_aliases", lng), "; ".join(m.aliases)),
        (t("field.country", lng), country_name(m.country, lng)),
        (t("field.agency", lng), p.agency_in(lng)),
        (t("field.years", lng), years),
        (t("field.status", lng), status_text(m, lng)),
        (t("field.as_of", lng), m.as_of),
        (
            t("field.instruments", lng),
            ", ".join(t(f"instrument.{i}", lng, default=i) for i in m.instruments),
        ),
        (t("p_needs", lng), ", ".join(t(f"need.{n}", lng, default=n) for n in m.needs)),
        (t("field.target", lng), target),
        (t("language", lng), t(f"language.{m.language}", lng, default=m.language)),
        (t("field.evidence", lng), evidence_text(p, lng)),
        (
            t("field.conditions", lng),
            "; ".join(t(f"condition.{c}", lng, default=c) for c in m.conditions),
        ),
    ]


def _facts(p: Program, lng: str) -> None:
    st.subheader(t("fields", lng))
    rows = [(label, value) for label, value in fields(p, lng) if value]
    rows += parameter_rows(p, lng)
    st.markdown("\n".join(f"- **{esc(label)}:** {esc(value)}" for label, value in rows))
    st.markdown(f"**{t('field.sources', lng)}**")
    refs = [format_source(src, lng, text=esc, link=md_link) for src in p.sources]
    st.markdown("\n".join(f"- {ref}" for ref in refs))


def _body(p: Program, lng: str) -> None:
    """The case study in the user's language when it has that version; the original a toggle
    away."""
    st.subheader(t("case_text", lng))
    st.caption(language_note(p, lng))
    shown = lng
    if p.is_translation(lng):
        original = t(f"language.{p.original_language}", lng)
        if st.toggle(t("ui.show_original", lng, language=original), key=f"orig-{p.id}"):
            shown = p.original_language
    sections = p.sections(shown)
    for heading, text in sections.items():
        with st.expander(heading, expanded=heading == next(iter(sections), None)):
            st.text(readable(text))  # plain text: the file's wrapping and marks are not shown


def _mentions(pid: str, lng: str) -> None:
    st.subheader(t("mentions", lng))
    search = searcher_or_error(lng)
    if search is None:
        return
    cites = program_links(search.index).get(pid, [])
    if not cites:
        st.caption(t("no_mentions", lng))
    for c in cites:
        with st.container(border=True):
            citation(c, lng)


def render(lng: str) -> None:
    st.title(t("nav_program", lng))
    table = programs()
    if not table:
        st.warning(t("no_programs", lng, path=settings().corpus_dir / "programs"))
        return
    pid = _choose(table, lng)
    if pid is None:
        return
    p = table[pid]
    st.header(esc(p.name_in(lng)))
    row = st.container(horizontal=True, vertical_alignment="center")
    with row:
        evidence_badge(p.meta.evidence, lng)
        st.button(
            t("cmp_add_hit", lng),
            key=f"prog-cmp-{pid}",
            on_click=add_to_comparison,
            args=(pid, short_name(p, lng), lng),
            disabled=pid in st.session_state.get(COMPARE_KEY, []),
            icon=":material/compare_arrows:",
        )
    left, right = st.columns([2, 3])
    with left:
        _facts(p, lng)
    with right:
        _body(p, lng)
    _mentions(pid, lng)
