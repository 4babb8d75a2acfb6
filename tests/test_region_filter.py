"""A region filter keeps a regional program (an IDB or ADB facility, which has no country) by
its own region, on both stores and on a Postgres index written before the region was stored."""

from __future__ import annotations

from pathlib import Path

from kb.answer.search import Searcher
from kb.settings import Settings
from kb.store.filters import Filters, allowed_docs, doc_table
from kb.vocab.countries import ASIAN_REGIONS, LAC_REGION, REGION_CODES, region_names
from tests.support.app_index import subset_corpus

ASIA, LAC = tuple(sorted(ASIAN_REGIONS)), (LAC_REGION,)
# two regional programs (no country) beside national ones of each region
WINDOWS = ["sgp-tradenet", "hkg-tsw", "bra-portal-unico", "mex-vucem", "adb-tscfp", "lac-idb-tffp"]


def test_a_region_filter_keeps_regional_programs(corpus_searcher: Searcher) -> None:
    # An IDB or ADB facility has no country: its own region is what a region filter matches.
    table = doc_table(corpus_searcher.index.docs)
    programs = {d.program.id: k for k, d in corpus_searcher.index.docs.items() if d.program}
    asia = allowed_docs(table, Filters(regions=ASIA))
    lac = allowed_docs(table, Filters(regions=LAC))
    assert programs["adb-tscfp"] in asia and programs["adb-tscfp"] not in lac
    assert programs["lac-idb-tffp"] in lac and programs["lac-idb-tffp"] not in asia
    assert programs["sgp-tradenet"] in asia and programs["bra-portal-unico"] in lac


def test_both_stores_filter_regional_programs_by_their_region(
    store_settings: Settings, tmp_path: Path
) -> None:
    from kb.curate.batch import build_corpus
    from kb.ingest.embed import make_encoder
    from kb.store.factory import open_store

    corpus = subset_corpus(tmp_path / "corpus", WINDOWS, [])
    s = store_settings.with_(corpus_dir=corpus)
    build_corpus(s)
    search = Searcher(open_store(s).load(s.default_index), make_encoder(s.encoder), s)

    def found(regions: tuple[str, ...]) -> set[str | None]:
        hits = search.search("single window trade finance", 20, Filters(regions=regions), "bm25")
        return {h.program_id for h in hits}

    lac, asia = found(LAC), found(ASIA)
    assert {"lac-idb-tffp", "bra-portal-unico", "mex-vucem"} <= lac
    assert {"adb-tscfp", "sgp-tradenet", "hkg-tsw"} <= asia and not lac & asia


def test_postgres_reads_a_regional_programs_region_from_an_index_written_before(
    settings: Settings, pg_url: str, tmp_path: Path
) -> None:
    """Rows written before a program's own region was stored in `regions`: the filter reads it
    from the stored record."""
    import psycopg

    from kb.curate.batch import build_corpus
    from kb.ingest.embed import make_encoder
    from kb.store.factory import open_store

    s = settings.with_(
        store="postgres",
        database_url=pg_url,
        corpus_dir=subset_corpus(tmp_path / "corpus", WINDOWS, []),
    )
    build_corpus(s)
    with psycopg.connect(pg_url) as conn:
        cleared = conn.execute(
            "UPDATE kb_document SET regions = '{}' "
            "WHERE program_id IN ('adb-tscfp', 'lac-idb-tffp')"
        ).rowcount
    assert cleared == 2
    search = Searcher(open_store(s).load(s.default_index), make_encoder(s.encoder), s)
    hits = search.search("trade finance", 20, Filters(regions=LAC), "bm25")
    assert "lac-idb-tffp" in {h.program_id for h in hits}
    hits = search.search("trade finance", 20, Filters(regions=(REGION_CODES["ASIA"],)), "bm25")
    assert {h.program_id for h in hits} == {"adb-tscfp"}


def test_a_region_is_named_by_its_name_or_code_and_asia_by_all_three() -> None:
    assert region_names("eap") == ["East Asia & Pacific"] == region_names(" east asia & pacific")
    assert region_names("LAC") == [LAC_REGION] and region_names("WLD") == ["World"]
    assert region_names("Asia") == region_names("ASIA") == sorted(ASIAN_REGIONS)
    assert region_names("Asia and Pacific") == [REGION_CODES["ASIA"]]
    assert region_names("Mars") is None
