"""The curation CLI: kb docs list|show|approve|reject|retire|edit, kb programs, kb audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from tests.support.files import report_text, write

runner = CliRunner()


def _ok(*args: str) -> str:
    res = runner.invoke(app, list(args))
    assert res.exit_code == 0, res.output
    return res.stdout


@pytest.fixture
def loaded(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """Index 't' with one approved report and a pending near-duplicate of it."""
    monkeypatch.setenv("KB_USER", "carla")
    write(cli_env / "in" / "report.md", "# Report\n\n" + report_text(1))
    write(cli_env / "in2" / "report-v2.txt", "Report\n\n" + report_text(1) + "\n\nErratum.")
    _ok("ingest", str(cli_env / "in"), "--index", "t")
    res = runner.invoke(app, ["ingest", str(cli_env / "in2"), "--index", "t", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    near = report["near_duplicates"][0]
    assert "near-duplicate: " in res.stderr and "pending review" in res.stderr
    return {"original": near["of"], "near": near["doc_id"]}


def test_list_by_status_shows_the_near_duplicate(loaded: dict[str, str]) -> None:
    rows = json.loads(_ok("docs", "list", "--index", "t", "--status", "pending", "--json"))
    assert [(r["doc_id"], r["near_duplicate_of"]) for r in rows] == [
        (loaded["near"], loaded["original"])
    ]
    assert rows[0]["added_by"] == "carla"
    everything = json.loads(_ok("docs", "list", "--index", "t", "--json"))
    assert {r["status"] for r in everything} == {"approved", "pending"}


def test_approve_retire_and_history(loaded: dict[str, str]) -> None:
    out = _ok(
        "docs",
        "approve",
        loaded["near"],
        "--index",
        "t",
        "--retire-original",
        "--note",
        "newer edition",
    )
    assert f"{loaded['near']}: approved" in out
    hits = json.loads(_ok("search", "fund bank loan", "--index", "t", "--json"))
    assert {h["doc_id"] for h in hits} == {loaded["near"]}
    shown = json.loads(_ok("docs", "show", loaded["original"], "--index", "t", "--json"))
    assert shown["status"] == "retired"
    assert [h["action"] for h in shown["history"]] == ["add", "retire"]
    audit = json.loads(_ok("audit", "--index", "t", "--json"))
    assert {"approve", "retire", "add"} <= {e["action"] for e in audit}
    assert {e["user"] for e in audit} == {"carla"}


def test_wrong_transition_and_unknown_id_are_usage_errors(loaded: dict[str, str]) -> None:
    res = runner.invoke(app, ["docs", "reject", loaded["original"], "--index", "t"])
    assert res.exit_code == 2
    assert f"cannot reject document '{loaded['original']}': it is approved" in res.stderr
    res = runner.invoke(app, ["docs", "show", "ffffffffffff", "--index", "t"])
    assert res.exit_code == 2 and "kb docs list --index t" in res.stderr
    res = runner.invoke(app, ["docs", "list", "--status", "maybe"])
    assert res.exit_code == 2 and "valid: pending, approved, rejected, retired" in res.stderr


def test_one_bad_id_in_a_batch_does_not_stop_the_others(loaded: dict[str, str]) -> None:
    res = runner.invoke(app, ["docs", "reject", "ffffffffffff", loaded["near"], "--index", "t"])
    assert res.exit_code == 1
    assert f"{loaded['near']}: rejected" in res.stdout and "ffffffffffff" in res.stderr


def test_edit_updates_search_metadata(loaded: dict[str, str]) -> None:
    _ok(
        "docs",
        "edit",
        loaded["original"],
        "--index",
        "t",
        "--title",
        "Fund report",
        "--country",
        "col",
        "--year",
        "2019",
    )
    hits = json.loads(_ok("search", "fund bank", "--index", "t", "--country", "COL", "--json"))
    assert hits[0]["title"] == "Fund report" and hits[0]["year"] == 2019
    res = runner.invoke(app, ["docs", "edit", loaded["original"], "--index", "t"])
    assert res.exit_code == 2 and "nothing to change" in res.stderr
    res = runner.invoke(
        app, ["docs", "edit", loaded["original"], "--index", "t", "--country", "XXX"]
    )
    assert res.exit_code == 2 and "unknown ISO3 country code(s): XXX" in res.stderr


def test_programs_list_and_show_by_alias(cli_env: Path) -> None:
    _ok("build")
    progs = json.loads(_ok("programs", "list", "--json"))
    assert "chl-fogape" in {p["program_id"] for p in progs}
    fogape = json.loads(_ok("programs", "show", "fogape", "--json"))
    assert fogape["program_id"] == "chl-fogape" and "FOGAPE" in fogape["aliases"]
    assert any(d["role"] == "case study" for d in fogape["documents"])
    res = runner.invoke(app, ["programs", "show", "nothing-like-this"])
    assert res.exit_code == 2 and "kb programs list" in res.stderr
