"""DSpace CSV export → one Document per repository record (title, abstract, contents).

Multi-valued fields in these exports hold either one value or a Python-list
literal ("['CHILE', 'PERU']"); some DSpace versions join values with '||'.
Both are read. A record without a title or an abstract is skipped and counted in every
Document's `metadata['dspace_skipped']` (the ingest report says so: kb.ingest.notices). An
export that went through a spreadsheet writer keeps its escapes: a carriage return written
"_x000D_" (31 of the 244 records of the ECLAC export, shown on cards as "… adaptación._x000D_
_x000D_ La Plataforma …") is read as the character it stands for.
"""

from __future__ import annotations

import ast
import dataclasses
import io
import re
from pathlib import Path
from typing import Any

import pandas as pd
import pycountry

from kb.errors import ParseError
from kb.ingest.lang import detect_language
from kb.ingest.parse.common import to_iso3, year_from
from kb.records import Block, Document, Page, content_id

TITLE, ABSTRACT, TOC = "dc.title", "dc.description.abstract", "dc.description.tableOfContents"
URI, LANG, ISSUED = "dc.identifier.uri", "dc.language.iso", "dc.date.issued"
SPATIAL = "dc.coverage.spatialEng"
# Kept in metadata (name in kb -> DSpace column)
_KEEP = {
    "authors": "dc.contributor.author",
    "series": "dc.relation.isPartOfSeries",
    "subjects": "dc.subject.unbisEng",
    "topics": "cepal.topicEng",
    "publisher": "dc.publisher",
    "division": "cepal.divisionEng",
    "coverage": SPATIAL,
    "symbol": "dc.identifier.unSymbol",
}
_LISTS = {"authors", "series", "subjects", "topics", "coverage"}
# OOXML's escape of a character a spreadsheet cell cannot hold as is ("_x000D_"); "_x005F_" is an
# underscore, so "_x005F_x000D_" is the literal text "_x000D_"
_OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def parse(path: Path, data: bytes) -> list[Document]:
    frame = _read(path, data)
    docs: list[Document] = []
    skipped = 0
    for row in frame.to_dict("records"):
        doc = row_document(path, row)
        if doc is None:
            skipped += 1
        else:
            docs.append(doc)
    if not docs:
        raise ParseError(str(path), "no record has both a title and an abstract")
    counts = {"dspace_rows": len(frame), "dspace_skipped": skipped}
    return [dataclasses.replace(d, metadata={**d.metadata, **counts}) for d in docs]


def _read(path: Path, data: bytes) -> pd.DataFrame:
    try:
        frame = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False)
    except (ValueError, pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise ParseError(str(path), f"unreadable CSV: {str(exc).splitlines()[0][:160]}") from exc
    if TITLE not in frame.columns:
        raise ParseError(
            str(path),
            "CSV without a 'dc.title' column: kb reads only DSpace metadata exports "
            "(Dublin Core columns such as dc.title, dc.description.abstract)",
        )
    return frame.map(unescape_ooxml)


def unescape_ooxml(cell: str) -> str:
    """A cell with OOXML's "_xHHHH_" escapes read as the characters they stand for."""
    return _OOXML_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), cell)


def row_document(path: Path, row: dict[str, Any]) -> Document | None:
    """The Document of one record, or None when it has no title or no abstract."""
    title = " ".join(str(row.get(TITLE, "")).split())
    abstract = " ".join(str(row.get(ABSTRACT, "")).split())
    if not title or not abstract:
        return None
    blocks = [Block(title, kind="heading", level=1), Block(abstract)]
    # Some cells hold a list (one record: the same contents note twice, shown as "['…', '…']")
    toc = " ".join(" ".join(v.split()) for v in dict.fromkeys(values(row.get(TOC))))
    if toc:
        # what the record holds, not what it says: matched by search, never a card's snippet
        blocks.append(Block(toc, kind="header"))
    uri = str(row.get(URI, "")).strip()
    countries, _ = to_iso3(values(row.get(SPATIAL)))
    meta: dict[str, Any] = {}
    for key, col in _KEEP.items():
        found = values(row.get(col))
        if found:
            meta[key] = found if key in _LISTS or len(found) > 1 else found[0]
    return Document(
        doc_id=content_id(f"{uri}\n{title}"),
        title=title,
        source=uri or f"{path}#{title[:60]}",
        pages=(Page(number=1, blocks=tuple(blocks)),),
        doc_type="repository-record",
        language=_language(str(row.get(LANG, "")), f"{title}\n{abstract}"),
        year=year_from(row.get(ISSUED) or row.get("dc.year")),
        countries=countries,
        metadata=meta,
    )


def values(raw: object) -> list[str]:
    """A multi-valued DSpace cell as a list of strings."""
    text = str(raw or "").strip()
    if not text:
        return []
    if text.startswith("[") and text.endswith("]"):
        try:
            parsed = ast.literal_eval(text)  # literals only: safe on untrusted text
        except (ValueError, SyntaxError):
            parsed = None
        if isinstance(parsed, list):
            return [str(v).strip() for v in parsed if str(v).strip()]
    return [v.strip() for v in text.split("||") if v.strip()]


def _language(code: str, text: str) -> str | None:
    """ISO 639-1 from the record's ISO 639-2 code ('spa' -> 'es'); detection when unknown."""
    code = code.strip().lower()
    if len(code) == 2 or (len(code) == 5 and code[2] in "-_"):  # 'es', 'es_ES', 'en-US'
        return code[:2]
    lang = pycountry.languages.get(alpha_3=code) if len(code) == 3 else None
    short = getattr(lang, "alpha_2", None)
    return short or detect_language(text)
