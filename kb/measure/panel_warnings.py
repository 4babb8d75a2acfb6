"""Doubtful but usable panel data, as records the app can word in the user's language.

`kb.measure.panel_io` keeps such rows and reports a `PanelWarning`: which check fired (`key`)
and its figures (`values`), not a sentence. The app shows `text(lang)` (labels
"measure.warn_<key>"); `str()` is the English label, the very sentence the CLI prints and the
xlsx export writes, so there is one English wording and it lives with its translations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from kb.vocab.labels import t, worded

WarningKey = Literal[
    "negative_value_added", "blank_exports", "exports_over_sales", "no_size", "missing_years"
]
WARNING_KEYS: tuple[WarningKey, ...] = get_args(WarningKey)


@dataclass(frozen=True)
class PanelWarning:
    """One warning about a panel. Counts are ints (grouped per language when shown); years,
    firm ids and column names are strings, shown as they are."""

    key: WarningKey
    values: tuple[tuple[str, int | str], ...] = ()

    @classmethod
    def of(cls, key: WarningKey, **values: int | str) -> PanelWarning:
        return cls(key, tuple(values.items()))

    def text(self, lang: str | None) -> str:
        return t(f"measure.warn_{self.key}", lang, **worded(self.values, lang))

    def __str__(self) -> str:
        return self.text("en")
