"""The front matter of a case study, format v2 (issue 16): the pydantic schema.

A case study's facts must be checkable by an official: sources are records (title, who,
year, kind, and a URL/DOI/handle only when someone verified it), `as_of` says up to which
month the facts were checked, and program parameters (coverage, fee, amounts, ...) are
fields, each tied to the source that states it. Translations carry their own small header.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from kb.vocab import taxonomy

LANGUAGES: tuple[str, ...] = ("en", "es", "pt")
Language = Literal["en", "es", "pt"]
Unit = Literal["percent", "percent-per-year", "currency", "firms", "people", "loans", "count", ""]
SourceKind = Literal[
    "law", "evaluation", "official-page", "report", "article", "statistics", "book"
]
UNITS: tuple[str, ...] = tuple(u for u in get_args(Unit) if u)
SOURCE_KINDS: tuple[str, ...] = get_args(SourceKind)
PARAM_NAMES: tuple[str, ...] = (
    "guarantee_coverage",  # % of the loan the guarantee covers
    "fee",  # fee or interest charged to the firm or the lender
    "max_amount",  # maximum loan, guarantee or grant per firm
    "co_financing_share",  # share the firm co-finances (or the program's share)
    "eligibility",  # firm-size definition / who may apply (usually text only)
    "budget",  # budget or volume, with its year
    "beneficiaries",  # firms or people served, with its year
)
ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_DOI = re.compile(r"^10\.\d{4,9}/\S+$")


def _this_year() -> int:
    return dt.date.today().year


def _as_text(value: object) -> object:
    """YAML reads an unquoted 2026-12-02 as a date: keep it as its ISO text."""
    return value.isoformat() if isinstance(value, dt.date) else value


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Texts(_Frozen):
    """A short text in each of the three languages."""

    en: str = Field(min_length=2)
    es: str = Field(min_length=2)
    pt: str = Field(min_length=2)

    def get(self, lang: str) -> str:
        return str(getattr(self, lang if lang in LANGUAGES else "en"))


class Source(_Frozen):
    """One source of a case study; identifiers only when verified (then `accessed` is set)."""

    id: str = Field(pattern=ID_PATTERN, description="short key, unique in the file")
    title: str = Field(min_length=3)
    author: str = Field("", description="person(s) or institution that wrote it")
    publisher: str = Field("", description="journal, publisher, agency or issuing body")
    year: int | None = Field(None, ge=1900)
    kind: SourceKind
    specific: bool = Field(description="about THIS program: its law, page, report, evaluation")
    url: str = ""
    doi: str = ""
    handle: str = ""
    accessed: str = Field("", pattern=r"^$|^\d{4}-\d{2}-\d{2}$", description="date verified")

    @field_validator("accessed", "author", "publisher", "url", "doi", "handle", mode="before")
    @classmethod
    def _text(cls, v: object) -> object:
        """An empty YAML value is "", and YAML's dates (2026-12-02 unquoted) are ISO text."""
        return "" if v is None else _as_text(v)

    @model_validator(mode="after")
    def _check(self) -> Source:
        where = f"source {self.id!r}"
        if self.year is not None and self.year > _this_year():
            raise ValueError(f"{where}: year {self.year} is in the future")
        if (self.url or self.doi or self.handle) and not self.accessed:
            raise ValueError(f"{where}: a url/doi/handle needs 'accessed' (the date verified)")
        if self.accessed and self.accessed > dt.date.today().isoformat():
            raise ValueError(f"{where}: accessed {self.accessed} is in the future")
        if self.url and not self.url.startswith(("https://", "http://")):
            raise ValueError(f"{where}: url must start with http:// or https://")
        if self.doi and not _DOI.match(self.doi):
            raise ValueError(f"{where}: doi {self.doi!r} must look like 10.NNNN/...")
        if not (self.author or self.publisher):
            raise ValueError(f"{where}: give an author or a publisher")
        return self

    @property
    def verified(self) -> bool:
        """A URL, DOI or handle someone checked: an official can open it."""
        return bool(self.url or self.doi or self.handle)


class Parameter(_Frozen):
    """One program parameter as one of the file's sources states it."""

    value: float | None = None
    min: float | None = None
    max: float | None = None
    unit: Unit = ""
    currency: str = Field("", pattern=r"^$|^[A-Z]{3}$", description="ISO 4217")
    year: int | None = Field(None, ge=1900, description="the year the figure refers to")
    text: Texts
    source: str = Field(description="id of a source of this file")

    @model_validator(mode="after")
    def _check(self) -> Parameter:
        if self.unit == "currency" and not self.currency:
            raise ValueError("unit 'currency' needs 'currency' (ISO 4217, e.g. USD, CLP)")
        if self.min is not None and self.max is not None and self.min > self.max:
            raise ValueError(f"min {self.min} is larger than max {self.max}")
        if self.year is not None and self.year > _this_year():
            raise ValueError(f"year {self.year} is in the future")
        return self

    def bounds(self) -> tuple[float, float] | None:
        """(low, high) of the figure, or None for a text-only parameter."""
        if self.value is not None:
            return self.value, self.value
        low = self.min if self.min is not None else self.max
        high = self.max if self.max is not None else self.min
        return (low, high) if low is not None and high is not None else None


