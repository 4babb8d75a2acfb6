"""A saved page's dateline, byline and photo credits, which are not its prose.

A web page saved as text or Markdown keeps its date above the article ("APRIL 8, 2021",
"6 de Abril de 2022") and its photos' credits, alone on a line ("Photo: Katherine Hawtin") or
ending a caption ("… with local producers. Photo credit: Juddy Lasius", "… an SME entrepreneur
©UNDP Bangladesh"). Read as prose they were glued into passages and shown in snippets ("…
mejorarlo. 6 de Abril de 2022 Foto: AccLabs Py La pandemia…"): 23 of the 62 UNDP pages have a
dateline, 5 a photo credit. The date is the page's metadata; a caption is the writer's, so it stays
as a sentence of its own without its credit.

A byline under the title ("By: Ramiz Uddin, Head of Experimentation;" and three more lines, "Por:
Mónica Ríos, Gustavo Setrini, …") names the writers, not what they write about: 7 of the UNDP
pages kept one as their first passage's opening, and the Tangail tourism card opened on it.
The same goes for a byline closing an article ("Por Eva Torales, Carmen Gauto, … y el Equipo del
Laboratorio de Aceleración del PNUD") and for a series tag that carries one ("UNDP Viet Nam
Circular Innovation Series - BLOG #1 by Morgane Rivoal, …").
"""

from __future__ import annotations

import re
from itertools import islice

from kb.ingest.parse.furniture import BYLINE_LABEL

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|"
    r"novembro|dezembro)"
)
# A whole line that is a date: "APRIL 8, 2021", "25 DE JULIO DE 2023", "6 de Abril de 2022".
_MONTH_WORD = re.compile(_MONTH, re.IGNORECASE)
_DATELINE = re.compile(
    rf"(?:\d{{1,2}}\s+(?:de\s+)?{_MONTH}\s+(?:de\s+)?\d{{4}}|{_MONTH}\s+\d{{1,2}},?\s+\d{{4}})",
    re.IGNORECASE,
)
# A credit's label, then its holder to the end of the line. The label follows a space or a
# caption's punctuation, so a trademark glued to a word ("LEAP©") is not one; "foto de" is not
# a label (it is a caption's own words: "una foto de grupo"), nor is a bare "Crédito:" (a list
# of instruments has "Crédito: BNDES Finame").
_CREDIT = re.compile(
    r"(?:^|(?<=[\s.,;:]))(?:"
    r"(?:photo|foto|fotograf[ií]a|phote|image|imagen|imagem)\s*(?:credits?|cr[eé]ditos?)?\s*:|"
    r"(?:photo|foto)\s+by\s*:?\s|"
    r"(?:cr[eé]ditos?|credits?)\s+(?:de\s+(?:la\s+)?)?(?:foto|imagen|imagem)\s*:|"
    r"©)"
    r"\s*(?P<holder>[^.!?©]+?)\.?\s*$",
    re.IGNORECASE,
)
CREDIT_WORDS = 8  # a credit names a photographer or an agency, never more
_CAPTION_END = re.compile(r"[\s,;:\-–—]+$")


def without_credit(line: str) -> str:
    """The line without a photo credit at its end: "" when the credit was all of it, else the
    caption ended with a full stop (so it is no longer glued to the sentence after it)."""
    found = _CREDIT.search(line)
    if found is None:
        return line
    holder = found.group("holder").strip()
    if len(holder.split()) > CREDIT_WORDS or not holder[:1].isupper():
        return line
    caption = _CAPTION_END.sub("", line[: found.start()])
    if not any(ch.isalpha() for ch in caption):
        return ""
    return caption if caption.endswith((".", "!", "?", "…")) else caption + "."


def without_datelines_and_credits(text: str) -> str:
    """The text with dateline and credit-only lines blank, and captions without their credits."""
    lines = text.split("\n")
    kept = ("" if _DATELINE.fullmatch(line.strip()) else without_credit(line) for line in lines)
    return "\n".join(kept)


