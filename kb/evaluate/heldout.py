"""`kb eval heldout`: kb's search on the held-out set, against BM25 and the bare encoder.

One run renders the working notes, brings the mixed collection's indexes up to date (text-layer
notes and scanned notes), asks every question of every method and scores the answers with the
graded judgements (kb/evaluate/heldout_metrics.py). Methods, all on the same collection:

- `bm25`: kb's BM25 alone (`Searcher.search(method="bm25")`);
- `encoder-simple`: the encoder alone on fixed 120-word windows (kb/evaluate/heldout_simple.py);
- `dense`: kb's passages and vectors, dense scores only (`method="dense"`);
- `shipped`: kb's search as configured (`Searcher.search` with no overrides).

The held-out set is never used for tuning (corpus/eval/heldout/README.md): the run prints
aggregates only; per-question rows go to `<cache>/heldout/last-run.json` for audits.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from kb.answer.search import Searcher
from kb.files import atomic_write
from kb.ingest.embed import Encoder, encode_queries, encoder_for
from kb.ingest.pipeline import ProgressSink
from kb.records import Hit
from kb.settings import Settings
from kb.store.factory import open_store

from .heldout_collection import (
    DATAKIT,
    BuiltVariant,
    Collection,
    build_variant,
    check_datakit,
    heldout_dir,
)
from .heldout_intervals import intervals
from .heldout_metrics import DEPTH, breakdown, per_question
from .heldout_notes import render_notes
from .heldout_set import (
    Answer,
    Qrels,
    Question,
    Shown,
    load_qrels,
    load_questions,
    pool_items,
    write_pool,
)
from .heldout_simple import SimpleIndex

KB_METHODS = {"bm25": "bm25", "dense": "dense", "shipped": None}  # name -> fusion override
METHODS = ("bm25", "encoder-simple", "dense", "shipped")
BASELINES = ("bm25", "encoder-simple")
SIMPLE_DEPTH = 400  # windows read to find the bare encoder's first ten documents
Say = Callable[[str], None]


@dataclass(frozen=True)
class HeldoutSet:
    folder: Path  # corpus/eval/heldout

    @property
    def questions_path(self) -> Path:
        return self.folder / "questions.yaml"

    @property
    def qrels_path(self) -> Path:
        return self.folder / "qrels.yaml"

    def questions(self) -> list[Question]:
        return load_questions(self.questions_path)

    def qrels(self) -> Qrels:
        return load_qrels(self.qrels_path)

    @property
    def work(self) -> str:
        """Its working folder's name under the cache (kb.evaluate.heldout_collection)."""
        return self.folder.name


def default_set(settings: Settings) -> HeldoutSet:
    return HeldoutSet(settings.corpus_dir / "eval" / "heldout")


# ---- answering --------------------------------------------------------------------------
def _shown(hit: Hit, coll: Collection) -> Shown:
    key = coll.key(hit.source, hit.doc_type, hit.program_id)
    return Shown(key, hit.title, hit.page, hit.snippet, hit.good_match)


def _first_per_key(items: Sequence[Shown]) -> tuple[Shown, ...]:
    seen: dict[str, Shown] = {}
    for s in items:
        seen.setdefault(s.key, s)
    return tuple(seen.values())[:DEPTH]


def kb_answer(searcher: Searcher, coll: Collection, query: str, method: str | None) -> Answer:
    """kb's ten hits as shown, and its first ten documents (one search: each hit is a card,
    one per source, so its first passage is that document's)."""
    shown = tuple(_shown(h, coll) for h in searcher.search(query, top_k=DEPTH, method=method))
    return Answer(shown, _first_per_key(shown))


def simple_answer(simple: SimpleIndex, encoder: Encoder, query: str) -> Answer:
    """The bare encoder's ten best windows as shown (whole), and its first ten documents."""
    ranked = simple.search(encode_queries(encoder, [query])[0], SIMPLE_DEPTH)
    shown = [Shown(w.key, w.title, w.page, w.text) for w, _ in ranked]
    return Answer(tuple(shown[:DEPTH]), _first_per_key(shown))


def answer_all(
    built: BuiltVariant,
    coll: Collection,
    encoder: Encoder,
    questions: Sequence[Question],
) -> dict[str, dict[str, Answer]]:
    """{method: {question id: Answer}} for every method on one built variant."""
    s = built.index_settings
    searcher = Searcher(open_store(s).load(built.kb_index), encoder, s)
    out: dict[str, dict[str, Answer]] = {}
    for name in METHODS:
        if name == "encoder-simple":
            out[name] = {q.id: simple_answer(built.simple, encoder, q.query) for q in questions}
        else:
            fusion = KB_METHODS[name]
            out[name] = {q.id: kb_answer(searcher, coll, q.query, fusion) for q in questions}
    return out


