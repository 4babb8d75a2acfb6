"""Helpers shared by the format parsers: paragraphs, titles, years, countries, metadata."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kb.errors import MetadataError
from kb.ingest.metadata import validate_metadata
from kb.ingest.parse.captions import (
    without_closing_byline,
    without_datelines_and_credits,
    without_opening_byline,
    without_series_byline,
)
from kb.ingest.parse.furniture import without_read_next, without_unsentenced_runs
from kb.ingest.parse.imprint import without_imprint
from kb.ingest.parse.lines import paragraph_blocks_of
from kb.ingest.parse.notes import addresses_only, footnotes
from kb.ingest.parse.repeats import without_running_lines
from kb.ingest.parse.running import contents_paragraph
from kb.ingest.script import has_word
from kb.records import Block, Page
from kb.vocab import countries

_BLANK_LINES = re.compile(r"\n\s*\n")
_SPACES = re.compile(r"[ \t\u00a0]+")
_YEAR = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d|2100)(?!\d)")


def clean_text(text: str) -> str:
    """Collapse runs of spaces and strip each line; keeps line breaks."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(lines).strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines, whitespace-normalised, without what is not the
    writer's prose: empty ones and those without a word (`has_word`), runs of lines with no
    sentence (`without_unsentenced_runs`), a pointer to another article (`without_read_next`),
    a dateline and photo credits (`without_datelines_and_credits`, after the runs: they are
    found as before), the byline under the title (`without_opening_byline`), a series tag
    with its byline (`without_series_byline`), a byline closing the text
    (`without_closing_byline`), a report's footnotes (`footnotes`) and tables of contents
    (`contents_paragraph`), and paragraphs of bare addresses (`addresses_only`)."""
    text = without_read_next(without_unsentenced_runs(text.replace("\r\n", "\n")))
    text = without_opening_byline(without_datelines_and_credits(text))
    text = without_closing_byline(without_series_byline(text))
    parts = (clean_text(p) for p in _BLANK_LINES.split(text))
    return [p for p in parts if _prose(p)]


def _prose(paragraph: str) -> bool:
    return has_word(paragraph) and not (
        footnotes(paragraph) or contents_paragraph(paragraph) or addresses_only(paragraph)
    )


def paragraph_blocks(text: str) -> list[Block]:
    """Plain text's blocks: its paragraphs, one per line where each line is one (a saved web
    page, kb/ingest/parse/lines.py), without a paged report's running lines (repeats.py) and
    its imprint (imprint.py)."""
    lines = without_imprint(text.replace("\r\n", "\n").split("\n"))
    text = "\n".join(without_running_lines(lines))
    return [b for p in split_paragraphs(text) for b in paragraph_blocks_of(p)]


def single_page(blocks: Iterable[Block]) -> tuple[Page, ...]:
    """Formats without physical pages are one page holding every block."""
    return (Page(number=1, blocks=tuple(b for b in blocks if b.text.strip())),)


def first_heading(pages: Iterable[Page]) -> str | None:
    for page in pages:
        for block in page.blocks:
            if block.kind == "heading" and block.text.strip():
                return block.text.strip()
    return None


def year_from(value: object) -> int | None:
    """A plausible year from an int, a date or a string holding one ('2015-02-01', 'May 2021')."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 1800 <= value <= 2100 else None
    year = getattr(value, "year", None)
    if isinstance(year, int):
        return year
    m = _YEAR.search(str(value))
    return int(m.group(1)) if m else None


def to_iso3(names: Iterable[str], *, regions: bool = False) -> tuple[tuple[str, ...], list[str]]:
    """ISO3 codes for country names or codes, in order, deduplicated; plus the names not matched.

    With `regions`, kb's region codes ('LAC', 'ASIA') are accepted too, as case studies and
    policy notes use them for multilateral programs.
    """
    codes: list[str] = []
    unmatched: list[str] = []
    for raw in names:
        name = str(raw).strip()
        if not name:
            continue
        code = countries.iso3_from_name(name)
        if code is None and regions and countries.is_known(name.upper()):
            code = name.upper()
        if code is None:
            unmatched.append(name)
        elif code not in codes:
            codes.append(code)
    return tuple(codes), unmatched


def as_list(value: object) -> list[str]:
    """A metadata value as a list of strings (a scalar becomes a one-item list)."""
    if value is None:
        return []
    if isinstance(value, list | tuple | set):
        return [str(v) for v in value if v is not None and str(v).strip()]
    return [str(value)] if str(value).strip() else []


def apply_metadata(path: Path, meta: Mapping[str, Any], base: dict[str, Any]) -> dict[str, Any]:
    """Merge user metadata (front matter, sidecar) over `base`, validating the known keys.

    `base` holds title, year, countries, doc_type, language and metadata; the
    result has the same keys. `meta` is first checked into a bounded `UserMetadata` record
    (kb/ingest/metadata.py); unknown keys then go into metadata as given.
    """
    out = dict(base)
    extra = dict(base.get("metadata", {}))
    for key, value in validate_metadata(meta, str(path)).items():
        if key == "title" and value is not None and str(value).strip():
            out["title"] = str(value).strip()
        elif key == "year" and value is not None:
            year = year_from(value)
            if year is None:
                raise MetadataError(str(path), f"'year' must be a year like 2021, got {value!r}")
            out["year"] = year
        elif key in ("countries", "country"):
            codes, unmatched = to_iso3(as_list(value), regions=True)
            if unmatched:
                raise MetadataError(
                    str(path),
                    f"unknown country {unmatched[0]!r} in {key!r}: use an ISO3 code such as "
                    "'CHL', a region code such as 'LAC', or an English country name",
                )
            out["countries"] = codes
        elif key == "doc_type" and value:
            out["doc_type"] = str(value)
        elif key == "language" and value:
            out["language"] = str(value).strip().lower()
        else:
            extra[key] = value
    out["metadata"] = extra
    return out


def sidecar_path(path: Path) -> Path | None:
    """`report.pdf.yaml` or, failing that, `report.yaml` next to the file."""
    for candidate in (path.with_name(path.name + ".yaml"), path.with_suffix(".yaml")):
        if candidate.is_file():
            return candidate
    return None
