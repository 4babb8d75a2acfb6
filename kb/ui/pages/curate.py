"""Streamlit Curate page: log in, upload, review pending documents and near-duplicates side by
side, edit metadata, approve / reject / retire, re-index, all with progress bars.

`render(lang)` draws the page. The login is streamlit-authenticator's widget (kb.ui.curate_login)
over the users file that `kb users add` writes. Until it reports a signed-in user the page draws
the login form and no curation widget at all (search, recommend and briefs stay open on their
own pages). Every action goes through `kb.curate.curator.Curator` with the signed-in user's
name, so the audit log records who did it; logins, refused logins and sign-outs are logged
too. Text from documents is shown with `st.text` (never as Markdown or HTML), so a title or
excerpt cannot inject markup.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

import streamlit as st

from kb.curate.catalog import Entry, open_catalog
from kb.errors import KbError
from kb.settings import get_settings
from kb.ui.curate_login import current_user, sign_in
from kb.ui.state import StreamlitProgress, esc, source_file
from kb.ui.widgets import document_link
from kb.vocab.labels import t
from kb.vocab.taxonomy import INSTRUMENTS, NEEDS

TOPICS = [*INSTRUMENTS, *NEEDS]  # what a document can be tagged with

if TYPE_CHECKING:  # the pipeline itself loads only when a curator sends files
    from kb.ingest.pipeline import IngestReport


def _curator(progress: StreamlitProgress | None = None) -> Any:
    from kb.api import encoder_for
    from kb.curate.curator import Curator

    s = get_settings()
    return Curator(s, user=current_user(), encoder=encoder_for(s), progress=progress)


def render(lng: str) -> None:
    st.title(t("curate.title", lng))
    if sign_in(lng) is None:
        return
    message = st.session_state.pop("curate_message", None)
    if message:
        st.success(message)
    tabs = st.tabs([t(f"curate.{k}", lng) for k in ("upload", "review", "documents", "reindex")])
    with tabs[0]:
        _upload(lng)
    with tabs[1]:
        _review(lng)
    with tabs[2]:
        _documents(lng)
    with tabs[3]:
        _reindex(lng)


def _upload(lang: str) -> None:
    """Upload: a locked PDF asks for its password here; duplicates are named, not silent."""
    from kb.curate.uploads import pdf_needs_password

    files = st.file_uploader(
        t("curate.files", lang), accept_multiple_files=True, key="curate_files"
    )
    items = [(f.name, f.getvalue()) for f in files or []]
    locked = [name for name, data in items if pdf_needs_password(name, data)]
    password = ""
    if locked:
        st.warning(t("ui.pdf_locked", lang, files=", ".join(locked)))
        password = st.text_input(t("ui.pdf_password", lang), type="password", key="curate_pw")
    if not st.button(t("curate.send", lang), key="curate_send", disabled=not files):
        return
    still = [n for n, d in items if n in locked and pdf_needs_password(n, d, password)]
    if still:  # no password typed is not a wrong password
        key = "ui.pdf_still_locked" if password else "ui.pdf_no_password"
        st.error(t(key, lang, files=", ".join(still)))
        items = [(n, d) for n, d in items if n not in still]
    if items:
        _report(_curator(StreamlitProgress(lang)).upload(items, password=password or None), lang)


def _report(report: Any, lang: str) -> None:
    """What became of each uploaded file, duplicates named with the document they repeat."""
    s = get_settings()
    catalog = open_catalog(s)

    def title_of(doc_id: str) -> str:
        entry = catalog.find(s.default_index, doc_id)
        return entry.title if entry is not None and entry.title else doc_id

    _failures(report, lang, names_only=True)
    for file, existing in report.duplicates:  # upload paths are internal: the file's name only
        st.warning(t("ui.exact_duplicate", lang, file=Path(file).name, title=title_of(existing)))
    for doc_id in report.unchanged:
        st.info(t("ui.unchanged", lang, title=title_of(doc_id)))
    for doc_id, of, sim in report.near_duplicates:
        name = title_of(doc_id)
        st.info(t("ui.near_duplicate", lang, file=name, title=title_of(of), sim=sim))
    st.success(t("curate.pending_n", lang, n=len(report.pending)))


def _failures(report: IngestReport, lang: str, names_only: bool) -> None:
    """Each file that failed: what went wrong in the reader's language, then kb's English reason
    (it names the limit or the fix); then each part of a file read that is not searchable (a
    PDF cut at its page limit, scanned pages without OCR). Escaped: a file name is the
    uploader's text."""
    for f in report.failed:
        file = Path(f.file).name if names_only else f.file
        kind = t(f"failure.{f.kind}", lang)
        st.error(t("curate.failed", lang, file=esc(file), kind=kind, reason=esc(f.reason)))
    for notice in report.warnings:
        file = Path(notice.file).name if names_only else notice.file
        st.warning(t("curate.notice", lang, file=esc(file), notice=esc(notice.text(lang))))


