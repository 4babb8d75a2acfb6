"""Editing a shipped case study and running `kb build` again: the new version replaces the old.

Before 2026-12-05 an edited case study (new tags, a corrected sentence) was taken for a
near-duplicate of its own previous version, held for review, and vanished from search.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.curate.batch import build_corpus
from kb.curate.catalog import open_catalog
from kb.curate.dedup import signature
from kb.ingest.embed import make_encoder
from kb.ingest.pipeline import IngestReport, corpus_documents, doc_record
from kb.settings import PROJECT_ROOT, Settings
from kb.store.factory import open_store

PROGRAMS = ("lac-aladi-cod", "kor-fta-utilization-support")


def _corpus(root: Path) -> Path:
    """A two-program corpus (originals and translations) with no policy notes."""
    src = PROJECT_ROOT / "corpus" / "programs"
    (root / "programs" / "translations").mkdir(parents=True)
    (root / "documents").mkdir()
    for pid in PROGRAMS:
        shutil.copy(src / f"{pid}.md", root / "programs")
        for tr in (src / "translations").glob(f"{pid}.*.md"):
            shutil.copy(tr, root / "programs" / "translations")
    return root


def _build(s: Settings) -> IngestReport:
    return build_corpus(s, encoder=make_encoder("hash-256"))


def _programs(s: Settings) -> dict[str, tuple[str, tuple[str, ...]]]:
    index = open_store(s).load(s.default_index)
    return {d.program.id: (k, d.program.needs) for k, d in index.docs.items() if d.program}


def _edit_needs(corpus: Path, pid: str) -> None:
    path = corpus / "programs" / f"{pid}.md"
    text = path.read_text(encoding="utf-8")
    assert "needs: [trade-agreement-use, export-procedures]" in text
    path.write_text(
        text.replace(
            "needs: [trade-agreement-use, export-procedures]", "needs: [export-procedures]"
        ),
        encoding="utf-8",
    )


def test_an_edited_case_study_replaces_its_old_version(
    store_settings: Settings, tmp_path: Path
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    s = store_settings.with_(corpus_dir=corpus)
    first = _build(s)
    assert len(first.added) == 2 and not first.pending
    before = _programs(s)

    _edit_needs(corpus, "lac-aladi-cod")
    report = _build(s)
    after = _programs(s)
    assert set(after) == set(PROGRAMS), report  # still searchable, not held for review
    new_id, needs = after["lac-aladi-cod"]
    assert needs == ("export-procedures",) and new_id != before["lac-aladi-cod"][0]
    assert report.replaced == [new_id] and not report.pending and not report.near_duplicates
    assert after["kor-fta-utilization-support"] == before["kor-fta-utilization-support"]
    cat = open_catalog(s)
    assert cat.find(s.default_index, new_id).status == "approved"  # type: ignore[union-attr]
    old = cat.find(s.default_index, before["lac-aladi-cod"][0])
    assert old is not None and old.status == "retired"


def test_an_edit_undone_brings_the_first_version_back(
    store_settings: Settings, tmp_path: Path
) -> None:
    """Edit a case study, build, undo the edit, build: the first version is in the index again.
    The build had retired it for being replaced, not a curator; left retired, the program was
    missing from search (five case studies were, in a development index refreshed across a
    checkout)."""
    corpus = _corpus(tmp_path / "corpus")
    s = store_settings.with_(corpus_dir=corpus)
    _build(s)
    first = _programs(s)["lac-aladi-cod"][0]
    path = corpus / "programs" / "lac-aladi-cod.md"
    original = path.read_text(encoding="utf-8")
    _edit_needs(corpus, "lac-aladi-cod")
    _build(s)
    edited = _programs(s)["lac-aladi-cod"][0]
    path.write_text(original, encoding="utf-8")
    report = _build(s)
    assert _programs(s)["lac-aladi-cod"][0] == first, report
    assert report.replaced == [first] and not report.pending
    cat = open_catalog(s)
    assert cat.find(s.default_index, first).status == "approved"  # type: ignore[union-attr]
    assert cat.find(s.default_index, edited).status == "retired"  # type: ignore[union-attr]

    # A version a curator retired stays retired, even while its file still holds it.
    cat.set_status(s.default_index, first, "retired", "ana", "retire", "outdated figures")
    open_store(s).load(s.default_index).without([first]).publish()
    report = _build(s)
    assert "lac-aladi-cod" not in _programs(s) and first in report.unchanged


def _hold(s: Settings, near: str, similarity: float) -> str:
    """Register the current version of ALADI's study as the old build did: pending, as a
    near-duplicate of `near`. Its id."""
    doc = next(d for d in corpus_documents(s)[0] if d.program and d.program.id == "lac-aladi-cod")
    open_catalog(s).register(
        s.default_index,
        doc_record(doc),
        doc_id=doc.doc_id,
        content_hash=doc.doc_id,
        status="pending",
        user="kb build",
        minhash=signature(doc.text),
        near_duplicate_of=near,
        similarity=similarity,
    )
    return doc.doc_id


def test_a_version_held_by_the_old_build_is_screened_again(
    store_settings: Settings, tmp_path: Path
) -> None:
    """A catalog written by the old build holds the edited version pending, as a near-duplicate
    of the version it replaces; the next build indexes it."""
    corpus = _corpus(tmp_path / "corpus")
    s = store_settings.with_(corpus_dir=corpus)
    _build(s)
    old_id = _programs(s)["lac-aladi-cod"][0]
    _edit_needs(corpus, "lac-aladi-cod")
    new_id = _hold(s, old_id, 1.0)
    # ... and had dropped the old version from the index and retired it.
    open_store(s).load(s.default_index).without([old_id]).publish()
    cat = open_catalog(s)
    cat.set_status(s.default_index, old_id, "retired", "kb build", "retire", "source removed")
    report = _build(s)
    assert _programs(s)["lac-aladi-cod"][0] == new_id, report
    assert cat.find(s.default_index, new_id).status == "approved"  # type: ignore[union-attr]

    # A version held as a near-duplicate of some *other* document keeps its pending status.
    other = _programs(s)["kor-fta-utilization-support"][0]
    path = corpus / "programs" / "lac-aladi-cod.md"
    path.write_text(
        path.read_text(encoding="utf-8").replace("status: active", "status: unknown"),
        encoding="utf-8",
    )
    held = _hold(s, other, 0.9)
    report = _build(s)
    assert held in report.pending and "lac-aladi-cod" not in _programs(s)


def test_an_index_built_before_the_instruments_headers_gains_them_on_the_next_build(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Case studies indexed by the previous way of turning them into documents (no header
    passages of instruments) are re-indexed by `kb build`, not kept as "unchanged"."""
    from kb.ingest import pipeline

    corpus = _corpus(tmp_path / "corpus")
    s = settings.with_(corpus_dir=corpus)
    new_blocks = pipeline._program_blocks
    monkeypatch.setattr(pipeline, "PROGRAM_DOCUMENT_VERSION", 1)
    monkeypatch.setattr(
        pipeline, "_program_blocks", lambda p: new_blocks(p)[:2] + new_blocks(p)[5:]
    )
    _build(s)
    monkeypatch.undo()
    report = _build(s)
    index = open_store(s).load(s.default_index)
    heads = [c for c in index.chunks.itertuples() if c.kind == "header"]
    assert len(heads) == len(PROGRAMS) * pipeline.HEADER_PASSAGES, report
    assert len(report.replaced) == len(PROGRAMS) and not report.pending
