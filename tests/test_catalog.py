"""Catalog and curation: statuses, audit, exact and near duplicates, per-document index changes;
on both stores (SQLite catalog + file index, and Postgres for both)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from kb.answer.search import Filters, Searcher
from kb.curate.catalog import open_catalog
from kb.curate.curator import Curator
from kb.curate.hook import sync_programs
from kb.errors import StatusError, UnknownDocumentError, UnknownProgramError
from kb.ingest.embed import make_encoder
from kb.records import ProgramInfo
from kb.settings import Settings
from tests.support.files import report_text, write
from tests.support.stores import load


@pytest.fixture
def settings(store_settings: Settings) -> Settings:
    return store_settings


@pytest.fixture
def curator(settings: Settings) -> Curator:
    return Curator(settings, "t", user="alice", encoder=make_encoder("hash-256"))


def _searcher(settings: Settings) -> Searcher:
    return Searcher(load(settings), make_encoder("hash-256"), settings)


def _searchable(settings: Settings) -> set[str]:
    return set(load(settings).docs)


def test_audit_log_refuses_update_and_delete(settings: Settings, tmp_path: Path) -> None:
    cat = open_catalog(settings)
    cat.log("alice", "note", "t", "d1", why="test")
    if settings.store == "file":
        db = sqlite3.connect(settings.index_dir / "catalog.sqlite")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("UPDATE audit SET user='mallory'")
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            db.execute("DELETE FROM audit")
    else:  # straight to the database, as any other client of it could
        import psycopg

        with psycopg.connect(settings.database_url or "", autocommit=True) as conn:
            for sql in ("UPDATE audit SET \"user\" = 'mallory'", "DELETE FROM audit"):
                with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                    conn.execute(sql)
            with pytest.raises(psycopg.errors.RaiseException, match="append-only"):
                conn.execute("TRUNCATE audit")
    assert [e.user for e in cat.audit()] == ["alice"]


def test_ingest_registers_approved_documents_with_user(
    settings: Settings, curator: Curator, tmp_path: Path
) -> None:
    write(tmp_path / "d" / "a.txt", report_text(1))
    write(tmp_path / "d" / "b.txt", report_text(2))
    report = curator.ingest([tmp_path / "d"])
    assert len(report.added) == 2 and not report.pending
    entries = curator.catalog.entries("t")
    assert {e.status for e in entries} == {"approved"}
    assert {e.added_by for e in entries} == {"alice"}
    assert {e.doc_id for e in entries} == _searchable(settings)
    assert all(len(e.content_hash) == 64 for e in entries)
    actions = [(ev.action, ev.doc_id) for ev in curator.catalog.audit("t")]
    assert sorted(d for a, d in actions if a == "add") == sorted(e.doc_id for e in entries)


def test_exact_duplicate_is_reported_with_the_existing_id_and_not_indexed(
    settings: Settings, curator: Curator, tmp_path: Path
) -> None:
    first = write(tmp_path / "a.txt", report_text(1))
    curator.ingest([first])
    before = load(settings)
    copy = write(tmp_path / "copy" / "same-bytes.txt", report_text(1))
    report = curator.ingest([copy])
    (doc_id,) = before.docs
    assert report.duplicates == [(str(copy), doc_id)]
    assert not report.added and report.chunks == 0
    after = load(settings)
    assert after.manifest.version == before.manifest.version  # nothing published
    assert len(curator.catalog.entries("t")) == 1


def test_duplicates_inside_one_batch_are_indexed_once(curator: Curator, tmp_path: Path) -> None:
    write(tmp_path / "d" / "a.txt", report_text(1))
    write(tmp_path / "d" / "b.txt", report_text(1))
    report = curator.ingest([tmp_path / "d"])
    assert len(report.added) == 1
    assert report.duplicates == [(str(tmp_path / "d" / "b.txt"), report.added[0])]


def test_near_duplicate_is_pending_and_not_searchable(
    settings: Settings, curator: Curator, tmp_path: Path
) -> None:
    original = write(tmp_path / "report.md", "# Report\n\n" + report_text(1))
    curator.ingest([original])
    (orig_id,) = _searchable(settings)
    # The same report re-issued in another format with one sentence added.
    reissue = write(
        tmp_path / "report-2.txt",
        "Report\n\n" + report_text(1) + "\n\nRevised edition with a corrigendum.",
    )
    report = curator.ingest([reissue])
    assert len(report.pending) == 1 and not report.added
    (new_id, of, sim) = report.near_duplicates[0]
    assert of == orig_id and sim >= settings.near_duplicate_threshold
    pending = curator.catalog.entries("t", "pending")
    assert [(e.doc_id, e.near_duplicate_of) for e in pending] == [(new_id, orig_id)]
    assert _searchable(settings) == {orig_id}
    hits = _searcher(settings).search("corrigendum revised edition", top_k=5)
    assert all(h.doc_id != new_id for h in hits)


def test_unrelated_documents_are_not_near_duplicates(curator: Curator, tmp_path: Path) -> None:
    write(tmp_path / "d" / "a.txt", report_text(1))
    write(tmp_path / "d" / "b.txt", report_text(7))
    report = curator.ingest([tmp_path / "d"])
    assert len(report.added) == 2 and not report.near_duplicates


def test_upload_status_pending_then_approve_makes_it_searchable(
    settings: Settings, curator: Curator, tmp_path: Path
) -> None:
    write(tmp_path / "a.txt", report_text(1))
    curator.ingest([tmp_path / "a.txt"])
    upload = write(
        tmp_path / "up" / "windows.txt",
        "Exporters file every customs document once through one electronic portal.",
    )
    report = curator.ingest([upload], status="pending")
    (doc_id,) = report.pending
    assert doc_id not in _searchable(settings)
    entry = curator.approve(doc_id, note="checked")
    assert entry.status == "approved" and entry.changed_by == "alice"
    hits = _searcher(settings).search("electronic portal customs", top_k=1)
    assert hits[0].doc_id == doc_id
    assert [e.action for e in curator.catalog.audit("t", doc_id)] == ["approve", "add"]


def test_retire_touches_only_that_documents_chunks(
    settings: Settings, curator: Curator, tmp_path: Path
) -> None:
    for i in range(3):
        write(tmp_path / "d" / f"{i}.txt", report_text(i))
    curator.ingest([tmp_path / "d"])
    before = load(settings)
    gone = sorted(before.docs)[0]
    curator.retire(gone, note="superseded by the 2024 edition")
    after = load(settings)
    table = before.chunk_table()
    kept = table[table["doc_id"] != gone]
    assert set(after.docs) == set(before.docs) - {gone}
    after_table = after.chunk_table()
    assert list(after_table["faiss_id"]) == list(kept["faiss_id"])  # ids are stable
    before_vectors = before.vectors_of(kept.index.to_numpy())  # a chunk table's index: rows
    assert np.array_equal(after.vectors_of(after_table.index.to_numpy()), before_vectors)
    assert curator.catalog.get("t", gone).status == "retired"
    with pytest.raises(StatusError, match=r"cannot reject document .* it is retired"):
        curator.reject(gone)
    curator.approve(gone)  # a retired document can be re-instated from its source
    assert gone in _searchable(settings)


def test_reject_keeps_the_record_and_a_reupload_names_it(
    settings: Settings, curator: Curator, tmp_path: Path
) -> None:
    up = write(tmp_path / "up" / "x.txt", report_text(3))
    (doc_id,) = curator.ingest([up], status="pending").pending
    curator.reject(doc_id, note="off topic")
    assert curator.catalog.get("t", doc_id).note == "off topic"
    again = write(tmp_path / "again" / "x-copy.txt", report_text(3))
    report = curator.ingest([again], status="pending")
    assert report.duplicates == [(str(again), doc_id)] and not report.pending


def test_edit_changes_metadata_used_by_filters_without_reembedding(
    settings: Settings, curator: Curator, tmp_path: Path
) -> None:
    write(tmp_path / "a.txt", report_text(1))
    curator.ingest([tmp_path / "a.txt"])
    before = load(settings)
    (doc_id,) = before.docs
    curator.edit(doc_id[:8], {"title": "Guarantee funds", "countries": ["CHL"], "year": 2015})
    after = load(settings)
    assert after.docs[doc_id].title == "Guarantee funds"
    assert after.docs[doc_id].regions == ("Latin America & Caribbean",)
    assert after.manifest.next_id == before.manifest.next_id  # no chunk was re-added
    hits = _searcher(settings).search("fund bank", filters=Filters(countries=("CHL",)))
    assert hits and hits[0].title == "Guarantee funds"
    event = curator.catalog.audit("t", doc_id)[0]
    assert event.action == "edit" and event.detail["before"]["title"] == "a"


def test_unknown_document_is_a_usage_error(curator: Curator) -> None:
    with pytest.raises(UnknownDocumentError, match="kb docs list --index t"):
        curator.approve("0123456789abcdef")


def test_program_found_by_any_alias_with_its_documents(settings: Settings) -> None:
    cat = open_catalog(settings)
    programs = {
        "chl-fogape": ProgramInfo(
            id="chl-fogape",
            country="CHL",
            aliases=("FOGAPE",),
            name="Fondo de Garantía para Pequeños Empresarios (FOGAPE)",
        )
    }
    links = {
        "chl-fogape": [
            ("p-1", "case study", [1]),
            ("d-es", "mentions", [3, 4]),
            ("d-en", "mentions", [2]),
        ]
    }
    cat.sync_programs("t", programs, links, "alice")
    by_alias = cat.program("fondo de garantia para pequenos empresarios")
    assert by_alias.program_id == "chl-fogape" == cat.program("FOGAPE").program_id
    assert {d["doc_id"] for d in by_alias.documents} == {"p-1", "d-es", "d-en"}
    with pytest.raises(UnknownProgramError):
        cat.program("no such program")


@pytest.mark.integration
def test_corpus_programs_link_documents_in_several_languages(settings: Settings) -> None:
    """The shipped corpus: each case study is one program record; notes naming it link to it."""
    from kb.curate.batch import build_corpus
    from kb.curate.hook import CatalogHook

    s = settings.with_(default_index="t")
    cat = open_catalog(s)
    build_corpus(s, catalog=CatalogHook(cat, s, "alice"), encoder=make_encoder("hash-256"))
    index = load(s)
    assert sync_programs(cat, index, "alice") == len(cat.programs()) > 100
    linked = [
        p
        for p in map(cat.program, (p.program_id for p in cat.programs()))
        if any(d["role"] == "mentions" for d in p.documents)
    ]
    assert linked, "no policy note is linked to a program"
    langs = {d["language"] for p in linked for d in p.documents}
    assert len(langs) >= 2


def test_same_report_as_docx_and_pdf_is_a_near_duplicate(
    settings: Settings, curator: Curator, tmp_path: Path
) -> None:
    import docx
    from fpdf import FPDF

    paragraphs = [report_text(seed, 80) for seed in range(20, 26)]
    word = docx.Document()
    word.add_heading("Guarantee funds", 1)
    for p in paragraphs:
        word.add_paragraph(p)
    word.save(str(tmp_path / "report.docx"))
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for text in ["Guarantee funds", *paragraphs]:
        pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(3)
    pdf.output(str(tmp_path / "report.pdf"))

    first = curator.ingest([tmp_path / "report.docx"])
    second = curator.ingest([tmp_path / "report.pdf"])
    assert len(first.added) == 1 and not second.added
    (pdf_id, of, sim) = second.near_duplicates[0]
    assert of == first.added[0] and sim >= settings.near_duplicate_threshold
    assert curator.catalog.get("t", pdf_id).status == "pending"
