"""kb.measure: indicators against synthetic truths, validation errors, CLI, gaps → Profile."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from kb.answer.profile import Profile
from kb.cli.measure import app
from kb.errors import PanelError, UnknownIdError
from kb.measure.gaps import gaps_to_profile
from kb.measure.indicators import (
    INDICATORS,
    Indicator,
    classify,
    get_preset,
    measure,
    prepare_panel,
    read_panel,
    validate_panel,
)
from kb.measure.panel_io import links_from_column
from kb.measure.synthetic import make_panel

ROOT = Path(__file__).resolve().parents[1]
YEARS = range(2015, 2021)


@pytest.fixture(scope="module")
def synthetic() -> tuple[pd.DataFrame, dict]:
    return make_panel(3_000, YEARS, seed=7)


def as_dict(indicators: list[Indicator]) -> dict[tuple[int, str, str], float]:
    return {(r.year, r.size_class, r.indicator): r.value for r in indicators}


def assert_matches(measured: dict, truth: dict) -> None:
    assert set(measured) == set(truth), (
        f"only measured: {sorted(set(measured) - set(truth))[:5]}; "
        f"only in truth: {sorted(set(truth) - set(measured))[:5]}"
    )
    wrong = [
        (k, truth[k], measured[k])
        for k in truth
        if not math.isclose(measured[k], truth[k], rel_tol=1e-9, abs_tol=1e-12)
    ]
    assert not wrong, wrong[:5]


def test_every_indicator_equals_the_synthetic_truth(synthetic):
    df, truth = synthetic
    measured = as_dict(measure(df))
    assert_matches(measured, truth)
    # The design exercises every indicator, so a missing one would have failed above.
    assert {k[2] for k in truth} == set(INDICATORS)


def test_firm_level_panel_without_destinations():
    df, truth = make_panel(3_000, YEARS, seed=3, detail=False)
    assert "destination" not in df.columns
    assert_matches(as_dict(measure(df)), truth)
    assert not {"markets_per_exporter", "hhi_destinations"} & {k[2] for k in truth}


def test_links_as_a_second_table_give_the_same_indirect_exporters(synthetic):
    df, truth = synthetic
    links = links_from_column(df)
    assert links is not None and {"supplier_id", "buyer_id", "year"} <= set(links.columns)
    measured = as_dict(measure(df.drop(columns=["buyers"]), links=links.drop(columns=["year"])))
    for key in (k for k in truth if "indirect" in k[2]):
        assert measured[key] == pytest.approx(truth[key])
    # Without links there is nothing to say about indirect exporters.
    assert not any("indirect" in k[2] for k in as_dict(measure(df.drop(columns=["buyers"]))))


def naive_dynamics(df: pd.DataFrame, preset_id: str) -> dict[tuple[int, str, str], float]:
    """Entry, exit and survival counted firm by firm: a slow reference for the grid version."""
    preset = get_preset(preset_id)
    names = [*preset.classes, "unknown"]
    status = {(r.firm_id, r.year): r.exports > 0 for r in df.itertuples()}
    size = {
        (r.firm_id, r.year): names[int(classify(np.array([float(r.employees)]), preset)[0])]
        for r in df.itertuples()
    }
    years = sorted(df["year"].unique())
    out: dict[tuple[int, str, str], float] = {}
    for (firm, year), exp in status.items():
        if year == years[0]:
            continue
        cls, prev = size[(firm, year)], status.get((firm, year - 1), False)
        for group in (cls, "sme" if cls in preset.sme else None, "all"):
            if group is None:
                continue
            new = exp and not prev
            out[(year, group, "n_entrants")] = out.get((year, group, "n_entrants"), 0) + new
            if new and year + 1 <= years[-1]:
                key = (year, group, "survivors_1y")
                out[key] = out.get(key, 0) + status.get((firm, year + 1), False)
    for (firm, year), exp in status.items():
        # An exporter that is gone from the panel next year has exited too.
        if exp and year < years[-1] and not status.get((firm, year + 1), False):
            c = size[(firm, year)]
            for group in (c, "sme" if c in preset.sme else None, "all"):
                if group is not None:
                    key = (year + 1, group, "n_exiters")
                    out[key] = out.get(key, 0) + 1
    return out


def test_dynamics_match_a_firm_by_firm_count_when_firms_change_size():
    rng = np.random.default_rng(11)
    firms, years = 300, list(range(2010, 2016))
    df = pd.DataFrame(
        {
            "firm_id": np.repeat(np.arange(firms), len(years)),
            "year": np.tile(years, firms),
            "employees": rng.choice([3, 9, 10, 49, 60, 300], firms * len(years)),
            "exports": rng.choice([0.0, 0.0, 5.0], firms * len(years)),
        }
    ).sample(frac=0.9, random_state=1)  # firms missing from some years
    measured = as_dict(measure(df))
    expected = naive_dynamics(df, "employees-10-50-250")
    for (year, group, name), value in expected.items():
        if name == "survivors_1y":
            entrants = expected[(year, group, "n_entrants")]
            if entrants:
                assert measured[(year, group, "survival_1y")] == pytest.approx(value / entrants)
        else:
            assert measured.get((year, group, name), 0) == value, (year, group, name)


def test_survival_needs_exporting_in_every_year_and_re_entry_counts_as_entry():
    years = [2015, 2016, 2017, 2018, 2019]
    df = pd.DataFrame(
        {
            "firm_id": ["a"] * 5 + ["b"] * 5,
            "year": years * 2,
            "employees": 5,
            "exports": [0, 1, 1, 0, 1, 0, 1, 1, 1, 1],
        }
    )  # a, then b
    measured = as_dict(measure(df))
    assert measured[(2016, "micro", "n_entrants")] == 2
    assert measured[(2016, "micro", "survival_1y")] == 1.0
    assert measured[(2016, "micro", "survival_3y")] == 0.5  # a stopped in 2018
    assert measured[(2018, "micro", "n_exiters")] == 1
    assert measured[(2019, "micro", "n_entrants")] == 1  # a came back
    assert (2017, "micro", "survival_3y") not in measured  # 2020 is not in the panel


def test_missing_year_stops_entry_and_survival_across_it():
    df = pd.DataFrame(
        {
            "firm_id": [1, 1, 1, 2, 2, 2],
            "year": [2015, 2016, 2018] * 2,
            "employees": [5] * 6,
            "exports": [1, 1, 1, 0, 1, 1],
        }
    )
    warnings = validate_panel(df)
    assert any("2017" in w for w in warnings)
    measured = as_dict(measure(df))
    assert measured[(2016, "micro", "n_entrants")] == 1
    assert (2018, "micro", "n_entrants") not in measured
    assert (2016, "micro", "survival_1y") not in measured


# --- input and validation -------------------------------------------------------------------


def small_panel(**changes: list) -> pd.DataFrame:
    data = {
        "firm_id": ["a", "a", "b", "b"],
        "year": [2020, 2021, 2020, 2021],
        "employees": [5, 5, 300, 300],
        "sales": [100.0, 120.0, 9000.0, 9500.0],
        "exports": [0.0, 10.0, 4000.0, 4200.0],
    }
    data.update(changes)
    return pd.DataFrame(data)


def test_missing_column_names_the_file_and_the_column(tmp_path):
    path = tmp_path / "firms.csv"
    small_panel().drop(columns=["exports"]).to_csv(path, index=False)
    with pytest.raises(PanelError) as exc:
        prepare_panel(read_panel(path))
    assert str(exc.value).startswith(f"{path}: missing column 'exports'")
    assert "exportaciones" in str(exc.value)  # the accepted spellings are listed


def test_sales_preset_needs_sales():
    with pytest.raises(PanelError, match=r"missing column 'sales'.*size preset"):
        validate_panel(small_panel().drop(columns=["sales"]), "sales-eur-2m-10m-50m")


@pytest.mark.parametrize("column", ["exports", "sales", "employees"])
def test_negative_values_are_errors(column):
    df = small_panel()
    df.loc[1, column] = -1
    with pytest.raises(PanelError, match=f"column '{column}' has 1 negative value.*firm a in 2021"):
        validate_panel(df)


def test_duplicate_firm_years_are_errors():
    df = pd.concat([small_panel(), small_panel().iloc[[2]]])
    with pytest.raises(PanelError, match=r"1 duplicate row.*firm b in 2020"):
        validate_panel(df)


def test_text_in_a_number_column_is_an_error():
    with pytest.raises(PanelError, match=r"'sales' has 1 value.*not numbers"):
        validate_panel(small_panel(sales=[100, "1.200,5", 9000, 9500]))


def test_exports_above_sales_are_warned_and_kept():
    df = small_panel(exports=[0.0, 500.0, 4000.0, 4200.0])  # firm a sells 120, exports 500
    warnings = validate_panel(df)
    assert any("1 firm-year(s) report exports larger than sales" in w for w in warnings)
    measured = as_dict(measure(df))
    assert measured[(2021, "micro", "n_exporters")] == 1
    assert measured[(2021, "micro", "total_exports")] == 500


def test_firm_values_must_repeat_on_destination_rows():
    df = pd.DataFrame(
        {
            "firm_id": [1, 1],
            "year": [2020, 2020],
            "employees": [5, 6],
            "exports": [1.0, 2.0],
            "destination": ["USA", "CHN"],
        }
    )
    with pytest.raises(PanelError, match="firm 1 in 2020 has different employees"):
        validate_panel(df)


def test_blank_size_goes_to_unknown_and_is_warned():
    df = small_panel(employees=[5, None, 300, 300])
    assert any("'unknown'" in w for w in validate_panel(df))
    measured = as_dict(measure(df))
    assert measured[(2021, "unknown", "n_firms")] == 1
    assert measured[(2020, "sme", "n_firms")] == 1
    assert (2021, "sme", "n_firms") not in measured  # no firm of known SME size that year
    assert measured[(2021, "all", "n_firms")] == 2


def test_csv_parquet_and_spanish_headers_read_alike(tmp_path):
    df = small_panel()
    df.to_parquet(tmp_path / "p.parquet")
    df.rename(
        columns={
            "firm_id": "ID_Empresa",
            "year": "Año",
            "employees": "Empleados",
            "sales": "Ventas",
            "exports": "Exportaciones",
        }
    ).to_csv(tmp_path / "p.csv", index=False)
    a = measure(read_panel(tmp_path / "p.parquet"))
    b = measure(read_panel(tmp_path / "p.csv"))
    assert a == b and a


def test_size_class_limits():
    emp = get_preset("employees-10-50-250")
    assert classify(np.array([9, 10, 49, 50, 249, 250, np.nan]), emp).tolist() == [
        0,
        1,
        1,
        2,
        2,
        3,
        4,
    ]
    sales = get_preset("sales-eur-2m-10m-50m")  # "not exceeding": the limit is in the lower class
    assert classify(np.array([2e6, 2e6 + 1, 5e7, 5e7 + 1]), sales).tolist() == [0, 1, 2, 3]
    custom = get_preset("employees:20,200")
    assert custom.classes == ("small", "medium", "large")
    assert classify(np.array([19, 20, 200]), custom).tolist() == [0, 1, 2]
    with pytest.raises(UnknownIdError, match="employees-10-100-250"):
        get_preset("employees:50,10")


# --- command line ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def panel_csv(tmp_path_factory, synthetic) -> Path:
    path = tmp_path_factory.mktemp("measure") / "firms.csv"
    synthetic[0].to_csv(path, index=False)
    return path


def test_cli_json_prints_the_records(panel_csv, synthetic):
    result = CliRunner().invoke(app, [str(panel_csv), "--json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert all(set(r) == {"year", "size_class", "indicator", "value"} for r in records)
    assert all(isinstance(r["year"], int) and isinstance(r["value"], float) for r in records)
    assert {r["indicator"] for r in records} <= set(INDICATORS)
    assert_matches(
        {(r["year"], r["size_class"], r["indicator"]): r["value"] for r in records}, synthetic[1]
    )


def test_cli_xlsx_is_readable_by_pandas(panel_csv, synthetic, tmp_path):
    out = tmp_path / "ind.xlsx"
    result = CliRunner().invoke(app, [str(panel_csv), "--out", str(out)])
    assert result.exit_code == 0, result.output
    sheets = pd.read_excel(out, sheet_name=None)
    assert {"indicators", "by_year_and_size", "definitions", "warnings"} <= set(sheets)
    long = sheets["indicators"]
    got = {(int(r.year), r.size_class, r.indicator): r.value for r in long.itertuples()}
    assert_matches(got, synthetic[1])


def test_cli_csv_and_profile(panel_csv, tmp_path):
    csv, prof = tmp_path / "ind.csv", tmp_path / "profile.yaml"
    result = CliRunner().invoke(
        app, [str(panel_csv), "--out", str(csv), "--profile", str(prof), "--country", "per"]
    )
    assert result.exit_code == 0, result.output
    assert list(pd.read_csv(csv).columns) == ["year", "size_class", "indicator", "value"]
    profile = Profile.load(prof)
    assert profile.country == "PER" and profile.needs


def test_cli_input_error_is_one_line_naming_the_file(tmp_path):
    path = tmp_path / "firms.csv"
    small_panel().drop(columns=["year"]).to_csv(path, index=False)
    result = CliRunner().invoke(app, [str(path)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {path}: missing column 'year'")
    assert len(result.stderr.strip().splitlines()) == 1


def test_cli_warnings_go_to_stderr(tmp_path):
    path = tmp_path / "firms.csv"
    small_panel(exports=[0.0, 500.0, 4000.0, 4200.0]).to_csv(path, index=False)
    result = CliRunner().invoke(app, [str(path), "--json"])
    assert result.exit_code == 0
    assert "exports larger than sales" in result.stderr
    json.loads(result.stdout)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--sizes", "employees-5-10"], "valid size preset ids: employees-10-50-250"),
        (["--out", "x.txt"], "unknown format; use .xlsx, .csv, .json"),
        (["--profile", "p.yaml"], "--profile needs --country"),
    ],
)
def test_cli_usage_errors_exit_2(panel_csv, args, message):
    result = CliRunner().invoke(app, [str(panel_csv), *args])
    assert result.exit_code == 2
    assert message in result.stderr


# --- gaps → Profile -------------------------------------------------------------------------


def sme(indicator: str, value: float, year: int = 2021) -> Indicator:
    return Indicator(year, "sme", indicator, value)


def test_each_gap_maps_to_its_needs():
    cases = {
        "share_exporters": {"export-market-entry", "export-procedures"},
        "survival_1y": {"export-market-entry", "export-finance"},
        "productivity_gap_sales": {"technology-upgrading", "skills-and-management"},
        "share_indirect_exporters": {"value-chain-linkages"},
        "share_of_total_exports": {"export-market-entry", "export-finance"},
    }
    for indicator, needs in cases.items():
        profile = gaps_to_profile([sme(indicator, 0.0)], "COL")
        assert set(profile.needs) == needs, indicator
        assert all(w == 1.0 for w in profile.needs.values())
        assert profile.text and profile.indicators == {f"sme_{indicator}": 0.0}


def test_no_gap_at_or_above_the_threshold_and_latest_year_counts():
    ok = [sme("share_exporters", 0.10), sme("survival_1y", 0.9), sme("share_exporters", 0.02, 2019)]
    profile = gaps_to_profile(ok, "MEX")
    assert profile.needs == {} and profile.text == ""
    assert profile.indicators["sme_share_exporters"] == 0.10  # 2021, not 2019
    # Other size classes do not drive the profile.
    assert gaps_to_profile([Indicator(2021, "micro", "share_exporters", 0.0)], "MEX").needs == {}


def test_weights_grow_with_the_gap_and_text_follows_the_language():
    gaps = [sme("share_exporters", 0.05), sme("survival_1y", 0.0)]
    profile = gaps_to_profile(gaps, "CHL", "es")
    assert profile.needs["export-procedures"] == 0.75  # halfway below the 10% threshold
    assert profile.needs["export-market-entry"] == 1.0  # the larger of the two gaps
    assert "Pocas pymes exportan: el 5.0%" in profile.text
    assert profile.region  # filled from the country reference


def test_value_added_gap_is_preferred_to_sales():
    both = [sme("productivity_gap_sales", 0.2), sme("productivity_gap_value_added", 0.6)]
    assert gaps_to_profile(both, "BRA").needs == {}


def test_synthetic_panel_profile(synthetic):
    profile = gaps_to_profile(measure(synthetic[0]), "ARG")
    # By design SMEs are under a fifth of exports and few sell to exporters; many SMEs export.
    assert "value-chain-linkages" in profile.needs
    assert "export-procedures" not in profile.needs
    assert Profile.from_yaml(profile.to_yaml()) == profile


def test_every_indicator_and_preset_is_documented():
    doc = (ROOT / "docs" / "indicators.md").read_text(encoding="utf-8")
    from kb.measure.gaps import GAP_RULES
    from kb.measure.indicators import SIZE_PRESETS

    for name in [*INDICATORS, *SIZE_PRESETS, *(r.indicator for r in GAP_RULES)]:
        assert f"`{name}`" in doc, name


def test_semicolon_csv_with_decimal_commas(tmp_path):
    path = tmp_path / "firms.csv"
    path.write_text(
        "id_empresa;año;empleados;ventas;exportaciones\na;2020;5;100,5;10,25\nb;2020;300;9000;0\n",
        encoding="utf-8",
    )
    measured = as_dict(measure(read_panel(path)))
    assert measured[(2020, "micro", "total_exports")] == 10.25
    assert measured[(2020, "micro", "export_intensity")] == pytest.approx(10.25 / 100.5)


def test_unreadable_files_are_panel_errors(tmp_path):
    bad = tmp_path / "firms.parquet"
    bad.write_bytes(b"not parquet")
    with pytest.raises(PanelError, match=r"firms.parquet: cannot be read as parquet"):
        read_panel(bad)
    xls = tmp_path / "firms.xls"
    xls.write_bytes(b"x")
    with pytest.raises(PanelError, match=r"unsupported file type '\.xls': use \.csv or \.parquet"):
        read_panel(xls)


def test_cli_links_file(tmp_path, synthetic):
    df, truth = synthetic
    panel, links = tmp_path / "firms.parquet", tmp_path / "links.csv"
    df.drop(columns=["buyers"]).to_parquet(panel)
    table = links_from_column(df)
    assert table is not None
    table.rename(columns={"supplier_id": "proveedor", "buyer_id": "comprador"}).to_csv(
        links, index=False
    )
    result = CliRunner().invoke(app, [str(panel), "--links", str(links), "--json"])
    assert result.exit_code == 0, result.stderr
    got = {
        (r["year"], r["size_class"], r["indicator"]): r["value"] for r in json.loads(result.stdout)
    }
    assert_matches(got, truth)
    links.write_text("from,to\n1,2\n", encoding="utf-8")
    result = CliRunner().invoke(app, [str(panel), "--links", str(links)])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {links}: missing column 'supplier_id'")


def test_every_warning_keeps_its_english_sentence_for_cli_and_xlsx(tmp_path):
    """The warnings are records the app translates; the CLI and the xlsx keep these sentences."""
    df = pd.DataFrame(
        {
            "firm_id": ["a", "a", "b", "b", "c", "c"] + [f"f{i}" for i in range(1200)],
            "year": [2015, 2016, 2015, 2016, 2015, 2018] + [2015] * 1200,
            "employees": [5, None, 300, 300, 20, 20] + [3] * 1200,
            "sales": [100, 120, 9000, 9500, 50, 50] + [10] * 1200,
            "exports": [0, 500, 4000, None, 1, 1] + [None] * 1200,
            "value_added": [10, -5, 100, 100, -1, 2] + [1] * 1200,
        }
    )
    english = [
        "2 row(s) have negative value_added (losses); kept as they are",
        "1,201 row(s) have blank exports; counted as 0 (not exporting)",
        "1 firm-year(s) report exports larger than sales (e.g. firm a in 2016); kept, but "
        "check the units",
        "1 firm-year(s) have no employees; they are in size class 'unknown' (counted in 'all', "
        "not in 'sme')",
        "no data for year(s) 2017; entry, exit and survival that need those years are not computed",
    ]
    panel = prepare_panel(df)
    assert [w.key for w in panel.warnings] == [
        "negative_value_added",
        "blank_exports",
        "exports_over_sales",
        "no_size",
        "missing_years",
    ]
    assert [str(w) for w in panel.warnings] == english == validate_panel(df)
    path, out = tmp_path / "firms.csv", tmp_path / "out.xlsx"
    df.to_csv(path, index=False)
    result = CliRunner().invoke(app, [str(path), "--out", str(out)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [f"warning: {path}: {w}" for w in english]
    assert pd.read_excel(out, sheet_name="warnings")["warning"].tolist() == english
    spanish = [w.text("es") for w in panel.warnings]
    assert spanish[1].startswith("1.201 fila(s) con exportaciones (exports) en blanco")
    assert "«sin tamaño»" in spanish[3] and "2017" in spanish[4]
