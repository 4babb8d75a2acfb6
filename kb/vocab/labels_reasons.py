"""Why something went wrong, in the reader's language (issue 15): panel warnings, files that
were not ingested, cited pages that cannot be shown.

The English entries of MEASURE_WARN and VIEWER are the English messages themselves (what the CLI
prints, what the errors say), so a wording changes in one place. Counts arrive already grouped
for the language; size classes in Spanish and Portuguese are named as the Measure tables name
them. One shape: {key: {"es": ..., "en": ..., "pt": ...}}.
"""

from __future__ import annotations

Labels = dict[str, dict[str, str]]

MEASURE_WARN: Labels = {  # t("measure.warn_<key>"), kb.measure.panel_warnings.WarningKey
    "warn_negative_value_added": {
        "es": "{n} fila(s) con valor agregado (value_added) negativo (pérdidas); se conservan "
        "tal cual",
        "en": "{n} row(s) have negative value_added (losses); kept as they are",
        "pt": "{n} linha(s) com valor adicionado (value_added) negativo (prejuízos); mantidas "
        "como estão",
    },
    "warn_blank_exports": {
        "es": "{n} fila(s) con exportaciones (exports) en blanco; se cuentan como 0 (no exporta)",
        "en": "{n} row(s) have blank exports; counted as 0 (not exporting)",
        "pt": "{n} linha(s) com exportações (exports) em branco; contadas como 0 (não exporta)",
    },
    "warn_exports_over_sales": {
        "es": "{n} empresa-año(s) declaran exportaciones mayores que las ventas (p. ej., la "
        "empresa {firm} en {year}); se conservan, pero revise las unidades",
        "en": "{n} firm-year(s) report exports larger than sales (e.g. firm {firm} in {year}); "
        "kept, but check the units",
        "pt": "{n} empresa-ano(s) declaram exportações maiores que as vendas (p. ex., a "
        "empresa {firm} em {year}); mantidas, mas confira as unidades",
    },
    "warn_no_size": {
        "es": "{n} empresa-año(s) sin dato de {variable}; quedan en la clase «sin tamaño» "
        "(cuentan en «todas», no en «pymes»)",
        "en": "{n} firm-year(s) have no {variable}; they are in size class {unknown!r} "
        "(counted in 'all', not in 'sme')",
        "pt": "{n} empresa-ano(s) sem dado de {variable}; ficam na classe «sem porte» "
        "(contam em «todas», não em «PMEs»)",
    },
    "warn_missing_years": {
        "es": "sin datos para el/los año(s) {years}; no se calculan la entrada, la salida ni la "
        "supervivencia que necesitan esos años",
        "en": "no data for year(s) {years}; entry, exit and survival that need those years are "
        "not computed",
        "pt": "sem dados para o(s) ano(s) {years}; não são calculadas a entrada, a saída nem a "
        "sobrevivência que precisam desses anos",
    },
}

FAILURE: Labels = {  # t("failure.<kind>"), kb.errors.FailureKind: leads a file's English reason
    "encrypted": {
        "es": "El PDF está cifrado: indique su contraseña",
        "en": "The PDF is encrypted: give its password",
        "pt": "O PDF está criptografado: informe a senha",
    },
    "wrong_password": {
        "es": "La contraseña indicada no abre este PDF",
        "en": "The password given does not open this PDF",
        "pt": "A senha informada não abre este PDF",
    },
    "no_text": {
        "es": "No tiene texto legible (¿páginas escaneadas?)",
        "en": "It has no readable text (scanned pages?)",
        "pt": "Não tem texto legível (páginas digitalizadas?)",
    },
    "unsupported": {
        "es": "Formato no admitido",
        "en": "Unsupported file format",
        "pt": "Formato não suportado",
    },
    "empty": {
        "es": "El archivo está vacío",
        "en": "The file is empty",
        "pt": "O arquivo está vazio",
    },
    "too_large": {
        "es": "El archivo supera el límite de tamaño",
        "en": "The file is over the size limit",
        "pt": "O arquivo excede o limite de tamanho",
    },
    "unsafe_name": {
        "es": "Nombre de archivo no seguro: cámbielo",
        "en": "Unsafe file name: rename the file",
        "pt": "Nome de arquivo inseguro: renomeie o arquivo",
    },
    "metadata": {
        "es": "Sus metadatos (encabezado o archivo de metadatos adjunto) no son válidos",
        "en": "Its metadata (front matter or sidecar file) is not valid",
        "pt": "Os metadados (cabeçalho ou arquivo de metadados anexo) não são válidos",
    },
    "limits": {
        "es": "El archivo supera un límite de seguridad (p. ej., al descomprimirse crece "
        "demasiado)",
        "en": "The file goes beyond a safety limit (e.g. it inflates too much when decompressed)",
        "pt": "O arquivo ultrapassa um limite de segurança (p. ex., cresce demais ao ser "
        "descompactado)",
    },
    "unreadable": {
        "es": "El archivo está dañado o no se pudo leer",
        "en": "The file is damaged or could not be read",
        "pt": "O arquivo está danificado ou não pôde ser lido",
    },
    "other": {
        "es": "No se pudo incorporar el archivo",
        "en": "The file could not be added",
        "pt": "Não foi possível incluir o arquivo",
    },
}

