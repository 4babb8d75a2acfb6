"""Streamlit Evaluate page: run the built-in evaluation and see its metrics and misses.

`render(lang)` draws the page. The last result is kept in `<cache_dir>/eval/last-programs.json`
(written atomically), so the page shows it at once and a new run is only needed after the
corpus, the labels or the settings change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from kb.errors import KbError
from kb.files import atomic_write
from kb.settings import PROJECT_ROOT, get_settings
from kb.ui.i18n import page_label

LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Evaluate search",
        "intro": "kb's search measured on the labelled queries and country profiles shipped in "
                 "corpus/eval/: nDCG@10, Recall@10 and MRR (ranx) for the shipped configuration, "
                 "BM25 alone and each encoder alone.",
        "run": "Run the evaluation", "running": "Building indexes and running every query…",
        "last": "Last run: {when}, {n} queries, {p} profiles.",
        "none": "No evaluation has been run yet.",
        "methods": "Queries, by method", "kinds": "By kind of query",
        "profiles": "Profiles through the recommender (expected programs in the top 10)",
        "misses": "Queries the shipped method misses (nothing relevant in the top 10)",
        "no_misses": "No query misses.", "xquad": "XQuAD-R (cross-lingual answer retrieval)",
        "xquad_path": "Folder with XQuAD-R", "xquad_langs": "Languages",
        "xquad_run": "Run XQuAD-R", "xquad_running": "Encoding and searching (minutes)…",
        "failed": "The evaluation failed: {err}",
    },
    "es": {
        "title": "Evaluar la búsqueda",
        "intro": "La búsqueda de kb medida con las consultas y perfiles etiquetados de "
                 "corpus/eval/: nDCG@10, Recall@10 y MRR (ranx) para la configuración instalada, "
                 "BM25 solo y cada codificador solo.",
        "run": "Ejecutar la evaluación", "running": "Construyendo índices y ejecutando consultas…",
        "last": "Última ejecución: {when}, {n} consultas, {p} perfiles.",
        "none": "Aún no se ha ejecutado ninguna evaluación.",
        "methods": "Consultas, por método", "kinds": "Por tipo de consulta",
        "profiles": "Perfiles con el recomendador (programas esperados entre los 10 primeros)",
        "misses": "Consultas que el método instalado no acierta (nada pertinente en el top 10)",
        "no_misses": "Ninguna consulta falla.",
        "xquad": "XQuAD-R (recuperación de respuestas entre idiomas)",
        "xquad_path": "Carpeta de XQuAD-R", "xquad_langs": "Idiomas",
        "xquad_run": "Ejecutar XQuAD-R", "xquad_running": "Codificando y buscando (minutos)…",
        "failed": "La evaluación falló: {err}",
    },
    "pt": {
        "title": "Avaliar a busca",
        "intro": "A busca do kb medida com as consultas e perfis rotulados de corpus/eval/: "
                 "nDCG@10, Recall@10 e MRR (ranx) para a configuração instalada, só BM25 e cada "
                 "codificador sozinho.",
        "run": "Executar a avaliação", "running": "Construindo índices e executando consultas…",
        "last": "Última execução: {when}, {n} consultas, {p} perfis.",
        "none": "Nenhuma avaliação foi executada ainda.",
        "methods": "Consultas, por método", "kinds": "Por tipo de consulta",
        "profiles": "Perfis pelo recomendador (programas esperados entre os 10 primeiros)",
        "misses": "Consultas que o método instalado erra (nada pertinente no top 10)",
        "no_misses": "Nenhuma consulta falha.",
        "xquad": "XQuAD-R (recuperação de respostas entre idiomas)",
        "xquad_path": "Pasta do XQuAD-R", "xquad_langs": "Idiomas",
        "xquad_run": "Executar XQuAD-R", "xquad_running": "Codificando e buscando (minutos)…",
        "failed": "A avaliação falhou: {err}",
    },
}


def _t(key: str, lang: str, **values: object) -> str:
    return page_label(LABELS, key, lang, **values)


def _last_path() -> Path:
    return get_settings().cache_dir / "eval" / "last-programs.json"


def _save(data: dict[str, Any]) -> None:
    atomic_write(_last_path(), json.dumps(data, ensure_ascii=False))


def load_last() -> dict[str, Any] | None:
    path = _last_path()
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def methods_frame(data: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for name, m in data["methods"].items():
        row = {"method": name + (" ★" if name == data["shipped"] else "")}
        row.update({k: round(v, 3) for k, v in m["metrics"].items()})
        row.update({f"nDCG@10 {k}": round(v, 3) for k, v in m["per_language"].items()})
        rows.append(row)
    return pd.DataFrame(rows)


def kinds_frame(data: dict[str, Any], key: str) -> pd.DataFrame:
    rows = []
    for name, m in data["methods"].items():
        if key == "profiles":
            if m["profiles"]:
                rows.append({"method": name, **{k: round(v, 3) for k, v in m["profiles"].items()}})
            continue
        for kind, v in m["per_kind"].items():
            rows.append({"method": name, "kind": kind, **{k: round(x, 3) for k, x in v.items()}})
    return pd.DataFrame(rows)


def _run_programs(lang: str) -> None:
    from kb.evaluation import run_programs

    with st.spinner(_t("running", lang)):
        try:
            data = run_programs(get_settings())
        except KbError as exc:
            st.error(_t("failed", lang, err=exc))
            return
    data["when"] = pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d %H:%M UTC")
    _save(data)


def _show(data: dict[str, Any], lang: str) -> None:
    st.caption(_t("last", lang, when=data.get("when", "?"), n=data["queries"],
                  p=data["profiles"]))
    st.subheader(_t("methods", lang))
    st.dataframe(methods_frame(data), hide_index=True, use_container_width=True)
    st.subheader(_t("kinds", lang))
    st.dataframe(kinds_frame(data, "kinds"), hide_index=True, use_container_width=True)
    profiles = kinds_frame(data, "profiles")
    if len(profiles):
        st.subheader(_t("profiles", lang))
        st.dataframe(profiles, hide_index=True, use_container_width=True)
    st.subheader(_t("misses", lang))
    misses = data["methods"][data["shipped"]]["misses"]
    if not misses:
        st.success(_t("no_misses", lang))
        return
    st.dataframe(pd.DataFrame([{**m, "relevant": ", ".join(m["relevant"]),
                                "got": ", ".join(m["got"])} for m in misses]),
                 hide_index=True, use_container_width=True)


def _xquad(lang: str) -> None:
    with st.expander(_t("xquad", lang)):
        default = PROJECT_ROOT.parent / "shared" / "datakit" / "xquad-r"
        folder = Path(st.text_input(_t("xquad_path", lang), str(default)))
        have = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
        langs = st.multiselect(_t("xquad_langs", lang), have, default=[x for x in ("en", "es")
                                                                       if x in have])
        if not st.button(_t("xquad_run", lang), disabled=not langs):
            return
        from kb.xquad_eval import run_xquad

        with st.spinner(_t("xquad_running", lang)):
            try:
                data = run_xquad(folder, langs, get_settings())
            except KbError as exc:
                st.error(_t("failed", lang, err=exc))
                return
        rows = [{"method": name + (" ★" if name == data["shipped"] else ""),
                 "mAP@20": m["pooled"], **m["per_language"]}
                for name, m in data["methods"].items()]
        st.dataframe(pd.DataFrame(rows), hide_index=True, use_container_width=True)


def render(lang: str = "en") -> None:
    st.title(_t("title", lang))
    st.write(_t("intro", lang))
    if st.button(_t("run", lang), type="primary"):
        _run_programs(lang)
    data = load_last()
    if data is None:
        st.info(_t("none", lang))
    else:
        _show(data, lang)
    _xquad(lang)
