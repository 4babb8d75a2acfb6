"""Specific errors. Each message names the input and says how to fix it.

The CLI maps `KbError` subclasses to one line on stderr and an exit code;
anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal, get_args

# Why a file was not ingested, in a word the app translates (labels "failure.<kind>") ahead of
# the English reason, which names the limit or the fix but is not the reader's language.
FailureKind = Literal[
    "encrypted",
    "wrong_password",
    "no_text",
    "unsupported",
    "empty",
    "too_large",
    "unsafe_name",
    "metadata",
    "limits",
    "unreadable",
    "other",
]
FAILURE_KINDS: tuple[FailureKind, ...] = get_args(FailureKind)

# Why a cited page cannot be shown (labels "viewer.<why>", the English one is the reason).
ViewWhy = Literal[
    "unknown_doc", "no_passage", "not_pdf", "not_stored", "file_gone", "page_range", "unopenable"
]
VIEW_WHYS: tuple[ViewWhy, ...] = get_args(ViewWhy)


class KbError(Exception):
    """Base class for every error kb raises on purpose."""

    exit_code = 1
    failure_kind: FailureKind = "other"  # what the app says when this error stops a file's ingest


class ParseError(KbError):
    """A source could not be turned into a Document."""

    failure_kind: FailureKind = "unreadable"  # damaged, not what its name says, or without text

    def __init__(self, path: str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class EncryptedPDFError(ParseError):
    failure_kind: FailureKind = "encrypted"

    def __init__(self, path: str) -> None:
        super().__init__(
            path,
            "encrypted PDF: the empty password did not open it; pass the password with --password",
        )


class WrongPasswordError(ParseError):
    failure_kind: FailureKind = "wrong_password"

    def __init__(self, path: str) -> None:
        super().__init__(path, "encrypted PDF: the password given does not open it")


class NoTextLayerError(ParseError):
    failure_kind: FailureKind = "no_text"

    def __init__(self, path: str, hint: str = "") -> None:
        msg = "no text layer (scanned?): no page has extractable text"
        super().__init__(path, msg + (f"; {hint}" if hint else ""))


class UnsupportedFormatError(ParseError):
    failure_kind: FailureKind = "unsupported"

    def __init__(self, path: str, suffix: str) -> None:
        super().__init__(
            path,
            f"unsupported file type {suffix!r}: kb reads .pdf, .html/.htm, .md, .docx, .txt "
            "and DSpace .csv exports",
        )


class EmptyFileError(ParseError):
    failure_kind: FailureKind = "empty"

    def __init__(self, path: str) -> None:
        super().__init__(path, "empty file (0 bytes)")


class FileTooLargeError(ParseError):
    failure_kind: FailureKind = "too_large"

    def __init__(self, path: str, size: int, limit: int) -> None:
        super().__init__(
            path,
            f"file is {size:,} bytes, over the limit of {limit:,} (setting max_upload_bytes)",
        )


class UnsafePathError(ParseError):
    failure_kind: FailureKind = "unsafe_name"

    def __init__(self, path: str) -> None:
        super().__init__(path, "unsafe file name (absolute path or '..'): rename the file")


class MetadataError(ParseError):
    """Front matter or a sidecar file is malformed or fails validation."""

    failure_kind: FailureKind = "metadata"


class DecompressionBombError(ParseError):
    """A compressed part of a file would inflate beyond the limits in settings."""

    failure_kind: FailureKind = "limits"

    def __init__(self, path: str, what: str, size: str, setting: str, limit: int) -> None:
        super().__init__(
            path,
            f"decompression bomb refused: {what} inflates to {size}, over the limit of "
            f"{limit:,} (setting {setting}); if the file is genuine, raise {setting}",
        )


class InputLimitError(ParseError):
    """A file is readable but beyond a documented limit (nesting depth, element count)."""

    failure_kind: FailureKind = "limits"

    def __init__(self, path: str, what: str, setting: str) -> None:
        super().__init__(path, f"{what} (setting {setting}); simplify the file or raise {setting}")


class IndexMissingError(KbError):
    def __init__(self, name: str, path: str) -> None:
        super().__init__(
            f"index {name!r} not found at {path}: run `kb build` (the corpus index) "
            f"or `kb ingest PATH --index {name}`"
        )


class IndexMismatchError(KbError):
    def __init__(self, name: str, built_with: str, asked: str) -> None:
        super().__init__(
            f"index {name!r} was built with encoder {built_with!r} but {asked!r} is configured: "
            f"rebuild it (`kb build --rebuild` or `kb ingest ... --index {name} --rebuild`) "
            "or set the encoder back"
        )


class IndexCorruptError(KbError):
    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"index at {path} is unreadable ({reason}): run `kb doctor` or rebuild")


class RecordTooLargeError(KbError):
    """A document record would make an index version too large to load back."""

    def __init__(self, doc_id: str, limit: int) -> None:
        super().__init__(
            f"document {doc_id!r} has a record over {limit:,} bytes of JSON (its metadata is "
            "too large): nothing was published; shorten its sidecar or front matter"
        )


class StoreConfigError(KbError):
    """The configured store cannot be used (no database URL, unreachable server, no pgvector)."""


class UsageError(KbError):
    """Bad arguments: unknown ids, impossible combinations. Exit code 2."""

    exit_code = 2


class UnknownIdError(UsageError):
    def __init__(self, kind: str, value: str, valid: list[str]) -> None:
        self.kind, self.value, self.valid = kind, value, valid
        super().__init__(f"unknown {kind} {value!r}; valid {kind} ids: {', '.join(valid)}")


class EncoderError(KbError):
    """An encoder could not be loaded (missing package, bad model path)."""


class PanelError(KbError):
    """A firm-level panel (or its links table) cannot be measured."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnknownDocumentError(UsageError):
    def __init__(self, doc_id: str, index: str) -> None:
        self.doc_id = doc_id
        super().__init__(
            f"no document {doc_id!r} in the catalog of index {index!r}: "
            f"list them with `kb docs list --index {index}`"
        )


