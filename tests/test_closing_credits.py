"""A saved page's last credits are not its prose: a byline closing the article, a series tag
carrying its byline, and a photo's caption that repeats a few words of the title."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.captions import without_closing_byline, without_series_byline
from kb.ingest.parse.furniture import without_title_echo
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page

BODY = (
    "Small garment workshops that share a production supervisor cut the minutes each "
    "garment takes and the share of rejected pieces."
)
TITLE = "La historia de Kuña Jero, cuando la necesidad toca tu puerta"
PAGES = DATAKIT / "undp-acclab" / "pages"


@pytest.mark.parametrize(
    "credit",
    [
        "Por Eva Torales, Carmen Gauto, Ana Lucía Giménez y el Equipo del Laboratorio del PNUD",
        "By Ana Soto and Luis Pérez.",
        "Written by: Ana Soto",
        "Autores: Ana Soto; Luis Pérez; Sady Sarquis*",
    ],
)
def test_a_byline_closing_the_text_goes(credit: str) -> None:
    after = "-\nEste blog fue publicado en otro sitio."
    kept = without_closing_byline(f"{BODY}\n{BODY}\n{credit}\n{after}")
    assert kept == f"{BODY}\n{BODY}\n{after}"


@pytest.mark.parametrize(
    "line",
    [
        "Por Decreto Supremo",  # one name, no colon: a phrase, not a credit
        "Por último, pero no menos importante, agradecer el compromiso de todos.",
        "By mobilizing new sources of data, we can make our data ecosystems stronger.",
        "By region",
        "Por Colombia, 2021",
    ],
)
def test_a_closing_line_that_is_no_byline_stays(line: str) -> None:
    text = f"{BODY}\n{BODY}\n{line}"
    assert without_closing_byline(text) == text


def test_a_byline_before_the_last_lines_stays() -> None:
    text = "\n".join(["Por Eva Torales, Carmen Gauto y el Equipo", BODY, BODY, BODY, BODY])
    assert without_closing_byline(text) == text


def test_a_series_tag_with_its_byline_goes() -> None:
    tag = (
        "UNDP Viet Nam Circular Innovation Series - BLOG #1 by Morgane Rivoal, UNDP Climate "
        "Change and Circular Economy Officer, and Ida Uusikyla, Innovation Officer"
    )
    assert without_series_byline(f"{tag}\n{BODY}") == f"\n{BODY}"


@pytest.mark.parametrize(
    "line",
    [
        "Lessons from the pilot run by Bancóldex, Innpulsa and Colombia Fintech",
        "A report prepared by Policy Links, IfM Engage, for the United Nations Development",
        "Circular Innovation Series - BLOG #2 by Ana Soto",  # one name: the rule wants a list
        "Series 2021. The programme was run by Bancóldex and Innpulsa",  # a sentence ends inside
    ],
)
def test_a_head_line_that_is_no_series_byline_stays(line: str) -> None:
    text = f"{line}\n{BODY}"
    assert without_series_byline(text) == text


def _head(after_echo: str) -> list[str]:
    return ["HOME", "PARAGUAY", TITLE, *after_echo.split("\n"), BODY, BODY]


def test_a_caption_of_title_words_under_the_title_goes(tmp_path: Path) -> None:
    after_echo = "Por: Ana Soto, Luis Pérez\n11 DE MAYO DE 2021\nKuña Jero"
    assert "Kuña Jero" not in without_title_echo(_head(after_echo), TITLE)
    page = f"# {TITLE}\n\n" + "\n".join(_head(after_echo))
    text = " ".join(body_paragraphs(parsed_page(tmp_path, page)))
    assert "Kuña Jero" not in text and text.startswith(BODY)


@pytest.mark.parametrize(
    "after_echo",
    [
        "Kuña",  # one word
        "Kuña Jero toca",  # not a run of the title's words
        "Uno\nDos\nTres\nCuatro\nKuña Jero",  # past the head's lines
        f"{BODY}\nKuña Jero",  # the article has begun
    ],
)
def test_other_lines_under_the_title_stay(after_echo: str) -> None:
    kept = without_title_echo(_head(after_echo), TITLE)
    assert after_echo.split("\n")[-1] in kept


def test_without_the_title_echo_a_fragment_stays() -> None:
    lines = ["HOME", "Kuña Jero", BODY]
    assert without_title_echo(lines, TITLE) == lines


@needs_datakit
def test_real_pages_lose_their_last_credits() -> None:
    kuna = next(PAGES.glob("blog_la_historia_de_ku_a_jero*.md"))
    assert chunk_document(parse_file(kuna)[0])[0].text.startswith("Ester está en su casa")
    ai4ce = next(PAGES.glob("blog_ai4ce_*.md"))
    assert chunk_document(parse_file(ai4ce)[0])[0].text.startswith("This blog is the first")
    yaguaron = next(PAGES.glob("blog_la_ciudad_de_yaguar_n*.md"))
    text = " ".join(c.text for c in chunk_document(parse_file(yaguaron)[0]))
    assert "Eva Torales" not in text and "Este blog fue publicado" in text
