"""A saved web page's furniture, found in its plain text: menus, related items, bylines, footers
and the title repeated above the article (the text and Markdown parsers read pages saved from
the web, which keep them line by line)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

# Lines a page export keeps that hold no prose: many in a row, each starting with a capital and
# ending no sentence, with no digit. Site menus are short (from MENU_RUN lines on); author
# blocks ("NAME / role"), related-article lists and lists of institutions are longer (LIST_RUN).
MENU_RUN = 5
MENU_WORDS = 5
LIST_RUN = 6
LIST_WORDS = 20
RUN_ROUNDS = 3  # passes over a page's runs; each may find a wrapped item next to the last
_CLOSES = re.compile(r"[.!?:;…,\-–]$")
# The link that ends a related item a page lists after its article ("PUBLICATIONS / title /
# first words of its text... / READ MORE"), in the languages of the pages kb reads.
_READ_MORE = re.compile(
    r"(?:read more|continue reading|leer más|seguir leyendo|ver más|leia mais|ler mais|"
    r"saiba mais|continuar lendo|ver mais|lire la suite|en savoir plus|weiterlesen)"
    r"\s*(?:[»›>→…]|\.\.\.)?",
    re.IGNORECASE,
)
TEASER_LINES = 4  # a related item: its label, title, first words and link at most
# The label a page puts above its authors' names and roles; a bare "by" or "por" is left out,
# as a report converted line by line has them at the end of wrapped prose lines.
BYLINE_LABEL = (
    r"(?:(?:additional\s+)?authors?|written by|autor(?:es|as|a)?(?:\s+adicionales)?|escrito por|"
    r"autoria|auteurs?|autorinnen)"
)
_BYLINE = re.compile(BYLINE_LABEL + r"\s*:?", re.IGNORECASE)
BYLINE_LINES = 24  # names and roles under one label, at most (twelve authors)
NAME_WORDS = 6  # an author's name, at most
# A page's copyright notice ("© 2023 United Nations Development Programme", "Copyright @ 2024"),
# at most COPYRIGHT_WORDS words: the site's footer, or a report's imprint, never its content.
_COPYRIGHT = re.compile(r"(?:©|copyright\s*(?:©|@|\(c\)|\d{4}|by\b)).*", re.IGNORECASE)
COPYRIGHT_WORDS = 12
# A pointer to the next article of a series at the end of a paragraph ("...en Paraguay.Seguí
# leyendo: Aprendizajes #EnTerritorio, parte 4. Transformando Proyectos ..."): a link's text, not
# the writer's; at most READ_NEXT_WORDS words after the label, to the end of the line.
_READ_NEXT = re.compile(
    r"(?:(?<=[.!?…»”\"])|^)[ \t]*(?:segu[ií] leyendo|sigue leyendo|seguir leyendo|"
    r"le[eé] tambi[eé]n|lea tambi[eé]n|read next|also read|continue reading|read more|"
    r"leia tamb[eé]m|leia mais|continue lendo|lire aussi)[ \t]*:(?P<tail>[^\n]*)$",
    re.IGNORECASE | re.MULTILINE,
)
READ_NEXT_WORDS = 40
# The link a site puts first on each page for screen readers, which a page saved as text can
# keep as its first heading (one of the 62 UNDP pages was titled "Pasar al contenido principal").
_SKIP_LINK = re.compile(
    r"(?:skip to (?:the )?(?:main )?content|(?:pasar|ir|saltar) al contenido(?: principal)?|"
    r"(?:pular|ir) para o conte[uú]do(?: principal)?|aller au contenu(?: principal)?)",
    re.IGNORECASE,
)
# A breadcrumb's first item; the page's title is its last.
_HOME = frozenset({"home", "inicio", "início", "página inicial", "accueil"})
# A list item; a converted document often glues a dot bullet to its item ("·Central Bank").
_BULLET = re.compile(r"^(?:(?:[-*+•▪◦∘●○■□►➢]|\d+[.)])\s|[·•▪◦●]\S)")


def _unsentenced_words(line: str) -> int | None:
    """The words of a line that starts with a capital, ends no sentence and is neither a list
    item nor data (None for any other line: a wrapped line of prose starts with a lower-case
    word more often, and numbered items, dates and page numbers are data)."""
    s = line.strip()
    first = _first_letter(s)
    if not first.isupper() or _CLOSES.search(s) or _BULLET.match(s):
        return None
    if any(ch.isdigit() for ch in s):
        return None
    return len(s.split())


def _first_letter(s: str) -> str:
    """The first letter of a line (a capital starts an item, a lower-case letter a wrapped line
    or prose), "" when it has none."""
    return next((ch for ch in s if ch.isalpha()), "")


def _menu_line(line: str) -> bool:
    n = _unsentenced_words(line)
    return n is not None and n <= MENU_WORDS


def _list_line(line: str) -> bool:
    n = _unsentenced_words(line)
    return n is not None and n <= LIST_WORDS


def without_unsentenced_runs(text: str) -> str:
    """The text without runs of lines that hold no sentence: MENU_RUN or more short ones, or
    LIST_RUN or more of up to LIST_WORDS words, one item a line or one item a paragraph.

    A web page saved as text or Markdown keeps its menus ("WHO WE ARE / WHAT WE DO / ..."),
    its authors ("CRISTHIAN PARRA / Jefe de Experimentación, Laboratorio de Aceleración PNUD
    Paraguay / ...") and its related articles ("BLOG / title / READ MORE / ..."), one item a
    line; joined into a paragraph they became passages that matched queries on "SME" or a
    country name and were shown as snippets. Some pages put each item in a paragraph of its
    own (the bylines of the UNDP Paraguay blogs, the acronym lists and chart labels of report
    pages); a paragraph of several lines ends such a run, so a writer's short list next to
    furniture stays. A writer's own lists are bulleted or end their items with punctuation,
    so they stay. Dropped lines become blank lines: what stood before and after a run are
    separate paragraphs.
    """
    lines = text.split("\n")
    # dropped, and items of any run; so are the lines an earlier pass dropped
    furniture = teaser_lines(lines) | byline_lines(lines) | copyright_lines(lines)
    # read each line once: a line blanked later is in `furniture`, which counts as an item
    kinds = [([_menu_line(x) for x in lines], MENU_RUN), ([_list_line(x) for x in lines], LIST_RUN)]
    for _ in range(RUN_ROUNDS):  # a wrapped item joins a run only next to one found before
        found_before = len(furniture)
        for items, run in kinds:
            _drop_runs(lines, furniture, items, run)
        if len(furniture) == found_before:
            break
    return "\n".join("" if i in furniture else line for i, line in enumerate(lines))


def _drop_runs(lines: list[str], furniture: set[int], items: list[bool], run: int) -> None:
    """Blank the runs of at least `run` items (`items`: each line's own reading), one a line or
    one a paragraph, and add their lines to `furniture`. A wrapped item's second line
    (`_wrapped`) is an item between two items when one of them is furniture already."""

    def base(k: int) -> bool:
        return 0 <= k < len(lines) and (k in furniture or items[k])

    def item(k: int) -> bool:
        return base(k) or (
            (k - 1 in furniture or k + 1 in furniture)  # cheapest test first: rarely true
            and base(k - 1)
            and base(k + 1)
            and _wrapped(lines[k])
        )

    for runs in (_line_runs, _paragraph_runs):
        for found in list(runs(lines, item)):
            if len(found) >= run:
                furniture.update(found)
                for k in found:
                    lines[k] = ""


def copyright_lines(lines: list[str]) -> set[int]:
    """The lines that are a copyright notice and nothing else (`_COPYRIGHT`): it ended the
    last passage of 21 of the 62 UNDP pages, after the menus had gone."""
    return {k for k, line in enumerate(lines) if is_copyright(line)}


def is_copyright(line: str) -> bool:
    """Whether a line is a copyright notice and nothing else ("Copyright @ 2024")."""
    return bool(_COPYRIGHT.fullmatch(line.strip())) and len(line.split()) <= COPYRIGHT_WORDS


def _wrapped(line: str) -> bool:
    """The second line of an item wrapped in two ("Programa de las Naciones Unidas / para el
    Desarrollo" above a site's footer menu): a few words starting in lower case, no sentence
    end, no digit. It counts as an item only between two items; alone it broke the run."""
    s = line.strip()
    first = _first_letter(s)
    return (
        first.islower()
        and len(s.split()) <= MENU_WORDS
        and not _CLOSES.search(s)
        and not any(ch.isdigit() for ch in s)
    )


def _line_runs(lines: list[str], item: Callable[[int], bool]) -> Iterator[list[int]]:
    """Runs of item lines next to each other."""
    found: list[int] = []
    for k in range(len(lines)):
        if item(k):
            found.append(k)
        else:
            yield found
            found = []
    yield found


def _paragraph_runs(lines: list[str], item: Callable[[int], bool]) -> Iterator[list[int]]:
    """Runs of paragraphs that are each one item line, with only blank lines between."""
    found: list[int] = []
    k = 0
    while k < len(lines):
        if not lines[k].strip():
            k += 1
            continue
        end = k
        while end < len(lines) and lines[end].strip():
            end += 1
        if end - k == 1 and item(k):
            found.append(k)
        else:
            yield found
            found = []
        k = end
    yield found


def without_title_echo(lines: list[str], title: str) -> list[str]:
    """The lines with the page's title, repeated at the top of its text, blanked together
    with the site's lines above it.

    A saved page opens its text with a breadcrumb and the title again, often twice ("Home /
    Paraguay / Digitalización De Las MIPYMES ... / Digitalización de las MIPYMES ..."): 26 of
    the 62 UNDP pages do. The title is the card's title already; repeated, it opened the first
    passage and its snippet. Only lines before the article's first sentence or dated line are
    looked at, and only lines with no sentence are blanked with it. A second echo may carry
    the article's deck after the title ("... Programa Local en Paraguay Conocé los
    aprendizajes #EnTerritorio, parte 1."): its title goes and its deck stays. A few of the
    title's words alone on a line under its echo (a photo's caption) go too."""
    key = title.casefold().split()
    out = list(lines)
    last = None
    for k, line in enumerate(lines):
        words = line.casefold().split()
        if not words:
            continue
        if words == key:
            last = k
        elif last is not None and words[: len(key)] == key:
            out[k] = " ".join(line.split()[len(key) :])
            last = k - 1
            break
        elif not _list_line(line):
            break  # the article has begun
    if last is None:
        return lines
    return [""] * (last + 1) + _without_title_fragment(out[last + 1 :], key)


# A hero photo's caption under the title, a few of its words ("Kuña Jero" under "La historia de
# Kuña Jero, cuando la necesidad toca tu puerta"), opened the article's first passage
FRAGMENT_WORDS = (2, 4)
CAPTION_LINES = 4  # the caption follows the title's echo, perhaps a byline and a date
_PUNCT = ".,;:!?¿¡\"'“”‘’()[]«»-–—"
_SENTENCE_END = re.compile(r"[.!?…][\"'”’)]*$")


def _without_title_fragment(lines: list[str], key: list[str]) -> list[str]:
    """The lines after the title's echo with a line that is a few of the title's words blanked,
    among the first CAPTION_LINES before the article's first sentence."""
    out = list(lines)
    seen = 0
    for k, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > CAPTION_LINES or _SENTENCE_END.search(line.strip()):
            break
        if _title_fragment(line.casefold().split(), key):
            out[k] = ""
    return out


def _title_fragment(words: list[str], key: list[str]) -> bool:
    """Whether a line's words are a run of the title's, shorter than it (punctuation aside)."""
    bare = [w.strip(_PUNCT) for w in words]
    title = [w.strip(_PUNCT) for w in key]
    n = len(bare)
    if not FRAGMENT_WORDS[0] <= n <= FRAGMENT_WORDS[1] or n >= len(title):
        return False
    return any(title[i : i + n] == bare for i in range(len(title) - n + 1))


def teaser_lines(lines: list[str]) -> set[int]:
    """The lines of each related item a page lists after its article: a "read more" line and
    the lines above it back to a label in capitals ("PUBLICATIONS", "BLOG", "PRESS RELEASES")
    in the same block, at most TEASER_LINES up; without such a label, the "read more" line
    alone. An item's first words end in "..." and so read as a sentence, which kept the
    related items of 12 of the 62 UNDP pages out of the runs `without_unsentenced_runs`
    drops; joined, they made passages a card opened on. They count as items of a run too, so
    a menu that follows them is still one run."""
    found: set[int] = set()
    for i, line in enumerate(lines):
        if not _READ_MORE.fullmatch(line.strip()):
            continue
        start = i
        for j in range(i - 1, max(i - TEASER_LINES, -1), -1):
            if not lines[j].strip():
                break  # an item is one block of lines
            if _label(lines[j]):
                start = j
                break
        found.update(range(start, i + 1))
    return found


def byline_lines(lines: list[str]) -> set[int]:
    """The lines of a page's byline: an "Authors" / "Escrito por" label and the names and
    roles under it, blank lines between them or not (`_names_and_roles`). Two authors make
    five lines, fewer than a run (`without_unsentenced_runs`), and a role often ends in a full
    stop ("Consultor. Investigador en economía política del desarrollo."), which ends a run:
    6 of the 62 UNDP pages kept a byline that opened their first passage."""
    found: set[int] = set()
    for i, line in enumerate(lines):
        if not _BYLINE.fullmatch(line.strip()):
            continue
        names = _names_and_roles(lines, i)
        if names:
            found.update([i, *names])
    return found


def opens_with_byline(line: str) -> bool:
    """Whether a line starts with a byline's label ("Escrito por: Paulina …")."""
    return _BYLINE.match(line.strip()) is not None


def _names_and_roles(lines: list[str], label: int) -> list[int]:
    """The non-blank lines after a byline's label that read as names, each with the role under
    it, at most BYLINE_LINES: a name is a few words with no sentence; the byline ends where a
    name is expected and none comes (the article's first sentence, however short)."""
    out: list[int] = []
    name_next = True
    for k in range(label + 1, len(lines)):
        if not lines[k].strip():
            continue
        line_ok = _name(lines[k]) if name_next else _role(lines[k])
        if len(out) == BYLINE_LINES or not line_ok:
            break
        out.append(k)
        name_next = not name_next
    return out


def _name(line: str) -> bool:
    # A page's preview cuts its text short: "Autores / ADRIANA..." is a byline too.
    n = _unsentenced_words(line.strip().removesuffix("...").rstrip("…"))
    return n is not None and n <= NAME_WORDS


def _role(line: str) -> bool:
    """A role under a byline's name: starting with a capital, short, with no digit (it may hold
    sentences: "Consultor. Investigador en economía política del desarrollo.")."""
    s = line.strip()
    first = _first_letter(s)
    return first.isupper() and len(s.split()) <= LIST_WORDS and not any(c.isdigit() for c in s)


def _label(line: str) -> bool:
    """A section label of a web page: a few words, all in capitals, nothing else."""
    s = line.strip()
    return bool(s) and s.isupper() and len(s.split()) <= 3 and not any(c.isdigit() for c in s)


def without_read_next(text: str) -> str:
    """The text without a pointer to another article that ends a line (`_READ_NEXT`): two UNDP
    Paraguay blogs end their last paragraph with the next article's title, and a card for
    "lessons from Paraguay's local programme" opened on that title, not on its own article."""

    def cut(m: re.Match[str]) -> str:
        return "" if len(m.group("tail").split()) <= READ_NEXT_WORDS else m.group(0)

    return _READ_NEXT.sub(cut, text)


def skip_link(line: str) -> bool:
    """Whether a line is a site's "skip to main content" link."""
    return _SKIP_LINK.fullmatch(line.strip().rstrip(".")) is not None


def breadcrumb_title(lines: list[str]) -> str | None:
    """The title a page's breadcrumb ends on ("HOME / PARAGUAY / CO-CREANDO LOS SERVICIOS DE
    APOYO A LAS MIPYMES TEXTILES"): the first line after its home item with more words than a
    place or section name; None when the text does not open with a breadcrumb."""
    items = [line.strip() for line in lines if line.strip()]
    if not items or items[0].casefold() not in _HOME:
        return None
    for item in items[1:]:
        if not _list_line(item):
            return None  # the article began before any title
        if len(item.split()) > 3:
            return item
    return None
