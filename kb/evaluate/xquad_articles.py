"""`kb eval xquad-articles`: answers inside whole documents, for scripts written without spaces.

`kb eval xquad-r` ranks single sentences; this asks what a user of a document collection gets.
XQuAD-R's 48 articles (parallel in every language) are written as text files, one per article
and document language, and go through kb's own ingest (parsing, chunking, embedding) into a
temporary index; every question then goes through kb's search as a user's query would. A
question is answered by its article in any of the document languages. Per question language:

- `article_at_1`: the first card is the question's article;
- `answer_in_passage`: the answer's text is in that card's passage;
- `answer_in_snippet`: the answer's text is in what the card shows (its snippet);
- `snippet_chars`: the median length of that snippet (a longer one holds answers more often).

Baselines over simple chunks (consecutive 120-word windows split at spaces, as
kb/evaluate/heldout_simple.py cuts them): the bare encoder (cosine) and BM25, each showing a
window's first `snippet_chars` characters. Answers are compared with all whitespace removed.
"""

from __future__ import annotations

import json
import re
import statistics
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kb.answer.search import Searcher
from kb.curate.batch import Pipeline
from kb.evaluate.heldout_simple import Window, windows_of
from kb.evaluate.xquad import CachedEncoder, check_langs
from kb.ingest.embed import EmbeddingCache, Encoder, encode_queries, make_encoder
from kb.ingest.parse import parse_file
from kb.settings import Settings
from kb.store.lexical import LexicalIndex, query_tokens, tokenize

_NAME = re.compile(r"^([a-z]{2})-(\d{2})$")
_SPACE = re.compile(r"\s+")
_KEYS = ("article_at_1", "answer_in_passage", "answer_in_snippet", "snippet_chars")


@dataclass(frozen=True)
class ArticleQuestion:
    qid: str
    lang: str
    text: str
    article: int
    answers: dict[str, str]  # document language -> the answer's text in that language


@dataclass(frozen=True)
class Shown:
    """What one method puts first for a question: the source's file stem and what it shows."""

    stem: str
    passage: str
    snippet: str


def write_articles(folder: Path, langs: Sequence[str], out: Path) -> list[Path]:
    """One UTF-8 text file per article and language (`<lang>-<nn>.txt`), paragraphs apart."""
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for lang in langs:
        data = json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))
        for i, article in enumerate(data["data"]):
            path = out / f"{lang}-{i:02d}.txt"
            path.write_text("\n\n".join(p["context"] for p in article["paragraphs"]), "utf-8")
            files.append(path)
    return files


