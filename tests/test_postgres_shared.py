"""One Postgres database shared by several writers and readers (issue 18): two `kb ingest`
processes and a curator approving at the same time lose nothing; two app processes see one
catalog; publishes that skip the writer lock still never drop each other's documents."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from kb.curate.catalog import open_catalog
from kb.curate.curator import Curator
from kb.curate.doctor import check
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from kb.store.factory import open_store
from tests.support.files import report_text, write
from tests.support.stores import load, store_env

ROOT = Path(__file__).resolve().parents[1]
KB = "from kb.cli import main; main()"


@pytest.fixture
def pg(settings: Settings, pg_url: str) -> Settings:
    return settings.with_(store="postgres", database_url=pg_url, default_index="t")


def _folder(root: Path, name: str, seeds: range) -> Path:
    for seed in seeds:
        write(root / name / f"{name}-{seed}.txt", report_text(seed, 700))
    return root / name


def test_two_ingest_processes_and_a_curator_lose_nothing(pg: Settings, tmp_path: Path) -> None:
    curator = Curator(pg, "t", user="carla", encoder=make_encoder("hash-256"))
    curator.ingest([_folder(tmp_path, "first", range(0, 2))])
    pending = curator.ingest([_folder(tmp_path, "queue", range(100, 104))], status="pending")
    assert len(pending.pending) == 4
    a, b = _folder(tmp_path, "a", range(10, 25)), _folder(tmp_path, "b", range(40, 55))
    env = {**store_env(pg), "PYTHONPATH": str(ROOT), "KB_USER": "ingester"}
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", KB, "ingest", str(folder), "--index", "t", "--json"],
            env=env,
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for folder in (a, b)
    ]
    time.sleep(2)  # the processes are importing; approvals overlap their ingests
    for doc_id in pending.pending:
        curator.approve(doc_id, note="reviewed")
    outs = [p.communicate(timeout=600) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], [o[1][-2000:] for o in outs]
    reports = [json.loads(o[0]) for o in outs]
    assert [r["added"] for r in reports] == [15, 15]

    index = load(pg)
    catalog = open_catalog(pg)
    approved = catalog.ids("t", "approved")
    assert len(index.docs) == 2 + 4 + 30 == len(approved)
    assert set(index.docs) == approved
    assert set(index.chunk_table(["doc_id"])["doc_id"]) == approved
    assert index.size == index.manifest.chunks == len(index.chunk_table())
    adds = {e.doc_id for e in catalog.audit("t", limit=1000) if e.action == "add"}
    assert adds >= approved
    assert check(pg, "t") == []  # index and catalog agree


def test_publishes_without_the_lock_never_drop_each_other(pg: Settings, tmp_path: Path) -> None:
    """A Postgres publish applies its own changes to the live version (under the index row's
    lock), so even writers that skip `store.lock` keep each other's documents."""
    from kb.ingest.pipeline import doc_record
    from kb.store.lexical import tokenize

    curator = Curator(pg, "t", user="carla", encoder=make_encoder("hash-256"))
    curator.ingest([_folder(tmp_path, "base", range(0, 1))])
    encoder = make_encoder("hash-256")
    from kb.ingest.chunk import chunk_document
    from kb.ingest.parse import parse_file

    docs = [parse_file(p)[0] for p in sorted(_folder(tmp_path, "new", range(5, 11)).iterdir())]
    start = threading.Barrier(len(docs))
    errors: list[BaseException] = []

    def add(doc: object) -> None:
        try:
            chunks = chunk_document(doc, pg.chunk_words, pg.chunk_overlap_words)  # type: ignore[arg-type]
            view = open_store(pg).load("t")  # every writer starts from the same version
            start.wait()
            view.with_documents(
                {doc.doc_id: doc_record(doc)},  # type: ignore[attr-defined]
                chunks,
                [tokenize(c.text, c.language) for c in chunks],
                encoder.encode([c.text for c in chunks]),
            ).publish()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=add, args=(d,)) for d in docs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    index = load(pg)
    assert {d.doc_id for d in docs} <= set(index.docs) and len(index.docs) == 1 + len(docs)
    assert index.size == index.manifest.chunks == len(index.chunk_table())


APP = """
import json, sys
from streamlit.testing.v1 import AppTest
from tests.test_curate_page import SCRIPT, _login

at = _login(AppTest.from_string(SCRIPT, default_timeout=60).run(), "dora", "correct horse")

def pending():
    return sorted(k.split("_", 1)[1] for k in (b.key or "" for b in at.button)
                  if k.startswith("approve_"))

print(json.dumps(pending()), flush=True)
for line in sys.stdin:
    words = line.split()
    if words and words[0] == "approve":
        at.button(key="approve_" + words[1]).click().run()
    at.run()
    assert not at.exception, at.exception
    print(json.dumps(pending()), flush=True)
"""


def _pending(app: subprocess.Popen[str]) -> list[str]:
    """The next list of pending ids an app process prints (the login widget prints too)."""
    assert app.stdout is not None
    while True:
        line = app.stdout.readline()
        assert line, "the app process ended"
        if line.startswith("["):
            return list(json.loads(line))


def _send(app: subprocess.Popen[str], line: str) -> None:
    assert app.stdin is not None
    app.stdin.write(line + "\n")
    app.stdin.flush()


def test_two_app_processes_see_one_catalog(pg: Settings, tmp_path: Path) -> None:
    from kb.curate.auth import add_user

    users = tmp_path / "users.yaml"
    add_user(users, "dora", "correct horse")
    curator = Curator(pg, "t", user="operator", encoder=make_encoder("hash-256"))
    curator.ingest([_folder(tmp_path, "ok", range(0, 1))])
    queued = curator.ingest([_folder(tmp_path, "queue", range(30, 32))], status="pending")
    env = {
        **store_env(pg),
        "PYTHONPATH": str(ROOT),
        "KB_USERS_FILE": str(users),
        "KB_DEFAULT_INDEX": "t",
    }
    apps = [
        subprocess.Popen(
            [sys.executable, "-c", APP],
            env=env,
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        assert [_pending(app) for app in apps] == [sorted(queued.pending)] * 2
        one, other = apps
        gone, left = sorted(queued.pending)
        _send(one, f"approve {gone}")
        assert _pending(one) == [left]
        _send(other, "rerun")  # the other process, untouched, reruns its page
        assert _pending(other) == [left]
    finally:
        for app in apps:
            if app.stdin is not None:
                app.stdin.close()
            app.wait(timeout=60)
    entry = open_catalog(pg).get("t", gone)
    assert entry.status == "approved" and entry.changed_by == "dora"
    assert gone in load(pg).docs
