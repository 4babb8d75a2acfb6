"""Publishing is atomic: kill -9 at any moment, or search while it happens, and every reader
sees a whole version, the one before the change or the one after it. On both stores (a folder
switch for files, one transaction for Postgres)."""

from __future__ import annotations

import dataclasses
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np
import pytest

from kb.answer.search import Searcher
from kb.curate.curator import Curator
from kb.curate.doctor import check
from kb.ingest.embed import make_encoder
from kb.records import Chunk
from kb.settings import Settings
from kb.store.base import IndexView
from kb.store.index import Index
from tests.support.files import report_text
from tests.support.stores import file_only, load, store_env

ROOT = Path(__file__).resolve().parents[1]
KILLS = 20

# The child flips one document out of and back into the index, publishing each time, as fast
# as it can, until it is killed. Children are started a few ahead (importing takes seconds)
# and wait for "go" on stdin, so only one ever writes to the index. The victim's passages,
# tokens and vectors come from a dump written before the kills (whatever the index then holds).
CHILD = """
import json, sys
from pathlib import Path
import numpy as np
from kb.records import Chunk, DocRecord
from kb.settings import get_settings
from kb.store.factory import open_store
from kb.store.lexical import tokenize

name, victim, dump = sys.argv[1], sys.argv[2], Path(sys.argv[3])
sys.stdin.readline()  # started ahead of time; touch nothing until told to go
raw = json.loads((dump / "victim.json").read_text(encoding="utf-8"))
record = DocRecord.from_json(raw["record"])
chunks = [Chunk(**c) for c in raw["chunks"]]
tokens = [tokenize(c.text, c.language) for c in chunks]
vectors = np.load(dump / "victim.npy")
store = open_store(get_settings())
print("ready", flush=True)
while True:
    idx = store.load(name)
    if victim in idx.docs:
        idx.without([victim]).publish()
    else:
        idx.with_documents({victim: record}, chunks, tokens, vectors).publish()
"""


def _dump_victim(index: IndexView, victim: str, folder: Path) -> None:
    table = index.chunk_table(doc_ids=[victim])
    names = [f.name for f in dataclasses.fields(Chunk)]
    chunks = [
        {n: (r[n].item() if hasattr(r[n], "item") else r[n]) for n in names}
        for _, r in table.iterrows()
    ]
    for c in chunks:  # pandas fills missing floats with NaN
        c.update({k: None for k, v in c.items() if isinstance(v, float) and v != v})
    raw = {"record": index.docs[victim].to_json(), "chunks": chunks}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "victim.json").write_text(json.dumps(raw), encoding="utf-8")
    np.save(folder / "victim.npy", index.vectors_of(table.index.to_numpy()))


@pytest.fixture
def built(store_settings: Settings, tmp_path: Path) -> tuple[Settings, set[str], str]:
    settings = store_settings
    for i in range(6):
        (tmp_path / "d").mkdir(exist_ok=True)
        (tmp_path / "d" / f"{i}.txt").write_text(report_text(i, 900), encoding="utf-8")
    Curator(settings, "t", user="alice", encoder=make_encoder("hash-256")).ingest([tmp_path / "d"])
    index = load(settings)
    docs = set(index.docs)
    victim = sorted(docs)[0]
    _dump_victim(index, victim, tmp_path / "victim")
    if settings.store == "file":
        shutil.copytree(settings.index_path("t"), tmp_path / "snapshot")
    return settings, docs, victim


def _check_whole(settings: Settings, full: set[str], victim: str) -> set[str]:
    index = load(settings)  # raises on a partial or mixed version
    docs = set(index.docs)
    assert docs in (full, full - {victim}), docs
    table = index.chunk_table(["doc_id"])
    assert set(table["doc_id"]) == docs
    assert index.size == len(table) == index.manifest.chunks
    if isinstance(index, Index):
        assert index.vectors.ntotal == len(index.chunks) == index.lexical.size
    # BM25 statistics of the version: the victim's words are found exactly when it is there
    victim_hits = Searcher(index, make_encoder("hash-256"), settings).search(
        "fund bank loan", method="bm25", top_k=50, per_doc=1
    )
    assert {h.doc_id for h in victim_hits} <= docs
    hits = Searcher(index, make_encoder("hash-256"), settings).search("fund bank loan")
    assert hits and {h.doc_id for h in hits} <= docs
    return docs


