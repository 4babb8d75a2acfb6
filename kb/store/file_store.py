"""The file store: indexes as versioned folders under `index_dir` (see `kb.store.index`).

Writers of one index take a file lock beside it, so two processes on this machine never publish
over each other; readers need no lock (a publish switches CURRENT atomically).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock

from kb.errors import IndexCorruptError, IndexMismatchError
from kb.files import atomic_write
from kb.store.base import Finding
from kb.store.index import Index

LOCK_SECONDS = 600


class FileStore:
    """IndexStore over a folder of indexes (one sub-folder per index name)."""

    kind = "file"

    def __init__(self, index_dir: Path) -> None:
        self.index_dir = Path(index_dir)

    def path(self, name: str) -> Path:
        return self.index_dir / name

    def exists(self, name: str) -> bool:
        return Index.exists(self.path(name))

    def load(self, name: str, expect_encoder: str | None = None) -> Index:
        return Index.load(self.path(name), expect_encoder=expect_encoder)

    def empty(
        self,
        name: str,
        encoder: str,
        dim: int,
        chunk_words: int,
        overlap: int,
        storage: str = "Flat",
        centering: bool = False,
        document_context: float = 0.0,
    ) -> Index:
        return Index.empty(
            self.path(name),
            encoder,
            dim,
            chunk_words,
            overlap,
            storage=storage,
            centering=centering,
            document_context=document_context,
        )

    def version(self, name: str) -> str:
        current = self.path(name) / "CURRENT"
        return current.read_text(encoding="utf-8").strip() if current.is_file() else ""

    def location(self, name: str) -> str:
        return str(self.path(name))

    def names(self) -> list[str]:
        if not self.index_dir.is_dir():
            return []
        return sorted(p.name for p in self.index_dir.iterdir() if Index.exists(p))

    def lock(self, name: str) -> FileLock:
        self.index_dir.mkdir(parents=True, exist_ok=True)
        return FileLock(str(self.index_dir / f".{name}.lock"), timeout=LOCK_SECONDS)

    @contextmanager
    def rollback_point(self, name: str) -> Iterator[Callable[[], None]]:
        """Yields `undo`, which makes the version live before the block live again.

        The pointer back is written before anything else, so undoing needs no free space (a
        rename, or removing CURRENT of an index that did not exist): when the catalog cannot
        record a published batch on a full disk, the index goes back to match it.
        """
        path = self.path(name)
        before = self.version(name)
        back = path / ".CURRENT.rollback"
        if before:
            atomic_write(back, before)

        def undo() -> None:
            if before:
                os.replace(back, path / "CURRENT")
            else:
                (path / "CURRENT").unlink(missing_ok=True)

        try:
            yield undo
        finally:
            back.unlink(missing_ok=True)

    def health(self, name: str, repair: bool) -> list[Finding]:
        """Leftovers of interrupted publishes, and CURRENT naming a complete version."""
        path = self.path(name)
        return _leftovers(path, repair) + _current(path, repair)


def _leftovers(path: Path, repair: bool) -> list[Finding]:
    junk = [p for p in (path / "versions").glob(".tmp-*")] if (path / "versions").is_dir() else []
    junk += list(path.glob(".CURRENT.*"))
    out = []
    for p in junk:
        if repair and p.is_dir():
            shutil.rmtree(p, ignore_errors=True)
        elif repair:
            p.unlink(missing_ok=True)
        out.append(
            Finding(
                f"leftover of an interrupted publish: {p.name}",
                "removed it" if repair else "remove it",
                repair,
                blocks=False,
            )
        )
    return out


def _loads(path: Path) -> bool:
    try:
        Index.load(path)
    except (IndexCorruptError, IndexMismatchError, OSError):
        return False
    return True


def _current(path: Path, repair: bool) -> list[Finding]:
    current = path / "CURRENT"
    named = current.read_text(encoding="utf-8").strip() if current.is_file() else ""
    if named and _loads(path):
        return []
    problem = (
        f"CURRENT names version {named!r}, which is missing or incomplete"
        if named
        else "CURRENT is missing"
    )
    if not repair:
        return [
            Finding(
                problem,
                "run `kb doctor` without --check to switch CURRENT to the newest complete version",
            )
        ]
    for version in _complete_versions(path):
        if version.name != named:
            _point(path, version.name)
            if _loads(path):
                return [
                    Finding(
                        problem,
                        f"switched CURRENT to {version.name}, the newest complete version",
                        True,
                    )
                ]
    if named:
        _point(path, named)
    else:
        current.unlink(missing_ok=True)
    return [Finding(problem, "no complete version found: rebuild the index")]


def _complete_versions(path: Path) -> list[Path]:
    def created(p: Path) -> float:
        try:
            return float(json.loads((p / "manifest.json").read_text(encoding="utf-8"))["created"])
        except (OSError, ValueError, KeyError):
            return -1.0

    versions = path / "versions"
    found = (
        [p for p in versions.iterdir() if p.is_dir() and not p.name.startswith(".")]
        if versions.is_dir()
        else []
    )
    return sorted((p for p in found if created(p) >= 0), key=created, reverse=True)


def _point(path: Path, version: str) -> None:
    atomic_write(path / "CURRENT", version)
