"""The built-in evaluation: kb's search and recommendations against corpus/eval/'s labels.

A query's ranking is the list of distinct program ids of its hits, each program ranked by its
best passage; metrics are nDCG@10, Recall@10 and MRR computed by ranx. Every method (the shipped
configuration, BM25 alone, each encoder alone) is run on an index of its own, kept under
`<cache_dir>/eval/` so a second run only re-reads the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from kb.errors import MetadataError
from kb.records import Hit
from kb.settings import Settings

from .heldout_set import write_pool
from .profile_runs import BASELINES, IN_WORDS, KB, method_tables, ranked_programs
from .program_lists import (
    EvalProfile,
    asian_in_top,
    load_profiles,
    mean,
    metric_table,
    program_countries,
)

if TYPE_CHECKING:  # the search stack is imported when an evaluation runs
    from kb.answer.search import Searcher


@dataclass(frozen=True)
class EvalQuery:
    id: str
    lang: str
    kind: str
    query: str
    relevant: tuple[str, ...]


@dataclass(frozen=True)
class Method:
    """One way of searching: the settings it runs with and the fusion it uses."""

    name: str
    settings: Settings
    fusion: str


@dataclass
class MethodResult:
    name: str
    metrics: dict[str, float] = field(default_factory=dict)
    per_language: dict[str, dict[str, float]] = field(default_factory=dict)
    per_kind: dict[str, dict[str, float]] = field(default_factory=dict)
    misses: list[dict[str, Any]] = field(default_factory=list)
    profiles: dict[str, float] = field(default_factory=dict)
    profile_misses: list[dict[str, Any]] = field(default_factory=list)
    profile_asian: dict[str, int] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "pooled": self.metrics.get("ndcg@10", 0.0),
            "per_language": {k: v["ndcg@10"] for k, v in self.per_language.items()},
            "metrics": self.metrics,
            "per_language_metrics": self.per_language,
            "per_kind": self.per_kind,
            "misses": self.misses,
            "profiles": self.profiles,
            "profile_misses": self.profile_misses,
            "profile_asian@10": self.profile_asian,
        }


# ---- the labelled set ---------------------------------------------------------------------
def load_queries(path: Path) -> list[EvalQuery]:
    """The labelled queries of a YAML file (a list of {id, lang, kind, query, relevant})."""
    try:
        raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise MetadataError(str(path), f"cannot read the labelled queries: {exc}") from exc
    if not isinstance(raw, list):
        raise MetadataError(str(path), "expected a YAML list of {id, lang, kind, query, relevant}")
    out: list[EvalQuery] = []
    for i, item in enumerate(raw):
        try:
            rel = item["relevant"]
            q = EvalQuery(
                str(item["id"]),
                str(item["lang"]),
                str(item.get("kind", "")),
                str(item["query"]),
                tuple(str(r) for r in rel),
            )
        except (KeyError, TypeError) as exc:
            raise MetadataError(
                str(path),
                f"entry {i + 1} needs id, lang, query and a "
                f"list 'relevant' ({exc.__class__.__name__}: {exc})",
            ) from exc
        if not q.relevant or not q.query.strip():
            raise MetadataError(str(path), f"query {q.id!r} has no text or no relevant program")
        out.append(q)
    ids = [q.id for q in out]
    if len(set(ids)) != len(ids):
        raise MetadataError(str(path), "query ids repeat; give every query its own id")
    return out


def unknown_labels(
    queries: Sequence[EvalQuery], profiles: Sequence[EvalProfile], program_ids: set[str]
) -> list[str]:
    """Labels that name no indexed program (they could never be found)."""
    bad = [f"{q.id}: {r}" for q in queries for r in q.relevant if r not in program_ids]
    return bad + [f"{p.id}: {r}" for p in profiles for r in p.expected if r not in program_ids]


# ---- rankings and metrics -----------------------------------------------------------------
def program_ranking(hits: Sequence[Hit]) -> list[str]:
    """Distinct program ids in the order of their best hit (hits without a program are skipped)."""
    seen: list[str] = []
    for h in hits:
        if h.program_id and h.program_id not in seen:
            seen.append(h.program_id)
    return seen


def summarise(
    name: str, queries: Sequence[EvalQuery], ranked: dict[str, list[str]]
) -> MethodResult:
    """Overall, per-language and per-kind means, and the misses (nothing relevant in the top 10)."""
    table = metric_table({q.id: q.relevant for q in queries}, ranked)
    res = MethodResult(name, mean(table, [q.id for q in queries]))
    for attr, target in (("lang", res.per_language), ("kind", res.per_kind)):
        for value in sorted({getattr(q, attr) for q in queries}):
            target[value] = mean(table, [q.id for q in queries if getattr(q, attr) == value])
    res.misses = [
        {
            "id": q.id,
            "lang": q.lang,
            "kind": q.kind,
            "query": q.query,
            "relevant": list(q.relevant),
            "got": ranked.get(q.id, [])[:5],
        }
        for q in queries
        if table[q.id]["recall@10"] == 0.0
    ]
    return res


# ---- methods and runs ---------------------------------------------------------------------
def encoder_parts(spec: str) -> list[str]:
    return [p.strip() for p in spec.split("+") if p.strip()]


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "_", text)


def methods_for(settings: Settings, encoders: Sequence[str] = ()) -> list[Method]:
    """The shipped configuration, BM25 alone and each encoder alone (dense only)."""
    shipped = shipped_name(settings)
    out = [Method(shipped, settings, settings.fusion)]
    if settings.fusion != "bm25":
        out.append(Method("bm25", settings, "bm25"))
    for enc in dict.fromkeys([*encoder_parts(settings.encoder), *encoders]):
        name = enc
        if name != shipped:
            out.append(Method(name, settings.with_(encoder=enc, encoder_weights=()), "dense"))
    return out


def shipped_name(settings: Settings) -> str:
    """A short name for a configuration: the encoder alone when it is dense-only."""
    if settings.fusion == "dense":
        return settings.encoder
    if settings.fusion == "bm25":
        return "bm25"
    return f"{settings.encoder}+bm25 ({settings.fusion})"


def eval_settings(settings: Settings, method: Method) -> Settings:
    """The method's settings with its own index folder (one per encoder, centering, storage
    and chunking)."""
    s = method.settings
    weights = ",".join(map(str, s.encoder_weights))
    tag = _slug(
        f"{s.encoder}-{weights}-c{int(s.language_centering)}-d{s.document_context:g}"
        f"-{s.vector_storage}-w{s.chunk_words}o{s.chunk_overlap_words}"
    )
    s = s.with_(index_dir=settings.cache_dir / "eval" / tag, fusion=method.fusion)
    # One database holds every Postgres index: the method's index gets a name of its own.
    return s.with_(default_index=f"eval-{tag}") if s.store == "postgres" else s


Ranker = Callable[[str], list[str]]


def evaluate_method(
    name: str,
    queries: Sequence[EvalQuery],
    rank: Ranker,
    profiles: Sequence[EvalProfile] = (),
    recommended: Mapping[str, list[str]] | None = None,
    country_of: Mapping[str, str] | None = None,
) -> MethodResult:
    """Run every query through one method, and score the profiles' recommendations (profile id
    -> program ids, best first) when given."""
    res = summarise(name, queries, {q.id: rank(q.query) for q in queries})
    if profiles and recommended is not None:
        got = {p.id: list(recommended.get(p.id, [])) for p in profiles}
        table = metric_table({p.id: p.expected for p in profiles}, got)
        res.profiles = mean(table, [p.id for p in profiles])
        res.profile_misses = [
            {
                "id": p.id,
                "expected": list(p.expected),
                "got": got[p.id],
                "recall@10": round(table[p.id]["recall@10"], 3),
            }
            for p in profiles
            if table[p.id]["recall@10"] < 0.5
        ]
        res.profile_asian = asian_in_top(profiles, got, country_of or {})
    return res


def run_programs(
    settings: Settings,
    eval_dir: Path | None = None,
    encoders: Sequence[str] = (),
    progress: Callable[[str], None] | None = None,
    pool: Path | None = None,
) -> dict[str, Any]:
    """Build (or refresh) one corpus index per method and evaluate the labelled set on each;
    with `pool`, write the profiles' ungraded (profile, program) pairs there, blind."""
    from kb.answer.search import Searcher
    from kb.curate.batch import build_corpus
    from kb.ingest.embed import encoder_for
    from kb.store.factory import open_store

    eval_dir = eval_dir or settings.corpus_dir / "eval"
    queries = load_queries(eval_dir / "queries.yaml")
    profiles = load_profiles(eval_dir / "profiles")
    methods = methods_for(settings, encoders)
    built: set[Path] = set()
    results: dict[str, Any] = {}
    floor: dict[str, Any] = {}
    items: list[dict[str, Any]] = []
    for m in methods:
        s = eval_settings(settings, m)
        encoder = encoder_for(s)
        if s.index_dir not in built:
            if progress:
                progress(f"index for {m.name}: {s.index_dir}")
            build_corpus(s, encoder=encoder)
            built.add(s.index_dir)
        searcher = Searcher(open_store(s).load(s.default_index), encoder, s)
        if progress:
            progress(f"evaluating {m.name}")
        # The shipped method's profiles also go through the simple baselines, ranked once here.
        got = ranked_programs(
            searcher, s, profiles, (KB, *BASELINES, *IN_WORDS) if m is methods[0] else (KB,)
        )
        res = _evaluate_one(m, searcher, queries, profiles, got[KB])
        results[m.name] = res.to_json()
        if m is methods[0]:
            floor = _floor(searcher, queries, eval_dir)
            tables, items = method_tables(searcher, s, profiles, eval_dir, got)
            if "judged" in tables.get(KB, {}):
                results[m.name]["profile_judged"] = tables[KB]["judged"]
            results[m.name]["profile_baselines"] = {n: t for n, t in tables.items() if n != KB}
    if pool is not None:
        write_pool(pool, items)
    return {
        **({"pool": {"file": str(pool), "recommendations": len(items)}} if pool else {}),
        "floor": floor,
        "methods": results,
        "shipped": methods[0].name,
        "queries": len(queries),
        "profiles": len(profiles),
        "encoder": settings.encoder,
        "fusion": settings.fusion,
    }


