"""Profile -> ranked programs to learn from, each with reasons, transferability and citations.

The score of a program p for a profile combines four components, each in [0, 1]:

    answers = w_text * text + w_taxonomy * taxonomy
    score = answers + answers / (w_text + w_taxonomy) * (w_context * context + w_evidence * ev)

(ev: evidence; weights are settings, defaults 0.35 / 0.35 / 0.15 / 0.15; `fit.combined`).

- text: one hybrid search (dense + BM25, the index's fusion setting) per need, querying its
  label and the problem it names (`taxonomy.NEED_PROBLEMS`) in English and Spanish, plus one
  for the profile's free text, over the passages of case studies only. Each search is
  max-pooled per program (its best passage) and min-max normalised over the eligible programs,
  so the best program of each search gets 1 and the worst 0. The text component is the mean of
  the searches, each need weighted by its profile weight and the free text by 1.
- taxonomy: for each profile need n (weight w_n), a credit for listing n and for the tier
  (primary, secondary) of the program's instruments that serve n (`kb.answer.fit`);
  taxonomy = sum(w_n * credit_n) / sum(w_n). A profile without needs has taxonomy 0 for all.
- context: 0.5 * income + 0.25 * same region + 0.25 * same subregion, where income is 1 for the
  same World Bank income group, 0.5 for the neighbouring group (low < lower middle < upper middle
  < high) and 0 otherwise (also for multilateral programs). The size of the economy is not used:
  the country reference ships no GDP or population figures, and kb does not invent them.
- evidence: EVIDENCE_SCORE of the case study's evidence level (rigorous evaluation 1.0, ...).

A profile with free text and no needs gets the needs its text describes (`needs_read`,
`kb.answer.need_reading`): suggested, and ranked with only when `read_needs` is on.

Programs of `profile.regions` only, when given. Programs of the profile's own country go to
`own` ("already in place") and are left out of the ranking unless `include_own`. Diversity: going
down the ranked list, a program is skipped when its country already has
`max_per_country_instrument` programs of one of its instruments in the list. Asian practice: a
Latin American or Caribbean profile's list holds at least `asian_practice_min` Asian programs
that serve its needs when such programs score close enough (`kb.answer.fit`).
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kb.answer.card_passages import in_language
from kb.answer.compare import plain
from kb.answer.fit import (
    AsianRule,
    Candidate,
    direct_coverage,
    direct_needs,
    diversify,
    income_closeness,
    is_asian_practice,
    score_program,
    served_needs,
    with_asian_practice,
)
from kb.answer.need_reading import NeedRead, with_needs_read
from kb.answer.profile import Profile
from kb.answer.reasons import (
    asian_practice_reason,
    closed_reason,
    condition_reasons,
    context_reasons,
    evidence_reason,
    need_reasons,
)
from kb.answer.search import Filters, Searcher
from kb.answer.snippets import lexical_snippet
from kb.ingest.programs import Program, load_programs, program_files
from kb.records import ProgramInfo
from kb.settings import Settings
from kb.store.base import IndexView
from kb.store.links import Citation, program_links
from kb.vocab import countries
from kb.vocab.labels import lang_of, t
from kb.vocab.problems import NEED_PROBLEMS

CASE_PASSAGES, OTHER_PASSAGES = 2, 3
STATUS_OF_ANSWER = {"yes": "has", "no": "missing", "unknown": "unknown"}


@dataclass(frozen=True)
class Recommendation:
    """One program to learn from, with why, what it needs to work, and where it is said."""

    rank: int
    score: float
    program_id: str
    program_name: str
    country: str
    region: str | None
    instruments: tuple[str, ...]
    needs: tuple[str, ...]
    evidence: str
    components: dict[str, float]
    reasons: tuple[str, ...]
    transferability: tuple[dict[str, str], ...]
    citations: tuple[Citation, ...]
    asian_practice: bool = False  # an Asian program serving a LAC profile's needs (fit.py)
    asian_practice_needs: tuple[str, ...] = ()  # the profile's needs it is for (fit.served_needs)
    status: str | None = None  # active | closed | unknown; None: not known to the index
    end_year: int | None = None
    display_name: str = ""  # the name in the language asked for, when the case study has it
    direct_needs: tuple[str, ...] = ()  # the profile's needs it serves directly (fit.py)

    @property
    def name(self) -> str:
        """What to call the program in the language asked for (else its own name)."""
        return self.display_name or self.program_name

    def to_json(self) -> dict[str, Any]:
        return {
            "rank": self.rank,
            "score": round(self.score, 6),
            "program_id": self.program_id,
            "program_name": self.program_name,
            "display_name": self.name,
            "country": self.country,
            "region": self.region,
            "instruments": list(self.instruments),
            "needs": list(self.needs),
            "evidence": self.evidence,
            "components": {k: round(v, 6) for k, v in self.components.items()},
            "reasons": list(self.reasons),
            "transferability": [dict(x) for x in self.transferability],
            "citations": [c.to_json() for c in self.citations],
            "asian_practice": self.asian_practice,
            "asian_practice_needs": list(self.asian_practice_needs),
            "status": self.status,
            "end_year": self.end_year,
            "direct_needs": list(self.direct_needs),
        }


@dataclass(frozen=True)
class RecommendationSet:
    profile: Profile
    lang: str
    recommendations: list[Recommendation] = field(default_factory=list)
    own: list[Recommendation] = field(default_factory=list)
    # need -> (listed programs serving it directly, eligible ones in the library that do)
    direct: dict[str, tuple[int, int]] = field(default_factory=dict)
    needs_read: tuple[NeedRead, ...] = ()  # the needs read from the free text, when it named none
    needs_read_used: bool = False  # ranked with them (`read_needs`), or only suggested

    def to_json(self) -> dict[str, Any]:
        return {
            "profile": self.profile.model_dump(mode="json"),
            "lang": self.lang,
            "recommendations": [r.to_json() for r in self.recommendations],
            "own": [r.to_json() for r in self.own],
            "direct": {n: {"listed": a, "in_library": b} for n, (a, b) in self.direct.items()},
            "needs_read": [r.to_json() for r in self.needs_read],
            "needs_read_used": self.needs_read_used,
        }


# ---- components ---------------------------------------------------------------------------
def queries(profile: Profile) -> list[tuple[str, float]]:
    """(query, weight): each need as its label and problem (`need_query`), then the free text."""
    out = [(need_query(n), w) for n, w in profile.needs.items() if w > 0]
    if profile.text.strip():
        out.append((profile.text.strip(), 1.0))
    return out


def need_query(need: str) -> str:
    """The need's label and the problem it names, in English and Spanish."""
    problem = NEED_PROBLEMS.get(need, {})
    parts = [
        f"{t(f'need.{need}', lang, default=need)}. {problem.get(lang, '')}".strip()
        for lang in ("en", "es")
    ]
    return " ".join(parts)


