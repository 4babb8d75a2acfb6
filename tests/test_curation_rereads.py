"""Documents kb reads again from their stored files keep what curators decided, on both stores.

Found as a curator (2026-12-07):
- `kb build --rebuild` (and the app's rebuild after an encoder change) made a new index from
  corpus/ alone: every approved upload left search while the catalog still called it
  approved, and edits to corpus documents went back to what their files say;
- a locked PDF uploaded with its password could never be approved: approval reads the stored
  file again, and nothing held the password ("pass the password with --password").
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.curate.batch import build_corpus
from kb.curate.curator import Curator
from kb.curate.uploads import pdf_needs_password
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from tests.support.app_index import subset_corpus
from tests.support.files import report_text, write
from tests.support.stores import load
from tests.test_hostile_batch import _encrypted

NOTE = "garantias-de-credito-diseno.md"


@pytest.fixture
def settings(store_settings: Settings, tmp_path: Path) -> Settings:
    corpus = subset_corpus(tmp_path / "corpus", ["chl-fogape"], [NOTE])
    return store_settings.with_(corpus_dir=corpus)


@pytest.fixture
def curator(settings: Settings) -> Curator:
    return Curator(settings, user="alice", encoder=make_encoder("hash-256"))


def _upload(curator: Curator, name: str, data: bytes, password: str | None = None) -> str:
    (doc_id,) = curator.upload([(name, data)], password=password).pending
    curator.approve(doc_id)
    return doc_id


def test_a_rebuild_keeps_approved_uploads_and_every_edit(
    settings: Settings, curator: Curator
) -> None:
    build_corpus(settings)
    name = settings.default_index
    [note] = [d for d, r in load(settings, name).docs.items() if r.doc_type == "policy-note"]
    kept = _upload(curator, "informe.txt", report_text(2).encode())
    lost = _upload(curator, "borrador.txt", report_text(3).encode())
    curator.edit(note, {"countries": ["URY"]})
    curator.edit(kept, {"title": "Informe anual de garantías", "topics": ["credit-guarantee"]})
    stored = Path(curator.catalog.get(name, lost).source)
    stored.unlink()  # a stored file gone: said, and the rest goes on

    report = build_corpus(settings, rebuild=True)

    docs = load(settings, name).docs
    assert docs[note].countries == ("URY",)
    assert docs[kept].title == "Informe anual de garantías"
    assert docs[kept].topics == ("credit-guarantee",)
    assert lost not in docs
    [failure] = report.failed
    assert failure.file == str(stored) and "source file of document" in failure.reason
    assert [r.program.id for r in docs.values() if r.program] == ["chl-fogape"]


def test_a_locked_pdf_uploaded_with_its_password_is_approved_and_stays_readable(
    settings: Settings, curator: Curator
) -> None:
    locked = _encrypted()
    doc_id = _upload(curator, "locked.pdf", locked, password="secret")
    assert (
        doc_id in load(settings, settings.default_index).docs
    )  # approved: read again from the stored file
    stored = Path(curator.catalog.get(settings.default_index, doc_id).source)
    assert not pdf_needs_password(stored.name, stored.read_bytes())  # no password kept
    assert curator.reindex().failed == []
    again = curator.upload([("locked-again.pdf", locked)], password="secret")
    assert again.duplicates and again.duplicates[0][1] == doc_id  # same bytes, same document


def test_ingest_afresh_keeps_what_the_catalog_holds_approved(
    settings: Settings, tmp_path: Path
) -> None:
    """`kb ingest PATH --rebuild` re-embeds the index; documents approved earlier from other
    paths stay (before, they left the index while the catalog still said approved, and
    `kb doctor` then put them back); a document a curator retired stays out."""
    cur = Curator(settings, "t", user="alice", encoder=make_encoder("hash-256"))
    (a,) = cur.ingest([write(tmp_path / "a" / "a.txt", report_text(1))]).added
    (b,) = cur.ingest([write(tmp_path / "b" / "b.txt", report_text(3))]).added
    (c,) = cur.ingest([write(tmp_path / "c" / "c.txt", report_text(5))]).added
    cur.retire(c)
    report = cur.ingest([tmp_path / "a"], rebuild=True)
    assert sorted(report.added) == sorted([a, b]) and not report.failed
    assert set(load(settings, "t").docs) == {a, b}
