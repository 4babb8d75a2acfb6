"""XQuAD-R under the LAReQA protocol: cross-lingual answer-sentence retrieval from a pooled set.

Every question, in every language asked for, retrieves from the sentences of all those
languages together; the relevant items are the answer sentence in each language; the
metric is mAP@20 (ranx, computed in kb.evaluate.xquad). This is where kb's encoder and fusion
choices are measured.

Method names: ``usem3``, ``minilm`` (plain cosine), ``bm25``, and variants built from them:
``+ctx`` (each sentence embedded with its paragraph: v = norm(s + ctx_weight * p)),
``+center`` (each language's mean vector removed, from questions and candidates alike),
and ``a&b`` fusions (weighted sum of cosines).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from kb.ingest.embed import EmbeddingCache, Encoder, encode_cached
from kb.store.lexical import LexicalIndex, query_tokens, tokenize


@dataclass(frozen=True)
class XQuadSet:
    langs: tuple[str, ...]
    questions: list[tuple[str, str, str]]  # (qid-lang, lang, text)
    question_group: list[str]  # qa id shared by the translations of a question
    sentences: list[str]
    sentence_lang: list[str]
    sentence_context: list[int]  # index into contexts
    contexts: list[str]
    relevant: dict[str, set[int]]  # qa id -> answer sentence indices in every language


def _answer_sentence(breaks: list[list[int]], start: int) -> int:
    for i, (a, b) in enumerate(breaks):
        if a <= start <= b:
            return i
    return len(breaks) - 1


def load_xquad(folder: Path, langs: Sequence[str]) -> XQuadSet:
    questions: list[tuple[str, str, str]] = []
    groups: list[str] = []
    sentences: list[str] = []
    slang: list[str] = []
    sctx: list[int] = []
    contexts: list[str] = []
    relevant: dict[str, set[int]] = {}
    for lang in langs:
        data = json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))
        for article in data["data"]:
            for para in article["paragraphs"]:
                base = len(sentences)
                contexts.append(para["context"])
                for sent in para["sentences"]:
                    sentences.append(sent)
                    slang.append(lang)
                    sctx.append(len(contexts) - 1)
                for qa in para["qas"]:
                    idx = base + _answer_sentence(
                        para["sentence_breaks"], qa["answers"][0]["answer_start"]
                    )
                    relevant.setdefault(qa["id"], set()).add(idx)
                    questions.append((f"{qa['id']}-{lang}", lang, qa["question"]))
                    groups.append(qa["id"])
    return XQuadSet(tuple(langs), questions, groups, sentences, slang, sctx, contexts, relevant)


def center_by_language(vecs: np.ndarray, langs: Sequence[str]) -> np.ndarray:
    """Remove each language's mean direction, then renormalise."""
    out = vecs.copy()
    arr = np.asarray(langs)
    for lang in set(langs):
        mask = arr == lang
        out[mask] -= out[mask].mean(axis=0, keepdims=True)
    return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-12)


class DenseScorer:
    """Question x sentence cosine matrix for one encoder, with optional context and centering."""

    def __init__(self, encoder: Encoder, data: XQuadSet, cache: EmbeddingCache | None) -> None:
        enc: Callable[[list[str]], np.ndarray] = lambda t: encode_cached(encoder, t, cache)  # noqa: E731
        self.q = encode_cached(encoder, [q[2] for q in data.questions], cache, queries=True)
        self.s = enc(data.sentences)
        self.p = enc(data.contexts)[data.sentence_context]
        self.data = data

    def scores(self, ctx_weight: float = 0.0, center: bool = False) -> np.ndarray:
        s = self.s + ctx_weight * self.p
        s = s / np.linalg.norm(s, axis=1, keepdims=True)
        q = self.q
        if center:
            q = center_by_language(q, [x[1] for x in self.data.questions])
            s = center_by_language(s, self.data.sentence_lang)
        return q @ s.T


def bm25_scores(data: XQuadSet) -> np.ndarray:
    index = LexicalIndex.build(
        [tokenize(s, lang) for s, lang in zip(data.sentences, data.sentence_lang, strict=True)]
    )
    return np.vstack([index.scores(query_tokens(q[2])) for q in data.questions])
