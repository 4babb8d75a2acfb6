"""A country profile: what a policymaker tells kb about their situation.

Loads from and saves to YAML. Region and income group are filled from the
country reference, so a profile file only needs the ISO3 code.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from kb.errors import MetadataError, UnknownIdError
from kb.files import atomic_write
from kb.ingest.metadata import load_yaml_mapping
from kb.vocab import taxonomy

Answer = Literal["yes", "no", "unknown"]


class Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str = Field(description="ISO3 code of the country asking")
    needs: dict[str, float] = Field(
        default_factory=dict, description="Taxonomy need ids with weights (1.0 when not given)"
    )
    text: str = Field("", description="Free text: what problem are you solving")
    sectors: tuple[str, ...] = ()
    firm_sizes: tuple[str, ...] = ()
    indicators: dict[str, float] = Field(
        default_factory=dict,
        description="Known indicator values, e.g. share_smes_exporting: 0.04",
    )
    regions: tuple[str, ...] = Field((), description="Regions to learn from (empty: all)")
    conditions: dict[str, Answer] = Field(
        default_factory=dict, description="Conditions the country has: yes / no / unknown"
    )
    region: str | None = None  # filled from the country reference
    income_group: str | None = None

    @field_validator("needs", mode="before")
    @classmethod
    def _needs_list(cls, v: Any) -> Any:
        # A plain list of ids means equal weights.
        if isinstance(v, list | tuple):
            return {str(x): 1.0 for x in v}
        return v

    @field_validator("conditions", mode="before")
    @classmethod
    def _yaml_booleans(cls, v: Any) -> Any:
        # YAML reads bare yes/no as booleans.
        if isinstance(v, dict):
            return {k: ("yes" if x is True else "no" if x is False else x) for k, x in v.items()}
        return v

    @model_validator(mode="after")
    def _check_ids(self) -> Profile:
        from kb.vocab import countries

        if not countries.is_country(self.country):
            raise UnknownIdError("country", self.country, countries.all_codes())
        for need in self.needs:
            if need not in taxonomy.NEEDS:
                raise UnknownIdError("need", need, list(taxonomy.NEEDS))
        for cond in self.conditions:
            if cond not in taxonomy.CONDITIONS:
                raise UnknownIdError("condition", cond, list(taxonomy.CONDITIONS))
        return self

    def filled(self) -> Profile:
        """The profile with region and income group taken from the country reference."""
        from kb.vocab import countries

        c = countries.get(self.country)
        return self.model_copy(update={"region": c.region, "income_group": c.income_group})

    def to_yaml(self) -> str:
        data = self.model_dump(mode="json", exclude={"region", "income_group"})
        return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)

    def save(self, path: Path) -> None:
        """Atomic write: a crash never leaves half a profile."""
        atomic_write(Path(path), self.to_yaml())

    @classmethod
    def from_yaml(cls, text: str, source: str = "<profile>") -> Profile:
        # a profile comes from anyone's upload: metadata's bounds (size, no aliases, nesting)
        data = load_yaml_mapping(text, source, "profile")
        try:
            return cls.model_validate(data).filled()
        except ValidationError as exc:
            first = exc.errors()[0]
            field = ".".join(str(p) for p in first["loc"]) or "(profile)"
            raise MetadataError(source, f"field {field!r}: {first['msg']}") from exc

    @classmethod
    def load(cls, path: Path) -> Profile:
        return cls.from_yaml(Path(path).read_text(encoding="utf-8"), str(path))
