"""Index and search on tiny corpora where the right answer is obvious (fake encoder), on both
stores (file and Postgres)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kb.answer.search import Filters, Searcher
from kb.curate.batch import Pipeline
from kb.errors import IndexMismatchError, IndexMissingError
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from kb.store.factory import open_store
from tests.support.files import write
from tests.support.stores import file_only, load


@pytest.fixture
def settings(store_settings: Settings) -> Settings:
    return store_settings


DOCS = {
    "guarantees.md": "---\ntitle: Credit guarantees\ncountries: [CHL]\nyear: 2015\n---\n"
    "# Guarantees\n\nA public fund guarantees bank loans to small firms that "
    "lack collateral. The fund auctions guarantee rights to banks.\n",
    "windows.md": "---\ntitle: Trade single windows\ncountries: [SGP]\nyear: 2020\n---\n"
    "# Single window\n\nExporters file every customs and permit document once "
    "through one electronic portal.\n",
    "garantias.md": "---\ntitle: Garantías de crédito\ncountries: [COL]\nyear: 2010\n---\n"
    "# Garantías\n\nUn fondo nacional respalda créditos bancarios a pequeñas "
    "empresas sin garantías reales.\n",
}


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "docs"
    for name, text in DOCS.items():
        write(folder / name, text)
    return folder


def _searcher(settings: Settings) -> Searcher:
    index = open_store(settings).load("t", expect_encoder="hash-256")
    return Searcher(index, make_encoder("hash-256"), settings)


def test_ingest_then_search_finds_the_obvious_passage(settings: Settings, corpus: Path) -> None:
    report = Pipeline(settings).ingest_paths([corpus], "t")
    assert len(report.added) == 3 and not report.failed
    hits = _searcher(settings).search("electronic portal for customs documents", top_k=3)
    assert hits[0].title == "Trade single windows"
    assert hits[0].page == 1 and hits[0].source.endswith("windows.md")
    assert "portal" in hits[0].snippet


@pytest.mark.parametrize("method", ["weighted", "rrf", "dense", "bm25"])
def test_every_fusion_method_ranks_the_exact_match_first(
    settings: Settings, corpus: Path, method: str
) -> None:
    Pipeline(settings).ingest_paths([corpus], "t")
    hits = _searcher(settings).search("guarantee rights auctions banks", method=method)
    assert hits[0].title == "Credit guarantees"


def test_filters_restrict_results(settings: Settings, corpus: Path) -> None:
    Pipeline(settings).ingest_paths([corpus], "t")
    s = _searcher(settings)
    only_col = s.search("guarantees loans small firms", filters=Filters(countries=("COL",)))
    assert {h.title for h in only_col} == {"Garantías de crédito"}
    recent = s.search("guarantees loans small firms", filters=Filters(year_from=2016))
    assert {h.title for h in recent} == {"Trade single windows"}
    assert s.search("guarantees", filters=Filters(countries=("JPN",))) == []
    es = s.search("fondo garantías", filters=Filters(languages=("es",)))
    assert es and all(h.language == "es" for h in es)


def test_one_document_cannot_fill_the_page(settings: Settings, tmp_path: Path) -> None:
    long = "\n\n".join(
        f"Credit guarantee paragraph {i} about guarantee funds for small firms." for i in range(40)
    )
    write(tmp_path / "d" / "long.md", "# Long\n\n" + long)
    write(tmp_path / "d" / "other.md", "# Other\n\nA guarantee fund for small firms elsewhere.")
    Pipeline(settings.with_(chunk_words=20, chunk_overlap_words=5)).ingest_paths(
        [tmp_path / "d"], "t"
    )
    hits = _searcher(settings).search("credit guarantee funds small firms", top_k=5)
    per_doc: dict[str, int] = {}
    for h in hits:
        per_doc[h.doc_id] = per_doc.get(h.doc_id, 0) + 1
    assert max(per_doc.values()) <= settings.max_hits_per_doc and len(per_doc) == 2


def test_reingest_of_unchanged_files_embeds_nothing(settings: Settings, corpus: Path) -> None:
    first = Pipeline(settings).ingest_paths([corpus], "t")
    again = Pipeline(settings).ingest_paths([corpus], "t")
    assert first.chunks > 0 and again.chunks == 0
    assert len(again.unchanged) == 3 and not again.added


def test_changed_file_replaces_its_old_version(settings: Settings, corpus: Path) -> None:
    Pipeline(settings).ingest_paths([corpus], "t")
    write(corpus / "windows.md", "---\ntitle: Trade single windows v2\n---\n\nNew text on ports.")
    report = Pipeline(settings).ingest_paths([corpus], "t")
    assert len(report.replaced) == 1
    titles = {d.title for d in load(settings).docs.values()}
    assert titles == {"Credit guarantees", "Garantías de crédito", "Trade single windows v2"}


def test_bad_file_is_reported_and_the_rest_ingested(settings: Settings, corpus: Path) -> None:
    (corpus / "broken.pdf").write_bytes(b"this is not a pdf at all")
    (corpus / "empty.txt").write_bytes(b"")
    report = Pipeline(settings).ingest_paths([corpus], "t")
    failed = dict(report.failed)
    assert set(failed) == {str(corpus / "broken.pdf"), str(corpus / "empty.txt")}
    assert "empty" in failed[str(corpus / "empty.txt")]
    assert len(report.added) == 3


def test_manifest_describes_the_index(settings: Settings, corpus: Path) -> None:
    file_only(settings, "reads manifest.json")
    Pipeline(settings).ingest_paths([corpus], "t")
    path = settings.index_path("t")
    version = (path / "CURRENT").read_text().strip()
    manifest = json.loads((path / "versions" / version / "manifest.json").read_text())
    assert manifest["encoder"] == "hash-256" and manifest["dim"] == 256
    assert manifest["docs"] == 3 and manifest["chunks"] >= 3
    assert manifest["chunk_words"] == settings.chunk_words


def test_an_index_keeps_its_chunking_until_rebuilt(settings: Settings, tmp_path: Path) -> None:
    """A chunk length changed after the index was built applies at --rebuild, not to the
    documents added since (passages of two lengths would not compare)."""
    long = " ".join(f"Sentence {i} tells how the fund guarantees loans." for i in range(40))
    write(tmp_path / "a" / "one.md", f"---\ntitle: One\n---\n\n{long}\n")
    write(tmp_path / "b" / "two.md", f"---\ntitle: Two\n---\n\n{long}\n")
    Pipeline(settings.with_(chunk_words=40)).ingest_paths([tmp_path / "a"], "t")
    wider = settings.with_(chunk_words=200)
    Pipeline(wider).ingest_paths([tmp_path / "b"], "t")
    index = load(settings)
    words: dict[str, list[int]] = {d.title: [] for d in index.docs.values()}
    for row in range(index.size):
        c = index.chunk(row)
        words[index.docs[index.doc_of(row)].title].append(len(c["text"].split()))
    assert index.manifest.chunk_words == 40
    assert max(words["Two"]) <= 40 + settings.chunk_overlap_words and len(words["Two"]) > 3
    assert sorted(words["Two"]) == sorted(words["One"])
    Pipeline(wider).ingest_paths([tmp_path / "a", tmp_path / "b"], "t", rebuild=True)
    rebuilt = load(settings)
    assert rebuilt.manifest.chunk_words == 200 and rebuilt.size < index.size


def test_loading_with_another_encoder_is_refused(settings: Settings, corpus: Path) -> None:
    Pipeline(settings).ingest_paths([corpus], "t")
    with pytest.raises(IndexMismatchError, match="rebuild"):
        open_store(settings).load("t", expect_encoder="usem3")


def test_missing_index_is_a_clear_error(settings: Settings) -> None:
    with pytest.raises(IndexMissingError, match="kb build"):
        open_store(settings).load("nope")


def test_publish_switches_versions_and_readers_keep_theirs(
    settings: Settings, corpus: Path
) -> None:
    Pipeline(settings).ingest_paths([corpus], "t")
    reader = load(settings)
    gone = sorted(reader.docs)[0]
    Pipeline(settings).remove("t", [gone])
    fresh = load(settings)
    assert len(reader.docs) == 3 and len(fresh.docs) == 2
    assert reader.manifest.version != fresh.manifest.version
    assert fresh.size == len(fresh.chunk_table()) == fresh.manifest.chunks
    # the reader keeps its version: the removed document is still found by it, not by fresh
    searcher = Searcher(reader, make_encoder("hash-256"), settings)
    title = reader.docs[gone].title
    assert title in {h.title for h in searcher.search(title, method="bm25")}
    fresh_hits = Searcher(fresh, make_encoder("hash-256"), settings).search(title)
    assert gone not in {h.doc_id for h in fresh_hits}


def test_missing_heading_is_none_not_nan(settings: Settings, tmp_path: Path) -> None:
    write(tmp_path / "d" / "plain.txt", "Export vouchers for small firms without any heading.")
    Pipeline(settings).ingest_paths([tmp_path / "d"], "t")
    (hit,) = _searcher(settings).search("export vouchers", top_k=1)
    assert hit.heading is None and hit.page_label is None
    assert json.dumps(hit.to_json())  # NaN would not be valid JSON for other tools
    assert "NaN" not in json.dumps(hit.to_json())


def test_half_precision_storage_finds_what_float32_finds(
    settings: Settings, tmp_path: Path
) -> None:
    """The default SQfp16 storage ranks like float32 and keeps the scores within 1e-3."""
    file_only(settings, "FAISS storage")
    for i in range(40):
        write(
            tmp_path / "many" / f"d{i}.md",
            f"# Report {i}\n\n"
            + " ".join(f"word{(i * 7 + j) % 97} term{(i + j * 3) % 61}" for j in range(60))
            + "\n",
        )
    half = settings.with_(index_dir=tmp_path / "half")
    full = settings.with_(index_dir=tmp_path / "full", vector_storage="Flat")
    assert half.vector_storage == "SQfp16"
    for s in (half, full):
        Pipeline(s).ingest_paths([tmp_path / "many"], "t")
    a, b = _searcher(half), _searcher(full)
    assert a.index.manifest.vector_storage == "SQfp16"
    assert b.index.manifest.vector_storage == "Flat"
    assert a.index.vectors.sa_code_size() * 2 == b.index.vectors.sa_code_size()
    for query in ("word3 term5 word10", "term17 word44", "report word90"):
        ha, hb = a.search(query, method="dense"), b.search(query, method="dense")
        assert [h.chunk_id for h in ha] == [h.chunk_id for h in hb]
        assert [h.score for h in ha] == pytest.approx([h.score for h in hb], abs=1e-3)


def test_passage_text_is_read_from_the_memory_mapped_arrow_file(
    settings: Settings, corpus: Path
) -> None:
    file_only(settings, "reads the version folder")
    Pipeline(settings).ingest_paths([corpus], "t")
    index = _searcher(settings).index
    folder = settings.index_path("t") / "versions" / index.manifest.version
    assert (folder / "chunks.arrow").is_file() and not (folder / "chunks.parquet").exists()
    text = index.chunks["text"]
    assert str(text.dtype) in ("string", "str")  # Arrow-backed, not a column of Python objects
    assert any("electronic portal" in t for t in text)


def test_a_reader_keeps_searching_after_its_version_is_pruned(
    settings: Settings, corpus: Path, tmp_path: Path
) -> None:
    """Text and BM25 postings are memory-mapped: deleting the reader's version folder (publishes
    prune all but the last few) must not break the reader, which keeps what it opened. (Postgres
    keeps the rows of versions published in the last RETAIN_SECONDS for such readers.)"""
    Pipeline(settings).ingest_paths([corpus], "t")
    searcher = _searcher(settings)
    before = [(h.chunk_id, h.text) for h in searcher.search("electronic portal customs")]
    version = settings.index_path("t") / "versions" / searcher.index.manifest.version
    for i in range(4):  # more publishes than versions kept
        write(tmp_path / "more" / f"n{i}.md", f"# Note {i}\n\nUnrelated note number {i}.\n")
        Pipeline(settings).ingest_paths([tmp_path / "more"], "t")
    assert settings.store != "file" or not version.exists()
    after = [(h.chunk_id, h.text) for h in searcher.search("electronic portal customs")]
    assert after == before and "portal" in after[0][1]
    # a query whose passages and postings this reader has not read yet
    fresh = searcher.search("fondo nacional créditos bancarios", method="bm25")
    assert fresh[0].title == "Garantías de crédito" and "fondo" in fresh[0].text


def test_page_span_of_a_passage_survives_the_store(settings: Settings, tmp_path: Path) -> None:
    """Issue 13: a sentence running on over a page break spans pages 1-2 in Hit and --json;
    the passage after it cites page 2 alone."""
    import docx
    from docx.oxml import OxmlElement

    document = docx.Document()
    first = document.add_paragraph("Exporters file customs documents through one portal that")
    first.add_run()._r.append(OxmlElement("w:lastRenderedPageBreak"))
    first.add_run(" agencies read online. Guarantee funds share the credit risk of banks.")
    document.add_heading("Vouchers", level=1)
    document.add_paragraph("Innovation vouchers pay consultancies for small firms.")
    document.save(str(tmp_path / "note.docx"))
    Pipeline(settings).ingest_paths([tmp_path / "note.docx"], "t")
    searcher = _searcher(settings)
    (portal,) = searcher.search("customs documents portal agencies online", top_k=1)
    assert (portal.page, portal.page_end) == (1, 2)
    assert {"page": 1, "page_end": 2}.items() <= portal.to_json().items()
    (card,) = searcher.search("guarantee funds credit risk banks", top_k=5, per_doc=5)
    pages = {p.chunk_id: (p.page, p.page_end) for p in card.passages}
    assert sorted(pages.values()) == [(1, 2), (2, 2), (2, 2)]
