"""Uploaded files: safe names, a size limit, atomic writes into the uploads folder.

Each upload is kept under `uploads/<first 16 hex of its SHA-256>/<name>`: two different files
with the same name never overwrite each other (a pending document keeps its source until it is
reviewed), and the same bytes uploaded twice land on the same path.
"""

from __future__ import annotations

import hashlib
import io
import re
from pathlib import Path, PurePosixPath, PureWindowsPath

from kb.errors import (
    EncryptedPDFError,
    FileTooLargeError,
    ParseError,
    UnsafePathError,
    UnsupportedFormatError,
    WrongPasswordError,
)
from kb.files import atomic_write
from kb.settings import PROJECT_ROOT, Settings

_DRIVE = re.compile(r"^[A-Za-z]:")


def uploads_dir(settings: Settings) -> Path:
    return settings.uploads_dir or settings.index_dir / "uploads"


def safe_upload_name(name: str) -> str:
    """The name itself, or UnsafePathError for anything that could leave the uploads folder.

    Refused: absolute paths (POSIX, Windows drive or UNC), any '..' part, folder separators,
    hidden names (kb skips dot-files when reading folders), control characters, empty names.
    """
    parts = set(PurePosixPath(name).parts) | set(PureWindowsPath(name).parts)
    if (
        not name.strip()
        or name.startswith(("/", "\\"))
        or _DRIVE.match(name)
        or ".." in parts
        or "/" in name
        or "\\" in name
        or name.startswith(".")
        or any(ord(c) < 32 for c in name)
    ):
        raise UnsafePathError(name)
    return name


def save_upload(settings: Settings, name: str, data: bytes) -> Path:
    """Check the name, format and size, then write the bytes atomically; returns the stored
    path. A format kb does not read is refused here: ingest would pass over it in silence."""
    from kb.ingest.parse import SUPPORTED_SUFFIXES

    safe = safe_upload_name(name)
    suffix = Path(safe).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnsupportedFormatError(name, suffix or "(no suffix)")
    if len(data) > settings.max_upload_bytes:
        raise FileTooLargeError(name, len(data), settings.max_upload_bytes)
    folder = uploads_dir(settings) / hashlib.sha256(data).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / safe
    if target.is_file() and target.read_bytes() == data:
        return target
    atomic_write(target, data)
    return target


def pdf_needs_password(name: str, data: bytes, password: str | None = None) -> bool:
    """Whether an uploaded PDF stays locked with `password` (None: the empty password that
    opens PDFs encrypted only against printing). Any other problem is the upload's to report."""
    if not name.lower().endswith(".pdf"):
        return False
    from kb.ingest.parse.pdf import open_reader

    try:
        open_reader(Path(name), data, password or None)
    except (EncryptedPDFError, WrongPasswordError):
        return True
    except ParseError:
        return False
    return False


def unlocked_pdf(name: str, data: bytes, password: str | None) -> bytes:
    """A PDF that only `password` opens, as bytes that open without it; anything else as given.

    kb reads a stored upload again when it is approved, re-indexed or rebuilt, and renders its
    pages in the cited-page viewer; no password is kept anywhere, so the file is stored
    unlocked (its text is in the index anyway). A wrong password leaves the bytes as they are,
    for the ingest to report."""
    if not password or not pdf_needs_password(name, data):
        return data
    from pypdf import PdfWriter

    from kb.ingest.parse.pdf import open_reader

    try:
        writer = PdfWriter(clone_from=open_reader(Path(name), data, password))
        buf = io.BytesIO()
        writer.write(buf)
    except ParseError:
        return data
    return buf.getvalue()


def stored_file(source: str, settings: Settings) -> Path | None:
    """The file behind a document's `source` when kb keeps it itself, else None.

    Only an upload (under the uploads folder) or a file of the shipped corpus qualifies, both
    checked after resolving links: a document ingested from elsewhere, or a link planted in
    those folders, is never served by the app's download button (issue 17).
    """
    if not source or "://" in source:
        return None
    path = Path(source)
    path = path if path.is_absolute() else PROJECT_ROOT / path
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    for root in (uploads_dir(settings), settings.corpus_dir):
        try:
            inside = real.is_relative_to(root.resolve(strict=True))
        except (OSError, RuntimeError):
            continue
        if inside and real.is_file():
            return real
    return None
