"""HTML → Document with BeautifulSoup: headings and paragraphs as plain-text blocks.

A data `<table>` becomes one table block ("Header: cell | Header: cell" rows, its
`<caption>` as caption); a layout table (nested tables, long prose in cells) is read
row by row as paragraphs, as browsers of old sites show it.

Cost is linear in the page: one walk checks the depth and element limits in settings
(docs/hostile-input.md), one walk builds the blocks; neither searches an element's ancestors.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, PageElement, Tag

from kb.errors import InputLimitError, ParseError
from kb.ingest.parse import ocr, tables
from kb.ingest.parse.captions import without_credit
from kb.ingest.parse.common import first_heading, single_page
from kb.ingest.parse.text import decode
from kb.ingest.script import has_word
from kb.records import Block, Document, content_id
from kb.settings import Settings, get_settings

# Page furniture, scripts and forms: never part of the document's text.
_DROP = (
    "script",
    "style",
    "nav",
    "aside",
    "form",
    "noscript",
    "template",
    "iframe",
    "svg",
    "canvas",
    "button",
    "select",
)
# A page's header/footer is furniture; an <article>'s own header holds its headline.
_CHROME = ("header", "footer")
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
_INLINE = {
    "a",
    "abbr",
    "b",
    "br",
    "cite",
    "code",
    "em",
    "i",
    "mark",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "time",
    "u",
    "font",
}
_CONTAINERS = (
    "div",
    "section",
    "article",
    "main",
    "td",
    "header",
    "footer",
    "figure",
    "address",
    "body",
)
_LEAVES = ("p", "li", "tr", "pre", "blockquote", "dt", "dd", "figcaption", "caption")
_LAYOUT_CELL_CHARS = 400  # a cell this long holds prose: the table is page layout
_PROGRESS_BYTES = 1024 * 1024  # from this size on, reading a page shows its stages


def parse(path: Path, data: bytes, settings: Settings | None = None) -> Document:
    settings = settings or get_settings()
    steps = ocr.current_progress() if len(data) >= _PROGRESS_BYTES else None
    if steps is not None:  # a big page shows its stages: tree, checks, blocks
        steps.start(f"Reading {path.name} (tree, checks, blocks)", 3)
    soup = BeautifulSoup(decode(path, data), "lxml")
    _step(steps)
    for tag in soup.find_all(_DROP):
        tag.decompose()
    nested = check_tree(path, soup, settings)
    _step(steps)
    blocks = html_blocks(soup, nested)
    _step(steps)
    if not blocks:
        raise ParseError(str(path), "no text: the HTML has no visible paragraphs or headings")
    pages = single_page(blocks)
    title_tag = soup.find("title")
    title = " ".join(title_tag.get_text(" ").split()) if title_tag else ""
    lang = soup.html.get("lang") if isinstance(soup.html, Tag) else None
    return Document(
        doc_id=content_id(data),
        title=title or first_heading(pages) or path.stem,
        source=str(path),
        pages=pages,
        doc_type="html",
        metadata={"html_lang": str(lang)} if lang else {},
    )


def _step(steps: ocr.PageProgress | None) -> None:
    if steps is not None:
        steps.page_done()


def check_tree(path: Path, soup: BeautifulSoup, settings: Settings) -> set[int]:
    """Enforce the depth and element limits in one pass; the ids of tables holding a table.

    One walk, no ancestor searches: a page nested N deep costs O(N), not O(N^2).
    """
    nested: set[int] = set()
    count = 0
    stack: list[tuple[Tag, int, Tag | None]] = [(soup, 0, None)]
    while stack:
        tag, depth, table = stack.pop()
        count += 1
        if count > settings.max_html_elements:
            limit = settings.max_html_elements
            raise InputLimitError(str(path), f"more than {limit:,} elements", "max_html_elements")
        if depth > settings.max_html_depth:
            limit = settings.max_html_depth
            raise InputLimitError(
                str(path), f"elements nested more than {limit:,} deep", "max_html_depth"
            )
        if tag.name == "table":
            if table is not None:
                nested.add(id(table))
            table = tag
        stack.extend((c, depth + 1, table) for c in tag.children if isinstance(c, Tag))
    return nested


def html_blocks(soup: BeautifulSoup, nested: set[int]) -> list[Block]:
    """Headings, paragraphs, list items and table rows in document order, as plain text.

    One depth-first walk that never enters what a block already took (a heading, a paragraph,
    a row, a data table), so each element is visited once. `nested`: ids of tables that hold
    another table (layout tables), from `check_tree`.
    """
    blocks: list[Block] = []
    stack: list[tuple[Tag, bool]] = [(soup.body or soup, False)]
    while stack:
        tag, in_article = stack.pop()
        if tag.name in _CHROME and not in_article:
            continue  # a page's header/footer; an <article>'s own header holds its headline
        block, descend = _block(tag, nested)
        if block is not None:
            blocks.append(block)
        if descend:
            inner = in_article or tag.name in ("article", "main")
            kids = [c for c in tag.children if isinstance(c, Tag)]
            stack.extend((c, inner) for c in reversed(kids))
    return blocks


def _block(tag: Tag, nested: set[int]) -> tuple[Block | None, bool]:
    """The block a tag makes (if any), and whether its children are still to be read."""
    if tag.name == "table":
        if id(tag) not in nested and _is_data_table(tag):
            return _table_block(tag), False
        return None, True
    if tag.name in _CONTAINERS:
        text = _own_text(tag)  # loose text not wrapped in <p>
    elif tag.name == "tr":  # its own cells: a nested table's cells are inside them already
        cells = [_text(c) for c in tag.find_all(["td", "th"], recursive=False)]
        text = " | ".join(c for c in cells if c)
    elif tag.name == "figcaption":
        text = without_credit(_text(tag))  # the caption is the writer's; its credit is not
    elif tag.name in _HEADINGS or tag.name in _LEAVES:
        text = _text(tag)
    else:
        return None, True
    leaf = tag.name in _HEADINGS or tag.name in _LEAVES
    if not has_word(text):
        return None, not leaf
    level = _HEADINGS.get(tag.name, 0)
    return (Block(text, kind="heading", level=level) if level else Block(text)), not leaf


def _is_data_table(table: Tag) -> bool:
    """A table without nested tables (checked by the caller) and without prose in its cells."""
    cells = table.find_all(["td", "th"])
    return bool(cells) and all(len(_text(c)) <= _LAYOUT_CELL_CHARS for c in cells)


def _table_block(table: Tag) -> Block | None:
    """Rows of a data table; the first row is the header when it is all <th> or in <thead>."""
    rows: list[list[str]] = []
    header_row = False
    for i, tr in enumerate(table.find_all("tr")):
        cells = tr.find_all(["td", "th"])
        rows.append([_text(c) for c in cells])
        if i == 0:
            section = tr.find_parent(["thead", "table"])  # stops at the table itself
            header_row = (section is not None and section.name == "thead") or all(
                c.name == "th" for c in cells
            )
    caption_tag = table.find("caption")
    caption = _text(caption_tag) if caption_tag else None
    return tables.table_block(rows, caption, has_header=header_row or None)


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _own_text(tag: Tag) -> str:
    """Text of a container outside its block-level children (those are blocks of their own).

    Inline children are read down to the first block-level element only, so no text is read
    twice however deep inline and block elements alternate.
    """
    parts: list[str] = []
    stack: list[PageElement] = list(reversed(list(tag.children)))
    while stack:
        child = stack.pop()
        if isinstance(child, Tag):
            if child.name in _INLINE:
                stack.extend(reversed(list(child.children)))
        elif isinstance(child, NavigableString) and not isinstance(child, Comment):
            parts.append(str(child))
    return " ".join(" ".join(parts).split())
