"""The Streamlit Measure page, driven through AppTest with the built-in synthetic example."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from kb.answer.profile import Profile

SCRIPT = "from kb.ui.pages.measure import render\nrender({lang!r})"


def run(lang: str) -> AppTest:
    at = AppTest.from_string(SCRIPT.format(lang=lang), default_timeout=60)
    at.run()
    assert not at.exception
    return at


@pytest.mark.parametrize(
    "lang, title",
    [
        ("en", "Measure SME internationalization"),
        ("pt", "Medir a internacionalização das PMEs"),
    ],
)
def test_labels_follow_the_language(lang, title):
    assert run(lang).header[0].value == title


def test_example_tables_charts_and_gaps_to_profile():
    at = run("es")
    assert [b.label for b in at.button] == ["Probar con un panel sintético de ejemplo"]
    at.button[0].click().run()
    assert not at.exception
    # definitions, latest year × size, and year × size of one indicator
    assert len(at.dataframe) == 3
    assert at.get("plotly_chart") and len(at.get("download_button")) == 4  # template + 3
    latest = at.dataframe[1].value  # after the definitions
    assert {"micro", "pequeñas", "medianas", "grandes", "pymes", "todas"} <= set(latest.columns)
    firms = latest.set_index("Indicador")
    assert firms.loc["Empresas", "todas"] == "2.000"  # Spanish grouping, no decimals
    assert firms.loc["Empresas", "Unidad"] == "empresas"
    share = firms.loc["Proporción de exportadoras", "todas"]
    assert share.endswith(" %") and "," in share  # a share in %, one decimal, Spanish comma
    country = next(s for s in at.selectbox if s.options and "Chile" in s.options)
    assert country.value is None  # no default country
    use = next(b for b in at.button if b.label == "Usar estas brechas en Recomendar")
    assert use.disabled
    country.set_value("CHL").run()
    next(b for b in at.button if b.label == "Usar estas brechas en Recomendar").click().run()
    assert not at.exception
    profile = Profile.from_yaml(at.session_state["profile_yaml"])
    assert profile.country == "CHL" and "value-chain-linkages" in profile.needs
    assert at.success


def test_definitions_template_and_size_classes_speak_the_language():
    at = run("pt")
    definitions = at.dataframe[0].value
    assert "Intensidade exportadora" in set(definitions["Indicador"])
    assert not any("docs/" in c.value for c in at.caption)  # definitions in the app, no path
    sizes = at.selectbox[0]
    assert sizes.value == "employees-10-50-250"
    label = sizes.format_func(sizes.value)
    assert label == "Pessoas ocupadas: micro < 10, pequenas 10–49, médias 50–249, grandes 250+"
    template = at.get("download_button")[0]
    assert template.proto.label == "Baixar modelo CSV"


def test_value_text_rounds_with_units():
    from kb.measure.display import value_text

    assert value_text("share_exporters", 0.12345, "en") == "12.3 %"
    assert value_text("total_exports", 1234567.89, "es") == "1.234.568"
    assert value_text("hhi_firms", 0.123456, "pt") == "0,123"
    assert value_text("markets_per_exporter", float("nan"), "en") == "—"


def test_a_panels_warnings_are_shown_in_the_users_language():
    """An uploaded panel with blank exports: the warning is the Spanish sentence, count grouped."""
    rows = ["firm_id,year,employees,exports"]
    rows += [f"f{i},2020,5," for i in range(1200)] + ["g,2020,300,10", "g,2021,300,12"]
    at = run("es")
    at.file_uploader[0].set_value(("empresas.csv", "\n".join(rows).encode(), "text/csv")).run()
    next(b for b in at.button if b.label == "Medir").click().run()
    assert not at.exception
    (box,) = [e for e in at.expander if e.label.startswith("Avisos")]
    assert box.label == "Avisos (las filas se conservan): 1"
    (shown,) = [m.value.replace("\\", "") for m in box.markdown]  # escaped: ids are user data
    assert shown == (
        "- 1.200 fila(s) con exportaciones (exports) en blanco; se cuentan como 0 (no exporta)"
    )
