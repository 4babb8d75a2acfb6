"""kb.store.links: passages of ingested documents that mention a program by name or alias."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kb.answer.brief import _cited_document
from kb.curate.batch import Pipeline, build_corpus
from kb.settings import Settings
from kb.store.index import Index
from kb.store.links import compute_links, is_acronym, program_links, program_names
from tests.support.files import ROOT, write

EN_NOTE = """---
title: Guarantee funds in the Southern Cone
language: en
url: https://example.org/guarantee-funds
---

# Guarantee funds in the Southern Cone

Chile's FOGAPE auctions guarantee rights among banks, which keeps part of the risk with lenders.
"""

ES_NOTE = """---
title: Nota sobre garantías
language: es
---

# Nota sobre garantías

El Fondo de Garantia para Pequenos Empresarios, administrado por BancoEstado, licita derechos.
"""

NOISE_NOTE = """---
title: Unrelated note
language: en
---

# Unrelated note

The setup of a fogape-like scheme is not discussed here; the word setup is an ordinary word.
"""


@pytest.fixture
def linked_index(settings: Settings, tmp_path: Path) -> tuple[Settings, Index]:
    corpus = tmp_path / "corpus"
    for pid in ("chl-fogape", "phl-dost-setup"):
        (corpus / "programs").mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / "corpus" / "programs" / f"{pid}.md", corpus / "programs")
    write(corpus / "documents" / "en-note.md", EN_NOTE)
    write(corpus / "documents" / "es-note.md", ES_NOTE)
    write(corpus / "documents" / "noise.md", NOISE_NOTE)
    s = settings.with_(corpus_dir=corpus)
    report = build_corpus(s)
    assert not report.failed
    return s, Index.load(s.index_path())


def test_names_include_acronym_but_not_qualifier() -> None:
    names = program_names("Fondo de Garantía para Pequeños Empresarios (FOGAPE)", ["Fogape Covid"])
    assert {"FOGAPE", "Fondo de Garantía para Pequeños Empresarios", "Fogape Covid"} <= names
    assert "Perú" not in program_names("Exporta Fácil (Perú)", [])
    assert is_acronym("FOGAPE") and is_acronym("SETUP")
    assert not is_acronym("TReDS") and not is_acronym("Shinbo") and not is_acronym("X")


def test_english_acronym_and_spanish_name_without_accents(
    linked_index: tuple[Settings, Index],
) -> None:
    _, index = linked_index
    links = program_links(index)
    titles = {c.title for c in links["chl-fogape"]}
    assert titles == {"Guarantee funds in the Southern Cone", "Nota sobre garantías"}
    en = next(c for c in links["chl-fogape"] if c.title.startswith("Guarantee"))
    assert "FOGAPE" in en.snippet and en.page == 1
    # a brief cites it by its web address, the note without one by its title alone
    assert en.url == "https://example.org/guarantee-funds"
    es = next(c for c in links["chl-fogape"] if c.title.startswith("Nota"))
    assert es.url == "" and _cited_document(es) == "Nota sobre garantías"
    assert _cited_document(en) == f"{en.title} (https://example.org/guarantee-funds)"
    # lower-case "setup" and "fogape-like" are ordinary words, not the programs
    assert links["phl-dost-setup"] == []
    assert all(index.docs[c.doc_id].doc_type != "program" for c in links["chl-fogape"])


def test_cached_by_version_and_recomputed_after_ingest(
    linked_index: tuple[Settings, Index], tmp_path: Path
) -> None:
    s, index = linked_index
    assert program_links(index) is program_links(index)
    note = write(
        tmp_path / "more" / "setup.md",
        "---\ntitle: Philippine extension\nlanguage: en\n---\n\n"
        "DOST SETUP lends equipment money to small firms in the Philippines.\n",
    )
    Pipeline(s).ingest_paths([note], s.default_index)
    newer = Index.load(s.index_path())
    assert newer.manifest.version != index.manifest.version
    assert [c.title for c in program_links(newer)["phl-dost-setup"]] == ["Philippine extension"]
    assert program_links(index)["phl-dost-setup"] == []  # the old version's links are unchanged


def test_shared_name_needs_the_country_in_the_passage(settings: Settings, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "programs").mkdir(parents=True)
    for pid in ("per-exporta-facil", "bra-exporta-facil"):
        shutil.copy(ROOT / "corpus" / "programs" / f"{pid}.md", corpus / "programs")
    write(
        corpus / "documents" / "pe.md",
        "---\ntitle: Nota Perú\nlanguage: es\n---\n\n"
        "En el Perú, Exporta Fácil permite exportar por correo con una declaración simple.\n",
    )
    s = settings.with_(corpus_dir=corpus)
    build_corpus(s)
    links = compute_links(Index.load(s.index_path()))
    assert [c.title for c in links["per-exporta-facil"]] == ["Nota Perú"]
    assert links["bra-exporta-facil"] == []
