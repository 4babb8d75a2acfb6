"""Words added with issue 15 (language everywhere, shareable search, privacy, curate, measure).

Kept in their own tables so the app's older tables stay as they were: t("ui.<key>"),
t("indicator.<name>"), t("sizeclass.<class>"). One shape: {key: {"es": ..., "en": ..., "pt": ...}}.
"""

from __future__ import annotations

Labels = dict[str, dict[str, str]]

UI: Labels = {
    # ---- Search: landing text, examples, sharing
    "covers": {
        "es": "**kb** reúne **{programs} programas** de apoyo a pymes de **{countries} países**, "
        "en **{documents} documentos** que se leen en {n_langs} idiomas ({langs}).",
        "en": "**kb** covers **{programs} SME support programs** in **{countries} countries**, "
        "in **{documents} documents** readable in {n_langs} languages ({langs}).",
        "pt": "**kb** reúne **{programs} programas** de apoio a PMEs de **{countries} países**, "
        "em **{documents} documentos** que podem ser lidos em {n_langs} idiomas ({langs}).",
    },
    "facts_as_of": {
        "es": "Datos de los programas verificados hasta {as_of}.",
        "en": "Program facts checked up to {as_of}.",
        "pt": "Dados dos programas verificados até {as_of}.",
    },
    "built": {
        "es": "Índice actualizado el {built}.",
        "en": "Index updated on {built}.",
        "pt": "Índice atualizado em {built}.",
    },
    "how_to_ask": {
        "es": "Escriba su pregunta con sus propias palabras, en español, inglés o portugués, y "
        "presione Enter. Cada resultado cita su documento y página. Acote con los filtros de "
        "la barra lateral; la dirección de la página guarda la búsqueda, cópiela para "
        "compartirla. Por ejemplo:",
        "en": "Type your question in your own words, in English, Spanish or Portuguese, and "
        "press Enter. Every result cites its document and page. Narrow it with the filters in "
        "the sidebar; the page's address keeps the search, copy it to share it. For example:",
        "pt": "Escreva sua pergunta com suas próprias palavras, em português, espanhol ou "
        "inglês, e pressione Enter. Cada resultado cita seu documento e página. Refine com os "
        "filtros da barra lateral; o endereço da página guarda a busca, copie-o para "
        "compartilhá-la. Por exemplo:",
    },
    "examples": {  # three example questions, separated by |
        "es": "garantías de crédito para pymes exportadoras | seguro de crédito a la "
        "exportación | ventanilla única de comercio exterior",
        "en": "credit guarantees for exporting SMEs | export credit insurance | "
        "single window for foreign trade",
        "pt": "garantias de crédito para PMEs exportadoras | seguro de crédito à exportação | "
        "janela única de comércio exterior",
    },
    # ---- places a query names (kb/answer/places.py)
    "places_tip": {
        "es": "La consulta nombra {places}. Fuentes mostradas de otros lugares: {outside} de "
        "{shown}.",
        "en": "The query names {places}. Sources shown from elsewhere: {outside} of {shown}.",
        "pt": "A consulta menciona {places}. Fontes exibidas de outros lugares: {outside} de "
        "{shown}.",
    },
    "places_unplaced": {
        "es": "Sin lugar registrado (el filtro también las oculta): {unplaced}.",
        "en": "Without a recorded place (the filter hides them too): {unplaced}.",
        "pt": "Sem lugar registrado (o filtro também as oculta): {unplaced}.",
    },
    "places_only": {  # a colon, not "de"/"da": a place's article differs (da Ásia, do Peru)
        "es": "Mostrar solo fuentes de: {places}",
        "en": "Show only sources from: {places}",
        "pt": "Mostrar só fontes de: {places}",
    },
    "asia": {"es": "Asia", "en": "Asia", "pt": "Ásia"},
    # ---- case studies in the user's language
    "original_passage": {
        "es": "Pasaje original ({language})",
        "en": "Original passage ({language})",
        "pt": "Trecho original ({language})",
    },
    "show_original": {
        "es": "Mostrar el original ({language})",
        "en": "Show the original ({language})",
        "pt": "Mostrar o original ({language})",
    },
    # ---- private by default (Index status, Evaluate)
    "curators_only": {
        "es": "El registro de consultas, la latencia y los detalles técnicos del índice solo se "
        "muestran a los curadores que iniciaron sesión (página Curar).",
        "en": "The query log, latency and the index's technical details are shown only to "
        "signed-in curators (Curate page).",
        "pt": "O registro de consultas, a latência e os detalhes técnicos do índice só são "
        "mostrados aos curadores conectados (página Curar).",
    },
    "evaluate_curators": {
        "es": "Solo un curador que inició sesión (página Curar) puede ejecutar la evaluación.",
        "en": "Only a signed-in curator (Curate page) can run the evaluation.",
        "pt": "Só um curador conectado (página Curar) pode executar a avaliação.",
    },
    "evaluate_done": {
        "es": "Evaluación terminada.",
        "en": "Evaluation finished.",
        "pt": "Avaliação concluída.",
    },
    "col_method": {"es": "Método", "en": "Method", "pt": "Método"},
    "col_kind": {"es": "Tipo de consulta", "en": "Query kind", "pt": "Tipo de consulta"},
    "col_relevant": {"es": "Relevantes", "en": "Relevant", "pt": "Relevantes"},
    "col_got": {"es": "Obtenidos", "en": "Returned", "pt": "Obtidos"},
    "col_judged_ndcg": {
        "es": "nDCG@10 juzgado a ciegas",
        "en": "nDCG@10 judged blind",
        "pt": "nDCG@10 julgado às cegas",
    },
    "col_judged_useful": {
        "es": "Útiles de los diez (nota 2-3)",
        "en": "Useful of the ten (grade 2-3)",
        "pt": "Úteis entre os dez (nota 2-3)",
    },
    # ---- Curate
    "pdf_locked": {
        "es": "Estos PDF están protegidos con contraseña: {files}. Escriba la contraseña para "
        "abrirlos.",
        "en": "These PDFs are password-protected: {files}. Type the password to open them.",
        "pt": "Estes PDF são protegidos por senha: {files}. Digite a senha para abri-los.",
    },
    "pdf_password": {"es": "Contraseña del PDF", "en": "PDF password", "pt": "Senha do PDF"},
    "pdf_still_locked": {
        "es": "La contraseña no abre: {files}. No se subieron; los demás archivos sí.",
        "en": "The password does not open: {files}. Not uploaded; the other files were.",
        "pt": "A senha não abre: {files}. Não foram enviados; os demais arquivos sim.",
    },
    "pdf_no_password": {
        "es": "Sin contraseña no se abren: {files}. No se subieron; los demás archivos sí.",
        "en": "Without a password these do not open: {files}. Not uploaded; the other files were.",
        "pt": "Sem senha não abrem: {files}. Não foram enviados; os demais arquivos sim.",
    },
    "exact_duplicate": {
        "es": "{file} no se agregó: tiene el mismo contenido que «{title}», ya en la biblioteca.",
        "en": "{file} was not added: it has the same content as “{title}”, already in the library.",
        "pt": "{file} não foi adicionado: tem o mesmo conteúdo que «{title}», já na biblioteca.",
    },
    "near_duplicate": {
        "es": "«{file}» quedó en la cola de revisión: se parece a «{title}» (similitud {sim:.2f}).",
        "en": "“{file}” is queued for review: it looks like “{title}” (similarity {sim:.2f}).",
        "pt": "«{file}» ficou na fila de revisão: parece-se com «{title}» (similaridade "
        "{sim:.2f}).",
    },
    "near_of": {
        "es": "Casi duplicado de «{title}» (similitud {sim:.2f})",
        "en": "Near-duplicate of “{title}” (similarity {sim:.2f})",
        "pt": "Quase duplicata de «{title}» (similaridade {sim:.2f})",
    },
    "edit_metadata": {
        "es": "Editar metadatos",
        "en": "Edit metadata",
        "pt": "Editar metadados",
    },
    "status_pending": {"es": "pendiente", "en": "pending", "pt": "pendente"},
    "status_approved": {"es": "aprobado", "en": "approved", "pt": "aprovado"},
    "status_rejected": {"es": "rechazado", "en": "rejected", "pt": "rejeitado"},
    "status_retired": {"es": "retirado", "en": "retired", "pt": "retirado"},
    "unchanged": {
        "es": "«{title}» ya estaba subido con el mismo contenido: nada cambió.",
        "en": "“{title}” was already uploaded with the same content: nothing changed.",
        "pt": "«{title}» já tinha sido enviado com o mesmo conteúdo: nada mudou.",
    },
    "stage_reading": {"es": "Leyendo archivos", "en": "Reading files", "pt": "Lendo arquivos"},
    "stage_embedding": {
        "es": "Calculando vectores de los pasajes",
        "en": "Embedding passages",
        "pt": "Calculando vetores dos trechos",
    },
    "stage_ocr": {
        "es": "{file} (páginas, OCR)",
        "en": "{file} (pages, OCR)",
        "pt": "{file} (páginas, OCR)",
    },
    # ---- Measure
    "unit_firms": {"es": "empresas", "en": "firms", "pt": "empresas"},
    "unit_share": {"es": "%", "en": "%", "pt": "%"},
    "unit_money": {
        "es": "moneda de los datos",
        "en": "data's currency",
        "pt": "moeda dos dados",
    },
    "unit_ratio": {"es": "razón", "en": "ratio", "pt": "razão"},
    "unit_index": {"es": "índice 0–1", "en": "index 0–1", "pt": "índice 0–1"},
    "class_sme": {"es": "pymes", "en": "SMEs", "pt": "PMEs"},
    "class_unknown": {"es": "sin tamaño", "en": "size unknown", "pt": "sem porte"},
    "by_employees": {
        "es": "Personas ocupadas",
        "en": "Persons employed",
        "pt": "Pessoas ocupadas",
    },
    "by_sales": {"es": "Ventas anuales", "en": "Annual sales", "pt": "Vendas anuais"},
    "measure_intro": {
        "es": "Suba datos por empresa (CSV o Parquet) con una fila por empresa y año: "
        "identificador, año, empleados y/o ventas, exportaciones; opcionales destino, producto, "
        "valor agregado y compradores. Descargue la plantilla para ver el formato; las "
        "definiciones de cada indicador están abajo.",
        "en": "Upload firm-level data (CSV or Parquet) with one row per firm and year: id, year, "
        "employees and/or sales, exports; optional destination, product, value added and "
        "buyers. Download the template to see the format; each indicator's definition is "
        "below.",
        "pt": "Envie dados por empresa (CSV ou Parquet) com uma linha por empresa e ano: "
        "identificador, ano, empregados e/ou vendas, exportações; opcionais destino, produto, "
        "valor adicionado e compradores. Baixe o modelo para ver o formato; as definições de "
        "cada indicador estão abaixo.",
    },
    "template": {
        "es": "Descargar plantilla CSV",
        "en": "Download template CSV",
        "pt": "Baixar modelo CSV",
    },
    "definitions": {
        "es": "Definiciones de los indicadores",
        "en": "Indicator definitions",
        "pt": "Definições dos indicadores",
    },
    "col_unit": {"es": "Unidad", "en": "Unit", "pt": "Unidade"},
    "col_definition": {"es": "Definición", "en": "Definition", "pt": "Definição"},
    "col_class": {"es": "Tamaño", "en": "Size class", "pt": "Porte"},
    "pick_country": {
        "es": "Elija el país de los datos para usar las brechas en Recomendar.",
        "en": "Choose the country of the data to use the gaps in Recommend.",
        "pt": "Escolha o país dos dados para usar as brechas em Recomendar.",
    },
    "too_big": {
        "es": "{file}: el archivo tiene {size} bytes, más que el límite de {limit}.",
        "en": "{file}: the file is {size} bytes, over the limit of {limit}.",
        "pt": "{file}: o arquivo tem {size} bytes, acima do limite de {limit}.",
    },
    "synthetic": {
        "es": "ejemplo sintético",
        "en": "synthetic example",
        "pt": "exemplo sintético",
    },
    # ---- Streamlit's own words, said in the interface language
    "page_not_found": {
        "es": "Esa página no existe. Se muestra la página principal.",
        "en": "That page does not exist. Showing the main page.",
        "pt": "Essa página não existe. Mostrando a página principal.",
    },
    "upload_button": {"es": "Elegir archivos", "en": "Choose files", "pt": "Escolher arquivos"},
    "upload_one": {"es": "Elegir archivo", "en": "Choose file", "pt": "Escolher arquivo"},
    "upload_limit": {
        "es": "o arrastre aquí · hasta {mb} MB por archivo",
        "en": "or drag here · up to {mb} MB per file",
        "pt": "ou arraste aqui · até {mb} MB por arquivo",
    },
}

