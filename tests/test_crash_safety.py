"""Publishing is atomic: kill -9 at any moment, or search while it happens, and every reader
sees a whole version, the one before the change or the one after it."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kb.answer.search import Searcher
from kb.curate.curator import Curator
from kb.curate.doctor import check
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from kb.store.index import Index
from tests.support.files import report_text

ROOT = Path(__file__).resolve().parents[1]
KILLS = 20

# The child flips one document out of and back into the index, publishing each time, as fast
# as it can, until it is killed. Children are started a few ahead (importing takes seconds)
# and wait for "go" on stdin, so only one ever writes to the index.
CHILD = """
import dataclasses, sys
from pathlib import Path
from kb.store.index import Index
from kb.store.lexical import tokenize
from kb.records import Chunk

path, victim, snapshot = Path(sys.argv[1]), sys.argv[2], Path(sys.argv[3])
sys.stdin.readline()  # started ahead of time; touch nothing until told to go
idx = Index.load(snapshot)  # a copy of the full index: the victim's rows, whatever the state
rows = idx.doc_chunks(victim)
names = [f.name for f in dataclasses.fields(Chunk)]
chunks = [Chunk(**{n: (r[n].item() if hasattr(r[n], "item") else r[n]) for n in names})
          for _, r in rows.iterrows()]
tokens = [tokenize(c.text, c.language) for c in chunks]
vectors = idx.embedding(rows["faiss_id"].to_numpy())
record = idx.docs[victim]
print("ready", flush=True)
while True:
    idx = Index.load(path)
    if victim in idx.docs:
        idx.without([victim]).publish()
    else:
        idx.with_documents({victim: record}, chunks, tokens, vectors).publish()
"""


@pytest.fixture
def built(settings: Settings, tmp_path: Path) -> tuple[Settings, set[str], str]:
    for i in range(6):
        (tmp_path / "d").mkdir(exist_ok=True)
        (tmp_path / "d" / f"{i}.txt").write_text(report_text(i, 900), encoding="utf-8")
    Curator(settings, "t", user="alice", encoder=make_encoder("hash-256")).ingest([tmp_path / "d"])
    docs = set(Index.load(settings.index_path("t")).docs)
    shutil.copytree(settings.index_path("t"), tmp_path / "snapshot")
    return settings, docs, sorted(docs)[0]


def _check_whole(settings: Settings, full: set[str], victim: str) -> set[str]:
    index = Index.load(settings.index_path("t"))  # raises on a partial or mixed version
    docs = set(index.docs)
    assert docs in (full, full - {victim}), docs
    assert set(index.chunks["doc_id"]) == docs
    assert index.vectors.ntotal == len(index.chunks) == index.lexical.size
    hits = Searcher(index, make_encoder("hash-256"), settings).search("fund bank loan")
    assert hits and {h.doc_id for h in hits} <= docs
    return docs


def test_kill_9_during_publishing_never_leaves_a_broken_or_mixed_index(
    built: tuple[Settings, set[str], str],
) -> None:
    settings, full, victim = built
    rng = random.Random(42)
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    args = [str(settings.index_path("t")), victim, str(settings.index_dir.parent / "snapshot")]

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
    assert set(Index.load(settings.index_path("t")).docs) == full
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
            if victim in Index.load(settings.index_path("t")).docs:
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
    import dataclasses

    import faiss

    import kb.store.index

    settings, full, victim = built
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
