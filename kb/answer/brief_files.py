"""Writers of a `Brief`: Markdown, DOCX (python-docx) and PDF (fpdf2 with a Unicode font).

Every writer renders the same parts in the same order: title and note, profile, comparison
table (with the programs' parameters), one section per program (the language of its texts, why,
lessons, conditions, key passages with their citations), programs already in place, sources
(readable references). Files are written atomically.
"""

from __future__ import annotations

import datetime
import html
import io
import re
import time
import unicodedata
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from kb.answer.brief import Brief, BriefProgram
from kb.answer.compare import labelled
from kb.answer.pdf_fonts import FAMILY, use_fonts
from kb.errors import UsageError
from kb.files import atomic_write
from kb.store.links import Citation
from kb.vocab.labels import t

if TYPE_CHECKING:  # heavy writers are imported when a brief is written
    from docx.document import Document as DocxDocument
    from docx.shared import Length
    from fpdf import FPDF

FORMATS = {".md": "markdown", ".docx": "docx", ".pdf": "pdf"}
A4_MM = (210, 297)
KEEP_WITH_NEXT_MM = 22  # a PDF heading starts a new page when less than this is left below
SECTION_PT = 14  # the size of a PDF brief's section headings


def cite_place(c: Citation, lang: str) -> str:
    """ "Title, p. 3" for a PDF; "Title, section «How it works»" for a document without pages
    (a case study's "p. 1" would send the reader to a page that does not exist)."""
    if c.paged:
        return f"{c.title}, {t('page', lang)} {c.page}"
    if c.section and c.section != c.title:
        return f"{c.title}, {t('brief.section', lang, section=c.section)}"
    return c.title


def cite(c: Citation, lang: str) -> str:
    return cite_place(c, lang)


def md_text(value: object) -> str:
    """Text from documents for Markdown: HTML in it is shown as text, never rendered."""
    return html.escape(str(value), quote=False)


def _md_cell(value: object) -> str:
    return md_text(" ".join(str(value).split())).replace("|", "\\|") or "—"


def markdown_table(brief: Brief) -> str:
    df = labelled(brief.table)
    names = [_md_cell(n) for n in brief.table.loc["name"]] if "name" in brief.table.index else []
    head = "| | " + " | ".join(names) + " |"
    rows = [head, "|---" * (len(names) + 1) + "|"]
    for label, (field_id, values) in zip(df.index, brief.table.iterrows(), strict=True):
        if field_id != "name":
            rows.append(
                f"| **{_md_cell(label)}** | " + " | ".join(_md_cell(v) for v in values) + " |"
            )
    return "\n".join(rows)


def program_heading(bp: BriefProgram) -> str:
    """ "Name (Country)", without repeating a country the name already carries."""
    return bp.name if bp.country and bp.country in bp.name else f"{bp.name} ({bp.country})"


def condition_lines(bp: BriefProgram, lang: str) -> list[str]:
    """The conditions the profile answered, one a line, then the unanswered ones in one line."""
    out = [f"{cond}: {status}" for cond, status in bp.conditions]
    if bp.unknown:
        out.append(t("brief.unknown_conditions", lang, items="; ".join(bp.unknown)))
    return out


def language_line(bp: BriefProgram, lang: str) -> str:
    """ "Text language: English, translated from Spanish" (empty when unknown)."""
    return f"{t('field.language', lang)}: {bp.language}" if bp.language else ""


def _md_program(bp: BriefProgram, lang: str) -> list[str]:
    e = md_text
    out = [f"### {e(program_heading(bp))}", ""]
    if bp.language:
        out += [f"*{e(language_line(bp, lang))}*", ""]
    if bp.reasons:
        out += [f"**{t('brief.why', lang)}**", ""] + [f"- {e(r)}" for r in bp.reasons] + [""]
    if bp.lessons:
        out += [f"**{t('brief.lessons', lang)}**", "", e(bp.lessons), ""]
    if bp.conditions or bp.unknown:
        out += [f"**{t('brief.transfer', lang)}**", ""]
        out += [f"- {e(line)}" for line in condition_lines(bp, lang)] + [""]
    if bp.passages:
        out += [f"**{t('brief.passages', lang)}**", ""]
        for c in bp.passages:
            out += [f"> {e(c.snippet)}", ">", f"> — *{e(cite(c, lang))}*", ""]
    return out


def to_markdown(brief: Brief) -> str:
    lang = brief.lang
    e = md_text
    meta = {"title": html.escape(brief.title, quote=False), "lang": lang, "date": brief.date}
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    out = ["---", front.strip(), "---", "", f"# {e(brief.title)}", "", f"*{e(brief.note)}*", ""]
    if brief.profile:
        out += [f"## {t('brief.profile', lang)}", ""]
        out += [f"- **{e(k)}:** {e(v)}" for k, v in brief.profile] + [""]
    if len(brief.table.columns):
        out += [f"## {t('brief.comparison', lang)}", "", markdown_table(brief), ""]
    out += [f"## {t('col_programs', lang)}", ""]
    for bp in brief.programs:
        out += _md_program(bp, lang)
    if brief.own:
        out += [f"## {e(t('own_programs', lang, country=_profile_country(brief)))}", ""]
        out += [f"- {e(name)}" for name in brief.own] + [""]
    out += [f"## {t('field.sources', lang)}", ""] + [f"- {e(s)}" for s in brief.sources]
    return "\n".join(out) + "\n"


