"""Every user-facing word of kb, in Spanish, English and Portuguese, behind one `t()`.

The tables (one shape: {key: {"es": ..., "en": ..., "pt": ...}}) live in `labels_app`,
`labels_views`, `labels_answer`, `labels_corpus`, `labels_pages`, `labels_ui`,
`labels_indicators`, `labels_reasons` and, for the vocabularies, `taxonomy`. Keys of the app's
own words are plain ("nav_search"); the others carry their table's name ("brief.title",
"region.South Asia", "need.working-capital"). CLI, app, comparison tables and briefs all read
them here, so a word is translated once.
"""

from __future__ import annotations

from collections.abc import Sequence

from kb.vocab import (
    labels_answer,
    labels_app,
    labels_corpus,
    labels_indicators,
    labels_pages,
    labels_reasons,
    labels_sectors,
    labels_ui,
    labels_views,
    taxonomy,
)

LANGS: tuple[str, ...] = ("es", "en", "pt")
LANG_NAMES = {"es": "Español", "en": "English", "pt": "Português"}

_TABLES: dict[str, dict[str, dict[str, str]]] = {
    "": {**labels_app.APP, **labels_views.VIEWS},
    "doc_type": {**labels_app.DOC_TYPE, **labels_ui.DOC_FORMAT},
    "brief": labels_answer.BRIEF,
    "answer": labels_answer.ANSWER,
    "field": labels_answer.FIELD,
    "size": labels_answer.SIZE,
    "region": {**labels_answer.REGION, **labels_ui.REGION_MORE},
    "income": labels_answer.INCOME,
    "subregion": labels_answer.SUBREGION,
    "status": labels_answer.STATUS,
    "reason": labels_answer.REASON,
    "gap": labels_answer.GAP,
    "param": labels_corpus.PARAM,
    "unit": labels_corpus.UNIT,
    "source": labels_corpus.SOURCE,
    "language": labels_corpus.LANGUAGE,
    "curate": labels_pages.CURATE,
    "evaluate": labels_pages.EVALUATE,
    "measure": {**labels_pages.MEASURE, **labels_reasons.MEASURE_WARN},
    "insights": labels_pages.INSIGHTS,
    "need": taxonomy.NEEDS,
    "instrument": taxonomy.INSTRUMENTS,
    "condition": taxonomy.CONDITIONS,
    "evidence": taxonomy.EVIDENCE_LEVELS,
    "ui": labels_ui.UI,  # issue 15
    "sector": labels_sectors.SECTOR,
    "indicator": labels_indicators.INDICATOR,
    "failure": labels_reasons.FAILURE,  # why a file was not ingested (kb.errors.FailureKind)
    "viewer": labels_reasons.VIEWER,  # why a cited page cannot be shown (kb.errors.ViewWhy)
    "notice": labels_reasons.NOTICE,  # what part of an ingested file is not searchable
}


def lang_of(lang: str | None) -> str:
    """A supported interface language: the one asked for, else English."""
    return lang if lang in LANGS else "en"


def _entry(key: str) -> dict[str, str] | None:
    table, _, rest = key.partition(".")
    if rest and table in _TABLES:
        return _TABLES[table].get(rest)
    return _TABLES[""].get(key)


def t(key: str, lang: str | None, default: str | None = None, **values: object) -> str:
    """The label `key` in `lang`, formatted with `values`; English when that language lacks it.

    An unknown key raises KeyError, unless a `default` is given (e.g. the raw value itself for
    open-ended keys such as a document type that has no label).
    """
    entry = _entry(key)
    if entry is None:
        if default is None:
            raise KeyError(f"no label {key!r}")
        return default
    text = entry.get(lang_of(lang)) or entry["en"]
    return text.format(**values) if values else text


def worded(values: tuple[tuple[str, int | str], ...], lang: str | None) -> dict[str, str]:
    """A message's figures as the reader's language writes them: counts grouped 1,234 (en) or
    1.234 (es, pt); years, ids and names as they are."""
    sep = "." if lang_of(lang) in ("es", "pt") else ","
    return {k: f"{v:,}".replace(",", sep) if isinstance(v, int) else v for k, v in values}


def language_name(code: str, lang: str | None) -> str:
    """A document language as a filter lists it: Spanish, English and Portuguese by their own
    names; any other in `lang` ("Chino", "Alemán"); its code when kb has no name for it."""
    if code in LANG_NAMES:
        return LANG_NAMES[code]
    return t(f"language.{code}", lang).capitalize() if has(f"language.{code}") else code


def has(key: str) -> bool:
    return _entry(key) is not None


def label_keys() -> list[str]:
    """Every key `t()` knows, with its table prefix."""
    return [f"{name}.{k}" if name else k for name, table in _TABLES.items() for k in table]


def joined(items: Sequence[str], lang: str) -> str:
    """ "a, b and c" in the language asked for ("a, b y c", "a, b e c")."""
    if len(items) < 2:
        return "".join(items)
    return f"{', '.join(items[:-1])} {t('brief.and', lang)} {items[-1]}"
