"""Test indexes for the app: the shipped corpus (or a subset) plus two documents carrying markup.

`build_app_index` writes an index under a temporary folder and returns the environment
variables that point kb (and the app started in a subprocess) at it.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from kb.curate.batch import Pipeline, build_corpus
from kb.settings import PROJECT_ROOT, get_settings

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
MARKER = "zorbatrix"  # a word found only in the documents below
# Off every policy topic, so they do not crowd the results of ordinary queries (screenshots).
EVIL_TXT = (
    f"Nota de prueba {SCRIPT} sobre {MARKER}\n\n"
    f"Esta nota de prueba sobre {MARKER} contiene {SCRIPT} y "
    f"también {IMG} dentro del texto, además de **negritas**, $x^2$ y :red[color].\n"
)
EVIL_MD = (
    f'---\ntitle: "Guía {IMG} de {MARKER}"\nlanguage: es\n---\n\n# Guía de {MARKER}\n\n'
    f"La guía de {MARKER} es un texto de prueba con marcas.\n"
)


def write_evil(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    txt, md = folder / "nota-insegura.txt", folder / "guia-insegura.md"
    txt.write_text(EVIL_TXT, encoding="utf-8")
    md.write_text(EVIL_MD, encoding="utf-8")
    return [txt, md]


def subset_corpus(dest: Path, programs: Sequence[str], documents: Sequence[str]) -> Path:
    """A corpus folder with some of the shipped case studies and policy notes."""
    src = PROJECT_ROOT / "corpus"
    (dest / "programs").mkdir(parents=True)
    (dest / "documents").mkdir()
    (dest / "programs" / "translations").mkdir()
    for pid in programs:
        shutil.copy(src / "programs" / f"{pid}.md", dest / "programs")
        for tr in (src / "programs" / "translations").glob(f"{pid}.*.md"):
            shutil.copy(tr, dest / "programs" / "translations")
    for name in documents:
        shutil.copy(src / "documents" / name, dest / "documents")
    return dest


def build_app_index(
    tmp: Path, encoder: str = "hash-256", corpus_dir: Path | None = None
) -> dict[str, str]:
    """Build the corpus index (+ the markup documents) in tmp; the KB_* variables to use it."""
    env = {
        "KB_INDEX_DIR": str(tmp / "indexes"),
        "KB_CACHE_DIR": str(tmp / "cache"),
        "KB_ENCODER": encoder,
    }
    if corpus_dir is not None:
        env["KB_CORPUS_DIR"] = str(corpus_dir)
    s = get_settings().with_(
        index_dir=tmp / "indexes",
        cache_dir=tmp / "cache",
        encoder=encoder,
        **({"corpus_dir": corpus_dir} if corpus_dir else {}),
    )
    build_corpus(s)
    Pipeline(s).ingest_paths(write_evil(tmp / "evil"), s.default_index)
    return env


@contextmanager
def index_env(env: Mapping[str, str]) -> Iterator[dict[str, str]]:
    """The KB_* variables of `build_app_index` set for a module's tests, settings re-read."""
    with pytest.MonkeyPatch.context() as mp:
        for k, v in env.items():
            mp.setenv(k, v)
        get_settings.cache_clear()
        yield dict(env)
    get_settings.cache_clear()


def switch_to(at: Any, name: str) -> Any:
    """Send an AppTest to the page served at /<name>.

    kb registers its pages as callables (`st.Page(render)`), and `AppTest.switch_page` only
    finds pages that are files; a callable page's script hash is the hash of its url path.
    """
    from streamlit.util import calc_hash

    at._page_hash = calc_hash(name)
    return at


@contextmanager
def subset_env(tmp: Path, programs: Sequence[str]) -> Iterator[dict[str, str]]:
    """A module's app index over some of the shipped case studies, its KB_* variables set."""
    corpus = subset_corpus(tmp / "corpus", programs, [])
    with index_env(build_app_index(tmp, corpus_dir=corpus)) as env:
        yield env
