"""A saved page's dateline and photo credits, which are not its prose.

A web page saved as text or Markdown keeps its date above the article ("APRIL 8, 2021",
"6 de Abril de 2022") and its photos' credits, alone on a line ("Photo: Katherine Hawtin") or
ending a caption ("… with local producers. Photo credit: Juddy Lasius", "… an SME entrepreneur
©UNDP Bangladesh"). Read as prose they were glued into passages and shown in snippets ("…
mejorarlo. 6 de Abril de 2022 Foto: AccLabs Py La pandemia…"): 23 of the 62 UNDP pages have a
dateline, 5 a photo credit. The date is the page's metadata; a caption is the writer's, so it stays
as a sentence of its own without its credit.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre|janeiro|fevereiro|março|maio|junho|julho|setembro|outubro|"
    r"novembro|dezembro)"
)
# A whole line that is a date: "APRIL 8, 2021", "25 DE JULIO DE 2023", "6 de Abril de 2022".
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
    r"(?:photo|foto|phote|image|imagen|imagem)\s*(?:credits?|cr[eé]ditos?)?\s*:|"
    r"(?:photo|foto)\s+by\s|"
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
