"""A query that is a program's name: that program's card comes first.

Typed alone, a name ("SEBRAE", "K-SURE", "microempreendedor individual") asks for that program.
The encoder reads a lone acronym poorly and BM25 gives every passage that mentions it the full
lexical share, so a program that only names SEBRAE as a partner could rank above SEBRAE itself.
Names are a case study's `name` (with and without what it holds in parentheses), its `aliases`
and an acronym in parentheses in its name, compared lowercased, without accents and with spaces
collapsed; nothing else about the ranking changes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence

from kb.records import DocRecord
from kb.store.lexical import fold

from .cards import Candidate

_IN_PARENTHESES = re.compile(r"\(([^()]+)\)")
NAME_MATCH = "name_match"  # the key a named source's candidates carry in their scores


def _folded(text: str) -> str:
    return " ".join(fold(text).split())


def program_names(docs: Mapping[str, DocRecord]) -> dict[str, frozenset[str]]:
    """Each folded name, alias or parenthesised acronym -> the source keys of its programs."""
    found: dict[str, set[str]] = {}
    for doc in docs.values():
        prog = doc.program
        if prog is None:
            continue
        bare = _IN_PARENTHESES.sub(" ", prog.name)  # "Serviço … Empresas (SEBRAE)" without it
        forms = {prog.name, bare, *prog.aliases, *_IN_PARENTHESES.findall(prog.name)}
        for form in forms:
            if form.strip():
                found.setdefault(_folded(form), set()).add(f"program:{prog.id}")
    return {name: frozenset(keys) for name, keys in found.items()}


def named_sources(query: str, names: Mapping[str, frozenset[str]]) -> frozenset[str]:
    """The programs the whole query names (none for a query that only contains a name)."""
    return names.get(_folded(query), frozenset())


def named_first(
    cands: Sequence[Candidate], key_of: Callable[[int], str], named: frozenset[str]
) -> list[Candidate]:
    """The named sources' candidates first, marked with `NAME_MATCH`; each group keeps its order."""
    if not named:
        return list(cands)
    first, rest = [], []
    for row, score, parts in cands:
        if key_of(row) in named:
            first.append((row, score, {**parts, NAME_MATCH: 1.0}))
        else:
            rest.append((row, score, parts))
    return first + rest
