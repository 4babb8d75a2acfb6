"""A saved page's dateline and photo captions, which are not its prose.

A web page saved as text or Markdown keeps its date above the article ("APRIL 8, 2021",
"6 de Abril de 2022") and its photos' captions with their credits ("Photo: Katherine Hawtin",
"… with local producers. Photo credit: Juddy Lasius", "… an SME entrepreneur ©UNDP
Bangladesh"). Read as prose they were glued into passages and shown in snippets ("…
mejorarlo. 6 de Abril de 2022 Foto: AccLabs Py La pandemia…"): 23 of the 62 UNDP pages have a
dateline, 5 a credited photo. The date is the page's metadata. A caption sits where the layout
put its photo, not always in the section it illustrates: kept, "A Druto Loan representative
helping out an SME entrepreneur." opened a card on a section about another initiative. The
captions describe photos; their facts are in the body.
"""

from __future__ import annotations

import re

_MONTH = (
    r"(?:january|february|march|april|may|june|july|august|september|october|november|"
    r"december|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|setiembre|octubre|"
    r"noviembre|diciembre|janeiro|fevereiro|março|abril|maio|junho|julho|setembro|outubro|"
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
CAPTION_WORDS = 40  # a caption and its credit; a longer line is a paragraph (left whole)


def credited(line: str) -> bool:
    """Whether the line ends with a photo's credit (`_CREDIT`): a credit, or a caption and its
    credit. A holder of more than CREDIT_WORDS words, or in lower case, is prose."""
    found = _CREDIT.search(line) if len(line.split()) <= CAPTION_WORDS else None
    if found is None:
        return False
    holder = found.group("holder").strip()
    return len(holder.split()) <= CREDIT_WORDS and holder[:1].isupper()


def dateline_or_caption(line: str) -> bool:
    """Whether a line is a page's dateline or a credited photo caption. They are dropped where a
    paragraph's blocks are made (kb/ingest/parse/lines.py), after its section titles are found
    with them in place: a title after a caption stays a title."""
    return bool(_DATELINE.fullmatch(line.strip())) or credited(line)
