"""What the loaded library covers, counted from the index and the case studies (never typed in).

The Search page's landing text reads it: how many programs, countries, documents and languages,
up to when the case studies' facts were checked, and when the index was built.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass

from kb.ingest.programs import Program
from kb.records import DocRecord
from kb.vocab import countries


@dataclass(frozen=True)
class Coverage:
    programs: int  # case studies (distinct program ids)
    countries: int  # distinct countries (ISO3) any document is about
    documents: int  # every indexed document, case studies included
    languages: tuple[str, ...]  # languages the documents can be read in, sorted
    facts_as_of: str  # latest `as_of` (YYYY-MM) of the case studies; "" if none
    built: str  # the index's build date (YYYY-MM-DD)


def coverage(
    docs: Mapping[str, DocRecord], programs: Mapping[str, Program], created: float
) -> Coverage:
    """Counts over the index's documents and the case studies; `created` is the index's time."""
    program_ids = {d.program.id for d in docs.values() if d.program is not None}
    indexed = [programs[pid] for pid in program_ids if pid in programs]
    codes = {c for d in docs.values() for c in d.countries if countries.is_country(c)}
    codes.update(p.meta.country for p in indexed if countries.is_country(p.meta.country))
    langs = {d.language for d in docs.values() if d.language}
    for p in indexed:  # a case study reads in its original and each translation
        langs.update(p.languages)
    as_of = max((p.meta.as_of for p in indexed if p.meta.as_of), default="")
    return Coverage(
        programs=len(program_ids),
        countries=len(codes),
        documents=len(docs),
        languages=tuple(sorted(langs)),
        facts_as_of=str(as_of),
        built=time.strftime("%Y-%m-%d", time.gmtime(created)),
    )
