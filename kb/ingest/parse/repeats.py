"""A paged report's running header, kept by a saved page once per printed page, is not prose.

A web page that holds a report's text keeps the report's running header or footer as a line of
its own wherever a printed page ended: "Grassroots to Greatness: Reimagining Community-Driven
Innovations for Sustainable Urban Development" 109 times in the Indonesian Accelerator Lab
report, "A Report on Digital Socio-Economic Impact Assessment of COVID-19 in Gandaki Province,
Nepal" 66 times, the Paraguayan human development report's title glued to each chapter's name
hundreds of times. Joined to the prose around it, it was matched as content and shown in
snippets ("… for Sustainable Urban Development 82 2.2. Solutions Mapping Tools …"). The PDF
parser finds such lines by their place on the page (kb/ingest/parse/running.py); a saved page
has no pages, so here a line is furniture when it recurs often, is long enough not to be a
table's label or a few words of prose cut by a column, and ends no sentence.
"""

from __future__ import annotations

import itertools
import re

RUNNING_MIN = 5  # a header recurs on every page; a label or a phrase seldom this often
RUNNING_WORDS = 4  # "UNDP Accelerator Lab" also wraps in prose, cut by the report's columns
# Non-blank lines between two places of a header, in the median: the headers of those reports
# are 26 or more apart
PAGE_LINES = 20
# A printed page's number beside its header ("82 Grassroots to Greatness: …"), folded away
_PAGE_NUMBER = re.compile(r"^\d{1,3}\s+|\s+\d{1,3}$")
# A field and its short value ("Thời gian sử dụng: 45 phút", a tool's duration) repeats from
# one item to the next and is each item's own
_FIELD = re.compile(r":\s*\S+(?:\s+\S+)?$")
_LETTERS = re.compile(r"[^\W\d_]")
_ENDS = re.compile(r"[.!?:;,]$")
_HEADING = re.compile(r"#{1,6}\s")


def without_running_lines(lines: list[str]) -> list[str]:
    """The lines without those that recur as a running header or footer would: at least
    RUNNING_MIN times (a page number aside), a page apart, RUNNING_WORDS words or more, no
    sentence end; headings stay. Deleted rather than blanked, so the prose on either side of a
    page break joins."""
    keys = [_key(line) for line in lines]
    places: dict[str, list[int]] = {}
    for place, k in enumerate(k for k, line in zip(keys, lines, strict=True) if line.strip()):
        if k:
            places.setdefault(k, []).append(place)
    running = {k for k, at in places.items() if len(at) >= RUNNING_MIN and _spread(at)}
    return [line for line, k in zip(lines, keys, strict=True) if k not in running]


def _spread(places: list[int]) -> bool:
    """Whether a line's places are a page apart or more, as a header's are (a table's row
    labels and a figure's legend repeat a few lines apart)."""
    gaps = sorted(b - a for a, b in itertools.pairwise(places))
    return gaps[len(gaps) // 2] >= PAGE_LINES


def _key(line: str) -> str:
    """A line's key for counting, "" when it could not be a running line."""
    text = line.strip()
    if _HEADING.match(text) or _ENDS.search(text) or _FIELD.search(text):
        return ""
    words = [w for w in text.split() if _LETTERS.search(w)]
    if len(words) < RUNNING_WORDS:
        return ""
    return " ".join(_PAGE_NUMBER.sub("", text).casefold().split())
