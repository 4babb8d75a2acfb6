"""Issue 17 item 8: the catalog never outvotes the index. With the index folder deleted, or a
new index name in the same index directory, ingesting the same file indexes it again (the
catalog's memory is repaired, not trusted); `kb doctor` re-indexes an index whose folder is
gone from the catalog's approved entries."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from typer.testing import CliRunner

from kb.cli import app
from kb.settings import get_settings
from kb.store.index import Index
from tests.support.files import report_text, write

runner = CliRunner()


def _ingest(folder: Path, index: str) -> dict:  # type: ignore[type-arg]
    res = runner.invoke(app, ["ingest", str(folder), "--index", index, "--json"])
    assert res.exit_code == 0, res.output
    return json.loads(res.stdout)  # type: ignore[no-any-return]


def _passages(index: str) -> int:
    return len(Index.load(get_settings().index_path(index)).chunks)


def test_reingest_after_the_index_folder_is_deleted(cli_env: Path) -> None:
    write(cli_env / "in" / "report.md", "# Report\n\n" + report_text(1))
    first = _ingest(cli_env / "in", "t")
    assert first["added"] == 1 and first["chunks_added"] > 0
    shutil.rmtree(get_settings().index_path("t"))
    again = _ingest(cli_env / "in", "t")
    assert again["added"] == 1 and again["unchanged"] == 0
    assert again["chunks_added"] == first["chunks_added"] == _passages("t")
    res = runner.invoke(app, ["doctor", "--index", "t", "--check"])
    assert res.exit_code == 0, res.output


def test_a_new_index_name_gets_its_own_copy(cli_env: Path) -> None:
    write(cli_env / "in" / "report.md", "# Report\n\n" + report_text(2))
    _ingest(cli_env / "in", "a")
    other = _ingest(cli_env / "in", "b")
    assert other["added"] == 1 and other["chunks_added"] == _passages("b") > 0


def test_doctor_rebuilds_an_index_whose_folder_is_gone(cli_env: Path) -> None:
    write(cli_env / "in" / "report.md", "# Report\n\n" + report_text(3))
    n = _ingest(cli_env / "in", "t")["chunks_added"]
    shutil.rmtree(get_settings().index_path("t"))
    res = runner.invoke(app, ["doctor", "--index", "t", "--check"])
    assert res.exit_code == 1 and "approved but not in the index" in res.stdout, res.output
    res = runner.invoke(app, ["doctor", "--index", "t"])
    assert "re-indexed it from" in res.stdout, res.output
    assert _passages("t") == n
