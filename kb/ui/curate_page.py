"""Streamlit Curate page: log in, upload, review pending documents and near-duplicates side by
side, edit metadata, approve / reject / retire, re-index, all with progress bars.

`render(lang)` draws the page. The login is streamlit-authenticator's widget (kb.ui.curate_login)
over the users file that `kb users add` writes. Until it reports a signed-in user the page draws
the login form and no curation widget at all (search, recommend and briefs stay open on their
own pages). Every action goes through `kb.curate.Curator` with the signed-in user's name, so the
audit log records who did it; logins, refused logins and sign-outs are logged too. Text from
documents is shown with `st.text` (never as Markdown or HTML), so a title or excerpt cannot
inject markup.
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from kb.catalog import Catalog, Entry
from kb.errors import KbError
from kb.settings import get_settings
from kb.ui.curate_login import current_user, sign_in
from kb.ui.i18n import page_label

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Curate", "login": "Sign in to curate", "user": "User name",
        "password": "Password", "sign_in": "Sign in", "sign_out": "Sign out",
        "bad_login": "Wrong user name or password.", "login_error": "Sign-in refused: {reason}",
        "no_users": "No curator account exists yet: an operator adds one with "
                    "`kb users add NAME`.",
        "signed_in": "Signed in as {user}", "upload": "Upload", "review": "Review queue",
        "documents": "Documents", "reindex": "Re-index", "files": "Files to add",
        "send": "Upload and check", "pending_n": "{n} document(s) wait for review.",
        "failed": "{file}: {reason}", "duplicate": "{file}: same content as document {id}",
        "empty_queue": "Nothing waits for review.", "near": "Near-duplicate of {id} "
        "(similarity {sim:.2f})", "this": "This document", "original": "Document it resembles",
        "note": "Note (kept in the audit log)", "approve": "Approve", "reject": "Reject",
        "retire_original": "Retire the document it resembles", "done": "{id}: {status}",
        "pick": "Document", "save": "Save metadata", "doc_title": "Title", "year": "Year",
        "language": "Language", "countries": "Countries (ISO3, comma-separated)",
        "retire": "Retire", "saved": "Saved.", "reindex_all": "Re-index all approved documents",
        "reindexed": "{n} documents re-indexed, {chunks} passages.", "no_docs":
        "The catalog of this index is empty.", "status": "Status",
        "bad_country": "Unknown ISO3 country code(s): {codes}", "bad_year":
        "The year must be a number, e.g. 2019.",
    },
    "es": {
        "title": "Curaduría", "login": "Inicie sesión para curar", "user": "Usuario",
        "password": "Contraseña", "sign_in": "Entrar", "sign_out": "Salir",
        "bad_login": "Usuario o contraseña incorrectos.",
        "login_error": "Inicio de sesión rechazado: {reason}",
        "no_users": "Aún no hay cuentas de curaduría: un operador crea una con "
                    "`kb users add NOMBRE`.",
        "signed_in": "Sesión de {user}", "upload": "Subir", "review": "Revisión",
        "documents": "Documentos", "reindex": "Reindexar", "files": "Archivos a agregar",
        "send": "Subir y revisar", "pending_n": "{n} documento(s) esperan revisión.",
        "failed": "{file}: {reason}", "duplicate": "{file}: mismo contenido que el documento {id}",
        "empty_queue": "No hay nada pendiente de revisión.", "near": "Casi duplicado de {id} "
        "(similitud {sim:.2f})", "this": "Este documento", "original": "Documento al que se parece",
        "note": "Nota (queda en el registro de auditoría)", "approve": "Aprobar",
        "reject": "Rechazar", "retire_original": "Retirar el documento al que se parece",
        "done": "{id}: {status}", "pick": "Documento", "save": "Guardar metadatos",
        "doc_title": "Título", "year": "Año", "language": "Idioma",
        "countries": "Países (ISO3, separados por comas)", "retire": "Retirar",
        "saved": "Guardado.", "reindex_all": "Reindexar todos los documentos aprobados",
        "reindexed": "{n} documentos reindexados, {chunks} pasajes.",
        "no_docs": "El catálogo de este índice está vacío.", "status": "Estado",
        "bad_country": "Código(s) ISO3 de país desconocido(s): {codes}",
        "bad_year": "El año debe ser un número, p. ej. 2019.",
    },
    "pt": {
        "title": "Curadoria", "login": "Entre para fazer curadoria", "user": "Usuário",
        "password": "Senha", "sign_in": "Entrar", "sign_out": "Sair",
        "bad_login": "Usuário ou senha incorretos.", "login_error": "Entrada recusada: {reason}",
        "no_users": "Ainda não há contas de curadoria: um operador cria uma com "
                    "`kb users add NOME`.",
        "signed_in": "Sessão de {user}", "upload": "Enviar", "review": "Revisão",
        "documents": "Documentos", "reindex": "Reindexar", "files": "Arquivos a adicionar",
        "send": "Enviar e verificar", "pending_n": "{n} documento(s) aguardam revisão.",
        "failed": "{file}: {reason}", "duplicate": "{file}: mesmo conteúdo do documento {id}",
        "empty_queue": "Nada aguarda revisão.", "near": "Quase duplicata de {id} "
        "(similaridade {sim:.2f})", "this": "Este documento", "original": "Documento semelhante",
        "note": "Nota (fica no registro de auditoria)", "approve": "Aprovar",
        "reject": "Rejeitar", "retire_original": "Retirar o documento semelhante",
        "done": "{id}: {status}", "pick": "Documento", "save": "Salvar metadados",
        "doc_title": "Título", "year": "Ano", "language": "Idioma",
        "countries": "Países (ISO3, separados por vírgulas)", "retire": "Retirar",
        "saved": "Salvo.", "reindex_all": "Reindexar todos os documentos aprovados",
        "reindexed": "{n} documentos reindexados, {chunks} trechos.",
        "no_docs": "O catálogo deste índice está vazio.", "status": "Situação",
        "bad_country": "Código(s) ISO3 de país desconhecido(s): {codes}",
        "bad_year": "O ano deve ser um número, p. ex. 2019.",
    },
}


def _t(key: str, lang: str, **values: Any) -> str:
    return page_label(LABELS, key, lang, **values)


class _Bar:
    """ProgressSink drawing one st.progress bar per pipeline stage."""

    def __init__(self) -> None:
        self._bar: Any = None
        self._name, self._total, self._done = "", 0, 0

    def stage(self, name: str, total: int) -> None:
        self._name, self._total, self._done = name, max(total, 1), 0
        self._bar = st.progress(0.0, text=name)

    def advance(self, n: int = 1) -> None:
        self._done += n
        if self._bar is not None:
            self._bar.progress(min(self._done / self._total, 1.0),
                               text=f"{self._name} {self._done}/{self._total}")


def _curator(progress: _Bar | None = None) -> Any:
    from kb.api import encoder_for
    from kb.curate import Curator

    s = get_settings()
    return Curator(s, user=current_user(), encoder=encoder_for(s), progress=progress)


def render(lang: str | None = None) -> None:
    lang = lang or str(st.session_state.get("lang", "en"))
    st.title(_t("title", lang))
    if sign_in(lang, _t) is None:
        return
    message = st.session_state.pop("curate_message", None)
    if message:
        st.success(message)
    tabs = st.tabs([_t(k, lang) for k in ("upload", "review", "documents", "reindex")])
    with tabs[0]:
        _upload(lang)
    with tabs[1]:
        _review(lang)
    with tabs[2]:
        _documents(lang)
    with tabs[3]:
        _reindex(lang)


def _upload(lang: str) -> None:
    files = st.file_uploader(_t("files", lang), accept_multiple_files=True, key="curate_files")
    if not st.button(_t("send", lang), key="curate_send", disabled=not files):
        return
    report = _curator(_Bar()).upload([(f.name, f.getvalue()) for f in files or []])
    for file, reason in report.failed:
        st.error(_t("failed", lang, file=file, reason=reason))
    for file, existing in report.duplicates:
        st.warning(_t("duplicate", lang, file=file, id=existing))
    st.success(_t("pending_n", lang, n=len(report.pending)))


def _card(entry: Entry, lang: str) -> None:
    st.text(entry.title or entry.doc_id)
    st.caption(f"{entry.doc_id} · {entry.doc_type} · {entry.language or '?'} · "
               f"{entry.status} · {entry.added_at} · {entry.added_by}")
    st.text(entry.source)
    st.text(str(entry.metadata.get("excerpt", ""))[:1500])


def _review(lang: str) -> None:
    s = get_settings()
    catalog = Catalog.for_settings(s)
    pending = catalog.entries(s.default_index, "pending")
    if not pending:
        st.info(_t("empty_queue", lang))
        return
    for entry in pending:
        with st.container(border=True):
            original = (catalog.find(s.default_index, entry.near_duplicate_of)
                        if entry.near_duplicate_of else None)
            if original is not None:
                st.warning(_t("near", lang, id=original.doc_id, sim=entry.similarity or 0.0))
                left, right = st.columns(2)
                with left:
                    st.caption(_t("this", lang))
                    _card(entry, lang)
                with right:
                    st.caption(_t("original", lang))
                    _card(original, lang)
            else:
                _card(entry, lang)
            _decide(entry, original, lang)


def _decide(entry: Entry, original: Entry | None, lang: str) -> None:
    key = entry.doc_id
    note = st.text_input(_t("note", lang), key=f"note_{key}")
    retire = original is not None and st.checkbox(_t("retire_original", lang),
                                                  key=f"retire_orig_{key}")
    cols = st.columns(2)
    try:
        if cols[0].button(_t("approve", lang), key=f"approve_{key}"):
            done = _curator(_Bar()).approve(key, note, retire_original=retire)
            st.session_state["curate_message"] = _t("done", lang, id=key, status=done.status)
            st.rerun()
        if cols[1].button(_t("reject", lang), key=f"reject_{key}"):
            done = _curator().reject(key, note)
            st.session_state["curate_message"] = _t("done", lang, id=key, status=done.status)
            st.rerun()
    except KbError as exc:
        st.error(str(exc))


def _documents(lang: str) -> None:
    s = get_settings()
    entries = [e for e in Catalog.for_settings(s).entries(s.default_index)
               if e.status in ("approved", "pending")]
    if not entries:
        st.info(_t("no_docs", lang))
        return
    by_id = {e.doc_id: e for e in entries}
    doc_id = st.selectbox(_t("pick", lang), list(by_id), key="curate_pick",
                          format_func=lambda d: f"{by_id[d].title[:70]} · {d} · {by_id[d].status}")
    entry = by_id[doc_id]
    with st.form(f"edit_{doc_id}"):
        title = st.text_input(_t("doc_title", lang), value=entry.title)
        year = st.text_input(_t("year", lang), value=str(entry.year or ""))
        language = st.text_input(_t("language", lang), value=entry.language or "")
        countries = st.text_input(_t("countries", lang),
                                  value=", ".join(entry.metadata.get("countries") or []))
        saved = st.form_submit_button(_t("save", lang))
    if saved:
        _save(entry, title, year, language, countries, lang)
    note = st.text_input(_t("note", lang), key=f"retire_note_{doc_id}")
    if st.button(_t("retire", lang), key=f"retire_{doc_id}"):
        try:
            done = _curator().retire(doc_id, note)
            st.session_state["curate_message"] = _t("done", lang, id=doc_id, status=done.status)
            st.rerun()
        except KbError as exc:
            st.error(str(exc))


def _save(entry: Entry, title: str, year: str, language: str, countries: str,
          lang: str) -> None:
    from kb import countries as ctry

    codes = [c.strip().upper() for c in countries.split(",") if c.strip()]
    bad = [c for c in codes if not ctry.is_country(c)]
    if bad:
        st.error(_t("bad_country", lang, codes=", ".join(bad)))
        return
    if year.strip() and not year.strip().isdigit():
        st.error(_t("bad_year", lang))
        return
    new = {"title": title.strip(), "year": int(year) if year.strip() else None,
           "language": language.strip() or None, "countries": codes}
    old = {"title": entry.title, "year": entry.year, "language": entry.language,
           "countries": list(entry.metadata.get("countries") or [])}
    changes = {k: v for k, v in new.items() if v != old[k]}
    if changes:
        try:
            _curator().edit(entry.doc_id, changes)
        except KbError as exc:
            st.error(str(exc))
            return
    st.success(_t("saved", lang))


def _reindex(lang: str) -> None:
    if st.button(_t("reindex_all", lang), key="curate_reindex"):
        report = _curator(_Bar()).reindex()
        for file, reason in report.failed:
            st.error(_t("failed", lang, file=file, reason=reason))
        st.success(_t("reindexed", lang, n=len(report.added), chunks=report.chunks))
