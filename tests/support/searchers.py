"""A searcher over a few small files, indexed once with the fake encoder."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kb.answer.search import Searcher
from kb.curate.batch import Pipeline
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from kb.store.index import Index
from tests.support.files import write


def indexed_files(settings: Settings, name: str, files: dict[str, str]) -> Callable[..., Searcher]:
    """Index `files` once (fake encoder); a searcher over them with some settings changed."""
    folder = settings.index_dir.parent / name
    for file, text in files.items():
        write(folder / file, text)
    Pipeline(settings).ingest_paths([folder], "t")

    def searcher(**changes: Any) -> Searcher:
        s = settings.with_(**changes)
        return Searcher(Index.load(s.index_path("t")), make_encoder("hash-256"), s)

    return searcher
