"""Generated scanned documents: text drawn on page images, the images put in a PDF.

Shared by tests/test_ocr.py and bench/bench_ocr.py; nothing binary is committed.
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

_FONT_PLACES = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/dejavu/DejaVuSans.ttf"),
)

# Page texts of a short made-up report (es, es, es, pt) with a running header and footer.
# Pages are long enough (~200 words) that a passage from the middle of one lies on it alone.
HEADER = "Informe de políticas para pymes"
_ES_FILL = (
    "Las agencias publican informes anuales con la descripción de sus instrumentos. Los "
    "gobiernos de la región comparan estas experiencias antes de diseñar programas nuevos. "
    "Los equipos técnicos revisan las reglas de operación y los mecanismos de seguimiento. "
    "Las cámaras empresariales participan en las consultas sobre el diseño de cada programa. "
)
_PT_FILL = (
    "As agências publicam relatórios anuais com a descrição dos seus instrumentos. Os "
    "governos da região comparam essas experiências antes de desenhar novos programas. "
    "Os bancos de desenvolvimento operam linhas de crédito por meio de agentes financeiros. "
)
PAGES = [
    "Introducción. Este informe resume programas públicos de apoyo a las pequeñas y medianas "
    "empresas de la región. " + _ES_FILL + "Cada programa se describe con sus instrumentos, "
    "su cobertura y los resultados que informan las agencias responsables. " + _ES_FILL,
    "Financiamiento. " + _ES_FILL + "Los fondos de garantía comparten el riesgo de los "
    "préstamos bancarios con las empresas que no tienen garantías reales suficientes. Las "
    "comisiones se fijan según la siniestralidad observada en cada cartera. " + _ES_FILL,
    "Exportaciones. " + _ES_FILL + "La ventanilla única de comercio exterior redujo los "
    "plazos de los trámites aduaneros para los exportadores pequeños del sector agrícola. "
    "Las agencias de promoción acompañaron a las empresas en ferias internacionales. " + _ES_FILL,
    "Inovação. " + _PT_FILL + "O programa de vouchers de inovação financia consultorias "
    "tecnológicas para pequenas empresas industriais. As empresas participantes contrataram "
    "universidades e institutos de pesquisa para melhorar seus processos de produção. As "
    "equipes técnicas revisam as "
    "regras de operação e os mecanismos de acompanhamento. As associações empresariais "
    "participam das consultas sobre o desenho de cada programa. Os resultados são "
    "divulgados em relatórios públicos que descrevem a cobertura e os custos de cada ação. "
    + _PT_FILL,
]


def font_path() -> Path:
    """DejaVuSans: the system copy, else the one matplotlib ships."""
    for place in _FONT_PLACES:
        if place.is_file():
            return place
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def page_image(
    text: str, number: int, *, dpi: int = 150, skew: float = 0.0, header: str | None = HEADER
) -> Image.Image:
    """An A4 page image: running header, wrapped 12-pt text, a page-number footer."""
    width, height = int(8.27 * dpi), int(11.69 * dpi)
    image = Image.new("L", (width, height), 255)
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(str(font_path()), int(12 * dpi / 72))
    small = ImageFont.truetype(str(font_path()), int(9 * dpi / 72))
    margin = dpi  # one inch
    if header:
        draw.text((margin, margin // 2), header, font=small, fill=0)
    y = margin
    for line in textwrap.wrap(text, 68):
        draw.text((margin, y), line, font=font, fill=0)
        y += int(18 * dpi / 72)
    draw.text((width // 2, height - margin // 2), f"Página {number}", font=small, fill=0)
    return image.rotate(skew, fillcolor=255) if skew else image


def scanned_pdf(
    path: Path, texts: Sequence[str] = PAGES, *, dpi: int = 150, skew: float = 0.0
) -> Path:
    """An image-only PDF (no text layer) with one page per text."""
    images = [page_image(t, i + 1, dpi=dpi, skew=skew) for i, t in enumerate(texts)]
    path.parent.mkdir(parents=True, exist_ok=True)
    images[0].save(path, "PDF", resolution=float(dpi), save_all=True, append_images=images[1:])
    return path
