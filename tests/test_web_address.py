"""A card links to where its document is on the web: a repository record's handle, a sidecar's
`url`, or the original a saved page names in its [[source:…]] tag, instead of a file path."""

from __future__ import annotations

import pytest

from kb.records import web_address
from kb.settings import Settings
from tests.support.searchers import indexed_files

UNDP = (
    "https://www.undp.org/es/paraguay/blog/co-creando-los-servicios-de-apoyo-las-mipymes-textiles-0"
)
PROSE = (
    "En Pilar, a través del Centro de Apoyo al Emprendedor, las MIPYMES del rubro textil "
    "contarán con servicios para mejorar su producción, diseñados en un taller de co-creación."
)


@pytest.mark.parametrize(
    ("source", "metadata", "expected"),
    [
        ("https://hdl.handle.net/11362/4", {}, "https://hdl.handle.net/11362/4"),
        (
            "corpus/documents/note.md",
            {"url": "https://example.org/note"},
            "https://example.org/note",
        ),
        ("/data/pages/blog.md", {"type": "blog", "source": UNDP}, UNDP),
        ("/data/pages/blog.md", {"source": "javascript:alert(1)"}, None),
        ("/data/pages/blog.md", {"source": "https://example.org/a b"}, None),
        ("/data/pages/blog.md", {"source": ["https://a.org", "https://b.org"]}, None),
        ("/data/pages/blog.md", {}, None),
    ],
)
def test_web_address(source: str, metadata: dict[str, object], expected: str | None) -> None:
    assert web_address(source, metadata) == expected


def test_a_saved_pages_card_carries_its_original_address(settings: Settings) -> None:
    page = f"# Co-creando servicios\n\n[[type:blog]]\n\n[[source:{UNDP}]]\n\n{PROSE}\n"
    hits = indexed_files(settings, "web", {"blog.md": page})().search("taller de co-creación")
    assert hits and hits[0].url == UNDP
    assert hits[0].to_json()["url"] == UNDP and hits[0].source.endswith("blog.md")
    assert hits[0].doc_type == "blog"
