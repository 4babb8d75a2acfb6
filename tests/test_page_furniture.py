"""A saved web page's header: its title repeated under a breadcrumb, and lists kept one item a
paragraph (bylines, acronym lists), go; the article's own lines stay."""

from __future__ import annotations

from pathlib import Path

from kb.ingest.chunk import chunk_document
from kb.ingest.parse import parse_file
from tests.support.files import DATAKIT, body_paragraphs, needs_datakit, parsed_page

BODY = (
    "En Paraguay, las micro, pequeñas y medianas empresas representan casi todo el tejido "
    "empresarial. Un chequeo digital mide su madurez y recomienda los pasos siguientes."
)
BYLINE = (
    "Escrito por\n\nAndrea Figueredo\n\nInvestigadora Asociada Senior, Laboratorio de "
    "Aceleración, PNUD Paraguay\n\nPatricia Lima\n\nEspecialista en Metodologías Mixtas de I+D. "
    "Laboratorio de Aceleración PNUD Paraguay\n\nCristhian Parra\n\nJefe de Experimentación, "
    "Laboratorio de Aceleración PNUD Paraguay"
)
TITLE = "Digitalización de las MIPYMES paraguayas: sinergias institucionales"


def test_a_byline_kept_one_item_a_paragraph_is_dropped(tmp_path: Path) -> None:
    for suffix in (".md", ".txt"):
        doc = parsed_page(tmp_path, f"{BYLINE}\n\n{BODY}\n", f"blog{suffix}")
        assert body_paragraphs(doc) == [BODY], (suffix, body_paragraphs(doc))


def test_short_runs_and_a_writers_lists_next_to_furniture_stay(tmp_path: Path) -> None:
    """Four short one-item paragraphs are not a run (MENU_RUN is 5); a paragraph of several
    lines ends a run, so a writer's short list next to a page's related items keeps its lines."""
    short = "Instrumentos\n\nGarantías parciales\n\nFactoraje inverso\n\nVentanilla única"
    lessons = "Lessons\nKinship networks respond fast\nBuyers need steady quality"
    related = "\n\n".join(
        ["BLOG", "Co-creating support", "READ MORE", "BLOG", "Decent work", "READ MORE"]
    )
    doc = parsed_page(tmp_path, f"{short}\n\n{BODY}\n\n{lessons}\n\n{related}\n")
    text = doc.text
    for words in ("Instrumentos", "Ventanilla única", "Kinship networks respond fast", BODY):
        assert words in text, words
    for words in ("Co-creating", "Decent work", "READ MORE"):
        assert words not in text, words


def test_glued_dot_bullets_are_a_writers_list(tmp_path: Path) -> None:
    partners = "\n".join(
        f"·{name}"
        for name in (
            "Finance Superintendence",
            "Ministry of Finance and Public Credit",
            "Central Bank",
            "Regulatory Financial Unit",
            "National Tax and Customs Directorate",
            "Colombia Fintech",
        )
    )
    doc = parsed_page(tmp_path, f"Partners of the sandbox\n{partners}\n\n{BODY}\n")
    assert "Regulatory Financial Unit" in doc.text and "Central Bank" in doc.text


def test_the_title_repeated_under_a_breadcrumb_is_dropped(tmp_path: Path) -> None:
    header = f"Home\n\nParaguay\n\n{TITLE.upper()}\n\n{TITLE}\n15 de Abril de 2025"
    doc = parsed_page(tmp_path, f"# {TITLE}\n\n[[country:Paraguay]]\n\n{header}\n\n{BODY}\n")
    assert doc.title == TITLE
    assert doc.pages[0].blocks[0].kind == "heading"  # the page's own title stays
    assert body_paragraphs(doc) == [BODY]  # the dateline goes too (test_captions.py)


def test_a_second_echo_loses_its_title_and_keeps_its_deck(tmp_path: Path) -> None:
    """The #EnTerritorio series repeats its title a second time with the article's deck on the
    same line; the card opened on the title twice."""
    deck = "Conocé los aprendizajes #EnTerritorio, parte 1."
    header = f"Home\n\nParaguay\n\n{TITLE.title()}\n\n{TITLE} {deck}\n30 de Septiembre de 2024"
    doc = parsed_page(tmp_path, f"# {TITLE}\n\n{header}\n\n{BODY}\n")
    assert body_paragraphs(doc) == [deck, BODY]


def test_a_first_sentence_that_starts_with_the_title_stays(tmp_path: Path) -> None:
    """Without an earlier echo, a line that starts with the title is the article's own."""
    first = f"{TITLE} son el tema de este informe."
    doc = parsed_page(tmp_path, f"# {TITLE}\n\nHome\n\n{first}\n\n{BODY}\n")
    assert body_paragraphs(doc) == ["Home", first, BODY]


def test_the_title_later_in_the_article_and_pages_without_an_echo_keep_their_lines(
    tmp_path: Path,
) -> None:
    later = parsed_page(tmp_path, f"# {TITLE}\n\nHome\n\n{BODY}\n\n{TITLE}\n\nConclusión final.\n")
    assert body_paragraphs(later) == ["Home", BODY, TITLE, "Conclusión final."]
    plain = parsed_page(tmp_path, f"# {TITLE}\n\nPrograma Local\n\nParaguay\n\n{BODY}\n")
    assert body_paragraphs(plain) == ["Programa Local", "Paraguay", BODY]


