"""Why something went wrong, in the reader's language (issue 15): every panel warning, every
kind of ingest failure and every reason a cited page cannot be shown has es/en/pt labels, and
the records that carry them keep the English text and the (file, reason) shape of before."""

from __future__ import annotations

import string

import pytest

from kb import errors
from kb.errors import FAILURE_KINDS, VIEW_WHYS, KbError
from kb.ingest.pipeline import Failure, IngestReport
from kb.measure.panel_warnings import WARNING_KEYS, PanelWarning
from kb.vocab.labels import LANGS, _entry, t

KEYS = (
    [f"measure.warn_{k}" for k in WARNING_KEYS]
    + [f"failure.{k}" for k in FAILURE_KINDS]
    + [f"viewer.{k}" for k in VIEW_WHYS]
)


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("key", KEYS)
def test_every_reason_has_es_en_pt_with_the_same_values(key: str) -> None:
    entry = _entry(key)
    assert entry is not None, key
    assert set(entry) == set(LANGS) and all(entry[lang].strip() for lang in LANGS)
    assert entry["es"] != entry["en"] and entry["pt"] != entry["en"]  # translated, not copied
    # a translation may leave a value out (the Spanish names its size classes in words) but
    # never ask for one the code does not give
    for lang in ("es", "pt"):
        assert _fields(entry[lang]) <= _fields(entry["en"]), (key, lang)


def _subclasses(cls: type) -> list[type]:
    return [cls, *(s for sub in cls.__subclasses__() for s in _subclasses(sub))]


def test_every_error_names_a_failure_kind_with_a_label() -> None:
    seen = {c.failure_kind for c in _subclasses(KbError) if c.__module__ == errors.__name__}
    assert seen <= set(FAILURE_KINDS)
    assert {"encrypted", "unsupported", "too_large", "unreadable", "other"} <= seen
    assert errors.EncryptedPDFError("a.pdf").failure_kind == "encrypted"
    assert errors.UnsupportedFormatError("a.xyz", ".xyz").failure_kind == "unsupported"
    assert errors.ParseError("a.pdf", "damaged").failure_kind == "unreadable"


def test_the_english_warning_is_the_old_sentence_and_counts_group_by_language() -> None:
    w = PanelWarning.of("blank_exports", n=1201)
    assert str(w) == "1,201 row(s) have blank exports; counted as 0 (not exporting)"
    assert f"warning: x.csv: {w}" == f"warning: x.csv: {w.text('en')}"
    assert (
        w.text("es")
        == "1.201 fila(s) con exportaciones (exports) en blanco; se cuentan como 0 (no exporta)"
    )
    assert w.text("pt").startswith("1.201 linha(s) com exportações (exports) em branco")
    gap = PanelWarning.of("missing_years", years="2017, 2019")  # years are never grouped
    assert "2017, 2019" in gap.text("es") and "2017, 2019" in str(gap)


def test_a_failure_still_unpacks_as_file_and_reason_and_json_adds_its_kind() -> None:
    f = Failure("a.pdf", "encrypted PDF: the empty password did not open it", "encrypted")
    file, reason = f
    assert (file, reason) == ("a.pdf", f.reason)
    report = IngestReport(index="t", failed=[f, Failure("b.txt", "empty file (0 bytes)", "empty")])
    assert dict(report.failed) == {"a.pdf": f.reason, "b.txt": "empty file (0 bytes)"}
    assert report.to_json()["failed"] == [
        {"file": "a.pdf", "reason": f.reason, "kind": "encrypted"},
        {"file": "b.txt", "reason": "empty file (0 bytes)", "kind": "empty"},
    ]
    assert t("failure.encrypted", "es") == "El PDF está cifrado: indique su contraseña"


@pytest.mark.parametrize(
    ("lang", "want"),
    [
        ("en", "Comparable context: Colombia and Jamaica are both upper middle income economies."),
        (
            "es",
            "Contexto comparable: Colombia es una economía de ingreso mediano alto, como Jamaica.",
        ),
        (
            "pt",
            "Contexto comparável: economia de renda média alta (Colômbia), como a do seu país "
            "(Jamaica).",
        ),
    ],
)
def test_a_comparable_context_reads_as_a_sentence(lang: str, want: str) -> None:
    from kb.answer.reasons import context_reasons

    # English once said "Colombia is a upper middle income economy"; Portuguese names go in
    # parentheses, where no article is wanted ("como a Colômbia", "do Peru")
    assert context_reasons("JAM", "COL", 1.0, lang)[0] == want
