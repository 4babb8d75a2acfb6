"""Program case studies: the schema of `corpus/programs/<id>.md` and its loader.

A case study is YAML front matter (validated by `ProgramMeta`) plus a Markdown
body with fixed sections. A file that fails validation yields one
`MetadataError` naming the file and the field; the other files still load.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from kb.errors import MetadataError
from kb.vocab import taxonomy

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)

# Body sections, in order, by the language the case study is written in.
SECTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "Summary",
        "Problem addressed",
        "How it works",
        "Scale and results",
        "Evidence",
        "Lessons and conditions for transfer",
        "Sources",
    ),
    "es": (
        "Resumen",
        "Problema que aborda",
        "Cómo funciona",
        "Escala y resultados",
        "Evidencia",
        "Lecciones y condiciones para la transferencia",
        "Fuentes",
    ),
    "pt": (
        "Resumo",
        "Problema abordado",
        "Como funciona",
        "Escala e resultados",
        "Evidências",
        "Lições e condições para transferência",
        "Fontes",
    ),
}
MIN_WORDS = 250


class Target(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    firm_sizes: tuple[Literal["micro", "small", "medium", "large", "all"], ...] = ()
    sectors: tuple[str, ...] = ()


class ProgramMeta(BaseModel):
    """Front matter of a case study."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str = Field(min_length=2)
    aliases: tuple[str, ...] = ()
    country: str = Field(description="ISO3, or a region code for multilateral programs")
    agency: str = ""
    start_year: int | None = Field(None, ge=1900, le=2030)
    end_year: int | None = Field(None, ge=1900, le=2030)
    status: Literal["active", "closed", "unknown"] = "unknown"
    instruments: tuple[str, ...] = Field(min_length=1)
    needs: tuple[str, ...] = Field(min_length=1)
    target: Target = Target()
    language: Literal["en", "es", "pt"]
    evidence: Literal["rigorous-evaluation", "evaluation", "monitoring", "descriptive"]
    conditions: tuple[str, ...] = ()
    sources: tuple[str, ...] = Field(min_length=1)

    @field_validator("instruments")
    @classmethod
    def _instruments(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _check_ids(v, taxonomy.INSTRUMENTS, "instrument")

    @field_validator("needs")
    @classmethod
    def _needs(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _check_ids(v, taxonomy.NEEDS, "need")

    @field_validator("conditions")
    @classmethod
    def _conditions(cls, v: tuple[str, ...]) -> tuple[str, ...]:
        return _check_ids(v, taxonomy.CONDITIONS, "condition")

    @field_validator("country")
    @classmethod
    def _country(cls, v: str) -> str:
        from kb.vocab import countries

        if not countries.is_known(v):
            raise ValueError(
                f"unknown country or region code {v!r} (ISO3, e.g. CHL, or a region code)"
            )
        return v


def _check_ids(
    values: tuple[str, ...], vocab: dict[str, dict[str, str]], kind: str
) -> tuple[str, ...]:
    bad = [x for x in values if x not in vocab]
    if bad:
        raise ValueError(f"unknown {kind} id(s) {bad}; valid: {', '.join(vocab)}")
    return values


@dataclass(frozen=True)
class Program:
    """A validated case study: its metadata, its body and where it came from."""

    meta: ProgramMeta
    body: str
    path: str

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def name(self) -> str:
        return self.meta.name

    def sections(self) -> dict[str, str]:
        """Body split by `## ` headings: {heading: text}."""
        out: dict[str, str] = {}
        current = ""
        for line in self.body.splitlines():
            if line.startswith("## "):
                current = line[3:].strip()
                out[current] = ""
            elif current:
                out[current] += line + "\n"
        return {k: v.strip() for k, v in out.items()}

    def word_count(self) -> int:
        return len(self.body.split())


def split_front_matter(text: str, path: str) -> tuple[dict[str, object], str]:
    """YAML front matter and the body after it; a clear error if the YAML is broken."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    try:
        meta = yaml.safe_load(m.group(1)) or {}
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 2}" if where is not None else ""
        raise MetadataError(
            path, f"broken YAML front matter{line}: {getattr(exc, 'problem', exc)}"
        ) from exc
    if not isinstance(meta, dict):
        raise MetadataError(path, "front matter is not a YAML mapping (key: value lines)")
    return meta, text[m.end() :]


def parse_program(path: Path) -> Program:
    text = path.read_text(encoding="utf-8")
    meta_raw, body = split_front_matter(text, str(path))
    if not meta_raw:
        raise MetadataError(str(path), "no YAML front matter (--- ... ---) at the top of the file")
    try:
        meta = ProgramMeta.model_validate(meta_raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(p) for p in first["loc"]) or "(front matter)"
        raise MetadataError(str(path), f"field {field!r}: {first['msg']}") from exc
    if meta.id != path.stem:
        raise MetadataError(
            str(path), f"field 'id': {meta.id!r} differs from the file name {path.stem!r}"
        )
    return Program(meta=meta, body=body.strip(), path=str(path))


def load_programs(folder: Path) -> tuple[list[Program], list[MetadataError]]:
    """Every case study in a folder, plus one error per file that failed (the rest still load)."""
    programs: list[Program] = []
    errors: list[MetadataError] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.md")):
        try:
            prog = parse_program(path)
        except MetadataError as exc:
            errors.append(exc)
            continue
        if prog.id in seen:
            errors.append(
                MetadataError(str(path), f"field 'id': {prog.id!r} already used by {seen[prog.id]}")
            )
            continue
        seen[prog.id] = str(path)
        programs.append(prog)
    return programs, errors


def check_body(prog: Program) -> list[str]:
    """Problems with a case study's body: missing sections, too short."""
    problems = []
    wanted = SECTIONS[prog.meta.language]
    have = prog.sections()
    missing = [s for s in wanted if s not in have]
    if missing:
        problems.append(f"{prog.path}: missing section(s) {missing}")
    if prog.word_count() < MIN_WORDS:
        problems.append(f"{prog.path}: {prog.word_count()} words, fewer than {MIN_WORDS}")
    return problems