def test_a_skip_link_heading_gives_way_to_the_breadcrumbs_title(tmp_path: Path) -> None:
    """A page saved from its first line took the site's "skip to content" link as its title;
    the breadcrumb under it ends on the page's title, and the preview of the header, cut short
    ("Autores / ADRIANA..."), goes with the rest of it."""
    header = f"HOME\nPARAGUAY\n{TITLE.upper()}\nAutores\nADRIANA..."
    text = f"# Pasar al contenido principal\n{header}\n\n{BODY}\n"
    doc = parsed_page(tmp_path, text)
    assert doc.title == TITLE.upper()
    assert body_paragraphs(doc) == [BODY]
    bare = parsed_page(tmp_path, f"# Skip to main content\n\nNo breadcrumb here.\n\n{BODY}\n")
    assert "Skip to" not in bare.text and bare.title != "Skip to main content"
    assert body_paragraphs(bare) == ["No breadcrumb here.", BODY]


def test_a_skip_link_inside_the_article_and_a_title_naming_one_stay(tmp_path: Path) -> None:
    named = parsed_page(tmp_path, f"# Skip to main content: a guide\n\n{BODY}\n")
    assert named.title == "Skip to main content: a guide"
    later = parsed_page(tmp_path, f"# {TITLE}\n\n{BODY}\n\n## Ir al contenido\n\nFin.\n")
    assert later.title == TITLE and "Ir al contenido" in later.text


@needs_datakit
def test_a_real_undp_blog_opens_on_its_article() -> None:
    """The real page: breadcrumb, the title twice and five authors with their roles, one a
    paragraph, came before the article and made its first passage."""
    page = (
        DATAKIT
        / "undp-acclab"
        / "pages"
        / (
            "blog_digitalizaci_n_de_las_mipymes_paraguayas_sinergias_institucionales_para_el_"
            "desarrollo.md"
        )
    )
    doc = parse_file(page)[0]
    for words in ("Escrito por", "Cecilia Vuyk", "Jefa de Mapeo de Soluciones", "Home"):
        assert words not in doc.text, words
    first = chunk_document(doc)[0].text
    assert first.startswith("En Paraguay, las micro"), first[:120]
    assert "Chequeo Digital" in doc.text and "Laboratorio de Aceleración del PNUD" in doc.text


@needs_datakit
def test_a_real_page_titled_by_its_skip_link_takes_its_breadcrumbs() -> None:
    name = (
        "blog_pasar_al_contenido_principal_home_paraguay_co-creando_los_servicios_de_apoyo_a_las_"
        "mipymes_textiles_autores_adriana.md"
    )
    doc = parse_file(DATAKIT / "undp-acclab" / "pages" / name)[0]
    assert doc.title == "CO-CREANDO LOS SERVICIOS DE APOYO A LAS MIPYMES TEXTILES"
    first = chunk_document(doc)[0].text
    assert first.startswith("En Pilar, a través del Centro de Apoyo al Emprendedor"), first[:120]


def test_a_byline_under_its_label_is_dropped_in_each_language(tmp_path: Path) -> None:
    """Two authors make five lines, fewer than a run, and a role may end in a full stop: the
    label says what they are. The names and roles go up to the article's first long line."""
    bylines = (
        "Authors\nNORHAFIZA\nDevelopment Economist, UNDP Malaysia\nYIN WEI CHONG\n"
        "Head of Solutions Mapping, UNDP Accelerator Lab Malaysia",
        "Escrito por\n\nGustavo Setrini\n\nConsultor. Investigador en economía política.",
        "Autoria:\nMaria Souza\nAnalista do Laboratório de Aceleração",
    )
    for n, byline in enumerate(bylines):
        doc = parsed_page(tmp_path, f"{byline}\n{BODY}\n", f"blog{n}.md")
        assert body_paragraphs(doc) == [BODY], body_paragraphs(doc)


def test_a_label_without_names_and_a_bare_by_keep_their_lines(tmp_path: Path) -> None:
    """A report converted line by line ends wrapped prose lines with "by": the lines after it
    are prose. A label followed at once by the article keeps the article."""
    wrapped = "by\nOver the last decades Cambodia\nhas expanded its industrial base"
    doc = parsed_page(tmp_path, f"{wrapped}\n\nAuthors\n{BODY}\n")
    assert "Over the last decades Cambodia" in doc.text
    assert BODY in doc.text


def test_a_short_first_sentence_after_a_byline_stays(tmp_path: Path) -> None:
    """Names and roles alternate; where a name is expected and a sentence comes, the article
    has begun, however short its first sentence (a first version took it for a role)."""
    short = "Workshops in Yaguarón share their orders."
    page = f"Authors\nANA GIMENEZ\nCoordinator of Social Innovation, Statistics Office\n{short}\n"
    doc = parsed_page(tmp_path, page)
    assert body_paragraphs(doc) == [short], body_paragraphs(doc)
