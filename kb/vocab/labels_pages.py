# ruff: noqa: E501  -- label tables: one key per line reads better than wrapped strings
"""Words of the Curate, Evaluate, Measure and Insights pages.

One shape for every table: {key: {"es": ..., "en": ..., "pt": ...}}; look labels up with
`kb.vocab.labels.t`.
"""

from __future__ import annotations

Labels = dict[str, dict[str, str]]

CURATE: Labels = {  # t("curate.<key>")
    "title": {"es": "Curaduría", "en": "Curate", "pt": "Curadoria"},
    "login": {
        "es": "Inicie sesión para curar",
        "en": "Sign in to curate",
        "pt": "Entre para fazer curadoria",
    },
    "user": {"es": "Usuario", "en": "User name", "pt": "Usuário"},
    "password": {"es": "Contraseña", "en": "Password", "pt": "Senha"},
    "sign_in": {"es": "Entrar", "en": "Sign in", "pt": "Entrar"},
    "sign_out": {"es": "Salir", "en": "Sign out", "pt": "Sair"},
    "bad_login": {
        "es": "Usuario o contraseña incorrectos.",
        "en": "Wrong user name or password.",
        "pt": "Usuário ou senha incorretos.",
    },
    "slow_down": {
        "es": "Demasiados intentos fallidos: espere {seconds} s antes de intentar de nuevo.",
        "en": "Too many failed sign-ins: wait {seconds} s before trying again.",
        "pt": "Muitas tentativas falhas: aguarde {seconds} s antes de tentar de novo.",
    },
    "login_error": {
        "es": "Inicio de sesión rechazado: {reason}",
        "en": "Sign-in refused: {reason}",
        "pt": "Entrada recusada: {reason}",
    },
    "no_users": {
        "es": "Aún no hay cuentas de curaduría: un operador crea una con `kb users add NOMBRE`.",
        "en": "No curator account exists yet: an operator adds one with `kb users add NAME`.",
        "pt": "Ainda não há contas de curadoria: um operador cria uma com `kb users add NOME`.",
    },
    "signed_in": {"es": "Sesión de {user}", "en": "Signed in as {user}", "pt": "Sessão de {user}"},
    "upload": {"es": "Subir", "en": "Upload", "pt": "Enviar"},
    "review": {"es": "Revisión", "en": "Review queue", "pt": "Revisão"},
    "documents": {"es": "Documentos", "en": "Documents", "pt": "Documentos"},
    "reindex": {"es": "Reindexar", "en": "Re-index", "pt": "Reindexar"},
    "files": {"es": "Archivos a agregar", "en": "Files to add", "pt": "Arquivos a adicionar"},
    "send": {"es": "Subir y revisar", "en": "Upload and check", "pt": "Enviar e verificar"},
    "pending_n": {
        "es": "{n} documento(s) esperan revisión.",
        "en": "{n} document(s) wait for review.",
        "pt": "{n} documento(s) aguardam revisão.",
    },
    "failed": {  # {kind}: t("failure.<kind>"); {reason}: kb's English reason, names the fix
        "es": "{file}: {kind}. Detalle técnico (en inglés): {reason}",
        "en": "{file}: {kind}. Details: {reason}",
        "pt": "{file}: {kind}. Detalhe técnico (em inglês): {reason}",
    },
    "notice": {  # {notice}: t("notice.<key>"), kb.ingest.notices
        "es": "{file}: se incorporó, pero {notice}",
        "en": "{file}: added, but {notice}",
        "pt": "{file}: foi incluído, mas {notice}",
    },
    "duplicate": {
        "es": "{file}: mismo contenido que el documento {id}",
        "en": "{file}: same content as document {id}",
        "pt": "{file}: mesmo conteúdo do documento {id}",
    },
    "empty_queue": {
        "es": "No hay nada pendiente de revisión.",
        "en": "Nothing waits for review.",
        "pt": "Nada aguarda revisão.",
    },
    "near": {
        "es": "Casi duplicado de {id} (similitud {sim:.2f})",
        "en": "Near-duplicate of {id} (similarity {sim:.2f})",
        "pt": "Quase duplicata de {id} (similaridade {sim:.2f})",
    },
    "this": {"es": "Este documento", "en": "This document", "pt": "Este documento"},
    "original": {
        "es": "Documento al que se parece",
        "en": "Document it resembles",
        "pt": "Documento semelhante",
    },
    "note": {
        "es": "Nota (queda en el registro de auditoría)",
        "en": "Note (kept in the audit log)",
        "pt": "Nota (fica no registro de auditoria)",
    },
    "approve": {"es": "Aprobar", "en": "Approve", "pt": "Aprovar"},
    "reject": {"es": "Rechazar", "en": "Reject", "pt": "Rejeitar"},
    "retire_original": {
        "es": "Retirar el documento al que se parece",
        "en": "Retire the document it resembles",
        "pt": "Retirar o documento semelhante",
    },
    "done": {"es": "{id}: {status}", "en": "{id}: {status}", "pt": "{id}: {status}"},
    "pick": {"es": "Documento", "en": "Document", "pt": "Documento"},
    "save": {"es": "Guardar metadatos", "en": "Save metadata", "pt": "Salvar metadados"},
    "countries": {
        "es": "Países (ISO3, separados por comas)",
        "en": "Countries (ISO3, comma-separated)",
        "pt": "Países (ISO3, separados por vírgulas)",
    },
    "topics": {
        "es": "Temas: instrumentos y necesidades que trata (los filtros de búsqueda los usan)",
        "en": "Topics: instruments and needs it discusses (the search filters use them)",
        "pt": "Temas: instrumentos e necessidades que aborda (os filtros da busca os usam)",
    },
    "retire": {"es": "Retirar", "en": "Retire", "pt": "Retirar"},
    "saved": {"es": "Guardado.", "en": "Saved.", "pt": "Salvo."},
    "reindex_all": {
        "es": "Reindexar todos los documentos aprobados",
        "en": "Re-index all approved documents",
        "pt": "Reindexar todos os documentos aprovados",
    },
    "reindexed": {
        "es": "{n} documentos reindexados, {chunks} pasajes.",
        "en": "{n} documents re-indexed, {chunks} passages.",
        "pt": "{n} documentos reindexados, {chunks} trechos.",
    },
    "no_docs": {
        "es": "El catálogo de este índice está vacío.",
        "en": "The catalog of this index is empty.",
        "pt": "O catálogo deste índice está vazio.",
    },
    "status": {"es": "Estado", "en": "Status", "pt": "Situação"},
    "bad_country": {
        "es": "Código(s) ISO3 de país desconocido(s): {codes}",
        "en": "Unknown ISO3 country code(s): {codes}",
        "pt": "Código(s) ISO3 de país desconhecido(s): {codes}",
    },
    "bad_year": {
        "es": "El año debe ser un número, p. ej. 2019.",
        "en": "The year must be a number, e.g. 2019.",
        "pt": "O ano deve ser um número, p. ex. 2019.",
    },
}