def text_scores(
    searcher: Searcher, profile: Profile, doc_of: dict[str, str], lang: str | None = None
) -> tuple[dict[str, float], dict[str, list[int]]]:
    """Text component per program id, and each program's best passages (chunk rows).

    The passages are in `lang` when the case study has that version, else in its original."""
    index = searcher.index
    docs = tuple(doc_of.values())
    k = max(index.count_chunks(docs), 1)  # every passage: exact max-pooling
    pid_of = {d: p for p, d in doc_of.items()}
    acc, total_w = dict.fromkeys(doc_of, 0.0), 0.0
    best: dict[str, dict[int, float]] = {pid: {} for pid in doc_of}
    for query, weight in queries(profile):
        pooled: dict[str, float] = {}
        for row, score, _ in searcher.candidates(query, Filters(doc_ids=docs), k=k):
            pid = pid_of[searcher.doc_of(row)]
            pooled[pid] = max(pooled.get(pid, float("-inf")), score)
            best[pid][row] = max(best[pid].get(row, float("-inf")), score)
        if not pooled:
            continue
        lo, hi = min(pooled.values()), max(pooled.values())
        total_w += weight
        for pid, s in pooled.items():
            acc[pid] += weight * ((s - lo) / (hi - lo) if hi > lo else 1.0)
    text = {pid: (v / total_w if total_w else 0.0) for pid, v in acc.items()}
    rows = {
        pid: _best_quotable(index, r, (lang, index.docs[doc_of[pid]].language))
        for pid, r in best.items()
    }
    return text, rows


