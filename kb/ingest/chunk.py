"""Document -> Chunks: page-, section- and paragraph-aware passages sized for the encoder.

Both shipped encoders truncate long inputs (MiniLM at 256 word pieces, USE at a
similar length), so chunks hold at most `chunk_words` words (Chinese, Japanese and Thai,
written without spaces, counted by characters: kb.ingest.script). A chunk never mixes two
sections and never crosses a page boundary, so the page it cites is the page its text
is on (issue 13); the one exception is a sentence that runs on over the page break,
kept whole in the chunk that ends the page, whose span then says pages N-N+1. Within
one page and section, sentences are dealt into chunks of even length, and consecutive
chunks share `overlap` words so a sentence cut at a boundary is still whole in one of
them. Table blocks become their own chunks and are split only between rows.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace

from kb.ingest.lang import document_language, passage_language
from kb.ingest.script import cut_words, glue, split_unspaced, text_words, word_count
from kb.records import Chunk, Document

SENTENCE_END = re.compile(r"(?<=[.!?;:])\s+(?=[A-ZÁÉÍÓÚÑÇÂÊÔÃÕ0-9¿¡\"'(])")
BLOCK_SEP = "\n\n"
# A page whose text ends without one of these ends mid-sentence (when the next page goes on).
_CLOSED = re.compile(r"[.!?:;…\"'”’»)\]]$")
_RUNS_ON = re.compile(r"(?:[a-zà-ÿ,\-–]|\d)$")


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
    first_on_page: bool = False


@dataclass
class _Sentence:
    text: str
    start: int  # offsets into Document.text
    end: int
    page: int
    page_end: int
    label: str | None
    ocr: bool

    @property
    def words(self) -> list[str]:
        return self.text.split()

    @functools.cached_property
    def size(self) -> float:
        return text_words(self.text)


@dataclass
class _Segment:
    """Sentences of one page, one section and one language: what one run of chunks covers."""

    page: int
    heading: str | None
    language: str | None
    sentences: list[_Sentence] = field(default_factory=list)

    def takes(self, piece: _Piece) -> bool:
        return (piece.page, piece.heading, piece.language) == (
            self.page,
            self.heading,
            self.language,
        )

    def continued_by(self, piece: _Piece, first: str) -> bool:
        """True when `piece` opens the next page in the middle of this segment's last sentence."""
        if not self.sentences or not piece.first_on_page or piece.page != self.page + 1:
            return False
        if (piece.heading, piece.language) != (self.heading, self.language):
            return False
        last = self.sentences[-1].text.rstrip()
        if _CLOSED.search(last):
            return False
        return first[:1].islower() or _RUNS_ON.search(last) is not None


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
        first_on_page = True
        for i, block in enumerate(blocks):
            if i:
                offset += len(BLOCK_SEP)
            if block.kind == "heading":
                heading = block.text.strip()
                first_on_page = False
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
                    first_on_page,
                )
                first_on_page = False
            offset += len(block.text)


def _sentences(text: str) -> list[str]:
    parts = [p.strip() for p in SENTENCE_END.split(text)]
    return split_unspaced([p for p in parts if p])


def _piece_sentences(piece: _Piece, size: int, overlap: int) -> list[_Sentence]:
    """The piece's sentences with offsets; one longer than `size` words is cut in word runs."""
    out: list[_Sentence] = []
    cursor = 0
    for sentence in _sentences(piece.text):
        found = piece.text.find(sentence, cursor)
        at = piece.start + (found if found >= 0 else cursor)
        cursor = found + len(sentence) if found >= 0 else cursor
        parts = cut_words(sentence, size - overlap) if text_words(sentence) > size else [sentence]
        for part in parts:
            found = piece.text.find(part, at - piece.start)  # a cut run keeps its own offsets
            at = piece.start + found if found >= 0 else at
            out.append(
                _Sentence(part, at, at + len(part), piece.page, piece.page, piece.label, piece.ocr)
            )
            at += len(part) + (0 if found >= 0 else 1)
    return out


def _joined(head: str, tail: str) -> str:
    """A sentence put back together over a page break ('exam-' + 'ple' -> 'example')."""
    if re.search(r"[^\W\d_]-$", head) and tail[:1].islower():
        return head[:-1] + tail
    return f"{head} {tail}"


@dataclass
class _Group:
    """The sentences of one chunk, after the words it repeats from the chunk before."""

    carry: list[str]
    sentences: list[_Sentence]
    start: int

    @property
    def words(self) -> list[str]:
        return self.carry + [w for s in self.sentences for w in s.words]

    @property
    def size(self) -> float:
        return text_words(" ".join(self.carry)) + sum(s.size for s in self.sentences)

    @property
    def text(self) -> str:
        return functools.reduce(
            glue, [*self.carry, *(" ".join(s.words) for s in self.sentences)], ""
        )


def _tail(words: list[str], keep: float) -> list[str]:
    """The last words of a chunk that together count at most `keep` words."""
    out: list[str] = []
    total = 0.0
    for w in reversed(words):
        total += word_count(w)
        if total > keep:
            break
        out.append(w)
    return out[::-1]


