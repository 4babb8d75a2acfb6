"""The program map's figure (kb.ui.geo): a readable scale, the user's country, regional programs."""

from __future__ import annotations

from dataclasses import dataclass

from kb.ui.geo import counts_frame, program_figure, regional_frame


@dataclass(frozen=True)
class Item:
    country: str
    name: str


ITEMS = [
    Item("CHL", "FOGAPE"),
    Item("COL", "FNG"),
    Item("KOR", "KODIT"),
    Item("KOR", "KSURE"),
    Item("LAC", "IDB Invest SME lines"),
]


def _figure(items: list[Item], home: str | None = "HND", lang: str = "es"):  # type: ignore[no-untyped-def]
    return program_figure(
        counts_frame(items, lang), regional_frame(items, lang), lang, "Mapa", home
    )


def test_small_counts_get_one_colour_each_with_a_legend() -> None:
    fig = _figure(ITEMS)
    names = [tr.name for tr in fig.data if tr.type == "choropleth"]
    assert names[:2] == ["1 programa", "2 programas"]
    assert not fig.layout.coloraxis.colorscale  # no continuous colour bar
    two = next(tr for tr in fig.data if tr.name == "2 programas")
    assert list(two.locations) == ["KOR"]


def test_many_programs_a_country_use_a_continuous_scale() -> None:
    many = [Item("BRA", f"P{i}") for i in range(8)] + [Item("CHL", "FOGAPE")]
    fig = _figure(many)
    assert fig.layout.coloraxis.colorscale  # a colour bar


def test_the_users_country_is_outlined_and_named() -> None:
    fig = _figure(ITEMS, home="HND")
    home = next(tr for tr in fig.data if tr.name == "Honduras (su país)")
    assert list(home.locations) == ["HND"] and home.marker.line.width >= 2
    assert not any(tr.name and "su país" in tr.name for tr in _figure(ITEMS, home=None).data)


def test_regional_programs_are_drawn_and_the_map_does_not_trap_a_finger() -> None:
    fig = _figure(ITEMS, lang="en")
    reg = next(tr for tr in fig.data if tr.type == "scattergeo")
    assert reg.name == "Regional programs"
    assert list(reg.text) == ["Latin America & Caribbean: 1"]
    assert fig.layout.dragmode is False
    assert "LAC" not in set(counts_frame(ITEMS, "en")["iso3"])
    es = next(tr for tr in _figure(ITEMS).data if tr.type == "scattergeo")
    assert es.name == "Programas regionales" and list(es.text) == ["América Latina y el Caribe: 1"]
