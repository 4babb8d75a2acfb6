"""kb.answer.recommend on the shipped corpus (fake encoder), plus one run with the real encoders."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest

from kb.answer.fit import (
    MIN_FIT,
    AsianRule,
    Candidate,
    context_fit,
    direct_coverage,
    direct_needs,
    diversify,
    need_credit,
    need_instruments,
    score_program,
    taxonomy_fit,
    with_asian_practice,
)
from kb.answer.profile import Profile
from kb.answer.reasons import need_reasons
from kb.answer.recommend import CASE_PASSAGES, _best_quotable, need_query, recommend
from kb.answer.search import Searcher
from kb.api import encoder_for
from kb.curate.batch import build_corpus
from kb.errors import MetadataError
from kb.ingest.embed import make_encoder
from kb.records import ProgramInfo
from kb.settings import Settings, get_settings
from kb.store.index import Index
from kb.store.links import program_links
from kb.vocab import countries, problems, taxonomy
from kb.vocab.labels import t
from tests.support.files import ROOT

ASIA = {"East Asia & Pacific", "South Asia"}


@pytest.fixture(scope="module")
def searcher(tmp_path_factory: pytest.TempPathFactory) -> Searcher:
    tmp = tmp_path_factory.mktemp("rec")
    s = get_settings().with_(index_dir=tmp / "idx", cache_dir=tmp / "cache", encoder="hash-256")
    build_corpus(s)  # a policy note another author is still fixing may fail; programs load
    return Searcher(Index.load(s.index_path()), make_encoder("hash-256"), s)


def _all(searcher: Searcher) -> int:
    return sum(1 for d in searcher.index.docs.values() if d.doc_type == "program")


def _credit_profile(**kw: object) -> Profile:
    return Profile(
        country="HND",
        needs=["access-to-credit"],
        text="Las pymes no tienen garantías reales y los bancos no les prestan",
        **kw,
    )


# ---- units -----------------------------------------------------------------------------
def test_need_credit_weighs_what_a_program_does_over_what_it_lists() -> None:
    wc = "working-capital"
    assert need_credit(wc, [wc], ["supply-chain-finance"]) == pytest.approx(1.0)  # primary
    assert need_credit(wc, [wc], ["credit-guarantee"]) == pytest.approx(0.6)  # secondary
    assert need_credit(wc, [wc], ["single-window"]) == pytest.approx(0.4)  # listed only
    assert need_credit(wc, [], ["supply-chain-finance"]) == pytest.approx(0.6)
    assert need_credit(wc, [], ["credit-guarantee"]) == pytest.approx(0.2)
    assert need_credit(wc, ["innovation"], ["voucher"]) == 0.0
    # a program with a primary and a secondary instrument gets the primary tier
    assert need_credit(wc, [wc], ["credit-guarantee", "supply-chain-finance"]) == pytest.approx(1.0)


def test_a_voucher_or_matching_grant_serves_only_the_needs_its_program_lists() -> None:
    entry, innovation = "export-market-entry", "innovation"
    export_voucher = ([entry], ["voucher", "export-promotion"])
    assert need_credit(entry, *export_voucher) == pytest.approx(1.0)
    assert need_credit(innovation, *export_voucher) == 0.0  # an export voucher, not for R&D
    assert need_credit(innovation, [innovation], ["matching-grant"]) == pytest.approx(1.0)
    assert need_credit(innovation, [entry], ["matching-grant"]) == 0.0
    # an instrument that is a purpose counts without the need listed, as before
    assert need_credit(entry, [], ["export-promotion"]) == pytest.approx(0.6)
    assert need_reasons([innovation, entry], *export_voucher, "en") == [
        "Addresses your need “Export market entry” directly."
    ]


def test_taxonomy_fit_averages_need_credits_with_weights() -> None:
    want = {"access-to-credit": 1.0, "export-finance": 1.0}
    both = taxonomy_fit(want, ["access-to-credit", "export-finance"], ["export-credit"])
    assert both == pytest.approx((0.4 + 1.0) / 2)  # export credit: primary for export finance only
    assert taxonomy_fit(want, ["innovation"], ["microcredit"]) == pytest.approx(0.6 / 2)
    weighted = {"access-to-credit": 3.0, "export-finance": 1.0}
    assert taxonomy_fit(weighted, [], ["microcredit"]) == pytest.approx(0.6 * 3 / 4)
    assert taxonomy_fit({}, ["access-to-credit"], ["credit-guarantee"]) == 0.0
    assert taxonomy_fit(want, ["innovation"], ["voucher"]) == 0.0


def test_using_trade_agreements_is_served_by_rules_of_origin_support_first() -> None:
    """Advice in general serves the need less directly than help with origin itself; a
    certificate of origin is one document of an export, so it helps export procedures too."""
    ta = "trade-agreement-use"
    assert need_credit(ta, [ta], ["rules-of-origin-support"]) == pytest.approx(1.0)
    assert need_credit(ta, [ta], ["advisory-services"]) == pytest.approx(0.6)
    assert need_credit(ta, [], ["single-window"]) == pytest.approx(0.2)
    assert need_credit(ta, [], ["credit-guarantee"]) == 0.0
    ep = "export-procedures"
    assert need_credit(ep, [ep], ["rules-of-origin-support"]) == pytest.approx(0.6)


def test_a_reason_names_one_or_several_instruments_in_the_language() -> None:
    need = "trade-agreement-use"
    one = need_reasons([need], [], ["single-window"], "en")
    assert one == [
        "Addresses your need “Using trade agreements” through its instrument single window."
    ]
    two = need_reasons([need], [], ["export-promotion", "advisory-services", "voucher"], "es")
    assert two == [
        "Atiende su necesidad “Aprovechamiento de acuerdos comerciales” mediante sus "
        "instrumentos promoción de exportaciones y servicios de asesoría empresarial."
    ]
    # a need the program lists: "directly" only with a primary instrument for it
    assert need_reasons([need], [need], ["rules-of-origin-support"], "pt") == [
        "Atende diretamente à sua necessidade “Aproveitamento de acordos comerciais”."
    ]
    assert need_reasons([need], [need], ["advisory-services"], "en") == [
        "Addresses your need “Using trade agreements” through its instrument business advisory"
        " services."
    ]
    assert need_reasons([need], [need], ["voucher"], "pt") == [
        "Inclui a sua necessidade “Aproveitamento de acordos comerciais” entre seus objetivos, "
        "sem um instrumento que a atenda diretamente."
    ]


def test_need_map_tiers_are_known_disjoint_and_cover_every_need() -> None:
    for need in taxonomy.NEEDS:
        m = need_instruments(need)
        assert m.primary, f"{need} has no primary instrument"
        assert not set(m.primary) & set(m.secondary), need
        assert set(m.primary + m.secondary) <= set(taxonomy.INSTRUMENTS), need
        assert taxonomy.NEED_INSTRUMENTS[need] == m.primary + m.secondary
    assert need_instruments("working-capital").primary == ("supply-chain-finance",)
    assert "credit-guarantee" in need_instruments("working-capital").secondary
    assert need_instruments("export-procedures").primary == ("single-window",)
    assert "export-promotion" in need_instruments("export-market-entry").primary


def test_context_and_evidence_do_not_lift_a_program_that_does_not_serve_the_needs() -> None:
    """Seen on a development profile (Mexico: export finance, export procedures, trade
    agreements): a Costa Rican supplier-linkage program with a rigorous evaluation ranked
    eighth on its neighbour's context, above export credit agencies that serve a need. Context
    and evidence now count in proportion to how well a program answers the profile."""
    s = get_settings()
    needs = ["export-finance", "export-procedures", "trade-agreement-use"]
    profile = Profile(country="MEX", needs=needs)

    def program(pid: str, country: str, need: str, instrument: str, evidence: str) -> ProgramInfo:
        return ProgramInfo(
            id=pid,
            name=pid,
            country=country,
            needs=(need,),
            instruments=(instrument,),
            evidence=evidence,
        )

    linkage = program(
        "x-linkage", "CRI", "value-chain-linkages", "supplier-development", "rigorous-evaluation"
    )
    exim = program("x-exim", "KOR", "export-finance", "export-credit-insurance", "monitoring")
    near, far = score_program(profile, linkage, 0.5, s), score_program(profile, exim, 0.5, s)
    assert near.parts["taxonomy"] == 0.0 < far.parts["taxonomy"] == pytest.approx(1 / 3)
    assert near.parts["context"] > far.parts["context"] and near.parts["evidence"] == 1.0
    assert far.score > near.score

    # Added in full, as before, the neighbour's context and evaluation won.
    def summed(c: Candidate) -> float:
        return sum(getattr(s, f"w_{k}") * v for k, v in c.parts.items())

    assert summed(near) > summed(far)
    # Alone, context and evidence still order programs (no text or taxonomy weight).
    bare = s.with_(w_text=0.0, w_taxonomy=0.0)
    assert (
        score_program(profile, linkage, 0.5, bare).score
        > score_program(profile, exim, 0.5, bare).score
    )


def test_context_fit_prefers_neighbours() -> None:
    same_sub = context_fit("HND", "GTM")  # same region and subregion, neighbouring income group
    far = context_fit("HND", "KOR")
    assert 0 <= far < same_sub < 1
    assert context_fit("HND", "HND") == 1.0
    assert context_fit("HND", "ASIA") == 0.0  # a region code has no income group


def test_diversify_caps_country_instrument_greedily() -> None:
    def cand(score: float, pid: str, country: str, *instruments: str) -> Candidate:
        return Candidate(ProgramInfo(pid, pid, country, instruments=instruments), score, {})

    ranked = [
        cand(0.9, "a", "KOR", "credit-guarantee"),
        cand(0.8, "b", "KOR", "credit-guarantee", "voucher"),
        cand(0.7, "c", "KOR", "credit-guarantee"),
        cand(0.6, "d", "KOR", "voucher"),
        cand(0.5, "e", "JPN", "credit-guarantee"),
    ]
    assert [c.program.id for c in diversify(ranked, 2, 10)] == ["a", "b", "d", "e"]
    assert [c.program.id for c in diversify(ranked, 1, 10)] == ["a", "d", "e"]
    assert [c.program.id for c in diversify(ranked, 2, 2)] == ["a", "b"]


# ---- need mapping and Asian practice (issue 13.4) ---------------------------------------
def test_working_capital_ranks_reverse_factoring_above_guarantee_fund_all_else_equal() -> None:
    prof = Profile(country="GTM", needs=["working-capital"]).filled()
    common = {"country": "THA", "region": "East Asia & Pacific", "evidence": "monitoring"}
    factoring = ProgramInfo(
        "rf",
        "Reverse factoring platform",
        instruments=("supply-chain-finance",),
        needs=("working-capital", "access-to-credit"),
        **common,
    )
    guarantee = ProgramInfo(
        "cg",
        "Credit guarantee fund",
        instruments=("credit-guarantee",),
        needs=("working-capital", "access-to-credit"),
        **common,
    )
    s = get_settings()
    a, b = (score_program(prof, p, 0.5, s) for p in (factoring, guarantee))
    assert a.parts["taxonomy"] > b.parts["taxonomy"] and a.score > b.score
    assert {k: v for k, v in a.parts.items() if k != "taxonomy"} == {
        k: v for k, v in b.parts.items() if k != "taxonomy"
    }


def _for(
    pid: str, score: float, need: str, instruments: tuple[str, ...], profile_needs: list[str]
) -> Candidate:
    """An Asian program (country from its id) for one need, its fit computed for the profile."""
    info = ProgramInfo(pid, pid, pid[:3].upper(), instruments=instruments, needs=(need,))
    fit = taxonomy_fit(dict.fromkeys(profile_needs, 1.0), info.needs, info.instruments)
    return Candidate(info, score, {"taxonomy": fit})


def _cand(pid: str, country: str, score: float, fit: float, *instruments: str) -> Candidate:
    prog = ProgramInfo(pid, pid, country, instruments=instruments or ("voucher",))
    return Candidate(prog, score, {"taxonomy": fit})


RULE = AsianRule(minimum=2, floor=0.75)


def _lac_list() -> list[Candidate]:
    countries_ = ["CHL", "COL", "PER", "MEX", "BRA", "ARG", "URY", "CRI", "PAN", "DOM"]
    return [_cand(f"lac{i}", c, 0.9 - i * 0.02, 0.9) for i, c in enumerate(countries_)]


def test_asian_practice_brings_in_the_best_two_that_serve_the_needs() -> None:
    chosen = _lac_list()  # last score 0.72
    asian = [
        _cand("kor-a", "KOR", 0.70, 0.9),
        _cand("ind-a", "IND", 0.66, 0.3),  # does not serve the needs: skipped
        _cand("sgp-a", "SGP", 0.65, 0.8),
        _cand("jpn-a", "JPN", 0.60, 0.9),  # third: not needed
    ]
    ranked = sorted(chosen + asian, key=lambda c: -c.score)
    out = with_asian_practice(chosen, ranked, "HND", RULE, cap=2, top_k=10)
    ids = [c.program.id for c in out]
    assert len(out) == 10 and {"kor-a", "sgp-a"} <= set(ids)
    assert "ind-a" not in ids and "jpn-a" not in ids
    assert "lac9" not in ids and "lac8" not in ids  # the two lowest non-Asian give way
    assert [c.score for c in out] == sorted((c.score for c in out), reverse=True)
    # already two Asian programs that serve the needs: nothing changes
    assert with_asian_practice(out, ranked, "HND", RULE, cap=2, top_k=10) == out


def test_asian_practice_forces_nothing_that_does_not_serve_or_scores_too_low() -> None:
    chosen = _lac_list()
    weak_fit = [_cand(f"a{i}", "KOR", 0.70, MIN_FIT - 0.1) for i in range(3)]
    far_below = [_cand(f"b{i}", "JPN", 0.72 * 0.75 - 0.01, 1.0) for i in range(3)]
    for asian in (weak_fit, far_below):
        ranked = sorted(chosen + asian, key=lambda c: -c.score)
        assert with_asian_practice(chosen, ranked, "HND", RULE, cap=2, top_k=10) == chosen


def test_asian_practice_leaves_non_lac_profiles_and_off_switch_alone() -> None:
    chosen = _lac_list()
    ranked = sorted([*chosen, _cand("kor-a", "KOR", 0.71, 0.9)], key=lambda c: -c.score)
    assert with_asian_practice(chosen, ranked, "IND", RULE, cap=2, top_k=10) == chosen
    off = AsianRule(minimum=0, floor=0.75)
    assert with_asian_practice(chosen, ranked, "HND", off, cap=2, top_k=10) == chosen


def test_asian_practice_respects_the_country_instrument_cap() -> None:
    chosen = [
        *_lac_list()[:8],
        _cand("kor-x", "KOR", 0.74, 0.2, "voucher"),  # Asian, does not serve: not counted
        _cand("kor-y", "KOR", 0.73, 0.2, "voucher"),
    ]
    ranked = sorted([*chosen, _cand("kor-z", "KOR", 0.72, 0.9, "voucher")], key=lambda c: -c.score)
    out = with_asian_practice(chosen, ranked, "HND", RULE, cap=2, top_k=10)
    assert "kor-z" not in {c.program.id for c in out}  # KOR already has two vouchers listed


def test_asian_programs_brought_in_cover_the_needs_before_the_score() -> None:
    needs = ["export-procedures", "working-capital"]
    window = _for("chn-w", 0.72, needs[0], ("single-window",), needs)
    chosen = [*_lac_list()[:9], window]  # one Asian program, serving export procedures
    second_window = _for("idn-w", 0.70, needs[0], ("single-window",), needs)
    factoring = _for("kor-f", 0.60, needs[1], ("supply-chain-finance",), needs)
    ranked = sorted([*chosen, second_window, factoring], key=lambda c: -c.score)
    by_score = with_asian_practice(chosen, ranked, "JAM", RULE, cap=2, top_k=10)
    by_need = with_asian_practice(chosen, ranked, "JAM", RULE, cap=2, top_k=10, needs=needs)
    assert "idn-w" in {c.program.id for c in by_score}  # without needs: the best score
    assert {"chn-w", "kor-f"} <= {c.program.id for c in by_need}
    assert "idn-w" not in {c.program.id for c in by_need}
    # with no Asian program for the uncovered need, the best-scored one still comes in
    ranked = sorted([*chosen, second_window], key=lambda c: -c.score)
    out = with_asian_practice(chosen, ranked, "JAM", RULE, cap=2, top_k=10, needs=needs)
    assert "idn-w" in {c.program.id for c in out}


def test_an_asian_program_covers_a_need_only_if_it_is_for_it() -> None:
    """A trade window that also registers traders serves formalisation through an instrument
    (0.6) but is for export procedures: it does not cover formalisation."""
    needs = ["export-procedures", "formalization"]
    window = _for("hkg-w", 0.72, needs[0], ("single-window",), needs)
    zones = _for("chn-z", 0.71, needs[0], ("single-window", "business-registration"), needs)
    simple_tax = _for("phl-t", 0.60, needs[1], ("tax-regime",), needs)
    chosen = [*_lac_list()[:9], window]
    ranked = sorted([*chosen, zones, simple_tax], key=lambda c: -c.score)
    out = with_asian_practice(chosen, ranked, "PAN", RULE, cap=2, top_k=10, needs=needs)
    assert "phl-t" in {c.program.id for c in out} and "chn-z" not in {c.program.id for c in out}


def test_a_profile_of_three_needs_still_learns_from_asia() -> None:
    """Serving one of three needs fully is a taxonomy fit of 1/3, below MIN_FIT."""
    needs = ["formalization", "digitalization", "trade-agreement-use"]
    origin = _for("jpn-o", 0.70, needs[2], ("rules-of-origin-support",), needs)
    online = _for("sgp-e", 0.68, needs[1], ("e-commerce-support",), needs)
    advice = _for("kor-a", 0.69, "skills-and-management", ("advisory-services",), needs)
    assert origin.parts["taxonomy"] < MIN_FIT
    chosen = _lac_list()
    ranked = sorted([*chosen, origin, online, advice], key=lambda c: -c.score)
    out = with_asian_practice(chosen, ranked, "CRI", RULE, cap=2, top_k=10, needs=needs)
    assert {"jpn-o", "sgp-e"} <= {c.program.id for c in out}
    assert "kor-a" not in {c.program.id for c in out}  # advice only helps around one need
    assert with_asian_practice(chosen, ranked, "CRI", RULE, cap=2, top_k=10) == chosen


def test_business_registration_serves_formalization_not_export_procedures() -> None:
    registration = ["business-registration"]
    assert need_credit("formalization", [], registration) == pytest.approx(0.6)
    assert need_credit("export-procedures", [], registration) == 0.0
    assert need_credit("export-procedures", [], ["single-window"]) == pytest.approx(0.6)
    assert need_credit("formalization", [], ["single-window"]) == 0.0  # registers exporters
    # a tax measure serves what its program is for: export tax treatment is not formalisation
    assert need_credit("formalization", ["export-procedures"], ["tax-regime"]) == 0.0
    assert need_credit("formalization", ["formalization"], ["tax-regime"]) == pytest.approx(1.0)


# ---- on the shipped corpus --------------------------------------------------------------
def test_central_american_credit_profile_gets_guarantees_from_several_countries(
    searcher: Searcher,
) -> None:
    recs = recommend(_credit_profile(), searcher, searcher.settings).recommendations
    assert len(recs) == 10
    guarantees = [r for r in recs if "credit-guarantee" in r.instruments]
    assert len({r.country for r in guarantees}) >= 3
    assert any(r.region in ASIA for r in guarantees), [r.program_id for r in recs]
    assert all(
        "access-to-credit" in r.needs
        or set(r.instruments) & set(taxonomy.NEED_INSTRUMENTS["access-to-credit"])
        for r in recs[:5]
    )


ASIAN_PRACTICE = {
    "en": "Asian practice to learn from",
    "es": "Práctica asiática de referencia",
    "pt": "Prática asiática de referência",
}


def _export_profile(country: str) -> Profile:
    return Profile(country=country, needs=["export-procedures", "export-market-entry"])


def test_lac_export_profile_learns_from_asia_with_the_reason(searcher: Searcher) -> None:
    by_lang = {
        lang: recommend(_export_profile("JAM"), searcher, searcher.settings, lang=lang)
        for lang in ASIAN_PRACTICE
    }
    recs = by_lang["en"].recommendations
    flagged = [r for r in recs if r.asian_practice]
    assert len(flagged) >= 2, [(r.program_id, r.score) for r in recs]
    assert all(countries.is_asian(r.country) for r in flagged)
    assert all(r.components["taxonomy"] >= MIN_FIT for r in flagged)
    assert all(r.country != "JAM" for r in recs)  # own country stays out ...
    assert any(r.country == "JAM" for r in by_lang["en"].own)  # ... and is listed apart
    for lang, words in ASIAN_PRACTICE.items():
        for r in by_lang[lang].recommendations:
            said = any(reason.startswith(words) for reason in r.reasons)
            assert said == r.asian_practice, (lang, r.program_id, r.reasons)
    assert all(r.to_json()["asian_practice"] == r.asian_practice for r in recs)


def test_asian_practice_rule_is_what_brings_asia_in_on_the_corpus(searcher: Searcher) -> None:
    s = searcher.settings
    off = s.with_(asian_practice_min=0)
    prof = _export_profile("JAM")
    without = recommend(prof, searcher, off).recommendations
    with_rule = recommend(prof, searcher, s).recommendations
    asian_off = [r for r in without if countries.is_asian(r.country)]
    assert len(asian_off) < 2  # issue 13: without the rule, Asia is (nearly) missing
    asian_on = [r for r in with_rule if r.asian_practice]
    assert len(asian_on) >= max(2, len([r for r in asian_off if r.asian_practice]))
    added = {r.program_id for r in with_rule} - {r.program_id for r in without}
    assert all(countries.is_asian(r.country) for r in with_rule if r.program_id in added)
    # a list of all programs already holds every Asian one: the rule changes nothing there
    n = _all(searcher)
    assert [r.program_id for r in recommend(prof, searcher, off, top_k=n).recommendations] == [
        r.program_id for r in recommend(prof, searcher, s, top_k=n).recommendations
    ]


def test_two_needs_meet_asian_practice_for_each_on_the_corpus(searcher: Searcher) -> None:
    """Export procedures and working capital: Asia's single windows and its payables platforms."""
    prof = Profile(country="JAM", needs=["export-procedures", "working-capital"])
    recs = recommend(prof, searcher, searcher.settings).recommendations
    flagged = [r for r in recs if r.asian_practice]
    for need in prof.needs:
        primary = set(taxonomy.NEED_PRIMARY_INSTRUMENTS[need])
        assert any(primary & set(r.instruments) for r in flagged), (need, flagged)
        # the reason says which need Asian practice is for
        label = f"“{t(f'need.{need}', 'en')}”"
        assert any(
            x.startswith("Asian practice") and label in x for r in flagged for x in r.reasons
        ), (need, [r.reasons for r in flagged])
        # and so does the JSON, as data
        assert any(need in r.to_json()["asian_practice_needs"] for r in flagged), need
    assert all(not r.to_json()["asian_practice_needs"] for r in recs if not r.asian_practice)
    # Brazil's registration portal for micro-entrepreneurs does not serve export procedures
    every = recommend(prof, searcher, searcher.settings, top_k=_all(searcher)).recommendations
    mei = next(r for r in every if r.program_id == "bra-mei")
    assert "business-registration" in mei.instruments
    assert mei.components["taxonomy"] == 0.0, mei.reasons