def _best_quotable(
    index: IndexView, scored: Mapping[int, float], langs: Sequence[str | None]
) -> list[int]:
    """The best-scored passages worth quoting, in the first of `langs` any is in; a passage's
    kind is read only until CASE_PASSAGES are found (a case study has hundreds)."""
    ranked = sorted(scored, key=lambda x: -scored[x])
    lang_of = dict(zip(ranked, index.languages(np.asarray(ranked)), strict=True))

    def quotable(row: int) -> bool:  # not the header (name, aliases, agency, country)
        return str(index.chunk(row)["kind"]) != "header"

    return in_language(lang_of.get, ranked, *langs, keep=quotable, limit=CASE_PASSAGES)


def transferability(
    conditions: Sequence[str], answers: Mapping[str, str]
) -> tuple[dict[str, str], ...]:
    """Each condition the program relied on: has / missing / unknown per the profile's answers."""
    return tuple(
        {"condition": c, "status": STATUS_OF_ANSWER[answers.get(c, "unknown")]} for c in conditions
    )


# ---- case studies -------------------------------------------------------------------------
_programs_cache: dict[str, tuple[tuple[tuple[str, float], ...], dict[str, Program]]] = {}


def programs_by_id(folder: Path) -> dict[str, Program]:
    """Case studies of a folder (with their translations) by id, re-read when a file changes."""
    stamp = (
        tuple((str(p), p.stat().st_mtime) for p in program_files(folder)) if folder.is_dir() else ()
    )
    cached = _programs_cache.get(os.fspath(folder))
    if cached and cached[0] == stamp:
        return cached[1]
    progs, _ = load_programs(folder) if stamp else ([], [])
    table = {p.id: p for p in progs}
    _programs_cache[os.fspath(folder)] = (stamp, table)
    return table


def _region_names(regions: Sequence[str]) -> set[str]:
    return {name for r in regions for name in (countries.region_names(r) or [r])}


def _eligible(profile: Profile, index: IndexView) -> dict[str, tuple[str, ProgramInfo]]:
    """Indexed case studies (program id -> doc id, program) of the profile's regions, if any."""
    wanted = _region_names(profile.regions)
    return {
        d.program.id: (doc_id, d.program)
        for doc_id, d in index.docs.items()
        if d.program is not None
        and (not wanted or d.program.region in wanted or d.program.country == profile.country)
    }


# ---- the public call ----------------------------------------------------------------------
def recommend(
    profile: Profile,
    searcher: Searcher,
    settings: Settings,
    top_k: int = 10,
    include_own: bool = False,
    lang: str = "en",
    programs: dict[str, Program] | None = None,
) -> RecommendationSet:
    """Rank the indexed case studies for a profile (formula in the module docstring)."""
    profile = profile if profile.income_group else profile.filled()
    profile, needs_read = with_needs_read(profile, searcher.encoder, settings)
    programs = (
        programs if programs is not None else programs_by_id(settings.corpus_dir / "programs")
    )
    eligible = _eligible(profile, searcher.index)
    doc_of = {pid: m[0] for pid, m in eligible.items()}
    text, rows = text_scores(searcher, profile, doc_of, lang_of(lang))
    scored = sorted(
        (
            score_program(profile, prog, text.get(pid, 0.0), settings)
            for pid, (_, prog) in eligible.items()
        ),
        key=lambda c: (-c.score, c.program.id),
    )
    own = [c for c in scored if c.program.country == profile.country]
    ranked = scored if include_own else [c for c in scored if c.program.country != profile.country]
    cap, rule = settings.max_per_country_instrument, AsianRule.of(settings)
    chosen = diversify(ranked, cap, top_k)
    chosen = with_asian_practice(
        chosen, ranked, profile.country, rule, cap, top_k, list(profile.needs)
    )

    def build(rank: int, cand: Candidate) -> Recommendation:
        pid = cand.program.id
        asian = is_asian_practice(profile.country, cand, rule, list(profile.needs))
        return _recommendation(
            rank, cand, profile, searcher, rows.get(pid, []), programs.get(pid), lang, asian
        )

    recs = [build(i + 1, c) for i, c in enumerate(chosen)]
    own_recs = [build(i + 1, c) for i, c in enumerate(own)]
    direct = direct_coverage(list(profile.needs), chosen, ranked)
    used = bool(needs_read) and settings.read_needs
    return RecommendationSet(profile, lang_of(lang), recs, own_recs, direct, needs_read, used)


