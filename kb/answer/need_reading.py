"""The needs a profile's free text names, read by the encoder when the profile names none.

A policymaker who only describes the problem ("our firms get no credit, and exporting takes
weeks of paperwork") gave kb no needs, so the taxonomy component was 0 for every program and
the instruments that serve the problem most directly counted for nothing. Here each part of the
text (each sentence, and the whole) is compared with each need's label and the problem
it names (`NEED_PROBLEMS`, in English and Spanish; labels also in Portuguese) by cosine, which
works across languages. A need is read when its best part reaches the floors
(`Settings.need_read_floors`); further needs must also come close to the first.

The needs read are suggested (the CLI names the `--need` options, the app has a button that
puts them in the form): ranking with them is off by default (`read_needs`), because on the
held-out profiles told in words only it did not list better programs than the text alone
(docs/evaluation-log.md, "Needs read from the text"). When on, each read need is searched with
`READ_WEIGHT` against the free text's 1, so the user's own words still lead the text search.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from kb.answer.profile import Profile
from kb.ingest.embed import Encoder
from kb.ingest.script import split_unspaced, text_words
from kb.settings import Settings
from kb.vocab import taxonomy
from kb.vocab.labels import t
from kb.vocab.problems import NEED_PROBLEMS

MAX_READ = 3  # chosen with the floors on the development profiles (they name one to four)
NEAR_FIRST = 0.8  # a further need's similarity as a share of the first need's
READ_WEIGHT = 0.25  # a read need's weight in the text search, against the free text's 1
MIN_PART_WORDS = 3  # shorter parts ("y luego") match anything a little
MAX_PARTS = 40  # a profile's text is a paragraph; a pasted report is read from its start
_SENTENCE = re.compile(r"(?<=[.!?;。！？])\s+")
_need_vectors: dict[str, tuple[list[str], np.ndarray]] = {}
_lock = threading.Lock()


@dataclass(frozen=True)
class NeedRead:
    """A need read from the text, how close its best part came, and that part."""

    need: str
    similarity: float
    part: str

    def to_json(self) -> dict[str, object]:
        return {"need": self.need, "similarity": round(self.similarity, 4), "part": self.part}


def text_parts(text: str) -> list[str]:
    """The text's sentences and the whole, each once, of a few words or more.

    Not clauses: on the development profiles, clauses cut from lists ("pricing for export")
    read needs the text did not name (precision 0.82 against 0.94 with sentences)."""
    flat = " ".join(text.split())
    sentences = split_unspaced(_SENTENCE.split(flat))
    parts = [p.strip() for p in sentences if text_words(p) >= MIN_PART_WORDS][:MAX_PARTS]
    return list(dict.fromkeys([*parts, flat])) if flat else []


def _need_texts() -> list[tuple[str, str]]:
    """(need, text): each need's label with its problem, in each language either is written in."""
    out = []
    for need in taxonomy.NEEDS:
        for lang in ("en", "es", "pt"):
            label = t(f"need.{need}", lang, default=need)
            out.append((need, f"{label}. {NEED_PROBLEMS.get(need, {}).get(lang, '')}".strip()))
    return out


def _vectors(encoder: Encoder) -> tuple[list[str], np.ndarray]:
    """The needs' texts' vectors for this encoder (encoded once per process)."""
    with _lock:
        if encoder.name not in _need_vectors:
            pairs = _need_texts()
            _need_vectors[encoder.name] = (
                [n for n, _ in pairs],
                encoder.encode([x for _, x in pairs]),
            )
        return _need_vectors[encoder.name]


def similarities(text: str, encoder: Encoder) -> list[NeedRead]:
    """Every need with its best part's cosine, closest first."""
    parts = text_parts(text)
    if not parts:
        return []
    needs, need_vecs = _vectors(encoder)
    sims = np.asarray(encoder.encode(parts)) @ np.asarray(need_vecs).T  # parts x need texts
    best: dict[str, NeedRead] = {}
    for j, need in enumerate(needs):
        i = int(np.argmax(sims[:, j]))
        if need not in best or sims[i, j] > best[need].similarity:
            best[need] = NeedRead(need, float(sims[i, j]), parts[i])
    return sorted(best.values(), key=lambda r: (-r.similarity, r.need))


def choose(ranked: Sequence[NeedRead], floors: Sequence[float]) -> tuple[NeedRead, ...]:
    """The first need if it reaches the first floor; further ones (up to MAX_READ) that reach
    the second floor and NEAR_FIRST of the first."""
    first_floor = floors[0] if floors else 0.0
    more_floor = floors[1] if len(floors) > 1 else first_floor
    if not ranked or ranked[0].similarity < first_floor:
        return ()
    top = ranked[0].similarity
    more = [
        r
        for r in ranked[1:MAX_READ]
        if r.similarity >= more_floor and r.similarity >= NEAR_FIRST * top
    ]
    return (ranked[0], *more)


def read_needs(text: str, encoder: Encoder, settings: Settings) -> tuple[NeedRead, ...]:
    """The needs `text` names (none for an empty or unrelated text)."""
    return choose(similarities(text, encoder), settings.need_read_floors)


def with_needs_read(
    profile: Profile, encoder: Encoder, settings: Settings
) -> tuple[Profile, tuple[NeedRead, ...]]:
    """The needs a profile's text names when the profile names none (else none), and the
    profile to rank with: with those needs when `read_needs` is on, else as given (the needs
    are then only suggested)."""
    if profile.needs or not profile.text.strip():
        return profile, ()
    read = read_needs(profile.text, encoder, settings)
    if not read or not settings.read_needs:
        return profile, read
    return profile.model_copy(update={"needs": {r.need: READ_WEIGHT for r in read}}), read
