"""The Python API: open an index and search it, with heavy objects loaded once.

from kb.api import open_searcher, Filters
hits = open_searcher().search("garantías de crédito para pymes", top_k=5)
"""

from __future__ import annotations

from kb.answer.places import PlacesNamed, places_named
from kb.answer.search import Filters, Searcher
from kb.ingest.embed import Encoder, encoder_for, spec_name
from kb.records import Hit
from kb.settings import Settings, get_settings
from kb.store.base import IndexView
from kb.store.factory import open_store

__all__ = [
    "Filters",
    "Hit",
    "PlacesNamed",
    "Searcher",
    "encoder_for",
    "open_index",
    "open_searcher",
    "places_named",
    "search",
]


def open_index(name: str | None = None, settings: Settings | None = None) -> IndexView:
    """Load the live version of an index (file or Postgres store, as the settings say);
    refuses one built with another encoder."""
    s = settings or get_settings()
    return open_store(s).load(
        name or s.default_index, expect_encoder=spec_name(s.encoder, s.encoder_weights)
    )


def open_searcher(
    name: str | None = None, settings: Settings | None = None, encoder: Encoder | None = None
) -> Searcher:
    s = settings or get_settings()
    return Searcher(open_index(name, s), encoder or encoder_for(s), s)


def search(
    query: str,
    top_k: int = 10,
    filters: Filters | None = None,
    index: str | None = None,
    settings: Settings | None = None,
    include_weak: bool = False,
    reader: str | None = None,
) -> list[Hit]:
    """One-off search (loads the index each call; keep a Searcher for many queries).

    One hit per program or document; an empty list means no good match (below the calibrated
    relevance floor) unless `include_weak`, which keeps weak hits flagged `good_match=False`.
    `reader` (en, es, pt): a case study's passages in that language are shown first.
    """
    searcher = open_searcher(index, settings)
    return searcher.search(query, top_k, filters, include_weak=include_weak, reader=reader)
