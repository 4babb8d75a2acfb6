"""Plain text → Document. Encoding: BOM first, then UTF-8, then charset-normalizer."""

from __future__ import annotations

import codecs
from pathlib import Path

from charset_normalizer import from_bytes

from kb.errors import ParseError
from kb.ingest.parse.common import paragraph_blocks, single_page
from kb.records import Document, content_id

_WESTERN = ("cp1252", "latin_1", "iso8859_15")
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(path: Path, data: bytes) -> str:
    """The text of `data`; ParseError for binary content."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _strict(path, data[len(bom) :], encoding)
    utf16 = _bomless_utf16(data)
    if utf16:
        return _strict(path, data, utf16)
    if b"\x00" in data:
        raise ParseError(str(path), "binary file, not text (it contains NUL bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    return _guess_8bit(data)


def _guess_8bit(data: bytes) -> str:
    """charset-normalizer's guess; among equally good guesses the Western one wins.

    cp1250 and cp1252 often tie on Spanish or Portuguese text (they differ in a few
    letters such as ñ/ń), and Western encodings are what this corpus meets.
    """
    matches = list(from_bytes(data))
    if not matches:
        # Latin-1 maps every byte, so text in an unknown 8-bit encoding still reads
        return data.decode("latin-1")
    best = matches[0]
    ties = [
        m
        for m in matches
        if abs(m.chaos - best.chaos) < 0.01 and abs(m.coherence - best.coherence) < 0.01
    ]
    western = [m for m in ties if m.encoding in _WESTERN]
    return str((western or [best])[0])


def _bomless_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM shows as NUL in every other byte of ASCII-range text."""
    sample = data[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _strict(path: Path, data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        reason = f"not valid {encoding} text despite its byte-order mark"
        raise ParseError(str(path), reason) from exc


def parse(path: Path, data: bytes) -> Document:
    text = decode(path, data).replace("\x00", "")
    blocks = paragraph_blocks(text)
    if not blocks:
        raise ParseError(str(path), "no text: the file holds only whitespace")
    return Document(
        doc_id=content_id(data),
        title=path.stem,  # plain text has no headings to take a title from
        source=str(path),
        pages=single_page(blocks),
        doc_type="text",
    )
