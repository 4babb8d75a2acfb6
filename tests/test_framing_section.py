"""A source's framing section (a note's "The problem", naming every program it compares) goes
first on its card only when clearly closer to the query than the sections that answer it."""

from __future__ import annotations

import pytest

from kb.answer import cards
from kb.settings import Settings
from tests.support.searchers import indexed_files

FRAMING = (
    "This note compares reverse factoring platforms for small suppliers: NAFIN's productive "
    "chains in Mexico, the factoring law of Chile and the negotiable invoice of Peru, with "
    "the supply chain finance platforms of India and China."
)
LESSONS = (
    "Reverse factoring works when large buyers confirm supplier invoices on an electronic "
    "platform, so small suppliers discount them at the buyer's credit risk and are paid "
    "early; an invoice registry stops the same invoice being sold twice."
)
NOTE = f"# Reverse factoring\n\n## The problem\n\n{FRAMING}\n\n## Design lessons\n\n{LESSONS}\n"
QUERY = "reverse factoring platforms small suppliers invoices"


def test_a_notes_framing_section_gives_way_to_its_lessons(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    search = indexed_files(settings, "framing", {"note.md": NOTE})
    first = search().search(QUERY, per_doc=2)[0].passages
    assert [p.heading for p in first] == ["Design lessons", "The problem"], first
    # Without the tolerance the framing section, as close or closer, would open the card.
    monkeypatch.setattr(cards, "CONTEXT_TOLERANCE", 0.0)
    first = search().search(QUERY, per_doc=2)[0].passages
    assert first[0].heading == "The problem", [p.heading for p in first]
