"""Whole-file writes: a file is either its old self or completely new, never half written.

The bytes go to a temporary file in the same folder (so the rename stays on one file system),
are flushed to disk, and the temporary file is renamed over the target; a failure removes it.
Every writer in kb (index pointer, profiles, exports, uploads, the users file) goes through here.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


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
