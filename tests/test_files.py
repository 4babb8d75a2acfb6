"""kb.files.atomic_write: the one whole-file writer every part of kb uses."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from kb.files import atomic_write


def test_writes_text_and_bytes_and_sets_the_mode_first(tmp_path: Path) -> None:
    atomic_write(tmp_path / "sub" / "a.txt", "garantía")
    atomic_write(tmp_path / "b.bin", b"\x00\x01", mode=0o600)
    assert (tmp_path / "sub" / "a.txt").read_text(encoding="utf-8") == "garantía"
    assert (tmp_path / "b.bin").read_bytes() == b"\x00\x01"
    assert (tmp_path / "b.bin").stat().st_mode & 0o777 == 0o600


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "CURRENT"
    atomic_write(target, "v1")

    def crash(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        atomic_write(target, "v2")
    assert target.read_text(encoding="utf-8") == "v1"
    assert [p.name for p in tmp_path.iterdir()] == ["CURRENT"]
