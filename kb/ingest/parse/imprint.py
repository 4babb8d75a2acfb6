"""A publication's imprint is not its prose: its rights notice, and the publisher's lines above.

A report's imprint page says who published it, where, and on what terms: "All rights reserved.
No part of this publication may be reproduced, stored in a retrieval system or transmitted, …
without prior permission." Two of the UNDP report pages opened their first passage on it, with
the publisher's address, web site and telephone ("By the United Nations Development Programme
UN House, Pulchowk, Lalitpur, Nepal www.np.undp.org | +977-1-5523200") between the copyright
line and the notice. Such a notice says nothing of the policy the report describes, yet shares
its agency's name and words such as "publication" with queries. A rights notice goes in every
format (`without_rights_notices`, on a document's blocks); in a page's plain text the
publisher's lines between a copyright line and the notice go with it (`without_imprint`).
"""

from __future__ import annotations

import dataclasses
import re

from kb.ingest.parse.furniture import is_copyright
from kb.records import Page

RIGHTS_WORDS = 90  # a notice with its request to cite the source; longer is a writer's text
IMPRINT_LINES = 10  # non-blank lines from a copyright line to its notice: publisher, address
_RESERVED = re.compile(
    r"\b(?:all rights reserved|derechos reservados|direitos reservados|droits r[ée]serv[ée]s)\b",
    re.IGNORECASE,
)
# A sentence about copying the publication itself, and on what terms: "No part of this
# publication may be reproduced … without prior permission"; "pueden reproducir esta obra sin
# autorización previa". "This report reproduces the questionnaire" names no terms and stays.
_THIS_WORK = re.compile(
    r"\b(?:this|the present)\s+(?:publication|work|report|document|book)\b|"
    r"\bd?est[ae]\s+(?:publicaci[óo]n|publica[çc][ãa]o|obra|informe|relat[óo]rio|documento|"
    r"libro|livro)\b",
    re.IGNORECASE,
)
_REPRODUCE = re.compile(r"\brepro(?:duc|duz|dui)", re.IGNORECASE)
_TERMS = re.compile(
    r"\b(?:permission|permiso|autoriza|autoriz|consent|no part|ninguna parte|nenhuma parte|"
    r"aucune partie)",
    re.IGNORECASE,
)
_FIRST_SENTENCE = re.compile(r".+?(?:[.!?](?=\s|$)|$)", re.DOTALL)
_ENDS_SENTENCE = re.compile(r"[.!?][\"'”’)]?$")


def is_rights_notice(text: str) -> bool:
    """Whether a paragraph is a rights notice: it opens on a reservation of rights or on the
    terms for copying this publication, and is no longer than a notice (RIGHTS_WORDS)."""
    words = text.split()
    if not words or len(words) > RIGHTS_WORDS:
        return False
    flat = " ".join(words)
    first = _FIRST_SENTENCE.match(flat)
    sentence = first.group(0) if first else flat
    if _RESERVED.search(sentence):
        return True
    return bool(
        _THIS_WORK.search(sentence) and _REPRODUCE.search(sentence) and _TERMS.search(sentence)
    )


def without_rights_notices(pages: tuple[Page, ...]) -> tuple[Page, ...]:
    """The pages without their paragraphs that are rights notices, each block read once; the
    same object when none is, so a document without one is not copied."""
    kept = [tuple(b for b in p.blocks if not _is_notice_block(b.kind, b.text)) for p in pages]
    if all(len(k) == len(p.blocks) for k, p in zip(kept, pages, strict=True)):
        return pages
    return tuple(
        p if len(k) == len(p.blocks) else dataclasses.replace(p, blocks=k)
        for k, p in zip(kept, pages, strict=True)
    )


def _is_notice_block(kind: str, text: str) -> bool:
    return kind == "paragraph" and is_rights_notice(text)


def without_imprint(lines: list[str]) -> list[str]:
    """The lines with each rights notice blanked, and with the publisher's lines above it when
    a copyright line stands at most IMPRINT_LINES non-blank lines before it and no line between
    ends a sentence. Blanked, not deleted: what stood on either side stays apart."""
    out = list(lines)
    for start, end in _paragraphs(lines):
        if not is_rights_notice(" ".join(lines[start:end])):
            continue
        out[start:end] = [""] * (end - start)
        above = _imprint_above(lines, start)
        for k in above:
            out[k] = ""
    return out


def _paragraphs(lines: list[str]) -> list[tuple[int, int]]:
    """(start, end) of each run of non-blank lines."""
    spans: list[tuple[int, int]] = []
    start: int | None = None
    for k, line in enumerate([*lines, ""]):
        if line.strip() and start is None:
            start = k
        elif not line.strip() and start is not None:
            spans.append((start, k))
            start = None
    return spans


def _imprint_above(lines: list[str], notice: int) -> list[int]:
    """The lines from a copyright line down to the notice at `notice`, or none when there is
    no copyright line close enough or a sentence ends between."""
    between: list[int] = []
    for k in range(notice - 1, -1, -1):
        line = lines[k].strip()
        if not line:
            continue
        if is_copyright(line):
            return [k, *between]
        if len(between) >= IMPRINT_LINES or _ENDS_SENTENCE.search(line):
            return []
        between.append(k)
    return []
