"""How `kb search` prints an answer: cards as text, a JSON list, or one JSON object; and the
tip that offers a place filter when the query names places the shown sources are not from."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from kb.cli.common import err, one_line, out, shown

if TYPE_CHECKING:  # the CLI imports the library lazily, so `kb --help` stays fast
    from kb.answer.places import PlaceTip
    from kb.answer.search import Filters, Hit, Searcher
    from kb.records import Passage

SearchFormat = Literal["text", "list", "object"]


def _closed(status: str | None, end_year: int | None) -> str:
    """ " · closed (2025)" for a program that no longer runs, so no one applies to it."""
    from kb.answer.facts import status_label

    return f" · {status_label(status, end_year)}" if status == "closed" else ""


def print_hits(query: str, hits: list[Any]) -> None:
    from kb.answer.compare import plain
    from kb.answer.names import NAME_MATCH

    if not hits:
        out.print(NO_GOOD_MATCH.format(query=query), markup=False)
        return
    for h in hits:
        who = (
            f" [{h.program_id} · {h.country}{_closed(h.status, h.end_year)}]"
            if h.program_id
            else ""
        )
        weak = "" if h.good_match else "  (weak match)"
        named = "  (named in the query)" if h.scores.get(NAME_MATCH) else ""
        out.print(
            f"{h.rank:>2}. {h.score:.3f}  {one_line(h.display_name or h.title)}{who}{weak}{named}",
            markup=False,
            highlight=False,
        )
        for p in h.passages or ():
            snippet = plain(p.snippet)  # --json keeps the passage's text as stored
            out.print(f"    {_place(h.paged, p, h.title)}{snippet}", markup=False, highlight=False)
        where = shown(h.source) + (f" · {shown(h.url)}" if h.url and h.url != h.source else "")
        out.print(f"    {one_line(where)}", style="dim", markup=False, highlight=False)


def _place(paged: bool, p: Passage, title: str = "") -> str:
    """ "(p. 3 · Heading) " for a PDF; "(Heading) " for formats without pages, whose "p. 1"
    would send the reader to a page that does not exist; no heading that only repeats the
    title printed above it (a saved page's text before its first section)."""
    parts = [f"p. {p.page}" + (f"-{p.page_end}" if p.page_end != p.page else "")] if paged else []
    parts += [one_line(p.heading)] if p.heading and p.heading != title else []
    return f"({' · '.join(parts)}) " if parts else ""


NO_GOOD_MATCH = (
    "no good match for {query!r}: nothing in the index answers it closely enough. Try other "
    "words, fewer filters, or --include-weak to see the closest passages anyway"
)


def print_search(
    searcher: Searcher,
    query: str,
    hits: list[Hit],
    method: str | None,
    fmt: SearchFormat,
    filters: Filters | None = None,
) -> None:
    """The hits as `text`, a JSON `list` or one JSON `object`; the text says what the query
    was also searched as, and offers the filter to the places the query names."""
    from kb.answer.lexical_evidence import searched_as
    from kb.answer.places import place_tip

    if fmt == "object":
        _no_match_note(query, hits)
        row = answer_row(searcher, query, hits, method)
        sys.stdout.write(json.dumps(row, ensure_ascii=False, indent=1) + "\n")
        return
    if fmt == "list":
        _print_json_hits(query, hits)
        return
    print_hits(query, hits)
    also = searched_as(searcher.settings, query, method)
    if hits and also:
        out.print(f"also searched as: {'; '.join(also)}", style="dim", markup=False)
    tip = place_tip(searcher.index, query, hits, filters)
    if tip is not None:
        out.print(place_tip_line(tip), style="dim", markup=False, highlight=False)


def place_tip_line(tip: PlaceTip) -> str:
    """One line: the places named, how many shown sources are from elsewhere, the options."""
    from kb.answer.places import place_names, split_asia
    from kb.vocab.countries import REGION_CODES

    named = tip.places
    if named.countries:
        options = " ".join(f"--country {c}" for c in named.countries)
    else:
        code = {name: code for code, name in REGION_CODES.items()}
        asia, rest = split_asia(named.regions)
        options = " ".join(["--region asia"] * asia + [f"--region {code[r]}" for r in rest])
    unplaced = (
        f", {tip.unplaced} without a recorded place (the filter hides them too)"
        if tip.unplaced
        else ""
    )
    return (
        f"the query names {', '.join(place_names(named, 'en'))}; sources shown from elsewhere: "
        f"{tip.outside} of {tip.shown}{unplaced}; only sources from there: {options}"
    )


def _no_match_note(query: str, hits: list[Hit]) -> None:
    """With no good match, the reason on stderr (stdout stays clean JSON)."""
    if not any(h.good_match for h in hits):
        err.print(NO_GOOD_MATCH.format(query=query), markup=False)


def _print_json_hits(query: str, hits: list[Hit]) -> None:
    """The hits as a JSON list; with no good match, `[]` and the reason on stderr."""
    _no_match_note(query, hits)
    sys.stdout.write(json.dumps([h.to_json() for h in hits], ensure_ascii=False, indent=1) + "\n")


def search_lines(
    searcher: Searcher,
    path: Path,
    top: int,
    filters: Filters | None,
    method: str | None,
    include_weak: bool,
    reader: str | None = None,
) -> None:
    """One JSON line per query line of `path` (the models loaded once for all of them)."""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        hits = searcher.search(line.strip(), top, filters, method, None, include_weak, reader)
        row = answer_row(searcher, line.strip(), hits, method)
        sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")


def answer_row(
    searcher: Searcher, query: str, hits: list[Hit], method: str | None
) -> dict[str, Any]:
    """One query's whole answer as one JSON object: a --from-file line, or --json-object."""
    from kb.answer.hits import answer_object
    from kb.answer.lexical_evidence import searched_as

    return answer_object(query, hits, searched_as(searcher.settings, query, method))
