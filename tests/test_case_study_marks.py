"""What a reader sees of a case study's marks: no asterisks, no taxonomy codes.

Seen reading a PDF brief (2026-12-07): KODIT's lessons read "(condição: *fiscal-resources* e um
sistema bancário…)": the single-asterisk emphasis was shown as typed, and the case studies'
prose carried condition ids such as `fiscal-resources` or `private-sponsors`, codes a reader
does not know, in 52 files.
"""

from __future__ import annotations

import re

import pytest

from kb.answer.compare import plain, readable
from kb.ingest.programs import Program
from kb.vocab.taxonomy import CONDITIONS


@pytest.mark.parametrize(
    ("marked", "shown"),
    [
        ("loans: *Shishu*, *Kishore* and *Tarun Plus*", "loans: Shishu, Kishore and Tarun Plus"),
        ("the *packing credit* (pre-shipment)", "the packing credit (pre-shipment)"),
        ("**bold** then *italic*.", "bold then italic."),
        ("2 * 3 * 4", "2 * 3 * 4"),  # arithmetic, not emphasis
        ("a rate of 5* (see note)", "a rate of 5* (see note)"),  # a footnote mark stays
        ("snake*case*word", "snake*case*word"),
    ],
)
def test_emphasis_marks_are_not_shown(marked: str, shown: str) -> None:
    assert plain(marked) == shown
    assert readable(f"- {marked}") == f"• {shown}"


# Condition ids that are also words of English prose ("a working e-government portal"); the
# others may be words in running text ("credit-bureau reporting"), but not set apart as codes.
WORDS = {"e-government", "e-invoicing"}


def test_case_studies_do_not_show_condition_codes(corpus_programs: dict[str, Program]) -> None:
    codes = "|".join(re.escape(c) for c in CONDITIONS if c not in WORDS)
    found = [
        f"{p.id} ({lang}): {m.group()}"
        for p in corpus_programs.values()
        for lang in p.languages
        for m in re.finditer(rf"\*\*?({codes})\*\*?|\(({codes})\)", p.body_in(lang))
    ]
    assert not found, found