EVALUATE: Labels = {  # t("evaluate.<key>")
    "title": {"es": "Evaluar la búsqueda", "en": "Evaluate search", "pt": "Avaliar a busca"},
    "intro": {
        "es": "La búsqueda de kb medida con las consultas y perfiles etiquetados de corpus/eval/: nDCG@10, Recall@10 y MRR (ranx) para la configuración instalada, BM25 solo y cada codificador solo.",
        "en": "kb's search measured on the labelled queries and country profiles shipped in corpus/eval/: nDCG@10, Recall@10 and MRR (ranx) for the shipped configuration, BM25 alone and each encoder alone.",
        "pt": "A busca do kb medida com as consultas e perfis rotulados de corpus/eval/: nDCG@10, Recall@10 e MRR (ranx) para a configuração instalada, só BM25 e cada codificador sozinho.",
    },
    "run": {
        "es": "Ejecutar la evaluación",
        "en": "Run the evaluation",
        "pt": "Executar a avaliação",
    },
    "running": {
        "es": "Construyendo índices y ejecutando consultas…",
        "en": "Building indexes and running every query…",
        "pt": "Construindo índices e executando consultas…",
    },
    "last": {
        "es": "Última ejecución: {when}, {n} consultas, {p} perfiles.",
        "en": "Last run: {when}, {n} queries, {p} profiles.",
        "pt": "Última execução: {when}, {n} consultas, {p} perfis.",
    },
    "none": {
        "es": "Aún no se ha ejecutado ninguna evaluación.",
        "en": "No evaluation has been run yet.",
        "pt": "Nenhuma avaliação foi executada ainda.",
    },
    "methods": {
        "es": "Consultas, por método",
        "en": "Queries, by method",
        "pt": "Consultas, por método",
    },
    "kinds": {"es": "Por tipo de consulta", "en": "By kind of query", "pt": "Por tipo de consulta"},
    "baseline": {
        "es": "{method} → referencia simple: {name}",
        "en": "{method} → simple baseline: {name}",
        "pt": "{method} → referência simples: {name}",
    },
    "baseline_text only": {"es": "solo texto", "en": "text only", "pt": "só texto"},
    "baseline_needs only": {
        "es": "solo necesidades",
        "en": "needs only",
        "pt": "só necessidades",
    },
    "profiles": {
        "es": "Perfiles con el recomendador (programas esperados entre los 10 primeros; y notas a ciegas de cada lista)",
        "en": "Profiles through the recommender (expected programs in the top 10; and each list graded blind)",
        "pt": "Perfis pelo recomendador (programas esperados entre os 10 primeiros; e notas às cegas de cada lista)",
    },
    "misses": {
        "es": "Consultas que el método instalado no acierta (nada pertinente en el top 10)",
        "en": "Queries the shipped method misses (nothing relevant in the top 10)",
        "pt": "Consultas que o método instalado erra (nada pertinente no top 10)",
    },
    "no_misses": {
        "es": "Ninguna consulta falla.",
        "en": "No query misses.",
        "pt": "Nenhuma consulta falha.",
    },
    "xquad": {
        "es": "XQuAD-R (recuperación de respuestas entre idiomas)",
        "en": "XQuAD-R (cross-lingual answer retrieval)",
        "pt": "XQuAD-R (recuperação de respostas entre idiomas)",
    },
    "xquad_path": {
        "es": "Carpeta de XQuAD-R",
        "en": "Folder with XQuAD-R",
        "pt": "Pasta do XQuAD-R",
    },
    "xquad_langs": {"es": "Idiomas", "en": "Languages", "pt": "Idiomas"},
    "xquad_run": {"es": "Ejecutar XQuAD-R", "en": "Run XQuAD-R", "pt": "Executar XQuAD-R"},
    "xquad_running": {
        "es": "Codificando y buscando (minutos)…",
        "en": "Encoding and searching (minutes)…",
        "pt": "Codificando e buscando (minutos)…",
    },
    "failed": {
        "es": "La evaluación falló: {err}",
        "en": "The evaluation failed: {err}",
        "pt": "A avaliação falhou: {err}",
    },
}

