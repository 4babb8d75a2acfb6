"""Fonts for the PDFs kb writes (briefs, rendered notes): DejaVu Sans, and for the scripts it
lacks (Chinese, Japanese, Korean, Thai) the system's fonts where installed, with text shaping
for Arabic and Thai when uharfbuzz is there. Nothing is downloaded."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import TYPE_CHECKING

from kb.errors import KbError

if TYPE_CHECKING:
    from fpdf import FPDF

DEBIAN_FONTS = Path("/usr/share/fonts/truetype/dejavu")
FAMILY = "DejaVu"
# Debian's fonts-wqy-microhei (Han, kana, Hangul) and fonts-tlwg-garuda-ttf (Thai); without
# them such characters come out blank, with a warning from fpdf2 naming them.
FALLBACK_FONTS = {
    "WenQuanYi": Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"),
    "Garuda": Path("/usr/share/fonts/truetype/tlwg/Garuda.ttf"),
}


class FontMissingError(KbError):
    """No Unicode TrueType font to write a PDF with."""


def font_path(bold: bool = False) -> Path:
    """DejaVu Sans from matplotlib's bundled fonts, else Debian's; never downloaded."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    places = []
    spec = importlib.util.find_spec("matplotlib")
    if spec and spec.origin:
        places.append(Path(spec.origin).parent / "mpl-data" / "fonts" / "ttf" / name)
    places.append(DEBIAN_FONTS / name)
    for p in places:
        if p.is_file():
            return p
    raise FontMissingError(
        f"no {name} found (looked in {', '.join(map(str, places))}): install matplotlib "
        "(pip install matplotlib) or the fonts-dejavu-core package to write PDF briefs"
    )


def use_fonts(pdf: FPDF) -> list[str]:
    """Register DejaVu (regular and bold) as `FAMILY` and the installed fallbacks; shape text
    (Arabic joined right to left, Thai marks placed) when uharfbuzz is importable. Returns the
    fallback families used."""
    pdf.add_font(FAMILY, "", str(font_path()))
    pdf.add_font(FAMILY, "B", str(font_path(bold=True)))
    fallbacks = [name for name, path in FALLBACK_FONTS.items() if path.is_file()]
    for name in fallbacks:
        pdf.add_font(name, "", str(FALLBACK_FONTS[name]))
    if fallbacks:
        pdf.set_fallback_fonts(fallbacks, exact_match=False)
    if importlib.util.find_spec("uharfbuzz") is not None:
        pdf.set_text_shaping(True)
    return fallbacks
