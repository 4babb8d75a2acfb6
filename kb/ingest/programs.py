"""Program case studies: `corpus/programs/<id>.md` and its translations, loaded and checked.

A case study is YAML front matter (format v2, `kb.ingest.program_schema.ProgramMeta`) plus a
Markdown body with six fixed sections in its original language. Its versions in the other
languages are `translations/<id>.<lang>.md` next to it (a small header + the same six sections).
A file that fails validation yields one `MetadataError` naming the file and the field; the other
files still load (a broken translation leaves its program loaded without that language).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from kb.errors import MetadataError
from kb.ingest.metadata import load_yaml_mapping
from kb.ingest.program_schema import (
    LANGUAGES,
    Parameter,
    ProgramMeta,
    Source,
    TranslationMeta,
)

FRONT_MATTER = re.compile(r"\A---\s*\n(.*?)\n---\s*(?:\n|\Z)", re.S)

# Body sections, in order, by language; SECTION_ROLES names them across languages.
SECTION_ROLES: tuple[str, ...] = ("summary", "problem", "how", "scale", "evidence", "lessons")
SECTIONS: dict[str, tuple[str, ...]] = {
    "en": (
        "Summary",
        "Problem addressed",
        "How it works",
        "Scale and results",
        "Evidence",
        "Lessons and conditions for transfer",
    ),
    "es": (
        "Resumen",
        "Problema que aborda",
        "Cómo funciona",
        "Escala y resultados",
        "Evidencia",
        "Lecciones y condiciones para la transferencia",
    ),
    "pt": (
        "Resumo",
        "Problema abordado",
        "Como funciona",
        "Escala e resultados",
        "Evidências",
        "Lições e condições para transferência",
    ),
}
MIN_WORDS = 250  # per language version
MIN_SECTION_WORDS = 15
TRANSLATIONS = "translations"


def split_sections(body: str) -> dict[str, str]:
    """A body split by `## ` headings: {heading: text}."""
    out: dict[str, str] = {}
    current = ""
    for line in body.splitlines():
        if line.startswith("## "):
            current = line[3:].strip()
            out[current] = ""
        elif current:
            out[current] += line + "\n"
    return {k: v.strip() for k, v in out.items()}


@dataclass(frozen=True)
class Translation:
    """One case study in another language: written from the original, marked as translated."""

    language: str
    translated_from: str
    name: str  # the program's name as usually written in this language ("" = the original's)
    body: str
    path: str
    agency: str = ""  # the agency as written in this language ("" = the original's)


@dataclass(frozen=True)
class Program:
    """A validated case study: metadata, original body, its translations, where it came from."""

    meta: ProgramMeta
    body: str
    path: str
    translations: tuple[Translation, ...] = ()

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def name(self) -> str:
        return self.meta.name

    @property
    def original_language(self) -> str:
        return self.meta.language

    @property
    def languages(self) -> tuple[str, ...]:
        """Languages the case study can be read in: the original first."""
        have = {tr.language for tr in self.translations}
        return (self.original_language, *(x for x in LANGUAGES if x in have))

    @property
    def sources(self) -> tuple[Source, ...]:
        return self.meta.sources

    @property
    def parameters(self) -> dict[str, Parameter]:
        """The parameters the case study gives, in PARAM_NAMES order."""
        return dict(self.meta.parameters.items())

    def text_language(self, lang: str | None = None) -> str:
        """The language of the text shown for `lang`: that one if available, else the original."""
        return lang if lang in self.languages else self.original_language

    def is_translation(self, lang: str | None) -> bool:
        return self.text_language(lang) != self.original_language

    def _version(self, lang: str | None) -> Translation | None:
        served = self.text_language(lang)
        return next((tr for tr in self.translations if tr.language == served), None)

    def body_in(self, lang: str | None = None) -> str:
        version = self._version(lang)
        return version.body if version else self.body

    def sections(self, lang: str | None = None) -> dict[str, str]:
        """{heading: text} in `lang`, falling back to the original language."""
        return split_sections(self.body_in(lang))

    def section(self, role: str, lang: str | None = None) -> str:
        """One section by role (SECTION_ROLES: "how", "lessons", ...) in `lang` or the original."""
        heading = SECTIONS[self.text_language(lang)][SECTION_ROLES.index(role)]
        return self.sections(lang).get(heading, "")

    def name_in(self, lang: str | None = None) -> str:
        """The name as written in `lang`: its translation's, else the original's in the case
        study's own language (`local_name`), else the official `name`."""
        version = self._version(lang)
        if version is None:
            return self.meta.local_name or self.name
        return version.name or self.name

    def agency_in(self, lang: str | None = None) -> str:
        """The agency as written in `lang`, as `name_in`: a Portuguese comparison showed KODIT's
        agency in English and FOGAPE's in Spanish."""
        version = self._version(lang)
        if version is None:
            return self.meta.local_agency or self.meta.agency
        return version.agency or self.meta.agency

    def files(self) -> tuple[str, ...]:
        """Every file of the program: the original, then its translations."""
        return (self.path, *(tr.path for tr in self.translations))

    def missing_languages(self) -> tuple[str, ...]:
        return tuple(x for x in LANGUAGES if x not in self.languages)

    def word_count(self, lang: str | None = None) -> int:
        return len(self.body_in(lang).split())


