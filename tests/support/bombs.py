"""Decompression bombs built at run time (never committed): a DOCX and a PDF whose one part
inflates to about 1 GB from a few MB, and a YAML alias bomb.

A deflate block ending in a full flush resets the compressor, so the same compressed bytes
repeated N times inflate to the input repeated N times: a 1 GB bomb costs milliseconds.
"""

from __future__ import annotations

import struct
import zlib

MIB = 1024 * 1024


def _repeat(
    chunk: bytes, times: int, wrap: bool, prefix: bytes = b"", suffix: bytes = b""
) -> tuple[bytes, int, int]:
    """Deflate data (zlib-wrapped or raw) for prefix + chunk * times + suffix; CRC-32, size."""
    comp = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS if wrap else -zlib.MAX_WBITS)
    head = comp.compress(prefix) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(chunk) + comp.flush(zlib.Z_FULL_FLUSH)
    tail = comp.compress(suffix) + comp.flush()
    crc, adler = zlib.crc32(prefix), zlib.adler32(prefix)
    for _ in range(times):
        crc, adler = zlib.crc32(chunk, crc), zlib.adler32(chunk, adler)
    crc, adler = zlib.crc32(suffix, crc), zlib.adler32(suffix, adler)
    if wrap:  # the checksum the compressor wrote covers one chunk only
        tail = tail[:-4] + struct.pack(">I", adler)
    size = len(prefix) + len(chunk) * times + len(suffix)
    return head + block * times + tail, crc, size


def _zip(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip file of (name, raw deflate data, crc, size) members, written by hand."""
    out, central = b"", b""
    for name, data, crc, size in members:
        raw = name.encode()
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size,
                           len(raw), 0) + raw + data  # fmt: skip
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                               len(data), size, len(raw), 0, 0, 0, 0, 0, offset) + raw  # fmt: skip
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central),
                      len(out), 0)  # fmt: skip
    return out + central + end


def _member(name: str, text: bytes) -> tuple[str, bytes, int, int]:
    comp = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
    return name, comp.compress(text) + comp.flush(), zlib.crc32(text), len(text)


def docx_bomb(inflated_mib: int = 1024) -> bytes:
    """A DOCX whose word/document.xml inflates to `inflated_mib` MiB of paragraphs."""
    types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        b'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-'
        b'package.relationships+xml"/><Override PartName="/word/document.xml" ContentType='
        b'"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
        b"</Types>"
    )
    rels = (
        b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
        b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        b"</Relationships>"
    )
    para = b"<w:p><w:r><w:t>" + b"bomb " * 200 + b"</w:t></w:r></w:p>"  # few, long paragraphs
    chunk = para * (MIB // len(para))
    start = (
        b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
        b'wordprocessingml/2006/main"><w:body>'
    )
    data, crc, size = _repeat(chunk, inflated_mib, False, start, b"</w:body></w:document>")
    return _zip(
        [
            _member("[Content_Types].xml", types),
            _member("_rels/.rels", rels),
            ("word/document.xml", data, crc, size),
        ]
    )


def pdf_bomb(inflated_mib: int = 1024) -> bytes:
    """A one-page PDF whose content stream inflates to `inflated_mib` MiB (text operators)."""
    ops = b"BT /F1 12 Tf 72 720 Td (" + b"bomb " * 200 + b") Tj ET\n"
    data, _, _ = _repeat(ops * (MIB // len(ops)), inflated_mib, wrap=True)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(data) + data + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\n" % (len(objects) + 1)
    return out + b"startxref\n%d\n%%%%EOF\n" % xref


def yaml_bomb(levels: int = 9) -> str:
    """Billion laughs: each level lists the previous one nine times (9**levels leaves)."""
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for i in range(1, levels):
        refs = ", ".join([f"*a{i - 1}"] * 9)
        lines.append(f"a{i}: &a{i} [{refs}]")
    lines.append(f"notes: *a{levels - 1}")
    return "\n".join(lines) + "\n"
