"""A paragraph of bare addresses is not prose: a form page's sources pasted as links, a
report's back cover one address a paragraph. Joined to the prose around them, a link's path
words matched queries; shown, a link told a reader nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from kb.ingest.parse.notes import addresses_only
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page

PAGES = DATAKIT / "undp-acclab" / "pages"
PROSE = "The programme lends to small firms that sell to large buyers."
SOURCES = "Sources for this experiment:"


@pytest.mark.parametrize(
    ("paragraph", "bare"),
    [
        ("https://www.undp.org/es/paraguay/proyectos/local", True),
        ("https://a.org/x https://b.org/y", True),
        ("[email removed], [email removed]", True),
        ("contacto@pnud.org.uy", True),
        ("www.uy.undp.org", True),
        ("@PNUDUruguay", True),
        ("[1] https://dibi.bnpb.go.id/", True),
        ("Mural on BD retrospective: https://app.mural.co/t/x", False),
        ("pnud Paraguay pnudparaguay @pnud paraguay", False),
        ("UNDP Indonesia, “IKN,” UNDP Indonesia, 2025, https://www.undp.org/x", False),
        ("Write to us at [email removed] to share what you learnt.", False),
    ],
)
def test_what_counts_as_a_paragraph_of_bare_addresses(paragraph: str, bare: bool) -> None:
    assert addresses_only(paragraph) is bare


@pytest.mark.parametrize("suffix", ["md", "txt"])
def test_bare_addresses_go_and_the_prose_around_them_stays(tmp_path: Path, suffix: str) -> None:
    text = (
        f"{PROSE}\n\n{SOURCES}\n\nhttps://www.undp.org/es/paraguay/proyectos/local\n\n"
        "[email removed], [email removed]\n\n@PNUDUruguay\n"
    )
    paragraphs = body_paragraphs(parsed_page(tmp_path, text, f"page.{suffix}"))
    assert paragraphs == [PROSE, SOURCES]


@needs_datakit
def test_a_real_back_cover_keeps_no_bare_address_in_a_passage() -> None:
    doc = parse_file(
        PAGES / "blog_reporte_anual_-_laboratorio_de_aceleraci_n_del_pnud_en_uruguay.md"
    )[0]
    passages = [c.text for c in chunk_document(doc)]
    assert not [p for p in passages if "www.uy.undp.org" in p or "@PNUDUruguay" in p]
    assert any("Montevideo" in p for p in passages)  # the office's address is words: it stays
