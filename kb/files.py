"""Whole-file writes: a file is either its old self or completely new, never half written.

The bytes go to a temporary file in the same folder (so the rename stays on one file system),
are flushed to disk, and the temporary file is renamed over the target; a failure removes it.
Every writer in kb (index pointer, profiles, exports, uploads, the users file) goes through here.
"""

from __future__ import annotations

import os
import signal
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any


def atomic_write(path: Path, data: str | bytes, mode: int | None = None) -> None:
    """Write `data` (text as UTF-8) to `path` atomically; `mode` sets the permissions first."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    folder.mkdir(parents=True, exist_ok=True)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if mode is not None:
            os.chmod(tmp, mode)  # before any byte is written
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ctrl-C (SIGINT) waits until the block is done, then interrupts as usual.

    Around the last steps of a batch (publish the index version, record it in the catalog) so an
    interrupt stops the batch before or after them, never between them. Outside the main thread
    (where signal handlers cannot be set) the block simply runs.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[tuple[int, Any]] = []
    previous = signal.signal(signal.SIGINT, lambda sig, frame: caught.append((sig, frame)))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
    if caught and callable(previous):
        previous(*caught[0])
    elif caught:
        raise KeyboardInterrupt
