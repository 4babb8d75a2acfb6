"""Programs ↔ documents: the passages of ingested documents that mention a program.

A program is found by its name, the name without a parenthesised acronym, that acronym, and its
aliases, in any language: names are compared case- and accent-insensitively on whole words
("Fondo de Garantía para Pequeños Empresarios" meets "fondo de garantia para pequenos
empresarios"). Short all-capital acronyms ("FOGAPE", "SCORE", "SETUP") are matched
case-sensitively, because their lower-case forms are often ordinary words. A name claimed by
several programs (Peru's and Brazil's "Exporta Fácil") counts only in a passage that also names
the program's country, so a mention is never credited to the wrong country.

Links depend only on the index, so they are computed once per index version
(`index.manifest.version`) and cached; a new version recomputes them.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kb.records import DocRecord, ProgramInfo
from kb.store.base import IndexView
from kb.vocab import countries

ACRONYM_MAX = 8  # an all-capital name up to this long is matched case-sensitively
SNIPPET_CHARS = 280
_WORD = re.compile(r"\w+", re.U)
_PAREN = re.compile(r"\s*\(([^)]*)\)\s*")
_ACRONYM = re.compile(r"^[A-Z0-9][A-Z0-9\-]*[A-Z0-9]$")


@dataclass(frozen=True)
class Citation:
    """A passage to cite: which document, which page, and the words themselves."""

    doc_id: str
    title: str
    page: int
    snippet: str
    chunk_id: str = ""
    source: str = ""
    section: str = ""  # the heading the passage is under ("" when none)
    paged: bool = True  # False: the document has no real pages (a case study, Markdown ...)
    url: str = ""  # where the document is on the web ("" when nowhere known)

    @classmethod
    def of(
        cls,
        doc_id: str,
        doc: DocRecord,
        page: int,
        snippet: str,
        chunk_id: str,
        heading: object,
        title: str = "",
    ) -> Citation:
        """A passage of an indexed document, with the document's source, pages, web address
        and title (or `title`, a program's name)."""
        return cls(
            doc_id=doc_id,
            title=title or doc.title,
            page=page,
            snippet=snippet,
            chunk_id=chunk_id,
            source=doc.source,
            section=heading if isinstance(heading, str) else "",
            paged=doc.paged,
            url=doc.url or "",
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "title": self.title,
            "page": self.page,
            "snippet": self.snippet,
            "chunk_id": self.chunk_id,
            "source": self.source,
            "url": self.url or None,
            "section": self.section,
            "paged": self.paged,
        }


def fold(text: str) -> str:
    """Casefolded, accent-free text."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def folded_words(text: str) -> tuple[str, ...]:
    return tuple(_WORD.findall(fold(text)))


def is_acronym(name: str) -> bool:
    return (
        len(name) <= ACRONYM_MAX
        and bool(_ACRONYM.match(name))
        and sum(ch.isalpha() for ch in name) >= 2
    )


def program_names(name: str, aliases: Iterable[str]) -> set[str]:
    """Every form a program may be written in: name, name without "(...)", acronym, aliases."""
    names = {name, *aliases}
    # "(FOGAPE)" is another name; "(Perú)" or "(Correios)" only qualifies the name.
    names.update(p for p in _PAREN.findall(name) if is_acronym(p))
    names.add(_PAREN.sub(" ", name).strip())
    return {n.strip() for n in names if n.strip()}


@dataclass
class _Matcher:
    """Token-sequence lookup: first token -> [(tokens, program ids)], in two case modes."""

    folded: dict[str, list[tuple[tuple[str, ...], set[str]]]]
    exact: dict[str, list[tuple[tuple[str, ...], set[str]]]]

    def find(self, text: str) -> set[tuple[str, tuple[str, ...], bool]]:
        """(program id, key, ambiguous) for each name found in the text."""
        found: set[tuple[str, tuple[str, ...], bool]] = set()
        for words, table in (
            (folded_words(text), self.folded),
            (tuple(_WORD.findall(text)), self.exact),
        ):
            for i, w in enumerate(words):
                for key, ids in table.get(w, ()):
                    if words[i : i + len(key)] == key:
                        found.update((pid, key, len(ids) > 1) for pid in ids)
        return found


def _matcher(programs: dict[str, ProgramInfo]) -> _Matcher:
    claims: dict[tuple[tuple[str, ...], bool], set[str]] = {}
    for pid, prog in programs.items():
        for name in program_names(prog.name, prog.aliases):
            exact = is_acronym(name)
            key = tuple(_WORD.findall(name)) if exact else folded_words(name)
            if key:
                claims.setdefault((key, exact), set()).add(pid)
    folded: dict[str, list[tuple[tuple[str, ...], set[str]]]] = {}
    exact_t: dict[str, list[tuple[tuple[str, ...], set[str]]]] = {}
    for (key, exact), ids in claims.items():
        (exact_t if exact else folded).setdefault(key[0], []).append((key, ids))
    return _Matcher(folded, exact_t)


def _country_words(code: str) -> list[tuple[str, ...]]:
    if not countries.is_country(code):
        return []
    c = countries.get(code)
    return [folded_words(n) for n in {c.name_en, c.name_es, c.name_pt} if n]


def _names_country(words: tuple[str, ...], country: str) -> bool:
    for key in _country_words(country):
        n = len(key)
        if any(words[i : i + n] == key for i in range(len(words) - n + 1)):
            return True
    return False


def _snippet(text: str, key: tuple[str, ...], width: int = SNIPPET_CHARS) -> str:
    """The text around the first mention of the key."""
    flat = " ".join(text.replace("**", "").split())
    first = fold(flat).find(key[0].lower()) if key else -1
    if len(flat) <= width or first < 0:
        return flat[:width] + (" …" if len(flat) > width else "")
    start = max(0, first - width // 3)
    if start:
        start = flat.find(" ", start) + 1 or start
    cut = flat[start : start + width]
    return ("… " if start else "") + cut + (" …" if start + width < len(flat) else "")


def compute_links(index: IndexView) -> dict[str, list[Citation]]:
    """Program id -> passages of non-program documents that mention it, in index order."""
    programs = {d.program.id: d.program for d in index.docs.values() if d.program is not None}
    out: dict[str, list[Citation]] = {pid: [] for pid in programs}
    other = {k for k, d in index.docs.items() if d.doc_type != "program"}
    if not programs or not other or not index.size:
        return out
    matcher = _matcher(programs)
    rows = index.chunk_table(["chunk_id", "doc_id", "text", "page_start", "heading"], other)
    for chunk_id, doc_id, text, page, heading in zip(
        rows["chunk_id"],
        rows["doc_id"],
        rows["text"],
        rows["page_start"],
        rows["heading"],
        strict=True,
    ):
        words: tuple[str, ...] | None = None
        seen: set[str] = set()
        for pid, key, ambiguous in sorted(matcher.find(text)):
            if pid in seen:
                continue
            if ambiguous:
                words = words if words is not None else folded_words(text)
                if not _names_country(words, programs[pid].country):
                    continue
            seen.add(pid)
            doc = index.docs[doc_id]
            out[pid].append(
                Citation.of(doc_id, doc, int(page), _snippet(text, key), chunk_id, heading)
            )
    return out


_cache: dict[tuple[str, str], dict[str, list[Citation]]] = {}
_lock = threading.Lock()


def program_links(index: IndexView) -> dict[str, list[Citation]]:
    """`compute_links`, cached by (index location, version): a new index version recomputes."""
    key = (index.location, index.manifest.version)
    if not key[1]:  # an unpublished index has no version to key a cache on
        return compute_links(index)
    with _lock:
        if key not in _cache:
            # Old versions of the same index are never asked for again.
            for old in [k for k in _cache if k[0] == key[0]]:
                del _cache[old]
            _cache[key] = compute_links(index)
        return _cache[key]