def _deal(sentences: list[_Sentence], size: int, overlap: int) -> list[_Group]:
    """Sentences dealt into chunks of even length: no chunk over `size` words, few tiny ones."""
    total = sum(s.size for s in sentences)
    count = 1 if total <= size else math.ceil((total - overlap) / (size - overlap))
    target = math.ceil((total + (count - 1) * overlap) / count)
    limit = min(size, math.ceil(target * 1.15))
    groups: list[_Group] = []
    cur = _Group([], [], sentences[0].start)
    for s in sentences:
        keep = max(0, min(overlap, size - s.size))
        # A chunk the next one would repeat whole (a short list lead-in before a long item)
        # is not emitted: the next chunk grows past the even-length target instead, never
        # past `size`, since keep <= size - s.size.
        if cur.sentences and cur.size + s.size > limit and cur.size > keep:
            groups.append(cur)
            carry = _tail(cur.words, keep) if keep else []
            end = cur.sentences[-1].end
            cur = _Group(
                carry, [], max(cur.start, end - len(" ".join(carry))) if carry else s.start
            )
        cur.sentences.append(s)
    groups.append(cur)
    return groups


class _Builder:
    """Gathers the sentences of one page and section, then deals them into chunks."""

    def __init__(self, doc: Document, size: int, overlap: int) -> None:
        self.doc, self.size, self.overlap = doc, size, overlap
        # Decided once per document: when it is clearly one language, its passages that say
        # too little on their own take it without a langdetect call each.
        self.doc_language = document_language(doc.text)
        self.chunks: list[Chunk] = []
        self.segment: _Segment | None = None

    def text(self, piece: _Piece) -> None:
        sentences = _piece_sentences(piece, self.size, self.overlap)
        if not sentences:
            return
        seg = self.segment
        if seg is not None and not seg.takes(piece) and seg.continued_by(piece, sentences[0].text):
            head, tail = seg.sentences[-1], sentences[0]
            if head.size + tail.size <= self.size:
                seg.sentences[-1] = replace(
                    head,
                    text=_joined(head.text, tail.text),
                    end=tail.end,
                    page_end=tail.page,
                    ocr=head.ocr or tail.ocr,
                )
                sentences.pop(0)
        if not sentences:
            return
        if seg is None or not seg.takes(piece):
            self.close()
            seg = self.segment = _Segment(piece.page, piece.heading, piece.language)
        seg.sentences.extend(sentences)

    def close(self) -> None:
        seg, self.segment = self.segment, None
        if seg is None or not seg.sentences:
            return
        for group in _deal(seg.sentences, self.size, self.overlap):
            first, last = group.sentences[0], group.sentences[-1]
            self.emit(
                group.text,
                first.page,
                max(s.page_end for s in group.sentences),
                group.start,
                last.end,
                "text",
                first.label,
                seg.heading,
                any(s.ocr for s in group.sentences),
                seg.language,
            )

    def emit(
        self,
        text: str,
        p0: int,
        p1: int,
        start: int,
        end: int,
        kind: str,
        label: str | None,
        heading: str | None,
        ocr: bool,
        language: str | None = None,
    ) -> None:
        seq = len(self.chunks)
        self.chunks.append(
            Chunk(
                chunk_id=f"{self.doc.doc_id}:{seq}",
                doc_id=self.doc.doc_id,
                seq=seq,
                text=text,
                page_start=p0,
                page_end=p1,
                heading=heading,
                char_start=max(start, 0),
                char_end=end,
                # A block's known language (a case study's version) beats detection on a
                # short passage; otherwise the document's language settles most passages.
                language=language or passage_language(text, self.doc_language) or self.doc.language,
                kind=kind,
                ocr=ocr,
                page_label=label,
            )
        )

    def whole(self, piece: _Piece, text: str, start: int, end: int) -> None:
        """One chunk of a table part or a case study's header, on the piece's page."""
        self.emit(
            text,
            piece.page,
            piece.page,
            start,
            end,
            piece.kind,
            piece.label,
            piece.heading,
            piece.ocr,
            piece.language,
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
        if part and text_words(" ".join([*part, row])) > b.size:
            text = "\n".join(([head] if head else []) + part)
            b.whole(piece, text, offset, offset + len(text))
            part = []
        part.append(row)
    if part:
        text = "\n".join(([head] if head else []) + part)
        b.whole(piece, text, offset, piece.start + len(piece.text))


def chunk_document(doc: Document, size: int = 120, overlap: int = 25) -> list[Chunk]:
    """Split a document into passages of at most `size` words with `overlap` words shared."""
    if overlap >= size:
        raise ValueError(f"chunk overlap ({overlap}) must be smaller than chunk size ({size})")
    b = _Builder(doc, size, overlap)
    for piece in _pieces(doc):
        if piece.kind == "table":
            b.close()
            _table_chunks(b, piece)
        elif piece.kind == "header":  # one chunk of its own, whatever its length
            b.close()
            b.whole(piece, piece.text, piece.start, piece.start + len(piece.text))
        else:
            b.text(piece)
    b.close()
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