def _profile_country(brief: Brief) -> str:
    return brief.profile[0][1] if brief.profile else ""


def file_stem(brief: Brief) -> str:
    """A file name from the title: "fogape-kodit-y-fng-programas-comparados"."""
    flat = unicodedata.normalize("NFKD", brief.title.casefold())
    ascii_ = "".join(ch for ch in flat if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", ascii_).strip("-")[:80] or "kb-brief"


def _made(brief: Brief) -> datetime.datetime:
    """The day the brief was made, for the files' metadata."""
    day = brief.date or time.strftime("%Y-%m-%d", time.gmtime())
    return datetime.datetime.strptime(day, "%Y-%m-%d").replace(tzinfo=datetime.UTC)


# ---- DOCX -------------------------------------------------------------------------------
def to_docx(brief: Brief) -> bytes:
    from docx import Document
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    lang = brief.lang
    doc = Document()
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.LANDSCAPE  # the comparison table needs the width
    sec.page_width, sec.page_height = Cm(A4_MM[1] / 10), Cm(A4_MM[0] / 10)  # A4, as the PDF
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(sec, side, Cm(1.8))
    props = doc.core_properties
    props.title, props.language, props.author = brief.title, brief.lang, "kb"
    props.subject = t("brief.subject", lang)
    props.created = _made(brief)
    doc.add_heading(brief.title, level=0)
    doc.add_paragraph(brief.note).runs[0].italic = True
    if brief.profile:
        doc.add_heading(t("brief.profile", lang), level=1)
        for k, v in brief.profile:
            p = doc.add_paragraph(style="List Bullet")
            p.add_run(f"{k}: ").bold = True
            p.add_run(v)
    if len(brief.table.columns):
        doc.add_heading(t("brief.comparison", lang), level=1)
        _docx_table(doc, brief, Pt(8))
    doc.add_heading(t("col_programs", lang), level=1)
    for bp in brief.programs:
        _docx_program(doc, bp, lang)
    if brief.own:
        doc.add_heading(t("own_programs", lang, country=_profile_country(brief)), level=1)
        for name in brief.own:
            doc.add_paragraph(name, style="List Bullet")
    doc.add_heading(t("field.sources", lang), level=1)
    for s in brief.sources:
        doc.add_paragraph(s, style="List Bullet")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def _docx_table(doc: DocxDocument, brief: Brief, size: Length) -> None:
    df = labelled(brief.table)
    cols = list(brief.table.columns)
    table = doc.add_table(rows=1, cols=len(cols) + 1)
    table.style = "Table Grid"
    header = table.rows[0].cells
    for i, pid in enumerate(cols, start=1):
        header[i].text = str(brief.table.at["name", pid])
    for label, field_id in zip(df.index, brief.table.index, strict=True):
        if field_id == "name":
            continue
        cells = table.add_row().cells
        cells[0].text = str(label)
        for i, pid in enumerate(cols, start=1):
            cells[i].text = str(brief.table.at[field_id, pid]) or "—"
    for row_i, row in enumerate(table.rows):
        for col_i, cell in enumerate(row.cells):
            for par in cell.paragraphs:
                for run in par.runs:
                    run.font.size = size
                    run.bold = row_i == 0 or col_i == 0


def _docx_program(doc: DocxDocument, bp: BriefProgram, lang: str) -> None:
    doc.add_heading(program_heading(bp), level=2)
    if bp.language:
        doc.add_paragraph(language_line(bp, lang)).runs[0].italic = True
    parts = [("why", list(bp.reasons)), ("transfer", condition_lines(bp, lang))]
    if bp.reasons:
        doc.add_heading(t("brief.why", lang), level=3)
        for r in parts[0][1]:
            doc.add_paragraph(r, style="List Bullet")
    if bp.lessons:
        doc.add_heading(t("brief.lessons", lang), level=3)
        doc.add_paragraph(bp.lessons)
    if parts[1][1]:
        doc.add_heading(t("brief.transfer", lang), level=3)
        for line in parts[1][1]:
            doc.add_paragraph(line, style="List Bullet")
    if bp.passages:
        doc.add_heading(t("brief.passages", lang), level=3)
        for c in bp.passages:
            q = doc.add_paragraph(style="Quote")
            q.add_run(f"“{c.snippet}”")
            q.add_run(f" — {cite(c, lang)}").bold = True


# ---- PDF --------------------------------------------------------------------------------
class _PdfPages:
    """A landscape A4 PDF written paragraph by paragraph in DejaVu, with fallback fonts for
    the scripts it lacks (kb.answer.pdf_fonts)."""

    def __init__(self, brief: Brief) -> None:
        from fpdf import FPDF

        pdf = FPDF(orientation="L", format="A4")
        pdf.set_auto_page_break(True, margin=14)
        pdf.set_title(brief.title)
        pdf.set_lang(brief.lang)
        pdf.set_author("kb")
        pdf.set_subject(t("brief.subject", brief.lang))
        pdf.set_creation_date(_made(brief))
        use_fonts(pdf)
        pdf.add_page()
        self.pdf = pdf

    def para(self, text: str, size: float = 10, style: str = "", gap: float = 1.5) -> None:
        pdf = self.pdf
        # No heading left alone at a page's foot; a section heading (14 pt and up) is often
        # followed by a program's heading, so it needs room for that one's room as well.
        keep = KEEP_WITH_NEXT_MM * (2 if size >= SECTION_PT else 1)
        if style == "B" and pdf.will_page_break(keep):
            pdf.add_page()
        pdf.set_font(FAMILY, style, size)
        pdf.multi_cell(pdf.epw, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(gap)

    def bullets(self, lines: Iterable[str], size: float = 9, gap: float = 0.3) -> None:
        for line in lines:
            self.para(f"• {line}", size, "", gap)


def to_pdf(brief: Brief) -> bytes:
    out, lang = _PdfPages(brief), brief.lang
    out.para(brief.title, 18, "B", 3)
    out.para(brief.note, 8)
    if brief.profile:
        out.para(t("brief.profile", lang), SECTION_PT, "B")
        out.bullets((f"{k}: {v}" for k, v in brief.profile), 10, 0.5)
    if len(brief.table.columns):
        out.pdf.ln(2)
        out.para(t("brief.comparison", lang), SECTION_PT, "B")
        _pdf_table(out.pdf, brief)
    out.para(t("col_programs", lang), SECTION_PT, "B")
    for bp in brief.programs:
        _pdf_program(out, bp, lang)
    if brief.own:
        out.para(t("own_programs", lang, country=_profile_country(brief)), SECTION_PT, "B")
        out.bullets(brief.own, 10)
    out.para(t("field.sources", lang), SECTION_PT, "B")
    out.bullets(brief.sources, 8.5, 0.5)
    return bytes(out.pdf.output())


def _pdf_program(out: _PdfPages, bp: BriefProgram, lang: str) -> None:
    out.para(program_heading(bp), 12, "B")
    if bp.language:
        out.para(language_line(bp, lang), 8, "", 0.5)
    if bp.reasons:
        out.para(t("brief.why", lang), 10, "B", 0.5)
        out.bullets(bp.reasons)
    if bp.lessons:
        out.para(t("brief.lessons", lang), 10, "B", 0.5)
        out.para(bp.lessons, 9)
    if bp.conditions or bp.unknown:
        out.para(t("brief.transfer", lang), 10, "B", 0.5)
        out.bullets(condition_lines(bp, lang))
    if bp.passages:
        out.para(t("brief.passages", lang), 10, "B", 0.5)
        for c in bp.passages:
            out.para(f"“{c.snippet}” — {cite(c, lang)}", 8.5)


def _pdf_table(pdf: FPDF, brief: Brief) -> None:
    df = labelled(brief.table)
    cols = list(brief.table.columns)
    first = 30.0
    rest = (pdf.epw - first) / max(len(cols), 1)
    pdf.set_font(FAMILY, "", 6.5)
    with pdf.table(
        col_widths=(first, *([rest] * len(cols))),
        text_align="LEFT",
        line_height=3.0,
        first_row_as_headings=True,
    ) as table:
        head = table.row()
        head.cell("")
        for pid in cols:
            head.cell(str(brief.table.at["name", pid]))
        for label, field_id in zip(df.index, brief.table.index, strict=True):
            if field_id == "name":
                continue
            row = table.row()
            row.cell(str(label))
            for pid in cols:
                row.cell(str(brief.table.at[field_id, pid]) or "—")
    pdf.ln(3)


def write_brief(brief: Brief, out: Path) -> Path:
    """Write the brief in the format its file suffix names (.docx, .md, .pdf)."""
    out = Path(out)
    kind = FORMATS.get(out.suffix.lower())
    if kind is None:
        raise UsageError(
            f"{out}: a brief is written as .docx, .md or .pdf; got {out.suffix or 'no suffix'!r}"
        )
    if not out.parent.is_dir():
        raise UsageError(f"{out}: folder {out.parent} does not exist; create it first")
    writers: dict[str, Callable[[Brief], str | bytes]] = {
        "markdown": to_markdown,
        "docx": to_docx,
        "pdf": to_pdf,
    }
    atomic_write(out, writers[kind](brief))
    return out
