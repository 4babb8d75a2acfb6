"""A curator's metadata edits outlast parsing the file again, on both stores.

Found as a curator (2026-12-07): an upload's title, countries and topics edited while it waited
for review were lost when it was approved (approval parses the stored file again), and an
approved document's edits were lost at the next re-index; the catalog still showed the
curator's values, so catalog and index disagreed, and the country and instrument filters
missed the document. Topics (the instruments and needs a document discusses, read by the
search filters) could not be set at all from the CLI or the app.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.answer.search import Filters, Searcher
from kb.cli import app
from kb.curate.curator import Curator
from kb.errors import UnknownIdError
from kb.ingest.embed import make_encoder
from kb.settings import Settings, get_settings
from tests.support.files import report_text, write
from tests.support.stores import load, store_env

EDIT = {
    "title": "Garantías para exportadoras",
    "countries": ["CHL"],
    "topics": ["credit-guarantee"],
}


@pytest.fixture
def curator(store_settings: Settings) -> Curator:
    return Curator(store_settings, "t", user="alice", encoder=make_encoder("hash-256"))


def _found_by_filters(settings: Settings, doc_id: str) -> bool:
    search = Searcher(load(settings), make_encoder("hash-256"), settings)
    wanted = Filters(countries=("CHL",), instruments=("credit-guarantee",))
    return doc_id in {h.doc_id for h in search.search("fund bank", filters=wanted)}


def test_edits_made_during_review_survive_approval(
    store_settings: Settings, curator: Curator, tmp_path: Path
) -> None:
    (doc_id,) = curator.ingest(
        [write(tmp_path / "r.txt", report_text(2))], status="pending"
    ).pending
    curator.edit(doc_id, EDIT)
    curator.approve(doc_id)
    record = load(store_settings).docs[doc_id]
    assert (record.title, record.countries, record.topics) == (
        EDIT["title"],
        ("CHL",),
        ("credit-guarantee",),
    )
    assert record.regions == ("Latin America & Caribbean",)
    assert _found_by_filters(store_settings, doc_id)


def test_edits_survive_a_reindex_and_fields_not_edited_follow_the_file(
    store_settings: Settings, curator: Curator, tmp_path: Path
) -> None:
    (doc_id,) = curator.ingest([write(tmp_path / "r.txt", report_text(2))]).added
    curator.edit(doc_id, EDIT)
    curator.edit(doc_id, {"countries": ["PER", "CHL"]})  # a later edit wins
    report = curator.reindex()
    assert doc_id in report.added
    record = load(store_settings).docs[doc_id]
    assert record.title == EDIT["title"] and record.countries == ("PER", "CHL")
    assert record.topics == ("credit-guarantee",)
    assert record.year is None  # never edited: still the parser's (none in this file)
    assert _found_by_filters(store_settings, doc_id)
    assert curator.catalog.edited_fields("t", doc_id) == {"title", "countries", "topics"}


def test_a_topic_outside_the_taxonomy_is_refused_with_the_valid_ids(
    curator: Curator, tmp_path: Path
) -> None:
    (doc_id,) = curator.ingest([write(tmp_path / "r.txt", report_text(2))]).added
    with pytest.raises(
        UnknownIdError, match=r"unknown topic .guarantees.; valid topic ids: credit-guarantee"
    ):
        curator.edit(doc_id, {"topics": ["guarantees"]})
    assert curator.catalog.edited_fields("t", doc_id) == set()  # nothing was written


def test_cli_sets_topics_and_refuses_unknown_ones(
    store_settings: Settings, curator: Curator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (doc_id,) = curator.ingest([write(tmp_path / "r.txt", report_text(2))]).added
    for key, value in store_env(store_settings).items():
        if key.startswith("KB_"):
            monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    runner = CliRunner()
    args = ["docs", "edit", doc_id, "--index", "t"]
    ok = runner.invoke(
        app, [*args, "--topic", "working-capital", "--topic", "supply-chain-finance"]
    )
    assert ok.exit_code == 0, ok.output
    topics = load(store_settings).docs[doc_id].topics
    assert topics == ("working-capital", "supply-chain-finance")
    bad = runner.invoke(app, [*args, "--topic", "loans"])
    assert bad.exit_code == 2 and "unknown topic 'loans'" in bad.stderr
    get_settings.cache_clear()


def test_cli_reindex_keeps_the_edits(
    store_settings: Settings, curator: Curator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`kb docs reindex` does from the CLI what the app's Re-index tab does."""
    (doc_id,) = curator.ingest([write(tmp_path / "r.txt", report_text(2))]).added
    curator.edit(doc_id, EDIT)
    for key, value in store_env(store_settings).items():
        if key.startswith("KB_"):
            monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    res = CliRunner().invoke(app, ["docs", "reindex", doc_id[:8], "--index", "t", "--json"])
    get_settings.cache_clear()
    assert res.exit_code == 0, res.output
    assert json.loads(res.stdout)["added"] == 1 and json.loads(res.stdout)["failed"] == []
    assert load(store_settings).docs[doc_id].title == EDIT["title"]
