"""Small pieces several pages draw: a cited passage, a document link, an evidence badge.

Document text (passages, titles, snippets) is shown with `st.text` or escaped before it enters
our own Markdown: a document holding `<script>` or Markdown shows those characters literally.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Literal

import pandas as pd
import streamlit as st

from kb.answer.brief import short_name
from kb.answer.brief_files import cite_place
from kb.answer.compare import MAX_PROGRAMS, field_label, plain, readable
from kb.answer.facts import DASH, references, section_in, status_label
from kb.answer.reasons import country_name
from kb.answer.snippets import opens_mid_sentence
from kb.ingest.parse.tables import read_rows
from kb.ingest.programs import Program
from kb.records import Hit
from kb.store.links import Citation
from kb.ui.state import (
    COMPARE_KEY,
    PAGES_KEY,
    PROGRAM_KEY,
    esc,
    go_button,
    reader,
    source_file,
)
from kb.vocab.labels import t

PHONE_PX = 640  # Streamlit stacks columns below this width
# Our own style sheet (no document text): the grid on wide screens, the cards on phones.
LAYOUT_CSS = f"""<style>
@media (max-width: {PHONE_PX}px) {{ .st-key-cmp_grid {{ display: none; }} }}
@media (min-width: {PHONE_PX + 1}px) {{ .st-key-cmp_cards {{ display: none; }} }}
.st-key-cmp_grid [data-testid="stHorizontalBlock"] {{ border-top: 1px solid #e6e6e6; }}
</style>"""


Color = Literal["red", "orange", "yellow", "blue", "green", "violet", "gray", "grey", "primary"]
EVIDENCE_COLORS: dict[str, Color] = {
    "rigorous-evaluation": "green",
    "evaluation": "blue",
    "monitoring": "orange",
    "descriptive": "gray",
}
STATUS_COLORS: dict[str, Color] = {"has": "green", "missing": "red", "unknown": "orange"}


def evidence_badge(evidence: str | None, lang: str) -> None:
    if evidence:
        st.badge(
            t(f"evidence.{evidence}", lang, default=evidence),
            color=EVIDENCE_COLORS.get(evidence, "gray"),
            icon=":material/fact_check:",
        )


def document_link(source: str, lang: str, key: str, url: str | None = None) -> None:
    """A link to the document on the web (`url`: a web source is its own url, `web_address`),
    or a download of a local one, or the bare path."""
    if url:
        st.link_button(t("open_document", lang), url)
        return
    path = source_file(source)
    if path is not None:
        st.download_button(
            t("download_document", lang),
            reader(path),
            file_name=path.name,
            key=key,
            on_click="ignore",
            icon=":material/description:",
        )
    elif source:
        st.caption(f"{t('source', lang)}: {esc(source)}")


def year_text(year: object) -> str:
    """A year for display; '' for none (the index keeps a missing year as None or NaN)."""
    if isinstance(year, int | float) and year == year:  # NaN != NaN
        return str(int(year))
    return ""


def _facts_line(hit: Hit, lang: str, heading: str | None) -> str:
    facts = [
        t(f"doc_type.{hit.doc_type}", lang, default=hit.doc_type),
        t(f"language.{hit.language}", lang, default=hit.language or ""),
        year_text(hit.year),
    ]
    if hit.country:
        facts.insert(0, country_name(hit.country, lang))
    if heading and heading != hit.title:
        facts.append(heading)
    if hit.status == "closed":  # so that no one reads a closed program as an open call
        facts.append(status_label(hit.status, hit.end_year, lang))
    return " · ".join(esc(f) for f in facts if f)


def hit_card(hit: Hit, lang: str, key: str, program: Program | None = None) -> None:
    """One search result: title, page, program facts, the passage, and where to go next.

    A case study's passage written in another language is shown as its section in the user's
    language when the case study has that version, the original passage one click away."""
    # the chunk table keeps a missing heading as NaN, not None
    heading = hit.heading if isinstance(hit.heading, str) and hit.heading else None
    if program is not None:  # the case study itself says it even when the index is older
        hit = replace(hit, status=program.meta.status, end_year=program.meta.end_year)
    version = section_in(program, heading, hit.language, lang) if program else None
    title = program.name_in(lang) if program else hit.title
    with st.container(border=True):
        head = f"**{hit.rank}. {esc(title)}**"
        if hit.paged:  # other formats have no pages: their section is in the facts below
            head += f" · {t('page', lang)} {hit.page}"
            head += f"–{hit.page_end}" if hit.page_end != hit.page else ""
        st.markdown(head)
        if version is not None:
            st.caption(_facts_line(replace(hit, language=lang), lang, version[0]))
            st.text(_short(version[1]))
            with st.expander(t("ui.original_passage", lang, language=_lang_name(hit, lang))):
                st.text(readable(hit.text))
        else:
            _passage(hit, lang, heading)
        row = st.container(horizontal=True, vertical_alignment="center")
        with row:
            evidence_badge(hit.evidence, lang)
            if hit.program_id:
                go_button(
                    t("open_program", lang),
                    "program",
                    key=f"{key}-prog",
                    params={"id": hit.program_id},
                    **{PROGRAM_KEY: hit.program_id},
                )
                st.button(
                    t("cmp_add_hit", lang),
                    key=f"{key}-cmp",
                    on_click=add_to_comparison,
                    args=(hit.program_id, short_name(program, lang) if program else title, lang),
                    disabled=hit.program_id in st.session_state.get(COMPARE_KEY, []),
                    icon=":material/compare_arrows:",
                )
            else:
                document_link(hit.source, lang, key=f"{key}-doc", url=hit.url)
            cited_link(hit.doc_id, hit.chunk_id, hit.page, hit.paged, lang)


def add_to_comparison(program_id: str, name: str, lang: str) -> None:
    """Add a search result's program to the Compare page's selection (up to MAX_PROGRAMS),
    so a comparison can be gathered while searching; a toast says where it stands."""
    picked = st.session_state.setdefault(COMPARE_KEY, [])
    if len(picked) >= MAX_PROGRAMS:
        st.toast(t("cmp_full", lang, n=MAX_PROGRAMS))
        return
    if program_id not in picked:
        picked.append(program_id)
    st.toast(t("cmp_added", lang, name=name, n=len(picked), most=MAX_PROGRAMS))


def _passage(hit: Hit, lang: str, heading: str | None) -> None:
    st.caption(_facts_line(hit, lang, heading))
    if hit.ocr:
        st.caption(t("from_scan", lang, conf=f"{hit.ocr_confidence or 0:.0f}"))
    if hit.kind == "table":
        table_passage(hit.text)
    else:
        st.text(plain(hit.snippet))  # a case study's **bold** marks are not for the reader
    for extra in hit.passages[1:]:  # the source's second-best passage, with its own place
        where = [f"{t('page', lang)} {extra.page}"] if hit.paged else []
        if extra.heading and extra.heading != hit.title:
            where.append(extra.heading)
        if where:
            st.caption(esc(" · ".join(where)))
        st.text(plain(extra.snippet))
    with st.expander(t("full_passage", lang)):
        # The card's first passage knows (it read the chunk before); a bare hit, from its text.
        mid = hit.passages[0].continues if hit.passages else opens_mid_sentence(hit.text)
        lead = "… " if mid else ""
        st.text(lead + readable(hit.text))  # paragraphs and bullets kept, wrapping and marks not


def _lang_name(hit: Hit, lang: str) -> str:
    return t(f"language.{hit.language}", lang, default=hit.language or "?")


def _short(text: str, chars: int = 360) -> str:
    """A section's opening for a card: as read, without its Markdown bullets and bold marks."""
    flat = plain(text)
    return flat if len(flat) <= chars else flat[:chars].rsplit(" ", 1)[0] + " …"


def table_passage(text: str) -> None:
    """A table hit drawn as a table: its caption, then one row per line (cells stay text)."""
    caption, rows = read_rows(text)
    if caption:
        st.caption(esc(caption))
    if rows:
        st.dataframe(pd.DataFrame(rows).astype(str), hide_index=True)
    else:
        st.text(text)


def cited_link(doc_id: str, chunk_id: str, page: int, paged: bool, lang: str) -> None:
    """A link to the Cited page viewer: the PDF page, or the section of a document without
    pages; a plain link (with the language), so it can be opened in a new tab or shared."""
    pages = st.session_state.get(PAGES_KEY) or {}
    if "viewer" not in pages or not doc_id:
        return
    st.page_link(
        pages["viewer"],
        label=t("view_open_page" if paged else "view_open_section", lang),
        icon=":material/find_in_page:",
        query_params={"doc": doc_id, "chunk": chunk_id, "page": str(page), "lang": lang},
    )


def citation(c: Citation, lang: str) -> None:
    """A quoted passage with its document and page (or section), and a link to see it there."""
    st.text(c.snippet)
    st.caption(f"— {esc(cite_place(c, lang))}")
    cited_link(c.doc_id, c.chunk_id, c.page, c.paged, lang)


def program_picker(
    table: Mapping[str, Program], key: str, lang: str, limit: int, label: str
) -> list[str]:
    """Programs chosen one at a time: type a name, Enter adds the first match only (a
    multiselect would add every loose match); each choice has its own remove button."""
    picked: list[str] = [p for p in st.session_state.setdefault(key, []) if p in table]
    st.session_state[key] = picked
    add_key = f"{key}_add"

    def add() -> None:
        pid = st.session_state.get(add_key)
        if pid and pid not in picked and len(picked) < limit:
            picked.append(pid)
        st.session_state[add_key] = None

    left = sorted((p for p in table if p not in picked), key=lambda p: table[p].name.casefold())
    st.selectbox(
        label,
        left,
        index=None,
        key=add_key,
        on_change=add,
        placeholder=t("pick_type", lang),
        disabled=len(picked) >= limit,
        format_func=lambda p: program_label(table[p], lang),
        help=t("pick_help", lang, n=limit),
    )
    row = st.container(horizontal=True)
    for pid in list(picked):
        if row.button(
            f"{short_name(table[pid], lang)} · {country_name(table[pid].meta.country, lang)}",
            key=f"{key}_rm_{pid}",
            icon=":material/close:",
            help=t("pick_remove", lang),
        ):
            picked.remove(pid)
            st.rerun()
    return list(picked)


def program_label(p: Program, lang: str) -> str:
    return f"{p.name_in(lang)} · {country_name(p.meta.country, lang)}"


def _cell(df: pd.DataFrame, field: str, pid: str, table: Mapping[str, Program], lng: str) -> str:
    """One value as escaped Markdown; the sources as one line each."""
    if field == "sources":
        refs = references(table[pid], lng)
        return "\n".join(f"- {esc(r)}" for r in refs) if refs else DASH
    return esc(df.at[field, pid]) or DASH


def _grid(df: pd.DataFrame, table: Mapping[str, Program], lng: str) -> None:
    widths = [1.7] + [3.0] * len(df.columns)  # labels such as "Instrumentos" stay whole
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


def comparison_view(df: pd.DataFrame, table: Mapping[str, Program], lng: str) -> None:
    """A comparison table (fields x programs) drawn whole: aligned rows on a wide screen,
    one card per program on a phone (a CSS media query on the two containers shows one)."""
    st.html(LAYOUT_CSS)
    _grid(df, table, lng)
    _cards(df, table, lng)
