"""A query's glossary terms in the other languages (kb/answer/translation.py) and what a
translated query adds in fusion (Settings.query_translation)."""

from __future__ import annotations

import os
import time
from importlib import resources
from pathlib import Path

import pytest

from kb.answer.translation import (
    also_searched,
    found_terms,
    glossary,
    parse_glossary,
    term_text,
    term_words,
    translations,
    words_of,
)
from kb.errors import GlossaryError
from kb.ingest.script import word_pattern
from kb.settings import Settings
from kb.store.lexical import query_words
from tests.support.searchers import indexed_files

SMALL = parse_glossary(
    "en\tes\tpt\n"
    "credit guarantee ; loan guarantee\tgarantía de crédito\tgarantia de crédito\n"
    "guarantee\tgarantía ; aval\tgarantia ; aval\n"
    "trade fairs\tferias comerciales\tfeiras comerciais\n"
)


def firsts(queries: list[list[list[str]]]) -> list[str]:
    """Each query as its words' plain forms (the folded word itself is among each word's
    forms; the shortest is enough to read the query)."""
    return [" ".join(min(forms, key=len) for forms in q) for q in queries]


def test_the_longest_term_is_found_first_and_terms_do_not_overlap() -> None:
    words = query_words("garantías de crédito y aval para ferias comerciales")
    found = found_terms(words, SMALL)
    assert [(start, length) for start, length, _ in found] == [(0, 2), (2, 1), (3, 2)]
    assert [t for _, _, t in found] == [SMALL[0], SMALL[1], SMALL[2]]


def test_a_query_is_put_in_each_language_once() -> None:
    out = translations(query_words("garantías de crédito para exportadores"), SMALL)
    en = [q for q in out if {"guarante"} & set(q[1])]
    assert len(en) == 1
    assert set(en[0][0]) & {"credit"} and set(en[-1][-1]) & {"export", "exportador"}
    # Spanish and Portuguese phrasings read the same as the query: no second query for them.
    assert len(out) == 1


def test_what_a_query_was_also_searched_as_reads_as_the_glossary_writes_it() -> None:
    words = query_words("garantías de crédito y ferias comerciales")
    assert also_searched(words, SMALL) == ["credit guarantee", "trade fairs", "feiras comerciais"]
    assert also_searched(query_words("SEBRAE"), SMALL) == []


def test_a_one_letter_prefix_stays_on_its_word() -> None:
    """The index drops "e" as a stop word; the glossary keeps "e-commerce" whole, so that
    "chamber of commerce" is not read as electronic commerce."""
    terms = parse_glossary("en\tes\tpt\ne-commerce\tcomercio electrónico\tcomércio eletrônico\n")
    assert term_text("e-commerce exports") == "ecommerce exports"
    assert translations(term_words("e-commerce exports"), terms)
    assert translations(term_words("chambers of commerce"), terms) == []
    # The translated query is searched as the index reads it: "commerce", not "ecommerce".
    query = "comercio electrónico"
    english = translations(query_words(query), terms, term_words(query))[0]  # en comes first
    assert [min(forms, key=len) for forms in english] == ["commerc"]
    assert also_searched(term_words("e-commerce"), terms) == [
        "comercio electrónico",
        "comércio eletrônico",
    ]


def test_a_query_without_glossary_terms_has_no_translation() -> None:
    assert translations(query_words("xqzv blorp"), SMALL) == []
    assert translations(query_words("SEBRAE"), SMALL) == []
    assert translations([], SMALL) == []


def test_the_shipped_glossary_reads_and_translates_across_three_languages() -> None:
    terms = glossary()
    assert len(terms) > 50
    out = translations(query_words("feiras comerciais"))
    assert any({"trade"} & set(q[0]) and {"fair", "fairs"} & set(q[1]) for q in out)
    assert any({"feria", "fer", "ferias"} & set(q[0]) for q in out)


def test_no_phrasing_of_the_shipped_glossary_belongs_to_two_terms() -> None:
    """A phrasing read the same in two terms (after stemming and stop words: "on-lending" is
    "lending") would translate a query by whichever term came first."""
    owners: dict[tuple[frozenset[str], ...], set[int]] = {}
    for i, term in enumerate(glossary()):
        for phrasings in term.phrasings:
            for phrasing in phrasings:
                owners.setdefault(tuple(frozenset(w) for w in phrasing), set()).add(i)
    assert [k for k, v in owners.items() if len(v) > 1] == []


def test_no_phrasing_of_the_shipped_glossary_shrinks_to_one_other_word() -> None:
    """A phrasing that loses words to the stop list (read as the index reads it, "e-commerce"
    would be "commerce") would translate every query holding the word that is left."""
    text = resources.files("kb").joinpath("data/glossary.tsv").read_text(encoding="utf-8")
    shrunk = [
        alt.strip()
        for line in text.splitlines()
        if line and not line.startswith(("#", "en\t"))
        for cell in line.split("\t")
        for alt in cell.split(";")
        if len(words_of(alt)) == 1 < len(word_pattern().findall(term_text(alt).lower()))
    ]
    assert shrunk == []


def test_a_bad_line_is_named_and_left_out_and_the_rest_serves(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = "en\tes\tpt\ncredit guarantee\tgarantía de crédito\nsoft loans\tpréstamos blandos\tx\n"
    assert len(parse_glossary(text, "g.tsv")) == 1
    assert "g.tsv, line 2: expected 3 tab-separated columns" in caplog.text
    with pytest.raises(GlossaryError, match=r"g\.tsv: no glossary term"):
        parse_glossary("en\tes\tpt\nthe\tla\ta\n", "g.tsv")  # stop words only


def test_a_glossary_of_ones_own_is_read_and_reread_when_edited(tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text("en\tes\tpt\ncluster\tclúster\tarranjo produtivo\n", encoding="utf-8")
    assert len(glossary(path)) == 1
    path.write_text(path.read_text(encoding="utf-8") + "customs\taduana\talfândega\n")
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))
    assert len(glossary(path)) == 2
    with pytest.raises(GlossaryError, match=r"mine2\.tsv: cannot read"):
        glossary(tmp_path / "mine2.tsv")


def test_an_answer_in_another_language_gains_lexical_evidence(settings: Settings) -> None:
    """A Spanish query and an English passage share one word's stem ("crédito", "credit");
    with the glossary the English passage holds the whole translated query and its lexical
    share rises, and the Spanish passage keeps its own."""
    english = "The fund backs bank loans to small firms with a partial credit guarantee."
    spanish = "El fondo respalda con garantías de crédito los préstamos a las pequeñas empresas."
    build = indexed_files(
        settings,
        "translated",
        {
            "en.md": f"---\ntitle: A\nlanguage: en\n---\n{english}\n",
            "es.md": f"---\ntitle: B\nlanguage: es\n---\n{spanish}\n",
        },
    )

    def lexical(on: bool) -> dict[str, float]:
        searcher = build(query_translation=on)
        return {
            searcher.index.docs[searcher.doc_of(row)].title: parts["lexical"]
            for row, _, parts in searcher.candidates("garantías de crédito")
        }

    off, on = lexical(False), lexical(True)
    assert off["A"] < 0.3
    assert on["A"] > off["A"] + 0.3
    assert on["B"] == pytest.approx(off["B"])
    assert lexical(True) == on  # the same query twice reads the same
