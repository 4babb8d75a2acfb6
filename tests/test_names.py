"""A query that is a program's name puts that program first (kb/answer/names.py), on the shipped
corpus with the fake encoder and in the CLI."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.answer.names import NAME_MATCH, named_first, named_sources, program_names
from kb.answer.search import Searcher
from kb.cli import app
from kb.settings import get_settings


def test_names_aliases_and_acronyms_are_matched_whole(corpus_searcher: Searcher) -> None:
    names = program_names(corpus_searcher.index.docs)
    sebrae = frozenset({"program:bra-sebrae"})
    assert named_sources("SEBRAE", names) == sebrae  # an alias
    assert named_sources("  sebrae ", names) == sebrae  # case and spaces do not matter
    # the name without its parenthesised acronym, accents folded
    assert named_sources("Servico Brasileiro de Apoio as Micro e Pequenas Empresas", names) == (
        sebrae
    )
    assert named_sources("Brasil Mais Produtivo (B+P)", names) == frozenset(
        {"program:bra-brasil-mais-produtivo"}
    )
    assert named_sources("B+P", names) == frozenset({"program:bra-brasil-mais-produtivo"})
    assert named_sources("sebrae tech voucher", names) == frozenset()  # a name inside a query
    assert named_sources("credit guarantees", names) == frozenset()


def test_named_candidates_go_first_in_their_own_order() -> None:
    cands = [(0, 0.9, {"dense": 0.5}), (1, 0.8, {}), (2, 0.7, {}), (3, 0.6, {})]
    key = {0: "a", 1: "b", 2: "a", 3: "c"}.get
    got = named_first(cands, lambda row: key(row) or "", frozenset({"c", "a"}))
    assert [r for r, _, _ in got] == [0, 2, 3, 1]
    assert got[0][2] == {"dense": 0.5, NAME_MATCH: 1.0} and NAME_MATCH not in got[3][2]
    assert named_first(cands, lambda row: "x", frozenset()) == cands


def test_a_programs_name_alone_puts_it_first(corpus_searcher: Searcher) -> None:
    """ "SEBRAE" alone asks for SEBRAE, not for a program that names it as a partner; the
    baselines rank as they are (they measure BM25 and the encoder alone)."""
    hits = corpus_searcher.search("SEBRAE")
    assert hits[0].program_id == "bra-sebrae" and hits[0].scores[NAME_MATCH] == 1.0
    assert [h.rank for h in hits] == list(range(1, len(hits) + 1))
    assert all(NAME_MATCH not in h.scores for h in hits[1:])
    for method in ("bm25", "dense"):
        assert all(
            NAME_MATCH not in h.scores for h in corpus_searcher.search("SEBRAE", method=method)
        )


def test_the_cli_says_why_a_named_program_is_first(
    cli_env: Path, corpus_searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_INDEX_DIR", str(corpus_searcher.settings.index_dir))  # read only
    get_settings.cache_clear()
    res = CliRunner().invoke(app, ["search", "SEBRAE", "--top", "3"])
    assert res.exit_code == 0, res.output
    first = res.stdout.splitlines()[0]
    assert "bra-sebrae" in first and "(named in the query)" in first