NOTICE: Labels = {  # t("notice.<key>"), kb.ingest.notices: part of a file not read or searchable
    "truncated": {
        "es": "solo se leyeron las primeras {read} de {total} páginas (max_pdf_pages); suba "
        "KB_MAX_PDF_PAGES para leerlas todas",
        "en": "only the first {read} of {total} pages were read (max_pdf_pages); set "
        "KB_MAX_PDF_PAGES higher to read them all",
        "pt": "só foram lidas as primeiras {read} de {total} páginas (max_pdf_pages); aumente "
        "KB_MAX_PDF_PAGES para ler todas",
    },
    "unreadable_pages": {
        "es": "{n} página(s) no se pudieron leer y no entran en la búsqueda. Detalle técnico "
        "(en inglés): {first}",
        "en": "{n} page(s) could not be read and are not searchable ({first})",
        "pt": "{n} página(s) não puderam ser lidas e não entram na busca. Detalhe técnico (em "
        "inglês): {first}",
    },
    "textless_pages": {
        "es": "sin texto en la(s) página(s) {pages}, que no pasaron por OCR y no entran en la "
        "búsqueda. Detalle técnico (en inglés): {why}",
        "en": "no text on page(s) {pages}, which were not OCRed and are not searchable: {why}",
        "pt": "sem texto na(s) página(s) {pages}, que não passaram por OCR e não entram na "
        "busca. Detalhe técnico (em inglês): {why}",
    },
    "ocr_skipped_pages": {
        "es": "{n} página(s) escaneada(s) más allá del límite de OCR ({limit} por documento) no "
        "entran en la búsqueda; suba KB_OCR_MAX_PAGES para leerlas",
        "en": "{n} scanned page(s) past the OCR limit ({limit} per document) are not "
        "searchable; set KB_OCR_MAX_PAGES higher to read them",
        "pt": "{n} página(s) digitalizada(s) além do limite de OCR ({limit} por documento) não "
        "entram na busca; aumente KB_OCR_MAX_PAGES para lê-las",
    },
    "skipped_records": {
        "es": "se omitieron {n} de {total} registros sin título o sin resumen",
        "en": "skipped {n} of {total} records without a title or abstract",
        "pt": "foram omitidos {n} de {total} registros sem título ou sem resumo",
    },
}

VIEWER: Labels = {  # t("viewer.<why>"), kb.errors.ViewWhy: after the document's title
    "unknown_doc": {
        "es": "no está en el índice: ábralo desde un resultado de búsqueda",
        "en": "not in the index: open it from a search result",
        "pt": "não está no índice: abra-o a partir de um resultado da busca",
    },
    "no_passage": {
        "es": "no tiene el pasaje {passage} en este índice",
        "en": "has no passage {passage} in this index",
        "pt": "não tem o trecho {passage} neste índice",
    },
    "not_pdf": {
        "es": "no tiene páginas (no es un PDF): se muestra como texto",
        "en": "has no pages (not a PDF): it is shown as text",
        "pt": "não tem páginas (não é um PDF): é exibido como texto",
    },
    "not_stored": {
        "es": "el PDF no se guardó localmente: abra su dirección web",
        "en": "the PDF was not stored locally: open its web address",
        "pt": "o PDF não foi guardado localmente: abra o endereço web",
    },
    "file_gone": {
        "es": "el archivo {file} ya no está: vuelva a incorporarlo (kb ingest)",
        "en": "the file {file} is no longer there: re-ingest it (kb ingest)",
        "pt": "o arquivo {file} não está mais lá: inclua-o de novo (kb ingest)",
    },
    "page_range": {
        "es": "tiene {pages} páginas; la página {page} no existe",
        "en": "has {pages} pages; page {page} does not exist",
        "pt": "tem {pages} páginas; a página {page} não existe",
    },
    "unopenable": {
        "es": "{file} no se puede abrir (¿cifrado o dañado desde que se indexó?): {detail}",
        "en": "{file} cannot be opened: {detail}",
        "pt": "{file} não pode ser aberto (criptografado ou danificado desde a indexação?): "
        "{detail}",
    },
}
