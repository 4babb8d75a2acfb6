"""HTML → Document with BeautifulSoup: headings and paragraphs as plain-text blocks.

A data `<table>` becomes one table block ("Header: cell | Header: cell" rows, its
`<caption>` as caption); a layout table (nested tables, long prose in cells) is read
row by row as paragraphs, as browsers of old sites show it.
"""

from __future__ import annotations

from pathlib import Path

from bs4 import BeautifulSoup, Comment, NavigableString, Tag

from kb.errors import ParseError
from kb.ingest.parse import tables
from kb.ingest.parse.common import first_heading, single_page
from kb.ingest.parse.text import decode
from kb.records import Block, Document, content_id

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


def parse(path: Path, data: bytes) -> Document:
    soup = BeautifulSoup(decode(path, data), "lxml")
    for tag in soup.find_all(_DROP):
        tag.decompose()
    for tag in soup.find_all(_CHROME):
        if tag.find_parent(["article", "main"]) is None:
            tag.decompose()
    blocks = html_blocks(soup)
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


def html_blocks(soup: BeautifulSoup) -> list[Block]:
    """Headings, paragraphs, list items and table rows in document order, as plain text."""
    body = soup.body or soup
    blocks: list[Block] = []
    data_tables = [t for t in body.find_all("table") if _is_data_table(t)]
    for tag in [body, *body.find_all([*_HEADINGS, *_LEAVES, *_CONTAINERS, "table"])]:
        if not isinstance(tag, Tag) or _inside_leaf(tag) or _inside(tag, data_tables):
            continue
        if tag.name == "table":
            table = _table_block(tag) if tag in data_tables else None
            if table is not None:
                blocks.append(table)
            continue
        if tag.name in _CONTAINERS:
            text = _own_text(tag)  # loose text not wrapped in <p>
        elif tag.name == "tr":
            cells = [_text(c) for c in tag.find_all(["td", "th"])]
            text = " | ".join(c for c in cells if c)
        else:
            text = _text(tag)
        if not text:
            continue
        level = _HEADINGS.get(tag.name, 0)
        blocks.append(Block(text, kind="heading", level=level) if level else Block(text))
    return blocks


def _is_data_table(table: Tag) -> bool:
    if table.find("table") is not None:
        return False
    cells = table.find_all(["td", "th"])
    return bool(cells) and all(len(_text(c)) <= _LAYOUT_CELL_CHARS for c in cells)


def _inside(tag: Tag, data_tables: list[Tag]) -> bool:
    return any(p in data_tables for p in tag.parents) if data_tables else False


def _table_block(table: Tag) -> Block | None:
    """Rows of a data table; the first row is the header when it is all <th> or in <thead>."""
    rows: list[list[str]] = []
    header_row = False
    for i, tr in enumerate(table.find_all("tr")):
        cells = tr.find_all(["td", "th"])
        rows.append([_text(c) for c in cells])
        if i == 0:
            header_row = tr.find_parent("thead") is not None or all(c.name == "th" for c in cells)
    caption_tag = table.find("caption")
    caption = _text(caption_tag) if caption_tag else None
    return tables.table_block(rows, caption, has_header=header_row or None)


def _inside_leaf(tag: Tag) -> bool:
    """True when an enclosing heading/paragraph/row already took this tag's text."""
    return any(p.name in _HEADINGS or p.name in _LEAVES for p in tag.parents)


def _text(tag: Tag) -> str:
    return " ".join(tag.get_text(" ").split())


def _own_text(tag: Tag) -> str:
    """Text of a container outside its block-level children (those are blocks of their own)."""
    parts: list[str] = []
    for child in tag.children:
        if isinstance(child, Tag):
            if child.name in _INLINE:
                parts.append(child.get_text(" "))
        elif isinstance(child, NavigableString) and not isinstance(child, Comment):
            parts.append(str(child))
    return " ".join(" ".join(parts).split())