def test_three_needs_on_the_corpus_still_bring_asian_practice(searcher: Searcher) -> None:
    prof = Profile(country="CRI", needs=["formalization", "digitalization", "trade-agreement-use"])
    recs = recommend(prof, searcher, searcher.settings).recommendations
    flagged = [r for r in recs if r.asian_practice]
    assert len(flagged) >= 2, [(r.program_id, r.components) for r in recs]
    assert all(countries.is_asian(r.country) for r in flagged)


def test_non_lac_profile_is_not_touched_by_the_asian_rule(searcher: Searcher) -> None:
    s = searcher.settings
    prof = _export_profile("IDN")
    on = recommend(prof, searcher, s).recommendations
    off = recommend(prof, searcher, s.with_(asian_practice_min=0)).recommendations
    assert [r.program_id for r in on] == [r.program_id for r in off]
    assert not any(r.asian_practice for r in on)
    assert all(r.country != "IDN" for r in on)


def test_score_is_the_documented_sum(searcher: Searcher) -> None:
    s = searcher.settings
    recs = recommend(_credit_profile(), searcher, s, top_k=_all(searcher)).recommendations
    for r in recs:
        c = r.components
        assert all(0.0 <= v <= 1.0 for v in c.values())
        answers = s.w_text * c["text"] + s.w_taxonomy * c["taxonomy"]
        share = answers / (s.w_text + s.w_taxonomy)
        expected = answers + share * (s.w_context * c["context"] + s.w_evidence * c["evidence"])
        assert r.score == pytest.approx(expected)
        assert c["evidence"] == taxonomy.EVIDENCE_SCORE[r.evidence]
    assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)
    assert [r.rank for r in recs] == list(range(1, len(recs) + 1))


