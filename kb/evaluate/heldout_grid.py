"""`kb eval grid`: many search settings over one question set, one loaded index.

Each point of the grid is the shipped settings with some search-time settings changed; the set's
questions are answered in-process over the collection with text notes (built once, as `kb eval
heldout` builds it) and scored as `kb eval heldout` scores them. Settings that shape the index
(chunking, encoder, document context…) are refused: a point cannot change them without a
rebuild, and `KB_…` variables with `kb eval heldout` measure one such change.

Besides the figures, each point gets an **optimistic bound**: every item it shows that no judge
has graded counts as fully relevant, over the ideal list of the judged items. A point that shows
unjudged items may be better than its figure; it cannot be better than its bound. On the
held-out set a grid is a bound on what settings can do, never a way to choose them
(corpus/eval/heldout/README.md).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from kb.answer.search import Searcher
from kb.errors import UsageError
from kb.ingest.embed import Encoder, encoder_for
from kb.ingest.pipeline import ProgressSink
from kb.settings import Settings
from kb.store.factory import open_store

from .heldout import HeldoutSet, kb_answer, variant_of
from .heldout_collection import DATAKIT, check_datakit, heldout_dir
from .heldout_metrics import DEPTH, dcg_many, per_question, shown_gains, summary
from .heldout_notes import render_notes
from .heldout_set import Answer, Qrels, Question

TOP_GRADE = 3
# What a search reads at query time; everything else shapes the index or the app.
SEARCH_SETTINGS = (
    "fusion",
    "dense_weight",
    "lexical_weight",
    "rrf_k",
    "candidates",
    "cross_lingual_support",
    "support_candidates",
    "lexical_norm",
    "lexical_other_language",
    "lexical_impute_other_language",
    "lexical_impute_unseen_only",
    "lexical_per_word_words",
    "lexical_word_as_one_term",
    "lexical_weight_disagreeing",
    "disagreement_max_words",
    "quality_prior",
    "title_weight",
    "title_scope",
    "query_translation",
    "phrase_weight",
    "phrase_max_words",
    "snippet_by_encoder",
    "snippet_chars",
    "max_hits_per_doc",
)


@dataclass(frozen=True)
class GridPoint:
    overrides: tuple[tuple[str, Any], ...] = ()

    @property
    def name(self) -> str:
        return " ".join(f"{k}={v}" for k, v in self.overrides) or "shipped"


@dataclass(frozen=True)
class GridRow:
    point: str
    docs_ndcg: float | None
    hits_ndcg: float | None
    judged_docs: float | None
    judged_hits: float | None
    docs_bound: float | None  # unjudged items counted as fully relevant
    hits_bound: float | None
    page_accuracy: float | None  # text layer
    none_no_match: float | None
    answerable_no_match: float | None


def _values(name: str, raw: str) -> list[Any]:
    if name not in Settings.model_fields:
        raise UsageError(f"unknown setting {name!r} in --grid; search settings: " + _listed())
    if name not in SEARCH_SETTINGS:
        raise UsageError(
            f"{name!r} shapes the index, so a grid point cannot change it: measure it with "
            f"KB_{name.upper()}=… kb eval heldout (a rebuild); search settings: " + _listed()
        )
    annotation = Settings.model_fields[name].annotation
    adapter: TypeAdapter[Any] = TypeAdapter(Any if annotation is None else annotation)
    try:
        return [adapter.validate_python(v.strip()) for v in raw.split(",") if v.strip()]
    except ValidationError as e:
        raise UsageError(f"--grid {name}={raw}: {e.errors()[0]['msg']}") from e


def _listed() -> str:
    return ", ".join(SEARCH_SETTINGS)


def parse_grid(specs: Sequence[str]) -> list[GridPoint]:
    """`name=v1,v2` per spec; the points are the shipped settings, then every combination.
    `lexical_weight` without `dense_weight` sets the dense weight to 1 - it."""
    axes: dict[str, list[Any]] = {}
    for spec in specs:
        name, sep, raw = spec.partition("=")
        if not sep or not raw.strip():
            raise UsageError(
                f"--grid {spec!r}: write it as name=value1,value2 (e.g. title_weight=0,0.1)"
            )
        axes[name.strip()] = _values(name.strip(), raw)
    points = [GridPoint()]
    for combo in itertools.product(*axes.values()):
        over = dict(zip(axes, combo, strict=True))
        if "lexical_weight" in over and "dense_weight" not in axes:
            over["dense_weight"] = round(1 - over["lexical_weight"], 6)
        points.append(GridPoint(tuple(over.items())))
    return points


def optimistic_bound(
    questions: Sequence[Question], answers: Mapping[str, Answer], qrels: Qrels
) -> tuple[float | None, float | None]:
    """Mean documents and hits nDCG@10 with every unjudged shown item at the top grade, over
    the ideal DCG of the judged items (an unjudged relevant item could only raise that ideal,
    so the figure can only be lower than this)."""
    gains: dict[str, dict[str, list[int]]] = {"docs": {}, "hits": {}}
    ideals: dict[str, dict[str, list[int]]] = {"docs": {}, "hits": {}}
    for q in (q for q in questions if q.kind != "none"):
        ans, judged = answers[q.id], qrels.documents.get(q.id, {})
        if any(g > 0 for g in judged.values()):
            gains["docs"][q.id] = [judged.get(s.key, TOP_GRADE) for s in ans.docs[:DEPTH]]
            ideals["docs"][q.id] = sorted(judged.values(), reverse=True)[:DEPTH]
        ideal = sorted(qrels.best_passages(q.id).values(), reverse=True)[:DEPTH]
        if any(ideal):
            gains["hits"][q.id] = shown_gains(ans, q.id, qrels, unjudged=TOP_GRADE)
            ideals["hits"][q.id] = ideal
    out = []
    for kind in ("docs", "hits"):
        dcg, idcg = dcg_many(gains[kind]), dcg_many(ideals[kind])
        got = [min(1.0, dcg[q] / idcg[q]) for q in gains[kind]]
        out.append(round(sum(got) / len(got), 4) if got else None)
    return out[0], out[1]


def score_point(
    point: GridPoint, questions: Sequence[Question], answers: Mapping[str, Answer], qrels: Qrels
) -> GridRow:
    sm = summary(questions, per_question(questions, answers, qrels))
    docs_bound, hits_bound = optimistic_bound(questions, answers, qrels)
    return GridRow(
        point.name,
        sm["docs_ndcg"],
        sm["hits_ndcg"],
        sm["judged_docs"],
        sm["judged_hits"],
        docs_bound,
        hits_bound,
        sm["page_accuracy"],
        sm["none_no_match"],
        sm["answerable_no_match"],
    )


def run_grid(
    settings: Settings,
    hset: HeldoutSet,
    points: Sequence[GridPoint],
    datakit: Path = DATAKIT,
    progress: ProgressSink | None = None,
    say: Callable[[str], None] | None = None,
    encoder: Encoder | None = None,
) -> list[GridRow]:
    """Every point's figures, in the order given (one index load; query vectors and sentence
    vectors are cached across points, so a point costs the fusion and the cards only)."""
    check_datakit(datakit)
    encoder = encoder or encoder_for(settings)
    questions, qrels = hset.questions(), hset.qrels()
    render_notes(hset.folder / "notes", heldout_dir(settings, hset.work) / "notes")
    built, coll = variant_of(settings, hset, datakit, "text", encoder, progress, say)
    base = built.index_settings
    searcher = Searcher(open_store(base).load(built.kb_index), encoder, base)
    rows = []
    if progress:
        progress.stage("grid points", len(points))
    for point in points:
        searcher.settings = base.with_(**dict(point.overrides))
        answers = {q.id: kb_answer(searcher, coll, q.query, None) for q in questions}
        rows.append(score_point(point, questions, answers, qrels))
        if progress:
            progress.advance(1)
    return rows