# ---- loading ------------------------------------------------------------------------------
def split_front_matter(text: str, path: str) -> tuple[dict[str, object], str]:
    """YAML front matter and the body after it; a clear error if the YAML is broken."""
    m = FRONT_MATTER.match(text)
    if not m:
        return {}, text
    return load_yaml_mapping(m.group(1), path, "front matter", line_offset=1), text[m.end() :]


def describe(exc: ValidationError, limit: int = 3) -> str:
    """The first validation errors, each naming its field (`sources.2.url`) when it has one."""
    parts = []
    for err in exc.errors()[:limit]:
        msg = str(err["msg"]).removeprefix("Value error, ")
        field = ".".join(str(p) for p in err["loc"])
        parts.append(f"field {field!r}: {msg}" if field else msg)
    more = len(exc.errors()) - limit
    return "; ".join(parts) + (f" (and {more} more)" if more > 0 else "")


def _read(path: Path) -> tuple[dict[str, object], str]:
    meta, body = split_front_matter(path.read_text(encoding="utf-8"), str(path))
    if not meta:
        raise MetadataError(str(path), "no YAML front matter (--- ... ---) at the top of the file")
    return meta, body


def parse_translation(path: Path, meta: ProgramMeta) -> Translation:
    """`translations/<id>.<lang>.md` of the program `meta`; MetadataError if it does not fit."""
    raw, body = _read(path)
    try:
        tm = TranslationMeta.model_validate(raw)
    except ValidationError as exc:
        raise MetadataError(str(path), describe(exc)) from exc
    want = f"{meta.id}.{tm.language}"
    if tm.program != meta.id or path.name != f"{want}.md":
        raise MetadataError(
            str(path),
            f"field 'program'/'language': {tm.program}.{tm.language} does not match "
            f"the file name {path.name!r} (expected <program id>.<language>.md)",
        )
    if tm.language == meta.language:
        raise MetadataError(
            str(path), f"field 'language': {tm.language!r} is the original language of {meta.id}"
        )
    if tm.translated_from != meta.language:
        raise MetadataError(
            str(path),
            f"field 'translated_from': {tm.translated_from!r}, but {meta.id} is written "
            f"in {meta.language!r}",
        )
    return Translation(
        tm.language, tm.translated_from, tm.name, body.strip(), str(path), agency=tm.agency
    )


def translations_of(
    meta: ProgramMeta, folder: Path
) -> tuple[tuple[Translation, ...], list[MetadataError]]:
    """The program's translations found in `folder/translations/`, and the ones that failed."""
    found: list[Translation] = []
    errors: list[MetadataError] = []
    for path in sorted((folder / TRANSLATIONS).glob(f"{meta.id}.*.md")):
        try:
            found.append(parse_translation(path, meta))
        except MetadataError as exc:
            errors.append(exc)
    order = {x: i for i, x in enumerate(LANGUAGES)}
    return tuple(sorted(found, key=lambda tr: order[tr.language])), errors


def read_program(path: Path) -> tuple[Program, list[MetadataError]]:
    """A case study with its translations, and the errors of translations that failed.

    Raises MetadataError when the case study itself does not validate.
    """
    raw, body = _read(path)
    try:
        meta = ProgramMeta.model_validate(raw)
    except ValidationError as exc:
        raise MetadataError(str(path), describe(exc)) from exc
    if meta.id != path.stem:
        raise MetadataError(
            str(path), f"field 'id': {meta.id!r} differs from the file name {path.stem!r}"
        )
    translations, errors = translations_of(meta, path.parent)
    return Program(meta, body.strip(), str(path), translations), errors


