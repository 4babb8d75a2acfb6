"""Small pieces several pages draw: a cited passage, a document link, an evidence badge.

Document text (passages, titles, snippets) is shown with `st.text` or escaped before it enters
our own Markdown: a document holding `<script>` or Markdown shows those characters literally.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

import pandas as pd
import streamlit as st

from kb.answer.facts import section_in
from kb.answer.reasons import country_name
from kb.ingest.parse.tables import read_rows
from kb.ingest.programs import Program
from kb.records import Hit
from kb.store.links import Citation
from kb.ui.state import PROGRAM_KEY, esc, go_button, reader, source_file
from kb.vocab.labels import t

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


def document_link(source: str, lang: str, key: str) -> None:
    """A link to a web source, or a download of a local one, or the bare path."""
    if source.startswith(("http://", "https://")):
        st.link_button(t("open_document", lang), source)
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
    return " · ".join(esc(f) for f in facts if f)


def hit_card(hit: Hit, lang: str, key: str, program: Program | None = None) -> None:
    """One search result: title, page, program facts, the passage, and where to go next.

    A case study's passage written in another language is shown as its section in the user's
    language when the case study has that version, the original passage one click away."""
    # the chunk table keeps a missing heading as NaN, not None
    heading = hit.heading if isinstance(hit.heading, str) and hit.heading else None
    version = section_in(program, heading, hit.language, lang) if program else None
    title = program.name_in(lang) if program else hit.title
    with st.container(border=True):
        head = f"**{hit.rank}. {esc(title)}** · {t('page', lang)} {hit.page}"
        if hit.page_end != hit.page:
            head += f"–{hit.page_end}"
        st.markdown(head)
        if version is not None:
            st.caption(_facts_line(replace(hit, language=lang), lang, version[0]))
            st.text(_short(version[1]))
            with st.expander(t("ui.original_passage", lang, language=_lang_name(hit, lang))):
                st.text(hit.text)
        else:
            _passage(hit, lang, heading)
        cols = st.columns([1, 1, 2])
        with cols[0]:
            evidence_badge(hit.evidence, lang)
        with cols[1]:
            if hit.program_id:
                go_button(
                    t("open_program", lang),
                    "program",
                    key=f"{key}-prog",
                    params={"id": hit.program_id},
                    **{PROGRAM_KEY: hit.program_id},
                )
            else:
                document_link(hit.source, lang, key=f"{key}-doc")


def _passage(hit: Hit, lang: str, heading: str | None) -> None:
    st.caption(_facts_line(hit, lang, heading))
    if hit.ocr:
        st.caption(t("from_scan", lang, conf=f"{hit.ocr_confidence or 0:.0f}"))
    if hit.kind == "table":
        table_passage(hit.text)
    else:
        st.text(hit.snippet)
    for extra in hit.passages[1:]:  # the source's second-best passage, with its own page
        where = f"{t('page', lang)} {extra.page}"
        if extra.heading and extra.heading != hit.title:
            where += f" · {extra.heading}"
        st.caption(esc(where))
        st.text(extra.snippet)
    with st.expander(t("full_passage", lang)):
        st.text(hit.text)


def _lang_name(hit: Hit, lang: str) -> str:
    return t(f"language.{hit.language}", lang, default=hit.language or "?")


def _short(text: str, chars: int = 360) -> str:
    flat = " ".join(text.split())
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


def citation(c: Citation, lang: str) -> None:
    """A quoted passage with its document and page."""
    st.text(c.snippet)
    st.caption(f"— {esc(c.title)}, {t('page', lang)} {c.page}")