def test_diversity_cap_holds_on_the_corpus(searcher: Searcher) -> None:
    n = _all(searcher)
    prof = _credit_profile()
    free = recommend(
        prof, searcher, searcher.settings.with_(max_per_country_instrument=n), top_k=n
    ).recommendations
    pairs = Counter((r.country, i) for r in free for i in r.instruments)
    assert max(pairs.values()) >= 2  # the corpus has countries with two programs of one kind
    for cap in (1, 2):
        capped = recommend(
            prof, searcher, searcher.settings.with_(max_per_country_instrument=cap), top_k=n
        ).recommendations
        counts = Counter((r.country, i) for r in capped for i in r.instruments)
        assert max(counts.values()) <= cap
        assert len(capped) < len(free)


def test_own_country_reported_separately_unless_included(searcher: Searcher) -> None:
    prof = Profile(country="CHL", needs=["access-to-credit"])
    n = _all(searcher)
    result = recommend(prof, searcher, searcher.settings, top_k=n)
    assert all(r.country != "CHL" for r in result.recommendations)
    assert "chl-fogape" in {r.program_id for r in result.own}
    assert all(r.country == "CHL" for r in result.own)
    with_own = recommend(prof, searcher, searcher.settings, top_k=n, include_own=True)
    assert any(r.country == "CHL" for r in with_own.recommendations)