# Region codes of multilateral programs the World Bank regions do not name (t("region.<name>")).
REGION_MORE: Labels = {
    "Asia and Pacific": {
        "es": "Asia y el Pacífico",
        "en": "Asia and Pacific",
        "pt": "Ásia e Pacífico",
    },
    "World": {"es": "Mundo", "en": "World", "pt": "Mundo"},
}

# File formats as document types (t("doc_type.<format>")): documents with no policy type; and
# a saved web page's own type, from its [[type:…]] tag (the UNDP Accelerator Labs' pages).
DOC_FORMAT: Labels = {
    "markdown": {"es": "Markdown", "en": "Markdown", "pt": "Markdown"},
    "pdf": {"es": "PDF", "en": "PDF", "pt": "PDF"},
    "html": {"es": "página web", "en": "web page", "pt": "página web"},
    "docx": {"es": "documento Word", "en": "Word document", "pt": "documento Word"},
    "blog": {"es": "entrada de blog", "en": "blog post", "pt": "post de blog"},
    "learningplan": {
        "es": "plan de aprendizaje",
        "en": "learning plan",
        "pt": "plano de aprendizagem",
    },
    "experiment": {"es": "experimento", "en": "experiment", "pt": "experimento"},
    "publications": {"es": "publicación", "en": "publication", "pt": "publicação"},
    "solution": {"es": "solución local", "en": "local solution", "pt": "solução local"},
}
