"""A language filter keeps the documents a reader finds in that language: those written in it
and the case studies with a version in it, on both stores. Matching only the original's
language hid the es and en case studies (150 of 174) from a Portuguese reader, although each
is indexed in Portuguese too."""

from __future__ import annotations

from pathlib import Path

from kb.answer.search import Searcher
from kb.settings import Settings
from kb.store.filters import Filters, allowed_docs, available_languages, doc_table
from tests.support.app_index import subset_corpus

# an es case study, a pt one, an es-only and a pt-only policy note
PROGRAMS = ["chl-corfo-supplier-development", "tha-exim"]
NOTES = ["desarrollo-de-proveedores.md", "redes-de-atendimento-empresarial.md"]


def test_case_studies_pass_a_filter_for_any_of_their_versions(corpus_searcher: Searcher) -> None:
    docs = corpus_searcher.index.docs
    table = doc_table(docs)
    key = {d.program.id: k for k, d in docs.items() if d.program}
    note = {Path(d.source).name: k for k, d in docs.items() if not d.program}
    pt, es = (
        allowed_docs(table, Filters(languages=("pt",))),
        allowed_docs(table, Filters(languages=("es",))),
    )
    corfo, exim = key["chl-corfo-supplier-development"], key["tha-exim"]
    assert docs[corfo].language == "es" and docs[exim].language == "pt"
    assert corfo in pt and exim in es
    assert note["desarrollo-de-proveedores.md"] in es
    assert note["desarrollo-de-proveedores.md"] not in pt  # written in Spanish only
    assert note["redes-de-atendimento-empresarial.md"] not in es
    assert all(d.program is None or key[d.program.id] in pt for d in docs.values())
    assert set(available_languages(docs[corfo])) == {"es", "en", "pt"}


def test_both_stores_keep_translated_case_studies_under_a_language_filter(
    store_settings: Settings, tmp_path: Path
) -> None:
    from kb.curate.batch import build_corpus
    from kb.ingest.embed import make_encoder
    from kb.store.factory import open_store

    corpus = subset_corpus(tmp_path / "corpus", PROGRAMS, NOTES)
    s = store_settings.with_(corpus_dir=corpus)
    build_corpus(s)
    search = Searcher(open_store(s).load(s.default_index), make_encoder(s.encoder), s)

    def found(lang: str) -> set[str]:
        query = "desarrollo de proveedores fornecedores empresas"
        hits = search.search(query, 20, Filters(languages=(lang,)), "bm25")
        return {h.program_id or Path(h.source).name for h in hits}

    assert found("pt") == {*PROGRAMS, "redes-de-atendimento-empresarial.md"}
    assert found("es") == {*PROGRAMS, "desarrollo-de-proveedores.md"}
