"""The part of a passage shown with a hit: the sentence that best answers the query.

The sentence is chosen by the encoder (cosine with the query), so a question in another
language than the passage still gets the sentence that answers it, not the one sharing most
words; shared words only break near-ties. Sentence vectors are cached by text, so passages
shown again cost nothing.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from kb.ingest.embed import Encoder
from kb.ingest.script import glue, last_boundary, split_unspaced, text_words, word_boundary
from kb.store.lexical import fold

_SENT = re.compile(r"(?<=[.!?;。！？])\s+")
_BOUNDARY = re.compile(r"(?<=[.!?;])\s+|(?<=[。！？])\s*")  # Chinese needs no space after a stop
_WORD = re.compile(r"\w{3,}")
_ANY_WORD = re.compile(r"\w+")
_ENDS_SENTENCE = re.compile(r"[.!?;。！？][\"'”’)\]]*$")
REPEAT_WORDS = 8  # a run this long shown twice on one card is one sentence shown twice
TITLE_SLACK = 2  # words a passage may add to its source's title and still be only the title
CUT_TITLE_SLACK = 10  # the same for a title cut short with "…"
MIN_SENTENCE_WORDS = 4
MAX_SENTENCES = 12  # per passage; a chunk holds about five
LEXICAL_TIE_BREAK = 0.02  # cosine a sentence gains per shared query word (ties only)


def sentences(text: str) -> list[str]:
    """The passage's sentences (short fragments joined to the sentence before)."""
    flat = " ".join(text.split())
    out: list[str] = []
    for part in split_unspaced(_SENT.split(flat)):
        if out and text_words(part) < MIN_SENTENCE_WORDS:
            joined = glue(out[-1], part)  # as `flat` has it: `window` finds sentences there
            out[-1] = joined if joined in flat else f"{out[-1]} {part}"
        else:
            out.append(part)
    return out[:MAX_SENTENCES] if out else [flat]


class SentenceVectors:
    """An LRU cache of sentence vectors for one encoder."""

    def __init__(self, encoder: Encoder, size: int = 20_000) -> None:
        self.encoder = encoder
        self.size = size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        keys = [hashlib.sha1(t.encode("utf-8", "surrogatepass")).hexdigest() for t in texts]
        with self._lock:
            missing = [i for i, k in enumerate(keys) if k not in self._cache]
        if missing:
            fresh = self.encoder.encode([texts[i] for i in dict.fromkeys(missing)])
            with self._lock:
                for i, vec in zip(dict.fromkeys(missing), fresh, strict=True):
                    self._cache[keys[i]] = np.asarray(vec, dtype=np.float32)
                while len(self._cache) > self.size:
                    self._cache.popitem(last=False)
        with self._lock:
            out = []
            for k in keys:
                self._cache.move_to_end(k)
                out.append(self._cache[k])
        return np.vstack(out) if out else np.zeros((0, 1), dtype=np.float32)


def best_sentences(
    texts: Sequence[str], query: str, qvec: np.ndarray, cache: SentenceVectors
) -> list[tuple[str, float]]:
    """For each passage, (the sentence its snippet starts at, its best sentence's cosine with
    the query). The passages are cards' in rank order: a card leads with its best sentence
    unless a card above already leads with one opening alike (`_key`: a series' credit line,
    a case study's template sentence in two sources), then with its best one not yet shown.
    The cosine is the best sentence's all the same: it is the card's evidence, and only what
    is shown changes."""
    split = [sentences(t) for t in texts]
    flat = [s for group in split for s in group]
    if not flat:
        return [("", 0.0) for _ in texts]
    vecs = cache.vectors(flat)
    norms = np.linalg.norm(vecs, axis=1) * (float(np.linalg.norm(qvec)) or 1.0)
    cos = (vecs @ qvec) / np.where(norms > 0, norms, 1.0)
    terms = {fold(w) for w in _WORD.findall(query)}
    out: list[tuple[str, float]] = []
    shown: set[tuple[str, ...]] = set()
    at = 0
    for group in split:
        sims = cos[at : at + len(group)]
        bonus = np.array([_shared(s, terms) for s in group]) * LEXICAL_TIE_BREAK
        order = np.argsort(-(sims + bonus), kind="stable")
        lead = next((int(i) for i in order if _key(group[i]) not in shown), int(order[0]))
        shown.add(_key(group[lead]))
        out.append((group[lead], float(sims[order[0]])))
        at += len(group)
    return out


def _key(sentence: str) -> tuple[str, ...]:
    """A sentence as the reader meets it: its first REPEAT_WORDS words, folded. A paragraph
    break the text lost glues a series' credit line to each blog's next sentence, so two
    shown sentences differ only after their opening."""
    return tuple(fold(w) for w in _ANY_WORD.findall(sentence)[:REPEAT_WORDS])


