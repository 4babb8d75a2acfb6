"""Hostile and bad input at the batch level: one upload batch holding every bad file kb must
survive, plus good ones. Each bad file gets one error naming it and the reason; the good ones
are ingested and searchable; a document indexed before the batch is untouched. The batch runs
on both stores (file and Postgres).

(The parsers' own errors are tested in tests/test_parse_*.py; this is what curation adds.)
"""

from __future__ import annotations

import io
import random
import time
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader, PdfWriter

from kb.answer.search import Searcher
from kb.curate.curator import Curator
from kb.curate.uploads import safe_upload_name, save_upload, uploads_dir
from kb.errors import FileTooLargeError, UnsafePathError
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from tests.support.files import report_text, text_pdf
from tests.support.stores import load
from tests.test_parse_pdf import _hand_made_pdf

LIMIT = 2_000_000  # bytes; the oversize upload is just above it, the 2,000-page PDF below


def _encrypted() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text_pdf(2, 5))))
    writer.encrypt("secret", algorithm="AES-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def _deep_pdf() -> bytes:
    """Objects nested 20,000 arrays deep, beyond any sane recursion limit."""
    deep = b"<< /Type /Catalog /Pages 2 0 R /Nest " + b"[" * 20000 + b"]" * 20000 + b" >>"
    return _hand_made_pdf([deep, b"<< /Type /Pages /Kids [] /Count 0 >>"])


def _loop_pdf() -> bytes:
    return _hand_made_pdf(
        [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [2 0 R] /Count 1 >>"]
    )


BAD: dict[str, tuple[bytes | None, str]] = {
    # name: (bytes, or None when built in the test; words the reason must contain)
    "empty.pdf": (b"", "empty file (0 bytes)"),
    "truncated.pdf": (None, "truncated or damaged PDF"),
    "random.pdf": (bytes(random.Random(1).randrange(256) for _ in range(5000)), "not a valid PDF"),
    "locked.pdf": (None, "encrypted PDF"),
    "scan.pdf": (None, "no text layer"),
    "loop.pdf": (None, "damaged PDF"),
    "nested.pdf": (None, "PDF"),
    "broken-front-matter.md": (
        b"---\ntitle: [unclosed\n---\n# Body\n\nText here.\n",
        "broken YAML",
    ),
    "../../etc/passwd": (b"root:x:0:0", "unsafe file name"),
    "/etc/shadow.txt": (b"x", "unsafe file name"),
    "C:\\Windows\\win.ini.txt": (b"x", "unsafe file name"),
    "huge.txt": (b"a " * (LIMIT // 2 + 10), "over the limit"),
    "slides.pptx": (b"PK\x03\x04 slides", "unsupported file type '.pptx'"),  # never dropped
}
# The kind of each failure, which the Curate page says in the reader's language first.
KINDS = {
    "empty.pdf": "empty",
    "truncated.pdf": "unreadable",
    "random.pdf": "unreadable",
    "locked.pdf": "encrypted",
    "scan.pdf": "no_text",
    "loop.pdf": "unreadable",
    "nested.pdf": "unreadable",  # too deep to parse: the reader gives up, as on damage
    "broken-front-matter.md": "metadata",
    "../../etc/passwd": "unsafe_name",
    "/etc/shadow.txt": "unsafe_name",
    "C:\\Windows\\win.ini.txt": "unsafe_name",
    "huge.txt": "too_large",
    "slides.pptx": "unsupported",
}


class Recorder:
    def __init__(self) -> None:
        self.stages: dict[str, int] = {}
        self.done = 0

    def stage(self, name: str, total: int) -> None:
        # A long PDF's pages are a stage of their own, after which "Reading files" resumes with
        # the files left: keep the largest total each stage was declared with.
        self.stages[name] = max(total, self.stages.get(name, 0))

    def advance(self, n: int = 1) -> None:
        self.done += n


@pytest.fixture
def hostile_settings(store_settings: Settings) -> Settings:
    return store_settings.with_(max_upload_bytes=LIMIT, max_pdf_pages=200, ocr_enabled=False)


def _bad_files() -> list[tuple[str, bytes]]:
    built = {
        "truncated.pdf": text_pdf(3, 2)[:1500],
        "locked.pdf": _encrypted(),
        "scan.pdf": _blank_pdf(),
        "loop.pdf": _loop_pdf(),
        "nested.pdf": _deep_pdf(),
    }
    return [(name, data if data is not None else built[name]) for name, (data, _) in BAD.items()]


def _good_files() -> list[tuple[str, bytes]]:
    spanish = (
        "Las pequeñas empresas exportadoras reciben garantías del fondo nacional. "
        "El programa financia capital de trabajo para la exportación."
    )
    return [
        (
            "script.html",
            b"<html><head><title>Vouchers</title><script>alert('pwned')</script>"
            b"</head><body><h1>Export vouchers</h1><p>Vouchers pay consultants "
            b"helping small firms export.</p><script>stealCookies()</script>"
            b"</body></html>",
        ),
        ("latin1.txt", spanish.encode("latin-1")),
        ("utf16.txt", "Single windows let traders file customs papers once.".encode("utf-16")),
        ("long.pdf", text_pdf(2000, 9)),
    ]


def test_one_batch_with_every_hostile_input(hostile_settings: Settings, tmp_path: Path) -> None:
    s = hostile_settings
    progress = Recorder()
    cur = Curator(s, "t", user="alice", encoder=make_encoder("hash-256"), progress=progress)
    (tmp_path / "old.txt").write_text(report_text(4), encoding="utf-8")
    cur.ingest([tmp_path / "old.txt"])
    before = load(s)
    (old_id,) = before.docs

    t0 = time.perf_counter()
    report = cur.upload(_bad_files() + _good_files(), status="approved")
    assert time.perf_counter() - t0 < 120  # generous: a 2,000-page PDF is in the batch

    failed: dict[str, str] = {}
    kinds: dict[str, str] = {}
    for f in report.failed:
        file, reason = f  # still the (file, reason) pair every consumer unpacks
        name = next(n for n in BAD if file == n or file.endswith("/" + n))
        assert name not in failed, f"{name} reported twice"
        failed[name], kinds[name] = reason, f.kind
    assert kinds == KINDS
    assert set(failed) == set(BAD), f"not reported: {set(BAD) - set(failed)}"
    for name, (_, words) in BAD.items():
        assert words in failed[name], (name, failed[name])

    assert len(report.added) == len(_good_files())
    index = load(s)
    titles = {d.title: d for d in index.docs.values()}
    texts = " ".join(index.chunk_table(["text"])["text"])
    assert "<script" not in texts and "stealCookies" not in texts
    long_pdf = next(d for d in index.docs.values() if d.doc_type == "pdf")
    assert long_pdf.pages == 200 and long_pdf.metadata["truncated"] is True
    assert long_pdf.metadata["page_count"] == 2000
    assert "Vouchers" in titles
    search = Searcher(index, make_encoder("hash-256"), s)
    # Lexical search: the decoded words themselves must be found (accents included).
    assert search.search("pequeñas exportadoras garantías", method="bm25")[0].title == "latin1"
    assert search.search("traders customs papers", method="bm25")[0].title == "utf16"

    # Nothing stored is lost: the earlier document keeps every chunk, id and vector.
    old_before = before.chunk_table(doc_ids=[old_id])
    old_after = index.chunk_table(doc_ids=[old_id])
    assert list(old_after["faiss_id"]) == list(old_before["faiss_id"])
    assert list(old_after["text"]) == list(old_before["text"])
    # Progress was reported for every file that reached the pipeline.
    # (Five are refused at upload: three unsafe names, the oversize file, the .pptx.)
    assert progress.stages["Reading files"] == len(_bad_files()) + len(_good_files()) - 5
    assert [t for n, t in progress.stages.items() if n.startswith("Reading long")] == [200]
    assert progress.done >= progress.stages["Reading files"]


@pytest.mark.parametrize(
    "name",
    [
        "../../etc/passwd",
        "/etc/passwd",
        "a/../../b.pdf",
        "..\\..\\x.pdf",
        "C:\\x.pdf",
        "\\\\server\\share\\x.pdf",
        "sub/dir.pdf",
        ".hidden.pdf",
        "",
        "bad\x00name.pdf",
    ],
)
def test_unsafe_upload_names_are_refused(name: str, settings: Settings) -> None:
    with pytest.raises(UnsafePathError, match="unsafe file name"):
        safe_upload_name(name)
    with pytest.raises(UnsafePathError):
        save_upload(settings, name, b"data")
    assert not uploads_dir(settings).exists() or not any(uploads_dir(settings).rglob("*.pdf"))


def test_uploads_are_kept_apart_and_written_whole(settings: Settings) -> None:
    a = save_upload(settings, "report.pdf", b"%PDF-1 first")
    b = save_upload(settings, "report.pdf", b"%PDF-1 second")
    assert a != b and a.read_bytes() == b"%PDF-1 first" and b.read_bytes() == b"%PDF-1 second"
    assert save_upload(settings, "report.pdf", b"%PDF-1 first") == a
    assert all(p.parent.parent == uploads_dir(settings) for p in (a, b))
    leftovers: list[Any] = list(uploads_dir(settings).rglob(".upload-*"))
    assert not leftovers


def test_oversize_upload_is_refused_before_writing(settings: Settings) -> None:
    small = settings.with_(max_upload_bytes=10)
    with pytest.raises(FileTooLargeError, match=r"over the limit of 10 .*max_upload_bytes"):
        save_upload(small, "big.txt", b"x" * 11)
    assert not uploads_dir(small).exists() or not any(uploads_dir(small).rglob("big.txt"))


def test_a_2000_page_pdf_is_read_in_bounded_time_and_memory(tmp_path: Path) -> None:
    import tracemalloc

    from kb.ingest.parse import parse_file

    path = tmp_path / "long.pdf"
    path.write_bytes(text_pdf(2000, 9))
    tracemalloc.start()
    t0 = time.perf_counter()
    try:
        doc = parse_file(path, settings=Settings(max_pdf_pages=3000, ocr_enabled=False))[0]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert doc.page_count == 2000 and doc.metadata["truncated"] is False
    assert time.perf_counter() - t0 < 180  # generous: about 10 s on a loaded 2-core machine
    assert peak < 512 * 2**20, f"peak {peak / 2**20:.0f} MiB"
