"""Turn source files into `Document`s: one module per format, chosen by suffix.

`parse_file` is the single entry point: it checks the size, dispatches to the
format parser, merges a sidecar `<file>.yaml` (or `<stem>.yaml`) into the
metadata and fills in the language. Every failure is a `kb.errors.ParseError`
subclass whose message names the file.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from kb.errors import (
    EmptyFileError,
    FileTooLargeError,
    KbError,
    MetadataError,
    ParseError,
    UnsupportedFormatError,
)
from kb.ingest.lang import detect_language
from kb.ingest.metadata import (
    MAX_METADATA_BYTES,
    MAX_RECORD_JSON,
    json_size_within,
    load_yaml_mapping,
    validate_metadata,
)
from kb.ingest.parse import docx, dspace, html, limits, markdown, pdf, text
from kb.ingest.parse.common import apply_metadata, sidecar_path
from kb.ingest.parse.imprint import without_rights_notices
from kb.records import Document
from kb.settings import Settings, get_settings

Parser = Callable[[Path, bytes, str | None, Settings], list[Document]]


def _one(fn: Callable[[Path, bytes], Document]) -> Parser:
    return lambda path, data, _password, _settings: [fn(path, data)]


_PARSERS: dict[str, Parser] = {
    ".pdf": lambda path, data, password, settings: [pdf.parse(path, data, password, settings)],
    ".html": lambda path, data, _password, settings: [html.parse(path, data, settings)],
    ".htm": lambda path, data, _password, settings: [html.parse(path, data, settings)],
    ".md": _one(markdown.parse),
    ".markdown": _one(markdown.parse),
    ".docx": _one(docx.parse),
    ".txt": _one(text.parse),
    ".csv": lambda path, data, _password, _settings: dspace.parse(path, data),
}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_PARSERS)
_KIND = {
    ".pdf": "PDF",
    ".html": "HTML",
    ".htm": "HTML",
    ".md": "Markdown",
    ".markdown": "Markdown",
    ".docx": "DOCX",
    ".txt": "text file",
    ".csv": "CSV",
}


def parse_file(
    path: Path, *, password: str | None = None, settings: Settings | None = None
) -> list[Document]:
    """Parse one file into Documents (several for a DSpace CSV export, one per record)."""
    settings = settings or get_settings()
    path = Path(path)
    suffix = path.suffix.lower()
    parser = _PARSERS.get(suffix)
    if parser is None:
        raise UnsupportedFormatError(str(path), suffix or "(no suffix)")
    data = _read_checked(path, settings)
    # a bad sidecar, or a file over a limit, fails before any parser runs
    sidecar = _sidecar_meta(path, settings.follow_symlinks)
    limits.check_input(path, suffix, data, settings)
    try:
        docs = parser(path, data, password, settings)
    except KbError:
        raise
    except (RecursionError, MemoryError) as exc:
        raise ParseError(str(path), f"unreadable {_KIND[suffix]}: {type(exc).__name__}") from exc
    except Exception as exc:  # a library bug or odd input must not escape as a raw error
        reason = str(exc).splitlines()[0][:200] if str(exc) else type(exc).__name__
        raise ParseError(str(path), f"unreadable {_KIND[suffix]}: {reason}") from exc
    if len(docs) > 1:
        sidecar.pop("title", None)  # one title cannot name every record of an export
    return [_finish(path, doc, sidecar) for doc in docs]


def iter_files(
    paths: Iterable[Path],
    skipped: list[tuple[str, str]] | None = None,
    follow_symlinks: bool = False,
) -> Iterator[Path]:
    """Supported files among `paths` (folders walked recursively, sorted), no hidden or sidecars.

    A symbolic link inside a folder that leads outside it (`secret.txt -> /etc/passwd`, or a
    linked folder) is not read unless `follow_symlinks`; it is added to `skipped` as
    (path, reason) for the caller to name. A path that does not exist raises ParseError
    rather than silently adding nothing.
    """
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise ParseError(str(path), "no such file or folder: check the path")
        if path.is_dir():
            root = path.resolve()
            for p in sorted(_walk(path, follow_symlinks)):
                if _hidden(p.relative_to(path)) or not (p.is_dir() or _wanted(p)):
                    continue
                if not follow_symlinks and not _within(p, root):
                    if skipped is not None:
                        skipped.append((str(p), _LEAVES_FOLDER))
                elif p.is_file():
                    yield p
        elif path.is_file() and _wanted(path) and not _hidden(Path(path.name)):
            yield path  # named by the user: read wherever it leads


_LEAVES_FOLDER = (
    "symbolic link leading outside the folder given: not read (set follow_symlinks to read it)"
)


def _walk(folder: Path, follow: bool) -> Iterator[Path]:
    """Files under `folder`, and the links to folders that were not entered (unless `follow`)."""
    seen: set[Path] = set()
    for top, dirs, files in os.walk(folder, followlinks=follow):
        here = Path(top)
        real = here.resolve()
        if real in seen:  # a link loop when following links
            dirs.clear()
            continue
        seen.add(real)
        yield from (here / f for f in files)
        if not follow:
            yield from (here / d for d in dirs if (here / d).is_symlink())


def _within(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):  # a broken or looping link
        return False


def _hidden(rel: Path) -> bool:
    return any(part.startswith(".") for part in rel.parts)


def _wanted(path: Path) -> bool:
    return path.suffix.lower() in SUPPORTED_SUFFIXES


def _read_checked(path: Path, settings: Settings) -> bytes:
    try:
        size = path.stat().st_size
        if size == 0:
            raise EmptyFileError(str(path))
        if size > settings.max_upload_bytes:
            raise FileTooLargeError(str(path), size, settings.max_upload_bytes)
        return path.read_bytes()
    except OSError as exc:
        raise ParseError(str(path), f"cannot read the file: {exc.strerror or exc}") from exc


def _sidecar_meta(path: Path, follow_symlinks: bool = False) -> dict[str, object]:
    side = sidecar_path(path)
    if side is None:
        return {}
    if not follow_symlinks and not _within(side, path.parent.resolve()):
        raise MetadataError(str(side), f"sidecar is a {_LEAVES_FOLDER}")
    try:
        if side.stat().st_size > MAX_METADATA_BYTES:  # refused before it is read
            raise MetadataError(
                str(side), f"sidecar is over the limit of {MAX_METADATA_BYTES:,} bytes"
            )
        text = side.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise MetadataError(str(side), f"cannot read the sidecar file: {exc}") from exc
    meta = load_yaml_mapping(text, str(side), "sidecar")
    return validate_metadata(meta, str(side))


def _finish(path: Path, doc: Document, sidecar: dict[str, object]) -> Document:
    """Merge sidecar metadata, drop rights notices (imprint.py: every format has them) and fill
    in the language when the parser could not tell."""
    pages = without_rights_notices(doc.pages)
    if pages is not doc.pages:
        doc = dataclasses.replace(doc, pages=pages)
    if sidecar:
        base = {
            "title": doc.title,
            "year": doc.year,
            "countries": doc.countries,
            "doc_type": doc.doc_type,
            "language": doc.language,
            "metadata": dict(doc.metadata),
        }
        merged = apply_metadata(path, sidecar, base)
        merged["metadata"]["sidecar"] = str(sidecar_path(path))
        doc = dataclasses.replace(doc, **merged)
    if not json_size_within(doc.metadata, MAX_RECORD_JSON):
        raise MetadataError(
            str(path), f"the document's metadata is over {MAX_RECORD_JSON:,} bytes of JSON"
        )
    if doc.language is None:
        doc = dataclasses.replace(doc, language=detect_language(doc.text))
    return doc