def test_missing_condition_is_flagged(searcher: Searcher) -> None:
    prof = _credit_profile(conditions={"credit-bureau": "no", "banking-network": "yes"})
    recs = recommend(prof, searcher, searcher.settings, top_k=_all(searcher), lang="en")
    relying = [
        r
        for r in recs.recommendations
        if any(t["condition"] == "credit-bureau" for t in r.transferability)
    ]
    assert relying, "some credit program in the corpus relies on a credit bureau"
    label = t("condition.credit-bureau", "en")
    for r in relying:
        status = {t["condition"]: t["status"] for t in r.transferability}
        assert status["credit-bureau"] == "missing"
        assert status.get("banking-network", "has") == "has"
        assert all(
            v == "unknown"
            for k, v in status.items()
            if k not in ("credit-bureau", "banking-network")
        )
        assert any(label in reason and "missing" in reason for reason in r.reasons)


def test_the_answers_about_conditions_inform_and_do_not_reorder(searcher: Searcher) -> None:
    """The Recommend page says each program shows the conditions it relied on and that the order
    follows the needs: a ministry without a credit bureau may want to see how others built one
    (docs/recommender.md). The answers change what a card says, never the ranking."""
    every = {c: "no" for c in ("credit-bureau", "banking-network", "fiscal-resources")}
    lists = [
        recommend(_credit_profile(conditions=answers), searcher, searcher.settings, top_k=10)
        for answers in ({}, every, dict.fromkeys(every, "yes"))
    ]
    ranked = [[(r.program_id, r.score) for r in got.recommendations] for got in lists]
    assert ranked[0] == ranked[1] == ranked[2]
    assert any(
        any(x["status"] == "missing" for x in r.transferability) for r in lists[1].recommendations
    )