def load_questions(
    folder: Path, ask: Sequence[str], docs: Sequence[str], limit: int | None = None
) -> list[ArticleQuestion]:
    """The questions in each asked language (`limit` of each, spread evenly over the articles),
    with their answers in each document language (XQuAD's translations are aligned question by
    question)."""
    data = {
        lang: json.loads((folder / f"{lang}.json").read_text(encoding="utf-8"))["data"]
        for lang in dict.fromkeys([*ask, *docs])
    }
    out: list[ArticleQuestion] = []
    for lang in ask:
        mine: list[ArticleQuestion] = []
        for a, article in enumerate(data[lang]):
            for p, para in enumerate(article["paragraphs"]):
                for q, qa in enumerate(para["qas"]):
                    answers = {d: data[d][a]["paragraphs"][p]["qas"][q]["answers"][0] for d in docs}
                    mine.append(
                        ArticleQuestion(
                            f"{qa['id']}-{lang}",
                            lang,
                            qa["question"],
                            a,
                            {d: ans["text"] for d, ans in answers.items()},
                        )
                    )
        step = max(1, len(mine) // limit) if limit else 1
        out += mine[::step][:limit]
    return out


def run_articles(
    folder: Path,
    docs: Sequence[str],
    ask: Sequence[str],
    settings: Settings,
    limit: int | None = None,
    progress: Callable[[str], None] | None = None,
) -> dict[str, Any]:
    """Every method on the articles; the JSON object `kb eval xquad-articles --json` prints."""
    docs, ask = check_langs(folder, docs), check_langs(folder, ask)
    questions = load_questions(folder, ask, docs, limit)
    say = progress or (lambda _msg: None)
    cache = EmbeddingCache(settings.cache_dir / "embeddings.sqlite")
    encoder = CachedEncoder(make_encoder(settings.encoder, settings.encoder_weights), cache)
    methods: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory(prefix="kb-xquad-articles-") as tmp:
        files = write_articles(folder, docs, Path(tmp) / "articles")
        windows = [w for f in files for d in parse_file(f) for w in windows_of(d, f.stem)]
        say("simple chunks: bm25 and the bare encoder")
        methods.update(_simple_methods(windows, questions, encoder, settings.snippet_chars))
        say("kb: ingest and search")
        methods["kb"] = _score(questions, _kb_shown(files, questions, encoder, settings, Path(tmp)))
    cache.close()
    return {
        "methods": methods,
        "docs": list(docs),
        "ask": list(ask),
        "questions": len(questions),
        "articles": len(files) // max(len(docs), 1),
    }


def _kb_shown(
    files: list[Path],
    questions: Sequence[ArticleQuestion],
    encoder: Encoder,
    settings: Settings,
    tmp: Path,
) -> list[Shown | None]:
    s = settings.with_(index_dir=tmp / "indexes", store="file")  # a throwaway index, always
    pipe = Pipeline(s, encoder)
    pipe.ingest_paths(files, "articles")
    searcher = Searcher(pipe.open_index("articles"), encoder, s)
    out: list[Shown | None] = []
    for q in questions:
        hits = searcher.search(q.text, top_k=10, include_weak=True)
        out.append(
            Shown(Path(hits[0].source).stem, hits[0].text, hits[0].snippet) if hits else None
        )
    return out


def _simple_methods(
    windows: list[Window], questions: Sequence[ArticleQuestion], encoder: Encoder, chars: int
) -> dict[str, dict[str, Any]]:
    qvecs = encode_queries(encoder, [q.text for q in questions])
    wvecs = encoder.encode([w.text for w in windows])
    dense = np.asarray(qvecs) @ np.asarray(wvecs).T
    lexical = LexicalIndex.build([tokenize(w.text) for w in windows])
    bm25 = np.vstack([lexical.scores(query_tokens(q.text)) for q in questions])

    def shown(scores: np.ndarray) -> list[Shown | None]:
        best = [windows[int(np.argmax(row))] for row in scores]
        return [Shown(w.key, w.text, w.text[:chars]) for w in best]

    return {"bm25": _score(questions, shown(bm25)), "encoder": _score(questions, shown(dense))}


def _score(questions: Sequence[ArticleQuestion], shown: Sequence[Shown | None]) -> dict[str, Any]:
    per: dict[str, dict[str, list[float]]] = {}
    for q, top in zip(questions, shown, strict=True):
        row = per.setdefault(q.lang, {k: [] for k in _KEYS})
        m = _NAME.match(top.stem) if top else None
        right = bool(top and m and int(m.group(2)) == q.article)
        answer = _SPACE.sub("", q.answers[m.group(1)]) if right and m else ""
        row["article_at_1"].append(float(right))
        row["answer_in_passage"].append(float(bool(answer) and answer in _flat(top)))
        row["answer_in_snippet"].append(float(bool(answer) and answer in _flat(top, True)))
        row["snippet_chars"].append(float(len(top.snippet)) if top else 0.0)
    return {
        lang: {
            k: round(statistics.median(v) if k == "snippet_chars" else statistics.mean(v), 3)
            for k, v in row.items()
        }
        for lang, row in per.items()
    }


def _flat(top: Shown | None, snippet: bool = False) -> str:
    if top is None:
        return ""
    return _SPACE.sub("", top.snippet if snippet else top.passage)