MEASURE: Labels = {  # t("measure.<key>")
    "title": {
        "es": "Medir la internacionalización de las pymes",
        "en": "Measure SME internationalization",
        "pt": "Medir a internacionalização das PMEs",
    },
    "intro": {
        "es": "Suba datos por empresa (CSV o Parquet: firm_id, year, employees y/o sales, exports; opcionales destination, product, value_added, buyers). Definiciones y fórmulas: docs/indicators.md.",
        "en": "Upload firm-level data (CSV or Parquet: firm_id, year, employees and/or sales, exports; optional destination, product, value_added, buyers). Definitions and formulas: docs/indicators.md.",
        "pt": "Envie dados por empresa (CSV ou Parquet: firm_id, year, employees e/ou sales, exports; opcionais destination, product, value_added, buyers). Definições e fórmulas: docs/indicators.md.",
    },
    "panel": {"es": "Panel de empresas", "en": "Firm panel", "pt": "Painel de empresas"},
    "links": {
        "es": "Vínculos proveedor→comprador (opcional)",
        "en": "Supplier→buyer links (optional)",
        "pt": "Vínculos fornecedor→comprador (opcional)",
    },
    "sizes": {"es": "Clases de tamaño", "en": "Size classes", "pt": "Classes de tamanho"},
    "example": {
        "es": "Probar con un panel sintético de ejemplo",
        "en": "Try a synthetic example panel",
        "pt": "Testar com um painel sintético de exemplo",
    },
    "warnings": {
        "es": "Avisos (las filas se conservan)",
        "en": "Warnings (rows kept)",
        "pt": "Avisos (as linhas são mantidas)",
    },
    "latest": {
        "es": "Último año, por tamaño",
        "en": "Latest year, by size class",
        "pt": "Último ano, por porte",
    },
    "indicator": {"es": "Indicador", "en": "Indicator", "pt": "Indicador"},
    "by_year": {"es": "Por año y tamaño", "en": "By year and size class", "pt": "Por ano e porte"},
    "country": {"es": "País de los datos", "en": "Country of the data", "pt": "País dos dados"},
    "use": {
        "es": "Usar estas brechas en Recomendar",
        "en": "Use these gaps in Recommend",
        "pt": "Usar estas lacunas em Recomendar",
    },
    "stored": {
        "es": "Perfil guardado para Recomendar. Abra la página Recomendar para ver programas.",
        "en": "Profile stored for Recommend. Open the Recommend page to see programs.",
        "pt": "Perfil salvo para Recomendar. Abra a página Recomendar para ver programas.",
    },
    "no_gaps": {
        "es": "Ningún indicador pyme está bajo los umbrales de brecha de kb; el perfil no tiene necesidades.",
        "en": "No SME indicator is below kb's gap thresholds; the profile has no needs.",
        "pt": "Nenhum indicador de PME está abaixo dos limiares de lacuna do kb; o perfil não tem necessidades.",
    },
    "needs": {
        "es": "Necesidades encontradas",
        "en": "Needs found",
        "pt": "Necessidades encontradas",
    },
    "source": {"es": "Datos", "en": "Data", "pt": "Dados"},
}

