"""Language of a text: seeded langdetect, ISO 639-1 codes.

langdetect is random by default (it samples n-grams); `DetectorFactory.seed = 0`
makes the same text always give the same answer. Its factory is a module-level
global that loads profiles lazily, so detection runs under a lock.
"""

from __future__ import annotations

import hashlib
import threading
from collections import Counter, OrderedDict

from langdetect import DetectorFactory, detect_langs
from langdetect.lang_detect_exception import LangDetectException

DetectorFactory.seed = 0

# Below this many letters langdetect's guesses are close to noise.
MIN_LETTERS = 20
# Long texts are judged on windows from their start, middle and end, because a
# cover page or a bilingual preface can be in another language than the body.
WINDOW_CHARS = 2500
_CACHE_SIZE = 4096

_lock = threading.Lock()
_cache: OrderedDict[str, str | None] = OrderedDict()
_ALIASES = {"zh-cn": "zh", "zh-tw": "zh"}


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of `text` ('en', 'es', 'pt', ...), or None when too short to tell."""
    windows = _windows(text)
    if sum(ch.isalpha() for w in windows for ch in w) < MIN_LETTERS:
        return None
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
