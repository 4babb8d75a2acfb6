"""Side-by-side comparison of 2-5 programs, and its exports (text, CSV, XLSX, JSON).

Rows are fields (country, agency, years, status, as_of, instruments, target, the program's
parameters, text language, mechanism, scale, evidence, conditions, sources), columns are
programs. Mechanism, scale and evidence are the case study's own "How it works", "Scale and
results" and "Evidence" sections, shortened to their first sentences, in the user's language
when the case study has that version (else in its original language; the "language" row says
which). A parameter row (coverage, fee, ...) appears when at least one of the programs states
that parameter; the others show "—". Sources are readable references.
"""

from __future__ import annotations

import io
import json
import re
import textwrap
from collections.abc import Callable, Mapping, Sequence

import pandas as pd

from kb.answer.facts import (
    DASH,
    evidence_text,
    language_note,
    parameter_text,
    references,
    sector_names,
    status_text,
)
from kb.answer.reasons import country_name
from kb.errors import UnknownIdError, UsageError
from kb.ingest.program_schema import PARAM_NAMES
from kb.ingest.programs import Program
from kb.vocab.labels import has, lang_of, t

MIN_PROGRAMS, MAX_PROGRAMS = 2, 5
FORMATS = ("text", "csv", "xlsx", "json")
FIELDS = (
    "name",
    "country",
    "agency",
    "years",
    "status",
    "as_of",
    "instruments",
    "target",
    *PARAM_NAMES,  # only those at least one compared program states
    "language",
    "mechanism",
    "scale",
    "evidence",
    "conditions",
    "sources",
)
_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+\.)\s+", re.M)
# a list's "2." left inside a flattened passage ("... PMEs). 2. A avaliação ...")
_INLINE_NUMBER = re.compile(r"(?<=[.!?:;)…])\s+\d{1,2}\.\s+(?=[A-ZÁÉÍÓÚÑÇ\"“(])")
_HYPHEN_END = re.compile(r"\w-$")
# *Shishu*, *packing credit*: one mark each side of words, not a product's "2 * 3" nor "5*"
_ITALIC = re.compile(r"(?<![*\w])\*(\S(?:[^*\n]*\S)?)\*(?![*\w])")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑÇ0-9(\"“])")


def plain(text: str) -> str:
    """Markdown emphasis, links, code marks and list bullets removed; whitespace collapsed."""
    text = _LINK.sub(r"\1", text)
    text = _INLINE_NUMBER.sub(" ", _BULLET.sub("", text))
    text = text.replace("**", "").replace("__", "").replace("`", "")
    return " ".join(_ITALIC.sub(r"\1", text).split())


def readable(text: str) -> str:
    """A section as a reader sees it: one line per paragraph or list item (the file's own
    line wrapping joined, so the page wraps it), marks and links removed, items led by "•" or
    their number."""
    blocks: list[str] = []
    for para in re.split(r"\n\s*\n", text.strip()):
        items: list[list[str]] = []
        for line in para.splitlines():
            if _BULLET.match(line) or not items:
                items.append([line])
            else:
                items[-1].append(line)
        lines = []
        for item in items:
            # textwrap breaks after a hyphen ("FTA-" / "PASS"): such a line joins without a space
            joined = "".join(
                x.strip() if i and _HYPHEN_END.search(item[i - 1]) else " " + x.strip()
                for i, x in enumerate(item)
            ).strip()
            m = _BULLET.match(joined)
            marker = m.group().strip() if m else ""
            lead = "" if not m else ("• " if marker in "-*+" else f"{marker} ")
            lines.append(lead + plain(joined))
        blocks.append("\n".join(x for x in lines if x.strip()))
    return "\n\n".join(b for b in blocks if b)


def shorten(text: str, limit: int = 400) -> str:
    """Whole sentences up to `limit` characters (at least one, cut at a word if too long)."""
    flat = plain(text) if text else ""
    out = ""
    for sentence in _SENTENCE.split(flat):
        if out and len(out) + 1 + len(sentence) > limit:
            break
        out = f"{out} {sentence}".strip()
    if len(out) > limit:
        out = out[:limit].rsplit(" ", 1)[0] + " …"
    return out


def section(program: Program, key: str, lang: str | None = None) -> str:
    """A body section by role ("how", "scale", "evidence", "lessons", ...) in `lang`, or in
    the case study's original language when it has no version in `lang`."""
    return program.section(key, lang)


def _years(p: Program) -> str:
    start, end = p.meta.start_year, p.meta.end_year
    if not start:
        return ""
    return f"{start}–{end}" if end else f"{start}–"


def _target(p: Program, lang: str) -> str:
    sizes = [t(f"size.{s}", lang, default=s) for s in p.meta.target.firm_sizes]
    sectors = sector_names(p.meta.target.sectors, lang)
    return "; ".join(x for x in (", ".join(sizes), ", ".join(sectors)) if x)


def program_fields(p: Program, lang: str = "en") -> dict[str, str]:
    """The comparison fields of one program, as display strings in the user's language."""
    lang = lang_of(lang)
    m = p.meta
    level = evidence_text(p, lang)
    evidence = shorten(section(p, "evidence", lang), 250)
    sep = " " if level.endswith((".", "!", "?")) else ". "
    return {
        "name": p.name_in(lang),
        "country": country_name(m.country, lang),
        "agency": p.agency_in(lang),
        "years": _years(p),
        "status": status_text(m, lang),
        "as_of": m.as_of,
        "instruments": ", ".join(t(f"instrument.{i}", lang, default=i) for i in m.instruments),
        "target": _target(p, lang),
        **{name: parameter_text(getattr(m.parameters, name), lang) for name in PARAM_NAMES},
        "language": language_note(p, lang),
        "mechanism": shorten(section(p, "how", lang)),
        "scale": shorten(section(p, "scale", lang)),
        "evidence": f"{level}{sep}{evidence}" if evidence else level,
        "conditions": "; ".join(t(f"condition.{c}", lang, default=c) for c in m.conditions),
        "sources": "; ".join(references(p, lang)),
    }