# ---- profiles ---------------------------------------------------------------------------
def profile_figures(
    built: BuiltVariant, encoder: Encoder, folder: Path
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The held-out profiles through kb's recommender on the mixed collection and through the
    simple baselines of the same run (kb/evaluate/profile_runs.py), against the writers'
    `expected` lists and, where judged, the blind grades of the pooled lists; with the pool's
    ungraded items (kb/evaluate/profile_judging.py)."""
    from .profile_runs import KB, method_tables
    from .program_lists import load_profiles

    profiles = load_profiles(folder)
    if not profiles:
        return {}, []
    s = built.index_settings
    searcher = Searcher(open_store(s).load(built.kb_index), encoder, s)
    tables, pool = method_tables(searcher, s, profiles, folder.parent)
    return {**tables.pop(KB), "baselines": tables}, pool


# ---- the run ----------------------------------------------------------------------------
@dataclass
class HeldoutRun:
    questions: list[Question]
    answers: dict[str, dict[str, Answer]]  # mixed-text
    ocr_answers: dict[str, dict[str, Answer]]  # mixed-ocr, page questions only
    failed: list[tuple[str, str]]
    seconds: dict[str, float]
    profiles: dict[str, Any]
    profile_pool: list[dict[str, Any]]  # ungraded (profile, program) items, blind
    tag: str
    simple_text: SimpleIndex  # the baseline's windows over the collection with text notes


def variant_of(
    settings: Settings,
    hset: HeldoutSet,
    datakit: Path,
    variant: str,
    encoder: Encoder,
    progress: ProgressSink | None = None,
    say: Say | None = None,
) -> tuple[BuiltVariant, Collection]:
    """The collection with the set's notes as text PDFs ('text') or scans ('ocr'), its indexes
    brought up to date (the notes must be rendered already)."""
    folder = {"text": "text", "ocr": "scan"}[variant]
    coll = Collection(
        settings.corpus_dir, datakit, heldout_dir(settings, hset.work) / "notes" / folder
    )
    if say:
        say(f"collection with {variant} notes: indexes")
    return build_variant(settings, coll, variant, encoder, progress, say, hset.work), coll


def run_heldout(
    settings: Settings,
    hset: HeldoutSet | None = None,
    datakit: Path = DATAKIT,
    progress: ProgressSink | None = None,
    say: Say | None = None,
    encoder: Encoder | None = None,
) -> HeldoutRun:
    """Render, build (or refresh) both variants, and answer every question with every method."""
    hset = hset or default_set(settings)
    questions = hset.questions()
    check_datakit(datakit)
    encoder = encoder or encoder_for(settings)
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    render_notes(hset.folder / "notes", heldout_dir(settings, hset.work) / "notes")
    seconds["render"] = time.perf_counter() - t
    answers: dict[str, dict[str, dict[str, Answer]]] = {}
    failed: list[tuple[str, str]] = []
    profiles: dict[str, Any] = {}
    profile_pool: list[dict[str, Any]] = []
    tag = ""
    simple = SimpleIndex(Path(), [], np.zeros((0, 0), dtype=np.float32))
    for variant in ("text", "ocr"):
        built, coll = variant_of(settings, hset, datakit, variant, encoder, progress, say)
        seconds[f"build_{variant}"] = built.seconds
        failed += [f for f in built.failed if f not in failed]
        tag = built.index_settings.index_dir.name
        t = time.perf_counter()
        asked = questions if variant == "text" else [q for q in questions if q.page]
        if say:
            say(f"collection with {variant} notes: {len(asked)} questions x {len(METHODS)} methods")
        answers[variant] = answer_all(built, coll, encoder, asked)
        if variant == "text":
            profiles, profile_pool = profile_figures(built, encoder, hset.folder / "profiles")
            simple = built.simple
        seconds[f"answer_{variant}"] = time.perf_counter() - t
    return HeldoutRun(
        questions,
        answers["text"],
        answers["ocr"],
        failed,
        seconds,
        profiles,
        profile_pool,
        tag,
        simple,
    )


def score(run: HeldoutRun, qrels: Qrels) -> dict[str, Any]:
    """The held-out report: per method, the breakdown of kb/evaluate/heldout_metrics.py."""
    methods, rows = {}, {}
    for name in METHODS:
        rows[name] = per_question(
            run.questions, run.answers[name], qrels, run.ocr_answers.get(name)
        )
        methods[name] = breakdown(run.questions, rows[name])
    judged = sum(len(d) for d in qrels.documents.values())
    judged_passages = sum(len(p) for p in qrels.passages.values())
    return {
        "questions": len(run.questions),
        "methods": methods,
        "shipped": "shipped",
        "baselines": list(BASELINES),
        "intervals": intervals(rows, {q.id: q.kind for q in run.questions}, "shipped", BASELINES),
        "judgements": {"documents": judged, "passages": judged_passages},
        "profiles": run.profiles,
        "failed": [{"file": f, "reason": r} for f, r in run.failed],
        "seconds": {k: round(v, 1) for k, v in run.seconds.items()},
        "index_tag": run.tag,
        "_rows": rows,
    }


def save_last_run(settings: Settings, report: Mapping[str, Any], work: str = "heldout") -> Path:
    """Per-question rows for audits, beside the indexes (never printed, never committed)."""
    path = heldout_dir(settings, work) / "last-run.json"
    atomic_write(path, json.dumps(report, ensure_ascii=False, indent=1))
    return path


def evaluate_heldout(
    settings: Settings,
    hset: HeldoutSet | None = None,
    datakit: Path = DATAKIT,
    pool: Path | None = None,
    progress: ProgressSink | None = None,
    say: Say | None = None,
    encoder: Encoder | None = None,
) -> tuple[dict[str, Any], HeldoutRun]:
    """Run, score, save the audit rows, and write the pool of unjudged items when asked."""
    hset = hset or default_set(settings)
    t0 = time.perf_counter()
    run = run_heldout(settings, hset, datakit, progress, say, encoder)
    qrels = hset.qrels()
    report = score(run, qrels)
    if pool is not None:
        # `none` questions have nothing to find: their hits need no judge.
        answerable = [q for q in run.questions if q.kind != "none"]
        per_method = [{q.id: a[q.id] for q in answerable} for a in run.answers.values()]
        items = pool_items(answerable, per_method, qrels) + run.profile_pool
        write_pool(pool, items)
        report["pool"] = {
            "file": str(pool),
            "items": len(items),
            "recommendations": len(run.profile_pool),
        }
    report["seconds"]["total"] = round(time.perf_counter() - t0, 1)
    rows = report.pop("_rows")
    save_last_run(settings, {**report, "rows": rows}, hset.work)
    return report, run