def window(text: str, sentence: str, width: int, mid: bool = False) -> str:
    """`width` characters of the passage starting at `sentence`, cut at word boundaries; `mid`:
    the passage is known to open inside a sentence (`carried_mid_sentence`)."""
    flat = " ".join(text.split())
    mid = mid or opens_mid_sentence(flat)
    pos = max(flat.find(sentence), 0)
    if len(flat) <= width:
        # The words a passage carries over from the sentence before ("pacote. Conectar…") are
        # shown only when they are the chosen sentence: a window starts at a sentence.
        boundary = _BOUNDARY.search(flat, 0, pos) if mid else None
        return ("… " if mid else "") + flat[boundary.end() if boundary else 0 :]
    start = max(0, min(pos, len(flat) - width))
    if start < pos:
        # Pulled back to fill the width: begin at a sentence, not inside the one before.
        boundary = _BOUNDARY.search(flat, start, pos)
        start = boundary.end() if boundary else pos
    if not word_boundary(flat, start):
        start = flat.find(" ", start) + 1 or start
    cut = flat[start : start + width]
    if start + width < len(flat):
        cut = cut[: last_boundary(cut)].rstrip() + " …"
    return ("… " if start or mid else "") + cut


def carried_mid_sentence(before: str, text: str) -> bool:
    """Whether `text` opens with the last words of `before` (the chunker's overlap) and those
    words begin inside a sentence: a carried run that starts with a capital ("Credit Insurance
    for Banks (ECIB) protects…", cut from "Export Credit Insurance…") looks like a sentence's
    start, so the text alone cannot tell."""
    a, b = before.split(), text.split()
    for k in range(min(len(a) - 1, len(b)), 0, -1):
        if a[-k:] == b[:k]:
            return not _ENDS_SENTENCE.search(a[-k - 1])
    return False


def opens_mid_sentence(text: str) -> bool:
    """True when a passage begins inside a sentence: it repeats the last words of the chunk
    before (the chunker's overlap), so the reader is told the sentence began earlier."""
    first = next((ch for ch in text if ch.isalpha()), "")
    return first.islower() and text.lstrip()[:1] not in "-•*("


def lexical_snippet(text: str, query: str, width: int, shown: str = "", mid: bool = False) -> str:
    """The window at the sentence sharing most query words (no encoder needed). With `shown`
    (what the card already shows), the best window that repeats none of it, when one exists:
    a source's second passage is often the next chunk, whose first words repeat the end of the
    chunk before (the chunker's overlap), and a card then showed one sentence twice."""
    group = sentences(text)
    terms = {fold(w) for w in _WORD.findall(query)}
    order = sorted(range(len(group)), key=lambda i: (-_shared(group[i], terms), i))
    first = window(text, group[order[0]], width, mid)
    seen = _runs(shown)
    if not seen or not _runs(first) & seen:
        return first
    fresh = (window(text, group[i], width, mid) for i in order[1:])
    found = next((w for w in fresh if not _runs(w) & seen), None)
    return found or _after_repeat(text, group, width, seen) or first


def _after_repeat(
    text: str, group: Sequence[str], width: int, seen: set[tuple[str, ...]]
) -> str | None:
    """The passage from its first sentence after which nothing repeats `seen`: a passage
    shorter than a snippet is one window, which holds the repeated words wherever it starts."""
    flat = " ".join(text.split())
    for sentence in group[1:]:
        pos = flat.find(sentence)
        rest = window(flat[pos:], sentence, width) if pos > 0 else ""
        if rest and not _runs(rest) & seen:
            return "… " + rest
    return None


def only_title(text: str, title: str) -> bool:
    """Whether a passage says nothing but its source's title: the same words, give or take
    TITLE_SLACK at the end. A title cut short with "…" lost its cut word and an unknown tail:
    a passage that starts with its other words and adds at most CUT_TITLE_SLACK is the whole
    title (a UNDP form's "Title" field under a page title cut at 80 characters)."""
    cut = title.rstrip().endswith(("…", "..."))
    words = [fold(w) for w in _ANY_WORD.findall(title)]
    if cut:
        words = words[:-1]
    own = [fold(w) for w in _ANY_WORD.findall(text)]
    n = min(len(words), len(own))
    if n == 0 or words[:n] != own[:n]:
        return False
    extra = len(own) - len(words)
    return -TITLE_SLACK <= extra <= (CUT_TITLE_SLACK if cut else TITLE_SLACK)


def repeats(snippet: str, shown: str) -> bool:
    """Whether `snippet` repeats a run of REPEAT_WORDS words of what is `shown`."""
    return bool(_runs(snippet) & _runs(shown))


def _runs(text: str) -> set[tuple[str, ...]]:
    """Every run of REPEAT_WORDS words (folded): two snippets sharing one repeat a sentence."""
    words = [fold(w) for w in _ANY_WORD.findall(text)]
    return {tuple(words[i : i + REPEAT_WORDS]) for i in range(len(words) - REPEAT_WORDS + 1)}


def _shared(sentence: str, terms: set[str]) -> int:
    return len({w for w in _WORD.findall(fold(sentence))} & terms)
