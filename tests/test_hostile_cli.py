"""Issue 17 item 9: the command line under hostile names, Ctrl-C, bad query options, a workbook
renamed .csv, PDFs cut at max_pdf_pages; and the curate login's throttle on wrong passwords."""

from __future__ import annotations

import io
import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

import kb.curate.batch
from kb.cli import app
from kb.curate.auth import LoginThrottle
from kb.curate.catalog import open_catalog
from kb.settings import get_settings
from kb.store.factory import open_store
from tests.support.files import report_text, text_pdf, write

runner = CliRunner()


def _errors(stderr: str) -> list[str]:
    return [ln for ln in stderr.splitlines() if ln and "━" not in ln and "0:00" not in ln]


def test_a_file_name_cannot_forge_report_lines_or_reach_the_terminal_raw(cli_env: Path) -> None:
    folder = cli_env / "in"
    write(folder / "good.md", "# Good\n\n" + report_text(1))
    evil = folder / "x.pdf\nfailed: forged.pdf: \x1b[31mred\x1b[0m.pdf"
    evil.write_bytes(b"not a pdf at all")
    res = runner.invoke(app, ["ingest", str(folder), "--index", "t"])
    assert res.exit_code == 1
    failed = [ln for ln in res.stderr.splitlines() if ln.startswith("failed:")]
    assert len(failed) == 1 and "forged.pdf" in failed[0]  # one line, the name quoted in it
    assert "\\n" in failed[0] and '"' in failed[0]
    assert "\x1b" not in res.output and "\x1b" not in res.stderr


def _state() -> tuple[str, set[str]]:
    s = get_settings()
    return open_store(s).version("t"), open_catalog(s).ids("t")


@pytest.fixture
def python_ctrl_c() -> Iterator[None]:
    """Python's own Ctrl-C handler, as a fresh `kb` process has it: an earlier test in this
    process (a served app, a browser) may have left another one that swallows the signal."""
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    yield
    signal.signal(signal.SIGINT, previous)


@pytest.mark.usefixtures("python_ctrl_c")
def test_sigint_during_a_batch_stops_it_with_130(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(cli_env / "a" / "first.md", "# First\n\n" + report_text(1))
    assert runner.invoke(app, ["ingest", str(cli_env / "a"), "--index", "t"]).exit_code == 0
    write(cli_env / "b" / "second.md", "# Second\n\n" + report_text(2))
    before = _state()
    real = kb.curate.batch.encode_cached

    def interrupted(*args: Any, **kwargs: Any) -> Any:
        os.kill(os.getpid(), signal.SIGINT)  # a real Ctrl-C, delivered mid-batch
        return real(*args, **kwargs)

    monkeypatch.setattr(kb.curate.batch, "encode_cached", interrupted)
    res = runner.invoke(app, ["ingest", str(cli_env / "b"), "--index", "t"])
    assert res.exit_code == 130, res.output
    assert "interrupted" in res.stderr and "Traceback" not in res.stderr
    assert _state() == before  # nothing of the batch was published


@pytest.mark.usefixtures("python_ctrl_c")
def test_sigint_during_the_publish_waits_for_it(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(cli_env / "a" / "first.md", "# First\n\n" + report_text(3))
    hook = kb.curate.batch.CatalogHook
    real = hook.commit

    def commit(self: Any, *args: Any, **kwargs: Any) -> None:
        os.kill(os.getpid(), signal.SIGINT)  # between the publish and the catalog's record
        real(self, *args, **kwargs)

    monkeypatch.setattr(hook, "commit", commit)
    res = runner.invoke(app, ["ingest", str(cli_env / "a"), "--index", "t"])
    assert res.exit_code == 130, res.output
    version, ids = _state()
    assert version and len(ids) == 1  # published and recorded: both, not one
    assert set(open_store(get_settings()).load("t").docs) == ids
    monkeypatch.undo()
    assert runner.invoke(app, ["doctor", "--index", "t", "--check"]).exit_code == 0


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["   "], "empty query"),
        (["garantías", "--country", "XYZ"], "valid country ids: "),
        (["garantías", "--lang", "xx"], "valid language ids: "),
        (["garantías", "--year-from", "3000"], "outside 1900-"),
        (["garantías", "--year-from", "2020", "--year-to", "2010"], "give from <= to"),
    ],
)
def test_bad_search_options_are_usage_errors(cli_env: Path, args: list[str], says: str) -> None:
    write(cli_env / "a" / "first.md", "# First\n\n" + report_text(1))
    assert runner.invoke(app, ["ingest", str(cli_env / "a"), "--index", "t"]).exit_code == 0
    res = runner.invoke(app, ["search", *args, "--index", "t"])
    assert res.exit_code == 2, res.output
    assert says in res.stderr and "no results" not in res.output
    if "country" in says:
        assert "HND" in res.stderr
    if "language" in says:
        assert "en" in res.stderr.split("valid language ids: ")[1]


def test_unknown_country_for_recommend_is_a_usage_error(cli_env: Path) -> None:
    res = runner.invoke(app, ["recommend", "--country", "XYZ", "--need", "access-to-credit"])
    assert res.exit_code == 2 and "HND" in res.stderr


def test_a_workbook_renamed_csv_is_named_not_dumped(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    wb.active.append(["firm", "year", "employees"])  # type: ignore[union-attr]
    buf = io.BytesIO()
    wb.save(buf)
    fake = tmp_path / "panel.csv"
    fake.write_bytes(buf.getvalue())
    res = runner.invoke(app, ["measure", str(fake)])
    assert res.exit_code == 1
    assert "Excel workbook" in res.stderr and "save it as CSV" in res.stderr
    assert all(ch.isprintable() or ch == "\n" for ch in res.output)
    assert "PK" not in res.output and "[Content_Types]" not in res.output


def test_a_pdf_cut_at_max_pdf_pages_says_so(cli_env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KB_MAX_PDF_PAGES", "2")
    get_settings.cache_clear()
    (cli_env / "in").mkdir()
    (cli_env / "in" / "long.pdf").write_bytes(text_pdf(5, 4))
    res = runner.invoke(app, ["ingest", str(cli_env / "in"), "--index", "t", "--json"])
    assert res.exit_code == 0, res.output
    assert "warning: " in res.stderr and "only the first 2 of 5 pages" in res.stderr
    [warning] = json.loads(res.stdout)["warnings"]
    assert warning["file"].endswith("long.pdf") and warning["kind"] == "truncated"


def test_login_throttle_slows_repeated_wrong_passwords_per_user_and_client() -> None:
    now = [1000.0]
    th = LoginThrottle(clock=lambda: now[0])
    for _ in range(LoginThrottle.FREE - 1):
        assert th.failed("user:ana", "client:1.2.3.4") == 0
    assert th.failed("user:ana", "client:1.2.3.4") == 2.0  # the third miss: wait 2 s
    assert th.wait("client:1.2.3.4") == 2.0 and th.wait("client:5.6.7.8") == 0
    assert th.wait("client:5.6.7.8", "user:ana") == 2.0  # another client, the same name
    now[0] += 2.0
    assert th.wait("user:ana") == 0
    assert th.failed("user:ana", "client:9.9.9.9") == 4.0  # doubles each further miss
    for _ in range(20):
        th.failed("user:ana")
    assert th.wait("user:ana") == LoginThrottle.MAX_WAIT  # bounded: never a lock-out
    th.succeeded("user:ana")
    assert th.wait("user:ana") == 0
    now[0] += LoginThrottle.WINDOW
    assert th.wait("client:1.2.3.4") == 0  # old misses are forgotten
