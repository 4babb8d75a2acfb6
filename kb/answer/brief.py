"""A brief for a meeting: the profile, the programs, a comparison table, lessons, quotes, sources.

`build_brief` assembles a `Brief` (plain data, nothing formatted yet) either from a profile's
recommendations or from a selection of programs; `kb.answer.brief_files` turns it into DOCX,
Markdown or PDF. Headings, labels and the programs' own texts (lessons, passages, parameters)
are in the user's language (English, Spanish or Portuguese) when the case study has that
version, else in its original language; each program says which (`BriefProgram.language`).
Sources are readable references (who, year, title, URL/DOI when verified), never internal ids.
"""

from __future__ import annotations

import dataclasses
import re
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from kb.answer.card_passages import in_language
from kb.answer.compare import MAX_PROGRAMS, compare, fields_table, plain, section, shorten
from kb.answer.facts import language_note, parameter_rows, references
from kb.answer.profile import Profile
from kb.answer.reasons import country_name, income_name, region_name
from kb.answer.recommend import RecommendationSet, transferability
from kb.answer.search import Searcher
from kb.errors import UnknownIdError, UsageError
from kb.ingest.programs import SECTION_ROLES, SECTIONS, Program
from kb.store.links import Citation, program_links
from kb.vocab.labels import joined, lang_of, t

QUOTED = ("evidence", "how")  # the case study's sections a brief quotes


@dataclass(frozen=True)
class BriefProgram:
    program_id: str
    name: str
    country: str  # display name
    score: float | None
    reasons: tuple[str, ...]
    lessons: str
    conditions: tuple[tuple[str, str], ...]  # (condition label, status label), known ones
    passages: tuple[Citation, ...]
    sources: tuple[str, ...]  # readable references of the case study's sources
    language: str = ""  # which language its texts are in ("English, translated from Spanish")
    parameters: tuple[tuple[str, str], ...] = ()  # (parameter label, "value (year) — text")
    as_of: str = ""  # YYYY-MM: the month up to which its facts were checked
    unknown: tuple[str, ...] = ()  # labels of the conditions the profile did not answer


@dataclass(frozen=True)
class Brief:
    lang: str
    title: str
    note: str
    profile: tuple[tuple[str, str], ...]  # (label, value) lines; empty for a selection
    table: pd.DataFrame
    programs: tuple[BriefProgram, ...]
    own: tuple[str, ...] = ()  # names of the country's own programs, already in place
    sources: tuple[str, ...] = field(default_factory=tuple)
    date: str = ""  # YYYY-MM-DD, the day it was made (document metadata)


def profile_lines(
    profile: Profile, lang: str, needs_read: bool = False
) -> tuple[tuple[str, str], ...]:
    """The profile as the brief states it; needs kb read from the text are labelled so."""
    p = profile if profile.income_group else profile.filled()
    lines = [
        (t("field.country", lang), country_name(p.country, lang)),
        (t("col_income", lang), income_name(p.income_group, lang)),
        (t("col_region", lang), region_name(p.region, lang)),
    ]
    if p.needs:
        lines.append(
            (
                t("brief.needs_read" if needs_read else "p_needs", lang),
                ", ".join(t(f"need.{n}", lang, default=n) for n in p.needs),
            )
        )
    if p.text.strip():
        lines.append((t("brief.text", lang), p.text.strip()))
    if p.conditions:
        lines.append(
            (
                t("brief.conditions", lang),
                "; ".join(
                    f"{t(f'condition.{c}', lang, default=c)}: {t(f'answer.{a}', lang_of(lang))}"
                    for c, a in p.conditions.items()
                ),
            )
        )
    return tuple(lines)