class Parameters(_Frozen):
    guarantee_coverage: Parameter | None = None
    fee: Parameter | None = None
    max_amount: Parameter | None = None
    co_financing_share: Parameter | None = None
    eligibility: Parameter | None = None
    budget: Parameter | None = None
    beneficiaries: Parameter | None = None

    @model_validator(mode="after")
    def _years(self) -> Parameters:
        for name in ("budget", "beneficiaries"):
            p = getattr(self, name)
            if p is not None and p.year is None:
                raise ValueError(f"parameters.{name} needs 'year' (the year of the figure)")
        return self

    def items(self) -> list[tuple[str, Parameter]]:
        """The parameters given, in PARAM_NAMES order."""
        return [(n, p) for n in PARAM_NAMES if (p := getattr(self, n)) is not None]


class Target(_Frozen):
    firm_sizes: tuple[Literal["micro", "small", "medium", "large", "all"], ...] = ()
    sectors: tuple[str, ...] = ()


class ProgramMeta(_Frozen):
    """Front matter of a case study (format v2)."""

    id: str = Field(pattern=ID_PATTERN)
    name: str = Field(min_length=2)
    aliases: tuple[str, ...] = ()
    country: str = Field(description="ISO3, or a region code for multilateral programs")
    agency: str = ""
    # `name` and `agency` may give the official name in another language than the case study's
    # (Korea's KODIT, written in Spanish, is "Korea Credit Guarantee Fund"): these say them in
    # the case study's own language for its readers; search still matches the official ones.
    local_name: str = Field(
        "", description="the name in the case study's language, if `name` is not"
    )
    local_agency: str = Field("", description="the agency in the case study's language, if not")
    start_year: int | None = Field(None, ge=1900, le=2100)
    end_year: int | None = Field(None, ge=1900, le=2100)
    status: Literal["active", "closed", "unknown"] = "unknown"
    as_of: str = Field(
        pattern=r"^(19|20)\d\d-(0[1-9]|1[0-2])$",
        description="YYYY-MM: the month up to which the facts were checked",
    )
    instruments: tuple[str, ...] = Field(min_length=1)
    needs: tuple[str, ...] = Field(min_length=1)
    target: Target = Target()
    language: Language = Field(description="the language the body is written in (the original)")
    evidence: Literal["rigorous-evaluation", "evaluation", "monitoring", "descriptive"]
    evidence_note: Texts | None = None
    conditions: tuple[str, ...] = ()
    sources: tuple[Source, ...] = Field(min_length=2)
    parameters: Parameters = Parameters()

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

    @field_validator("as_of", mode="before")
    @classmethod
    def _month(cls, v: object) -> object:
        return v.strftime("%Y-%m") if isinstance(v, dt.date) else v

    @model_validator(mode="after")
    def _check(self) -> ProgramMeta:
        if self.status == "closed" and self.end_year is None:
            raise ValueError("status 'closed' requires end_year (the year the program ended)")
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValueError(f"end_year {self.end_year} is before start_year {self.start_year}")
        if self.as_of > dt.date.today().strftime("%Y-%m"):
            raise ValueError(f"as_of {self.as_of} is in the future")
        ids = [s.id for s in self.sources]
        if dup := sorted({i for i in ids if ids.count(i) > 1}):
            raise ValueError(f"source id(s) {dup} used twice")
        if not any(s.specific for s in self.sources):
            raise ValueError(
                "no source is specific to the program (specific: true): add its law or "
                "decree, its official page or report, or an evaluation of it"
            )
        for name, p in self.parameters.items():
            if p.source not in ids:
                raise ValueError(
                    f"parameters.{name}.source {p.source!r} is not a source id of this file "
                    f"({', '.join(ids)})"
                )
        return self

    def source(self, source_id: str) -> Source | None:
        return next((s for s in self.sources if s.id == source_id), None)


class TranslationMeta(_Frozen):
    """Front matter of `translations/<id>.<lang>.md`."""

    program: str = Field(pattern=ID_PATTERN)
    language: Language
    translated_from: Language
    name: str = Field("", description="the program's name as usually written in this language")
    agency: str = Field(
        "", description='the agency as written in this language ("" = the original\'s)'
    )


def _check_ids(
    values: tuple[str, ...], vocab: dict[str, dict[str, str]], kind: str
) -> tuple[str, ...]:
    bad = [x for x in values if x not in vocab]
    if bad:
        raise ValueError(f"unknown {kind} id(s) {bad}; valid: {', '.join(vocab)}")
    return values
