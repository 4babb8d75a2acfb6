"""Issue 17 item 7: a full or read-only disk. Each failure is one line on stderr saying what and
how to fix it, exit 1, and the index and the catalog stay as they were (and agree).

The disk is made full by monkeypatching each write step to raise what the OS, FAISS or SQLite
raise on ENOSPC. Read-only is simulated the same way (EROFS, SQLite's "readonly database"):
these tests run as root, and root ignores chmod, so a chmod'ed folder would still be written."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import kb.curate.hook
import kb.store.index
from kb.cli import app
from kb.curate.catalog import Catalog, open_catalog
from kb.settings import get_settings
from kb.store.factory import open_store
from tests.support.files import report_text, write

runner = CliRunner()


def _enospc(*args: Any, **kwargs: Any) -> None:
    raise OSError(errno.ENOSPC, "No space left on device")


def _faiss_full(*args: Any, **kwargs: Any) -> None:
    raise RuntimeError("Error: 'ret == (size)' failed: write error: No space left on device")


def _sqlite_full(*args: Any, **kwargs: Any) -> None:
    raise sqlite3.OperationalError("database or disk is full")


@pytest.fixture
def held(cli_env: Path) -> Path:
    """Index 't' with one document, and a second file ready to ingest."""
    write(cli_env / "a" / "first.md", "# First\n\n" + report_text(1))
    write(cli_env / "b" / "second.md", "# Second\n\n" + report_text(2))
    res = runner.invoke(app, ["ingest", str(cli_env / "a"), "--index", "t"])
    assert res.exit_code == 0, res.output
    return cli_env


def _errors(stderr: str) -> list[str]:
    """stderr without the progress bars (drawn there too)."""
    assert "Traceback" not in stderr
    return [ln for ln in stderr.strip().splitlines() if "━" not in ln]


def _state() -> tuple[str, set[str], set[str]]:
    s = get_settings()
    store = open_store(s)
    return store.version("t"), set(store.load("t").docs), open_catalog(s).ids("t")


@pytest.mark.parametrize(
    ("target", "attr", "fake"),
    [
        (kb.store.index.faiss, "write_index", _faiss_full),  # FAISS vectors
        (kb.store.index, "write_chunks", _enospc),  # the passages' parquet
        (kb.store.index, "atomic_write", _enospc),  # switching CURRENT
        (kb.curate.hook, "sync_programs", _sqlite_full),  # the catalog, after the publish
    ],
    ids=["faiss", "chunks", "current", "catalog"],
)
def test_full_disk_during_a_batch(
    held: Path, monkeypatch: pytest.MonkeyPatch, target: Any, attr: str, fake: Any
) -> None:
    before = _state()
    monkeypatch.setattr(target, attr, fake)
    res = runner.invoke(app, ["ingest", str(held / "b"), "--index", "t"])
    monkeypatch.undo()
    assert res.exit_code == 1, res.output
    lines = _errors(res.stderr)
    assert len(lines) == 1 and lines[0].startswith("error: cannot write to index 't'"), lines
    assert "the disk is full" in lines[0] and "free some space" in lines[0]
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert _state() == before  # same live version, same documents, same catalog
    check = runner.invoke(app, ["doctor", "--index", "t", "--check"])
    assert check.exit_code == 0, check.output
    again = runner.invoke(app, ["ingest", str(held / "b"), "--index", "t"])
    assert again.exit_code == 0 and "1 added" in again.stdout  # space freed: it goes through


class _ReadOnlyLock:
    def __init__(self, path: str, **kwargs: Any) -> None:
        self.path = path

    def __enter__(self) -> None:
        raise OSError(errno.EROFS, "Read-only file system", self.path)

    def __exit__(self, *exc: object) -> None:
        pass


def test_read_only_index_check_is_one_line(held: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("kb.store.file_store.FileLock", _ReadOnlyLock)
    res = runner.invoke(app, ["doctor", "--index", "t", "--check"])
    assert res.exit_code == 1, res.output
    lines = _errors(res.stderr)
    assert len(lines) == 1 and "it is read-only" in lines[0] and "make it writable" in lines[0]


def test_read_only_catalog_is_not_called_corrupt(
    held: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = Catalog._db

    def read_only(self: Catalog) -> sqlite3.Connection:
        db = real(self)
        db.execute("PRAGMA query_only=ON")  # every write fails as on a read-only file
        return db

    monkeypatch.setattr(Catalog, "_db", read_only)
    res = runner.invoke(app, ["ingest", str(held / "b"), "--index", "t"])
    assert res.exit_code == 1, res.output
    lines = _errors(res.stderr)
    assert len(lines) == 1 and "read-only" in lines[0] and "catalog" in lines[0], lines
    assert "move it aside" not in res.stderr
