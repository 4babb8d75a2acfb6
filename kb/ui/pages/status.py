"""Index status page: what is indexed, when, with which model; latency of the last searches."""

from __future__ import annotations

import time
from collections.abc import Mapping

import pandas as pd
import streamlit as st

from kb.records import DocRecord
from kb.ui.curate_login import curator as signed_in_curator
from kb.ui.state import latencies, searcher_or_error, settings
from kb.vocab.labels import t


def documents_frame(
    docs: Mapping[str, DocRecord], lng: str, with_ids: bool = False
) -> pd.DataFrame:
    """One row per document, words in the user's language; internal ids for curators only."""
    rows = [
        {
            t("col_title", lng): d.title,
            t("col_type", lng): t(f"doc_type.{d.doc_type}", lng, default=d.doc_type),
            t("language", lng): t(f"language.{d.language}", lng, default=d.language or "—"),
            t("col_year", lng): str(d.year) if d.year else "—",
            t("col_pages", lng): d.pages,
            **({"id": doc_id} if with_ids else {}),
        }
        for doc_id, d in docs.items()
    ]
    return pd.DataFrame(rows)


def latency_frame(lng: str) -> pd.DataFrame:
    rows = [
        {
            t("col_when", lng): time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(x.when)),
            t("query", lng): x.query,
            t("col_ms", lng): round(x.ms, 1),
            t("col_hits", lng): x.hits,
        }
        for x in reversed(latencies())
    ]
    return pd.DataFrame(rows)


def _internals(info: dict[str, object], location: str, lng: str) -> None:
    """Version, model, storage, path and the latency log: for signed-in curators only."""
    st.metric(t("st_version", lng), str(info["version"]))
    st.markdown(
        f"**{t('st_encoder', lng)}:** `{info['encoder']}` · dim {info['dim']} · "
        f"{info['vector_storage']} · {settings().fusion} · kb {info['kb_version']}"
    )
    st.caption(location)
    lat = latency_frame(lng)
    st.subheader(t("st_latency", lng))
    if lat.empty:
        st.caption(t("st_no_queries", lng))
    else:
        ms = lat[t("col_ms", lng)]
        st.caption(f"median {ms.median():.0f} ms · max {ms.max():.0f} ms · n={len(ms)}")
        st.dataframe(lat, hide_index=True, width="stretch")


def render(lng: str) -> None:
    """What is indexed and when. Recent queries, paths and internals only for a signed-in
    curator: an anonymous visitor must not read what others searched for (issue 15)."""
    st.title(t("nav_status", lng))
    search = searcher_or_error(lng)
    if search is None:
        return
    info = search.index.manifest.describe()
    curator = signed_in_curator()
    c = st.columns(3)
    c[0].metric(t("st_docs", lng), info["docs"])
    c[1].metric(t("st_chunks", lng), info["chunks"])
    c[2].metric(t("st_built", lng), str(info["created_iso"])[:10])
    if curator:
        _internals(info, search.index.location, lng)
    else:
        st.caption(t("ui.curators_only", lng))
    docs = documents_frame(search.index.docs, lng, with_ids=curator is not None)
    st.subheader(t("st_by_type", lng))
    st.dataframe(
        docs.groupby([t("col_type", lng), t("language", lng)])
        .size()
        .rename(t("col_count", lng))
        .reset_index(),
        hide_index=True,
    )
    st.subheader(t("st_documents", lng))
    st.dataframe(docs, hide_index=True, width="stretch")
