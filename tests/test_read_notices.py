"""A file read only in part says so: in the ingest report (CLI line, JSON with its kind) and in
the reader's language, and the PDF libraries' own log lines stay off the terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from typer.testing import CliRunner

from kb.cli import app
from kb.curate.batch import Pipeline
from kb.ingest.notices import NOTICE_KEYS, ReadNotice, page_list
from kb.settings import PROJECT_ROOT, Settings
from kb.vocab.labels import LANGS, t
from tests.support.files import DATAKIT, needs_datakit, text_pdf

runner = CliRunner()
ECLAC = DATAKIT / "eclac-repository" / "eclac-repository-climate-export.csv"
DAMAGED = DATAKIT / "pdfs" / "017-unreadable-meta-data" / "unreadablemetadata.pdf"


def with_blank_pages(pdf: bytes, blanks: int) -> bytes:
    """`pdf` with `blanks` pages of no text appended (a scan's pages, to a reader)."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    for _ in range(blanks):
        writer.add_blank_page()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_scanned_pages_left_without_ocr_are_named(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "mixed.pdf").write_bytes(with_blank_pages(text_pdf(2, 5), 2))
    report = Pipeline(settings.with_(ocr_enabled=False)).ingest_paths([folder], "t")
    assert len(report.added) == 1 and not report.failed
    [notice] = report.warnings
    assert notice.key == "textless_pages" and notice.file.endswith("mixed.pdf")
    assert dict(notice.values)["pages"] == "3, 4"
    assert "no text on page(s) 3, 4, which were not OCRed" in str(notice)
    assert "KB_OCR_ENABLED" in str(notice)
    assert "sin texto en la(s) página(s) 3, 4, que no pasaron" in notice.text("es")
    assert "sem texto na(s) página(s) 3, 4, que não passaram" in notice.text("pt")


def test_a_whole_text_pdf_has_no_notice(settings: Settings, tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "plain.pdf").write_bytes(text_pdf(3, 6))
    report = Pipeline(settings.with_(ocr_enabled=False)).ingest_paths([folder], "t")
    assert len(report.added) == 1 and report.warnings == []


@needs_datakit
def test_a_repository_exports_skipped_records_are_a_warning(cli_env: Path) -> None:
    res = runner.invoke(app, ["ingest", str(ECLAC), "--index", "t", "--json"])
    assert res.exit_code == 0, res.output
    [warning] = json.loads(res.stdout)["warnings"]
    assert warning["kind"] == "skipped_records"
    assert warning["warning"] == "skipped 6 of 244 records without a title or abstract"
    line = f"warning: {ECLAC}: skipped 6 of 244 records without a title or abstract"
    assert line in res.stderr.splitlines()
    notice = ReadNotice(str(ECLAC), "skipped_records", (("n", 6), ("total", 244)))
    assert notice.text("es") == "se omitieron 6 de 244 registros sin título o sin resumen"
    big = ReadNotice(str(ECLAC), "skipped_records", (("n", 1500), ("total", 24400)))
    assert "1.500 de 24.400" in big.text("es") and "1,500 of 24,400" in str(
        big
    )  # as the Measure page


def test_every_notice_is_worded_in_each_language() -> None:
    values = {"read": 2, "total": 5, "n": 3, "first": "page 2: x", "pages": "3", "why": "w"}
    values |= {"limit": 200}
    for key in NOTICE_KEYS:
        texts = {lang: t(f"notice.{key}", lang, None, **values) for lang in LANGS}
        assert len(set(texts.values())) == len(LANGS), key  # not English left in es or pt


def test_a_long_page_list_is_cut_and_counted() -> None:
    assert page_list([3, 4, 7]) == "3, 4, 7"
    many = page_list(list(range(1, 41)))
    assert many.startswith("1, 2, 3") and many.endswith("… (40)") and ", 13," not in many


@needs_datakit
def test_a_damaged_pdf_is_one_line_without_the_librarys_own(tmp_path: Path) -> None:
    """Run as a process: under pytest the root logger has pytest's handlers, and a library's
    warning would never reach stderr whatever kb did."""
    env = {
        **os.environ,
        "KB_INDEX_DIR": str(tmp_path / "indexes"),
        "KB_CACHE_DIR": str(tmp_path / "cache"),
        "KB_ENCODER": "hash-256",
    }
    command = [sys.executable, "-c", "from kb.cli import main; main()"]
    args = ["ingest", str(DAMAGED), "--index", "t"]

    def stderr_lines(*extra: str) -> list[str]:
        proc = subprocess.run(
            [*command, *extra, *args], env=env, cwd=PROJECT_ROOT, capture_output=True, text=True
        )
        assert proc.returncode == 1, proc.stderr  # the file failed
        return [ln for ln in proc.stderr.splitlines() if ln.strip() and "━" not in ln]  # no bars

    quiet = stderr_lines()
    assert quiet == [f"failed: {DAMAGED}: truncated or damaged PDF: Invalid object in /Pages"]
    verbose = stderr_lines("--verbose")
    assert any(line.startswith("pypdf.") for line in verbose), verbose
    assert quiet[0] in verbose


@pytest.mark.parametrize("lang", LANGS)
def test_the_curate_label_holds_the_notice(lang: str) -> None:
    notice = ReadNotice("a.pdf", "truncated", (("read", 2), ("total", 5)))
    shown = t("curate.notice", lang, file="a.pdf", notice=notice.text(lang))
    assert shown.startswith("a.pdf: ") and notice.text(lang) in shown