INSIGHTS: Labels = {  # t("insights.<key>"): the Insights page's parameter chart (issue 16)
    "param_title": {
        "es": "Parámetros de los programas",
        "en": "Program parameters",
        "pt": "Parâmetros dos programas",
    },
    "param_pick": {"es": "Parámetro", "en": "Parameter", "pt": "Parâmetro"},
    "param_chart": {
        "es": "{param} por programa ({unit})",
        "en": "{param} by program ({unit})",
        "pt": "{param} por programa ({unit})",
    },
    "param_none": {
        "es": "Ningún estudio de caso indica este parámetro con una cifra.",
        "en": "No case study states this parameter as a figure.",
        "pt": "Nenhum estudo de caso indica este parâmetro com um número.",
    },
    "param_left_out": {
        "es": "{n} programa(s) lo indican en otra unidad o solo con palabras: ver la tabla.",
        "en": "{n} program(s) state it in another unit or in words only: see the table.",
        "pt": "{n} programa(s) o indicam em outra unidade ou só com palavras: ver a tabela.",
    },
    "value": {"es": "Valor", "en": "Value", "pt": "Valor"},
    "statement": {
        "es": "Lo que dice la fuente",
        "en": "What the source says",
        "pt": "O que diz a fonte",
    },
    "as_of": {"es": "Verificado hasta", "en": "Checked up to", "pt": "Verificado até"},
}
