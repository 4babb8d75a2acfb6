"""Search filters: what they restrict, over a table of documents (file store) or in SQL (Postgres).

Both stores read the same fields of a `DocRecord` (`filter_fields`), so a filter means the same
on either: countries include a case study's own country, instruments and needs fall back to a
policy note's topics, a missing year passes no year bound, and a language matches a document
written in it or a case study with a version in it (every case study is indexed in es, en and
pt; matching only the original's language hid five in six of them from a Portuguese filter).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pandas as pd

from kb.records import DocRecord

FILTER_COLUMNS = [
    "doc_id",
    "countries",
    "regions",
    "language",
    "languages",
    "doc_type",
    "year",
    "instruments",
    "needs",
    "evidence",
    "program_id",
    "status",
]


@dataclass(frozen=True)
class Filters:
    """Restrictions on what may be returned; empty fields restrict nothing."""

    countries: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    doc_types: tuple[str, ...] = ()
    year_from: int | None = None
    year_to: int | None = None
    instruments: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    evidence: tuple[str, ...] = ()
    program_ids: tuple[str, ...] = ()
    doc_ids: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # a case study's status: active | closed | unknown

    def active(self) -> bool:
        return any(v not in ((), None) for v in self.__dict__.values())


def own_region(d: DocRecord) -> tuple[str, ...]:
    """A program's region when its document's countries do not already give it."""
    region = d.program.region if d.program else None
    return (region,) if region and region not in d.regions else ()


def available_languages(d: DocRecord) -> tuple[str, ...]:
    """The languages a reader finds the document in: its own, and a case study's versions."""
    versions = tuple(d.program.names) if d.program else ()
    return tuple(dict.fromkeys(x for x in (d.language, *versions) if x))


def filter_fields(doc_id: str, d: DocRecord) -> dict[str, Any]:
    """The fields filters look at, for one document."""
    prog = d.program
    return {
        "doc_id": doc_id,
        "countries": d.countries + ((prog.country,) if prog else ()),
        # A regional program (an IDB or ADB facility) has no country, so its region is only
        # its own: without it, a region filter would hide every regional program.
        "regions": d.regions + own_region(d),
        "language": d.language,
        "languages": available_languages(d),
        "doc_type": d.doc_type,
        "year": d.year,
        "instruments": (prog.instruments if prog else ()) or d.topics,
        "needs": (prog.needs if prog else ()) or d.topics,
        "evidence": prog.evidence if prog else None,
        "program_id": prog.id if prog else None,
        "status": prog.status if prog else None,
    }


def doc_table(docs: Mapping[str, DocRecord]) -> pd.DataFrame:
    """One row per document with the fields filters look at."""
    rows = [filter_fields(doc_id, d) for doc_id, d in docs.items()]
    return pd.DataFrame(rows, columns=FILTER_COLUMNS)


def _any_in(series: pd.Series, wanted: Iterable[str]) -> pd.Series:
    want = set(wanted)
    return series.map(lambda vals: bool(want.intersection(vals or ())))


def allowed_docs(table: pd.DataFrame, f: Filters) -> set[str]:
    m = pd.Series(True, index=table.index)
    if f.countries:
        m &= _any_in(table["countries"], f.countries)
    if f.regions:
        m &= _any_in(table["regions"], f.regions)
    if f.languages:
        m &= _any_in(table["languages"], f.languages)
    if f.doc_types:
        m &= table["doc_type"].isin(f.doc_types)
    if f.year_from is not None:
        m &= table["year"].fillna(-1).astype(int) >= f.year_from
    if f.year_to is not None:
        m &= table["year"].fillna(10**6).astype(int) <= f.year_to
    if f.instruments:
        m &= _any_in(table["instruments"], f.instruments)
    if f.needs:
        m &= _any_in(table["needs"], f.needs)
    if f.evidence:
        m &= table["evidence"].isin(f.evidence)
    if f.program_ids:
        m &= table["program_id"].isin(f.program_ids)
    if f.doc_ids:
        m &= table["doc_id"].isin(f.doc_ids)
    if f.statuses:
        m &= table["status"].isin(f.statuses)
    return set(table.loc[m, "doc_id"])


# Filter field -> (SQL condition on kb_document's columns, how the value is passed).
_SQL: dict[str, str] = {
    "countries": "countries && %s::text[]",
    "regions": "(regions || coalesce(record->'program'->>'region', '')) && %s::text[]",
    # a case study's versions are the keys of its stored names (`available_languages`)
    "languages": "(ARRAY[language] || ARRAY(SELECT jsonb_object_keys(coalesce("
    "record->'program'->'names', '{}'::jsonb)))) && %s::text[]",
    "doc_types": "doc_type = ANY(%s::text[])",
    "year_from": "coalesce(year, -1) >= %s",
    "year_to": "coalesce(year, 1000000) <= %s",
    "instruments": "instruments && %s::text[]",
    "needs": "needs && %s::text[]",
    "evidence": "evidence = ANY(%s::text[])",
    "program_ids": "program_id = ANY(%s::text[])",
    "doc_ids": "doc_id = ANY(%s::text[])",
    # Read from the stored record, so indexes written before this filter need no new column.
    "statuses": "record->'program'->>'status' = ANY(%s::text[])",
}


def filter_sql(f: Filters) -> tuple[str, list[Any]]:
    """The filters as one SQL condition over kb_document (Postgres store) and its parameters."""
    conds: list[str] = []
    params: list[Any] = []
    for name, cond in _SQL.items():
        value = getattr(f, name)
        if value in ((), None):
            continue
        conds.append(cond)
        params.append(list(value) if isinstance(value, tuple) else value)
    return (" AND ".join(conds) or "TRUE"), params
