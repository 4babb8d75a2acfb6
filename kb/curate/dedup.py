"""Near-duplicate detection: MinHash over word shingles of a whole document.

A re-issued PDF or the same report saved as DOCX and as PDF extract to nearly the same words,
so their 3-word shingle sets overlap far more than two different reports do. The estimated
Jaccard similarity of two 128-permutation MinHash signatures is the share of equal slots;
comparing one new signature with every stored one is one vectorised equality test (100k
documents x 128 slots is a few milliseconds), so no LSH structure has to be kept in step.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
from datasketch import MinHash

NUM_PERM = 128
SHINGLE_WORDS = 3
_SEED = 1
_WORD = re.compile(r"\w+", re.U)


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    return _WORD.findall("".join(c for c in folded if not unicodedata.combining(c)))


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
