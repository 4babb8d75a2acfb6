"""Markdown → Document: front matter as metadata, `#` headings as heading blocks.

Also reads the `[[key:value]]` tag lines of UNDP Accelerator Lab pages
(country, year, type, methods, ...) into metadata and drops them from the text.
Those pages of type `learningplan` or `experiment` are filled-in forms: every
`> ` line there is the form's question (in English even on Spanish pages), so
those lines are dropped; elsewhere `> ` quotes are kept as text.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from kb.errors import ParseError
from kb.ingest.parse.common import (
    apply_metadata,
    first_heading,
    single_page,
    split_paragraphs,
    to_iso3,
)
from kb.ingest.parse.common import year_from as _year
from kb.ingest.parse.furniture import breadcrumb_title, skip_link, without_title_echo
from kb.ingest.parse.headings import MAX_WORDS
from kb.ingest.parse.imprint import without_imprint
from kb.ingest.parse.lines import paragraph_blocks_of
from kb.ingest.parse.repeats import without_running_lines
from kb.ingest.parse.text import decode
from kb.ingest.programs import split_front_matter
from kb.records import Block, Document, content_id

_TAG_LINE = re.compile(r"^\s*\[\[([A-Za-z_][\w-]*):(.*?)\]\]\s*$")
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_IMAGE = re.compile(r"!\[([^\]]*)\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_LINK_ONLY = re.compile(r"^\s*\[[^\]]*\]\([^)]*\)\s*$")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_EMPHASIS = re.compile(r"(\*\*|__|`)(.+?)\1")
_SINGLE_EMPHASIS = re.compile(r"(?<![\w*])([*_])(?=\S)([^*_\n]+?)(?<=\S)\1(?![\w*])")
_QUOTE = re.compile(r"^[ \t]*>[ \t]?", re.M)
_FORM_TYPES = {"learningplan", "experiment"}
FORM_NOTE_WORDS = 60  # a form's note to its respondent: a sentence or two
_REQUEST = re.compile(r"\s*(?:please|por favor|favor de|solicitamos|pedimos)\b", re.IGNORECASE)
_YOU = re.compile(r"\b(?:you|your|usted|ustedes|você|vocês)\b", re.IGNORECASE)
LONG_HEADING_WORDS = 40  # a heading line longer than this holds its section's text
# a glued heading's title: its first sentence, of at most MAX_WORDS words ("What is it?")
_GLUED_TITLE = re.compile(rf"((?:\S+\s+){{0,{MAX_WORDS - 1}}}?\S+[?:.!])\s+")
# A page's own type, from its [[type:…]] tag, is its document type: what it is (a blog post, a
# learning plan) says more on a card than its file format. Only these: a page's text must not
# make itself a case study or a repository record, which kb treats differently.
PAGE_TYPES = frozenset({"blog", "learningplan", "experiment", "publications", "solution"})


def parse(path: Path, data: bytes) -> Document:
    text = decode(path, data)
    front, body = split_front_matter(text, str(path))
    tags, body = extract_tags(body)
    form_page = bool(set(tags.get("type", [])) & _FORM_TYPES)
    blocks = markdown_blocks(body, drop_quotes=form_page)
    if not blocks:
        raise ParseError(str(path), "no text: the Markdown has nothing after its front matter")
    pages = single_page(blocks)
    base: dict[str, Any] = {
        "title": first_heading(pages) or path.stem,
        "year": _tag_year(tags),
        "countries": (),
        "doc_type": "markdown",
        "language": None,
        "metadata": {},
    }
    if tags:
        codes, unmatched = to_iso3(tags.get("country", []))
        base["countries"] = codes
        meta = {k: v[0] if len(v) == 1 else v for k, v in tags.items()}
        kinds = [k.strip().lower() for k in tags.get("type", [])]
        if len(kinds) == 1 and kinds[0] in PAGE_TYPES:
            base["doc_type"] = kinds[0]  # a sidecar or front matter still wins
        if unmatched:
            meta["unmatched_countries"] = unmatched
        base["metadata"] = meta
    fields = apply_metadata(path, front, base)  # front matter wins over tags
    return Document(doc_id=content_id(data), source=str(path), pages=pages, **fields)


def extract_tags(body: str) -> tuple[dict[str, list[str]], str]:
    """`[[key:value]]` lines as key -> values (in order), and the body without them."""
    tags: dict[str, list[str]] = {}
    kept: list[str] = []
    for line in body.split("\n"):
        m = _TAG_LINE.match(line)
        if m:
            value = m.group(2).strip()
            if value:
                tags.setdefault(m.group(1).lower(), []).append(value)
        else:
            kept.append(line)
    return tags, "\n".join(kept)


def without_link_stubs(lines: list[str]) -> list[str]:
    """The lines with every paragraph that is one link and nothing else blanked.

    Such a paragraph points elsewhere ("[Original article published here](url)" opens 36 of
    the 62 UNDP pages) and holds no text of its own: kept, it opened the first passage of its
    page and its snippet.
    """
    out = list(lines)
    for i, line in enumerate(lines):
        alone = (i == 0 or not lines[i - 1].strip()) and (
            i == len(lines) - 1 or not lines[i + 1].strip()
        )
        if alone and _LINK_ONLY.match(line):
            out[i] = ""
    return out


def _without_title_echo(lines: list[str]) -> list[str]:
    """The lines with the title the first heading gives, repeated under it, blanked
    (`without_title_echo`)."""
    for k, line in enumerate(lines):
        m = _HEADING.match(line)
        if m:
            title = " ".join(plain(m.group(2)).split())
            if skip_link(title):
                # The site's link is no title: the breadcrumb under it names the page.
                title = breadcrumb_title(lines[k + 1 :]) or ""
                line = f"# {title}" if title else ""
            if not title:
                return [*lines[:k], line, *lines[k + 1 :]]
            return [*lines[:k], line, *without_title_echo(lines[k + 1 :], title)]
        if line.strip():
            break  # text before any heading: no page title to look for
    return lines


def _tag_year(tags: dict[str, list[str]]) -> int | None:
    for key in ("year", "date"):
        for value in tags.get(key, []):
            year = _year(value)
            if year:
                return year
    return None


def markdown_blocks(body: str, *, drop_quotes: bool = False) -> list[Block]:
    """Heading blocks for `#` lines; the text between them split into paragraphs."""
    blocks: list[Block] = []
    buffer: list[str] = []

    def flush() -> None:
        for p in split_paragraphs(plain("\n".join(buffer))):
            if not (drop_quotes and form_note(p)):
                blocks.extend(paragraph_blocks_of(p))
        buffer.clear()

    in_fence = False
    for line in without_running_lines(
        _without_title_echo(without_link_stubs(without_imprint(body.split("\n"))))
    ):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            buffer.append("")
            continue
        m = None if in_fence else _HEADING.match(line)
        if m:
            flush()
            title, glued = heading_and_body(" ".join(plain(m.group(2)).split()))
            if title:
                blocks.append(Block(title, kind="heading", level=len(m.group(1))))
            if glued:
                buffer.append(glued)
        elif drop_quotes and not in_fence and line.startswith(">"):
            buffer.append("")
        else:
            buffer.append(line)
    flush()
    return blocks


def form_note(paragraph: str) -> bool:
    """Whether a form page's paragraph is the form's note to its respondent, left unquoted
    where an answer goes ("Please note: we ask you to only submit a maximum of 3 challenges",
    in 14 of the 22 UNDP form pages): a polite request opening it, the reader addressed as
    "you", at most FORM_NOTE_WORDS words. A respondent writes "we" and "our"."""
    return (
        len(paragraph.split()) <= FORM_NOTE_WORDS
        and bool(_REQUEST.match(paragraph))
        and bool(_YOU.search(paragraph))
    )


def heading_and_body(text: str) -> tuple[str, str]:
    """A heading line's title and the body glued to it. A line of more than LONG_HEADING_WORDS
    words holds a section's text ("## What is it? A guide based on …", 536 words, the whole
    page): its first sentence is the title when short (`_GLUED_TITLE`), the rest a paragraph."""
    if len(text.split()) <= LONG_HEADING_WORDS:
        return text, ""
    m = _GLUED_TITLE.match(text)
    return (m.group(1), text[m.end() :]) if m else ("", text)


def plain(text: str) -> str:
    """Markdown inline syntax removed: links keep their text; images (their alt text is not the
    page's prose: 23 of the 62 UNDP pages had the exporter's "Missing alt text" as a
    paragraph), tags and marks go."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _QUOTE.sub("", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _SINGLE_EMPHASIS.sub(r"\2", text)
