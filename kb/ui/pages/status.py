"""Index status page: what is indexed, when, with which model; latency of the last searches."""

from __future__ import annotations

import time
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from kb.records import DocRecord
from kb.ui.state import latencies, searcher_or_error, settings
from kb.vocab.labels import t


def documents_frame(docs: Mapping[str, DocRecord], lng: str) -> pd.DataFrame:
    rows = [
        {
            t("col_title", lng): d.title,
            t("col_type", lng): d.doc_type,
            t("col_lang", lng): d.language or "",
            t("col_year", lng): d.year,
            t("col_pages", lng): d.pages,
            "id": doc_id,
        }
        for doc_id, d in docs.items()
    ]
    return pd.DataFrame(rows)


def latency_frame(lng: str) -> pd.DataFrame:
    rows = [
        {
            t("col_when", lng): time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(x.when)),
            t("col_query", lng): x.query,
            t("col_ms", lng): round(x.ms, 1),
            t("col_hits", lng): x.hits,
        }
        for x in reversed(latencies())
    ]
    return pd.DataFrame(rows)


def render(lng: str) -> None:
    st.title(t("st_title", lng))
    search = searcher_or_error(lng)
    if search is None:
        return
    info = search.index.manifest.describe()
    c = st.columns(4)
    c[0].metric(t("st_docs", lng), info["docs"])
    c[1].metric(t("st_chunks", lng), info["chunks"])
    c[2].metric(t("st_built", lng), info["created_iso"])
    c[3].metric(t("st_version", lng), info["version"])
    st.markdown(
        f"**{t('st_encoder', lng)}:** `{info['encoder']}` · dim {info['dim']} · "
        f"{info['vector_storage']} · {settings().fusion} · kb {info['kb_version']}"
    )
    st.caption(search.index.location)
    lat = latency_frame(lng)
    st.subheader(t("st_latency", lng))
    if lat.empty:
        st.caption(t("st_no_queries", lng))
    else:
        ms = lat[t("col_ms", lng)]
        st.caption(f"median {ms.median():.0f} ms · max {ms.max():.0f} ms · n={len(ms)}")
        st.dataframe(lat, hide_index=True, width="stretch")
    docs = documents_frame(search.index.docs, lng)
    st.subheader(t("st_by_type", lng))
    st.dataframe(
        docs.groupby([t("col_type", lng), t("col_lang", lng)])
        .size()
        .rename(t("col_count", lng))
        .reset_index(),
        hide_index=True,
    )
    st.subheader(t("st_documents", lng))
    st.dataframe(docs, hide_index=True, width="stretch")
