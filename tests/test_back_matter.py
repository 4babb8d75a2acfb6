"""A section of sources or acknowledgements is a document's apparatus: it helps a source match
but is never its card's snippet while the source has another passage (a saved page's
"Acknowledgement:" opened the card of the pilot it thanked its partners for)."""

from __future__ import annotations

import pytest

from kb.answer.quality import back_matter
from kb.settings import Settings
from tests.support.searchers import indexed_files

PILOT = (
    "The pilot opened an online shop for rural craft producers in Sabah during the lockdown. "
    "Producers took orders through a messaging app, the team photographed their goods and a "
    "courier collected parcels from the villages every week, so sales went on while markets "
    "were closed."
)
THANKS = (
    "We thank the experts who trained the producers on the messaging app for business, the "
    "courier company that collected parcels and the village heads who hosted the sessions."
)
# Written as prose and naming the query's words: only its section title tells it is apparatus.
SOURCES = (
    "This note draws on interviews with small exporters about export credit insurance, on the "
    "annual reports of the export credit insurance agencies of Chile, Colombia and Mexico, and "
    "on talks with the associations of small exporters that sell export credit insurance."
)


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Sources", True),
        ("Fuentes", True),
        ("Fontes", True),
        ("Acknowledgement:", True),
        ("5. References", True),
        ("Referências bibliográficas", True),
        ("Referencias bibliográficas", True),
        ("About the authors", True),
        ("Sobre los autores", True),
        ("Agradecimientos", True),
        ("Sources of finance for small exporters", False),
        ("Notes on the design of guarantee funds", False),
        ("Credit guarantees", False),
        ("Resumen", False),
        (None, False),
    ],
)
def test_back_matter_titles(heading: str | None, expected: bool) -> None:
    assert back_matter(heading) is expected


def test_acknowledgements_are_never_a_cards_opening(settings: Settings) -> None:
    page = f"# Online shop pilot\n\n## What we did\n\n{PILOT}\n\n## Acknowledgement:\n\n{THANKS}\n"
    search = indexed_files(settings, "thanks", {"pilot.md": page})
    query = "courier parcels messaging app training for business"
    hits = search().search(query, per_doc=2)
    assert hits and hits[0].passages, "the page matches"
    shown = [p.heading for p in hits[0].passages]
    assert shown == ["What we did"], shown
    # BM25 alone is a baseline: it shows what it found, as before.
    baseline = search().search(query, per_doc=1, method="bm25")
    assert baseline[0].passages[0].heading == "Acknowledgement:"


def test_a_sources_section_helps_matching_but_is_never_the_snippet(settings: Settings) -> None:
    """A note whose sources name the query's words still comes up for them (it is about that
    topic), shown by its own text; a source with nothing else still shows its list."""
    files = {
        "note.md": f"# Guarantee funds\n\n## Design\n\n{PILOT}\n\n## Sources\n\n{SOURCES}\n",
        "list.md": f"# Reading list\n\n## References\n\n{SOURCES}\n",
    }
    search = indexed_files(settings, "sources", files)
    query = "export credit insurance for small exporters"
    shown = {h.title: [p.heading for p in h.passages] for h in search().search(query, per_doc=2)}
    assert shown.get("Guarantee funds") == ["Design"], shown
    assert shown.get("Reading list") == ["References"], shown
    baseline = search().search(query, per_doc=1, method="bm25")
    assert {h.title: h.passages[0].heading for h in baseline}["Guarantee funds"] == "Sources"
