"""Long work shows progress: a long PDF's pages are a progress stage of their own."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kb.curate.batch import Pipeline
from kb.settings import Settings
from tests.support.files import text_pdf


class Recorder:
    def __init__(self) -> None:
        self.stages: list[tuple[str, int]] = []
        self.done: dict[str, int] = {}

    def stage(self, name: str, total: int) -> None:
        self.stages.append((name, total))
        self.done[name] = 0

    def advance(self, n: int = 1) -> None:
        self.done[self.stages[-1][0]] += n


def ingested(settings: Settings, folder: Path, pdfs: dict[str, bytes]) -> tuple[Recorder, Any]:
    """Progress and report of ingesting these PDFs from `folder`."""
    folder.mkdir()
    for name, data in pdfs.items():
        (folder / name).write_bytes(data)
    progress = Recorder()
    return progress, Pipeline(settings, progress=progress).ingest_paths([folder], "t")


def test_a_long_pdf_reports_every_page_then_resumes_the_files(
    settings: Settings, tmp_path: Path
) -> None:
    pdfs = {"long.pdf": text_pdf(120, 3), "short.pdf": text_pdf(3, 4)}
    progress, report = ingested(settings, tmp_path / "in", pdfs)
    assert len(report.added) == 2 and not report.failed
    pages = [s for s in progress.stages if s[0].startswith("Reading long.pdf")]
    assert pages and pages[0][1] == 120 and progress.done[pages[0][0]] == 120
    assert not any(s[0].startswith("Reading short.pdf") for s in progress.stages)
    names = [s[0] for s in progress.stages]
    assert names[0] == "Reading files" and "Embedding passages" in names


def test_reading_files_resumes_its_count_after_a_long_pdf(
    settings: Settings, tmp_path: Path
) -> None:
    pdfs = {"a.pdf": text_pdf(3, 5), "b-long.pdf": text_pdf(60, 6), "c.pdf": text_pdf(3, 7)}
    progress, _ = ingested(settings, tmp_path / "in", pdfs)
    reading = [s for s in progress.stages if s[0] == "Reading files"]
    # resumed as "2/3" after the long PDF's pages, not as a new count of the files left
    assert reading == [("Reading files", 3), ("Reading files", 3)]
    assert progress.done["Reading files"] == 3