class UnknownProgramError(UsageError):
    def __init__(self, program_id: str) -> None:
        super().__init__(
            f"no program {program_id!r} in the catalog: list them with "
            "`kb programs list` (run `kb build` to register the case studies)"
        )


class StatusError(UsageError):
    """A curation action that the document's current status does not allow."""

    def __init__(self, doc_id: str, status: str, action: str, allowed: tuple[str, ...]) -> None:
        super().__init__(
            f"cannot {action} document {doc_id!r}: it is {status}; {action} applies to "
            f"{' or '.join(allowed)} documents (see `kb docs show {doc_id}`)"
        )


class CatalogError(KbError):
    """The catalog database cannot be opened or is inconsistent."""


class GlossaryError(KbError):
    """The query-translation glossary cannot be read (kb/answer/translation.py)."""


class AuthError(KbError):
    """A login failed or the users file is unusable."""


class PageViewError(KbError):
    """A cited page cannot be shown (not a stored PDF, file gone, page out of range).

    `reason` is English; `why` and `values` let the viewer say it in the reader's language.
    """

    def __init__(
        self, doc: str, reason: str, why: ViewWhy, values: Mapping[str, str] | None = None
    ) -> None:
        self.doc = doc
        self.reason = reason
        self.why = why
        self.values = dict(values or {})
        super().__init__(f"{doc}: {reason}")


class StorageError(KbError):
    """The disk refused a write: full, read-only, or not ours to write. Nothing was changed."""

    FULL = "the disk is full"
    READ_ONLY = "it is read-only"
    DENIED = "permission is denied"

    def __init__(self, where: str, why: str, detail: str = "") -> None:
        self.where, self.why = where, why
        fix = {
            self.FULL: "free some space and run the command again",
            self.READ_ONLY: "make it writable (or set KB_INDEX_DIR to a writable folder) "
            "and run the command again",
            self.DENIED: "give this user write access to it (or set KB_INDEX_DIR to a folder "
            "it can write) and run the command again",
        }.get(why, "check the disk and run the command again")
        extra = f" ({detail})" if detail else ""
        # Permission is refused to readers too: "write" only where the disk refused a write.
        verb = "cannot open" if why == self.DENIED else "cannot write to"
        super().__init__(
            f"{verb} {where}: {why}{extra}; nothing was changed, the index and the "
            f"catalog are as they were; {fix}"
        )


_ERRNO_WHY = {28: StorageError.FULL, 122: StorageError.FULL, 30: StorageError.READ_ONLY}
_ERRNO_WHY.update({13: StorageError.DENIED, 1: StorageError.DENIED})
_TEXT_WHY = (
    ("no space left", StorageError.FULL),
    ("disk is full", StorageError.FULL),
    ("disk quota", StorageError.FULL),
    ("read-only file system", StorageError.READ_ONLY),
    ("readonly database", StorageError.READ_ONLY),
    ("permission denied", StorageError.DENIED),
)


def storage_error(exc: BaseException, where: str) -> StorageError | None:
    """The StorageError an OSError, SQLite or FAISS error stands for, or None if it is another
    kind of failure (FAISS and SQLite report a full disk only in their message)."""
    why = _ERRNO_WHY.get(getattr(exc, "errno", None) or -1)
    text = str(exc).lower()
    why = why or next((w for key, w in _TEXT_WHY if key in text), None)
    return StorageError(where, why) if why else None