def test_reasons_in_spanish_and_english(searcher: Searcher) -> None:
    es = recommend(_credit_profile(), searcher, searcher.settings, lang="es").recommendations[0]
    en = recommend(_credit_profile(), searcher, searcher.settings, lang="en").recommendations[0]
    assert es.program_id == en.program_id
    assert any("Acceso al crédito" in r for r in es.reasons)
    assert any("Access to credit" in r for r in en.reasons)
    level_es = t(f"evidence.{es.evidence}", "es", default=es.evidence)
    assert any(level_es in r for r in es.reasons)
    name_es = countries.get("HND").name("es")
    assert any(name_es in r for r in es.reasons)


def test_the_text_reason_says_what_the_text_was(searcher: Searcher) -> None:
    """With free text the reason cites the user's description; with needs alone, the problem
    behind them (which is what the text search asked), in the reader's language."""
    with_text = recommend(_credit_profile(), searcher, searcher.settings, lang="pt")
    needs_only = recommend(
        Profile(country="HND", needs=["working-capital"]), searcher, searcher.settings, lang="pt"
    )
    said_text = t("reason.text", "pt", score=0.0).split("(")[0]
    said_need = t("reason.text_need", "pt", score=0.0).split("(")[0]
    for recs, said, unsaid in (
        (with_text, said_text, said_need),
        (needs_only, said_need, said_text),
    ):
        for r in recs.recommendations:
            assert any(x.startswith(said) for x in r.reasons) == (r.components["text"] > 0)
            assert not any(x.startswith(unsaid) for x in r.reasons)


def test_region_filter(searcher: Searcher) -> None:
    for region in ("East Asia & Pacific", "EAP"):
        prof = _credit_profile(regions=(region,))
        recs = recommend(prof, searcher, searcher.settings).recommendations
        assert recs and all(r.region == "East Asia & Pacific" for r in recs)


def test_citations_include_case_study_and_other_documents(searcher: Searcher) -> None:
    links = program_links(searcher.index)
    recs = recommend(
        _credit_profile(), searcher, searcher.settings, top_k=_all(searcher)
    ).recommendations
    program_docs = {k for k, d in searcher.index.docs.items() if d.doc_type == "program"}
    assert any(links[r.program_id] for r in recs), "some policy note names a credit program"
    chunks = searcher.index.chunks
    body_passages = Counter(chunks.loc[chunks["seq"] > 0, "doc_id"])
    doc_of = {d.program.id: k for k, d in searcher.index.docs.items() if d.program is not None}
    for r in recs:
        # A case study with body passages is quoted first (passage 0 is its name header).
        if body_passages[doc_of[r.program_id]]:
            assert r.citations and r.citations[0].doc_id == doc_of[r.program_id]
            assert all(c.chunk_id != f"{doc_of[r.program_id]}:0" for c in r.citations)
        assert all(c.title and c.page >= 1 and c.snippet for c in r.citations)
        others = [c for c in r.citations if c.doc_id not in program_docs]
        assert bool(others) == bool(links[r.program_id])


