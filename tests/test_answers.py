"""Answers a user can trust (issue 13): one card per source, never the case-study header as the
snippet, a quality prior for stubs and lists, lexical evidence as a share of the query's
ceiling, and "no good match" below the relevance floor — on the shipped corpus with the fake
encoder (the real encoders are in tests/test_answers_real.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from kb.answer.quality import quality, shape
from kb.answer.search import Searcher
from kb.answer.snippets import (
    _runs,
    carried_mid_sentence,
    lexical_snippet,
    opens_mid_sentence,
    sentences,
    window,
)
from kb.cli import app
from kb.curate.batch import Pipeline
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from kb.store.filters import Filters
from kb.store.index import Index
from tests.support.files import write
from tests.support.searchers import indexed_files

PROSE = (
    "The program links small suppliers with large buyers through a public platform. "
    "Buyers post their purchase plans, suppliers answer with offers, and the agency trains "
    "the suppliers that fail the buyers' quality audits so they can try again. Banks use "
    "the confirmed purchase orders as collateral for working-capital loans to the suppliers."
)


# ---- quality prior ----------------------------------------------------------------------
def test_quality_ranks_prose_above_stubs_contents_references_and_alias_lists() -> None:
    stub = "This is a link to an awesome blog."
    contents = "\n".join(
        f"{i}. Chapter {name} ........ {i * 7}"
        for i, name in enumerate(["one", "two", "three", "four", "five", "six"], 1)
    )
    references = " ".join(
        f"Author{i}, A. et al. ({2000 + i}). Title of study {i}. Journal, vol. {i}, pp. {i}-9."
        for i in range(8)
    )
    aliases = "SMEG; Taiwan SMEG; Fondo de Garantía; Small and Medium Enterprise Credit "
    aliases += "Guarantee Fund; 中小企業信用保證基金; SMEG Taiwan; Agency: SMEG"
    # a library catalogue's contents note (ISBD ".--"), and references by authors' initials
    note = "I. Introducción .-- II. Aspectos metodológicos .-- III. ¿Qué se entiende por "
    note += "financiamiento climático? .-- IV. Fondos climáticos: A. Recursos comprometidos. "
    note += "B. Bancos multilaterales de desarrollo. C. Bancos públicos .-- V. Conclusiones"
    authors = "- Felbermayr, G.J. and Yalcin, E. (2013), Export credit guarantees and export "
    authors += "performance: An empirical analysis for Germany, The World Economy - Auboin, M. "
    authors += "and Engemann, M. (2014), Testing the trade credit and trade link: evidence from "
    authors += "data on export credit insurance, Review of World Economics - Volpe Martincus, C. "
    authors += "and Carballo, J. (2008), Is export promotion effective in developing countries?"
    assert quality(PROSE) == 1.0
    for text in (stub, contents, references, aliases):
        assert quality(text) < 0.5, text
    # What a card shows under its answer also knows catalogue contents notes and initials;
    # numbered lessons are prose, not contents, and a short section is prose however short.
    for text in (note, authors):
        assert shape(text, apparatus=True) < min(0.5, shape(text)), text
    lessons = " ".join(f"{i}. {PROSE}" for i in range(1, 4))
    assert shape(lessons, apparatus=True) == 1.0
    short = "No impact evaluation is known. The evidence is descriptive."
    assert shape(short, apparatus=True) == 1.0 and quality(short) < 0.5


def test_a_stub_sharing_one_word_does_not_outrank_the_answer(settings: Settings) -> None:
    folder = settings.index_dir.parent / "mixed"
    write(folder / "stub.md", "---\ntitle: Blog\n---\nThis is a link to an awesome blog.\n")
    write(folder / "answer.md", f"---\ntitle: Supplier development\n---\n{PROSE}\n")
    Pipeline(settings).ingest_paths([folder], "t")
    searcher = Searcher(Index.load(settings.index_path("t")), make_encoder("hash-256"), settings)
    query = "programs that link small suppliers with large buyers"
    hits = searcher.search(query, top_k=2, include_weak=True)
    assert hits[0].title == "Supplier development"
    stub = next(h for h in hits if h.title == "Blog")
    # The stub holds one of the query's words: a small share of its lexical ceiling, not all.
    assert stub.scores["lexical"] < 0.35


# ---- cards ------------------------------------------------------------------------------
def test_one_card_per_source_with_its_best_passages(corpus_searcher: Searcher) -> None:
    hits = corpus_searcher.search("garantías de crédito para pequeñas empresas", top_k=10)
    keys = [h.program_id or h.doc_id for h in hits]
    assert len(hits) == 10 and len(set(keys)) == 10
    for h in hits:
        assert 1 <= len(h.passages) <= 2
        assert h.snippet == h.passages[0].snippet and h.page == h.passages[0].page
        assert len({p.chunk_id for p in h.passages}) == len(h.passages)


def test_a_case_study_header_matches_but_is_never_the_snippet(corpus_searcher: Searcher) -> None:
    """Its names, and its instruments in the taxonomy's words in each language ("Garantia de
    crédito"), are searched but never shown, even when a query asks for nothing else."""
    index = corpus_searcher.index
    fogape = next(k for k, d in index.docs.items() if d.program and d.program.id == "chl-fogape")
    headers = [
        index.chunk(r)
        for r in range(index.size)
        if index.chunk(r)["kind"] == "header" and index.chunk(r)["doc_id"] == fogape
    ]
    assert [h["text"] for h in headers[1:]] == [
        "Credit guarantee",
        "Garantía de crédito",
        "Garantia de crédito",
    ]
    for header in [headers[0], headers[-1]]:
        only = Filters(doc_ids=(fogape,))
        (hit,) = corpus_searcher.search(header["text"], filters=only, include_weak=True)
        assert hit.kind != "header"
        assert all(p.kind != "header" for p in hit.passages)
        assert all(p.snippet not in header["text"] for p in hit.passages)


