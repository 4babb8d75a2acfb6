"""Case studies become searchable documents with their whole body, in every language."""

from __future__ import annotations

from pathlib import Path

from kb.ingest.chunk import chunk_document
from kb.ingest.pipeline import HEADER_PASSAGES, corpus_documents, program_document
from kb.ingest.programs import load_programs
from kb.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def test_every_case_study_keeps_its_whole_body(settings: Settings) -> None:
    docs, errors = corpus_documents(settings)
    assert not errors
    for doc in docs:
        chunks = chunk_document(doc, settings.chunk_words, settings.chunk_overlap_words)
        words = sum(len(b.text.split()) for p in doc.pages for b in p.blocks if b.kind != "heading")
        assert words >= 3 * 250, f"{doc.source}: only {words} words indexed"
        assert len(chunks) >= 3 * 3, f"{doc.source}: {len(chunks)} chunk(s)"
        assert {c.language for c in chunks if c.kind == "text"} == {"en", "es", "pt"}
        heads = [c for c in chunks if c.kind == "header"]
        assert len(heads) == HEADER_PASSAGES  # its names, then its instruments in en, es, pt
        assert [c.language for c in heads[1:]] == ["en", "es", "pt"]


def test_headings_without_blank_line_after_them_are_split(tmp_path: Path) -> None:
    src = (ROOT / "corpus" / "programs" / "chl-fogape.md").read_text(encoding="utf-8")
    tight = src.replace("\n\n", "\n").replace("---\n##", "---\n\n##")
    folder = tmp_path / "programs"
    folder.mkdir()
    (folder / "chl-fogape.md").write_text(tight, encoding="utf-8")
    (prog,), _ = load_programs(folder)
    doc = program_document(prog, tmp_path)
    headings = [b.text for b in doc.pages[0].blocks if b.kind == "heading"]
    assert headings[1:4] == ["Resumen", "Problema que aborda", "Cómo funciona"]
    assert "licitaciones" in doc.text and doc.program is not None and doc.program.id == "chl-fogape"
