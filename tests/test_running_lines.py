"""A paged report's running header, kept by a saved page once per printed page, is not prose:
it goes wherever it recurs, and the text on either side of the page break joins."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.repeats import PAGE_LINES, RUNNING_MIN, without_running_lines
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page

HEADER = "Grassroots to Greatness: Reimagining Community-Driven Innovations"
PAGES = DATAKIT / "undp-acclab" / "pages"


def _report(header: str, times: int = RUNNING_MIN, page: int = PAGE_LINES) -> list[str]:
    """A report's text: `times` printed pages of `page` prose lines, each after `header`."""
    lines: list[str] = []
    for n in range(times):
        lines += [header.replace("{n}", str(n + 1)), ""]
        lines += [f"Page {n + 1} line {k} of the report on urban innovation" for k in range(page)]
        lines.append("")
    return lines


def test_a_running_header_goes_everywhere() -> None:
    lines = _report(HEADER)
    kept = without_running_lines(lines)
    assert HEADER not in kept
    assert len(kept) == len(lines) - RUNNING_MIN  # only the headers went


@pytest.mark.parametrize("template", ["{n} " + HEADER, HEADER + " {n}"])
def test_a_page_number_beside_the_header_does_not_hide_it(template: str) -> None:
    lines = _report(template)  # "1 Grassroots …", "2 Grassroots …" / "… Innovations 1"
    kept = without_running_lines(lines)
    assert len(kept) == len(lines) - RUNNING_MIN and not any(HEADER in ln for ln in kept)


@pytest.mark.parametrize(
    ("header", "times", "page"),
    [
        (HEADER, RUNNING_MIN - 1, PAGE_LINES),  # too few recurrences
        ("UNDP Accelerator Lab", RUNNING_MIN, PAGE_LINES),  # too short: prose wraps like it
        ("Small firms export more when they share costs.", RUNNING_MIN, PAGE_LINES),  # sentence
        ("Tiempo de uso del instrumento: 45 minutos", RUNNING_MIN, PAGE_LINES),  # a field
        ("De 1 a 3 años de escolaridad", RUNNING_MIN, 3),  # a table's rows, lines apart
        ("## Lessons for other countries", RUNNING_MIN, PAGE_LINES),  # a heading
    ],
)
def test_what_is_no_running_header_stays(header: str, times: int, page: int) -> None:
    lines = _report(header, times, page)
    assert without_running_lines(lines) == lines


@pytest.mark.parametrize("name", ["page.md", "page.txt"])
def test_a_saved_page_loses_its_header(tmp_path: Path, name: str) -> None:
    body = "\n".join(_report(HEADER))
    text = "\n".join(body_paragraphs(parsed_page(tmp_path, f"Urban innovation\n\n{body}\n", name)))
    assert HEADER not in text and "Page 5 line 19 of the report" in text


@needs_datakit
def test_a_real_report_keeps_its_title_once() -> None:
    report = PAGES / "blog_grassroots_to_greatness.md"
    passages = [c.text for c in chunk_document(parse_file(report)[0])]
    with_header = [t for t in passages if "for Sustainable Urban Development" in t]
    assert len(with_header) == 1, len(with_header)  # its cover; it was in 89 of 382 passages
    assert with_header[0].startswith("Grassroots to Greatness Reimagining")
