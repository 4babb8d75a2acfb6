"""Issue 17 item 6: exports are inert. Titles and cells that start like a formula are quoted in
CSV and written as plain strings in XLSX (OWASP CSV injection); HTML from documents is shown as
text in the Markdown brief."""

from __future__ import annotations

import csv
import dataclasses
import io

import openpyxl
import pandas as pd
import pytest

from kb.answer.brief import Brief, BriefProgram
from kb.answer.brief_files import to_markdown
from kb.answer.compare import compare, render
from kb.answer.recommend import programs_by_id
from kb.ingest.programs import Program
from kb.store.links import Citation
from tests.support.files import ROOT

IDS = ["chl-fogape", "kor-kodit", "ind-cgtmse"]
HOSTILE = ['=HYPERLINK("http://evil.example/x","Click")', "+1+cmd|' /C calc'!A0", "@SUM(A1:A9)"]


@pytest.fixture(scope="module")
def hostile() -> dict[str, Program]:
    programs = dict(programs_by_id(ROOT / "corpus" / "programs"))  # a copy: the loader caches
    for pid, name in zip(IDS, HOSTILE, strict=True):
        p = programs[pid]
        meta = p.meta.model_copy(update={"name": name, "local_name": ""})  # KODIT has one
        programs[pid] = dataclasses.replace(p, meta=meta, translations=())
    return programs


def test_csv_cells_starting_with_formula_characters_are_quoted(
    hostile: dict[str, Program],
) -> None:
    rows = list(csv.reader(io.StringIO(str(render(compare(IDS, hostile, lang="en"), "csv")))))
    names = rows[1][1:]
    assert names == ["'" + n for n in HOSTILE]
    starts = ("=", "+", "-", "@", "\t", "\r")
    assert not [cell for row in rows for cell in row if cell.startswith(starts)]


def test_xlsx_cells_are_strings_never_formulas(hostile: dict[str, Program]) -> None:
    data = render(compare(IDS, hostile, lang="en"), "xlsx")
    assert isinstance(data, bytes)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws is not None
    names = [c.value for c in ws[2]][1:]
    assert names == ["'" + n for n in HOSTILE]
    kinds = {c.data_type for row in ws.iter_rows() for c in row if c.value is not None}
    assert kinds == {"s"}  # no "f" (formula) cell anywhere


def test_plain_values_are_unchanged(hostile: dict[str, Program]) -> None:
    rows = list(csv.reader(io.StringIO(str(render(compare(IDS, hostile, lang="en"), "csv")))))
    assert rows[0][1:] == IDS  # ids and ordinary text are not touched


def test_markdown_brief_shows_document_html_as_text() -> None:
    evil = '<img src=x onerror="alert(1)"><script>steal()</script>'
    cite = Citation("d1", f"Report {evil}", 3, f"Guarantees {evil} cover 80%")
    bp = BriefProgram(
        "p1",
        f"Fund {evil}",
        "Chile",
        0.9,
        (f"reason {evil}",),
        f"lesson {evil}",
        ((f"cond {evil}", "yes"),),
        (cite,),
        ("src",),
    )
    brief = Brief(
        "en",
        f"Brief {evil}",
        "note",
        (("Country", f"Chile {evil}"),),
        pd.DataFrame(),
        (bp,),
        own=(f"own {evil}",),
        sources=(f"source {evil}",),
    )
    md = to_markdown(brief)
    assert "<script>" not in md and "<img" not in md
    # eleven fields, and the title again in the front matter
    assert md.count("&lt;script&gt;steal()&lt;/script&gt;") == 12
