"""A query word's forms are one BM25 term (kb/store/lexical.py `one_term`,
`lexical_word_as_one_term`): a passage mixing languages holds a rare form of a common word (a
case study's header lists its taxonomy's Spanish words but is stemmed as English), and that
form must count with the word's frequency, not as a rare word."""

from __future__ import annotations

import numpy as np
import pytest

from kb.answer.lexical_share import word_weights
from kb.settings import Settings
from kb.store.lexical import LexicalIndex, idf, query_words
from kb.store.postgres_bm25 import bm25_scores
from tests.support.searchers import indexed_files

# Twenty passages hold the usual stem; one holds the rare form of the same word.
TOKENS = [["empres", "credit"]] * 20 + [["empresa", "credit"], ["empres", "feir"]]
WORD = ["empres", "empresa"]


def test_a_rare_form_of_a_common_word_counts_as_the_word() -> None:
    lex = LexicalIndex.build([list(t) for t in TOKENS])
    apart = lex.scores(WORD)
    as_one = lex.word_scores([WORD])
    assert apart[20] > 2 * apart[0]  # the rare form's idf made the word count as rare
    assert as_one[20] == pytest.approx(as_one[0])  # same length, one occurrence: same score
    assert as_one[0] == pytest.approx(apart[0])  # the usual form keeps its score
    assert lex.word_scores([["feir"]]).tolist() == lex.scores(["feir"]).tolist()


def test_forms_in_one_passage_add_up_and_the_ceiling_reads_the_words_idf() -> None:
    lex = LexicalIndex.build([["empres", "empresa", "x"], ["empres", "y", "z"], ["a", "b", "c"]])
    both = lex.word_scores([WORD])
    assert both[0] > both[1] > 0 and both[2] == 0  # two forms: term frequency 2
    scores = type("Lex", (), {"idf": lex.idf(WORD)})()
    one, apart = word_weights([WORD], scores, 3), word_weights([WORD], scores, 3, False)
    assert one[0] == pytest.approx(idf(3, 2)) and apart[0] == pytest.approx(idf(3, 1))


def test_the_postgres_arithmetic_matches_the_file_stores() -> None:
    """The Postgres store scores from posting rows (vids, tfs, dls): the same words give the
    same scores as the file store's term-frequency matrix."""
    lex = LexicalIndex.build([list(t) for t in TOKENS])
    lengths = lex.lengths
    postings = {}
    for form, j in lex.vocab.items():
        col = lex.tf[:, j].tocoo()
        vids = col.row.astype(np.int64)
        postings[form] = [(vids, col.data.astype(np.float32), lengths[vids])]
    words = [WORD, ["credit"], ["feir", "feira"]]
    vids, scores = bm25_scores(
        words, postings, np.zeros(0, dtype=np.int64), lex.size, float(lengths.sum())
    )
    expected = lex.word_scores(words)
    np.testing.assert_allclose(scores, expected[vids], rtol=1e-6)
    assert set(vids) == set(np.flatnonzero(expected))


def test_a_mixed_language_passage_no_longer_outranks_the_answer(settings: Settings) -> None:
    """An English-tagged passage listing Spanish words (stemmed as English: "empresa",
    "programa") against Spanish passages: apart, its rare forms put it above the passage that
    holds the query's one specific word; as one term, the answer comes first."""
    filler = "Las empresas y los programas de apoyo a las empresas reciben crédito del banco."
    files = {
        f"es{i}.md": f"---\ntitle: Nota {i}\nlanguage: es\n---\n{filler} Tema {i}.\n"
        for i in range(12)
    }
    files["header.md"] = (
        "---\ntitle: Header\nlanguage: en\n---\nThe small business bureau of the government "
        "runs this support programme for the smallest firms in the country, and it is also "
        "known by its local names: programa pequeñas empresas, programa empresas pequeñas.\n"
    )
    files["answer.md"] = (
        "---\ntitle: Answer\nlanguage: es\n---\nEl programa paga parte del costo de las ferias "
        "internacionales a las pequeñas empresas exportadoras.\n"
    )
    build = indexed_files(settings, "one-term", files)
    query = "programa de ferias para pequeñas empresas"

    def first(one_term: bool) -> str:
        s = build(lexical_word_as_one_term=one_term)
        row = s.candidates(query, method="bm25")[0][0]
        return s.index.docs[s.doc_of(row)].title

    assert first(False) == "Header"
    assert first(True) == "Answer"
    assert query_words("empresas")[0] == sorted({"empres", "empresa", "empresas"})
