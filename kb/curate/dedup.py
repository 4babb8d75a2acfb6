"""Near-duplicate detection: MinHash over word shingles of a whole document.

A re-issued PDF or the same report saved as DOCX and as PDF extract to nearly the same words,
so their 3-word shingle sets overlap far more than two different reports do (Chinese, Japanese
and Thai, written without spaces, shingle 3 characters instead: kb.ingest.script.units). The
estimated Jaccard similarity of two 128-permutation MinHash signatures is the share of equal
slots.

A batch screens every new record against everything held, so comparing each new signature with
all stored ones made a large repository export quadratic (8k records: 42 s, 200k: hours).
`NearDuplicates` keeps the signatures in a MinHash LSH index (datasketch's `MinHashLSH`, banded
at the threshold) built once per batch: a new signature is compared only with the few LSH
candidates, and added to the index as it is screened, so a batch is linear in its size.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from kb.ingest.script import units

NUM_PERM = 128
SHINGLE_WORDS = 3
_SEED = 1
_WORD = re.compile(r"\w+", re.U)


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    found = _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))
    return [u for w in found for u in units(w)]


def shingles(text: str, n: int = SHINGLE_WORDS) -> set[str]:
    words = _words(text)
    if len(words) < n:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + n]) for i in range(len(words) - n + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature of a text (uint32, NUM_PERM slots)."""
    m = MinHash(num_perm=NUM_PERM, seed=_SEED)
    m.update_batch(s.encode("utf-8") for s in shingles(text))
    return np.asarray(m.hashvalues, dtype=np.uint32)


_SCHEME = MinHash(num_perm=1, seed=_SEED).scheme  # the hashing of stored signatures


def _lean(sig: np.ndarray) -> LeanMinHash:
    return LeanMinHash(seed=_SEED, hashvalues=sig, scheme=_SCHEME)


class NearDuplicates:
    """Signatures held in an LSH index: the best match of a new one costs its few candidates."""

    def __init__(self, threshold: float, signatures: dict[str, np.ndarray] | None = None) -> None:
        self.threshold = threshold
        # Bands tuned at a little below the threshold, so a pair at the threshold is almost
        # surely a candidate; candidates are then checked on all slots.
        self._lsh = MinHashLSH(threshold=max(0.05, threshold * 0.9), num_perm=NUM_PERM)
        self._sigs: dict[str, np.ndarray] = {}
        for key, sig in (signatures or {}).items():
            self.add(key, sig)

    def __len__(self) -> int:
        return len(self._sigs)

    def add(self, key: str, sig: np.ndarray | None) -> None:
        if sig is None or sig.shape != (NUM_PERM,) or key in self._sigs:
            return
        self._sigs[key] = sig
        self._lsh.insert(key, _lean(sig), check_duplication=False)

    def best(
        self, sig: np.ndarray, exclude: Collection[str | None] = ()
    ) -> tuple[str, float] | None:
        """The most similar held document at or above the threshold, with its similarity;
        `exclude`: documents that cannot be a duplicate (itself, the version it replaces)."""
        if sig.shape != (NUM_PERM,) or not self._sigs:
            return None
        found = [k for k in self._lsh.query(_lean(sig)) if k not in exclude]
        return best_match(sig, {k: self._sigs[k] for k in found}, self.threshold)


def best_match(
    sig: np.ndarray, others: dict[str, np.ndarray], threshold: float
) -> tuple[str, float] | None:
    """The most similar stored document at or above the threshold, with its similarity."""
    usable = {k: v for k, v in others.items() if v is not None and v.shape == sig.shape}
    if not usable:
        return None
    ids = list(usable)
    sims = (np.vstack([usable[k] for k in ids]) == sig[None, :]).mean(axis=1)
    best = int(np.argmax(sims))
    if sims[best] >= threshold:
        return ids[best], float(sims[best])
    return None
