"""How BM25 enters fusion for queries of a few words: each word's own share (kb/answer/
lexical_share.py, `lexical_per_word_words`), on made-up scores and on a real small index with
the fake encoder."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from kb.answer.lexical_share import TYPICAL_TERM_WEIGHT, ceiling_share, per_word_share
from kb.answer.search import Searcher
from kb.api import open_index
from kb.curate.batch import Pipeline
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from kb.store.lexical import idf, query_words
from tests.support.files import write


class _Lexical:
    """The part of kb.store.base.LexicalScores the shares read: each known form's idf."""

    def __init__(self, idf: dict[str, float]) -> None:
        self.idf = idf


def test_one_repeated_word_cannot_fill_a_short_querys_share() -> None:
    """Two words, "technology" (idf 2) and "centres" (idf 4). A passage holding each once
    scores 0.4 x (2 + 4) and fills the share either way; a passage repeating "centres" until
    BM25 saturates (2.5 x its idf) also fills the summed share, but only "centres"' part of
    the per-word share: 4 / 6 of it."""
    words = [["technolog", "technology"], ["centr", "centres"]]
    lex = _Lexical({"technolog": 2.0, "centr": 4.0})
    w = TYPICAL_TERM_WEIGHT
    by_word = np.array(
        [
            [2.0 * w, 0.0, 2.0 * w, 0.0],  # "technology" once, nowhere, once, nowhere
            [4.0 * w, 4.0 * 2.5, 0.0, 0.0],  # "centres" once, saturated, nowhere, nowhere
        ]
    )
    total = by_word.sum(axis=0)
    assert ceiling_share(total, words, lex, 1000).tolist() == pytest.approx([1, 1, 1 / 3, 0])
    assert per_word_share(by_word, words, lex, 1000).tolist() == pytest.approx([1, 2 / 3, 1 / 3, 0])
    # A word the collection never saw weighs as the rarest word would, so a passage holding
    # the known word alone stays well below the full share.
    rare = idf(1000, 0)
    known_only = np.array([by_word[0], np.zeros(4)])
    unseen = per_word_share(known_only, [["technolog"], ["qqzzx"]], lex, 1000)
    assert unseen[0] == pytest.approx(2.0 / (2.0 + rare))


BOTH = (
    "The technology centres test products for small manufacturers, calibrate their "
    "instruments and send engineers to solve production problems on the shop floor."
)
ONE = (
    "The centres were set up by the provinces. Each of the centres has a board, and the "
    "centres report to the ministry every year; centres in border towns also run training "
    "for customs brokers, and the centres publish their accounts."
)

OTHER_TOPICS = [
    "Export credit insurance covers sellers against buyers who do not pay their invoices.",
    "A credit guarantee fund shares the losses of banks that lend to small firms.",
    "Trade fairs let small exporters meet foreign buyers and distributors in person.",
    "Reverse factoring lets suppliers sell the invoices a large buyer has approved.",
    "A single window lets traders file every import and export document once.",
    "Public procurement rules can reserve part of government purchases for small firms.",
    "Microfinance institutions lend small amounts to women running household businesses.",
    "Development banks lend to commercial banks, which then lend to small businesses.",
]


def _searchers(settings: Settings) -> tuple[Searcher, Searcher]:
    """Both settings over one index of the files above, in the store `settings` names."""
    folder: Path = settings.index_dir.parent / "few"
    write(folder / "both.md", f"---\ntitle: Extension services\nlanguage: en\n---\n{BOTH}\n")
    write(folder / "one.md", f"---\ntitle: Provincial offices\nlanguage: en\n---\n{ONE}\n")
    for i, topic in enumerate(OTHER_TOPICS):  # so that both query words are rare words
        write(folder / f"other{i}.md", f"---\ntitle: Other {i}\nlanguage: en\n---\n{topic}\n")
    Pipeline(settings).ingest_paths([folder], "t")
    made = []
    for n in (0, 3):
        s = settings.with_(lexical_per_word_words=n)
        made.append(Searcher(open_index("t", s), make_encoder("hash-256"), s))
    return made[0], made[1]


def test_a_few_words_weigh_each_word_in_fusion_only(store_settings: Settings) -> None:
    """With the setting on, a passage repeating one of two query words gets less lexical
    weight in fusion than with the summed share, and a passage holding both keeps it; the
    share a card reports (which the relevance floor reads) does not change, and a longer
    query than the setting's limit is not affected. On both stores (Postgres scores BM25 in SQL)."""
    off, on = _searchers(store_settings)
    query = "technology centres"
    assert len(query_words(query)) == 2

    def fused(searcher: Searcher, q: str) -> dict[str, tuple[float, float]]:
        best: dict[str, tuple[float, float]] = {}
        for row, score, parts in searcher.candidates(q):  # best first: a source's best passage
            best.setdefault(
                searcher.index.docs[searcher.doc_of(row)].title, (score, parts["lexical"])
            )
        return best

    before, after = fused(off, query), fused(on, query)
    assert after["Provincial offices"][0] < before["Provincial offices"][0] - 0.05
    assert after["Extension services"][0] == pytest.approx(before["Extension services"][0])
    for title in before:
        assert after[title][1] == pytest.approx(before[title][1])  # the reported share
    longer = "technology centres for small manufacturers abroad"
    assert fused(on, longer) == fused(off, longer)
