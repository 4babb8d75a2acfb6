"""The Python API: open an index and search it, with heavy objects loaded once.

from kb.api import search
hits = search("garantías de crédito para pymes", top_k=5)
"""

from __future__ import annotations

import threading
from functools import lru_cache

from kb.embed import Encoder, make_encoder, spec_name
from kb.index import Index
from kb.records import Hit
from kb.search import Filters, Searcher
from kb.settings import Settings, get_settings

_lock = threading.Lock()


@lru_cache(maxsize=4)
def _encoder(spec: str, weights: tuple[float, ...]) -> Encoder:
    return make_encoder(spec, weights)


def encoder_for(settings: Settings) -> Encoder:
    with _lock:
        return _encoder(settings.encoder, tuple(settings.encoder_weights))


def open_index(name: str | None = None, settings: Settings | None = None) -> Index:
    """Load the live version of an index; refuses one built with another encoder."""
    s = settings or get_settings()
    return Index.load(s.index_path(name), expect_encoder=spec_name(s.encoder, s.encoder_weights))


def open_searcher(name: str | None = None, settings: Settings | None = None) -> Searcher:
    s = settings or get_settings()
    index = open_index(name, s)
    return Searcher(index, encoder_for(s), s)


def search(
    query: str,
    top_k: int = 10,
    filters: Filters | None = None,
    index: str | None = None,
    settings: Settings | None = None,
) -> list[Hit]:
    """One-off search (loads the index each call; keep a Searcher for many queries)."""
    return open_searcher(index, settings).search(query, top_k, filters)
