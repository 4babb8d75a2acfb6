"""Language of a text: seeded langdetect, ISO 639-1 codes.

langdetect is random by default (it samples n-grams); `DetectorFactory.seed = 0`
makes the same text always give the same answer. Its factory is a module-level
global that loads profiles lazily, so detection runs under a lock.

langdetect costs 10-30 ms a passage (pure Python, seven random trials), more than the encoder
itself, so a large repository export spent most of its ingest detecting languages. A passage of
running Spanish, English or Portuguese text says its language in its function words ("los",
"the", "não"): when enough of them are present and one language clearly leads, that answer is
taken (well under a millisecond); anything else (short, mixed, other languages) goes to
langdetect as before.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import Counter, OrderedDict
from collections.abc import Iterable, Mapping
from functools import lru_cache

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException
from lingua import IsoCode639_1, Language, LanguageDetector, LanguageDetectorBuilder

from kb.ingest.program_schema import LANGUAGES  # the corpus's languages

DetectorFactory.seed = 0

# Below this many letters langdetect's guesses are close to noise.
MIN_LETTERS = 20
# A query under MIN_LETTERS is read by lingua when it holds this many letters and lingua gives
# its first language this share of the confidence (fixed before it was measured on
# corpus/eval/short_query_languages.tsv: 30 of 45 read, none wrongly; 3 of 12 names read).
SHORT_MIN_LETTERS = 4
SHORT_CONFIDENCE = 0.75
# Long texts are judged on windows from their start, middle and end, because a
# cover page or a bilingual preface can be in another language than the body.
WINDOW_CHARS = 2500
_CACHE_SIZE = 4096

# Function words found in one of the three corpus languages and rarely in the other two.
_MARKERS = {
    "es": frozenset(
        [
            "el",
            "los",
            "las",
            "del",
            "y",
            "una",
            "con",
            "su",
            "sus",
            "es",
            "al",
            "lo",
            "más",
            "pero",
            "fue",
            "estos",
            "también",
            "han",
            "ha",
            "sin",
            "hasta",
            "cuando",
            "muy",
        ]
    ),
    "en": frozenset(
        [
            "the",
            "and",
            "of",
            "to",
            "in",
            "is",
            "are",
            "for",
            "with",
            "that",
            "this",
            "by",
            "on",
            "be",
            "from",
            "which",
            "an",
            "its",
            "their",
            "has",
            "have",
            "was",
            "were",
            "it",
            "or",
            "at",
            "not",
            "these",
        ]
    ),
    "pt": frozenset(
        [
            "os",
            "das",
            "do",
            "da",
            "e",
            "um",
            "uma",
            "não",
            "com",
            "pelo",
            "pela",
            "pelos",
            "pelas",
            "seu",
            "sua",
            "seus",
            "suas",
            "também",
            "são",
            "foi",
            "mais",
            "ao",
            "aos",
            "nas",
            "nos",
        ]
    ),
}
QUICK_MIN_MARKERS = 8  # distinctive function words needed to decide without langdetect
QUICK_SHARE = 0.85  # share of them that must belong to one language
QUICK_DENSITY = 0.15  # and at least this share of all the words
# A whole document may hold a table of contents or a reference list: a lower density will do
# when its many function words agree.
DOCUMENT_DENSITY = 0.13
HELD_SHARE = 0.01  # of an index's passages, for a language a query may be read as
_TOKEN = re.compile(r"[^\W\d_]+", re.U)

_lock = threading.Lock()
_cache: OrderedDict[str, str | None] = OrderedDict()
_ALIASES = {"zh-cn": "zh", "zh-tw": "zh"}


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text` ('en', 'es', 'pt', ...), or None when too short to tell."""
    windows = _windows(text)
    if sum(ch.isalpha() for w in windows for ch in w) < MIN_LETTERS:
        return None
    quick = quick_language(text)
    if quick is not None:
        return quick
    key = hashlib.sha1("\x00".join(windows).encode("utf-8", "surrogatepass")).hexdigest()
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
        code = _vote(windows)
        _cache[key] = code
        if len(_cache) > _CACHE_SIZE:
            _cache.popitem(last=False)
    return code