def _evaluate_one(
    m: Method,
    searcher: Searcher,
    queries: Sequence[EvalQuery],
    profiles: Sequence[EvalProfile],
    recommended: Mapping[str, list[str]],
) -> MethodResult:
    """One method's figures: program retrieval on the queries, recommendations on the profiles."""

    def rank(query: str) -> list[str]:
        return candidate_programs(searcher, query, m.fusion)

    return evaluate_method(
        m.name, queries, rank, profiles, recommended, program_countries(searcher)
    )


def _floor(searcher: Any, queries: Sequence[EvalQuery], eval_dir: Path) -> dict[str, Any]:
    from kb.evaluate.floor import floor_report, load_no_answer

    no_answer = load_no_answer(eval_dir / "no_answer.yaml")
    return floor_report(searcher, [q.query for q in queries], no_answer)


def candidate_programs(searcher: Any, query: str, method: str) -> list[str]:
    """Distinct program ids in the order of their best passage among the search candidates.

    The same ranking as `program_ranking(searcher.search(query, per_doc=1))` without building
    a Hit (snippet, citation) for each of a hundred passages.
    """
    docs = searcher.index.docs
    seen: list[str] = []
    for row, _, _ in searcher.candidates(query, method=method):
        rec = docs.get(searcher.doc_of(row))
        pid = rec.program.id if rec is not None and rec.program is not None else None
        if pid and pid not in seen:
            seen.append(pid)
    return seen
