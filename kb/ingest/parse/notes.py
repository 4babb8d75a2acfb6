"""A report's footnotes, kept by a saved page between its paragraphs, are not its prose.

A page that holds a PDF report's text keeps each page's footnotes where the page ended, as a
paragraph of numbered references ("4 UNDP (2020). Adaptation and Adoption of Industry / 4.0 in
Cambodia. / 5 World Bank (2019). World Development Indicators; / UN Comtrade Database."). Three
of the 62 UNDP pages hold them, 100 of their parsed blocks. Passages joined them to the prose
around them, and a card read "… conducted both remotely travel 4 UNDP (2020). Adaptation and
Adoption …"; a passage's references also lower its quality prior (kb/answer/quality.py), so the
prose on either side was ranked as if it were a reference list.

A paragraph that is only addresses is not prose either: a form page's sources pasted as bare
links ("https://www.undp.org/es/paraguay/proyectos/local"), a report's back cover as
paragraphs of one address each ("www.uy.undp.org", "[email removed]", "@PNUDUruguay"). A
link's path words ("paraguay", "local", "blog") matched queries, and shown, the link told a
reader nothing.
"""

from __future__ import annotations

import re

# "4 UNDP (2020)…", "12 “Opportunity…", "26 von Hippel E (2020)…"
_ITEM = re.compile(r"\d{1,3}\s+(?:[A-Z“\"]|(?:von|van|de|da|du|di|le)\s+[A-Z])")
_CITATION = re.compile(
    r"\((?:19|20)\d\d[a-z]?\)|\bOp\.\s*cit\b|\bIbid\b|\bIbíd\b|https?://|\bwww\.",
    re.IGNORECASE,
)
CITED_SHARE = 0.5  # of a paragraph's items, at least this share cite a source
# A footnote's words, at most: the longest of those pages' footnotes has 46 (an act's name with
# its URL); a saved page's prose line, a whole paragraph, runs longer
ITEM_WORDS = 60
# A web address, an e-mail address (or the mark the datakit left for one), a handle, a note
# number, with the punctuation that separates them in a list
_ADDRESS = re.compile(
    r"(?:https?://\S+|www\.\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w{2,}|\[\d{1,3}\])"
    r"[,;.]?",
    re.IGNORECASE,
)
_EMAIL_MARK = re.compile(r"\[email removed\]", re.IGNORECASE)


def footnotes(paragraph: str) -> bool:
    """Whether a paragraph is a page's footnotes: numbered items citing sources, each perhaps
    wrapped over lines, perhaps opening with the cited tail of an item the page break split."""
    lines = [ln.strip() for ln in paragraph.split("\n") if ln.strip()]
    starts = [k for k, ln in enumerate(lines) if _ITEM.match(ln)]
    if not starts or (starts[0] > 0 and not _CITATION.search(" ".join(lines[: starts[0]]))):
        return False
    items = [" ".join(lines[a:b]) for a, b in zip(starts, [*starts[1:], len(lines)], strict=True)]
    if any(len(item.split()) > ITEM_WORDS for item in items):
        return False
    cited = sum(1 for item in items if _CITATION.search(item))
    return cited >= CITED_SHARE * len(items)


def addresses_only(paragraph: str) -> bool:
    """Whether a paragraph holds nothing but addresses: every token a web or e-mail address,
    a handle or a note number ("https://x.com/PnudColombia/status/…", "[email removed],
    [email removed]"). One other word keeps it ("Mural on BD retrospective: https://…")."""
    tokens = _EMAIL_MARK.sub("x@mark.removed", paragraph).split()
    return bool(tokens) and all(_ADDRESS.fullmatch(t) for t in tokens)
