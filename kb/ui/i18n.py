"""Interface labels of the Streamlit app in Spanish, English and Portuguese.

Vocabulary labels (needs, instruments, conditions, evidence) come from kb.taxonomy and country
names from kb.countries; this table holds only the app's own words. `t()` falls back to English,
so a missing translation shows English, never a key.
"""

from __future__ import annotations

LANGS = ("es", "en", "pt")
LANG_NAMES = {"es": "Español", "en": "English", "pt": "Português"}

_L: dict[str, tuple[str, str, str]] = {  # key: (es, en, pt)
    "app_title": ("kb: políticas para pymes", "kb: SME policy", "kb: políticas para PMEs"),
    "language": ("Idioma", "Language", "Idioma"),
    "from_scan": ("Texto reconocido de un escaneo (confianza {conf} %)",
                  "Text recognised from a scan (confidence {conf} %)",
                  "Texto reconhecido de uma digitalização (confiança {conf} %)"),
    "choose": ("Elegir…", "Choose…", "Escolher…"),
    "nav_search": ("Buscar", "Search", "Buscar"),
    "nav_recommend": ("Recomendar", "Recommend", "Recomendar"),
    "nav_program": ("Programa", "Program", "Programa"),
    "nav_compare": ("Comparar", "Compare", "Comparar"),
    "nav_brief": ("Informe", "Brief", "Relatório"),
    "nav_insights": ("Panorama", "Insights", "Panorama"),
    "nav_status": ("Estado del índice", "Index status", "Estado do índice"),
    "nav_measure": ("Medir", "Measure", "Medir"),
    "nav_evaluate": ("Evaluar", "Evaluate", "Avaliar"),
    "nav_curate": ("Curar", "Curate", "Curar"),
    "building": ("Construyendo el índice del corpus (solo la primera vez)…",
                 "Building the corpus index (first run only)…",
                 "Construindo o índice do corpus (só na primeira vez)…"),
    "build_failed": ("No se pudo construir el índice: {err}",
                     "The index could not be built: {err}",
                     "Não foi possível construir o índice: {err}"),
    "no_index": ("No hay índice «{name}» en {path}. Ejecute `kb build` o recargue la página.",
                 "No index “{name}” in {path}. Run `kb build` or reload the page.",
                 "Não há índice «{name}» em {path}. Execute `kb build` ou recarregue a página."),
    "loading": ("Cargando el índice y los modelos…", "Loading the index and the models…",
                "Carregando o índice e os modelos…"),
    "rebuilding": ("Reconstruyendo el índice del corpus…", "Rebuilding the corpus index…",
                   "Reconstruindo o índice do corpus…"),
    "rebuild": ("Reconstruir el índice con la configuración actual",
                "Rebuild the index with the current settings",
                "Reconstruir o índice com a configuração atual"),
    "not_available": ("Esta función aún no está disponible: falta el módulo {module}.",
                      "This feature is not available yet: module {module} is missing.",
                      "Este recurso ainda não está disponível: falta o módulo {module}."),
    # search
    "search_title": ("Buscar en la biblioteca", "Search the library", "Buscar na biblioteca"),
    "search_help": ("Escriba en cualquier idioma y presione Enter.",
                    "Type in any language and press Enter.",
                    "Escreva em qualquer idioma e pressione Enter."),
    "query": ("Consulta", "Query", "Consulta"),
    "query_ph": ("p. ej. garantías de crédito para pymes exportadoras",
                 "e.g. credit guarantees for exporting SMEs",
                 "ex. garantias de crédito para PMEs exportadoras"),
    "filters": ("Filtros", "Filters", "Filtros"),
    "f_country": ("País", "Country", "País"),
    "f_region": ("Región", "Region", "Região"),
    "f_instrument": ("Instrumento", "Instrument", "Instrumento"),
    "f_need": ("Necesidad", "Need", "Necessidade"),
    "f_language": ("Idioma del documento", "Document language", "Idioma do documento"),
    "f_doc_type": ("Tipo de documento", "Document type", "Tipo de documento"),
    "f_years": ("Años", "Years", "Anos"),
    "f_evidence": ("Evidencia", "Evidence", "Evidências"),
    "n_results": ("{n} pasajes · {ms:.0f} ms", "{n} passages · {ms:.0f} ms",
                  "{n} trechos · {ms:.0f} ms"),
    "no_results_filters": (
        "Ningún documento cumple a la vez estos filtros: {filters}. Quite alguno.",
        "No document meets all these filters at once: {filters}. Remove some of them.",
        "Nenhum documento atende a todos estes filtros: {filters}. Remova algum."),
    "no_results_query": (
        "{docs} documentos cumplen los filtros ({filters}), pero ninguno de sus pasajes "
        "responde a la consulta. Quite filtros o use otras palabras.",
        "{docs} documents meet the filters ({filters}), but none of their passages answers the "
        "query. Remove filters or try other words.",
        "{docs} documentos atendem aos filtros ({filters}), mas nenhum trecho responde à "
        "consulta. Remova filtros ou use outras palavras."),
    "no_results": ("Ningún pasaje responde a la consulta. Pruebe con otras palabras.",
                   "No passage answers the query. Try other words.",
                   "Nenhum trecho responde à consulta. Tente outras palavras."),
    "page": ("p.", "p.", "p."),
    "full_passage": ("Pasaje completo", "Full passage", "Trecho completo"),
    "open_program": ("Ver programa", "Open program", "Ver programa"),
    "open_document": ("Abrir documento", "Open document", "Abrir documento"),
    "download_document": ("Descargar documento", "Download document", "Baixar documento"),
    "source": ("Fuente", "Source", "Fonte"),
    # recommend
    "rec_title": ("Programas de los que aprender", "Programs to learn from",
                  "Programas com os quais aprender"),
    "rec_intro": ("Describa su país y sus necesidades; kb ordena los estudios de caso de otros "
                  "países y explica por qué.",
                  "Describe your country and its needs; kb ranks case studies from other "
                  "countries and explains why.",
                  "Descreva seu país e suas necessidades; o kb ordena estudos de caso de outros "
                  "países e explica por quê."),
    "p_country": ("Su país", "Your country", "Seu país"),
    "p_country_missing": ("Elija su país.", "Choose your country.", "Escolha seu país."),
    "p_needs": ("Necesidades", "Needs", "Necessidades"),
    "p_text": ("¿Qué problema quiere resolver? (texto libre)",
               "What problem are you solving? (free text)",
               "Que problema você quer resolver? (texto livre)"),
    "p_conditions": ("Condiciones que tiene su país", "Conditions your country has",
                     "Condições que seu país tem"),
    "p_regions": ("Regiones de las que aprender (vacío: todas)",
                  "Regions to learn from (empty: all)",
                  "Regiões com as quais aprender (vazio: todas)"),
    "p_top": ("Número de programas", "Number of programs", "Número de programas"),
    "p_own": ("Incluir programas de mi país", "Include my country's programs",
              "Incluir programas do meu país"),
    "yes": ("sí", "yes", "sim"), "no": ("no", "no", "não"),
    "unknown": ("no sé", "don't know", "não sei"),
    "recommend": ("Recomendar", "Recommend", "Recomendar"),
    "save_profile": ("Guardar perfil (YAML)", "Save profile (YAML)", "Salvar perfil (YAML)"),
    "load_profile": ("Cargar perfil (YAML)", "Load profile (YAML)", "Carregar perfil (YAML)"),
    "profile_loaded": ("Perfil cargado: {country}.", "Profile loaded: {country}.",
                       "Perfil carregado: {country}."),
    "profile_from_measure": ("Perfil traído de Medir: {country}.",
                             "Profile brought from Measure: {country}.",
                             "Perfil trazido de Medir: {country}."),
    "bad_profile": ("Perfil no válido: {err}", "Invalid profile: {err}",
                    "Perfil inválido: {err}"),
    "no_recs": ("Ningún programa coincide: pruebe otras necesidades, menos regiones o incluya "
                "los programas de su país.",
                "No program matched: try other needs, fewer regions, or include your own "
                "country's programs.",
                "Nenhum programa corresponde: tente outras necessidades, menos regiões ou inclua "
                "os programas do seu país."),
    "score": ("puntaje", "score", "pontuação"),
    "why": ("Por qué", "Why", "Por quê"),
    "transfer": ("Condiciones para transferir", "Conditions for transfer",
                 "Condições para transferir"),
    "citations": ("Citas", "Citations", "Citações"),
    "map_title": ("De dónde vienen los programas recomendados",
                  "Where the recommended programs come from",
                  "De onde vêm os programas recomendados"),
    "programs_n": ("programas", "programs", "programas"),
    "own_programs": ("Ya existen en {country}", "Already in place in {country}",
                     "Já existem em {country}"),
    "to_brief": ("Hacer un informe con estos programas", "Make a brief of these programs",
                 "Fazer um relatório com estes programas"),
    # program
    "pick_program": ("Programa", "Program", "Programa"),
    "fields": ("Ficha", "Fact sheet", "Ficha"),
    "case_text": ("Estudio de caso", "Case study", "Estudo de caso"),
    "mentions": ("Pasajes de otros documentos que lo mencionan",
                 "Passages of other documents that mention it",
                 "Trechos de outros documentos que o mencionam"),
    "no_mentions": ("Ningún otro documento del índice lo menciona.",
                    "No other indexed document mentions it.",
                    "Nenhum outro documento do índice o menciona."),
    "fld_id": ("Identificador", "Id", "Identificador"),
    "fld_aliases": ("Otros nombres", "Other names", "Outros nomes"),
    "fld_agency": ("Institución", "Agency", "Instituição"),
    "fld_country": ("País", "Country", "País"),
    "fld_years": ("Años", "Years", "Anos"),
    "fld_status": ("Estado", "Status", "Situação"),
    "fld_instruments": ("Instrumentos", "Instruments", "Instrumentos"),
    "fld_needs": ("Necesidades", "Needs", "Necessidades"),
    "status_active": ("vigente", "active", "vigente"),
    "status_closed": ("cerrado", "closed", "encerrado"),
    "status_unknown": ("sin información", "unknown", "sem informação"),
    "fld_target": ("Empresas objetivo", "Target firms", "Empresas-alvo"),
    "fld_language": ("Idioma", "Language", "Idioma"),
    "fld_evidence": ("Evidencia", "Evidence", "Evidências"),
    "fld_conditions": ("Condiciones de las que depende", "Conditions it relied on",
                       "Condições das quais depende"),
    "fld_sources": ("Fuentes", "Sources", "Fontes"),
    "no_programs": ("No hay estudios de caso en {path}.", "No case studies in {path}.",
                    "Não há estudos de caso em {path}."),
    # compare
    "cmp_title": ("Comparar programas", "Compare programs", "Comparar programas"),
    "cmp_pick": ("Elija de 2 a 5 programas", "Pick 2 to 5 programs", "Escolha de 2 a 5 programas"),
    "cmp_need_two": ("Elija al menos dos programas.", "Pick at least two programs.",
                     "Escolha pelo menos dois programas."),
    "download": ("Descargar", "Download", "Baixar"),
    # brief
    "brief_title": ("Informe para una reunión", "Brief for a meeting",
                    "Relatório para uma reunião"),
    "brief_from": ("A partir de", "Build from", "A partir de"),
    "brief_profile": ("El perfil actual (Recomendar)", "The current profile (Recommend)",
                      "O perfil atual (Recomendar)"),
    "brief_selection": ("Una selección de programas", "A selection of programs",
                        "Uma seleção de programas"),
    "brief_no_profile": ("Aún no hay perfil: complete el formulario en Recomendar.",
                         "No profile yet: fill in the form on Recommend.",
                         "Ainda não há perfil: preencha o formulário em Recomendar."),
    "brief_pick": ("Programas del informe (1 a 5)", "Programs in the brief (1 to 5)",
                   "Programas do relatório (1 a 5)"),
    "brief_build": ("Preparar informe", "Build brief", "Preparar relatório"),
    "preview": ("Vista previa", "Preview", "Pré-visualização"),
    "pdf_unavailable": ("PDF no disponible: {err}", "PDF not available: {err}",
                        "PDF indisponível: {err}"),
    # insights
    "ins_title": ("Panorama del corpus", "Corpus insights", "Panorama do corpus"),
    "by_instrument": ("Programas por instrumento y región", "Programs by instrument and region",
                      "Programas por instrumento e região"),
    "by_evidence": ("Programas por nivel de evidencia", "Programs by evidence level",
                    "Programas por nível de evidência"),
    "by_decade": ("Programas por década de inicio", "Programs by decade of start",
                  "Programas por década de início"),
    "map_corpus": ("De dónde vienen los programas del corpus",
                   "Where the corpus programs come from", "De onde vêm os programas do corpus"),
    "country_ref": ("Referencia de países (grupos de ingreso del Banco Mundial)",
                    "Country reference (World Bank income groups)",
                    "Referência de países (grupos de renda do Banco Mundial)"),
    "col_country": ("País", "Country", "País"),
    "col_region": ("Región", "Region", "Região"),
    "col_subregion": ("Subregión", "Subregion", "Sub-região"),
    "col_income": ("Grupo de ingreso", "Income group", "Grupo de renda"),
    "col_programs": ("Programas", "Programs", "Programas"),
    "col_count": ("Cantidad", "Count", "Quantidade"),
    "col_decade": ("Década", "Decade", "Década"),
    "unknown_year": ("sin año", "no year", "sem ano"),
    # status
    "st_title": ("Estado del índice", "Index status", "Estado do índice"),
    "st_version": ("Versión", "Version", "Versão"),
    "st_built": ("Construido", "Built", "Construído"),
    "st_encoder": ("Modelo", "Model", "Modelo"), "st_docs": ("Documentos", "Documents",
                                                            "Documentos"),
    "st_chunks": ("Pasajes", "Passages", "Trechos"),
    "st_by_type": ("Documentos por tipo e idioma", "Documents by type and language",
                   "Documentos por tipo e idioma"),
    "st_documents": ("Documentos indexados", "Indexed documents", "Documentos indexados"),
    "st_latency": ("Latencia de las últimas búsquedas", "Latency of the last searches",
                   "Latência das últimas buscas"),
    "st_no_queries": ("Aún no hubo búsquedas en este servidor.",
                      "No searches on this server yet.", "Ainda não houve buscas neste servidor."),
    "col_title": ("Título", "Title", "Título"), "col_type": ("Tipo", "Type", "Tipo"),
    "col_lang": ("Idioma", "Language", "Idioma"), "col_year": ("Año", "Year", "Ano"),
    "col_pages": ("Páginas", "Pages", "Páginas"), "col_query": ("Consulta", "Query", "Consulta"),
    "col_ms": ("ms", "ms", "ms"), "col_hits": ("Resultados", "Hits", "Resultados"),
    "col_when": ("Cuándo (UTC)", "When (UTC)", "Quando (UTC)"),
}
_POS = {lang: i for i, lang in enumerate(LANGS)}

DOC_TYPES: dict[str, tuple[str, str, str]] = {  # kb's document types: (es, en, pt)
    "program": ("estudio de caso", "case study", "estudo de caso"),
    "policy-note": ("nota de política", "policy note", "nota de política"),
    "repository-record": ("registro de repositorio", "repository record",
                          "registro de repositório"),
    "text": ("texto", "text", "texto"),
}


def doc_type_label(doc_type: str, lang: str) -> str:
    """A document type in the interface language; file formats (pdf, html ...) stay as they are."""
    labels = DOC_TYPES.get(doc_type)
    return labels[_POS.get(lang, 1)] if labels else doc_type


def t(key: str, lang: str, **values: object) -> str:
    """The label `key` in `lang` (es, en, pt), formatted with `values`."""
    labels = _L[key]
    text = labels[_POS.get(lang, 1)] or labels[1]
    return text.format(**values) if values else text


def page_label(labels: dict[str, dict[str, str]], key: str, lang: str, **values: object) -> str:
    """`key` in `lang` from a page's own table ({lang: {key: text}}), English when missing."""
    text = labels.get(lang, labels["en"]).get(key) or labels["en"][key]
    return text.format(**values) if values else text


def label_keys() -> list[str]:
    return list(_L)
