"""What every command group shares: the consoles, error handling, progress bars, reports."""

from __future__ import annotations

import functools
import json
import logging
import re
import sqlite3
from collections.abc import Callable
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from kb.errors import KbError, storage_error

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# Libraries that log, in their own words, trouble kb reports once per file ("failed: x.pdf:
# truncated or damaged PDF"): on the datakit's damaged PDF pypdf printed "Object 172 0 not
# defined." and two more lines between the progress bars. `--verbose` shows them.
LIBRARY_LOGGERS = ("pypdf", "pdfminer")  # pdfplumber logs through pdfminer


def library_logs(verbose: bool) -> None:
    """Silence the document libraries' own log lines, or show them named (`verbose`)."""
    for name in LIBRARY_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING if verbose else logging.CRITICAL + 1)
    if verbose:
        logging.basicConfig(format="%(name)s: %(message)s")


def _escape(match: re.Match[str]) -> str:
    return {"\n": "\\n", "\r": "\\r", "\t": "\\t"}.get(match[0], f"\\x{ord(match[0]):02x}")


def one_line(text: object) -> str:
    """Text from files (names, titles, reasons) as one inert line: control characters, newlines
    and ANSI escapes shown as backslash escapes, so a file name cannot forge a line or recolour
    the terminal."""
    return _CONTROL.sub(_escape, str(text))


def shown(name: object) -> str:
    """A file name or title for a report line: as it is when plain, quoted when it is not."""
    text = str(name)
    return text if text.isprintable() else json.dumps(text, ensure_ascii=False)


class SafeConsole(Console):
    """A console that never sends control characters from data to the terminal: every string
    printed keeps its line breaks and tabs, anything else (ANSI escapes, CR, bells) is escaped."""

    def print(self, *objects: Any, **kwargs: Any) -> None:
        safe = [
            "\n".join(_CONTROL.sub(_keep_tab, line) for line in o.split("\n"))
            if isinstance(o, str)
            else o
            for o in objects
        ]
        super().print(*safe, **kwargs)


def _keep_tab(match: re.Match[str]) -> str:
    return "\t" if match[0] == "\t" else _escape(match)


out = SafeConsole(soft_wrap=True)
err = SafeConsole(stderr=True, soft_wrap=True)
F = TypeVar("F", bound=Callable[..., Any])
INTERRUPTED = 130


def handle_errors(fn: F) -> F:
    """Turn kb's own errors into one line on stderr and the documented exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KbError as exc:
            err.print(f"error: {exc}", markup=False, highlight=False)
            raise typer.Exit(exc.exit_code) from None
        except (OSError, sqlite3.Error) as exc:
            # A full or read-only disk met outside a batch's publish (a lock file, the cache,
            # the catalog): one line saying what and how to fix, never a traceback.
            found = storage_error(exc, getattr(exc, "filename", None) or "the index folder")
            if found is None:
                raise
            err.print(f"error: {one_line(found)}", markup=False, highlight=False)
            raise typer.Exit(found.exit_code) from None
        except KeyboardInterrupt:
            # click would print "Aborted!" and exit 1; a batch stops with 130 (128 + SIGINT).
            err.print(
                "interrupted: nothing of the unfinished work was published; the index and the "
                "catalog are as they were (run the same command again to finish)",
                markup=False,
            )
            raise typer.Exit(INTERRUPTED) from None

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
        err.print(
            f"failed: {one_line(shown(path))}: {one_line(reason)}", markup=False, highlight=False
        )
    for path, reason in getattr(report, "skipped", ()):
        err.print(
            f"skipped: {one_line(shown(path))}: {one_line(reason)}", markup=False, highlight=False
        )
    for path, warning in getattr(report, "warnings", ()):
        err.print(
            f"warning: {one_line(shown(path))}: {one_line(warning)}", markup=False, highlight=False
        )
    for path, existing in report.duplicates:
        err.print(
            f"duplicate: {one_line(shown(path))}: same content as document {existing}, "
            "not indexed again",
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


def check_language(value: str, option: str = "language") -> str:
    """One of the languages kb writes in (en, es, pt), or a usage error naming the valid ones."""
    from kb.errors import UsageError
    from kb.ingest.program_schema import LANGUAGES

    if value not in LANGUAGES:
        raise UsageError(f"unknown {option} {value!r}; valid: {', '.join(LANGUAGES)}")
    return value
