"""Shared state of the Streamlit app: the language, cached heavy resources, the latency log.

Heavy objects (index, encoders, case studies) are loaded once per server process with
`st.cache_resource`, keyed on the live index version, so a warm search only encodes the query
and a rebuilt index is picked up on the next rerun.
"""

from __future__ import annotations

import re
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pandas as pd
import streamlit as st

from kb.answer.search import Searcher, doc_table
from kb.curate.uploads import stored_file
from kb.errors import IndexCorruptError, IndexMismatchError, IndexMissingError
from kb.ingest.programs import Program
from kb.settings import Settings, get_settings
from kb.store.factory import open_store
from kb.vocab.labels import LANGS, t

LANG_KEY = "lang"  # the sidebar selectbox
CHOSEN_LANG_KEY = "_kb_lang"  # the same choice, kept when a page switch drops widget state
PAGES_KEY = "_kb_pages"  # name -> st.Page, so pages can switch to each other
PROGRAM_KEY = "program_id"  # the program the Program page shows
COMPARE_KEY = "compare_pick"  # the programs the Compare page compares, in the order added
PROFILE_KEY = "kb_profile"  # the last Profile submitted on Recommend
RESULT_KEY = "kb_recommendations"  # the last RecommendationSet
_build_lock = threading.Lock()


def lang() -> str:
    """The interface language chosen in the sidebar (Spanish until one is chosen)."""
    value = st.session_state.get(LANG_KEY) or st.session_state.get(CHOSEN_LANG_KEY)
    return value if value in LANGS else LANGS[0]


def settings() -> Settings:
    return get_settings()


def index_version(s: Settings) -> str:
    """The live version name of the default index, '' when there is none."""
    return open_store(s).version(s.default_index)


def _exists(s: Settings) -> bool:
    return open_store(s).exists(s.default_index)


# The pipeline names its stages in English (CLI logs); the app says them in the user's language.
_STAGES = {"Reading files": "ui.stage_reading", "Embedding passages": "ui.stage_embedding"}


def stage_label(name: str, lang_: str) -> str:
    """A pipeline stage's name in `lang_` ("Reading files", "<file> (pages)" of an OCR run)."""
    if name in _STAGES:
        return t(_STAGES[name], lang_)
    if name.endswith(" (pages)"):
        return t("ui.stage_ocr", lang_, file=name.removesuffix(" (pages)"))
    return name


class StreamlitProgress:
    """kb.ingest.pipeline's progress sink: one st.progress bar per stage, named in the reader's
    language, so a finished stage stays visible above the next."""

    def __init__(self, lang_: str) -> None:
        self._bar: Any = None
        self._lang = lang_
        self.total, self.done, self.name = 1, 0, ""

    def stage(self, name: str, total: int) -> None:
        self.name = stage_label(name, self._lang)
        self.total, self.done = max(total, 1), 0
        self._bar = st.progress(0.0, text=self.name)

    def advance(self, n: int = 1) -> None:
        self.done += n
        if self._bar is not None:
            self._bar.progress(
                min(self.done / self.total, 1.0), text=f"{self.name} {self.done}/{self.total}"
            )


def ensure_index(lang_: str) -> bool:
    """Build the corpus index on the first run (with a progress bar); False if it failed."""
    s = settings()
    if _exists(s):
        return True
    from kb.curate.batch import build_corpus

    with _build_lock:  # two first visitors must not build the same index twice
        if _exists(s):
            return True
        st.info(t("building", lang_))
        try:
            build_corpus(s, progress=StreamlitProgress(lang_))
        except Exception as exc:  # shown to the user: the app stays up to say what failed
            st.error(t("build_failed", lang_, err=exc))
            return False
    return _exists(s)


@st.cache_resource(show_spinner=False, max_entries=2)
def _searcher(path: str, version: str, encoder: str, config: str) -> Searcher:
    # `config` (the settings as JSON) is part of the key: a changed search setting (the
    # relevance floor, fusion weights…) gets a new Searcher instead of the cached one.
    from kb.api import open_searcher

    search = open_searcher(settings=settings())
    search.warm()  # models load lazily: pay it here, not on a user query
    return search


