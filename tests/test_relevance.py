"""A card's relevance (what the "no good match" floor reads): the shown passage's best sentence
vouches for its source only a little above the source's best passage."""

from __future__ import annotations

import numpy as np
import pytest

from kb.answer.cards import LEXICAL_RELEVANCE, SENTENCE_LIFT, _relevance

FLAT = np.array([1.0, 1.0])  # one passage's prior, then the shown passage's


def test_one_lucky_sentence_lifts_its_source_only_so_far() -> None:
    """A report's passage at cosine 0.22 whose sentence "miles (o kilo) de toneladas
    equivalentes de petróleo" is at 0.38 to a motorcycle-oil question."""
    group = [(0, 0.5, {"dense": 0.22, "lexical": 0.0})]
    assert _relevance(group, 0.38, FLAT) == pytest.approx(0.22 + SENTENCE_LIFT)


def test_a_sentence_a_little_closer_than_its_passage_counts_in_full() -> None:
    group = [(0, 0.5, {"dense": 0.44, "lexical": 0.0})]
    assert _relevance(group, 0.44 + SENTENCE_LIFT / 2, FLAT) == pytest.approx(
        0.44 + SENTENCE_LIFT / 2
    )


def test_the_lift_starts_from_the_best_passage_term_lexical_included() -> None:
    group = [(0, 0.5, {"dense": 0.1, "lexical": 0.5}), (1, 0.4, {"dense": 0.3})]
    priors = np.array([1.0, 1.0, 1.0])
    best_passage = max(LEXICAL_RELEVANCE * 0.5, 0.3)
    assert _relevance(group, 0.9, priors) == pytest.approx(best_passage + SENTENCE_LIFT)
