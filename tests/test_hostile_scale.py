"""Issue 17 item 5: a large repository export ingests in linear time. The near-duplicate screen
compares a new record with a few LSH candidates, not with everything held, and finds what the
all-pairs comparison finds; language detection runs once per document, with langdetect only
for passages that their words and their document leave undecided, and agrees with per-passage
langdetect on the real ECLAC export. (bench/bench_dspace.py measures the whole ingest.)"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import kb.ingest.lang as lang
from kb.curate.dedup import NearDuplicates, _lean, best_match, signature
from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from tests.support.files import DATAKIT, report_text

ECLAC = DATAKIT / "eclac-repository" / "eclac-repository-climate-export.csv"


def _edited(text: str, n: int, seed: int) -> str:
    rng = random.Random(seed)
    words = text.split()
    for _ in range(n):
        words[rng.randrange(len(words))] = "erratum"
    return " ".join(words)


def test_lsh_screen_finds_what_all_pairs_find_from_few_candidates() -> None:
    held = {f"d{i}": signature(report_text(i, 150)) for i in range(1500)}
    index = NearDuplicates(0.8, held)
    for i in (3, 700, 1499):
        sig = signature(_edited(report_text(i, 150), 3, i))
        assert index.best(sig) == best_match(sig, held, 0.8)
        assert index.best(sig) is not None and index.best(sig)[0] == f"d{i}"  # type: ignore[index]
        assert index.best(sig, exclude=[f"d{i}"]) is None  # the file it replaces is not a match
    fresh = signature(report_text(99_999, 150))
    assert index.best(fresh) is None and best_match(fresh, held, 0.8) is None
    # A new record is compared with a handful of candidates, not with all 1,500.
    assert len(index._lsh.query(_lean(fresh))) <= 5


def test_clear_passages_skip_langdetect(monkeypatch: pytest.MonkeyPatch) -> None:
    def no(*args: object) -> None:
        raise AssertionError("langdetect called for a clear passage")

    monkeypatch.setattr(lang, "_vote", no)
    es = "Las pymes de la región no tienen acceso al crédito porque los bancos piden garantías"
    en = "Small firms in the region have no access to credit because the banks ask for collateral"
    pt = "As pequenas empresas da região não têm acesso ao crédito porque os bancos pedem garantias"
    assert lang.detect_language(f"{es}. {es} y también más.") == "es"
    assert lang.detect_language(f"{en}. {en} and this is it.") == "en"
    assert lang.detect_language(f"{pt}. {pt} e também são mais.") == "pt"


@pytest.mark.skipif(not ECLAC.is_file(), reason="datakit ECLAC export not present")
def test_eclac_passages_agree_with_per_passage_langdetect(monkeypatch: pytest.MonkeyPatch) -> None:
    docs = parse_file(Path(ECLAC))
    calls = []
    real = lang.detect_language
    monkeypatch.setattr(lang, "detect_language", lambda t: calls.append(1) or real(t))
    chunks = [c for d in docs[:120] for c in chunk_document(d)]
    expected = [lang._vote(lang._windows(c.text)) for c in chunks]
    got = [c.language for c in chunks]
    assert got == [e or c.language for e, c in zip(expected, chunks, strict=True)]
    assert len(calls) <= len(chunks) // 10  # langdetect for the undecided few only