def _by_id(programs: Mapping[str, Program] | Sequence[Program]) -> dict[str, Program]:
    if isinstance(programs, Mapping):
        return dict(programs)
    return {p.id: p for p in programs}


def fields_table(programs: Sequence[Program], lang: str = "en") -> pd.DataFrame:
    """Fields x programs for any number of programs; parameter rows only when one states it."""
    lang = lang_of(lang)
    rows = [
        f
        for f in FIELDS
        if f not in PARAM_NAMES or any(getattr(p.meta.parameters, f) for p in programs)
    ]
    data = {p.id: program_fields(p, lang) for p in programs}
    df = pd.DataFrame(data, index=list(FIELDS)).loc[rows] if data else pd.DataFrame(index=rows)
    df.attrs["lang"] = lang
    return df


def compare(
    program_ids: Sequence[str],
    programs: Mapping[str, Program] | Sequence[Program],
    lang: str = "en",
) -> pd.DataFrame:
    """Fields × programs. UsageError for fewer than 2 or more than 5 ids; UnknownIdError."""
    ids = list(dict.fromkeys(program_ids))  # a repeated id is one program
    if not MIN_PROGRAMS <= len(ids) <= MAX_PROGRAMS:
        raise UsageError(
            f"compare takes {MIN_PROGRAMS} to {MAX_PROGRAMS} different program ids, "
            f"got {len(ids)}: {', '.join(ids) or '(none)'}"
        )
    table = _by_id(programs)
    for pid in ids:
        if pid not in table:
            raise UnknownIdError("program", pid, sorted(table))
    return fields_table([table[pid] for pid in ids], lang)


def field_label(field: str, lang: str) -> str:
    """A row's label: a comparison field or a program parameter."""
    key = f"field.{field}" if has(f"field.{field}") else f"param.{field}"
    return t(key, lang, default=field)


def labelled(df: pd.DataFrame) -> pd.DataFrame:
    """The table with field labels in its language as the row index."""
    lang = df.attrs.get("lang", "en")
    out = df.copy()
    out.index = [field_label(f, lang) for f in df.index]
    return out


# ---- exports ------------------------------------------------------------------------------
def to_text(df: pd.DataFrame, width: int = 100) -> str:
    """Field by field, each program's value under it: readable in any terminal width."""
    lab = labelled(df)
    names = dict(zip(df.columns, df.loc["name"], strict=True)) if "name" in df.index else {}
    lines: list[str] = []
    for field_id, label in zip(df.index, lab.index, strict=True):
        if field_id == "name":
            continue
        lines.append(label.upper())
        for pid in df.columns:
            value = str(df.at[field_id, pid]) or DASH
            head = f"  {names.get(pid, pid)} [{pid}]: "
            if len(head) > width // 2:  # a long (glossed) name: on a line of its own
                lines.append(head.rstrip())
                head = " " * 6
            lines.append(
                textwrap.fill(value, width, initial_indent=head, subsequent_indent=" " * 6)
            )
        lines.append("")
    return "\n".join(lines)


# OWASP CSV injection: a spreadsheet runs a cell starting with one of these as a formula
# (tab and CR too, which some spreadsheets strip before looking).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value: object) -> str:
    """A cell's text, made inert for spreadsheets: a leading formula character gets a quote."""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def _inert(df: pd.DataFrame) -> pd.DataFrame:
    """The labelled table with every value, field label and column name made inert."""
    out = labelled(df).astype(object).map(cell_text)
    out.index = [cell_text(i) for i in out.index]
    out.columns = [cell_text(c) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame) -> str:
    return _inert(df).to_csv(index_label=t("field.name", df.attrs.get("lang", "en")))


def to_json(df: pd.DataFrame) -> str:
    """A list with one object per program: {"program_id": ..., <field>: ...}."""
    rows = [{"program_id": pid, **{f: str(df.at[f, pid]) for f in df.index}} for pid in df.columns]
    return json.dumps(rows, ensure_ascii=False, indent=1)


def to_xlsx(df: pd.DataFrame) -> bytes:
    """A workbook with one sheet, wrapped text, fields in the first column."""
    from openpyxl.styles import Alignment, Font

    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        _inert(df).to_excel(writer, sheet_name="comparison")
        ws = writer.sheets["comparison"]
        for row in ws.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # never a formula, whatever the text
        ws.column_dimensions["A"].width = 24
        for col in range(2, len(df.columns) + 2):
            ws.column_dimensions[ws.cell(1, col).column_letter].width = 48
        for row in ws.iter_rows():
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in ws[1]:
            cell.font = Font(bold=True)
    return buf.getvalue()


def render(df: pd.DataFrame, fmt: str) -> str | bytes:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; valid: {', '.join(FORMATS)}")
    writers: dict[str, Callable[[pd.DataFrame], str | bytes]] = {
        "text": to_text,
        "csv": to_csv,
        "json": to_json,
        "xlsx": to_xlsx,
    }
    return writers[fmt](df)
