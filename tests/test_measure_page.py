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
    assert len(at.dataframe) == 2  # latest year × size, and year × size of one indicator
    assert at.get("plotly_chart") and len(at.get("download_button")) == 3
    latest = at.dataframe[0].value
    assert {"micro", "small", "medium", "large", "sme", "all"} <= set(latest.columns)
    assert latest.loc["n_firms", "all"] == 2_000
    country = next(s for s in at.selectbox if s.options and "Chile" in s.options)
    country.set_value("CHL").run()
    next(b for b in at.button if b.label == "Usar estas brechas en Recomendar").click().run()
    assert not at.exception
    profile = Profile.from_yaml(at.session_state["profile_yaml"])
    assert profile.country == "CHL" and "value-chain-linkages" in profile.needs
    assert at.success
