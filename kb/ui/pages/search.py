"""Search page: a query in any language, sidebar filters, cited passages."""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from typing import Any

import pandas as pd
import streamlit as st

from kb.answer.coverage import coverage
from kb.answer.hits import answer_object
from kb.answer.lexical_evidence import searched_as
from kb.answer.places import PlaceTip, place_names, place_tip
from kb.answer.reasons import country_name, region_name
from kb.answer.search import Filters, Searcher, allowed_docs
from kb.records import Hit
from kb.ui import search_url
from kb.ui.state import docs_frame, esc, lang, programs, record_latency, searcher_or_error
from kb.ui.widgets import hit_card
from kb.vocab import countries, taxonomy
from kb.vocab.labels import language_name, t

TOP_K = 10
QUERY_KEY = "q"  # also the URL parameter: ?q=...
YEARS_KEY = "f_years"
_SEEDED_KEY = "_kb_search_from_url"
# A filter's label where the word is the fact's own (one label per meaning).
FILTER_LABELS = {
    "f_country": "field.country",
    "f_region": "col_region",
    "f_evidence": "field.evidence",
    "f_status": "field.status",
}
_LAST_KEY = "_kb_last_search"


def _values(series: pd.Series) -> list[str]:
    """Distinct values of a column holding tuples (or scalars), sorted."""
    out: set[str] = set()
    for v in series.dropna():
        out.update(v if isinstance(v, tuple | list) else [v])
    return sorted(str(x) for x in out if x)


def _multi(label: str, options: Iterable[str], key: str, fmt: dict[str, str]) -> tuple[str, ...]:
    """A filter; no "Select all" entry (Streamlit words it in English only)."""
    opts = sorted(options, key=lambda o: (fmt.get(o) or o).casefold())
    return tuple(
        st.multiselect(
            label,
            opts,
            key=key,
            format_func=lambda o: fmt.get(o) or o,
            placeholder=t("choose", lang()),
            select_all=False,
            persist_state="session",
        )
    )


def _choices(lng: str, docs: pd.DataFrame) -> dict[str, dict[str, str]]:
    """Each filter's options (widget key -> {value: label in `lng`})."""
    codes = [c for c in _values(docs["countries"]) if countries.is_country(c)]
    regions = _values(docs["regions"])
    types = _values(docs["doc_type"])

    def vocab(table: str, ids: Iterable[str]) -> dict[str, str]:
        return {k: t(f"{table}.{k}", lng, default=k) for k in ids}

    return {
        "f_country": {c: country_name(c, lng) for c in codes},
        "f_region": {r: region_name(r, lng) for r in regions},
        "f_instrument": vocab("instrument", taxonomy.INSTRUMENTS),
        "f_need": vocab("need", taxonomy.NEEDS),
        "f_language": {x: language_name(x, lng) for x in _values(docs["languages"])},
        "f_doc_type": vocab("doc_type", types),
        "f_evidence": vocab("evidence", taxonomy.EVIDENCE_LEVELS),
        "f_status": {s: t(f"status_{s}", lng).capitalize() for s in taxonomy.STATUSES},
    }


def _seed_from_url(choices: dict[str, dict[str, str]], span: tuple[int, int]) -> None:
    """Once per session, before the widgets exist: the search the URL asks for (?q=...)."""
    if st.session_state.get(_SEEDED_KEY):
        return
    st.session_state[_SEEDED_KEY] = True
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    asked = search_url.read(params, {k: list(v) for k, v in choices.items()}, span)
    if asked.query:
        st.session_state[QUERY_KEY] = asked.query
    for key, values in (asked.picks or {}).items():
        st.session_state[key] = list(values)
    if asked.years is not None:
        st.session_state[YEARS_KEY] = asked.years


Span = tuple[int, int]


def sidebar_filters(lng: str, docs: pd.DataFrame) -> tuple[Filters, list[str], Span | None]:
    """The filter widgets: the Filters, a readable list of the active ones, the narrowed years."""
    choices = _choices(lng, docs)
    years = [int(y) for y in docs["year"].dropna()]
    lo, hi = (min(years), max(years)) if years else (2000, 2000)
    hi = max(hi, lo + 1)
    _seed_from_url(choices, (lo, hi))
    picked: dict[str, tuple[str, ...]] = {}
    with st.sidebar:
        st.subheader(t("filters", lng))
        for key, fmt in choices.items():
            picked[key] = _multi(t(FILTER_LABELS.get(key, key), lng), fmt, key, fmt)
        span: Span = (lo, hi)
        if years:
            st.session_state.setdefault(YEARS_KEY, (lo, hi))
            got: Any = st.slider(
                t("field.years", lng), lo, hi, key=YEARS_KEY, persist_state="session"
            )
            span = (int(got[0]), int(got[1]))
    narrowed = span if years and tuple(span) != (lo, hi) else None
    f = Filters(
        **{field: picked[key] for key, field in search_url.PARAMS.values()},
        year_from=span[0] if narrowed and span[0] > lo else None,
        year_to=span[1] if narrowed and span[1] < hi else None,
    )
    active = [f"{t(FILTER_LABELS.get(k, k), lng)}: {len(v)}" for k, v in picked.items() if v]
    if narrowed:
        active.append(f"{t('field.years', lng)}: {span[0]}–{span[1]}")
    return f, active, narrowed


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


