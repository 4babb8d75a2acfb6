"""A short query's lexical weight follows how far the encoder and the words disagree
(kb/answer/lexical_share.disagreement, `lexical_weight_disagreeing`): on made-up scores, and on
a small index where the encoder's favourite passage lacks the query's term."""

from __future__ import annotations

import numpy as np
import pytest

from kb.answer.lexical_share import disagreement
from kb.answer.search import Searcher
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from tests.support.searchers import indexed_files


def test_disagreement_is_what_the_best_passage_holds_beyond_the_encoders_closest() -> None:
    """Twelve passages, the encoder's closest first. The closest ten hold nothing of the query
    and the eleventh all of it: full disagreement. When most of the closest hold it, little;
    when no passage holds much of it, little too (the words have nothing to say)."""
    dense = np.linspace(0.9, 0.1, 12)
    lacking = np.array([0.0] * 10 + [1.0, 0.0])
    assert disagreement(lacking, dense, None) == pytest.approx(1.0)
    holding = np.array([1.0] * 7 + [0.0] * 5)
    assert disagreement(holding, dense, None) == pytest.approx(0.0)
    faint = np.array([0.1, 0.0, 0.2] + [0.0] * 9)
    assert disagreement(faint, dense, None) == pytest.approx(0.2)
    assert disagreement(np.zeros(0), np.zeros(0), None) == 0.0


def test_passages_in_another_language_are_not_the_encoders_typical_evidence() -> None:
    """The typical share is read among passages in the query's language: an English passage
    cannot hold a Spanish query's words, so the encoder putting it first is no disagreement."""
    dense = np.array([0.9, 0.8, 0.7, 0.6])
    share = np.array([0.0, 1.0, 1.0, 0.2])
    other = np.array([True, False, False, False])
    assert disagreement(share, dense, other) == pytest.approx(0.0)
    assert disagreement(share, dense, None) == pytest.approx(0.4)  # median of 0, 1, 1, 0.2 is 0.6


DECOY = (
    "Public contracts are awarded through open tenders, and contracts above a threshold are "
    "published so that every bidder can see the contracts and the terms of each award."
)
ANSWER = (
    "Large assemblers subcontract parts of their production to small local workshops, and the "
    "programme helps those workshops meet the quality their buyers ask for."
)
OTHERS = [
    "Export credit insurance covers sellers against buyers who do not pay their invoices.",
    "A credit guarantee fund shares the losses of banks that lend to small firms.",
    "Trade fairs let small exporters meet foreign buyers and distributors in person.",
    "Reverse factoring lets suppliers sell the invoices a large buyer has approved.",
    "A single window lets traders file every import and export document once.",
    "Microfinance institutions lend small amounts to women running household businesses.",
    "Development banks lend to commercial banks, which then lend to small businesses.",
    "Technology centres test products and calibrate instruments for manufacturers.",
]


class _Reads:
    """An encoder that reads every query as the decoy passage: a term of art it does not know
    ("subcontracting") read as a neighbouring topic (public contracts)."""

    def __init__(self) -> None:
        self._inner = make_encoder("hash-256")
        self.name, self.dim = self._inner.name, self._inner.dim

    def encode(self, texts: list[str]) -> np.ndarray:
        return self._inner.encode([DECOY] * len(texts))


def _titles(searcher: Searcher, query: str) -> list[str]:
    out: list[str] = []
    for row, _, _ in searcher.candidates(query):
        title = searcher.index.docs[searcher.doc_of(row)].title
        if title not in out:
            out.append(title)
    return out


def test_a_short_querys_term_outvotes_an_encoder_reading_it_as_something_else(
    settings: Settings,
) -> None:
    """Off, the encoder's reading puts the decoy (no query word) first; on, the passage holding
    the term ("subcontracting" as "subcontract") comes first. A query longer than
    disagreement_max_words keeps the shipped weights, whatever the setting."""
    files = {"decoy.md": f"---\ntitle: Decoy\nlanguage: en\n---\n{DECOY}\n"}
    files["answer.md"] = f"---\ntitle: Answer\nlanguage: en\n---\n{ANSWER}\n"
    for i, text in enumerate(OTHERS):
        files[f"other{i}.md"] = f"---\ntitle: Other {i}\nlanguage: en\n---\n{text}\n"
    build = indexed_files(settings, "disagree", files)

    def searcher(weight: float) -> Searcher:
        s = build(lexical_weight_disagreeing=weight, quality_prior=0.0, title_weight=0.0)
        return Searcher(s.index, _Reads(), s.settings)  # type: ignore[arg-type]

    off, on = searcher(0.0), searcher(0.9)
    assert _titles(off, "subcontracting")[0] == "Decoy"
    assert _titles(on, "subcontracting")[0] == "Answer"
    longer = "who subcontracting parts small local workshops production quality"
    assert [s for _, s, _ in on.candidates(longer)] == [s for _, s, _ in off.candidates(longer)]
