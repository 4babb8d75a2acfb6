"""A query's terms of the field in the other languages, from a glossary (kb/data/glossary.tsv).

BM25 finds nothing in an English passage for "garantías de crédito", and the encoder reads a
term of art loosely, so an answer written in another language than the query rests on the
encoder alone. Dictionary-based query translation is the standard remedy in cross-language
retrieval: each glossary term the query holds is replaced by its equivalent in each language,
and each translated query is one more lexical query, whose evidence a passage may use instead
of the original's (the search takes the best of them per passage). Words the glossary does not
know stay as they are: names and cognates still match.

Terms are matched as the lexical index reads words (kb.store.lexical.query_words: each word's
English, Spanish and Portuguese stems and plain form, stop words dropped), longest term first,
so "garantía de crédito" matches "garantías de crédito" and "créditos garantizados" does not.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kb.errors import GlossaryError
from kb.store.lexical import is_stop_word, query_words

log = logging.getLogger(__name__)
Words = tuple[tuple[str, ...], ...]  # a phrase: each word's forms, in order
GLOSSARY_LANGS = ("en", "es", "pt")


@dataclass(frozen=True)
class Term:
    """One glossary entry: each language's phrasings, the first the one queries take."""

    phrasings: tuple[tuple[Words, ...], ...]  # per GLOSSARY_LANGS, in order (term_words)
    texts: tuple[str, ...]  # each language's first phrasing as written (shown to users)
    searched: tuple[Words, ...]  # each first phrasing as the index reads it (query_words)


# A one-letter prefix and its hyphen ("e-commerce", "e-invoicing") is one word to the glossary:
# the lexical index drops the "e" as a stop word, and "commerce" alone would translate every
# "chamber of commerce". Only a stop-word letter is joined, so that the glossary's words and the
# index's stay one for one (the index drops that letter anyway).
_PREFIXED = re.compile(r"\b([^\W\d_])-(?=\w)")


def term_text(text: str) -> str:
    """The text with each one-letter prefix the index drops joined to its word ("ecommerce")."""
    return _PREFIXED.sub(lambda m: m[1] if is_stop_word(m[1]) else m[0], text)


def term_words(text: str) -> list[list[str]]:
    """A text's words as the glossary matches them: the lexical index's words, with a
    one-letter prefix kept on its word; as many as the index's (`query_words`)."""
    return query_words(term_text(text))


def words_of(text: str) -> Words:
    return tuple(tuple(forms) for forms in term_words(text))


def parse_glossary(text: str, source: str = "glossary") -> tuple[Term, ...]:
    """Terms from tab-separated lines (en, es, pt; alternatives split by ';'); '#' lines and
    the header are skipped. A line that cannot be read is left out with a warning naming it
    (the rest of the glossary still serves); a glossary with no term is a GlossaryError."""
    terms: list[Term] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#") or line.startswith("en\t"):
            continue
        term, problem = _term(line)
        if term is None:
            log.warning("%s, line %d: %s; the line is left out: %r", source, number, problem, line)
            continue
        terms.append(term)
    if not terms:
        raise GlossaryError(
            f"{source}: no glossary term could be read; write one term per line as "
            "en<TAB>es<TAB>pt, alternatives split by ';'"
        )
    return tuple(terms)


def _term(line: str) -> tuple[Term | None, str]:
    cells = line.split("\t")
    if len(cells) != len(GLOSSARY_LANGS):
        return None, f"expected 3 tab-separated columns (en, es, pt), found {len(cells)}"
    phrasings = tuple(
        tuple(w for w in (words_of(alt) for alt in cell.split(";")) if w) for cell in cells
    )
    if not all(phrasings):
        return None, "a language has no words but stop words"
    firsts = tuple(cell.split(";")[0].strip() for cell in cells)
    searched = tuple(tuple(tuple(forms) for forms in query_words(text)) for text in firsts)
    return Term(phrasings, firsts, searched), ""


def glossary(path: Path | None = None) -> tuple[Term, ...]:
    """The glossary at `path` (default: the shipped one), read once per file version."""
    if path is None:
        return _shipped()
    try:
        return _read(path.resolve(), path.stat().st_mtime_ns)
    except OSError as e:
        raise GlossaryError(
            f"{path}: cannot read the glossary ({e.strerror}); set glossary_path to a "
            "tab-separated file or leave it empty for the shipped one"
        ) from e


