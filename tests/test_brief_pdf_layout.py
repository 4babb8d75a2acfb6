"""A PDF brief never ends a page on a heading: the heading goes over with what it heads.

Seen reading a brief (2026-12-07): the Portuguese brief of FOGAPE, KODIT and TradeNet ended its
first page on the heading "Programas", the programs themselves starting on page 2 (the heading
had room for itself, its first sub-heading did not).
"""

from __future__ import annotations

import io
import itertools

import pytest
from pypdf import PdfReader

from kb.answer.brief import build_brief, short_name
from kb.answer.brief_files import program_heading, to_pdf
from kb.answer.search import Searcher
from kb.ingest.programs import Program
from kb.vocab.labels import t

SELECTIONS = [
    ["chl-fogape", "kor-kodit", "sgp-tradenet"],
    ["chl-fogape", "kor-kodit", "ind-cgtmse"],
    ["sgp-tradenet", "mex-bancomext"],
    ["kor-kodit"],
]


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize(("ids", "lang"), list(itertools.product(SELECTIONS, ["pt", "es", "en"])))
def test_no_page_ends_on_a_heading(
    ids: list[str], lang: str, corpus_searcher: Searcher, corpus_programs: dict[str, Program]
) -> None:
    brief = build_brief(corpus_programs, program_ids=ids, searcher=corpus_searcher, lang=lang)
    headings = [t(k, lang) for k in ("col_programs", "field.sources", "brief.comparison")]
    headings += [_flat(program_heading(bp)) for bp in brief.programs]
    pages = [_flat(p.extract_text()) for p in PdfReader(io.BytesIO(to_pdf(brief))).pages]
    assert len(pages) > 1
    for number, text in enumerate(pages[:-1], start=1):
        ends = [h for h in headings if text.endswith(h)]
        assert not ends, (
            f"page {number} of {short_name(corpus_programs[ids[0]], lang)}… ends on {ends}"
        )