def test_kill_9_during_publishing_never_leaves_a_broken_or_mixed_index(
    built: tuple[Settings, set[str], str],
) -> None:
    settings, full, victim = built
    rng = random.Random(42)
    env = {**store_env(settings), "PYTHONPATH": str(ROOT)}
    args = ["t", victim, str(settings.index_dir.parent / "victim")]

    def spawn() -> subprocess.Popen[bytes]:
        return subprocess.Popen(
            [sys.executable, "-c", CHILD, *args],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
            cwd=ROOT,
        )

    waiting = [spawn() for _ in range(3)]
    seen: list[set[str]] = []
    for run in range(KILLS):
        child = waiting.pop(0)
        if run + len(waiting) + 1 < KILLS:
            waiting.append(spawn())
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(b"go\n")
        child.stdin.flush()
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.4))
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        seen.append(_check_whole(settings, full, victim))
    assert not waiting
    # Both states were observed, so the kills did land between and inside publishes.
    assert full in seen and full - {victim} in seen
    # The child bypassed the catalog; kb doctor puts the index back in step with it.
    assert all(f.fixed for f in check(settings, "t"))
    assert set(load(settings).docs) == full
    assert check(settings, "t") == []


def test_twenty_searches_during_publishes_all_succeed(
    built: tuple[Settings, set[str], str],
) -> None:
    settings, full, victim = built
    stop = threading.Event()
    publishes = 0

    def publish_loop() -> None:
        nonlocal publishes
        cur = Curator(settings, "t", user="bob", encoder=make_encoder("hash-256"))
        while not stop.is_set():
            if victim in load(settings).docs:
                cur.retire(victim)
            else:
                cur.approve(victim)
            publishes += 1

    results: list[set[str] | BaseException] = []
    start = threading.Barrier(21)

    def search_once() -> None:
        start.wait()
        try:
            results.append(_check_whole(settings, full, victim))
        except BaseException as exc:  # collected and reported below
            results.append(exc)

    publisher = threading.Thread(target=publish_loop)
    publisher.start()
    searchers = [threading.Thread(target=search_once) for _ in range(20)]
    for t in searchers:
        t.start()
    start.wait()
    for t in searchers:
        t.join(timeout=120)
    stop.set()
    publisher.join(timeout=120)
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors[:3]
    assert len(results) == 20 and publishes >= 1


def test_a_reader_whose_version_is_pruned_mid_read_reads_the_new_one(
    built: tuple[Settings, set[str], str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Publishes during one slow load prune the version it started on; load reads the new one."""
    import faiss

    import kb.store.index

    settings, full, victim = built
    file_only(settings, "patches FAISS's file reader")
    path = settings.index_path("t")
    whole = dataclasses.replace(Index.load(settings.index_dir.parent / "snapshot"), path=path)
    real_read = faiss.read_index
    seen: list[bool] = []

    def read_during_publishes(name: str) -> object:
        if not seen:
            monkeypatch.setattr(kb.store.index.faiss, "read_index", real_read)
            for i in range(kb.store.index.KEEP_VERSIONS + 1):
                (whole.without([victim]) if i % 2 else whole).publish()
            seen.append(Path(name).exists())
        return real_read(name)

    monkeypatch.setattr(kb.store.index.faiss, "read_index", read_during_publishes)
    index = Index.load(path)
    assert seen == [False]  # the version the load started on was pruned under it
    assert set(index.docs) == full - {victim}  # the last publish, read whole