def _search(search: Searcher, query: str, f: Filters, lng: str) -> tuple[list[Hit], float]:
    """Hits and milliseconds; a rerun with the same query, filters and interface language (a
    click on a result) reuses the last answer instead of searching again. The interface
    language is the reader's: a case study's passages in it are shown first, whatever
    language the query is typed in."""
    key = (query, f, lng, search.index.manifest.version)
    last = st.session_state.get(_LAST_KEY)
    if last is not None and last[0] == key:
        return last[1], last[2]
    t0 = time.perf_counter()
    hits = search.search(query, TOP_K, f if f.active() else None, reader=lng)
    ms = (time.perf_counter() - t0) * 1000
    record_latency(query, ms, len(hits))
    st.session_state[_LAST_KEY] = (key, hits, ms)
    return hits, ms


def _landing(lng: str, search: Searcher) -> None:
    """What the library covers (counted from the loaded index) and how to ask."""
    c = coverage(search.index.docs, programs(), search.index.manifest.created)
    langs = ", ".join(t(f"language.{x}", lng, default=x) for x in c.languages)
    st.markdown(
        t(
            "ui.covers",
            lng,
            programs=c.programs,
            countries=c.countries,
            documents=c.documents,
            n_langs=len(c.languages),
            langs=langs,
        )
    )
    dates = t("ui.built", lng, built=c.built)
    if c.facts_as_of:
        dates = t("ui.facts_as_of", lng, as_of=c.facts_as_of) + " " + dates
    st.caption(dates)
    st.markdown(t("ui.how_to_ask", lng))
    examples = [x.strip() for x in t("ui.examples", lng).split("|")]
    row = st.container(horizontal=True)
    for i, example in enumerate(examples):
        row.button(example, key=f"example-{i}", on_click=_ask, args=(example,))


def _offer_places(tip: PlaceTip, lng: str, docs: pd.DataFrame) -> None:
    """The places the query names, and a button that sets the sidebar's filter to them (the
    reader chooses: ranking ignores places, kb/answer/places.py)."""
    names = ", ".join(place_names(tip.places, lng))
    if tip.places.countries:
        key, wanted = "f_country", tip.places.countries
    else:
        key, wanted = "f_region", tip.places.regions
    offered = set(_values(docs["countries" if key == "f_country" else "regions"]))
    values = [v for v in wanted if v in offered]  # a multiselect refuses values it does not offer
    said = t("ui.places_tip", lng, places=names, outside=tip.outside, shown=tip.shown)
    if tip.unplaced:
        said += " " + t("ui.places_unplaced", lng, unplaced=tip.unplaced)
    st.info(said)
    if values:
        st.button(
            t("ui.places_only", lng, places=names),
            key="places-only",
            icon=":material/filter_alt:",
            on_click=_pick,
            args=(key, values),
        )


def _pick(key: str, values: list[str]) -> None:
    st.session_state[key] = values


def _ask(query: str) -> None:
    st.session_state[QUERY_KEY] = query


def _to_url(params: dict[str, list[str]]) -> None:
    """The search into the address bar (the language stays as the app set it)."""
    for name in [n for n in st.query_params if n != "lang" and n not in params]:
        del st.query_params[name]
    for name, values in params.items():
        if st.query_params.get_all(name) != values:
            st.query_params[name] = values


def render(lng: str) -> None:
    st.title(t("search_title", lng))
    search = searcher_or_error(lng)
    if search is None:
        return
    docs = docs_frame()
    f, active, years = sidebar_filters(lng, docs)
    # Written to the URL (?q=...): with the filters and ?lang=, a link reproduces the search.
    query = st.text_input(
        t("query", lng),
        key=QUERY_KEY,
        placeholder=t("query_ph", lng),
        help=t("search_help", lng),
        persist_state="session",
    )
    _to_url(search_url.write(query, f, years))
    if not query.strip():
        _landing(lng, search)
        return
    hits, ms = _search(search, query, f, lng)
    if not hits:
        _explain_empty(lng, docs, f, active)
        return
    table = programs()  # loaded before the count is written: a count over no cards looks empty
    st.caption(t("n_results", lng, n=len(hits), ms=ms))
    also = searched_as(search.settings, query)
    if also:  # why an answer in another language is here (kb/answer/translation.py)
        st.caption(t("also_searched", lng, terms=" · ".join(esc(term) for term in also)))
    tip = place_tip(search.index, query, hits, f if f.active() else None)
    if tip is not None:
        _offer_places(tip, lng, docs)
    for hit in hits:
        prog = table.get(hit.program_id) if hit.program_id else None
        hit_card(hit, lng, key=f"hit-{hit.rank}", program=prog)
    st.download_button(  # the same object as `kb search --json-object`
        t("download_json", lng),
        json.dumps(answer_object(query, hits, also), ensure_ascii=False, indent=1),
        icon=":material/download:",
        file_name="kb-search.json",
        mime="application/json",
        on_click="ignore",
    )
