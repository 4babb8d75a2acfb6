"""A saved web page's footer: its copyright notice, and a menu whose runs were broken by a
long item or by the site's name wrapped in two lines, go; the article's own lines stay."""

from __future__ import annotations

from pathlib import Path

from kb.ingest.parse import parse_file
from kb.ingest.parse.furniture import without_unsentenced_runs
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page

BODY = (
    "El programa acompañó a 40 talleres de confección durante seis meses. Cada taller midió su "
    "productividad antes y después de reorganizar su línea de producción."
)
# The footer of the UNDP Peru and Paraguay pages, as saved: the site's name in two lines, then
# a menu whose sixth item has six words (longer than a menu item), then the copyright notice.
FOOTER = (
    "Programa de las Naciones Unidas\npara el Desarrollo\nQUIÉNES SOMOS\nSobre nosotros\n"
    "Financiamiento y ejecución\nMarco legal\nEl PNUD y las Naciones Unidas\nTasa y DSA\n"
    "QUÉ HACEMOS\nQué hacemos\nNUESTRO IMPACTO\nCentro de noticias\nBlog\nProyectos\n"
    "Términos de Uso\n© 2023 Programa de las Naciones Unidas para el Desarrollo"
)


def test_a_site_footer_goes_whole(tmp_path: Path) -> None:
    for suffix in (".md", ".txt"):
        doc = parsed_page(tmp_path, f"{BODY}\n{FOOTER}\n", f"blog{suffix}")
        assert doc.text.strip() == BODY, (suffix, doc.text)


def test_a_copyright_notice_goes_and_a_sentence_about_copyright_stays() -> None:
    notices = [
        "© 2023 United Nations Development Programme",
        "Copyright © 2024 by UNDP Philippines",
        "copyright @ 2021",
        "©2024, United Nations Development Programme (UNDP) Indonesia",
    ]
    prose = [
        "Copyright protects the software a small firm writes.",
        "Copyright 2020 figures are in the annex, one table a sector and one row a year, "
        "with the sources of each figure named under the table.",
    ]
    out = without_unsentenced_runs("\n\n".join([*notices, *prose]))
    for line in notices:
        assert line not in out, line
    for line in prose:
        assert line in out, line


def test_a_wrapped_line_away_from_furniture_keeps_a_reports_lines() -> None:
    """A report converted line by line has short lines of prose that start with capitals, and a
    lower-case word between them ("inisiatif"); with no menu, byline or related item next to
    them they are not a run, so they stay."""
    lines = [
        "Sementara itu, di Jabodetabek, UNDP Accelerator",
        "Lab, bersama dengan Project Management Office",
        "Jabodetabekpunjur dan Perkumpulan",
        "(PMO)",
        "inisiatif",
        "Indonesia meluncurkan",
        "OpenStreetMap",
        "Pemetaan Urun Daya Danau dan Situ pada tahun",
        "2022. Inisiatif ini berangkat dari persoalan banjir",
    ]
    assert without_unsentenced_runs("\n".join(lines)).split("\n") == lines


@needs_datakit
def test_real_undp_pages_end_on_their_article() -> None:
    pages = DATAKIT / "undp-acclab" / "pages"
    for name in (
        "blog_la_ciudad_de_yaguar_n_su_importancia_en_el_sector_de_confecciones_y_sus_bases"
        "_para_el_desarrollo_del_sistema_de_manufactura_flexible.md",
        "blog_creando_creando_parte_1_nace_una_comunidad_de_aprendizaje_para_el"
        "_emprendimiento_migrante_en_per.md",
        "blog_counting_the_cost_of_covid-19_to_cambodia_s_informal_workers.md",
    ):
        text = parse_file(pages / name)[0].text
        for furniture in ("para el Desarrollo\n", "Marco legal", "QUIÉNES SOMOS", "© 2023"):
            assert furniture not in text, (name, furniture)
    creando = parse_file(
        pages / "blog_creando_creando_parte_1_nace_una_comunidad_de_aprendizaje_para_el"
        "_emprendimiento_migrante_en_per.md"
    )[0].text
    assert creando.rstrip().endswith("No te pierdas la segunda entrega de esta serie de blogs.")


def test_a_pointer_to_the_next_article_goes_and_the_writers_lines_stay(tmp_path: Path) -> None:
    """The series' blogs end their last paragraph with the next article's title, glued to the
    full stop. A label inside a sentence, or one followed by more than a title, stays."""
    last = "Así cerramos la tercera entrega de la serie sobre el programa en Paraguay."
    pointer = (
        "Seguí leyendo: Aprendizajes #EnTerritorio, parte 4. Transformando Proyectos de "
        "Desarrollo de MIPYMES en Políticas Públicas"
    )
    doc = parsed_page(tmp_path, f"{BODY}\n\n{last}{pointer}\n")
    assert body_paragraphs(doc) == [BODY, last]
    inside = "Quien quiera seguir leyendo: el informe completo está en la web del ministerio."
    long_tail = "Sigue leyendo: " + " ".join(["el programa acompañó a los talleres"] * 8) + "."
    doc = parsed_page(tmp_path, f"{BODY}\n\n{inside}\n\n{long_tail}\n", "kept.md")
    assert body_paragraphs(doc) == [BODY, inside, long_tail]