@lru_cache(maxsize=1)
def _shipped() -> tuple[Term, ...]:
    text = resources.files("kb").joinpath("data/glossary.tsv").read_text(encoding="utf-8")
    return parse_glossary(text, "kb/data/glossary.tsv")


@lru_cache(maxsize=4)
def _read(path: Path, mtime_ns: int) -> tuple[Term, ...]:
    del mtime_ns  # part of the cache key: an edited file is read again
    return parse_glossary(path.read_text(encoding="utf-8"), str(path))


Phrase = tuple[frozenset[str], ...]


def _matches(words: list[list[str]], at: int, phrase: Phrase) -> bool:
    if at + len(phrase) > len(words):
        return False
    return all(not forms.isdisjoint(words[at + j]) for j, forms in enumerate(phrase))


@lru_cache(maxsize=4)
def _by_first_form(terms: tuple[Term, ...]) -> dict[str, list[tuple[Phrase, Term]]]:
    """Every phrasing with its term, under each form of its first word, longest first (a
    longer term wins where two start): a query word looks up only the terms it can begin."""
    out: dict[str, list[tuple[Phrase, Term]]] = {}
    for term in terms:
        for per_lang in term.phrasings:
            for phrasing in per_lang:
                phrase = tuple(frozenset(forms) for forms in phrasing)
                for form in phrase[0]:
                    out.setdefault(form, []).append((phrase, term))
    for entries in out.values():
        entries.sort(key=lambda entry: -len(entry[0]))
    return out


def found_terms(words: list[list[str]], terms: tuple[Term, ...]) -> list[tuple[int, int, Term]]:
    """(start, length, term) of each glossary term in the query's words, left to right, not
    overlapping."""
    index = _by_first_form(terms)
    out: list[tuple[int, int, Term]] = []
    at = 0
    while at < len(words):
        entries = sorted(
            (e for form in set(words[at]) for e in index.get(form, ())), key=lambda e: -len(e[0])
        )
        hit = next(((p, t) for p, t in entries if _matches(words, at, p)), None)
        if hit is None:
            at += 1
            continue
        out.append((at, len(hit[0]), hit[1]))
        at += len(hit[0])
    return out


def translations(
    words: list[list[str]],
    terms: tuple[Term, ...] | None = None,
    matched: list[list[str]] | None = None,
) -> list[list[list[str]]]:
    """The query's words with every glossary term it holds put in each language's first
    phrasing, one query per language; a query the same as the original is left out. `words`
    are the index's (`query_words`); `matched`, the same words as the glossary reads them
    (`term_words`), are where terms are looked for."""
    terms = glossary() if terms is None else terms
    matched = matched if matched is not None and len(matched) == len(words) else words
    found = found_terms(matched, terms)
    if not found:
        return []
    out: list[list[list[str]]] = []
    for lang in range(len(GLOSSARY_LANGS)):
        translated: list[list[str]] = []
        at = 0
        for start, length, term in found:
            translated += [list(w) for w in words[at:start]]
            translated += [list(forms) for forms in term.searched[lang]]
            at = start + length
        translated += [list(w) for w in words[at:]]
        if not any(_same(translated, q) for q in [words, *out]):
            out.append(translated)
    return out


def _same(a: list[list[str]], b: list[list[str]]) -> bool:
    """Whether two queries match the same passages: word for word, a form in common."""
    return len(a) == len(b) and all(set(x) & set(y) for x, y in zip(a, b, strict=True))


def also_searched(words: list[list[str]], terms: tuple[Term, ...]) -> list[str]:
    """What the query's glossary terms were also searched as, as written in the glossary
    (the phrasings that read differently from the query's own words), for the user to see
    why a passage in another language answers."""
    out: list[str] = []
    for start, length, term in found_terms(words, terms):
        own = words[start : start + length]
        for phrasing, text in zip((p[0] for p in term.phrasings), term.texts, strict=True):
            if not _same([list(w) for w in phrasing], own) and text not in out:
                out.append(text)
    return out
