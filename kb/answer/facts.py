"""A case study's facts as readable text in the user's language: parameters, sources, languages.

Small functions that compare tables, briefs, the CLI and the app share: a parameter as
"value unit (year) — statement", a source as a reference an official can look up (who, year,
title, publisher, kind, URL/DOI/handle when verified; never an internal path or id), and which
language a text is shown in (the original, or a translation of it). Data only: no layout.
"""

from __future__ import annotations

from collections.abc import Callable

from kb.ingest.program_schema import Parameter, ProgramMeta, Source
from kb.ingest.programs import SECTION_ROLES, SECTIONS, Program
from kb.vocab.labels import lang_of, t

DASH = "—"  # an absent value: never "None" or "nan"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def number(x: float, lang: str = "en") -> str:
    """1234567.5 -> "1,234,567.5" (en) or "1.234.567,5" (es, pt); no trailing zeros."""
    digits = 0 if float(x).is_integer() else (1 if round(x, 1) == x else 2)
    text = f"{x:,.{digits}f}"
    if lang_of(lang) in ("es", "pt"):
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


def parameter_value(param: Parameter, lang: str = "en") -> str:
    """The figure with its unit ("70–85 %", "KRW 3,000,000,000", "2,858 firms"); "" if none."""
    bounds = param.bounds()
    if bounds is None:
        return ""
    low, high = (number(x, lang) for x in bounds)
    n = low if low == high else f"{low}–{high}"
    if not param.unit:
        return n
    return t(f"unit.{param.unit}", lang, n=n, currency=param.currency)


def parameter_text(param: Parameter | None, lang: str = "en") -> str:
    """ "value (year) — statement" in the user's language; "—" for an absent parameter."""
    if param is None:
        return DASH
    lang = lang_of(lang)
    text = param.text.get(lang).strip()
    year = f"({param.year})" if param.year else ""
    head = " ".join(x for x in (parameter_value(param, lang), year) if x)
    if head and not parameter_value(param, lang):  # text only: the year after it
        return f"{text} {head}" if str(param.year) not in text else text
    return f"{head} — {text}" if head else text


def parameter_rows(prog: Program, lang: str = "en") -> list[tuple[str, str]]:
    """(label, text) of each parameter the case study gives, in PARAM_NAMES order."""
    return [
        (t(f"param.{name}", lang), parameter_text(p, lang)) for name, p in prog.parameters.items()
    ]


def _links(src: Source) -> list[str]:
    links = [src.url] if src.url else []
    if src.doi and src.doi not in src.url:
        links.append(f"https://doi.org/{src.doi}")
    if src.handle and src.handle not in src.url:
        links.append(f"https://hdl.handle.net/{src.handle}")
    return links


def format_source(
    src: Source,
    lang: str = "en",
    text: Callable[[str], str] = str,
    link: Callable[[str], str] = str,
) -> str:
    """A readable reference: "Who (year). Title. Publisher. [kind] URL (accessed date)".

    `text` and `link` render the words and each address (plain by default; the program page
    escapes the words for Markdown and makes the addresses links)."""
    lang = lang_of(lang)
    who = src.author or src.publisher
    year = str(src.year) if src.year else t("source.no_year", lang)
    parts = [f"{who} ({year}).", src.title.rstrip(".") + "."]
    if src.author and src.publisher and src.publisher != src.author:
        parts.append(src.publisher.rstrip(".") + ".")
    parts.append(f"[{t(f'source.{src.kind}', lang, default=src.kind)}]")
    out = [text(" ".join(parts))]
    if links := _links(src):
        out += [link(u) for u in links]
        out.append(text(f"({t('source.accessed', lang, date=src.accessed)})"))
    return " ".join(out)


def references(prog: Program, lang: str = "en") -> list[str]:
    """Every source of a case study as a readable reference, in file order."""
    return [format_source(s, lang) for s in prog.sources]


def language_note(prog: Program, lang: str = "en") -> str:
    """Which language the text is shown in: "Spanish (original)", "English, translated from
    Spanish", or "only in Spanish (original)" when the user's language has no version."""
    lang = lang_of(lang)
    original = t(f"language.{prog.original_language}", lang)
    served = prog.text_language(lang)
    if served != prog.original_language:
        shown = t(f"language.{served}", lang)
        return _capital(t("language.translated", lang, language=shown, original=original))
    if lang != prog.original_language:
        return _capital(t("language.only_original", lang, original=original))
    return _capital(t("language.original", lang, language=original))


def status_text(meta: ProgramMeta, lang: str = "en") -> str:
    """ "active", "closed (2020)", "unknown" in the user's language."""
    return status_label(meta.status, meta.end_year, lang)


def status_label(status: str, end_year: int | None, lang: str = "en") -> str:
    """A program's status as `status_text` says it, from the two fields an index keeps."""
    text = t(f"status_{status}", lang)
    return f"{text} ({end_year})" if status == "closed" and end_year else text


def evidence_text(prog: Program, lang: str = "en") -> str:
    """The evidence level with its caveat (`evidence_note`) when the case study gives one."""
    level = t(f"evidence.{prog.meta.evidence}", lang, default=prog.meta.evidence)
    note = prog.meta.evidence_note
    return f"{level}. {note.get(lang_of(lang)).strip()}" if note else level


def sector_names(sectors: tuple[str, ...], lang: str = "en") -> list[str]:
    """Target sectors in the user's language where kb has the word (the files write English)."""
    return [t(f"sector.{s.strip().lower()}", lang, default=s) for s in sectors]


def section_in(
    prog: Program, heading: str | None, text_lang: str | None, lang: str
) -> tuple[str, str] | None:
    """The section a passage of `prog` comes from, in `lang`: (heading, text).

    None when the passage is already in `lang` or the case study has no `lang` version. A
    passage outside the six sections (the names header) stands for the summary."""
    lang = lang_of(lang)
    if text_lang == lang or prog.text_language(lang) != lang:
        return None
    headings = SECTIONS.get(text_lang or prog.original_language, ())
    role = SECTION_ROLES[headings.index(heading)] if heading in headings else "summary"
    text = prog.section(role, lang)
    if not text:
        return None
    return SECTIONS[lang][SECTION_ROLES.index(role)], text
