"""Hostile input, second round (issue 17, items 1-4): one test per class, bombs built at run time.

1. YAML alias expansion in metadata; a publish never writes a version it cannot load back.
2. Decompression bombs (DOCX, PDF): refused in a memory-capped process, in bounded memory.
3. Deeply nested HTML: linear time, and clear depth / element / size limits.
4. Symbolic links leaving the folder given are skipped and named; downloads serve only files
   kb stored itself.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kb.cli import app
from kb.curate.curator import Curator
from kb.curate.uploads import save_upload, stored_file, uploads_dir
from kb.errors import DecompressionBombError, InputLimitError, MetadataError, RecordTooLargeError
from kb.ingest.embed import make_encoder
from kb.ingest.metadata import load_yaml_mapping, validate_metadata
from kb.ingest.parse import html, ocr, parse_file
from kb.settings import PROJECT_ROOT, Settings
from kb.store.index import Index
from tests.support.bombs import docx_bomb, pdf_bomb, yaml_bomb
from tests.support.files import report_text
from tests.support.stores import file_only

ROOT = Path(__file__).resolve().parent.parent
MEMORY_CAP = 1536 * 1024 * 1024  # address space of the capped ingest: 1.5 GiB
PEAK_LIMIT_MIB = 700  # resident peak allowed for refusing a 1 GiB bomb


# ---- 1. metadata -------------------------------------------------------------------------


def test_yaml_alias_bomb_is_refused_and_the_rest_of_the_batch_goes_on(
    settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "bomb.txt").write_text(report_text(1), encoding="utf-8")
    (folder / "bomb.txt.yaml").write_text(yaml_bomb(), encoding="utf-8")
    assert len(yaml_bomb()) < 600  # the bomb was 368 bytes
    (folder / "front.md").write_text(
        "---\ntitle: &t Export\nsubtitle: *t\n---\n# Body\n\nText about exports.\n",
        encoding="utf-8",
    )
    (folder / "good.txt").write_text(report_text(2), encoding="utf-8")
    cur = Curator(settings, "t", user="alice", encoder=make_encoder("hash-256"))
    t0 = time.perf_counter()
    report = cur.ingest([folder])
    assert time.perf_counter() - t0 < 60
    reasons = dict(report.failed)
    assert set(reasons) == {str(folder / "bomb.txt"), str(folder / "front.md")}
    assert "YAML aliases (*name) are not accepted" in reasons[str(folder / "bomb.txt")]
    assert reasons[str(folder / "bomb.txt")].startswith(f"{folder / 'bomb.txt.yaml'}: ")
    assert "front matter at line 3" in reasons[str(folder / "front.md")]
    index = Index.load(settings.index_path("t"))  # the published version loads back
    assert [d.title for d in index.docs.values()] == ["good"]


@pytest.mark.parametrize(
    ("depth", "said"), [(150, "values nested too deep"), (20_000, "nesting depth")]
)
def test_deeply_nested_metadata_is_refused_before_it_is_composed(depth: int, said: str) -> None:
    # composing recurses (in C with libyaml, past Python's recursion guard): the nesting is
    # counted on the parser's events first
    nested = "title: x\nextra: " + "[" * depth + "]" * depth + "\n"
    with pytest.raises(MetadataError, match=said):
        load_yaml_mapping(nested, "deep.md", "front matter")
    assert load_yaml_mapping("a: " + "[" * 20 + "1" + "]" * 20, "ok.md", "front matter")["a"]


def test_metadata_is_a_bounded_typed_record() -> None:
    ok = validate_metadata({"title": 1984, "year": "2021-05-01", "tags": ["a", 2]}, "m.yaml")
    assert ok == {"title": "1984", "year": "2021-05-01", "tags": ["a", 2]}
    cases = {
        "nested": ({"source": {"url": "x"}}, "field 'source'"),
        "list of lists": ({"tags": [["a"]]}, "field 'tags'"),
        "long text": ({"notes": "x" * 5000}, "field 'notes'"),
        "long list": ({"tags": list(range(500))}, "field 'tags'"),
        "many fields": ({f"k{i}": i for i in range(60)}, "60 extra metadata fields"),
    }
    for name, (meta, words) in cases.items():
        with pytest.raises(MetadataError, match=r"m\.yaml") as info:
            validate_metadata(meta, "m.yaml")
        assert words in str(info.value), name


def test_a_publish_never_writes_a_version_it_could_not_load(
    settings: Settings, tmp_path: Path
) -> None:
    file_only(settings, "writes an Index directly")
    (tmp_path / "a.txt").write_text(report_text(3), encoding="utf-8")
    Curator(settings, "t", user="alice", encoder=make_encoder("hash-256")).ingest(
        [tmp_path / "a.txt"]
    )
    path = settings.index_path("t")
    index = Index.load(path)
    current = (path / "CURRENT").read_text()
    bomb: object = ["lol"] * 10
    for _ in range(8):  # shared references: 10**9 strings once serialized
        bomb = [bomb] * 10
    (doc_id, record), *_ = index.docs.items()
    hostile = dataclasses.replace(
        index, docs={doc_id: dataclasses.replace(record, metadata={"x": bomb})}
    )
    t0 = time.perf_counter()
    with pytest.raises(RecordTooLargeError, match=f"document '{doc_id}'.*nothing was published"):
        hostile.publish()
    assert time.perf_counter() - t0 < 5  # found without serializing the bomb
    assert (path / "CURRENT").read_text() == current
    assert Index.load(path).docs[doc_id].metadata == record.metadata


# ---- 2. decompression bombs --------------------------------------------------------------

_CAPPED = """
import resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({cap}, {cap}))
from pathlib import Path
from kb.errors import KbError
from kb.ingest.parse import parse_file
t0 = time.perf_counter()
try:
    parse_file(Path(sys.argv[1]))
    print("PARSED")