def searcher() -> Searcher:
    """The Searcher of the live index version; IndexMissingError when there is no index."""
    s = settings()
    version = index_version(s)
    if not version:
        raise IndexMissingError(s.default_index, str(s.index_path()))
    location = open_store(s).location(s.default_index)
    return _searcher(location, version, s.encoder, s.model_dump_json())


def searcher_or_error(lang_: str) -> Searcher | None:
    """The searcher, or None after telling the user why there is none (and how to fix it)."""
    try:
        with st.spinner(t("loading", lang_), show_time=True):
            return searcher()
    except IndexMissingError:
        s = settings()
        st.error(t("no_index", lang_, name=s.default_index, path=s.index_dir))
    except (IndexMismatchError, IndexCorruptError) as exc:
        # e.g. the configured encoder changed since the index was built: offer the rebuild
        st.error(str(exc))
        if st.button(t("rebuild", lang_), type="primary", key="kb_rebuild"):
            rebuild_index(lang_)
    return None


def rebuild_index(lang_: str) -> None:
    """Rebuild the corpus index with the current settings, with a progress bar, then rerun."""
    from kb.curate.batch import build_corpus

    with _build_lock:
        st.info(t("rebuilding", lang_))
        try:
            build_corpus(settings(), rebuild=True, progress=StreamlitProgress(lang_))
        except Exception as exc:  # shown to the user: the app stays up to say what failed
            st.error(t("build_failed", lang_, err=exc))
            return
    st.rerun()


@st.cache_resource(show_spinner=False, max_entries=2)
def _doc_table(path: str, version: str) -> pd.DataFrame:
    return doc_table(searcher().index.docs)


def docs_frame() -> pd.DataFrame:
    """One row per indexed document with the fields filters look at."""
    s = settings()
    return _doc_table(open_store(s).location(s.default_index), index_version(s))


def programs() -> dict[str, Program]:
    """Case studies by id (kb.answer.recommend re-reads them only when a file changes)."""
    from kb.answer.recommend import programs_by_id

    return programs_by_id(settings().corpus_dir / "programs")


@dataclass(frozen=True)
class Timing:
    when: float
    query: str
    ms: float
    hits: int


@st.cache_resource(show_spinner=False)
def _latencies() -> tuple[deque[Timing], threading.Lock]:
    return deque(maxlen=50), threading.Lock()


def record_latency(query: str, ms: float, hits: int) -> None:
    log, lock = _latencies()
    with lock:
        log.append(Timing(time.time(), query, ms, hits))


def latencies() -> list[Timing]:
    log, lock = _latencies()
    with lock:
        return list(log)


def switch_to(page: str, params: dict[str, str] | None = None, **state: Any) -> None:
    """Set session values, then open another page of the app (by its url path), its URL
    carrying the interface language (and `params`), so the page opens in the same language."""
    for key, value in state.items():
        st.session_state[key] = value
    pages = st.session_state.get(PAGES_KEY) or {}
    if page in pages:
        st.switch_page(pages[page], query_params={"lang": lang(), **(params or {})})


def go_button(
    label: str, page: str, key: str, params: dict[str, str] | None = None, **state: Any
) -> None:
    """A button that opens another page with some session values set."""
    if st.button(label, key=key):
        switch_to(page, params, **state)


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=\"'])")


def esc(text: object) -> str:
    """Text from a document made inert inside our own Markdown: every special mark escaped."""
    flat = " ".join(str(text).split())
    return _MD_SPECIAL.sub(r"\\\1", flat)


_URL_SAFE = ":/?#@!$&*+,;=%~-._"  # what may stay as is in a link's target; the rest is encoded


def md_link(url: str) -> str:
    """An http(s) address as a Markdown link: the label escaped, the target percent-encoded so
    no mark in it can close the link or open another; any other address stays inert text."""
    if not url.startswith(("https://", "http://")):
        return esc(url)
    return f"[{esc(url)}]({quote(url, safe=_URL_SAFE)})"


def source_file(source: str) -> Path | None:
    """The local file a document came from, when kb stored it itself (an upload or the
    shipped corpus) and it is still readable; never a file ingested from elsewhere."""
    return stored_file(source, settings())


def reader(path: Path) -> Callable[[], bytes]:
    return path.read_bytes
