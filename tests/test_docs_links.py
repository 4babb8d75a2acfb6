"""Every relative link in the project's Markdown reaches a file, and every `#anchor` a heading.

The evaluation write-up is split into a current page and a dated log that link into each other
by heading; a renamed heading or a moved section would otherwise leave readers at a dead link.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = sorted(
    [
        ROOT / "README.md",
        ROOT / "CHANGELOG.md",
        *(ROOT / "docs").glob("*.md"),
        *(ROOT / "corpus" / "eval").rglob("*.md"),
    ]
)
LINK = re.compile(r"\]\(([^)\s]+)\)")
FENCE = re.compile(r"^```.*?^```", re.S | re.M)
CODE = re.compile(r"`[^`\n]*`")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces as hyphens."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def anchors(path: Path) -> set[str]:
    text = FENCE.sub("", path.read_text(encoding="utf-8"))
    return {slug(m.group(1)) for m in re.finditer(r"^#{1,6} +(.+)$", text, re.M)}


def links(path: Path) -> list[str]:
    text = CODE.sub("", FENCE.sub("", path.read_text(encoding="utf-8")))
    return [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]


def test_slug_follows_github() -> None:
    assert slug("kb's search on XQuAD-R") == "kbs-search-on-xquad-r"
    assert slug("A (2026-12-03, twelfth session)") == "a-2026-12-03-twelfth-session"
    assert slug("Cited pages: es, en, pt — as read") == "cited-pages-es-en-pt--as-read"


@pytest.mark.parametrize("doc", DOCUMENTS, ids=lambda p: str(p.relative_to(ROOT)))
def test_relative_links_resolve(doc: Path) -> None:
    dead = []
    for target in links(doc):
        file, _, anchor = target.partition("#")
        path = (doc.parent / file).resolve() if file else doc
        if not path.exists():
            dead.append(f"{target}: no such file")
        elif anchor and path.suffix == ".md" and anchor not in anchors(path):
            dead.append(f"{target}: no heading with that anchor in {path.name}")
    assert not dead, f"{doc.relative_to(ROOT)}: " + "; ".join(dead)
