"""BM25 kept incrementally: same scores as bm25s, and adding or removing passages gives the
same index as counting the corpus again."""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import bm25s
import numpy as np
import pytest

from kb.curate.curator import Curator
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from kb.store.index import Index
from kb.store.lexical import LexicalIndex, tokenize
from tests.support.files import report_text

VOCAB = [f"t{i}" for i in range(80)]
QUERIES = [["t1"], ["t2", "t3", "t2"], ["t5", "t79", "t0", "zzz"], ["t10", "t11", "t12"]]


def _corpus(n: int, seed: int = 1) -> list[list[str]]:
    rng = random.Random(seed)
    return [[rng.choice(VOCAB) for _ in range(rng.randint(1, 50))] for _ in range(n)]


def test_scores_equal_bm25s() -> None:
    docs = _corpus(400)
    ours = LexicalIndex.build(docs)
    ref = bm25s.BM25()
    ref.index(docs, show_progress=False)
    for q in QUERIES:
        known = [t for t in q if t in ref.vocab_dict]
        np.testing.assert_allclose(ours.scores(q), ref.get_scores(known), rtol=1e-5, atol=1e-6)


def test_extend_and_select_equal_a_fresh_count() -> None:
    docs = _corpus(300)
    grown = LexicalIndex.build(docs[:120]).extend(docs[120:200]).extend(docs[200:])
    whole = LexicalIndex.build(docs)
    keep = np.array([i % 4 != 1 for i in range(len(docs))])
    shrunk = whole.select(keep)
    fresh = LexicalIndex.build([d for d, k in zip(docs, keep, strict=True) if k])
    for q in QUERIES:
        np.testing.assert_allclose(grown.scores(q), whole.scores(q), rtol=1e-6)
        np.testing.assert_allclose(shrunk.scores(q), fresh.scores(q), rtol=1e-6)
    assert whole.size == 300 and shrunk.size == int(keep.sum())
    assert LexicalIndex.build(docs[:10]).scores(["t1"]).shape == (10,)


def test_save_and_load_round_trip(tmp_path: Path) -> None:
    docs = [*_corpus(50), []]  # an empty passage is allowed and never matches
    index = LexicalIndex.build(docs)
    index.save(tmp_path / "bm25")
    assert LexicalIndex.is_saved(tmp_path / "bm25")
    back = LexicalIndex.load(tmp_path / "bm25")
    assert back.size == 51 and back.scores(["t3"])[-1] == 0
    for q in QUERIES:
        np.testing.assert_array_equal(back.scores(q), index.scores(q))
    assert not any(p.suffix == ".pkl" for p in (tmp_path / "bm25").iterdir())


def _on_disk(array: np.ndarray) -> bool:
    """True when the array is a view of a memory-mapped file (not a copy in memory)."""
    base: object = array
    while base is not None and not isinstance(base, np.memmap):
        base = getattr(base, "base", None)
    return base is not None


def test_saved_arrays_are_memory_mapped_and_the_csr_format_still_loads(tmp_path: Path) -> None:
    """Format 2 is read in place (memory-mapped); format 1 stored passage-major arrays."""
    index = LexicalIndex.build(_corpus(60))
    index.save(tmp_path / "new")
    mapped = LexicalIndex.load(tmp_path / "new")
    assert all(_on_disk(a) for a in (mapped.tf.data, mapped.tf.indices, mapped.tf.indptr))
    assert not _on_disk(index.tf.data)
    csr = index.tf.tocsr()
    old = tmp_path / "old"
    old.mkdir()
    for name, arr in (
        ("tf_data", csr.data),
        ("tf_indices", csr.indices),
        ("tf_indptr", csr.indptr),
        ("lengths", index.lengths),
    ):
        np.save(old / f"{name}.npy", arr)
    shutil.copy(tmp_path / "new" / "vocab.json", old / "vocab.json")
    (old / "params.json").write_text('{"format": "kb-bm25-1", "size": 60}', encoding="utf-8")
    assert LexicalIndex.is_saved(old)
    for q in QUERIES:
        np.testing.assert_allclose(LexicalIndex.load(old).scores(q), index.scores(q), rtol=1e-6)
        np.testing.assert_allclose(mapped.scores(q), index.scores(q), rtol=1e-6)
    grown = mapped.extend([["t1", "t1"]]).select(np.r_[np.ones(60, bool), [True]])
    assert grown.size == 61 and grown.scores(["t1"])[-1] > 0  # a mapped index can still change


def test_index_versions_written_before_the_change_still_load(
    settings: Settings, tmp_path: Path
) -> None:
    """A version whose bm25/ folder is in bm25s's format is re-counted from stored tokens."""
    (tmp_path / "a.txt").write_text(report_text(1), encoding="utf-8")
    Curator(settings, "t", user="a", encoder=make_encoder("hash-256")).ingest([tmp_path / "a.txt"])
    index = Index.load(settings.index_path("t"))
    folder = settings.index_path("t") / "versions" / index.manifest.version / "bm25"
    expected = index.lexical.scores(["fund", "bank"])
    # Rewrite the version as older kb wrote it: tokens in chunks.parquet, bm25s's folder.
    tokens = [
        tokenize(t, lang)
        for t, lang in zip(index.chunks["text"], index.chunks["language"], strict=True)
    ]
    table = index.chunks.assign(tokens=tokens)
    table.to_parquet(folder.parent / "chunks.parquet", index=False)
    (folder.parent / "chunks.arrow").unlink()
    shutil.rmtree(folder)
    old = bm25s.BM25()
    old.index(tokens, show_progress=False)
    old.save(str(folder))
    again = Index.load(settings.index_path("t"))
    np.testing.assert_allclose(again.lexical.scores(["fund", "bank"]), expected, rtol=1e-6)
    assert "tokens" not in again.chunks.columns
    (tmp_path / "b.txt").write_text(report_text(2), encoding="utf-8")
    Curator(settings, "t", user="a", encoder=make_encoder("hash-256")).ingest(
        [tmp_path / "b.txt"]
    )  # an old version can be changed and published again
    assert len(Index.load(settings.index_path("t")).docs) == 2


@pytest.mark.parametrize("n", [0, 1])
def test_tiny_indexes(n: int) -> None:
    index = LexicalIndex.build(_corpus(n))
    assert index.scores(["t1"]).shape == (n,)
    assert index.select(np.ones(n, dtype=bool)).size == n


def test_fold_strips_every_combining_mark_like_the_character_by_character_rule() -> None:
    """The fast fold (ASCII shortcut, one regex) equals testing each character."""
    import unicodedata

    from kb.store.lexical import fold, tokenize

    def slow(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.lower())
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    samples = [
        "Garantías",
        "SÃO PAULO",
        "ação",
        "Tiếng Việt",
        "हिन्दी",
        "ภาษาไทย",
        "العربيّة",
        "中小企業",
        "ﬁnancement",
        "Ωmega",
        "plain ascii",
        "e\u0301\u0327",
    ]
    for text in samples:
        assert fold(text) == slow(text), text
    assert fold("Garantías") == "garantias"
    assert all(t.isascii() for t in tokenize("Garantías de crédito à exportação", "pt"))