def _recommendation(
    rank: int,
    cand: Candidate,
    profile: Profile,
    searcher: Searcher,
    rows: list[int],
    case: Program | None,
    lang: str,
    asian: bool = False,
) -> Recommendation:
    prog, parts = cand.program, cand.parts
    conditions = case.meta.conditions if case else ()
    transfer = transferability(conditions, dict(profile.conditions))
    reasons = need_reasons(list(profile.needs), prog.needs, prog.instruments, lang)
    served = served_needs(cand, list(profile.needs)) if asian else set()
    asian_for = tuple(n for n in profile.needs if n in served)
    if asian:
        reasons.append(asian_practice_reason(prog.country, lang, asian_for))
    if parts["text"] > 0:
        # Without free text the text component is the needs' problems (`need_query`).
        said = "reason.text" if profile.text.strip() else "reason.text_need"
        reasons.append(t(said, lang, score=parts["text"]))
    closeness = 0.0
    if countries.is_country(prog.country):
        closeness = income_closeness(profile.income_group, countries.get(prog.country).income_group)
    reasons += context_reasons(profile.country, prog.country, closeness, lang)
    reasons.append(evidence_reason(prog.evidence or "", lang))
    status, end_year = (
        (case.meta.status, case.meta.end_year) if case else (prog.status, prog.end_year)
    )
    if status == "closed":
        reasons.append(closed_reason(end_year, lang))
    reasons += condition_reasons(transfer, lang)
    name = case.name_in(lang) if case else prog.name
    return Recommendation(
        rank=rank,
        score=cand.score,
        program_id=prog.id,
        program_name=prog.name,
        display_name=name,
        country=prog.country,
        region=prog.region,
        instruments=prog.instruments,
        needs=prog.needs,
        evidence=prog.evidence or "",
        components=dict(parts),
        reasons=tuple(reasons),
        transferability=transfer,
        citations=citations(searcher, prog.id, rows, profile, name),
        asian_practice=asian,
        asian_practice_needs=asian_for,
        status=status,
        end_year=end_year,
        direct_needs=direct_needs(cand, list(profile.needs)),
    )


def citations(
    searcher: Searcher,
    program_id: str,
    rows: Sequence[int],
    profile: Profile | None = None,
    name: str | None = None,
) -> tuple[Citation, ...]:
    """The case study's best passages (cited under `name`, its name in the language asked
    for, when given), then passages of other documents naming the program."""
    idx = searcher.index
    query = " ".join(q for q, _ in queries(profile)) if profile else ""
    out = []
    for row in rows:
        c = idx.chunk(row)
        doc = idx.docs[c["doc_id"]]
        snippet = lexical_snippet(plain(c["text"]), query, searcher.settings.snippet_chars)
        cited = (c["doc_id"], doc, int(c["page_start"]), snippet, c["chunk_id"], c["heading"])
        out.append(Citation.of(*cited, title=name or ""))
    others = program_links(idx).get(program_id, [])
    seen_docs: set[str] = set()
    for cit in others:  # one passage per document first, so several documents get cited
        if cit.doc_id not in seen_docs and len(seen_docs) < OTHER_PASSAGES:
            seen_docs.add(cit.doc_id)
            out.append(cit)
    return tuple(out)
