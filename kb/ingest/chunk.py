"""Document -> Chunks: paragraph- and heading-aware passages sized for the encoder.

Both shipped encoders truncate long inputs (MiniLM at 256 word pieces, USE at a
similar length), so chunks hold about `chunk_words` words; a chunk never mixes
two sections, and consecutive chunks of one section share `overlap` words so a
sentence cut at a boundary is still whole in one of them. Table blocks become
their own chunks and are split only between rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from kb.ingest.lang import document_language, passage_language
from kb.records import Chunk, Document

SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-ZÁÉÍÓÚÑÇÂÊÔÃÕ0-9¿¡\"'(])")
BLOCK_SEP = "\n\n"


@dataclass
class _Piece:
    """A run of text with its place in Document.text."""

    text: str
    page: int
    start: int
    heading: str | None
    label: str | None
    kind: str = "text"
    ocr: bool = False
    caption: str | None = None
    language: str | None = None  # the block's known language (None: detect it)


def _pieces(doc: Document) -> Iterator[_Piece]:
    """Every non-heading block with its offsets, carrying the heading in force."""
    offset = 0
    heading: str | None = doc.metadata.get("heading") if doc.metadata else None
    first_page = True
    for page in doc.pages:
        blocks = [b for b in page.blocks if b.text]
        if not blocks:
            continue
        if not first_page:
            offset += len(BLOCK_SEP)
        first_page = False
        for i, block in enumerate(blocks):
            if i:
                offset += len(BLOCK_SEP)
            if block.kind == "heading":
                heading = block.text.strip()
            else:
                kind = block.kind if block.kind in ("table", "header") else "text"
                text = f"{block.caption}\n{block.text}" if block.caption else block.text
                yield _Piece(
                    text,
                    page.number,
                    offset,
                    heading,
                    page.label,
                    kind,
                    page.ocr,
                    block.caption if kind == "table" else None,
                    block.language,
                )
            offset += len(block.text)


def _sentences(text: str) -> list[str]:
    parts = [p.strip() for p in SENTENCE_END.split(text)]
    return [p for p in parts if p]


def _split_long(words: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(words), size):
        yield words[i : i + size]


class _Builder:
    """Accumulates sentences into chunks of one section."""

    def __init__(self, doc: Document, size: int, overlap: int) -> None:
        self.doc, self.size, self.overlap = doc, size, overlap
        # Decided once per document: when it is clearly one language, its passages that say
        # too little on their own take it without a langdetect call each.
        self.doc_language = document_language(doc.text)
        self.chunks: list[Chunk] = []
        self._reset()

    def _reset(self) -> None:
        self.words: list[str] = []
        self.pages: list[int] = []
        self.labels: list[str | None] = []
        self.start = -1
        self.end = 0
        self.heading: str | None = None
        self.ocr = False
        self.language: str | None = None

    def add(self, piece: _Piece, sentence: str, start: int) -> None:
        if self.words and (piece.heading, piece.language) != (self.heading, self.language):
            self.flush(carry=False)
        words = sentence.split()
        if self.words and len(self.words) + len(words) > self.size:
            self.flush(carry=True)
        if self.start < 0:
            self.start = start
        self.heading, self.language = piece.heading, piece.language
        self.words.extend(words)
        self.pages.append(piece.page)
        self.labels.append(piece.label)
        self.end = start + len(sentence)
        self.ocr = self.ocr or piece.ocr

    def flush(self, carry: bool) -> None:
        if not self.words:
            return
        self.emit(
            " ".join(self.words),
            min(self.pages),
            max(self.pages),
            self.start,
            self.end,
            "text",
            self.labels[0],
        )
        tail = self.words[-self.overlap :] if carry and self.overlap else []
        page, label, heading = self.pages[-1], self.labels[-1], self.heading
        end, ocr, language = self.end, self.ocr, self.language
        start = max(self.start, end - len(" ".join(tail)))
        self._reset()
        if tail:
            self.words, self.pages, self.labels = list(tail), [page], [label]
            self.heading, self.start, self.end, self.ocr = heading, start, end, ocr
            self.language = language

    def emit(
        self,
        text: str,
        p0: int,
        p1: int,
        start: int,
        end: int,
        kind: str,
        label: str | None,
        heading: str | None = None,
        ocr: bool | None = None,
        language: str | None = None,
    ) -> None:
        seq = len(self.chunks)
        # A block's known language (a case study's version) beats detection on a short passage.
        lang = language or (self.language if kind == "text" else None)
        self.chunks.append(
            Chunk(
                chunk_id=f"{self.doc.doc_id}:{seq}",
                doc_id=self.doc.doc_id,
                seq=seq,
                text=text,
                page_start=p0,
                page_end=p1,
                heading=heading if heading is not None else self.heading,
                char_start=max(start, 0),
                char_end=end,
                language=lang or passage_language(text, self.doc_language) or self.doc.language,
                kind=kind,
                ocr=self.ocr if ocr is None else ocr,
                page_label=label,
            )
        )


def _table_chunks(b: _Builder, piece: _Piece) -> None:
    """Rows stay whole: a table is cut only between rows, each part repeating the caption.

    Rows name their columns ("País: Chile | Año: 1980"), so only the caption is repeated;
    a first row is never taken for a heading to repeat.
    """
    lines = piece.text.split("\n")
    head = piece.caption or ""
    rows = lines[1:] if head else lines
    part: list[str] = []
    offset = piece.start
    for row in rows:
        if part and len(" ".join([*part, row]).split()) > b.size:
            text = "\n".join(([head] if head else []) + part)
            b.emit(
                text,
                piece.page,
                piece.page,
                offset,
                offset + len(text),
                "table",
                piece.label,
                piece.heading,
                piece.ocr,
                piece.language,
            )
            part = []
        part.append(row)
    if part:
        text = "\n".join(([head] if head else []) + part)
        b.emit(
            text,
            piece.page,
            piece.page,
            offset,
            piece.start + len(piece.text),
            "table",
            piece.label,
            piece.heading,
            piece.ocr,
            piece.language,
        )


def chunk_document(doc: Document, size: int = 120, overlap: int = 25) -> list[Chunk]:
    """Split a document into passages of about `size` words with `overlap` words shared."""
    if overlap >= size:
        raise ValueError(f"chunk overlap ({overlap}) must be smaller than chunk size ({size})")
    b = _Builder(doc, size, overlap)
    for piece in _pieces(doc):
        if piece.kind == "table":
            b.flush(carry=False)
            _table_chunks(b, piece)
            continue
        if piece.kind == "header":  # one chunk of its own, whatever its length
            b.flush(carry=False)
            end = piece.start + len(piece.text)
            b.emit(
                piece.text,
                piece.page,
                piece.page,
                piece.start,
                end,
                "header",
                piece.label,
                piece.heading,
                piece.ocr,
                piece.language,
            )
            continue
        cursor = 0
        for sentence in _sentences(piece.text):
            found = piece.text.find(sentence, cursor)
            at = piece.start + (found if found >= 0 else cursor)
            cursor = found + len(sentence) if found >= 0 else cursor
            if len(sentence.split()) > size:
                for words in _split_long(sentence.split(), size - overlap):
                    b.add(piece, " ".join(words), at)
            else:
                b.add(piece, sentence, at)
    b.flush(carry=False)
    return _with_ocr_confidence(doc, b.chunks)


def _with_ocr_confidence(doc: Document, chunks: list[Chunk]) -> list[Chunk]:
    """OCRed chunks carry the mean Tesseract confidence of the scanned pages they span."""
    scores = {
        p.number: p.ocr_confidence for p in doc.pages if p.ocr and p.ocr_confidence is not None
    }
    if not scores:
        return chunks
    out = []
    for c in chunks:
        mine = [scores[n] for n in range(c.page_start, c.page_end + 1) if n in scores]
        conf = round(sum(mine) / len(mine), 1) if c.ocr and mine else None
        out.append(replace(c, ocr_confidence=conf) if conf is not None else c)
    return out
