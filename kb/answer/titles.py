"""A document's title as evidence of what it is about.

A passage is matched on its own words and its document's mean direction (document context);
neither sees the title, although a title is often the best one-line summary of a source ("Fintech
factoring experiment with Colombian SMEs", a report's name). A case study already has its name,
aliases and agency matched through its header passage, so by default only other documents
(policy notes, PDFs, web pages, repository records) have their title matched
(`title_scope`). Measured on the development sets: docs/evaluation.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np

from kb.records import DocRecord

from .snippets import SentenceVectors


def title_cosines(
    qvec: np.ndarray,
    pool: np.ndarray,
    doc_of: Callable[[int], str],
    docs: Mapping[str, DocRecord],
    vectors: SentenceVectors,
    scope: str,
) -> np.ndarray:
    """Per pool passage, the cosine of its document's title with the query (0 when the title
    is not matched: out of scope or empty). Titles are encoded once per text (cached)."""
    doc_ids = [doc_of(int(row)) for row in pool]
    titles = {d: _title(docs[d], scope) for d in dict.fromkeys(doc_ids)}
    wanted = [t for t in dict.fromkeys(titles.values()) if t]
    if not wanted:
        return np.zeros(len(pool))
    cos = dict(zip(wanted, (vectors.vectors(wanted) @ qvec).tolist(), strict=True))
    return np.array([cos.get(titles[d], 0.0) for d in doc_ids], dtype=float)


def _title(doc: DocRecord, scope: str) -> str:
    if scope == "documents" and doc.program is not None:
        return ""
    return " ".join(doc.title.split())