def test_a_source_found_only_by_its_headers_shows_a_passage_of_its_text(
    corpus_searcher: Searcher,
) -> None:
    """When only a case study's header passages were among the candidates, the card looks
    inside the source past all of them (names and three instrument lists), not at the first
    three passages, which would be headers again."""
    from kb.answer.cards import _answer_rows

    index = corpus_searcher.index
    fogape = next(k for k, d in index.docs.items() if d.program and d.program.id == "chl-fogape")
    rows = [r for r in range(index.size) if index.chunk(r)["doc_id"] == fogape]
    heads = [(r, 1.0, {}) for r in rows if index.chunk(r)["kind"] == "header"]
    picked = _answer_rows(corpus_searcher, "Garantia de crédito", heads, 1, None)
    assert [index.chunk(r)["kind"] for r, _ in picked] != ["header"]


def test_a_case_study_found_only_in_another_language_is_shown_in_the_readers(
    corpus_searcher: Searcher,
) -> None:
    """A translated query (kb/answer/translation.py) can bring a case study's English passages
    alone among the candidates of a Spanish reader: the card looks inside the source for the
    reader's version instead of showing the English one."""
    from kb.answer.cards import _answer_rows

    index = corpus_searcher.index
    siga = next(k for k, d in index.docs.items() if d.program and d.program.id == "ury-siga")
    rows = [r for r in range(index.size) if index.chunk(r)["doc_id"] == siga]
    english = [
        (r, 1.0, {"dense": 0.5, "other_language": 1.0})
        for r in rows
        if index.chunk(r)["kind"] != "header" and index.chunk(r)["language"] == "en"
    ][:3]
    picked = _answer_rows(corpus_searcher, "garantías de crédito", english, 2, None, "es")
    assert index.chunk(picked[0][0])["language"] == "es"
    again = _answer_rows(corpus_searcher, "garantías de crédito", english, 2, None, "en")
    assert all(index.chunk(r)["language"] == "en" for r, _ in again)  # found in the reader's


def test_a_records_contents_note_matches_but_is_never_the_snippet(settings: Settings) -> None:
    """A repository record's contents note says what the record holds (".--" chapter list):
    it is searched, but the card shows the abstract."""
    folder = settings.index_dir.parent / "records"
    abstract = (
        "Este estudio analiza los efectos de un impuesto al carbono sobre el crecimiento y "
        "las exportaciones de los países de América Latina. Revisa la evidencia disponible."
    )
    note = "Resumen .-- I. Marco general .-- II. Meta-análisis de efectos .-- III. Conclusiones"
    frame = pd.DataFrame(
        {
            "dc.title": ["Impuesto al carbono en América Latina"],
            "dc.description.abstract": [abstract],
            "dc.description.tableOfContents": [note],
            "dc.identifier.uri": ["https://hdl.handle.net/11362/1"],
            "dc.language.iso": ["spa"],
        }
    )
    folder.mkdir(parents=True)
    frame.to_csv(folder / "export.csv", index=False)
    Pipeline(settings).ingest_paths([folder], "t")
    index = Index.load(settings.index_path("t"))
    kinds = {index.chunk(r)["text"]: index.chunk(r)["kind"] for r in range(index.size)}
    assert kinds.get(note) == "header", kinds  # a passage of its own, not glued to the abstract
    searcher = Searcher(index, make_encoder("hash-256"), settings)
    hit = searcher.search("Meta-análisis de efectos Marco general Conclusiones", top_k=1)[0]
    assert hit.kind != "header" and all(p.kind != "header" for p in hit.passages)
    assert ".--" not in hit.snippet and "impuesto al carbono" in hit.snippet


# ---- relevance floor --------------------------------------------------------------------
def test_below_the_floor_there_is_no_good_match(corpus_searcher: Searcher) -> None:
    good_q = "fondo de garantía para pequeños empresarios en Chile"
    never = corpus_searcher.settings.with_(relevance_floor=0)  # 0: never refuse
    weak0 = Searcher(corpus_searcher.index, corpus_searcher.encoder, never)
    nonsense = weak0.search("xqzv blorp")[0].relevance or 0.0
    answer = weak0.search(good_q)[0].relevance or 0.0
    # Unknown words cost relevance, so the fake encoder's n-gram noise stays below an answer.
    assert answer > nonsense
    floor = (answer + nonsense) / 2
    searcher = Searcher(weak0.index, weak0.encoder, never.with_(relevance_floor=floor))
    assert searcher.search("xqzv blorp") == []
    weak = searcher.search("xqzv blorp", include_weak=True)
    assert weak and not any(h.good_match for h in weak)
    assert all(h.relevance is not None and h.relevance < floor for h in weak)
    good = searcher.search(good_q)
    assert good and all(h.good_match and (h.relevance or 0) >= floor for h in good)