# A page's byline labels (kb/ingest/parse/furniture.py), and a bare "By" or "Por": capitalised,
# as they open a line only here, at the head of a section, checked for a name after them
_BYLINE_LABEL = re.compile(rf"(?:By|Por|(?i:{BYLINE_LABEL}))\s*:?\s+(?=\S)")
_NAME_END = re.compile(r"[,;.(]")
# Without a colon after its label, a byline shows itself by what follows the name: a role after a
# comma, the next name after a semicolon, a full stop, or the name going on on the next line
_BYLINE_NAME_END = re.compile(r"[^,;.(]*[,;.]")
_CONNECTOR = re.compile(r"de|del|la|el|los|las|the|of|and|y|e|da|do|dos|das|van|von")
NAME_SPAN = (2, 8)  # a name's words, or an agency's ("el Laboratorio de Aceleración del PNUD")
BYLINE_WORDS = 60  # a byline's names and roles, at most (four authors with their roles)
_LIST_GOES_ON = re.compile(r"(?:[,;]|\s(?:and|y|e))$")
_TITLES = frozenset(["Dr", "Mr", "Mrs", "Ms", "Prof", "Sr", "Sra", "Lic", "Ing"])
_STOP = re.compile(r"\.(?=\s*[A-ZÁÉÍÓÚÑ¿¡“\"])")
HEAD_LINES = 4  # a byline follows the title, perhaps a deck, a date and a subtitle
TAIL_LINES = 4  # a closing credit, perhaps a rule and a note on where the article first ran


def without_opening_byline(text: str) -> str:
    """The text without the byline among its first HEAD_LINES lines, if any: its label's line
    and the lines that continue its list of names; prose glued after the byline's first
    sentence ("… Accelerator Lab Bangladesh1.Ratul Hasan, a young entrepreneur …") stays. A
    title-cased title opening with "By" or "Por" is no byline: one has a colon after its label
    or a comma, semicolon or full stop after its name, or wraps its name onto the next line."""
    lines = text.split("\n")
    head = _non_blank(lines, HEAD_LINES)
    for i in head:
        label = _BYLINE_LABEL.match(lines[i].strip())
        name = lines[i].strip()[label.end() :] if label else ""
        if not label or not _name_like(name):
            continue
        last = _list_end(lines, i)
        if ":" not in label.group() and not _BYLINE_NAME_END.match(name) and last == i:
            continue  # "Por Un Futuro Sostenible", "By Land And Sea": a title, not a byline
        rest = _after_byline(lines[last])
        if rest is None:
            return text
        lines[i : last + 1] = [""] * (last - i) + [rest]
        return "\n".join(lines)
    return text


# A list of names: "Eva Torales, Carmen Gauto y el Equipo del Laboratorio …", "Morgane Rivoal,
# UNDP … Officer, and Ida Uusikyla, Innovation Officer" (a role in title case reads as a name)
_NAME_SEP = re.compile(r"\s*[,;]\s*(?:(?:and|y|e)\s+)?|\s+(?:and|y|e)\s+")
_SERIES_BY = re.compile(r"(?P<tag>.+?)\s(?:by|por)\s+(?P<names>.+)")


def without_closing_byline(text: str) -> str:
    """The text without a line among its last TAIL_LINES that is a byline and nothing else: a
    label, then a list of names ("Por Eva Torales, Carmen Gauto, … y el Equipo del Laboratorio
    de Aceleración del PNUD", closing the Yaguarón article) with a colon after the label or at
    least two names."""
    lines = text.split("\n")
    tail = _non_blank(lines, TAIL_LINES, from_end=True)
    for i in tail:
        line = lines[i].strip()
        label = _BYLINE_LABEL.match(line)
        if label is None or not _short(line):
            continue
        names = _names(line[label.end() :])
        if names and (":" in label.group() or names >= 2):
            del lines[i]  # not blanked: the lines on either side stay one paragraph, as before
            break
    return "\n".join(lines)