def case_passages(
    searcher: Searcher, program_id: str, limit: int = 2, lang: str | None = None
) -> list[Citation]:
    """Passages of the case study's evidence and design sections (else its first passages) in
    `lang` (else in its original language), then passages of other documents naming it."""
    idx = searcher.index
    doc_id = next(
        (k for k, d in idx.docs.items() if d.program and d.program.id == program_id), None
    )
    out: list[Citation] = []
    if doc_id:
        doc = idx.docs[doc_id]
        columns = ["chunk_id", "text", "page_start", "heading", "seq", "kind", "language"]
        table = idx.chunk_table(columns, [doc_id])
        body = table[table["kind"] != "header"]
        keep = in_language(lambda x: body.at[x, "language"], list(body.index), lang, doc.language)
        rows = body.loc[keep]
        # the lessons are printed in full above the quotes: quote the evidence and the design
        firsts = [
            rows[rows["heading"] == names[SECTION_ROLES.index(role)]].head(1)
            for role in QUOTED
            for names in SECTIONS.values()
        ]
        pick = pd.concat([f for f in firsts if len(f)] or [rows.head(limit)]).head(limit)
        out += [
            Citation.of(
                doc_id,
                doc,
                int(r.page_start),
                shorten(str(r.text), 400),
                str(r.chunk_id),
                r.heading,
            )
            for r in pick.itertuples()
        ]
    seen: set[str] = set()
    for cit in program_links(idx).get(program_id, []):
        if cit.doc_id not in seen and len(seen) < 2:
            seen.add(cit.doc_id)
            out.append(cit)
    return out


def _brief_program(
    p: Program,
    lang: str,
    score: float | None,
    reasons: Sequence[str],
    transfer: Sequence[dict[str, str]],
    passages: Sequence[Citation],
) -> BriefProgram:
    def label(x: Mapping[str, str]) -> str:
        return t(f"condition.{x['condition']}", lang, default=x["condition"])

    conds = tuple(
        (label(x), t(f"status.{x['status']}", lang)) for x in transfer if x["status"] != "unknown"
    )
    # its own case study is cited by the name the reader sees, in the reader's language
    own = [
        dataclasses.replace(
            c,
            title=p.name_in(lang) if c.title == p.name else c.title,
            snippet=plain(c.snippet),  # no "5." of a list left inside a quote
        )
        for c in passages
    ]
    return BriefProgram(
        program_id=p.id,
        name=p.name_in(lang),
        country=country_name(p.meta.country, lang),
        score=score,
        reasons=tuple(reasons),
        lessons=shorten(section(p, "lessons", lang), 900),
        conditions=conds,
        unknown=tuple(label(x) for x in transfer if x["status"] == "unknown"),
        passages=tuple(own),
        sources=tuple(references(p, lang)),
        language=language_note(p, lang),
        parameters=tuple(parameter_rows(p, lang)),
        as_of=p.meta.as_of,
    )


def _cited_document(c: Citation) -> str:
    """A cited document by its title, with its web address when it has one (a handle, a
    saved page's original): a path inside someone's corpus folder means nothing to the reader."""
    return f"{c.title} ({c.url})" if c.url else c.title


def _sources(
    programs: Sequence[BriefProgram], table: Mapping[str, Program], lang: str
) -> tuple[str, ...]:
    """Per program: its case study, the case study's sources, the other documents quoted."""
    out: list[str] = []
    for bp in programs:
        checked = t("source.as_of", lang, as_of=bp.as_of)
        out.append(f"{bp.name} — {t('doc_type.program', lang)} kb ({checked})")
        out += list(bp.sources)
        case = table[bp.program_id]  # its passages are the case study itself
        own = {case.name, case.name_in(lang)}
        out += [_cited_document(c) for c in bp.passages if c.title not in own]
    return tuple(dict.fromkeys(out))


