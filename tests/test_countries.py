"""kb.vocab.countries: the table, its names, a cross-check with the World Bank's 2019 WDI data."""

from __future__ import annotations

import csv
from pathlib import Path

import pycountry
import pytest

from kb.errors import UnknownIdError
from kb.vocab import countries

DATAKIT = Path(__file__).resolve().parents[1].parent / "shared" / "datakit"
WDI_COUNTRY = DATAKIT / "wdi" / "WDICountry.csv"
OUR_REGIONS = {"Latin America & Caribbean", "East Asia & Pacific", "South Asia"}
INCOME_GROUPS = {"High income", "Upper middle income", "Lower middle income", "Low income"}

# Codes outside ISO 3166-1 that the table may use (World Bank user-assigned codes such as
# XKX for Kosovo). None of our three regions needs one today; TWN is a regular ISO code.
NON_ISO_CODES: set[str] = set()

# Economies the WDI 2019 metadata does not list: the World Bank publishes no separate
# Taiwan data in WDI.
NOT_IN_WDI = {"TWN"}

# Income groups that differ between the WDI 2019 vintage and our FY2025 vintage, each
# reclassified since 2019: (WDI 2019 value, FY2025 value).
RECLASSIFIED_SINCE_2019: dict[str, tuple[str, str]] = {
    "ARG": ("High income", "Upper middle income"),
    "ASM": ("Upper middle income", "High income"),
    "GUY": ("Upper middle income", "High income"),
    "HTI": ("Low income", "Lower middle income"),
    "IDN": ("Lower middle income", "Upper middle income"),
    "MNG": ("Lower middle income", "Upper middle income"),
    "NPL": ("Low income", "Lower middle income"),
    "NRU": ("Upper middle income", "High income"),
    "SLV": ("Lower middle income", "Upper middle income"),
    "WSM": ("Upper middle income", "Lower middle income"),
}


def _wdi() -> dict[str, dict[str, str]]:
    if not WDI_COUNTRY.exists():
        pytest.skip(f"{WDI_COUNTRY} not found (the shared datakit is next to the repo)")
    with WDI_COUNTRY.open(encoding="utf-8-sig", newline="") as fh:
        return {row["Country Code"]: row for row in csv.DictReader(fh)}


def test_codes_unique_and_valid_iso3() -> None:
    codes = [c.iso3 for c in countries.all_countries()]
    assert len(codes) == len(set(codes))
    assert codes == countries.all_codes()
    for c in countries.all_countries():
        if c.iso3 in NON_ISO_CODES:
            continue
        pc = pycountry.countries.get(alpha_3=c.iso3)
        assert pc is not None, f"{c.iso3} is not an ISO 3166-1 alpha-3 code"
        assert pc.alpha_2 == c.iso2, f"{c.iso3}: iso2 {c.iso2} should be {pc.alpha_2}"


def test_fields_filled_from_fixed_vocabularies() -> None:
    for c in countries.all_countries():
        for lang in ("en", "es", "pt"):
            assert c.name(lang).strip(), f"{c.iso3} has no {lang} name"
        assert c.region in OUR_REGIONS, c
        assert c.income_group in INCOME_GROUPS, c
        assert c.subregion, c
    assert countries.get("MEX").subregion == "Mexico and Central America"
    assert countries.get("VNM").subregion == "South-East Asia"


def test_names_by_language() -> None:
    assert countries.get("BRA").name("pt") == "Brasil"
    assert countries.get("JPN").name("es") == "Japón"
    assert countries.get("TWN").name("en") == "Taiwan, China"
    assert countries.get("HKG").name("es") == "Hong Kong, RAE de China"
    assert countries.get("CHL").name("fr") == "Chile"  # unknown language -> English
    assert countries.names_for("es")["MEX"] == "México"


def test_region_codes_and_lookups() -> None:
    assert countries.is_known("LAC") and not countries.is_country("LAC")
    assert countries.is_country("CHL") and countries.is_known("CHL")
    assert not countries.is_known("chl") and not countries.is_known("ESP")
    assert countries.region_of("ASIA") == "Asia and Pacific"
    assert countries.region_of("IND") == "South Asia"
    assert countries.region_of("ZZZ") is None
    with pytest.raises(UnknownIdError) as exc:
        countries.get("ESP")
    assert "unknown country 'ESP'" in str(exc.value) and "CHL" in str(exc.value)


@pytest.mark.parametrize(
    ("name", "iso3"),
    [
        ("Bolivia", "BOL"),
        ("Viet Nam", "VNM"),
        ("vietnam", "VNM"),
        ("Korea", "KOR"),
        ("Republic of Korea", "KOR"),
        ("Brasil", "BRA"),
        ("México", "MEX"),
        ("MEXICO", "MEX"),
        ("Perú", "PER"),
        ("Japão", "JPN"),
        ("Japón", "JPN"),
        ("Coreia do Sul", "KOR"),
        ("Cingapura", "SGP"),
        ("Singapur", "SGP"),
        ("Hong Kong", "HKG"),
        ("Taiwán", "TWN"),
        ("St. Lucia", "LCA"),
        ("Trinidad & Tobago", "TTO"),
        ("El Salvador", "SLV"),
        ("Spain", "ESP"),
        ("España", "ESP"),
        ("Alemanha", "DEU"),
        ("Estados Unidos", "USA"),
        ("Colômbia", "COL"),
        ("República Dominicana", "DOM"),
        ("chl", "CHL"),
    ],
)
def test_iso3_from_name(name: str, iso3: str) -> None:
    assert countries.iso3_from_name(name) == iso3


@pytest.mark.parametrize("name", ["", "   ", "Atlantis", "Latin America", "XYZ"])
def test_iso3_from_name_unknown(name: str) -> None:
    assert countries.iso3_from_name(name) is None


def test_same_economies_as_wdi() -> None:
    wdi = _wdi()
    theirs = {code for code, row in wdi.items() if row["Region"] in OUR_REGIONS}
    ours = set(countries.all_codes())
    assert ours - theirs == NOT_IN_WDI, "economies in our table but not in WDI 2019"
    assert theirs - ours == set(), "economies of our regions in WDI 2019 missing from the table"


def test_regions_and_income_groups_match_wdi_2019() -> None:
    wdi = _wdi()
    region_diffs, income_diffs = [], {}
    for c in countries.all_countries():
        row = wdi.get(c.iso3)
        if row is None:
            continue
        if row["Region"] != c.region:
            region_diffs.append(f"{c.iso3}: WDI 2019 {row['Region']!r}, ours {c.region!r}")
        if row["Income Group"] != c.income_group:
            income_diffs[c.iso3] = (row["Income Group"], c.income_group)
    for iso3, (old, new) in sorted(income_diffs.items()):
        print(f"income group {iso3}: WDI 2019 {old!r} -> FY2025 {new!r}")
    for line in region_diffs:
        print("region", line)
    # No economy has changed World Bank region since 2019 within these three regions.
    assert region_diffs == []
    unexplained = {k: v for k, v in income_diffs.items() if RECLASSIFIED_SINCE_2019.get(k) != v}
    assert unexplained == {}, "income groups differ from WDI 2019 without a known reclassification"
    stale = set(RECLASSIFIED_SINCE_2019) - set(income_diffs)
    assert stale == set(), "allow-list entries that no longer differ: remove them"