def without_series_byline(text: str) -> str:
    """The text without a line among its first HEAD_LINES that is a series tag with its byline
    ("UNDP Viet Nam Circular Innovation Series - BLOG #1 by Morgane Rivoal, UNDP Climate
    Change and Circular Economy Officer, and Ida Uusikyla, Innovation Officer"): before a
    lower-case "by"/"por", only capitalised words, connectors and marks (a tag, not a
    sentence, which has lower-case words: "the pilot run by Bancóldex and iNNpulsa"); after
    it, two names or more to the line's end; no sentence ends inside."""
    lines = text.split("\n")
    head = _non_blank(lines, HEAD_LINES)
    for i in head:
        line = lines[i].strip()
        found = _SERIES_BY.fullmatch(line)
        if found is None or _STOP.search(line) or not _short(line):
            continue
        tag = [w for w in found.group("tag").split() if any(ch.isalpha() for ch in w)]
        if (
            all(w[:1].isupper() or _CONNECTOR.fullmatch(w) for w in tag)
            and _names(found.group("names")) >= 2
        ):
            lines[i] = ""
    return "\n".join(lines)


def _names(text: str) -> int:
    """How many names a text lists, 0 when any piece of it is not a name (a name's words are
    capitalised or connectors, no digit; "Sady Sarquis*" marks a note)."""
    pieces = [p.strip(" .*") for p in _NAME_SEP.split(text.strip().rstrip("."))]
    ok = pieces and all(_name_words(p.split()) for p in pieces)
    return len(pieces) if ok else 0


def _non_blank(lines: list[str], n: int, *, from_end: bool = False) -> list[int]:
    """The places of the first (or last) `n` non-blank lines."""
    places = reversed(range(len(lines))) if from_end else range(len(lines))
    return list(islice((i for i in places if lines[i].strip()), n))


def _short(line: str) -> bool:
    return len(line.split()) <= BYLINE_WORDS


def _name_like(text: str) -> bool:
    """Whether a text opens with a name: a few capitalised words (with "de", "the"… between),
    no digit, no month ("By January 2021" begins a sentence)."""
    words = _NAME_END.split(text, maxsplit=1)[0].split()
    return NAME_SPAN[0] <= len(words) and _name_words(words) and not _MONTH_WORD.fullmatch(words[0])


def _all_name(line: str) -> bool:
    """Whether a whole line is a few capitalised words (a name's wrapped end)."""
    return _NAME_END.search(line) is None and _name_words(line.split())


def _name_words(words: list[str]) -> bool:
    return (
        0 < len(words) <= NAME_SPAN[1]
        and all(w[:1].isupper() or _CONNECTOR.fullmatch(w.casefold()) for w in words)
        and not any(c.isdigit() for w in words for c in w)
    )


def _list_end(lines: list[str], first: int) -> int:
    """The last line of a byline's list of names starting at `first`: the next line when the
    list goes on (",", ";", "and") or when a name wraps onto it ("By the United Nations
    Development / Programme")."""
    last = first
    for k in range(first + 1, len(lines)):
        if not lines[k].strip():
            continue
        wrapped = k == last + 1 and _all_name(lines[k]) and lines[last].rstrip()[-1:].isalpha()
        listed = _LIST_GOES_ON.search(lines[last].rstrip()) and _name_like(lines[k].strip())
        if not (wrapped or listed):
            break
        last = k
    return last


def _after_byline(line: str) -> str | None:
    """What follows a byline's first full stop on its line (the article's first sentence glued to
    it), "" when nothing does; None when the byline would be implausibly long (it is prose)."""
    end = len(line)
    for stop in _STOP.finditer(line):
        before = line[: stop.start()].split()
        if not before or before[-1] not in _TITLES:  # "Dr." is no sentence's end
            end = stop.start()
            break
    if len(line[:end].split()) > BYLINE_WORDS:
        return None
    return line[end + 1 :].strip()
