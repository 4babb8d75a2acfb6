"""How much a passage reads like prose that can answer a question (a prior for ranking).

On a mixed collection, one shared word lifted a 7-word link stub, tables of contents,
bibliographies and alias lists above the passages that answer (issue 13). None of these is
wrong to index (a title or an alias helps matching), but none is an answer. `quality` scores
the shape of the text only — length, share of words, reference and contents patterns, list
punctuation — never its file name or source, and `prior` turns it into a multiplier that
only lowers a score, so a substantive passage is never pushed down by it.
"""

from __future__ import annotations

import re

from kb.ingest.script import DOT_LEADER, text_words, wordlike_pattern

FULL_WORDS = 40  # passages this long or longer are not penalised for length (Chinese, Japanese
# and Thai counted by characters: a 200-character Chinese paragraph is prose, not a stub)
_TOKEN = re.compile(r"\S+")
_TRAILING_PAGE = re.compile(r"(?m)^\s*\S.{2,80}?\s(\d{1,4})\s*$")
_REFERENCE = re.compile(
    r"\(\s*(?:19|20)\d{2}[a-z]?\s*\)|\bet al\b|\bpp?\.\s*\d|\bdoi\b|https?://|www\.|"
    r"\bvol\.\s*\d|\bn[oº°]\.\s*\d|\bretrieved\b|\bconsultado\b|\bacesso em\b",
    re.IGNORECASE,
)
# An author's initials before a co-author or the year: "Vicente, C.L. (2012)", "Arráiz, I. y"
_INITIALS = re.compile(r"\b[A-Z]\.(?:\s?[A-Z]\.)*(?=,|\s\(|\s(?:y|and|e|et|&)\s)")
# A contents note's item numbers ("I. Introducción", "B. Los fondos"); digits are left out,
# as numbered lessons in prose ("2. Paid services give …") are answers, not contents.
_ITEM_NUMBER = re.compile(r"(?<!\w)(?:[IVX]{1,5}|[A-H])\.\s(?=[A-ZÁÉÍÓÚÑ¿])")
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
# A section that holds a document's apparatus, named by its title in the languages kb reads: the
# text under it thanks, cites or describes the authors, and is never a card's snippet (a saved
# page's "Acknowledgement:" opened the card of the pilot it thanked partners for; a note's
# "Sources" list opened another's). Numbering and a colon may go with it.
_BACK_MATTER = re.compile(
    r"(?:[\dIVX]+[.)]?\s+)?(?:sources?|fuentes?|fontes?|references?|refer[eê]ncias?|"
    r"referencias(?: bibliogr[aá]ficas)?|refer[eê]ncias bibliogr[aá]ficas|bibliograf[ií]as?|"
    r"bibliography|works cited|obras citadas|acknowledge?ments?|agradecimientos?|agradecimentos?|"
    r"(?:end)?notes|notas|further reading|about the authors?|sobre (?:el|la|los|las|o|a|os|as) "
    r"autor(?:es|as|a)?|acerca de (?:el|la|los|las) autor(?:es|as|a)?|credits|cr[eé]ditos)\s*:?",
    re.IGNORECASE,
)


def quality(text: str) -> float:
    """0 (link stub, contents page, reference list) … 1 (ordinary prose)."""
    return min(1.0, text_words(text) / FULL_WORDS) * shape(text)


def shape(text: str, apparatus: bool = False) -> float:
    """`quality` without the length term: how much the text reads like prose, however short
    (a two-sentence "no evaluation is known" section is prose; a reference list is not).

    `apparatus` also counts authors' initials ("Vicente, C.L. (2012)") as reference marks and
    a catalogue's contents note (".--", "I.", "B.") as list items. It decides only what a card
    shows under its answer: the ranking prior with these marks was part of a change that
    lowered held-out hits (docs/evaluation.md), so `quality` leaves them out.
    """
    tokens = _TOKEN.findall(text)
    if not tokens:
        return 0.0
    n = len(tokens)
    wordlike = wordlike_pattern()  # Hindi's "की" is a letter and a vowel sign: a word
    words = sum(1 for t in tokens if wordlike.search(t))
    score = _share_penalty(words / n, floor=0.5, full=0.7)
    score *= 1.0 - _density(len(DOT_LEADER.findall(text)), n, per=30)
    score *= 1.0 - 0.8 * _reference_share(text, n, apparatus)
    score *= 1.0 - 0.7 * _list_share(text, n, apparatus)
    lines = [ln for ln in text.splitlines() if ln.strip()]
    if len(lines) >= 4:
        numbered = len(_TRAILING_PAGE.findall(text)) / len(lines)
        score *= 1.0 - 0.8 * max(0.0, numbered - 0.4) / 0.6
    return max(0.0, min(1.0, score))


def back_matter(heading: object) -> bool:
    """Whether a passage's section title names a document's apparatus: sources, references,
    acknowledgements, notes, about the authors (`_BACK_MATTER`)."""
    return isinstance(heading, str) and _BACK_MATTER.fullmatch(heading.strip()) is not None


def prior(text: str, weight: float) -> float:
    """The multiplier a passage's score gets: 1 for prose, down to 1 - weight."""
    if weight <= 0:
        return 1.0
    return 1.0 - weight * (1.0 - quality(text))


def _share_penalty(share: float, floor: float, full: float) -> float:
    """1 at or above `full`, falling linearly to 0 at `floor`."""
    if share >= full:
        return 1.0
    return max(0.0, (share - floor) / (full - floor))


def _density(count: int, n_tokens: int, per: int) -> float:
    """0 … 1: how many of a pattern there are per `per` tokens, capped at one."""
    return min(1.0, count * per / max(n_tokens, 1) / 3)


def _reference_share(text: str, n_tokens: int, apparatus: bool) -> float:
    """Citation markers and years per token, scaled so a reference list reaches 1."""
    marks = len(_REFERENCE.findall(text)) + 0.5 * len(_YEAR.findall(text))
    marks += len(_INITIALS.findall(text)) if apparatus else 0
    return min(1.0, max(0.0, marks / max(n_tokens, 1) * 12 - 0.25))


def _list_share(text: str, n_tokens: int, apparatus: bool) -> float:
    """Separators per token: an alias list or a contents note reads as a list, not prose."""
    separators = text.count(";") + text.count("•") + text.count("|")
    if apparatus:  # ".--" separates a library catalogue's contents items (ISBD)
        separators += text.count(".--") + len(_ITEM_NUMBER.findall(text))
    return min(1.0, max(0.0, separators / max(n_tokens, 1) * 6 - 0.3))
