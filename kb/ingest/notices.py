"""What a read file lost on the way in: pages not read, pages left unsearched, records skipped.

A parser that reads most of a file records what it could not read in the Document's metadata
(a PDF cut at `max_pdf_pages`, a page pypdf could not decode, scanned pages left without OCR, a
repository export's records without a title). The file is indexed, so nothing fails, but a
curator must hear that part of it is not searchable. `notices` turns that metadata into
`ReadNotice`s: which check fired (`key`) and its figures, not a sentence, so the app says it in
the reader's language (labels "notice.<key>") and the CLI prints the English label.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Literal, get_args

from kb.records import Document
from kb.settings import Settings
from kb.vocab.labels import t, worded

NoticeKey = Literal[
    "truncated", "unreadable_pages", "textless_pages", "ocr_skipped_pages", "skipped_records"
]
NOTICE_KEYS: tuple[NoticeKey, ...] = get_args(NoticeKey)
SHOWN_PAGES = 12  # page numbers listed in one notice; more are counted ("1, 2, …, 12, … (40)")


@dataclass(frozen=True)
class ReadNotice:
    """One part of a file that was not read or is not searchable. Unpacks as the (file,
    English text) pair the report held before notices had keys."""

    file: str
    key: NoticeKey
    values: tuple[tuple[str, int | str], ...] = ()

    def text(self, lang: str | None) -> str:
        return t(f"notice.{self.key}", lang, None, **worded(self.values, lang))

    def __str__(self) -> str:
        return self.text("en")

    def __iter__(self) -> Iterator[str]:
        return iter((self.file, str(self)))


def notices(file: str, docs: Sequence[Document], settings: Settings) -> list[ReadNotice]:
    """The notices for one file's Documents (a repository export's records share one)."""
    if not docs:
        return []
    meta = docs[0].metadata
    found: list[ReadNotice] = []

    def add(key: NoticeKey, **values: int | str) -> None:
        found.append(ReadNotice(file, key, tuple(values.items())))

    if meta.get("truncated"):
        add("truncated", read=settings.max_pdf_pages, total=int(meta.get("page_count", 0)))
    if meta.get("unreadable_pages"):
        failures = [str(f) for f in meta["unreadable_pages"]]
        add("unreadable_pages", n=len(failures), first=failures[0])
    if meta.get("textless_pages"):
        why = str(meta.get("ocr_unavailable") or "OCR is not available")
        add("textless_pages", pages=page_list(meta["textless_pages"]), why=why)
    if meta.get("ocr_skipped_pages"):
        skipped = list(meta["ocr_skipped_pages"])
        add("ocr_skipped_pages", n=len(skipped), limit=settings.ocr_max_pages)
    if meta.get("dspace_skipped"):
        add("skipped_records", n=int(meta["dspace_skipped"]), total=int(meta["dspace_rows"]))
    return found


def page_list(pages: Sequence[object]) -> str:
    """ "3, 4, 7" or, for many, the first SHOWN_PAGES, then "… (40)": how many in all."""
    shown = ", ".join(str(p) for p in pages[:SHOWN_PAGES])
    return shown if len(pages) <= SHOWN_PAGES else f"{shown}, … ({len(pages)})"
