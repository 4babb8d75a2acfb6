"""The CLI contract: commands, JSON schema, exit codes, messages (CliRunner, fake encoder)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from typer.testing import CliRunner

from kb.cli import app
from tests.support.files import write

runner = CliRunner()
HIT_KEYS = {"rank", "score", "doc_id", "title", "page", "language", "snippet", "source", "url"}
PROGRAM_KEYS = {"program_id", "program_name", "country", "region", "instruments", "needs"}


def test_build_then_search_json_schema(cli_env: Path) -> None:
    res = runner.invoke(app, ["build", "--json"])
    assert res.exit_code == 0, res.output
    report = json.loads(res.stdout)
    assert report["added"] > 50 and report["failed"] == []
    res = runner.invoke(app, ["search", "FOGAPE garantía", "--json", "-k", "5"])
    assert res.exit_code == 0, res.output
    hits = json.loads(res.stdout)
    assert 0 < len(hits) <= 5 and [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert all(set(h) >= HIT_KEYS for h in hits)
    programs = [h for h in hits if h.get("program_id")]
    assert programs and all(set(h) >= PROGRAM_KEYS for h in programs)
    fogape = [p for p in programs if p["program_id"] == "chl-fogape"]
    assert fogape and fogape[0]["country"] == "CHL" and fogape[0]["region"]
    res = runner.invoke(app, ["search", "FOGAPE", "--method", "bm25", "--json", "-k", "1"])
    assert json.loads(res.stdout)[0]["program_id"] == "chl-fogape"
    # A case study has no real pages: JSON says so, the text output cites its section only
    assert fogape[0]["paged"] is False and fogape[0]["page"] == 1
    text = runner.invoke(app, ["search", "FOGAPE garantía", "-k", "3"]).stdout
    places = re.findall(r"^    \(([^)]*)\) ", text, flags=re.M)
    assert "FOGAPE" in text and places and not any(p.startswith("p. ") for p in places)
    assert "also searched as: guarantee" in text  # the glossary's term, in English
    # The reader's language orders a card's passages; an unknown one is refused by name.
    res = runner.invoke(app, ["search", "FOGAPE garantía", "--json", "--reader", "pt"])
    assert res.exit_code == 0 and json.loads(res.stdout)[0]["program_id"] == "chl-fogape"
    # ... and names the program as that version does; `program_name` stays the official one.
    pt = "Fundo de Garantia para Pequenos Empresários do Chile"
    assert json.loads(res.stdout)[0]["display_name"].startswith(pt)
    assert json.loads(res.stdout)[0]["program_name"].startswith("Fondo de Garantía")
    text = runner.invoke(app, ["search", "FOGAPE garantía", "-k", "1", "--reader", "pt"]).stdout
    assert re.match(rf" 1\. \S+  {pt} ", text), text
    res = runner.invoke(app, ["search", "FOGAPE garantía", "--reader", "xx"])
    assert res.exit_code != 0 and "unknown --reader 'xx'; valid: en, es, pt" in res.output


def test_a_pdf_passage_is_cited_by_page_and_section() -> None:
    from types import SimpleNamespace

    from kb.cli.search_output import _place

    passage = SimpleNamespace(page=3, page_end=4, heading="Garantías de cartera")
    assert _place(True, passage) == "(p. 3-4 · Garantías de cartera) "
    assert _place(False, passage) == "(Garantías de cartera) "
    assert _place(False, SimpleNamespace(page=1, page_end=1, heading=None)) == ""


def test_search_filters_by_instrument_and_country(cli_env: Path) -> None:
    assert runner.invoke(app, ["build"]).exit_code == 0
    res = runner.invoke(
        app,
        [
            "search",
            "credit guarantee",
            "--instrument",
            "credit-guarantee",
            "--country",
            "KOR",
            "--json",
        ],
    )
    hits = json.loads(res.stdout)
    programs = [h for h in hits if h.get("program_id")]
    assert programs and all(h["country"] == "KOR" for h in programs)
    assert all("credit-guarantee" in h["instruments"] for h in programs)
    assert all("KOR" in h["countries"] for h in hits if not h.get("program_id"))


def test_from_file_prints_one_json_line_per_query(cli_env: Path, tmp_path: Path) -> None:
    assert runner.invoke(app, ["build"]).exit_code == 0
    queries = write(tmp_path / "q.txt", "single window\n\nexport voucher\n")
    res = runner.invoke(app, ["search", "--from-file", str(queries), "-k", "2"])
    lines = [json.loads(x) for x in res.stdout.splitlines()]
    assert [x["query"] for x in lines] == ["single window", "export voucher"]
    assert lines[0]["also_searched_as"] == ["ventanilla única", "guichê único"]
    assert all(len(x["hits"]) == 2 for x in lines)


def test_missing_index_is_one_clear_line_not_a_traceback(cli_env: Path) -> None:
    res = runner.invoke(app, ["search", "anything", "--index", "nope"])
    assert res.exit_code == 1
    assert "index 'nope' not found" in res.stderr and "Traceback" not in res.output


def test_unknown_need_is_a_usage_error_listing_valid_ids(cli_env: Path) -> None:
    assert runner.invoke(app, ["build"]).exit_code == 0
    res = runner.invoke(app, ["search", "x", "--need", "money"])
    assert res.exit_code == 2
    assert "unknown need 'money'" in res.stderr and "access-to-credit" in res.stderr


def test_ingest_names_each_failed_file_and_exits_1(cli_env: Path, tmp_path: Path) -> None:
    good = write(tmp_path / "in" / "note.md", "# Note\n\nExport vouchers for small firms.")
    bad = tmp_path / "in" / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 garbage")
    res = runner.invoke(app, ["ingest", str(tmp_path / "in"), "--index", "mine", "--json"])
    assert res.exit_code == 1
    assert f"failed: {bad}:" in res.stderr
    assert json.loads(res.stdout)["added"] == 1
    res = runner.invoke(app, ["search", "export vouchers", "--index", "mine", "--json"])
    assert json.loads(res.stdout)[0]["source"].endswith(good.name)


def test_info_reports_model_and_counts(cli_env: Path) -> None:
    assert runner.invoke(app, ["build"]).exit_code == 0
    res = runner.invoke(app, ["info", "--json"])
    data = json.loads(res.stdout)
    assert data["encoder"] == "hash-256" and data["docs"] > 50 and data["chunks"] > data["docs"]
    assert data["doc_types"]["program"] > 50
    assert isinstance(data["created"], float)  # JSON keeps the seconds
    rows = [
        line.split("│")[1].strip()
        for line in runner.invoke(app, ["info"]).stdout.splitlines()
        if line.count("│") >= 3
    ]
    assert "created_iso" in rows and "created" not in rows  # the table, the date only


def test_no_query_is_a_usage_error(cli_env: Path) -> None:
    res = runner.invoke(app, ["search"])
    assert res.exit_code == 2


def test_a_saved_pages_hit_prints_its_original_address(cli_env: Path, tmp_path: Path) -> None:
    """The text output names where the page is on the web beside the file, and no section
    that only repeats the title printed above it."""
    url = "https://www.undp.org/es/paraguay/blog/co-creando"
    text = "En Pilar, un taller de co-creación diseñó servicios para los talleres textiles."
    write(tmp_path / "in" / "blog.md", f"# Co-creando servicios\n\n[[source:{url}]]\n\n{text}\n")
    assert runner.invoke(app, ["ingest", str(tmp_path / "in"), "--index", "web"]).exit_code == 0
    res = runner.invoke(app, ["search", "taller de co-creación", "--index", "web", "-k", "1"])
    lines = res.stdout.splitlines()
    assert lines[0].endswith("Co-creando servicios") and lines[1].lstrip().startswith("En Pilar")
    assert lines[2].strip().endswith(f"blog.md · {url}"), lines