def query_language(text: str, languages: Iterable[str]) -> str | None:
    """ISO 639-1 code of a query, chosen among `languages` (those of the passages it is
    compared with; codes lingua does not know are left out), or None when too short to tell.

    A query of a few words ("capital de giro", "soft loans") is read only when lingua is sure
    (SHORT_CONFIDENCE): program names and acronyms ("KOTRA", "CORFO") mostly stay unread."""
    letters = sum(ch.isalpha() for ch in text)
    if letters < SHORT_MIN_LETTERS:
        return None
    short = letters < MIN_LETTERS
    quick = None if short else quick_language(text)
    if quick is not None:
        return quick
    known = frozenset(code for code in languages if code in _LINGUA_CODES)
    if len(known) < 2:
        return next(iter(known), None) or (None if short else detect_language(text))
    with _lock:
        if short:
            values = _lingua(known).compute_language_confidence_values(text)
            sure = values and values[0].value >= SHORT_CONFIDENCE
            found = values[0].language if sure else None
        else:
            found = _lingua(known).detect_language_of(text)
    return found.iso_code_639_1.name.lower() if found is not None else None


def held_languages(counts: Mapping[str, int], share: float = HELD_SHARE) -> tuple[str, ...]:
    """The languages a query is read among: the corpus's, and any other holding `share` of an
    index's passages (`counts`: passages per language code); a few passages detected as
    Catalan or Tagalog are noise, not a language the collection is in."""
    least = share * sum(counts.values())
    held = sorted(code for code, n in counts.items() if n >= least and len(code) == 2)
    return tuple(dict.fromkeys([*LANGUAGES, *held]))


_LINGUA_CODES: dict[str, IsoCode639_1] = {
    lang.iso_code_639_1.name.lower(): lang.iso_code_639_1 for lang in Language.all()
}


@lru_cache(maxsize=4)
def _lingua(languages: frozenset[str]) -> LanguageDetector:
    """A detector for these languages (its models load on first use, about 15 MB each)."""
    codes = [_LINGUA_CODES[code] for code in sorted(languages)]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def passage_language(text: str, document: str | None) -> str | None:
    """The language of one passage of a document whose own language is `document`.

    `document` is document_language() of the whole document: when the document is clearly in one
    language, a passage too short or too plain to decide (a list of names, a table) takes it
    instead of a langdetect call; in a mixed or unclear document every passage is detected.
    """
    return quick_language(text) or document or detect_language(text)


def document_language(text: str) -> str | None:
    """es, en or pt when a whole document is clearly in that one language, else None."""
    return quick_language(text, DOCUMENT_DENSITY)


def quick_language(text: str, density: float = QUICK_DENSITY) -> str | None:
    """es, en or pt when the text's distinctive function words clearly agree, else None."""
    counts: Counter[str] = Counter()
    words = _TOKEN.findall(" ".join(_windows(text)).lower())
    for word in words:
        for lang, markers in _MARKERS.items():
            if word in markers:
                counts[lang] += 1
    total = sum(counts.values())
    if total < QUICK_MIN_MARKERS:
        return None
    lang, top = counts.most_common(1)[0]
    # Running text of one language is about a quarter function words; far fewer means
    # names, tables or another language with a few borrowed words (decided by langdetect).
    clear = top >= QUICK_SHARE * total and top >= density * len(words)
    return lang if clear else None


def _windows(text: str) -> list[str]:
    if len(text) <= 3 * WINDOW_CHARS:
        return [text]
    mid = len(text) // 2 - WINDOW_CHARS // 2
    return [text[:WINDOW_CHARS], text[mid : mid + WINDOW_CHARS], text[-WINDOW_CHARS:]]


def _vote(windows: list[str]) -> str | None:
    """Sum of langdetect's probabilities over the windows; the most probable language wins."""
    scores: Counter[str] = Counter()
    for window in windows:
        try:
            for guess in detect_langs(window):
                scores[_ALIASES.get(guess.lang, guess.lang)] += guess.prob
        except LangDetectException:
            continue
    return scores.most_common(1)[0][0] if scores else None