@pytest.fixture(scope="module")
def real(tmp_path_factory: pytest.TempPathFactory) -> tuple[Searcher, Settings]:
    """The shipped corpus indexed afresh with the real default encoder (passage vectors from
    the repository's embedding cache, shared with the other real-encoder tests)."""
    tmp = tmp_path_factory.mktemp("real")
    s: Settings = get_settings().with_(index_dir=tmp / "idx", cache_dir=ROOT / ".cache")
    build_corpus(s)
    return Searcher(Index.load(s.index_path()), encoder_for(s), s), s


@pytest.mark.integration
def test_real_encoders_rank_credit_guarantees(real: tuple[Searcher, Settings]) -> None:
    searcher, s = real
    prof = Profile(
        country="GTM",
        needs=["access-to-credit"],
        text="small firms lack collateral and banks will not lend to them",
    )
    recs = recommend(prof, searcher, s, lang="es").recommendations
    guarantees = [r for r in recs if "credit-guarantee" in r.instruments]
    assert len(guarantees) >= 3 and len({r.country for r in guarantees}) >= 3
    assert any(r.region in ASIA for r in guarantees)
    assert all(r.country != "GTM" for r in recs)
    top_text = max(recs, key=lambda r: r.components["text"])
    assert top_text.components["text"] > 0.5 and "access-to-credit" in top_text.needs


@pytest.mark.integration
def test_a_need_alone_finds_the_instruments_that_solve_it(real: tuple[Searcher, Settings]) -> None:
    """A working-capital need with no text of its own: the text search asks for the problem
    (cash while invoices are unpaid), so early-payment platforms lead, not lenders that repeat
    the words "working capital" (with the bare label, 3 of the top 10 were supply-chain finance)."""
    searcher, s = real
    recs = recommend(Profile(country="HND", needs=["working-capital"]), searcher, s).recommendations
    chain = [r for r in recs if "supply-chain-finance" in r.instruments]
    assert len(chain) >= 6, [r.program_id for r in recs]
    assert "supply-chain-finance" in recs[0].instruments
    assert sum(r.region in ASIA and r in chain for r in recs) >= 2
    by_text = sorted(recs, key=lambda r: -r.components["text"])[:5]
    assert sum("supply-chain-finance" in r.instruments for r in by_text) >= 4


@pytest.mark.integration
def test_a_trade_agreement_profile_gets_the_programs_made_for_it(
    real: tuple[Searcher, Settings],
) -> None:
    """A Peruvian profile whose exporters do not use the trade agreements: the four programs
    that help with rules and certificates of origin lead (with need export-procedures and the
    same text, Korea's came 17th: advice is only a secondary instrument of that need)."""
    searcher, s = real
    prof = Profile(
        country="PER",
        needs=["trade-agreement-use"],
        text="Las pymes exportadoras pagan el arancel completo porque no saben si cumplen las "
        "normas de origen ni cómo obtener el certificado de origen.",
    )
    recs = recommend(prof, searcher, s, lang="es").recommendations
    origin = [r for r in recs if "rules-of-origin-support" in r.instruments]
    assert len(origin) == 4 and recs[:4] == origin, [r.program_id for r in recs]
    assert {r.country for r in origin} >= {"KOR", "JPN"}
    assert all(r.asian_practice for r in origin if r.country in ("KOR", "JPN"))
    need = t("need.trade-agreement-use", "es")
    assert all(any(need in x for x in r.reasons) for r in origin), origin[0].reasons


def test_every_need_is_asked_as_a_problem_in_english_and_spanish() -> None:
    assert set(problems.NEED_PROBLEMS) == set(taxonomy.NEEDS)
    for need, problem in problems.NEED_PROBLEMS.items():
        query = need_query(need)
        assert problem["en"] in query and problem["es"] in query
        assert t(f"need.{need}", "en") in query and t(f"need.{need}", "es") in query
        instruments = {
            v[lang].lower() for v in taxonomy.INSTRUMENTS.values() for lang in ("en", "es")
        }
        assert not any(name in query.lower() for name in instruments), need


def test_profile_file_round_trip_feeds_recommend(searcher: Searcher, tmp_path: Path) -> None:
    path = tmp_path / "p.yaml"
    _credit_profile(conditions={"credit-bureau": "no"}).save(path)
    loaded = Profile.load(path)
    assert loaded.income_group == countries.get("HND").income_group
    first = recommend(loaded, searcher, searcher.settings).recommendations
    assert [r.program_id for r in first] == [
        r.program_id
        for r in recommend(_credit_profile(), searcher, searcher.settings).recommendations
    ]


