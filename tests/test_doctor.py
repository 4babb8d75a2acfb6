"""`kb doctor`: each inconsistency a crash or a hand edit can leave is found, repaired, said."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.curate.catalog import open_catalog
from kb.curate.curator import Curator
from kb.curate.doctor import check
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from kb.store.index import Index
from tests.support.files import report_text
from tests.support.stores import load

runner = CliRunner()


def _ready(settings: Settings, tmp_path: Path) -> tuple[Settings, list[str]]:
    s = settings.with_(default_index="t")
    for i in range(3):
        (tmp_path / "d").mkdir(exist_ok=True)
        (tmp_path / "d" / f"{i}.txt").write_text(report_text(i), encoding="utf-8")
    Curator(s, "t", user="alice", encoder=make_encoder("hash-256")).ingest([tmp_path / "d"])
    return s, sorted(load(s).docs)


@pytest.fixture
def ready(settings: Settings, tmp_path: Path) -> tuple[Settings, list[str]]:
    """An index of three approved documents in the file store."""
    return _ready(settings, tmp_path)


@pytest.fixture
def ready_both(store_settings: Settings, tmp_path: Path) -> tuple[Settings, list[str]]:
    """The same on each store."""
    return _ready(store_settings, tmp_path)


def test_consistent_index_has_no_findings(ready: tuple[Settings, list[str]]) -> None:
    s, _ = ready
    assert check(s) == []


def test_leftovers_of_an_interrupted_publish_are_removed(ready: tuple[Settings, list[str]]) -> None:
    s, _ = ready
    path = s.index_path("t")
    (path / "versions" / ".tmp-abc123").mkdir()
    (path / "versions" / ".tmp-abc123" / "vectors.faiss").write_bytes(b"half")
    (path / ".CURRENT.xyz").write_text("v-half", encoding="utf-8")
    findings = check(s)
    assert [f.fixed for f in findings] == [True, True]
    assert {f.problem.rsplit(": ", 1)[1] for f in findings} == {".tmp-abc123", ".CURRENT.xyz"}
    assert not (path / "versions" / ".tmp-abc123").exists()
    assert not (path / ".CURRENT.xyz").exists() and check(s) == []


def test_current_naming_a_broken_version_is_switched_back(
    ready: tuple[Settings, list[str]],
) -> None:
    s, docs = ready
    path = s.index_path("t")
    good = Index.load(path).manifest.version
    broken = path / "versions" / "v-broken"
    broken.mkdir()
    (broken / "manifest.json").write_text("{", encoding="utf-8")
    (path / "CURRENT").write_text("v-broken", encoding="utf-8")
    (finding,) = check(s, repair=False)
    assert not finding.fixed and "v-broken" in finding.problem
    (finding,) = check(s)
    assert finding.fixed and good in finding.action
    assert sorted(Index.load(path).docs) == docs


def test_catalog_and_index_are_brought_back_in_step(
    ready_both: tuple[Settings, list[str]], tmp_path: Path
) -> None:
    s, docs = ready_both
    cat = open_catalog(s)
    # As after crashes between the index write and the catalog write:
    load(s).without([docs[0]]).publish()  # approved, but gone from the index
    cat.set_status("t", docs[1], "retired", "alice", "retire")  # retired, still searchable
    # and a document indexed behind the catalog's back:
    extra = tmp_path / "extra.txt"
    extra.write_text(report_text(9), encoding="utf-8")
    from kb.curate.batch import Pipeline

    Pipeline(s, make_encoder("hash-256")).ingest_paths([extra], "t")
    new_id = (set(load(s).docs) - set(docs)).pop()

    findings = check(s)
    assert all(f.fixed for f in findings) and len(findings) == 3
    text = "\n".join(f.line() for f in findings)
    assert f"{docs[0]} is approved but not in the index; re-indexed it" in text
    assert f"{docs[1]} is retired in the catalog but searchable; removed" in text
    assert f"{new_id} is in the index but not in the catalog; registered it as approved" in text
    assert set(load(s).docs) == {docs[0], docs[2], new_id} == cat.ids("t", "approved")
    assert check(s) == []
    assert cat.audit("t")[0].user == "kb doctor"


def test_approved_document_whose_source_vanished_is_reported_not_guessed(
    ready_both: tuple[Settings, list[str]], tmp_path: Path
) -> None:
    s, docs = ready_both
    load(s).without([docs[0]]).publish()
    Path(open_catalog(s).get("t", docs[0]).source).unlink()
    (finding,) = check(s)
    assert not finding.fixed and "cannot be read again" in finding.problem
    assert f"kb docs retire {docs[0]} --index t" in finding.action


def test_cli_doctor_prints_what_it_did(cli_env: Path) -> None:
    (cli_env / "a.txt").write_text(report_text(1), encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(cli_env / "a.txt"), "--index", "t"]).exit_code == 0
    (cli_env / "indexes" / "t" / "versions" / ".tmp-zzz").mkdir()
    res = runner.invoke(app, ["doctor", "--index", "t", "--check"])
    assert res.exit_code == 1 and "problem: leftover of an interrupted publish: .tmp-zzz" in (
        res.stdout
    )
    res = runner.invoke(app, ["doctor", "--index", "t"])
    assert res.exit_code == 0 and "repaired: leftover" in res.stdout and "removed it" in res.stdout
    res = runner.invoke(app, ["doctor", "--index", "t"])
    assert res.exit_code == 0 and "ok: index and catalog are consistent" in res.stdout
    res = runner.invoke(app, ["doctor", "--index", "nope"])
    assert res.exit_code == 1 and "does not exist" in res.stdout


def test_postgres_doctor_rebuilds_a_missing_hnsw_index(
    pg_url: str, settings: Settings, tmp_path: Path
) -> None:
    import psycopg

    from kb.store.factory import open_store

    s, docs = _ready(settings.with_(store="postgres", database_url=pg_url), tmp_path)
    assert check(s) == []
    with psycopg.connect(pg_url, autocommit=True) as conn:
        (index_id,) = conn.execute("SELECT index_id FROM kb_index WHERE name = 't'").fetchone()
        conn.execute(f"DROP INDEX kb_chunk_hnsw_{index_id}")
    (finding,) = check(s, repair=False)
    assert not finding.fixed and "HNSW index" in finding.problem and "missing" in finding.problem
    (finding,) = check(s)
    assert finding.fixed and finding.action == "rebuilt it"
    assert check(s) == [] and sorted(open_store(s).load("t").docs) == docs


def test_cli_doctor_on_postgres(
    pg_url: str, cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb.settings import get_settings

    monkeypatch.setenv("KB_STORE", "postgres")
    monkeypatch.setenv("KB_DATABASE_URL", pg_url)
    get_settings.cache_clear()
    (cli_env / "a.txt").write_text(report_text(1), encoding="utf-8")
    assert runner.invoke(app, ["ingest", str(cli_env / "a.txt"), "--index", "t"]).exit_code == 0
    res = runner.invoke(app, ["doctor", "--index", "t"])
    assert res.exit_code == 0 and "ok: index and catalog are consistent" in res.stdout
    res = runner.invoke(app, ["doctor", "--index", "nope"])
    assert res.exit_code == 1 and "does not exist" in res.stdout and "postgresql://" in res.stdout
