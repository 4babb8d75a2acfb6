"""A search hit's record, read from its passage row and document (kb.records.Hit)."""

from __future__ import annotations

from typing import Any

from kb.answer.places import places_named
from kb.records import Hit
from kb.store.base import IndexView


def hit_of(
    index: IndexView, row: int, rank: int, score: float, parts: dict[str, float] | None = None
) -> Hit:
    """The hit record of one passage row (its card's snippet and passages are set after)."""
    c = index.chunk(row)
    d = index.docs[c["doc_id"]]
    prog = d.program
    return Hit(
        rank=rank,
        score=score,
        chunk_id=c["chunk_id"],
        doc_id=c["doc_id"],
        title=d.title,
        page=int(c["page_start"]),
        page_end=int(c["page_end"]),
        language=_text_or_none(c["language"]) or d.language,
        text=c["text"],
        snippet="",
        source=d.source,
        heading=_text_or_none(c["heading"]),
        page_label=_text_or_none(c["page_label"]),
        doc_type=d.doc_type,
        year=d.year,
        countries=d.countries,
        kind=c["kind"],
        ocr=bool(c["ocr"]),
        ocr_confidence=_confidence(c["ocr_confidence"]),
        program_id=prog.id if prog else None,
        program_name=prog.name if prog else None,
        country=prog.country if prog else None,
        region=prog.region if prog else None,
        instruments=prog.instruments if prog else (),
        needs=prog.needs if prog else (),
        evidence=prog.evidence if prog else None,
        status=prog.status if prog else None,
        end_year=prog.end_year if prog else None,
        scores=parts or {},
        url=d.url,
    )


def _confidence(value: object) -> float | None:
    """A stored OCR confidence; None (or NaN, in a column pandas filled) when not a scan."""
    if value is None:
        return None
    number = float(value)  # type: ignore[arg-type]
    return None if number != number else number


def _text_or_none(value: Any) -> str | None:
    """Parquet gives NaN for a missing string; callers expect None."""
    return value if isinstance(value, str) and value else None


def answer_object(query: str, hits: list[Hit], also: list[str]) -> dict[str, Any]:
    """One query's whole answer as one JSON-ready object (`kb search --json-object`, a
    `--from-file` line, the app's download): `no_good_match` is a field, not an empty list;
    `places_named`, the places the query names (kb/answer/places.py)."""
    return {
        "query": query,
        "hits": [h.to_json() for h in hits],
        "no_good_match": not any(h.good_match for h in hits),
        "also_searched_as": also,
        "places_named": places_named(query).to_json(),
    }
