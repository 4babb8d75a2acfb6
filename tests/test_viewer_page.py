"""The Cited page says why a citation cannot be shown in the reader's language (issue 15): a
stale shared link to a document no longer indexed, a PDF whose file has gone since."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from kb.curate.batch import Pipeline
from kb.settings import get_settings
from tests.support.files import text_pdf

SCRIPT = "from kb.ui.pages.viewer import render\nrender({lang!r})"


def _open(lang: str, **query: str) -> list[str]:
    at = AppTest.from_string(SCRIPT.format(lang=lang), default_timeout=60)
    for k, v in query.items():
        at.query_params[k] = v
    at.run()
    assert not at.exception, at.exception
    return [e.value.replace("\\", "") for e in at.error]  # escaped: titles are document text


def test_a_cited_page_that_cannot_be_shown_is_explained_in_the_language(cli_env: Path) -> None:
    pdf = cli_env / "informe.pdf"
    pdf.write_bytes(text_pdf(2, 3))
    s = get_settings()
    index = Pipeline(s).ingest_paths([pdf], s.default_index)
    (doc_id,) = index.added
    chunk = str(Pipeline(s).open_index(s.default_index).chunk_table(["chunk_id"])["chunk_id"][0])

    assert _open("es", doc="ya-no-existe") == [
        "No se puede mostrar esta cita: ya-no-existe: no está en el índice: ábralo desde un "
        "resultado de búsqueda"
    ]
    pdf.unlink()  # the file went away after it was indexed
    (shown,) = _open("pt", doc=doc_id, chunk=chunk)
    assert shown.startswith("Esta citação não pode ser exibida: informe: ")
    assert shown.endswith("o arquivo informe.pdf não está mais lá: inclua-o de novo (kb ingest)")
