"""`kb store migrate --to postgres` copies a file index and its catalog without re-embedding,
and the copy answers as the original does; `kb info` names the store."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from kb.answer.search import Searcher
from kb.cli import app
from kb.curate.catalog import open_catalog
from kb.curate.curator import Curator
from kb.ingest.embed import make_encoder
from kb.settings import Settings, get_settings
from kb.store.factory import open_store
from kb.store.lexical import query_words
from tests.support.files import report_text, write

runner = CliRunner()
QUERIES = ("fund bank loan", "export credit guarantee", "customs portal training", "voucher tax")


@pytest.fixture
def migrated_env(
    settings: Settings, pg_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[tuple[Settings, Settings]]:
    """A file index (6 approved documents, one pending) and the KB_* variables of the CLI."""
    curator = Curator(settings, "t", user="alice", encoder=make_encoder("hash-256"))
    for i in range(6):
        write(tmp_path / "d" / f"{i}.txt", report_text(i, 500))
    curator.ingest([tmp_path / "d"])
    write(tmp_path / "q" / "x.txt", report_text(77, 300))
    curator.ingest([tmp_path / "q"], status="pending")
    for key, value in {
        "KB_INDEX_DIR": str(settings.index_dir),
        "KB_CACHE_DIR": str(settings.cache_dir),
        "KB_ENCODER": "hash-256",
        "KB_DATABASE_URL": pg_url,
    }.items():
        monkeypatch.setenv(key, value)
    get_settings.cache_clear()
    yield settings, settings.with_(store="postgres", database_url=pg_url)
    get_settings.cache_clear()


def test_migrate_copies_index_and_catalog_without_embedding(
    migrated_env: tuple[Settings, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    file_s, pg_s = migrated_env

    def no_encoder(*args: object, **kwargs: object) -> None:
        raise AssertionError("migration must not embed anything")

    with monkeypatch.context() as patch:
        patch.setattr("kb.ingest.embed.make_encoder", no_encoder)
        res = runner.invoke(app, ["store", "migrate", "--to", "postgres", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    src, dst = open_store(file_s).load("t"), open_store(pg_s).load("t")
    assert report["indexes"]["t"] == {"documents": 6, "passages": src.size}
    assert dst.docs == src.docs and dst.manifest.encoder == src.manifest.encoder
    a, b = src.chunk_table(), dst.chunk_table()
    assert list(a["faiss_id"]) == list(b["faiss_id"]) and list(a["text"]) == list(b["text"])
    assert np.array_equal(src.vectors_of(a.index.to_numpy()), dst.vectors_of(b.index.to_numpy()))
    for q in QUERIES:  # BM25 from the copied term counts: the same scores for every passage
        np.testing.assert_allclose(
            dst.bm25(query_words(q), None).scores(b.index.to_numpy()),
            src.bm25(query_words(q), None).scores(a.index.to_numpy()),
            rtol=1e-5,
        )
    enc = make_encoder("hash-256")
    for q in QUERIES:
        hits = [
            [(h.chunk_id, round(h.score, 4)) for h in Searcher(v, enc, s).search(q)]
            for v, s in ((src, file_s), (dst, pg_s))
        ]
        assert hits[0] == hits[1]
    cat_file, cat_pg = open_catalog(file_s), open_catalog(pg_s)
    assert [e.to_json() for e in cat_pg.entries("t")] == [
        e.to_json() for e in cat_file.entries("t")
    ]
    assert {e.status for e in cat_pg.entries("t")} == {"approved", "pending"}
    file_events = [e.to_json() for e in cat_file.audit("t", limit=1000)]
    assert [e.to_json() for e in cat_pg.audit("t", limit=1000)] == file_events
    assert report["catalog"]["audit"] == len(cat_file.audit(limit=1000))


def test_migrate_refuses_to_overwrite_unless_asked(
    migrated_env: tuple[Settings, Settings],
) -> None:
    assert runner.invoke(app, ["store", "migrate", "--to", "postgres"]).exit_code == 0
    res = runner.invoke(app, ["store", "migrate", "--to", "postgres", "--index", "t"])
    assert res.exit_code == 2 and "already exists" in res.output and "--replace" in res.output
    res = runner.invoke(app, ["store", "migrate", "--to", "postgres", "--replace"])
    assert res.exit_code == 0 and "nothing embedded again" in res.stdout
    res = runner.invoke(app, ["store", "migrate", "--to", "files"])
    assert res.exit_code == 2 and "--to postgres" in res.output


def test_info_names_the_store(
    migrated_env: tuple[Settings, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    res = runner.invoke(app, ["info", "--index", "t", "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)["store"] == "file"
    assert runner.invoke(app, ["store", "migrate", "--to", "postgres"]).exit_code == 0
    monkeypatch.setenv("KB_STORE", "postgres")
    get_settings.cache_clear()
    res = runner.invoke(app, ["info", "--index", "t", "--json"])
    info = json.loads(res.stdout)
    assert res.exit_code == 0 and info["store"] == "postgres" and info["docs"] == 6
    assert info["path"].startswith("postgresql://") and info["path"].endswith("#t")
    res = runner.invoke(app, ["search", "fund bank loan", "--index", "t", "--json"])
    assert res.exit_code == 0 and json.loads(res.stdout)


def test_postgres_store_without_url_is_one_clear_error(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KB_STORE", "postgres")
    get_settings.cache_clear()
    res = runner.invoke(app, ["info"])
    assert res.exit_code == 1
    assert res.output.strip().startswith("error: store is 'postgres' but no database URL is set")
    monkeypatch.setenv("KB_DATABASE_URL", "postgresql://kb:secret@127.0.0.1:1/nowhere")
    get_settings.cache_clear()
    res = runner.invoke(app, ["info"])
    assert res.exit_code == 1 and "cannot connect to PostgreSQL" in res.output
    assert "secret" not in res.output  # the password is never printed


def test_hnsw_path_finds_what_the_exact_search_finds(
    migrated_env: tuple[Settings, Settings], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Small indexes are searched exactly; above EXACT_MAX passages pgvector's HNSW index
    answers, filters inside the scan. Forced here on the small index: the same hits."""
    import kb.store.postgres_view as view_module
    from kb.answer.search import Filters

    file_s, pg_s = migrated_env
    assert runner.invoke(app, ["store", "migrate", "--to", "postgres"]).exit_code == 0
    src, dst = open_store(file_s).load("t"), open_store(pg_s).load("t")
    enc = make_encoder("hash-256")
    some = tuple(sorted(src.docs)[:3])
    expected = {
        (q, f): [h.chunk_id for h in Searcher(src, enc, file_s).search(q, filters=f)]
        for q in QUERIES
        for f in (None, Filters(doc_ids=some))
    }
    monkeypatch.setattr(view_module, "EXACT_MAX", 0)
    for (q, f), ids in expected.items():
        assert [h.chunk_id for h in Searcher(dst, enc, pg_s).search(q, filters=f)] == ids
    # more candidates than pgvector's ef_search allows (the recommender asks for every passage)
    many = Searcher(dst, enc, pg_s).candidates("fund", Filters(doc_ids=some), k=5000)
    assert len(many) == src.count_chunks(some)
    assert Searcher(dst, enc, pg_s).candidates("fund bank", k=2000)
    # the query shape matches the partial HNSW index (on 36 rows the planner prefers a sort)
    with open_store(pg_s).connection() as conn:
        conn.execute("SET enable_seqscan = off")
        conn.execute("SET enable_bitmapscan = off")
        conn.execute("SET enable_sort = off")
        plan = conn.execute(
            "EXPLAIN SELECT vid FROM kb_chunk WHERE index_id = 1 ORDER BY "
            "embedding::vector(256) <#> %s::vector(256) LIMIT 10",
            (enc.encode(["fund"])[0],),
        ).fetchall()
        conn.execute("RESET ALL")
    assert "kb_chunk_hnsw_1" in " ".join(r[0] for r in plan)