except KbError as exc:
    print("ERROR", exc)
# VmHWM, not ru_maxrss: ru_maxrss survives exec, so it would report pytest's own peak
peak = next(int(x.split()[1]) for x in open("/proc/self/status") if x.startswith("VmHWM")) // 1024
print("PEAK", peak, "SECONDS", round(time.perf_counter() - t0, 1))
"""


@pytest.mark.parametrize("kind", ["docx", "pdf"])
def test_decompression_bomb_is_refused_in_bounded_memory(kind: str, tmp_path: Path) -> None:
    path = tmp_path / f"bomb.{kind}"
    path.write_bytes(docx_bomb() if kind == "docx" else pdf_bomb())  # 1 GiB from ~3 MB
    assert path.stat().st_size < 4 * 2**20
    env = {k: v for k, v in os.environ.items() if not k.startswith("KB_")}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run(
        [sys.executable, "-c", _CAPPED.format(cap=MEMORY_CAP), str(path)],
        capture_output=True,
        text=True,
        timeout=600,  # generous: the machine may be loaded; the refusal itself takes < 1 s
        env=env,
        cwd=tmp_path,
    )
    assert run.returncode == 0, (run.stdout[-2000:], run.stderr[-2000:])
    lines = run.stdout.strip().splitlines()
    assert lines[0].startswith(f"ERROR {path}: decompression bomb refused"), lines
    assert "max_inflated_bytes" in lines[0] and len(lines) == 2
    peak = int(lines[1].split()[1])
    seconds = float(lines[1].split()[3])
    assert peak < PEAK_LIMIT_MIB, f"peak {peak} MiB"
    assert seconds < 60


def test_zip_limits_are_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "small-bomb.docx"
    path.write_bytes(docx_bomb(16))  # 16 MiB from ~50 kB: over the ratio, under the size
    with pytest.raises(DecompressionBombError, match="max_compression_ratio"):
        parse_file(path, settings=Settings(max_compression_ratio=200))
    with pytest.raises(DecompressionBombError, match=r"together.*max_inflated_total_bytes"):
        parse_file(
            path,
            settings=Settings(max_compression_ratio=10**6, max_inflated_total_bytes=2**20),
        )
    doc = parse_file(path, settings=Settings(max_compression_ratio=10**6))[0]
    assert doc.pages[0].blocks[0].text.startswith("bomb bomb")  # within the limits: read


def test_pdf_stream_limit_covers_every_reader(tmp_path: Path) -> None:
    path = tmp_path / "stream.pdf"
    path.write_bytes(pdf_bomb(4))
    small = Settings(max_inflated_bytes=2 * 2**20, ocr_enabled=False)
    with pytest.raises(DecompressionBombError, match=r"PDF stream \(object 4\)"):
        parse_file(path, settings=small)
    doc = parse_file(path, settings=Settings(ocr_enabled=False))[0]
    assert "bomb" in doc.text


# ---- 3. super-linear parsing -------------------------------------------------------------


def _nested(n: int, open_: str, close: str) -> bytes:
    return ("<html><body>" + open_ * n + close * n + "</body></html>").encode()


@pytest.mark.parametrize(
    ("open_", "close"),
    [("<div>x", "</div>"), ("<table><tr><td>x", "</td></tr></table>")],
)
def test_deep_html_is_parsed_in_linear_time(open_: str, close: str, tmp_path: Path) -> None:
    deep = Settings(max_html_depth=10**7)
    times = {}
    for n in (2_000, 20_000):
        path = tmp_path / f"deep{n}.html"
        path.write_bytes(_nested(n, open_, close))
        t0 = time.perf_counter()
        parse_file(path, settings=deep)
        times[n] = time.perf_counter() - t0
    # ten times the input: about ten times the time; quadratic would be a hundred
    assert times[20_000] < 40 * max(times[2_000], 0.05), times
    assert times[20_000] < 60
    with pytest.raises(InputLimitError, match=r"nested more than 512 deep.*max_html_depth"):
        parse_file(tmp_path / "deep20000.html", settings=Settings())


def test_html_element_and_size_limits_fail_clearly(tmp_path: Path) -> None:
    path = tmp_path / "many.html"
    path.write_bytes(b"<html><body>" + b"<p>x</p>" * 3000 + b"</body></html>")
    with pytest.raises(InputLimitError, match=f"{path}: more than 1,000 elements"):
        parse_file(path, settings=Settings(max_html_elements=1000))
    with pytest.raises(InputLimitError, match=r"over the limit of 1,000.*max_html_bytes"):
        parse_file(path, settings=Settings(max_html_bytes=1000))
    assert len(parse_file(path)[0].pages[0].blocks) == 3000


def test_a_big_html_page_reports_its_stages(tmp_path: Path) -> None:
    class Steps:
        def __init__(self) -> None:
            self.label, self.total, self.done = "", 0, 0

        def start(self, label: str, total: int) -> None:
            self.label, self.total = label, total

        def page_done(self) -> None:
            self.done += 1

    steps = Steps()
    data = b"<html><body>" + b"<p>Export credit for small firms.</p>" * 40_000 + b"</body></html>"
    with ocr.reporting(steps):
        html.parse(tmp_path / "big.html", data)
    assert steps.label.startswith("Reading big.html") and steps.done == steps.total == 3


# ---- 4. symbolic links -------------------------------------------------------------------


def test_symlinks_leaving_the_folder_are_skipped_and_named(
    cli_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "passwd.txt").write_text("root:x:0:0:secretword:/root:/bin/bash\n")
    (outside / "more.txt").write_text("another secretword file\n")
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "good.txt").write_text(report_text(1), encoding="utf-8")
    (folder / "sub" / "inner.txt").write_text(report_text(2), encoding="utf-8")
    (folder / "passwd.txt").symlink_to(outside / "passwd.txt")
    (folder / "linked").symlink_to(outside, target_is_directory=True)
    (folder / "inner-link.txt").symlink_to(folder / "sub" / "inner.txt")  # stays inside
    (folder / "good.txt.yaml").symlink_to(outside / "passwd.txt")  # a sidecar leaving too

    runner = CliRunner()
    res = runner.invoke(app, ["ingest", str(folder), "--index", "mine", "--json"])
    skipped = {json.dumps(x) for x in json.loads(res.stdout)["skipped"]}
    assert len(skipped) == 2
    for name in ("passwd.txt", "linked"):
        assert f"skipped: {folder / name}: symbolic link leading outside" in res.stderr
    assert f"failed: {folder / 'good.txt'}: {folder / 'good.txt.yaml'}: sidecar is a " in (
        res.stderr
    )
    res = runner.invoke(app, ["search", "secretword", "--index", "mine", "--json", "-k", "5"])
    assert "secretword" not in res.stdout

    monkeypatch.setenv("KB_FOLLOW_SYMLINKS", "true")
    from kb.settings import get_settings

    get_settings.cache_clear()
    (folder / "good.txt.yaml").unlink()
    res = runner.invoke(app, ["ingest", str(folder), "--index", "mine", "--json"])
    assert json.loads(res.stdout)["skipped"] == [] and res.exit_code == 0, res.stderr
    res = runner.invoke(app, ["search", "secretword", "--index", "mine", "--json", "-k", "5"])
    assert "secretword" in res.stdout


def test_download_serves_only_files_kb_stored(settings: Settings, tmp_path: Path) -> None:
    elsewhere = tmp_path / "report.txt"
    elsewhere.write_text("x")
    assert stored_file(str(elsewhere), settings) is None
    assert stored_file("/etc/passwd", settings) is None
    upload = save_upload(settings, "note.txt", b"hello")
    assert stored_file(str(upload), settings) == upload.resolve()
    planted = uploads_dir(settings) / "planted.txt"
    planted.symlink_to(elsewhere)
    assert stored_file(str(planted), settings) is None
    shipped = next((PROJECT_ROOT / "corpus" / "documents").glob("*.md"))
    rel = str(shipped.relative_to(PROJECT_ROOT))
    assert stored_file(rel, settings.with_(corpus_dir=PROJECT_ROOT / "corpus")) == shipped
    assert stored_file("https://example.org/x.pdf", settings) is None