def parse_program(path: Path) -> Program:
    """A case study with the translations that validate (see `read_program` for the others)."""
    return read_program(path)[0]


def _orphans(folder: Path) -> list[MetadataError]:
    """Translation files whose case study does not exist."""
    out = []
    for path in sorted((folder / TRANSLATIONS).glob("*.md")):
        pid = path.name.split(".", 1)[0]
        if not (folder / f"{pid}.md").is_file():
            out.append(
                MetadataError(
                    str(path),
                    f"no case study {pid}.md for this translation (expected <id>.<language>.md "
                    "next to an existing <id>.md)",
                )
            )
    return out


def load_programs(folder: Path) -> tuple[list[Program], list[MetadataError]]:
    """Every case study in a folder, plus one error per file that failed (the rest still load)."""
    programs: list[Program] = []
    errors: list[MetadataError] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.md")):
        try:
            prog, bad = read_program(path)
        except MetadataError as exc:
            errors.append(exc)
            continue
        errors += bad
        if prog.id in seen:
            errors.append(
                MetadataError(str(path), f"field 'id': {prog.id!r} already used by {seen[prog.id]}")
            )
            continue
        seen[prog.id] = str(path)
        programs.append(prog)
    return programs, errors + _orphans(folder)


def program_files(folder: Path) -> list[Path]:
    """Every file a folder's case studies are read from (to notice when one changes)."""
    return sorted([*folder.glob("*.md"), *(folder / TRANSLATIONS).glob("*.md")])


# ---- checks beyond the schema ---------------------------------------------------------------
def _body_problems(body: str, lang: str, where: str) -> list[str]:
    have = split_sections(body)
    wanted = SECTIONS[lang]
    problems = []
    if missing := [s for s in wanted if s not in have]:
        problems.append(f"{where}: missing section(s) {missing}")
    if extra := [s for s in have if s not in wanted]:
        problems.append(
            f"{where}: unexpected section(s) {extra} (sections of {lang!r}: {list(wanted)}; "
            "no Sources section: sources are records in the front matter)"
        )
    if short := [s for s in wanted if s in have and len(have[s].split()) < MIN_SECTION_WORDS]:
        problems.append(f"{where}: section(s) {short} shorter than {MIN_SECTION_WORDS} words")
    if (n := len(body.split())) < MIN_WORDS:
        problems.append(f"{where}: {n} words, fewer than {MIN_WORDS}")
    problems += [
        f"{where}: a line ends in {m.group(1) + '-'!r} and the next goes on with "
        f"{m.group(2)!r}: search and snippets read the word with a space; keep "
        f"{m.group(1) + '-' + m.group(2)!r} on one line"
        for m in _split_words(body)
    ]
    return problems


# A line ending inside a hyphenated word ("FTA-" / "PASS"). A suspended hyphen ("pre- and
# post-shipment", "pequeñas y medianas", "micro- e pequenas") continues with a conjunction.
_WRAPPED = re.compile(r"(\w+)-\n[ \t]*(\w+)")
_CONJUNCTIONS = frozenset({"and", "or", "to", "y", "o", "e", "ou", "a"})


def _split_words(body: str) -> list[re.Match[str]]:
    return [m for m in _WRAPPED.finditer(body) if m.group(2).casefold() not in _CONJUNCTIONS]


def check_texts(prog: Program) -> list[str]:
    """Problems with a case study's texts: sections and length of each version, languages
    without a version."""
    problems = _body_problems(prog.body, prog.original_language, prog.path)
    for tr in prog.translations:
        problems += _body_problems(tr.body, tr.language, tr.path)
        if prog.meta.agency and not tr.agency:
            problems.append(
                f"{tr.path}: no 'agency' in {tr.language!r}: write the original's "
                f"{prog.meta.agency!r} as it reads in this language"
            )
    folder = Path(prog.path).parent / TRANSLATIONS
    problems += [
        f"{folder / f'{prog.id}.{lang}.md'}: missing translation of {prog.id} into {lang!r}"
        for lang in prog.missing_languages()
    ]
    return problems