def build_brief(
    programs: Mapping[str, Program],
    *,
    recommendations: RecommendationSet | None = None,
    program_ids: Sequence[str] = (),
    searcher: Searcher | None = None,
    lang: str = "en",
    top: int = MAX_PROGRAMS,
    profile: Profile | None = None,
) -> Brief:
    """A brief from a profile's recommendations, or from a selection of program ids."""
    lang = lang_of(lang)
    if (recommendations is None) == (not program_ids):
        raise UsageError(
            "a brief needs either a profile's recommendations or program ids "
            "(--country/--need or --program), not both and not neither"
        )
    date = time.strftime("%Y-%m-%d", time.gmtime())
    if recommendations is not None:
        items = _recommended(recommendations, programs, lang, top)
        prof = recommendations.profile
        title = t("brief.title_profile", lang, country=country_name(prof.country, lang))
        read = recommendations.needs_read_used
        lines = (*profile_lines(prof, lang, read), *_direct(recommendations, top, lang))
        own = tuple(r.name for r in recommendations.own)
    else:
        items = _selected(program_ids, programs, lang, searcher, profile)
        title, own = selection_title([programs[pid] for pid in program_ids], lang), ()
        lines = profile_lines(profile, lang) if profile else ()
    ids = [b.program_id for b in items][:MAX_PROGRAMS]
    table = compare(ids, programs, lang) if len(ids) >= 2 else _single(ids, programs, lang)
    # The brief lists every source in full under its own heading: not again in a table cell.
    table = table.drop(index="sources")
    kind = "generated" if recommendations is not None else "generated_selection"
    note = t(f"brief.{kind}", lang, date=date)
    return Brief(
        lang=lang,
        title=title,
        note=note,
        profile=lines,
        table=table,
        programs=tuple(items),
        own=own,
        sources=_sources(items, programs, lang),
        date=date,
    )


def _direct(recs: RecommendationSet, top: int, lang: str) -> tuple[tuple[str, str], ...]:
    """For each need, how many of the brief's programs serve it directly and how many in the
    library do (the Recommend page's line above the list)."""
    shown = recs.recommendations[:top]
    counts = [
        t("brief.direct_need", lang, need=t(f"need.{n}", lang, default=n), total=total,
          listed=sum(n in r.direct_needs for r in shown))
        for n, (_, total) in recs.direct.items()
    ]  # fmt: skip
    return ((t("brief.direct", lang), "; ".join(counts)),) if counts else ()


def _recommended(
    recommendations: RecommendationSet, programs: Mapping[str, Program], lang: str, top: int
) -> list[BriefProgram]:
    """The profile's top recommendations, with their scores, reasons and citations."""
    return [
        _brief_program(
            programs[r.program_id], lang, r.score, r.reasons, r.transferability, r.citations
        )
        for r in recommendations.recommendations[:top]
        if r.program_id in programs
    ]


def _selected(
    program_ids: Sequence[str],
    programs: Mapping[str, Program],
    lang: str,
    searcher: Searcher | None,
    profile: Profile | None,
) -> list[BriefProgram]:
    """A chosen set of programs: conditions checked against the profile when there is one."""
    items = []
    answers = dict(profile.conditions) if profile else {}
    for pid in dict.fromkeys(program_ids):
        if pid not in programs:
            raise UnknownIdError("program", pid, sorted(programs))
        p = programs[pid]
        passages = case_passages(searcher, pid, lang=lang) if searcher else []
        items.append(
            _brief_program(p, lang, None, (), transferability(p.meta.conditions, answers), passages)
        )
    return items


_ACRONYM = re.compile(r"\(([A-Z][A-Za-z0-9\-]{1,11})\)")


def short_name(p: Program, lang: str) -> str:
    """The acronym a program goes by ("FOGAPE"), else its name in the reader's language
    without the parenthesis that describes it ("Korea's FTA utilisation support for SMEs",
    not "... (FTA support centres, FTA-PASS and customs origin consulting)")."""
    name = p.name_in(lang)
    found = _ACRONYM.search(name) or _ACRONYM.search(p.name)
    if found:
        return found.group(1)
    return name.split(" (", 1)[0].strip() or name


def selection_title(programs: Sequence[Program], lang: str) -> str:
    """ "FOGAPE, KODIT and FNG: programs compared" — a title that says what is inside."""
    names = list(dict.fromkeys(short_name(p, lang) for p in programs))
    if not names:
        return t("brief.title_selection", lang)
    return t("brief.title_named", lang, names=joined(names, lang))


def _single(ids: Sequence[str], programs: Mapping[str, Program], lang: str) -> pd.DataFrame:
    """The comparison table of zero or one program (compare itself wants two to five)."""
    return fields_table([programs[pid] for pid in ids], lang)
