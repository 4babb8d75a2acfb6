"""Size classes of firms: the presets (EU/OECD headcount, national bands) and custom limits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from kb.errors import UnknownIdError

SME_CLASSES = ("micro", "small", "medium")
UNKNOWN_CLASS = "unknown"


@dataclass(frozen=True)
class SizePreset:
    """How firms are put in size classes.

    `bounds` are the class limits in `variable`; with `upper_inclusive` a firm exactly on a
    limit belongs to the lower class ("not exceeding"), otherwise to the upper one ("fewer than").
    """

    id: str
    variable: Literal["employees", "sales"]
    bounds: tuple[float, ...]
    upper_inclusive: bool
    description: str

    @property
    def classes(self) -> tuple[str, ...]:
        names = ("micro", "small", "medium", "large")
        return names[len(names) - len(self.bounds) - 1 :]

    @property
    def sme(self) -> tuple[str, ...]:
        return tuple(c for c in self.classes if c in SME_CLASSES)

    @property
    def large(self) -> str:
        return self.classes[-1]


SIZE_PRESETS: dict[str, SizePreset] = {
    p.id: p
    for p in (
        SizePreset(
            "employees-10-50-250",
            "employees",
            (10, 50, 250),
            False,
            "Persons employed: micro <10, small 10-49, medium 50-249, large 250+. The headcount "
            "limits of the EU SME definition (Recommendation 2003/361/EC), also the usual "
            "international comparison (OECD).",
        ),
        SizePreset(
            "employees-10-100-250",
            "employees",
            (10, 100, 250),
            False,
            "Persons employed: micro <10, small 10-99, medium 100-249, large 250+. For national "
            "definitions that put the small/medium limit at 100; check your own definition.",
        ),
        SizePreset(
            "employees-20-100-500",
            "employees",
            (20, 100, 500),
            False,
            "Persons employed: micro <20, small 20-99, medium 100-499, large 500+. Resembles the "
            "bands SEBRAE (Brazil) uses for manufacturing.",
        ),
        SizePreset(
            "sales-eur-2m-10m-50m",
            "sales",
            (2e6, 10e6, 50e6),
            True,
            "Annual sales in euros: micro up to 2 million, small up to 10 million, medium up to "
            "50 million. The turnover ceilings of the EU definition (which also caps headcount).",
        ),
        SizePreset(
            "sales-uf-2400-25000-100000",
            "sales",
            (2400, 25000, 100000),
            True,
            "Annual sales in UF (Chilean unidades de fomento): micro up to 2,400, small up to "
            "25,000, medium up to 100,000. Resembles the bands of Chile's Ley 20.416; convert "
            "sales to UF first.",
        ),
    )
}
DEFAULT_PRESET = "employees-10-50-250"
_CUSTOM = re.compile(r"^(employees|sales):([0-9.eE+_]+(?:,[0-9.eE+_]+){1,2})$")


def get_preset(spec: str | SizePreset) -> SizePreset:
    """A preset by id, or a custom one written `employees:10,50,250` or `sales:1e6,5e6,2e7`."""
    if isinstance(spec, SizePreset):
        return spec
    if spec in SIZE_PRESETS:
        return SIZE_PRESETS[spec]
    m = _CUSTOM.match(spec.replace(" ", ""))
    if m:
        bounds = tuple(float(x) for x in m.group(2).split(","))
        if list(bounds) == sorted(set(bounds)):
            variable: Literal["employees", "sales"] = (
                "employees" if m.group(1) == "employees" else "sales"
            )
            return SizePreset(spec, variable, bounds, variable == "sales", f"Custom: {spec}")
    valid = [*SIZE_PRESETS, "employees:A,B,C", "sales:A,B,C (increasing limits)"]
    raise UnknownIdError("size preset", spec, valid)
