"""Bounds checked before a reader touches a file's compressed parts (issue 17, item 2).

A 1.5 MB DOCX can hold a `document.xml` that inflates to 1 GB, and a 1 MB PDF a page stream
that does the same: pypdf stops at 75 MB, but pdfminer (tables) and pdfium (OCR) inflate the
whole stream. So every compressed part is measured first, in constant memory, and a file over
the limits in settings (`max_inflated_bytes`, `max_inflated_total_bytes`,
`max_compression_ratio`) is refused with one line naming the part and the setting.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pypdf import PdfReader
from pypdf.errors import LimitReachedError, PyPdfError
from pypdf.filters import ASCII85Decode, ASCIIHexDecode, LZWDecode, RunLengthDecode
from pypdf.generic import ArrayObject, IndirectObject, StreamObject

from kb.errors import DecompressionBombError, InputLimitError
from kb.settings import Settings

_SIZE, _TOTAL = "max_inflated_bytes", "max_inflated_total_bytes"
_RATIO_FLOOR = 1024 * 1024  # small members compress very well (empty XML) and harm nobody
_CHUNK = 64 * 1024
_IMAGE_CODECS = {"/DCTDecode", "/DCT", "/JPXDecode", "/CCITTFaxDecode", "/CCF", "/JBIG2Decode"}
_SHRINKING: dict[str, Any] = {"/ASCIIHexDecode": ASCIIHexDecode, "/AHx": ASCIIHexDecode}
_SHRINKING |= {"/ASCII85Decode": ASCII85Decode, "/A85": ASCII85Decode}
_BOUNDED: dict[str, Any] = {"/LZWDecode": LZWDecode, "/LZW": LZWDecode}  # pypdf caps these at 75 MB
_BOUNDED |= {"/RunLengthDecode": RunLengthDecode, "/RL": RunLengthDecode}
_FLATE = {"/FlateDecode", "/Fl"}
_COMPONENTS = {"/DeviceGray": 1, "/CalGray": 1, "/DeviceCMYK": 4, "/Indexed": 1}


class _Over(Exception):
    """A stage inflated past the limit."""


def size_text(n: int) -> str:
    return f"more than {n / 2**20:,.0f} MiB" if n >= 2**20 else f"{n:,} bytes"


def check_input(path: Path, suffix: str, data: bytes, settings: Settings) -> None:
    """The bounds one can check on the raw bytes, before any reader starts."""
    if suffix == ".docx":
        check_zip(path, data, settings)
    elif suffix in (".html", ".htm") and len(data) > settings.max_html_bytes:
        limit = settings.max_html_bytes
        raise InputLimitError(
            str(path), f"HTML of {len(data):,} bytes, over the limit of {limit:,}", "max_html_bytes"
        )


def check_zip(path: Path, data: bytes, settings: Settings) -> None:
    """Refuse a zip package (DOCX) whose members declare too much, before anything inflates.

    Python's zipfile never inflates past a member's declared size (a lie ends in a CRC
    error), so the declared sizes are a safe bound.
    """
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # not a zip: the reader says so in its own words
    cap, most, total = settings.max_inflated_bytes, settings.max_inflated_total_bytes, 0
    for info in members:
        what = f"zip member {info.filename!r}"
        if info.file_size > cap:
            raise DecompressionBombError(str(path), what, f"{info.file_size:,} bytes", _SIZE, cap)
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > settings.max_compression_ratio:
            raise DecompressionBombError(
                str(path),
                f"{what} ({info.compress_size:,} bytes compressed)",
                f"{ratio:,.0f} times its size",
                "max_compression_ratio",
                settings.max_compression_ratio,
            )
        total += info.file_size
        if total > most:
            raise DecompressionBombError(
                str(path), "the zip members together", f"{total:,} bytes", _TOTAL, most
            )


def check_pdf(path: Path, reader: PdfReader, settings: Settings) -> None:
    """Refuse a PDF with a stream (or image) inflating past the limits, in constant memory.

    Every stream object in the file is measured, reachable or not, since pdfminer and pdfium
    each resolve objects their own way. Images count by their pixels (pdfium decodes them
    one page at a time); every other stream also counts towards the file's total.
    """
    cap, most, total = settings.max_inflated_bytes, settings.max_inflated_total_bytes, 0
    for num, stream in _streams(reader):
        image = stream.get("/Subtype") == "/Image"
        what = f"PDF {'image' if image else 'stream'} (object {num})"
        try:
            size = _inflated_size(stream, cap)
        except _Over:
            raise DecompressionBombError(str(path), what, size_text(cap), _SIZE, cap) from None
        if image:
            size = max(size, _pixel_bytes(stream))
            if size > cap:
                raise DecompressionBombError(
                    str(path), what, f"{size:,} bytes of pixels", _SIZE, cap
                )
            continue
        total += size
        if total > most:
            raise DecompressionBombError(
                str(path), "the PDF's streams together", f"{total:,} bytes", _TOTAL, most
            )


def _streams(reader: PdfReader) -> Iterator[tuple[int, StreamObject]]:
    """Every stream object of the file (streams never live inside object streams)."""
    seen: set[int] = set()
    for gen, numbers in list(reader.xref.items()):
        for num in list(numbers):
            if num in seen:
                continue
            seen.add(num)
            try:
                obj = reader.get_object(IndirectObject(num, gen, reader))
            except (PyPdfError, RecursionError, ValueError, KeyError, TypeError, OSError):
                continue  # a damaged object: the readers report damage in their own words
            if isinstance(obj, StreamObject):
                yield num, obj


def _filters(stream: StreamObject) -> list[tuple[str, Any]]:
    names = stream.get("/Filter")
    params = stream.get("/DecodeParms")
    if names is None:
        return []
    if not isinstance(names, ArrayObject):
        return [(str(names), params)]
    plist = list(params) if isinstance(params, ArrayObject) else [params] * len(names)
    plist += [None] * (len(names) - len(plist))
    return [(str(n), p) for n, p in zip(names, plist, strict=False)]


def _inflated_size(stream: StreamObject, cap: int) -> int:
    """Bytes the stream decodes to (image codecs excluded); _Over past `cap`."""
    data: bytes = stream._data  # the raw, still encoded bytes
    stages = _filters(stream)
    for i, (name, params) in enumerate(stages):
        last = all(n in _IMAGE_CODECS for n, _ in stages[i + 1 :])
        if name in _FLATE:
            if last:
                return _inflate(data, cap, keep=False)[1]
            data = _inflate(data, cap, keep=True)[0]
        elif name in _SHRINKING:
            data = _decode(_SHRINKING[name], data, params)
        elif name in _BOUNDED:
            try:
                data = _decode(_BOUNDED[name], data, params)
            except LimitReachedError:
                raise _Over from None
        else:
            break  # an image codec or a filter kb's readers do not decode either
        if len(data) > cap:
            raise _Over
    return len(data)


def _decode(codec: Any, data: bytes, params: Any) -> bytes:
    try:
        out = codec.decode(data, params)
    except LimitReachedError:
        raise
    except Exception:
        return b""  # undecodable: the readers fail on it (and only it) themselves
    return out.encode("latin-1") if isinstance(out, str) else bytes(out)


def _inflate(data: bytes, cap: int, keep: bool) -> tuple[bytes, int]:
    """zlib-inflate `data` in chunks, never past `cap`; headerless deflate too (pypdf and
    pdfminer fall back to it). Returns the bytes (only when `keep`) and their count."""
    for wbits in (zlib.MAX_WBITS, -zlib.MAX_WBITS):
        out, count = _inflate_with(data, cap, keep, wbits)
        if count or wbits < 0:
            return out, count
    return b"", 0


def _inflate_with(data: bytes, cap: int, keep: bool, wbits: int) -> tuple[bytes, int]:
    inflater = zlib.decompressobj(wbits)
    parts: list[bytes] = []
    count = 0
    try:
        for start in range(0, len(data), _CHUNK):
            pending = data[start : start + _CHUNK]
            while pending:
                piece = inflater.decompress(pending, _CHUNK * 16)
                count += len(piece)
                if count > cap:
                    raise _Over
                if keep:
                    parts.append(piece)
                if not piece and inflater.unconsumed_tail == pending:
                    break  # no progress: nothing more comes out of this data
                pending = inflater.unconsumed_tail
            if inflater.eof:
                break
    except zlib.error:
        pass  # damaged data: readers stop where zlib stops, as here
    return b"".join(parts), count


def _pixel_bytes(stream: StreamObject) -> int:
    """Bytes pdfium needs for an image's pixels, from its declared size."""
    try:
        width, height = int(stream.get("/Width", 0)), int(stream.get("/Height", 0))
        bits = 1 if stream.get("/ImageMask") else int(stream.get("/BitsPerComponent", 8) or 8)
    except (TypeError, ValueError):
        return 0
    space = stream.get("/ColorSpace")
    name = str(space[0] if isinstance(space, ArrayObject) and space else space)
    components = _COMPONENTS.get(name, 3)
    return max(width, 0) * max(height, 0) * components * max(bits, 1) // 8
