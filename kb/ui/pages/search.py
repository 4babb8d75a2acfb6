"""Search page: a query in any language, sidebar filters, cited passages."""

from __future__ import annotations

import time
from collections.abc import Iterable

import pandas as pd
import streamlit as st

from kb.answer.reasons import country_name, region_name
from kb.answer.search import Filters, Searcher, allowed_docs
from kb.records import Hit
from kb.ui.state import docs_frame, lang, record_latency, searcher_or_error
from kb.ui.widgets import hit_card
from kb.vocab import countries, taxonomy
from kb.vocab.labels import t

TOP_K = 10
_LAST_KEY = "_kb_last_search"
DOC_LANGS = {"es": "Español", "en": "English", "pt": "Português"}


def _values(series: pd.Series) -> list[str]:
    """Distinct values of a column holding tuples (or scalars), sorted."""
    out: set[str] = set()
    for v in series.dropna():
        out.update(v if isinstance(v, tuple | list) else [v])
    return sorted(str(x) for x in out if x)


def _multi(label: str, options: Iterable[str], key: str, fmt: dict[str, str]) -> tuple[str, ...]:
    opts = sorted(options, key=lambda o: (fmt.get(o) or o).casefold())
    return tuple(
        st.multiselect(
            label,
            opts,
            key=key,
            format_func=lambda o: fmt.get(o) or o,
            placeholder=t("choose", lang()),
        )
    )


def sidebar_filters(lng: str, docs: pd.DataFrame) -> tuple[Filters, list[str]]:
    """The filter widgets; returns the Filters and a readable list of the active ones."""
    codes = [c for c in _values(docs["countries"]) if countries.is_country(c)]
    with st.sidebar:
        st.subheader(t("filters", lng))
        f_c = _multi(
            t("f_country", lng), codes, "f_country", {c: country_name(c, lng) for c in codes}
        )
        regions = _values(docs["regions"])
        f_r = _multi(
            t("f_region", lng), regions, "f_region", {r: region_name(r, lng) for r in regions}
        )
        f_i = _multi(
            t("f_instrument", lng),
            taxonomy.INSTRUMENTS,
            "f_instrument",
            {k: t(f"instrument.{k}", lng, default=k) for k in taxonomy.INSTRUMENTS},
        )
        f_n = _multi(
            t("f_need", lng),
            taxonomy.NEEDS,
            "f_need",
            {k: t(f"need.{k}", lng, default=k) for k in taxonomy.NEEDS},
        )
        f_l = _multi(t("f_language", lng), _values(docs["language"]), "f_language", DOC_LANGS)
        types = _values(docs["doc_type"])
        f_t = _multi(
            t("f_doc_type", lng),
            types,
            "f_doc_type",
            {d: t(f"doc_type.{d}", lng, default=d) for d in types},
        )
        f_e = _multi(
            t("f_evidence", lng),
            taxonomy.EVIDENCE_LEVELS,
            "f_evidence",
            {k: t(f"evidence.{k}", lng, default=k) for k in taxonomy.EVIDENCE_LEVELS},
        )
        years = [int(y) for y in docs["year"].dropna()]
        lo, hi = (min(years), max(years)) if years else (2000, 2000)
        span = (
            st.slider(t("f_years", lng), lo, max(hi, lo + 1), (lo, max(hi, lo + 1)), key="f_years")
            if years
            else (lo, hi)
        )
    year_from = span[0] if years and span[0] > lo else None
    year_to = span[1] if years and span[1] < max(hi, lo + 1) else None
    f = Filters(
        countries=f_c,
        regions=f_r,
        languages=f_l,
        doc_types=f_t,
        year_from=year_from,
        year_to=year_to,
        instruments=f_i,
        needs=f_n,
        evidence=f_e,
    )
    active = [
        f"{t(k, lng)}: {len(v)}"
        for k, v in (
            ("f_country", f_c),
            ("f_region", f_r),
            ("f_instrument", f_i),
            ("f_need", f_n),
            ("f_language", f_l),
            ("f_doc_type", f_t),
            ("f_evidence", f_e),
        )
        if v
    ]
    if year_from is not None or year_to is not None:
        active.append(f"{t('f_years', lng)}: {span[0]}–{span[1]}")
    return f, active


def _explain_empty(lng: str, docs: pd.DataFrame, f: Filters, active: list[str]) -> None:
    """Why nothing came back, and what to do about it."""
    if not active:
        st.warning(t("no_results", lng))
        return
    n = len(allowed_docs(docs, f))
    listed = "; ".join(active)
    if n == 0:
        st.warning(t("no_results_filters", lng, filters=listed))
    else:
        st.warning(t("no_results_query", lng, docs=n, filters=listed))


def _search(search: Searcher, query: str, f: Filters) -> tuple[list[Hit], float]:
    """Hits and milliseconds; a rerun with the same query and filters (a click on a result,
    a language switch) reuses the last answer instead of encoding the query again."""
    key = (query, f, search.index.manifest.version)
    last = st.session_state.get(_LAST_KEY)
    if last is not None and last[0] == key:
        return last[1], last[2]
    t0 = time.perf_counter()
    hits = search.search(query, TOP_K, f if f.active() else None)
    ms = (time.perf_counter() - t0) * 1000
    record_latency(query, ms, len(hits))
    st.session_state[_LAST_KEY] = (key, hits, ms)
    return hits, ms


def render(lng: str) -> None:
    st.title(t("search_title", lng))
    search = searcher_or_error(lng)
    if search is None:
        return
    docs = docs_frame()
    f, active = sidebar_filters(lng, docs)
    query = st.text_input(
        t("query", lng), key="query", placeholder=t("query_ph", lng), help=t("search_help", lng)
    )
    if not query.strip():
        st.caption(t("search_help", lng))
        return
    hits, ms = _search(search, query, f)
    if not hits:
        _explain_empty(lng, docs, f, active)
        return
    st.caption(t("n_results", lng, n=len(hits), ms=ms))
    for hit in hits:
        hit_card(hit, lng, key=f"hit-{hit.rank}")