def _when(stamp: str) -> str:
    """A catalog time stamp ("2026-12-07T22:19:38Z") as a reader writes it, to the minute."""
    return f"{stamp[:10]} {stamp[11:16]} UTC" if len(stamp) >= 16 and stamp[10] == "T" else stamp


def _card(entry: Entry, lang: str, key: str) -> None:
    """One document under review: its facts, the file to open, and the start of its text.

    A file kb stored (an upload) is named by its file name, never by the server path it was
    stored under, and can be downloaded to be read in full before a decision."""
    st.text(entry.title or entry.doc_id)
    doc_type = t(f"doc_type.{entry.doc_type}", lang, default=entry.doc_type)
    language = t(f"language.{entry.language}", lang, default=entry.language or "—")
    status = t(f"ui.status_{entry.status}", lang, default=entry.status)
    when = _when(entry.added_at or "")
    facts = (doc_type, language, status, when, entry.added_by, entry.doc_id)
    st.caption(" · ".join(x for x in facts if x))
    if source_file(entry.source) is None:
        st.text(entry.source)  # a file ingested from a path the curator gave: where it is
    else:
        st.text(Path(entry.source).name)
        document_link(entry.source, lang, key=key)
    st.text(str(entry.metadata.get("excerpt", ""))[:1500])


def _review(lang: str) -> None:
    s = get_settings()
    catalog = open_catalog(s)
    pending = catalog.entries(s.default_index, "pending")
    if not pending:
        st.info(t("curate.empty_queue", lang))
        return
    for entry in pending:
        with st.container(border=True):
            original = (
                catalog.find(s.default_index, entry.near_duplicate_of)
                if entry.near_duplicate_of
                else None
            )
            if original is not None:
                title = original.title or original.doc_id
                st.warning(t("ui.near_of", lang, title=title, sim=entry.similarity or 0.0))
                left, right = st.columns(2)
                with left:
                    st.caption(t("curate.this", lang))
                    _card(entry, lang, f"dl-{entry.doc_id}")
                with right:
                    st.caption(t("curate.original", lang))
                    _card(original, lang, f"dl-{entry.doc_id}-{original.doc_id}")
            else:
                _card(entry, lang, f"dl-{entry.doc_id}")
            with st.expander(t("ui.edit_metadata", lang)):
                _edit_form(entry, lang, "review")
            _decide(entry, original, lang)


def _decide(entry: Entry, original: Entry | None, lang: str) -> None:
    key = entry.doc_id
    note = st.text_input(t("curate.note", lang), key=f"note_{key}")
    retire = original is not None and st.checkbox(
        t("curate.retire_original", lang), key=f"retire_orig_{key}"
    )
    cols = st.columns(2)
    try:
        if cols[0].button(t("curate.approve", lang), key=f"approve_{key}"):
            done = _curator(StreamlitProgress(lang)).approve(key, note, retire_original=retire)
            st.session_state["curate_message"] = _done(done, lang)
            st.rerun()
        if cols[1].button(t("curate.reject", lang), key=f"reject_{key}"):
            done = _curator().reject(key, note)
            st.session_state["curate_message"] = _done(done, lang)
            st.rerun()
    except KbError as exc:
        st.error(str(exc))


