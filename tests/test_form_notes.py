"""A form's note to its respondent is not an answer: a form page (a UNDP learning plan or
experiment) left the form's own note unquoted where an answer goes, and it opened the page's
main passage."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.markdown import form_note
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page

NOTE = (
    "Please note: we ask you to only submit a maximum of 3 challenges. Each challenge must be "
    "submitted individually."
)
ANSWER = "Our challenge is that small fishing firms sell their catch without any digital record."
PAGES = DATAKIT / "undp-acclab" / "pages"


def _page(kind: str, answer: str) -> str:
    return (
        f"# Plan\n\n[[type:{kind}]]\n## Challenge statement\n\n"
        "> Challenge type: please indicate if this is your big bet.\n\n"
        f"{answer}\n\n> Challenge statement: What is your challenge?\n\n{ANSWER}\n"
    )


@pytest.mark.parametrize("kind", ["learningplan", "experiment"])
def test_a_forms_note_to_its_respondent_goes(tmp_path: Path, kind: str) -> None:
    assert body_paragraphs(parsed_page(tmp_path, _page(kind, NOTE))) == [ANSWER]


def test_the_same_note_in_a_page_that_is_no_form_stays(tmp_path: Path) -> None:
    assert NOTE in body_paragraphs(parsed_page(tmp_path, _page("blog", NOTE)))


@pytest.mark.parametrize(
    ("paragraph", "note"),
    [
        (NOTE, True),
        ("Por favor, indique si usted presenta más de un desafío.", True),
        ("Por favor, note que você pode enviar apenas um desafio.", True),
        ("Please see our annex for the survey data.", False),  # addresses no one as "you"
        ("We would like you to please read the annex.", False),  # no request opens it
        (NOTE + " " + " ".join(["The form lists the rules for each round."] * 8), False),
    ],
)
def test_what_counts_as_a_forms_note(paragraph: str, note: bool) -> None:
    assert form_note(paragraph) is note


@needs_datakit
def test_real_form_pages_open_their_challenge_on_the_answer() -> None:
    forms = [p for p in sorted(PAGES.glob("*.md")) if "[[type:learningplan]]" in p.read_text()]
    assert len(forms) >= 14
    for path in forms:
        passages = [c.text for c in chunk_document(parse_file(path)[0])]
        assert not any("we ask you to only submit" in p for p in passages), path.name
    bluedigital = chunk_document(parse_file(PAGES / "bluedigital.md")[0])
    assert bluedigital[1].text.startswith("Our challenge is that many Barbados")
