"""No two cards lead with the same sentence: a series' credit line or a case study's template
sentence, shared by two sources, was the snippet of both cards; the lower card now shows its
own best sentence, and its relevance still reads its best sentence's cosine."""

from __future__ import annotations

import pytest

from kb.answer.snippets import SentenceVectors, best_sentences
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from tests.support.searchers import indexed_files

CREDIT = (
    "The garment workshops program had technical support from the accelerator lab team in Paraguay."
)
OWN = {
    "a.md": "Workshops in Pilar shared one production supervisor for their garment lines.",
    "b.md": "Workshops in Yaguarón measured the minutes each garment took before and after.",
}
FILLER = " ".join(["Their owners kept weekly notes on orders and stock."] * 4)
QUERY = "support for garment workshops in Paraguay from the accelerator lab"


def _texts() -> list[str]:
    return [f"{CREDIT} {own}" for own in OWN.values()]


def test_the_lower_card_leads_with_its_own_best_sentence() -> None:
    encoder = make_encoder("hash-256")
    qvec = encoder.encode([QUERY])[0]
    alone = [best_sentences([t], QUERY, qvec, SentenceVectors(encoder))[0] for t in _texts()]
    assert [s for s, _ in alone] == [CREDIT, CREDIT]  # each passage's best, read alone
    (first, cos_a), (second, cos_b) = best_sentences(
        _texts(), QUERY, qvec, SentenceVectors(encoder)
    )
    assert first == CREDIT
    assert second == OWN["b.md"]
    assert (cos_a, cos_b) == pytest.approx((alone[0][1], alone[1][1]))  # evidence unchanged


def test_a_passage_with_nothing_else_keeps_its_sentence() -> None:
    encoder = make_encoder("hash-256")
    qvec = encoder.encode([QUERY])[0]
    found = best_sentences([CREDIT, CREDIT], QUERY, qvec, SentenceVectors(encoder))
    assert [s for s, _ in found] == [CREDIT, CREDIT]


def test_two_cards_of_a_search_show_different_snippets(settings: Settings) -> None:
    # longer than a snippet, so that a snippet starts at its sentence
    files = {name: f"# {name}\n\n{CREDIT} {own} {FILLER}\n" for name, own in OWN.items()}
    searcher = indexed_files(settings, "series", files)(snippet_chars=200)
    hits = searcher.search(QUERY, include_weak=True)
    assert len(hits) == 2
    assert hits[0].snippet.startswith(CREDIT)
    assert not hits[1].snippet.removeprefix("… ").startswith(CREDIT)
    assert OWN[hits[1].source.split("/")[-1]] in hits[1].snippet
