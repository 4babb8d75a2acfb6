"""Language detection: deterministic, ISO 639-1, None when too short."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from kb.ingest.lang import detect_language

TEXTS = {
    "es": "Las pequeñas y medianas empresas necesitan crédito y garantías para exportar.",
    "en": "Small and medium enterprises need credit and guarantees to export their goods.",
    "pt": "As pequenas e médias empresas precisam de crédito e garantias para exportar.",
    "zh": "中小企业需要信贷和担保才能出口他们的商品，政府提供帮助。",
}


def test_detects_iso_639_1_codes() -> None:
    for code, text in TEXTS.items():
        assert detect_language(text) == code


def test_too_short_or_empty_is_none() -> None:
    assert detect_language("") is None
    assert detect_language("ok") is None
    assert detect_language("12345 67890 !!!! ???? 2021-2022") is None


def test_deterministic_and_thread_safe() -> None:
    texts = list(TEXTS.values()) * 25
    first = [detect_language(t) for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        again = list(pool.map(detect_language, texts))
    assert first == again


def test_long_text_judged_on_its_body() -> None:
    # an English cover page before a long Spanish body must not decide the language
    text = (TEXTS["en"] + " ") * 40 + "\n" + (TEXTS["es"] + " ") * 200
    assert detect_language(text[:3000]) == "en"
    assert detect_language(text) == "es"
