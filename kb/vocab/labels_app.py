# ruff: noqa: E501  -- label tables: one key per line reads better than wrapped strings
"""The app's own words (pages, buttons, messages), in Spanish, English and Portuguese.

One shape for every table: {key: {"es": ..., "en": ..., "pt": ...}}; look labels up with
`kb.vocab.labels.t`.
"""

from __future__ import annotations

Labels = dict[str, dict[str, str]]

APP: Labels = {  # t(key)
    "app_title": {
        "es": "kb: políticas para pymes",
        "en": "kb: SME policy",
        "pt": "kb: políticas para PMEs",
    },
    "language": {"es": "Idioma", "en": "Language", "pt": "Idioma"},
    "from_scan": {
        "es": "Texto reconocido de un escaneo (confianza {conf} %)",
        "en": "Text recognised from a scan (confidence {conf} %)",
        "pt": "Texto reconhecido de uma digitalização (confiança {conf} %)",
    },
    "choose": {"es": "Elegir…", "en": "Choose…", "pt": "Escolher…"},
    "nav_search": {"es": "Buscar", "en": "Search", "pt": "Buscar"},
    "nav_recommend": {"es": "Recomendar", "en": "Recommend", "pt": "Recomendar"},
    "nav_program": {"es": "Programa", "en": "Program", "pt": "Programa"},
    "nav_compare": {"es": "Comparar", "en": "Compare", "pt": "Comparar"},
    "nav_brief": {"es": "Informe", "en": "Brief", "pt": "Relatório"},
    "nav_insights": {"es": "Panorama", "en": "Insights", "pt": "Panorama"},
    "nav_status": {"es": "Estado del índice", "en": "Index status", "pt": "Estado do índice"},
    "nav_measure": {"es": "Medir", "en": "Measure", "pt": "Medir"},
    "nav_evaluate": {"es": "Evaluar", "en": "Evaluate", "pt": "Avaliar"},
    "nav_curate": {"es": "Curar", "en": "Curate", "pt": "Curar"},
    "building": {
        "es": "Construyendo el índice del corpus (solo la primera vez)…",
        "en": "Building the corpus index (first run only)…",
        "pt": "Construindo o índice do corpus (só na primeira vez)…",
    },
    "build_failed": {
        "es": "No se pudo construir el índice: {err}",
        "en": "The index could not be built: {err}",
        "pt": "Não foi possível construir o índice: {err}",
    },
    "no_index": {
        "es": "No hay índice «{name}» en {path}. Ejecute `kb build` o recargue la página.",
        "en": "No index “{name}” in {path}. Run `kb build` or reload the page.",
        "pt": "Não há índice «{name}» em {path}. Execute `kb build` ou recarregue a página.",
    },
    "loading": {
        "es": "Cargando el índice y los modelos…",
        "en": "Loading the index and the models…",
        "pt": "Carregando o índice e os modelos…",
    },
    "rebuilding": {
        "es": "Reconstruyendo el índice del corpus…",
        "en": "Rebuilding the corpus index…",
        "pt": "Reconstruindo o índice do corpus…",
    },
    "rebuild": {
        "es": "Reconstruir el índice con la configuración actual",
        "en": "Rebuild the index with the current settings",
        "pt": "Reconstruir o índice com a configuração atual",
    },
    "not_available": {
        "es": "Esta función aún no está disponible: falta el módulo {module}.",
        "en": "This feature is not available yet: module {module} is missing.",
        "pt": "Este recurso ainda não está disponível: falta o módulo {module}.",
    },
    "search_title": {
        "es": "Buscar en la biblioteca",
        "en": "Search the library",
        "pt": "Buscar na biblioteca",
    },
    "search_help": {
        "es": "Escriba en cualquier idioma y presione Enter. Ponga entre comillas las palabras "
        'que deben ir juntas: "ferias comerciales".',
        "en": "Type in any language and press Enter. Put words that belong together in quotes: "
        '"trade fairs".',
        "pt": "Escreva em qualquer idioma e pressione Enter. Ponha entre aspas as palavras que "
        'devem vir juntas: "feiras comerciais".',
    },
    "query": {"es": "Consulta", "en": "Query", "pt": "Consulta"},
    "query_ph": {
        "es": "p. ej. garantías de crédito para pymes exportadoras",
        "en": "e.g. credit guarantees for exporting SMEs",
        "pt": "ex. garantias de crédito para PMEs exportadoras",
    },
    "filters": {"es": "Filtros", "en": "Filters", "pt": "Filtros"},
    "f_instrument": {"es": "Instrumento", "en": "Instrument", "pt": "Instrumento"},
    "f_need": {"es": "Necesidad", "en": "Need", "pt": "Necessidade"},
    "f_language": {
        "es": "Idioma del documento",
        "en": "Document language",
        "pt": "Idioma do documento",
    },
    "f_doc_type": {"es": "Tipo de documento", "en": "Document type", "pt": "Tipo de documento"},
    "n_results": {
        "es": "{n} fuentes · {ms:.0f} ms",
        "en": "{n} sources · {ms:.0f} ms",
        "pt": "{n} fontes · {ms:.0f} ms",
    },
    "also_searched": {
        "es": "También se buscó como: {terms}",
        "en": "Also searched as: {terms}",
        "pt": "Também pesquisado como: {terms}",
    },
    "no_results_filters": {
        "es": "Ningún documento cumple a la vez estos filtros: {filters}. Quite alguno.",
        "en": "No document meets all these filters at once: {filters}. Remove some of them.",
        "pt": "Nenhum documento atende a todos estes filtros: {filters}. Remova algum.",
    },
    "no_results_query": {
        "es": "{docs} documentos cumplen los filtros ({filters}), pero ninguno de sus pasajes responde a la consulta. Quite filtros o use otras palabras.",
        "en": "{docs} documents meet the filters ({filters}), but none of their passages answers the query. Remove filters or try other words.",
        "pt": "{docs} documentos atendem aos filtros ({filters}), mas nenhum trecho responde à consulta. Remova filtros ou use outras palavras.",
    },
    "no_results": {
        "es": "Sin una buena coincidencia: nada en la colección responde de cerca a la consulta. Pruebe con otras palabras.",
        "en": "No good match: nothing in the collection answers the query closely enough. Try other words.",
        "pt": "Sem uma boa correspondência: nada na coleção responde de perto à consulta. Tente outras palavras.",
    },
    "page": {"es": "p.", "en": "p.", "pt": "p."},
    "full_passage": {"es": "Pasaje completo", "en": "Full passage", "pt": "Trecho completo"},
    "open_program": {"es": "Ver programa", "en": "Open program", "pt": "Ver programa"},
    "open_document": {"es": "Abrir documento", "en": "Open document", "pt": "Abrir documento"},
    "download_document": {
        "es": "Descargar documento",
        "en": "Download document",
        "pt": "Baixar documento",
    },
    "source": {"es": "Fuente", "en": "Source", "pt": "Fonte"},
    "rec_title": {
        "es": "Programas de los que aprender",
        "en": "Programs to learn from",
        "pt": "Programas com os quais aprender",
    },
    "rec_intro": {
        "es": "Describa su país y sus necesidades; kb ordena los estudios de caso de otros países y explica por qué.",
        "en": "Describe your country and its needs; kb ranks case studies from other countries and explains why.",
        "pt": "Descreva seu país e suas necessidades; o kb ordena estudos de caso de outros países e explica por quê.",
    },
    "p_country": {"es": "Su país", "en": "Your country", "pt": "Seu país"},
    "p_country_missing": {
        "es": "Elija su país.",
        "en": "Choose your country.",
        "pt": "Escolha seu país.",
    },
    "p_needs": {"es": "Necesidades", "en": "Needs", "pt": "Necessidades"},
    "p_text": {
        "es": "¿Qué problema quiere resolver? (texto libre)",
        "en": "What problem are you solving? (free text)",
        "pt": "Que problema você quer resolver? (texto livre)",
    },
    "p_conditions": {
        "es": "Condiciones que tiene su país",
        "en": "Conditions your country has",
        "pt": "Condições que seu país tem",
    },
    "p_regions": {
        "es": "Regiones de las que aprender (vacío: todas)",
        "en": "Regions to learn from (empty: all)",
        "pt": "Regiões com as quais aprender (vazio: todas)",
    },
    "p_top": {"es": "Número de programas", "en": "Number of programs", "pt": "Número de programas"},
    "p_own": {
        "es": "Incluir programas de mi país",
        "en": "Include my country's programs",
        "pt": "Incluir programas do meu país",
    },
    "unknown": {"es": "no sé", "en": "don't know", "pt": "não sei"},
    "recommend": {"es": "Recomendar", "en": "Recommend", "pt": "Recomendar"},
    "save_profile": {
        "es": "Guardar perfil (YAML)",
        "en": "Save profile (YAML)",
        "pt": "Salvar perfil (YAML)",
    },
    "download_json": {
        "es": "Descargar resultados (JSON)",
        "en": "Download results (JSON)",
        "pt": "Baixar resultados (JSON)",
    },
    "load_profile": {
        "es": "Cargar perfil (YAML)",
        "en": "Load profile (YAML)",
        "pt": "Carregar perfil (YAML)",
    },
    "profile_loaded": {
        "es": "Perfil cargado: {country}.",
        "en": "Profile loaded: {country}.",
        "pt": "Perfil carregado: {country}.",
    },
    "profile_from_measure": {
        "es": "Perfil traído de Medir: {country}.",
        "en": "Profile brought from Measure: {country}.",
        "pt": "Perfil trazido de Medir: {country}.",
    },
    "bad_profile": {
        "es": "Perfil no válido: {err}",
        "en": "Invalid profile: {err}",
        "pt": "Perfil inválido: {err}",
    },
    "no_recs": {
        "es": "Ningún programa coincide: pruebe otras necesidades, menos regiones o incluya los programas de su país.",
        "en": "No program matched: try other needs, fewer regions, or include your own country's programs.",
        "pt": "Nenhum programa corresponde: tente outras necessidades, menos regiões ou inclua os programas do seu país.",
    },
    "score": {"es": "puntaje", "en": "score", "pt": "pontuação"},
    "why": {"es": "Por qué", "en": "Why", "pt": "Por quê"},
    "transfer": {
        "es": "Condiciones para transferir",
        "en": "Conditions for transfer",
        "pt": "Condições para transferir",
    },
    "citations": {"es": "Citas", "en": "Citations", "pt": "Citações"},
    "map_title": {
        "es": "De dónde vienen los programas recomendados",
        "en": "Where the recommended programs come from",
        "pt": "De onde vêm os programas recomendados",
    },
    "programs_n": {"es": "programas", "en": "programs", "pt": "programas"},
    "own_programs": {
        "es": "Ya existen en {country}",
        "en": "Already in place in {country}",
        "pt": "Já existem no seu país ({country})",
    },
    "to_brief": {
        "es": "Hacer un informe con estos programas",
        "en": "Make a brief of these programs",
        "pt": "Fazer um relatório com estes programas",
    },
    "fields": {"es": "Ficha", "en": "Fact sheet", "pt": "Ficha"},
    "case_text": {"es": "Estudio de caso", "en": "Case study", "pt": "Estudo de caso"},
    "mentions": {
        "es": "Pasajes de otros documentos que lo mencionan",
        "en": "Passages of other documents that mention it",
        "pt": "Trechos de outros documentos que o mencionam",
    },
    "no_mentions": {
        "es": "Ningún otro documento del índice lo menciona.",
        "en": "No other indexed document mentions it.",
        "pt": "Nenhum outro documento do índice o menciona.",
    },
    "fld_id": {"es": "Identificador", "en": "Id", "pt": "Identificador"},
    "fld_aliases": {"es": "Otros nombres", "en": "Other names", "pt": "Outros nomes"},
    "status_active": {"es": "vigente", "en": "active", "pt": "vigente"},
    "status_closed": {"es": "cerrado", "en": "closed", "pt": "encerrado"},
    "status_unknown": {"es": "sin información", "en": "unknown", "pt": "sem informação"},
    "no_programs": {
        "es": "No hay estudios de caso en {path}.",
        "en": "No case studies in {path}.",
        "pt": "Não há estudos de caso em {path}.",
    },
    "cmp_title": {"es": "Comparar programas", "en": "Compare programs", "pt": "Comparar programas"},
    "cmp_pick": {
        "es": "Elija de 2 a 5 programas",
        "en": "Pick 2 to 5 programs",
        "pt": "Escolha de 2 a 5 programas",
    },
    "cmp_need_two": {
        "es": "Elija al menos dos programas.",
        "en": "Pick at least two programs.",
        "pt": "Escolha pelo menos dois programas.",
    },
    "cmp_unknown": {
        "es": "El enlace nombra programas que no están en el corpus y se omitieron: {ids}.",
        "en": "The link names programs that are not in the corpus; left out: {ids}.",
        "pt": "O link indica programas que não estão no corpus e foram omitidos: {ids}.",
    },
    "cmp_add_hit": {"es": "Comparar", "en": "Compare", "pt": "Comparar"},
    "cmp_added": {
        "es": "{name} se añadió a la comparación ({n} de {most}); ábrala en Comparar.",
        "en": "{name} added to the comparison ({n} of {most}); open it in Compare.",
        "pt": "{name} foi adicionado à comparação ({n} de {most}); abra-a em Comparar.",
    },
    "cmp_full": {
        "es": "La comparación ya tiene {n} programas; quite uno en Comparar.",
        "en": "The comparison already holds {n} programs; remove one in Compare.",
        "pt": "A comparação já tem {n} programas; remova um em Comparar.",
    },
    "cmp_link": {
        "es": "El enlace de esta página abre la misma comparación.",
        "en": "This page's link opens the same comparison.",
        "pt": "O link desta página abre a mesma comparação.",
    },
    "download": {"es": "Descargar", "en": "Download", "pt": "Baixar"},
    "preview": {"es": "Vista previa", "en": "Preview", "pt": "Pré-visualização"},
    "pdf_unavailable": {
        "es": "PDF no disponible: {err}",
        "en": "PDF not available: {err}",
        "pt": "PDF indisponível: {err}",
    },
    "ins_title": {"es": "Panorama del corpus", "en": "Corpus insights", "pt": "Panorama do corpus"},
    "by_instrument": {
        "es": "Programas por instrumento y región",
        "en": "Programs by instrument and region",
        "pt": "Programas por instrumento e região",
    },
    "by_evidence": {
        "es": "Programas por nivel de evidencia",
        "en": "Programs by evidence level",
        "pt": "Programas por nível de evidência",
    },
    "by_decade": {
        "es": "Programas por década de inicio",
        "en": "Programs by decade of start",
        "pt": "Programas por década de início",
    },
    "map_corpus": {
        "es": "De dónde vienen los programas del corpus",
        "en": "Where the corpus programs come from",
        "pt": "De onde vêm os programas do corpus",
    },
    "country_ref": {
        "es": "Referencia de países (grupos de ingreso del Banco Mundial)",
        "en": "Country reference (World Bank income groups)",
        "pt": "Referência de países (grupos de renda do Banco Mundial)",
    },
    "col_region": {"es": "Región", "en": "Region", "pt": "Região"},
    "col_subregion": {"es": "Subregión", "en": "Subregion", "pt": "Sub-região"},
    "col_income": {"es": "Grupo de ingreso", "en": "Income group", "pt": "Grupo de renda"},
    "col_programs": {"es": "Programas", "en": "Programs", "pt": "Programas"},
    "col_count": {"es": "Cantidad", "en": "Count", "pt": "Quantidade"},
    "col_decade": {"es": "Década", "en": "Decade", "pt": "Década"},
    "unknown_year": {"es": "sin año", "en": "no year", "pt": "sem ano"},
    "st_version": {"es": "Versión", "en": "Version", "pt": "Versão"},
    "st_built": {"es": "Construido", "en": "Built", "pt": "Construído"},
    "st_encoder": {"es": "Modelo", "en": "Model", "pt": "Modelo"},
    "st_docs": {"es": "Documentos", "en": "Documents", "pt": "Documentos"},
    "st_chunks": {"es": "Pasajes", "en": "Passages", "pt": "Trechos"},
    "st_by_type": {
        "es": "Documentos por tipo e idioma",
        "en": "Documents by type and language",
        "pt": "Documentos por tipo e idioma",
    },
    "st_documents": {
        "es": "Documentos indexados",
        "en": "Indexed documents",
        "pt": "Documentos indexados",
    },
    "st_latency": {
        "es": "Latencia de las últimas búsquedas",
        "en": "Latency of the last searches",
        "pt": "Latência das últimas buscas",
    },
    "st_no_queries": {
        "es": "Aún no hubo búsquedas en este servidor.",
        "en": "No searches on this server yet.",
        "pt": "Ainda não houve buscas neste servidor.",
    },
    "col_title": {"es": "Título", "en": "Title", "pt": "Título"},
    "col_type": {"es": "Tipo", "en": "Type", "pt": "Tipo"},
    "col_year": {"es": "Año", "en": "Year", "pt": "Ano"},
    "col_pages": {"es": "Páginas", "en": "Pages", "pt": "Páginas"},
    "col_ms": {"es": "ms", "en": "ms", "pt": "ms"},
    "col_hits": {"es": "Resultados", "en": "Hits", "pt": "Resultados"},
    "col_when": {"es": "Cuándo (UTC)", "en": "When (UTC)", "pt": "Quando (UTC)"},
}

DOC_TYPE: Labels = {  # t("doc_type.<type>"); file formats (pdf, html…) have none
    "program": {"es": "estudio de caso", "en": "case study", "pt": "estudo de caso"},
    "policy-note": {"es": "nota de política", "en": "policy note", "pt": "nota de política"},
    "repository-record": {
        "es": "registro de repositorio",
        "en": "repository record",
        "pt": "registro de repositório",
    },
    "text": {"es": "texto", "en": "text", "pt": "texto"},
}