# ---- CLI contract -----------------------------------------------------------------------
@pytest.fixture
def cli(searcher: Searcher, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    """CliRunner on kb.cli.app, settings pointing at the module's fake-encoder index."""
    from typer.testing import CliRunner

    from kb.cli import app

    monkeypatch.setenv("KB_INDEX_DIR", str(searcher.settings.index_dir))
    monkeypatch.setenv("KB_CACHE_DIR", str(searcher.settings.cache_dir))
    monkeypatch.setenv("KB_ENCODER", "hash-256")
    get_settings.cache_clear()
    yield lambda *args: CliRunner().invoke(app, list(args))
    get_settings.cache_clear()


def test_cli_recommend_json_contract(cli) -> None:  # type: ignore[no-untyped-def]
    res = cli(
        "recommend",
        "--country",
        "HND",
        "--need",
        "access-to-credit",
        "--top",
        "4",
        "--lang",
        "es",
        "--json",
    )
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert isinstance(data, list) and len(data) == 4
    keys = {
        "rank",
        "score",
        "program_id",
        "program_name",
        "country",
        "region",
        "instruments",
        "needs",
        "evidence",
        "reasons",
        "transferability",
        "citations",
    }
    for obj in data:
        assert keys <= set(obj)
        assert all(isinstance(r, str) for r in obj["reasons"]) and obj["reasons"]
        assert all(set(t) == {"condition", "status"} for t in obj["transferability"])
        assert all({"doc_id", "title", "page"} <= set(c) for c in obj["citations"])
        assert obj["country"] != "HND"
    assert [o["rank"] for o in data] == [1, 2, 3, 4]
    assert any("Acceso al crédito" in r for r in data[0]["reasons"])


def test_cli_says_which_needs_it_read(cli) -> None:  # type: ignore[no-untyped-def]
    papers = problems.NEED_PROBLEMS["export-procedures"]["en"]
    res = cli("recommend", "--country", "HND", "--text", papers, "--top", "3")
    assert res.exit_code == 0, res.output
    first = res.stdout.splitlines()[0]
    assert first.startswith("Your text seems to describe these needs: ")
    assert t("need.export-procedures", "en") in first
    assert first.endswith("To rank with them: --need export-procedures")
    data = json.loads(
        cli("recommend", "--country", "HND", "--text", papers, "--json-object").stdout
    )
    assert data["needs_read"][0]["need"] == "export-procedures"
    assert data["needs_read_used"] is False and data["profile"]["needs"] == {}
    chosen = cli("recommend", "--country", "HND", "--text", papers, "--need", "innovation").stdout
    assert "seems to describe" not in chosen


def test_cli_recommend_json_object_holds_the_whole_set(cli) -> None:  # type: ignore[no-untyped-def]
    args = ["recommend", "--country", "HND", "--need", "access-to-credit", "--top", "4"]
    listed = json.loads(cli(*args, "--json").stdout)
    res = cli(*args, "--json-object")
    assert res.exit_code == 0, res.output
    data = json.loads(res.stdout)
    assert {"profile", "lang", "recommendations", "own", "direct"} <= set(data)
    # The same list as --json, inside the object; the set-level facts --json cannot carry.
    assert data["recommendations"] == listed
    assert data["profile"]["country"] == "HND" and data["lang"] == "en"
    listed_direct = sum("access-to-credit" in r["direct_needs"] for r in listed)
    counts = data["direct"]["access-to-credit"]
    assert counts["listed"] == listed_direct and counts["in_library"] >= listed_direct
    assert all(o["country"] == "HND" for o in data["own"])


def test_programs_are_named_in_the_language_asked_for(cli) -> None:  # type: ignore[no-untyped-def]
    """`program_name` stays the case study's own name (JSON is backward compatible); the text
    output, the app and `display_name` use its name in `--lang` when it has that version."""
    args = ("recommend", "--country", "PER", "--need", "trade-agreement-use", "--top", "4")
    data = json.loads(cli(*args, "--lang", "pt", "--json").stdout)
    aladi = next(o for o in data if o["program_id"] == "lac-aladi-cod")
    assert aladi["program_name"].startswith("Certificación de Origen Digital")
    assert aladi["display_name"].startswith("Certificação de Origem Digital")
    text = cli(*args, "--lang", "pt").stdout
    assert aladi["display_name"] in text and aladi["program_name"] not in text
    # Above the list, how many of the four and of the library serve the need directly.
    listed = sum("trade-agreement-use" in o["direct_needs"] for o in data)
    need = t("need.trade-agreement-use", "pt")
    line = f"“{need}” — programas que atendem diretamente esta necessidade: {listed} nesta lista"
    assert line in text and listed >= 1


def test_a_list_says_how_many_programs_serve_each_need_directly(searcher: Searcher) -> None:
    """Where the library has few programs for a need, the list fills with programs for
    neighbouring needs; the set says, per need, how many listed and how many in the library
    serve it directly (the reason "directly"), so the reader can tell."""
    prof = Profile.model_validate({"country": "PER", "needs": ["trade-agreement-use"]})
    short = recommend(prof, searcher, searcher.settings, top_k=8, lang="es")
    every = recommend(prof, searcher, searcher.settings, top_k=_all(searcher), lang="es")
    listed, total = short.direct["trade-agreement-use"]
    assert listed == sum("trade-agreement-use" in r.direct_needs for r in short.recommendations)
    assert total == sum("trade-agreement-use" in r.direct_needs for r in every.recommendations)
    assert 0 < listed <= total
    said = t("need.trade-agreement-use", "es")
    for r in short.recommendations:
        direct = f"Atiende directamente su necesidad “{said}”"
        assert (direct in r.reasons[0]) == bool(r.direct_needs), r.program_id
    assert short.to_json()["direct"] == {
        "trade-agreement-use": {"listed": listed, "in_library": total}
    }


def test_direct_coverage_by_hand() -> None:
    needs = ["working-capital", "export-finance"]
    factoring = _for("chn-a", 0.9, "working-capital", ("supply-chain-finance",), needs)
    guarantee = _for("kor-b", 0.8, "working-capital", ("credit-guarantee",), needs)
    insurer = _for("jpn-c", 0.7, "export-finance", ("export-credit-insurance",), needs)
    assert direct_needs(factoring, needs) == ("working-capital",)
    assert direct_needs(guarantee, needs) == ()  # a secondary instrument: not directly
    got = direct_coverage(needs, [factoring, guarantee], [factoring, guarantee, insurer])
    assert got == {"working-capital": (1, 1), "export-finance": (0, 1)}


def test_cli_text_cites_case_studies_by_section_each_place_once(cli) -> None:  # type: ignore[no-untyped-def]
    """A case study has no pages: the text output cites its section, as the app and the brief
    do, not a "p. 1" that does not exist; and no program lists the same place twice."""
    args = ("recommend", "--country", "HND", "--need", "working-capital", "--top", "5")
    text = cli(*args, "--lang", "es")
    data = json.loads(cli(*args, "--lang", "es", "--json").stdout)
    assert text.exit_code == 0, text.output
    blocks = re.split(r"^\s*\d+\. ", text.stdout, flags=re.M)[1:]
    assert len(blocks) == len(data) == 5
    for block in blocks:
        cites = [ln.strip() for ln in block.splitlines() if ln.strip().startswith("· ")]
        assert cites and len(cites) == len(set(cites)), block
    unpaged = [c for r in data for c in r["citations"] if not c["paged"]]
    assert unpaged, "case studies are cited"
    for c in unpaged:
        assert f"{c['title']}, p. " not in text.stdout
        if c["section"] and c["section"] != c["title"]:
            assert f"{c['title']}, {t('brief.section', 'es', section=c['section'])}" in text.stdout


def test_cli_unknown_need_and_country_exit_2(cli) -> None:  # type: ignore[no-untyped-def]
    res = cli("recommend", "--country", "HND", "--need", "cheap-money")
    assert res.exit_code == 2
    assert "unknown need 'cheap-money'" in res.stderr
    assert all(n in res.stderr for n in taxonomy.NEEDS)
    res = cli("recommend", "--country", "XYZ", "--need", "access-to-credit")
    assert res.exit_code == 2 and "unknown country 'XYZ'" in res.stderr and "HND" in res.stderr
    res = cli("recommend", "--need", "access-to-credit")
    assert res.exit_code == 2 and "--country" in res.stderr


def test_cli_profile_file_and_include_own(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "chile.yaml"
    path.write_text(
        "country: CHL\nneeds: [access-to-credit]\nconditions:\n  credit-bureau: no\n",
        encoding="utf-8",
    )
    res = cli("recommend", "--profile", str(path), "--top", "50", "--json")
    data = json.loads(res.stdout)
    assert res.exit_code == 0 and all(o["country"] != "CHL" for o in data)
    relying = [
        o for o in data if any(t["condition"] == "credit-bureau" for t in o["transferability"])
    ]
    assert relying and all(
        {"condition": "credit-bureau", "status": "missing"} in o["transferability"] for o in relying
    )
    res = cli("recommend", "--profile", str(path), "--top", "50", "--include-own", "--json")
    assert any(o["country"] == "CHL" for o in json.loads(res.stdout))
    text = cli("recommend", "--profile", str(path), "--top", "3")
    assert text.exit_code == 0 and "Already in place in Chile" in text.stdout


def test_cli_region_option(cli) -> None:  # type: ignore[no-untyped-def]
    res = cli(
        "recommend",
        "--country",
        "HND",
        "--need",
        "access-to-credit",
        "--region",
        "EAP",
        "--region",
        "South Asia",
        "--json",
    )
    assert res.exit_code == 0, res.output
    assert {o["region"] for o in json.loads(res.stdout)} <= ASIA
    # "asia" is East Asia & Pacific, South Asia and the ADB's "Asia and Pacific", as in search
    args = ["--need", "access-to-credit", "--region", "asia", "--top", "30", "--json"]
    res = cli("recommend", "--country", "HND", *args)
    regions = {o["region"] for o in json.loads(res.stdout)}
    assert ASIA <= regions <= ASIA | {"Asia and Pacific"}
    res = cli("recommend", "--country", "HND", "--need", "access-to-credit", "--region", "Mars")
    assert res.exit_code == 2 and "unknown region 'Mars'" in res.stderr and "EAP" in res.stderr


def test_eval_counts_asian_programs_in_lac_profiles_top_ten() -> None:
    from kb.evaluate.labelled import EvalProfile, asian_in_top

    profiles = [
        EvalProfile("jam", Profile(country="JAM", needs=["export-procedures"]), ("x",)),
        EvalProfile("idn", Profile(country="IDN", needs=["export-procedures"]), ("x",)),
    ]
    country_of = {"sgp-tradenet": "SGP", "adb-tscfp": "ASIA", "per-vuce": "PER", "x": "KAZ"}
    got = {"jam": ["per-vuce", "sgp-tradenet", "adb-tscfp", "x", "unknown"], "idn": ["per-vuce"]}
    # SGP and the ADB (ASIA) count; Peru, Kazakhstan (Central Asia) and unknown ids do not;
    # a non-LAC profile is not reported
    assert asian_in_top(profiles, got, country_of) == {"jam": 2}


def test_asian_comes_from_the_country_reference() -> None:
    assert all(countries.is_asian(c) for c in ("IND", "LKA", "KOR", "SGP", "FJI", "ASIA"))
    assert not any(countries.is_asian(c) for c in ("BRA", "LAC", "WLD", "KAZ", "ARE", "XYZ"))
    assert countries.is_lac("JAM") and countries.is_lac("LAC") and not countries.is_lac("IND")


def test_need_map_table_in_docs_matches_the_taxonomy() -> None:
    doc = (Path(__file__).parent.parent / "docs" / "recommender.md").read_text(encoding="utf-8")
    rows = {
        cells[0].strip("` "): cells
        for line in doc.splitlines()
        if line.startswith("| `")
        for cells in [line.strip("|").split("|")]
    }
    for need in taxonomy.NEEDS:
        primary, secondary = (
            tuple(x.strip("` ") for x in cell.split(",")) for cell in rows[need][1:3]
        )
        assert primary == taxonomy.NEED_PRIMARY_INSTRUMENTS[need], need
        assert secondary == taxonomy.NEED_SECONDARY_INSTRUMENTS[need], need


class _Passages:
    """Just what `_best_quotable` reads of an index: each passage's language and kind."""

    def __init__(self, rows: dict[int, tuple[str, str]]) -> None:
        self.rows = rows
        self.read: list[int] = []

    def languages(self, rows: np.ndarray) -> np.ndarray:
        return np.array([self.rows[int(r)][0] for r in rows], dtype=object)

    def chunk(self, row: int) -> dict[str, str]:
        self.read.append(row)
        return {"language": self.rows[row][0], "kind": self.rows[row][1]}


def test_best_quotable_prefers_the_readers_language_then_the_original_never_the_header() -> None:
    index = _Passages(
        {1: ("es", "header"), 2: ("en", "body"), 3: ("es", "body"), 4: ("es", "body"),
         5: ("es", "body"), 6: ("pt", "header"), 7: ("en", "body")}
    )  # fmt: skip
    scored = {1: 0.9, 2: 0.8, 3: 0.7, 4: 0.6, 5: 0.5, 6: 0.95, 7: 0.1}
    view = cast(Any, index)
    assert CASE_PASSAGES == 2
    assert _best_quotable(view, scored, ("es", "en")) == [3, 4]
    assert index.read == [1, 3, 4]  # stops when the quota is full: passage 5 is never read
    assert _best_quotable(view, scored, ("en", "es")) == [2, 7]
    # pt has only a header: the original language (es) is quoted instead
    assert _best_quotable(view, scored, ("pt", "es")) == [3, 4]
    # neither language has a quotable passage: the best of any language
    assert _best_quotable(view, scored, ("pt", "fr")) == [2, 3]
    assert _best_quotable(view, scored, (None, "")) == [2, 3]
    assert _best_quotable(view, {}, ("es",)) == []


@pytest.mark.parametrize(
    ("text", "said"),
    [
        ("country: &c HND\ntext: *c\n", "YAML aliases (*name) are not accepted"),
        ("- HND\n", "profile is not a YAML mapping"),
        ("country: HND\ntext: [unclosed\n", "broken YAML profile"),
        ("country: HND\ntext: " + "x" * 70_000 + "\n", "over the limit"),
    ],
)
def test_an_uploaded_profile_gets_metadatas_bounds(text: str, said: str) -> None:
    # a profile comes from anyone's upload on the public Recommend page
    with pytest.raises(MetadataError, match=re.escape(said)) as err:
        Profile.from_yaml(text, "peru.yaml")
    assert str(err.value).startswith("peru.yaml: ")
