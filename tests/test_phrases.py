"""A short query's words standing together in a passage (kb/answer/phrases.py) and what it
adds in fusion (Settings.phrase_weight)."""

from __future__ import annotations

import pytest

from kb.answer.phrases import holds_phrase, phrase_tokens, query_phrases
from kb.settings import Settings
from kb.store.lexical import query_words
from tests.support.searchers import indexed_files


@pytest.mark.parametrize(
    ("query", "text", "lang", "held"),
    [
        ("trade fairs", "Firms met buyers at trade fairs abroad.", "en", True),
        ("trade fairs", "The agency books a stand at each trade fair.", "en", True),
        ("trade fairs", "Fairs for trade in goods were held.", "en", False),  # order
        ("trade fairs", "Trade grew and fairs were rare.", "en", False),
        ("trade fairs", "Trade policy and regional fairs.", "en", False),  # not consecutive
        ("feiras comerciais", "Participação em feiras comerciais no exterior.", "pt", True),
        ("cadenas de valor", "Programas para cadenas de valor agrícolas.", "es", True),
        ("cadenas de valor", "El valor de las cadenas.", "es", False),
        ("capital de trabajo", "Crédito para capital de trabajo", "es", True),
        ("capital de trabajo", "El capital humano y el trabajo", "es", False),
    ],
)
def test_a_phrase_is_its_words_in_order_after_stemming(
    query: str, text: str, lang: str, held: bool
) -> None:
    assert holds_phrase(phrase_tokens(text, lang), query_words(query)) is held


@pytest.mark.parametrize(
    ("query", "phrases"),
    [
        ("trade fairs", ["trade fairs"]),
        ("support for small exporters at fairs abroad", []),  # five words: not a phrase
        ("fairs", []),  # one word: nothing to hold together
        ('how do "trade fairs" help small exporters', ["trade fairs"]),
        ("apoyo para «ferias comerciales» y “misiones comerciales”",
         ["ferias comerciales", "misiones comerciales"]),
        ('"fairs" abroad', ["fairs abroad"]),  # a one-word quote asks for no phrase
    ],
)  # fmt: skip
def test_a_query_asks_for_its_quoted_parts_else_itself_when_short(
    query: str, phrases: list[str]
) -> None:
    assert query_phrases(query, 4) == [query_words(p) for p in phrases]


def test_nothing_holds_an_empty_phrase() -> None:
    assert not holds_phrase(("trade", "fair"), [])
    assert not holds_phrase((), query_words("trade fairs"))


def test_a_passage_holding_a_short_query_gains_the_phrase_weight(settings: Settings) -> None:
    """Both passages hold both words; only the one holding them together gains, and only for a
    query short enough (2 to phrase_max_words content words). Without the quality
    prior, which scales every fused score, the gain is the weight itself."""
    together = "Small firms from the region exhibit at trade fairs abroad with public support."
    apart = "Trade between the regions grew, and fairs abroad drew small firms with support."
    build = indexed_files(
        settings,
        "phrased",
        {"a.md": f"---\ntitle: A\n---\n{together}\n", "b.md": f"---\ntitle: B\n---\n{apart}\n"},
    )

    def fused(query: str, weight: float) -> dict[str, float]:
        searcher = build(phrase_weight=weight, quality_prior=0.0)
        return {
            searcher.index.docs[searcher.doc_of(row)].title: score
            for row, score, _ in searcher.candidates(query)
        }

    off, on = fused("trade fairs", 0.0), fused("trade fairs", 0.06)
    assert on["A"] - off["A"] == pytest.approx(0.06, abs=1e-9)
    assert on["B"] == pytest.approx(off["B"], abs=1e-9)
    long_query = "small firms at trade fairs abroad with public support"
    assert fused(long_query, 0.06) == pytest.approx(fused(long_query, 0.0))
    quoted, plain = (
        fused('small firms at "trade fairs" abroad with public support', 0.06),
        fused('small firms at "trade fairs" abroad with public support', 0.0),
    )
    assert quoted["A"] - plain["A"] == pytest.approx(0.06, abs=1e-9)  # quotes ask for it
    assert quoted["B"] == pytest.approx(plain["B"], abs=1e-9)
