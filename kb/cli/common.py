"""What every command group shares: the consoles, error handling, progress bars, reports."""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kb.errors import KbError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])


def handle_errors(fn: F) -> F:
    """Turn kb's own errors into one line on stderr and the documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KbError as exc:
            err.print(f"error: {exc}", markup=False, highlight=False)
            raise typer.Exit(exc.exit_code) from None

    return wrapper  # type: ignore[return-value]


class RichProgress:
    """ProgressSink drawing rich bars on stderr (silent when --json or not a terminal)."""

    def __init__(self, enabled: bool = True) -> None:
        self._p = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            disable=not enabled,
            transient=False,
        )
        self._task: Any = None

    def __enter__(self) -> RichProgress:
        self._p.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._p.stop()

    def stage(self, name: str, total: int) -> None:
        self._task = self._p.add_task(name, total=total)

    def advance(self, n: int = 1) -> None:
        if self._task is not None:
            self._p.advance(self._task, n)


def print_report(report: Any, as_json: bool) -> None:
    for path, reason in report.failed:
        err.print(f"failed: {path}: {reason}", markup=False, highlight=False)
    for path, reason in getattr(report, "skipped", ()):
        err.print(f"skipped: {path}: {reason}", markup=False, highlight=False)
    for path, existing in report.duplicates:
        err.print(
            f"duplicate: {path}: same content as document {existing}, not indexed again",
            markup=False,
            highlight=False,
        )
    for doc_id, of, sim in report.near_duplicates:
        err.print(
            f"near-duplicate: {doc_id} resembles {of} (similarity {sim:.2f}); pending "
            f"review: `kb docs show {doc_id}`",
            markup=False,
            highlight=False,
        )
    if as_json:
        out.print_json(json.dumps(report.to_json()))
    else:
        out.print(
            f"index {report.index!r}: {len(report.added)} added, {len(report.replaced)} "
            f"replaced, {len(report.unchanged)} unchanged, {len(report.failed)} failed, "
            f"{len(report.duplicates)} duplicate, {len(report.pending)} pending review, "
            f"{report.chunks} passages embedded in {report.seconds:.1f}s"
        )