def _done(entry: Entry, lang: str) -> str:
    status = t(f"ui.status_{entry.status}", lang, default=entry.status)
    return t("curate.done", lang, id=entry.title or entry.doc_id, status=status)


def _documents(lang: str) -> None:
    s = get_settings()
    entries = [
        e for e in open_catalog(s).entries(s.default_index) if e.status in ("approved", "pending")
    ]
    if not entries:
        st.info(t("curate.no_docs", lang))
        return
    by_id = {e.doc_id: e for e in entries}
    doc_id = st.selectbox(
        t("curate.pick", lang),
        list(by_id),
        key="curate_pick",
        format_func=lambda d: (
            f"{by_id[d].title[:70]} · {t(f'ui.status_{by_id[d].status}', lang)} · {d}"
        ),
    )
    entry = by_id[doc_id]
    _edit_form(entry, lang, "doc")
    note = st.text_input(t("curate.note", lang), key=f"retire_note_{doc_id}")
    if st.button(t("curate.retire", lang), key=f"retire_{doc_id}"):
        try:
            done = _curator().retire(doc_id, note)
            st.session_state["curate_message"] = _done(done, lang)
            st.rerun()
        except KbError as exc:
            st.error(str(exc))


def _edit_form(entry: Entry, lang: str, where: str) -> None:
    """Title, year, language and countries of one document, saved through the Curator; `where`
    ("review" or "doc") keeps the review card's form apart from the Documents tab's."""
    k = f"{where}-{entry.doc_id}"
    with st.form(f"edit_{k}"):
        title = st.text_input(t("col_title", lang), value=entry.title, key=f"title_{k}")
        year = st.text_input(t("col_year", lang), value=str(entry.year or ""), key=f"year_{k}")
        language = st.text_input(t("language", lang), value=entry.language or "", key=f"lang_{k}")
        countries = st.text_input(
            t("curate.countries", lang),
            value=", ".join(entry.metadata.get("countries") or []),
            key=f"countries_{k}",
        )
        topics = st.multiselect(
            t("curate.topics", lang),
            TOPICS,
            default=[x for x in entry.metadata.get("topics") or [] if x in TOPICS],
            format_func=lambda x: _topic_name(x, lang),
            key=f"topics_{k}",
        )
        saved = st.form_submit_button(t("curate.save", lang))
    if saved:
        _save(entry, lang, (title, year, language, countries), topics)


def _topic_name(topic: str, lang: str) -> str:
    kind = "instrument" if topic in INSTRUMENTS else "need"
    return t(f"{kind}.{topic}", lang, default=topic)


def _save(entry: Entry, lang: str, typed: tuple[str, str, str, str], topics: list[str]) -> None:
    """Save what the edit form changed: title, year, language, countries (as typed), topics."""
    from kb.vocab import countries as ctry

    title, year, language, countries = typed
    codes = [c.strip().upper() for c in countries.split(",") if c.strip()]
    bad = [c for c in codes if not ctry.is_country(c)]
    if bad:
        st.error(t("curate.bad_country", lang, codes=", ".join(bad)))
        return
    if year.strip() and not year.strip().isdigit():
        st.error(t("curate.bad_year", lang))
        return
    new = {
        "title": title.strip(),
        "year": int(year) if year.strip() else None,
        "language": language.strip() or None,
        "countries": codes,
        "topics": topics,
    }
    old = {
        "title": entry.title,
        "year": entry.year,
        "language": entry.language,
        "countries": list(entry.metadata.get("countries") or []),
        "topics": list(entry.metadata.get("topics") or []),
    }
    changes = {k: v for k, v in new.items() if v != old[k]}
    if changes:
        try:
            _curator().edit(entry.doc_id, changes)
        except KbError as exc:
            st.error(str(exc))
            return
    st.success(t("curate.saved", lang))


def _reindex(lang: str) -> None:
    if st.button(t("curate.reindex_all", lang), key="curate_reindex"):
        report = _curator(StreamlitProgress(lang)).reindex()
        _failures(report, lang, names_only=False)
        st.success(t("curate.reindexed", lang, n=len(report.added), chunks=report.chunks))