def test_ranks_leave_no_gap_where_a_weak_source_is_left_out(
    corpus_searcher: Searcher, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source under the floor is left out, and the ranks shown are 1..n, not 1, 2, 4..."""
    from dataclasses import replace

    import kb.answer.search as search_module

    query = "fondo de garantía para pequeños empresarios en Chile"
    floor = corpus_searcher.settings.with_(relevance_floor=0.5)
    searcher = Searcher(corpus_searcher.index, corpus_searcher.encoder, floor)
    build = search_module.build_cards

    def every_other_weak(s: Searcher, *args: Any, **kwargs: Any) -> list[Any]:
        out = build(s, *args, **kwargs)
        return [replace(c, relevance=0.0 if i % 2 else 1.0) for i, c in enumerate(out)]

    monkeypatch.setattr(search_module, "build_cards", every_other_weak)
    every = searcher.search(query, top_k=6, include_weak=True)
    assert [h.rank for h in every] == [1, 2, 3, 4, 5, 6]
    assert [h.good_match for h in every] == [True, False] * 3
    shown = searcher.search(query, top_k=6)
    assert [h.chunk_id for h in shown] == [h.chunk_id for h in every[::2]]
    assert [h.rank for h in shown] == [1, 2, 3]


def test_cli_says_no_good_match_in_text_and_json(cli_env: Path) -> None:
    runner = CliRunner()
    env = {"KB_RELEVANCE_FLOOR": "0.45"}  # between the fake encoder's noise and an answer
    assert runner.invoke(app, ["build"], env=env).exit_code == 0
    res = runner.invoke(app, ["search", "xqzv blorp"], env=env)
    assert res.exit_code == 0 and "no good match" in res.output
    res = runner.invoke(app, ["search", "xqzv blorp", "--json"], env=env)
    assert res.exit_code == 0 and json.loads(res.stdout) == []
    assert "no good match" in res.stderr
    res = runner.invoke(app, ["search", "xqzv blorp", "--json", "--include-weak"], env=env)
    rows = json.loads(res.stdout)
    assert rows and all(r["good_match"] is False and "relevance" in r for r in rows)
    # Fields only grow: the scores behind the fusion keep their keys and gain other_language.
    assert {"dense", "bm25", "lexical", "unknown", "other_language"} <= set(rows[0]["scores"])
    # The text output drops a case study's **bold** marks (EXIM Thailand's Spanish summary).
    res = runner.invoke(
        app, ["search", "Reúne bajo un mismo techo financiamiento a la exportación"]
    )
    assert "financiamiento a la exportación" in res.output and "**" not in res.output
    queries = cli_env / "q.txt"
    queries.write_text("xqzv blorp\nFOGAPE garantía\n", encoding="utf-8")
    res = runner.invoke(app, ["search", "--from-file", str(queries)], env=env)
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x["no_good_match"] for x in lines] == [True, False]
    # One query's answer as one object, in the shape of a --from-file line.
    res = runner.invoke(app, ["search", "xqzv blorp", "--json-object"], env=env)
    answer = json.loads(res.stdout)
    assert answer == {
        "query": "xqzv blorp",
        "hits": [],
        "no_good_match": True,
        "also_searched_as": [],
        "places_named": {"countries": [], "regions": []},
    }
    assert "no good match" in res.stderr
    res = runner.invoke(app, ["search", "FOGAPE garantía", "--json-object"], env=env)
    answer = json.loads(res.stdout)
    assert answer["no_good_match"] is False and answer["hits"] == lines[1]["hits"]


# ---- snippets ---------------------------------------------------------------------------
def test_snippet_windows_start_at_the_chosen_sentence() -> None:
    text = "First sentence about tariffs here. " * 3 + PROSE
    parts = sentences(text)
    assert parts[-1].startswith("Banks use")
    cut = window(text, parts[-1], 140)
    assert cut.startswith("… ") and parts[-1] in cut and len(cut) <= 142
    middle = window(text, parts[3], 100)
    assert middle.startswith("… The program links") and middle.endswith(" …")
    assert parts[-1] in lexical_snippet(text, "collateral working-capital loans", 140)
    # Near the end, the window is pulled back to fill its width, but from a sentence's start,
    # never from inside the sentence before (the last sentence: 100 characters; 140 wide).
    tail = window(text, parts[-1], 140)
    assert tail == "… " + parts[-1]
    wide = window(text, parts[-1], 400)
    assert wide.startswith("… ") and wide[2:] in text and wide[2] == wide[2].upper()


def test_a_passage_that_opens_inside_a_sentence_is_shown_with_an_ellipsis() -> None:
    """A chunk repeats the last words of the one before, so it may begin mid-sentence."""
    carried = "against foreign orders, and many small exporters ask buyers to pay first."
    assert window(carried, sentences(carried)[0], 400) == "… " + carried
    assert window(carried + " " + PROSE, sentences(carried)[0], 120).startswith("… against")
    assert window(PROSE, sentences(PROSE)[0], 400) == " ".join(PROSE.split())
    assert not opens_mid_sentence("- cobertura para bancos: el seguro protege a los bancos.")
    # A short passage is one window; the carried words start it only when they were chosen.
    tail = "pacote. Conectar com a janela única. Certificados de origem são obtidos on-line."
    later = sentences(tail)[-1]
    assert window(tail, later, 400) == "… Conectar com a janela única. " + later
    assert window(tail, sentences(tail)[0], 400) == "… " + tail
    assert window(PROSE, sentences(PROSE)[-1], 400) == " ".join(PROSE.split())


def test_carried_words_that_start_with_a_capital_still_get_the_ellipsis() -> None:
    """The chunker carries the last words of the chunk before; a carried run can start inside
    a sentence with a capital ("Credit Insurance for Banks", from "Export Credit Insurance"),
    which the text alone reads as a sentence's start. The chunk before tells."""
    from types import SimpleNamespace

    from kb.answer.card_passages import continues as _continues

    before = "Two covers exist. - For banks: Export Credit Insurance for Banks (ECIB)"
    after = "Credit Insurance for Banks (ECIB) protects lenders against default."
    assert carried_mid_sentence(before, after)
    assert not carried_mid_sentence("The fund pays. Banks use it", "Banks use it to lend.")
    assert not carried_mid_sentence("The fund pays claims.", "Banks use it to lend.")
    assert window(after, sentences(after)[0], 400, mid=True) == "… " + after
    rows = {
        0: {"doc_id": "d", "seq": 0, "text": before},
        1: {"doc_id": "d", "seq": 1, "text": after},
        2: {"doc_id": "e", "seq": 0, "text": after},
        3: {"doc_id": "f", "seq": 4, "text": after},  # the row before is another document's
    }
    searcher = SimpleNamespace(index=SimpleNamespace(chunk=lambda r: rows[r]))
    got = [_continues(searcher, r, rows[r]) for r in range(4)]  # type: ignore[arg-type]
    assert got == [False, True, False, False]


def test_a_second_snippet_does_not_repeat_the_first() -> None:
    """A source's second passage is often the next chunk, which opens with the last words of
    the one before: its snippet skips what the card's first snippet already shows."""
    sents = [
        "The development bank posts confirmed invoices of large buyers on a platform.",
        "Small suppliers see them and sell them to a bank of their choice the same day.",
        "The bank pays the supplier at a rate set by the risk of the large buyer.",
        "Legal reform made electronic assignment of invoices valid against the buyer.",
        "Over time the platform added public buyers and smaller private ones as well.",
    ]
    chunk = " ".join(sents)
    first = window(chunk, sents[0], 160)  # what the card shows first
    query = "small suppliers sell confirmed invoices of large buyers to a bank"
    plain = lexical_snippet(chunk, query, 160)
    assert plain.startswith("… Small suppliers") or plain.startswith("The development")
    assert set(_runs(plain)) & set(_runs(first))  # without `shown`: the same words twice
    fresh = lexical_snippet(chunk, query, 160, shown=first)
    assert not set(_runs(fresh)) & set(_runs(first)) and fresh.startswith("… ")
    # A chunk shorter than a snippet is one window: it starts after the repeated sentences.
    short = lexical_snippet(chunk, query, 600, shown=first)
    assert short.startswith("… The bank pays") and sents[-1] in short
    # Nothing new to show: the best window all the same (the card decides what to show).
    assert lexical_snippet(sents[0], query, 160, shown=first) == sents[0]


def test_cards_over_the_corpus_show_no_sentence_twice(corpus_searcher: Searcher) -> None:
    queries = [
        "plataformas donde el proveedor pyme descuenta facturas confirmadas por su cliente",
        "credit guarantee fund coverage ratio for bank loans to small firms",
        "porcentaje de las compras del Estado reservado a micro y pequeñas empresas",
        "export credit insurance for short-term pre-shipment working capital",
    ]
    pairs = 0
    for q in queries:
        for hit in corpus_searcher.search(q, top_k=10):
            if len(hit.passages) == 2:
                pairs += 1
                first, second = (set(_runs(p.snippet)) for p in hit.passages)
                assert not first & second or len(hit.passages[1].text) < 200, hit.title
    assert pairs >= 10


def test_a_card_never_shows_one_text_twice() -> None:
    """A case study holds each section in three languages: the second passage of a card is
    another text, not the first one's translation (vectors closer than SAME_TEXT)."""
    from types import SimpleNamespace

    import numpy as np

    from kb.answer.cards import SAME_TEXT, _distinct

    base = np.array([1.0, 0.0, 0.0])
    twin = np.array([0.95, 0.31, 0.0])  # cosine 0.95: a translation
    other = np.array([0.6, 0.0, 0.8])  # cosine 0.6: another section
    partial = np.array([0.7, 0.71, 0.0])  # cosine 0.7: a window of another version
    vecs = {0: base, 1: twin, 2: other, 3: partial}
    langs = {0: "en", 1: "es", 2: "en", 3: "pt"}

    def searcher(program: object) -> SimpleNamespace:
        index = SimpleNamespace(
            vectors_of=lambda rows: np.stack([vecs[int(r)] for r in rows]),
            chunk=lambda row: {"text": PROSE, "language": langs[row]},
            docs={"d": SimpleNamespace(program=program, title="A source")},
        )
        return SimpleNamespace(index=index, settings=Settings(), doc_of=lambda row: "d")

    case = searcher(object())
    rows = [(0, 0.9, {}), (1, 0.8, {}), (2, 0.7, {})]
    assert float(base @ twin) / np.linalg.norm(twin) > SAME_TEXT
    assert _distinct(case, rows, 2) == [(0, 0.9), (2, 0.7)]  # type: ignore[arg-type]
    assert _distinct(case, rows, 1) == [(0, 0.9)]  # type: ignore[arg-type]
    # A case study's second passage is in the first one's language version; a document's
    # passages may be in any (their languages are detected, and can be noise).
    other = {"other_language": 1.0}  # not the reader's language
    versions = [(0, 0.9, other), (3, 0.8, other), (2, 0.7, other)]
    assert _distinct(case, versions, 2) == [(0, 0.9), (2, 0.7)]  # type: ignore[arg-type]
    document = searcher(None)
    assert _distinct(document, versions, 2) == [(0, 0.9), (3, 0.8)]  # type: ignore[arg-type]
    # ... or in the reader's, when the first passage is not.
    readers = [(0, 0.9, other), (3, 0.8, {"other_language": 0.0}), (2, 0.7, other)]
    assert _distinct(case, readers, 2) == [(0, 0.9), (3, 0.8)]  # type: ignore[arg-type]


def test_a_card_shows_a_section_once_and_in_the_readers_version() -> None:
    """One section of a case study in two language versions is one text even when the two
    windows' vectors differ (a one-sentence window of the Spanish summary and the whole
    English one): the card opens on the reader's version and shows another section next."""
    from types import SimpleNamespace

    import numpy as np

    from kb.answer.cards import _distinct, _readers_section_first

    rows_of = {
        0: ("es", "Resumen"),
        1: ("en", "Summary"),
        2: ("en", "Evidence"),
        3: ("pt", "Resumo"),
        4: ("en", "How it works"),
    }
    vecs = np.eye(5)  # no two alike: only the sections can tell the translations apart
    index = SimpleNamespace(
        vectors_of=lambda rows: vecs[rows],
        chunk=lambda row: {"text": PROSE, "language": rows_of[row][0], "heading": rows_of[row][1]},
        docs={"d": SimpleNamespace(program=object(), title="A source")},
    )
    case = SimpleNamespace(index=index, settings=Settings(), doc_of=lambda row: "d")
    foreign, own = {"other_language": 1.0}, {"other_language": 0.0}
    rows = [(0, 0.9, foreign), (2, 0.85, own), (1, 0.8, own)]
    assert [r for r, _, _ in _readers_section_first(case, rows, None)] == [1, 0, 2]  # type: ignore[arg-type]
    assert [r for r, _, _ in _readers_section_first(case, rows, "es")] == [0, 2, 1]  # type: ignore[arg-type]
    # No version of the section in the reader's language: the order stands.
    alone = [(0, 0.9, foreign), (2, 0.85, own)]
    assert _readers_section_first(case, alone, None) == alone  # type: ignore[arg-type]
    # The second passage is another section, not the first one's in another version.
    first_own = [(1, 0.9, own), (0, 0.85, foreign), (3, 0.8, own), (4, 0.7, own)]
    assert _distinct(case, first_own, 2) == [(1, 0.9), (4, 0.7)]  # type: ignore[arg-type]
    # A document's passages have no sections: its order and passages are its own.
    document = SimpleNamespace(
        index=SimpleNamespace(
            **{**vars(index), "docs": {"d": SimpleNamespace(program=None, title="A source")}}
        ),
        settings=Settings(),
        doc_of=lambda row: "d",
    )
    assert _readers_section_first(document, rows, None) == rows  # type: ignore[arg-type]


# ---- passages in another language than the query ----------------------------------------
PROSA = (
    "El programa vincula a pequeños proveedores con grandes compradores mediante una "
    "plataforma pública. Los compradores publican sus planes de compra, los proveedores "
    "responden con ofertas y la agencia capacita a los que no superan las auditorías de "
    "calidad. Los bancos aceptan las órdenes de compra confirmadas como garantía."
)


TWO_LANGUAGES = {
    "en.md": f"---\ntitle: Suppliers\nlanguage: en\n---\n{PROSE}\n",
    "es.md": f"---\ntitle: Proveedores\nlanguage: es\n---\n{PROSA}\n",
}


def test_another_language_gets_the_typical_lexical_share_in_fusion_only(
    settings: Settings,
) -> None:
    """A Spanish passage cannot share an English query's words: with the setting on, fusion
    gives it the share typical of the English passages the encoder finds closest, while the
    share it reports (which the relevance floor reads) stays what BM25 found."""
    from kb.answer.lexical_share import typical_share as _typical_share

    indexed = indexed_files(settings, "two", TWO_LANGUAGES)
    query = "programs that link small suppliers with large buyers through a platform"
    found = {}
    for impute in (False, True):
        searcher = indexed(lexical_impute_other_language=impute)
        for row, fused, parts in searcher.candidates(query):
            lang = searcher.index.languages([row])[0]
            found[impute, lang] = (fused, parts)
    (en_off, en), (es_off, es) = found[False, "en"], found[False, "es"]
    assert en["lexical"] > 0.3 and es["lexical"] < en["lexical"] / 2
    dw, lw = settings.dense_weight, settings.lexical_weight
    assert es_off == pytest.approx(dw * es["dense"] + lw * es["lexical"], abs=1e-6)
    es_on, es_parts = found[True, "es"]
    assert es_parts["lexical"] == pytest.approx(es["lexical"])  # reported share unchanged
    assert es_on == pytest.approx(dw * es["dense"] + lw * en["lexical"], abs=1e-6)
    assert found[True, "en"][0] == pytest.approx(en_off)  # the query's language: untouched
    # the median over the closest query-language passages; none of them: nothing to impute
    share, dense = np.array([0.1, 0.5, 0.3, 0.0]), np.array([0.9, 0.8, 0.2, 0.7])
    other = np.array([False, False, False, True])
    assert _typical_share(share, dense, other) == pytest.approx(0.3)
    assert _typical_share(share, dense, np.ones(4, dtype=bool)) == 0.0


def test_a_source_seen_in_the_query_language_gets_no_imputed_share() -> None:
    """A case study whose Spanish version is a candidate for a Spanish query has shown its
    lexical evidence: its English version keeps its own share; a source with no candidate in
    the query's language still gets the typical one."""
    from kb.answer.lexical_share import imputed, unseen_sources

    keys = ["program:a", "program:a", "doc-b", "doc-c", "doc-d"]
    langs = ["es", "en", "en", "", "es"]
    unseen = unseen_sources(keys, langs, "es")
    assert unseen.tolist() == [False, False, True, True, False]
    share = np.array([0.6, 0.0, 0.0, 0.6, 0.6])  # the query-language passages' typical: 0.6
    dense = np.array([0.5, 0.5, 0.5, 0.5, 0.6])
    other = np.array([False, True, True, False, False])
    assert imputed(share, dense, other, unseen).tolist() == [0.6, 0.0, 0.6, 0.6, 0.6]
    assert imputed(share, dense, other).tolist() == [0.6] * 5  # every other-language passage


def test_a_few_words_are_read_as_a_language_when_sure(settings: Settings) -> None:
    """A query of a few words is in a language when lingua is sure of it ("large buyers"),
    so passages in another language are marked as such; a program's name, or words written
    alike in two of the languages, are in none."""
    searcher = indexed_files(settings, "two", TWO_LANGUAGES)()

    def marked(query: str) -> dict[str, float]:
        return {
            searcher.index.languages([row])[0]: parts["other_language"]
            for row, _, parts in searcher.candidates(query)
        }

    assert marked("large buyers") == {"en": 0.0, "es": 1.0}
    assert marked("proveedores pequeños") == {"en": 1.0, "es": 0.0}
    # written alike in Spanish and Portuguese (an index of es and en is read among es, en, pt)
    assert marked("grandes compradores") == {"en": 0.0, "es": 0.0}
    assert marked("KOTRA") == {"en": 0.0, "es": 0.0}


def test_shared_words_across_languages_can_be_discounted(settings: Settings) -> None:
    """Off by default (1.0); below 1 a passage in another language than the query keeps only
    that share of its lexical score (names and cognates), its own language's passages all."""
    indexed = indexed_files(settings, "cognates", TWO_LANGUAGES)
    query = "a public platform where small suppliers meet large buyers: the plataforma"
    share = {}
    for keep in (1.0, 0.5):
        searcher = indexed(lexical_other_language=keep)
        for row, _, parts in searcher.candidates(query):
            share[keep, searcher.index.languages([row])[0]] = parts["lexical"]
    assert settings.lexical_other_language == 1.0
    assert share[1.0, "es"] > 0  # 'plataforma', a word both languages hold
    assert share[0.5, "es"] == pytest.approx(0.5 * share[1.0, "es"])
    assert share[0.5, "en"] == pytest.approx(share[1.0, "en"])


# ---- the reader's language first ---------------------------------------------------------
def test_a_card_shows_the_query_language_version_when_nearly_as_close() -> None:
    from kb.answer.cards import OWN_LANGUAGE_TOLERANCE, _in_reading_order

    def _own_language_first(rows: list) -> list:
        return sorted(rows, key=lambda c: _in_reading_order(c, "Summary"), reverse=True)

    es = (0, 0.9, {"dense": 0.50, "lexical": 0.0, "other_language": 1.0})
    en = (1, 0.8, {"dense": 0.47, "lexical": 0.2, "other_language": 0.0})
    far = (2, 0.7, {"dense": 0.50 - OWN_LANGUAGE_TOLERANCE - 0.05, "other_language": 0.0})
    assert _own_language_first([es, en, far]) == [en, es, far]
    # Clearly closer in another language: the better passage stays first.
    assert _own_language_first([es, far]) == [es, far]
    # Already in the query's language, or the language unknown: unchanged.
    assert _own_language_first([en, es]) == [en, es]
    unknown = [(r, s, {"dense": p["dense"]}) for r, s, p in (es, en)]
    assert _own_language_first(unknown) == unknown


def test_the_readers_language_wins_over_the_querys_when_given() -> None:
    """A reader's language (the app's interface) decides a case study's order and its second
    passage's version; without one, the query's detected language does."""
    from types import SimpleNamespace

    from kb.answer.cards import _answer_rows

    langs = {0: "es", 1: "pt", 2: "en"}
    # Detected as Spanish: the Spanish version is the query's, the others are not.
    es = (0, 0.9, {"dense": 0.50, "other_language": 0.0})
    pt = (1, 0.8, {"dense": 0.48, "other_language": 1.0})
    en = (2, 0.7, {"dense": 0.30, "other_language": 1.0})
    index = SimpleNamespace(
        chunk=lambda row: {"kind": "text", "text": PROSE, "language": langs[row]},
        docs={"case": SimpleNamespace(program=object(), title="A source")},
        vectors_of=lambda rows: np.eye(3)[list(rows)],
    )
    searcher = SimpleNamespace(
        index=index,
        doc_of=lambda row: "case",
        settings=Settings(fusion="weighted"),
        priors=lambda pool: np.ones(len(pool)),
    )

    def shown(reader: str | None) -> list[int]:
        got = _answer_rows(searcher, "q", [es, pt, en], 2, None, reader)  # type: ignore[arg-type]
        return [r for r, _ in got]

    assert shown(None) == [0]  # Spanish first; no second passage in the reader's versions
    assert shown("pt") == [1]  # Portuguese within tolerance goes first
    assert shown("en") == [0, 2]  # too far to go first, but readable as the second


def test_only_a_case_study_has_versions_to_prefer() -> None:
    """Inside any other document a passage's language is detected, and can be noise: the rule
    must not move a German lecture's formula passage up because it was read as English."""
    from types import SimpleNamespace

    from kb.answer.cards import _answer_rows

    es = (0, 0.9, {"dense": 0.50, "other_language": 1.0})
    en = (1, 0.8, {"dense": 0.48, "other_language": 0.0})

    def first_row(doc: str, program: object) -> int:
        index = SimpleNamespace(
            chunk=lambda row: {"kind": "text", "text": PROSE},
            docs={doc: SimpleNamespace(program=program, title="A source")},
        )
        searcher = SimpleNamespace(
            index=index,
            doc_of=lambda row: doc,
            settings=Settings(fusion="weighted"),
            priors=lambda pool: np.ones(len(pool)),
        )
        return _answer_rows(searcher, "q", [es, en], 1, None)[0][0]  # type: ignore[arg-type]

    assert first_row("case-study", program=object()) == 1
    assert first_row("lecture.pdf", program=None) == 0


def test_a_case_studys_problem_section_goes_behind_the_program_unless_clearly_closer() -> None:
    """The problem section describes the setting, not the program: within CONTEXT_TOLERANCE
    the program's own section is shown first, in every language; clearly closer, it stays."""
    from types import SimpleNamespace

    from kb.answer.cards import CONTEXT_TOLERANCE, _answer_rows

    headings = {0: "Problema que aborda", 1: "Cómo funciona", 2: "Problem addressed", 3: "Contexto"}
    problem = (0, 0.9, {"dense": 0.50, "other_language": 0.0})
    setting = (3, 0.9, {"dense": 0.50, "other_language": 0.0})
    how = (1, 0.8, {"dense": 0.50 - CONTEXT_TOLERANCE + 0.02, "other_language": 0.0})
    clearly = (2, 0.9, {"dense": 0.50 + CONTEXT_TOLERANCE, "other_language": 0.0})

    def shown(rows: list, program: object = True) -> list[int]:
        index = SimpleNamespace(
            chunk=lambda row: {"kind": "text", "heading": headings[row], "text": PROSE},
            docs={"d": SimpleNamespace(program=program, title="A source")},
        )
        searcher = SimpleNamespace(
            index=index,
            doc_of=lambda row: "d",
            settings=Settings(fusion="weighted"),
            priors=lambda pool: np.ones(len(pool)),
        )
        return [r for r, _ in _answer_rows(searcher, "q", rows, 1, None)]  # type: ignore[arg-type]

    assert shown([problem, how]) == [1]
    assert shown([clearly, how]) == [2]
    assert shown([problem, how], program=None) == [1]  # any source's framing section too
    assert shown([setting, how], program=None) == [3]  # other sections: the encoder's order


def test_a_card_shows_no_reference_list_or_contents_note_under_its_answer() -> None:
    """The encoder finds a 'Sources' list close to any question its cited titles name: under
    a card's first passage it said nothing. Short prose ('no evaluation is known') stays."""
    from types import SimpleNamespace

    from kb.answer.cards import _answer_rows

    texts = {
        0: PROSE,
        1: "- Arráiz, I., Henríquez, F. y Stucchi, R. (2013), Supplier development programs and "
        "firm performance: evidence from Chile, Small Business Economics - Alfaro-Ureña, A., "
        "Manelici, I. y Vásquez, J.P. (2022), The Effects of Joining Multinational Supply "
        "Chains, Quarterly Journal of Economics - UNCTAD (2010), Creating Business Linkages",
        2: "No impact evaluation is known. The evidence is descriptive.",
    }

    def shown(rows: list, quality_prior: float = 0.5) -> list[int]:
        index = SimpleNamespace(
            chunk=lambda row: {"kind": "text", "text": texts[row]},
            docs={"d": SimpleNamespace(program=None, title="A source")},
        )
        searcher = SimpleNamespace(
            index=index,
            doc_of=lambda row: "d",
            settings=Settings(fusion="weighted", quality_prior=quality_prior),
            vectors_of=None,
        )
        searcher.index.vectors_of = lambda ids: np.eye(3)[ids]
        return [r for r, _ in _answer_rows(searcher, "q", rows, 2, None)]  # type: ignore[arg-type]

    prose, sources, short = (
        (0, 0.9, {"dense": 0.52}),
        (1, 0.8, {"dense": 0.5}),
        (2, 0.7, {"dense": 0.4}),
    )
    assert shown([prose, sources]) == [0]
    assert shown([prose, sources, short]) == [0, 2]
    closest = (1, 0.8, {"dense": 0.6})
    assert shown([closest, prose]) == [1, 0]  # the first passage is what the card matched on
    assert shown([prose, sources], quality_prior=0.0) == [0, 1]


def test_the_query_language_is_known_whatever_the_lexical_settings(
    corpus_searcher: Searcher,
) -> None:
    """The cards' reader's-language order reads it too: turning off the lexical reductions must
    not turn it off."""
    plain_lexical = corpus_searcher.settings.with_(
        lexical_other_language=1.0, lexical_impute_other_language=False
    )
    searcher = Searcher(corpus_searcher.index, corpus_searcher.encoder, plain_lexical)
    parts = [p for _, _, p in searcher.candidates("garantías de crédito para pequeñas empresas")]
    assert {p["other_language"] for p in parts} == {0.0, 1.0}


# ---- titles -------------------------------------------------------------------------------
def test_a_documents_title_counts_in_fusion(settings: Settings) -> None:
    """Two passages close to the query; the one whose document is titled after the query's
    subject gains title_weight x the title's cosine (kb/answer/titles.py), the other less."""
    indexed = indexed_files(
        settings,
        "titled",
        {
            "a.md": f"---\ntitle: Supplier development with large buyers\n---\n{PROSE}\n",
            "b.md": f"---\ntitle: Annual review of the ministry\n---\n{PROSE} Also.\n",
        },
    )
    query = "supplier development with large buyers"
    fused = {}
    for weight in (0.0, 0.1):
        searcher = indexed(title_weight=weight)
        for row, score, _ in searcher.candidates(query):
            fused[weight, searcher.index.docs[searcher.doc_of(row)].title[:6]] = score
    qvec = searcher.query_vector(query)
    for title in ("Supplier development with large buyers", "Annual review of the ministry"):
        cos = float(searcher.sentence_vectors.vectors([title])[0] @ qvec)
        gain = fused[0.1, title[:6]] - fused[0.0, title[:6]]
        assert gain == pytest.approx(0.1 * cos, abs=1e-6)
    assert fused[0.1, "Suppli"] - fused[0.1, "Annual"] > fused[0.0, "Suppli"] - fused[0.0, "Annual"]


def test_a_case_studys_title_is_matched_only_when_asked(corpus_searcher: Searcher) -> None:
    """By default a case study's name is matched through its header passage, not its title."""
    from kb.answer.titles import title_cosines

    s = corpus_searcher
    pool = np.array([r for r, _, _ in s.candidates("export credit guarantee for small firms")])
    is_case = np.array([s.index.docs[s.doc_of(int(r))].program is not None for r in pool])
    assert is_case.any() and (~is_case).any()
    qvec = s.query_vector("export credit guarantee for small firms")
    args = (qvec, pool, s.doc_of, s.index.docs, s.sentence_vectors)
    documents, every = title_cosines(*args, "documents"), title_cosines(*args, "all")
    assert not documents[is_case].any() and documents[~is_case].any()
    assert every[is_case].any()
    assert np.allclose(documents[~is_case], every[~is_case])


def test_a_short_portuguese_query_counts_spanish_passages_as_another_language(
    corpus_searcher: Searcher,
) -> None:
    """The query's language decides which passages share its words (the lexical imputation);
    it is read among the index's languages, so a short Portuguese query is Portuguese."""
    langs = corpus_searcher.query_languages()
    assert {"en", "es", "pt"} <= set(langs) and all(len(code) == 2 for code in langs)
    cands = corpus_searcher.candidates("capital de giro para fornecedores pequenos")
    other = {
        corpus_searcher.index.chunk(row)["language"]: parts["other_language"]
        for row, _, parts in cands
    }
    assert other["pt"] == 0.0 and other["es"] == 1.0


def test_warming_a_searcher_loads_the_query_language_models(corpus_searcher: Searcher) -> None:
    from kb.ingest.lang import _lingua, query_language

    _lingua.cache_clear()
    corpus_searcher.warm()
    assert _lingua.cache_info().misses == 1  # the detector for the index's languages is built
    query_language("financiamento para exportadores pequenos", corpus_searcher.query_languages())
    assert _lingua.cache_info().misses == 1 and _lingua.cache_info().hits >= 1  # and reused


def test_a_passage_without_a_word_is_never_shown(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A saved web page's empty bold under a heading ("## Title" then "****", as in the UNDP
    pages) was a passage of its own; the parser drops it now, but an index built before still
    holds it: a card may rank it but never shows it."""
    from kb.ingest.parse import common

    monkeypatch.setattr(common, "has_word", bool)  # the parser as it was before
    page = f"---\ntitle: Supplier linkages\n---\n## Title\n****\n\n## Description\n{PROSE}\n"
    searcher = indexed_files(settings, "marks", {"page.md": page})()
    monkeypatch.undo()
    texts = [searcher.index.chunk(r)["text"].strip() for r in range(searcher.index.size)]
    assert "****" in texts  # a passage of that old index: the card must not show it
    for query in ("****", "title", "small suppliers and large buyers"):
        for hit in searcher.search(query, per_doc=3, include_weak=True):
            assert all(any(ch.isalnum() for ch in p.snippet) for p in hit.passages)