def test_ingest_into_each_store_keeps_the_same_vectors_and_answers(
    settings: Settings, pg_url: str, tmp_path: Path
) -> None:
    """The same files ingested into each store: Postgres keeps the half-precision values FAISS
    keeps (SQfp16, the default), so every score and hit is the same."""
    from kb.curate.batch import Pipeline

    for i in range(8):
        write(tmp_path / "d" / f"{i}.txt", report_text(i + 200, 400))
    pg = settings.with_(store="postgres", database_url=pg_url)
    for s in (settings, pg):
        Pipeline(s, make_encoder("hash-256")).ingest_paths([tmp_path / "d"], "t")
    views = [open_store(s).load("t") for s in (settings, pg)]
    tables = [v.chunk_table(["chunk_id"]) for v in views]
    assert list(tables[0]["chunk_id"]) == list(tables[1]["chunk_id"])
    a, b = (v.vectors_of(t.index.to_numpy()) for v, t in zip(views, tables, strict=True))
    assert np.array_equal(a, b)
    enc = make_encoder("hash-256")
    for q in QUERIES:
        hits = [
            [(h.chunk_id, h.score) for h in Searcher(v, enc, s).search(q)]
            for v, s in zip(views, (settings, pg), strict=True)
        ]
        assert hits[0] == hits[1]
