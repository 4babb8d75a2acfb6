# ruff: noqa: E501  -- label tables: one key per line reads better than wrapped strings
"""The words of the cited-page viewer, the comparison, the brief and the recommendation pages,
in Spanish, English and Portuguese; plain keys like the app's own (kb.vocab.labels_app)."""

from __future__ import annotations

from kb.vocab.labels_app import Labels

VIEWS: Labels = {  # t(key)
    "nav_viewer": {"es": "Página citada", "en": "Cited page", "pt": "Página citada"},
    "view_none": {
        "es": "Abra una cita desde Buscar, Programa, Recomendar o Informe para ver su página.",
        "en": "Open a citation from Search, Program, Recommend or Brief to see its page.",
        "pt": "Abra uma citação em Buscar, Programa, Recomendar ou Relatório para ver a página.",
    },
    "view_open_page": {
        "es": "Ver la página citada",
        "en": "See the cited page",
        "pt": "Ver a página citada",
    },
    "view_open_section": {
        "es": "Ver la sección citada",
        "en": "See the cited section",
        "pt": "Ver a seção citada",
    },
    "view_page_of": {
        "es": "Página {n} de {total}",
        "en": "Page {n} of {total}",
        "pt": "Página {n} de {total}",
    },
    "view_go_page": {"es": "Ir a la página", "en": "Go to page", "pt": "Ir para a página"},
    "view_highlight": {
        "es": "En amarillo: el pasaje citado.",
        "en": "In yellow: the cited passage.",
        "pt": "Em amarelo: o trecho citado.",
    },
    "view_no_match": {
        "es": "No se encontró el pasaje sobre esta página (texto escaneado o con otra maquetación).",
        "en": "The passage could not be located on this page (scanned or differently laid out text).",
        "pt": "O trecho não foi localizado nesta página (texto digitalizado ou com outra diagramação).",
    },
    "view_changed": {
        "es": "El archivo cambió después de indexarse: la página puede no coincidir con la cita.",
        "en": "The file changed after it was indexed: the page may not match the citation.",
        "pt": "O arquivo mudou depois de indexado: a página pode não corresponder à citação.",
    },
    "view_section": {"es": "Sección", "en": "Section", "pt": "Seção"},
    "view_error": {
        "es": "No se puede mostrar esta cita: {err}",
        "en": "This citation cannot be shown: {err}",
        "pt": "Esta citação não pode ser exibida: {err}",
    },
    "pick_type": {
        "es": "Escriba un nombre y pulse Enter…",
        "en": "Type a name and press Enter…",
        "pt": "Digite um nome e tecle Enter…",
    },
    "pick_help": {
        "es": "Se añade un programa cada vez, hasta {n}.",
        "en": "One program is added at a time, up to {n}.",
        "pt": "Um programa é adicionado por vez, até {n}.",
    },
    "pick_remove": {"es": "Quitar", "en": "Remove", "pt": "Remover"},
    "cmp_add": {
        "es": "Añadir un programa (de 2 a 5)",
        "en": "Add a program (2 to 5)",
        "pt": "Adicionar um programa (de 2 a 5)",
    },
    "map_one_program": {"es": "1 programa", "en": "1 program", "pt": "1 programa"},
    "map_n_programs": {"es": "{n} programas", "en": "{n} programs", "pt": "{n} programas"},
    "map_your_country": {
        "es": "{country} (su país)",
        "en": "{country} (your country)",
        "pt": "{country} (seu país)",
    },
    "map_regional": {
        "es": "Programas regionales",
        "en": "Regional programs",
        "pt": "Programas regionais",
    },
    "p_cond_intro": {
        "es": "Sobre su país: responda lo que sepa (quedan guardadas con el perfil). Cada programa muestra las condiciones de las que dependió, con su respuesta, para juzgar si se podría transferir; el orden sigue a sus necesidades.",
        "en": "About your country: answer what you know (saved with the profile). Each program shows the conditions it relied on, with your answer, so you can judge whether it would transfer; the order follows your needs.",
        "pt": "Sobre seu país: responda o que souber (fica salvo com o perfil). Cada programa mostra as condições de que dependeu, com a sua resposta, para julgar se seria transferível; a ordem segue as suas necessidades.",
    },
    "q.development-bank": {
        "es": "¿Hay un banco público de desarrollo?",
        "en": "Is there a public development bank?",
        "pt": "Há um banco público de desenvolvimento?",
    },
    "q.credit-bureau": {
        "es": "¿Funciona un buró o central de riesgos de crédito?",
        "en": "Does a credit bureau or credit registry work?",
        "pt": "Funciona um birô de crédito ou cadastro positivo?",
    },
    "q.banking-network": {
        "es": "¿Los bancos comerciales prestan a pymes?",
        "en": "Do commercial banks lend to small firms?",
        "pt": "Os bancos comerciais emprestam a PMEs?",
    },
    "q.fiscal-resources": {
        "es": "¿Hay presupuesto para capitalizar fondos o pagar subsidios?",
        "en": "Is there budget to capitalise funds or pay subsidies?",
        "pt": "Há orçamento para capitalizar fundos ou pagar subsídios?",
    },
    "q.e-government": {
        "es": "¿Hay trámites de gobierno en línea?",
        "en": "Can firms deal with government online?",
        "pt": "Há serviços de governo on-line?",
    },
    "q.e-invoicing": {
        "es": "¿Se usa la factura electrónica?",
        "en": "Is electronic invoicing in use?",
        "pt": "A nota fiscal eletrônica é usada?",
    },
    "q.customs-modernisation": {
        "es": "¿Las aduanas están modernizadas (trámite digital, ventanilla única)?",
        "en": "Are customs modernised (digital filing, single window)?",
        "pt": "As alfândegas são modernizadas (trâmite digital, guichê único)?",
    },
    "q.private-sponsors": {
        "es": "¿Hay empresas grandes dispuestas a patrocinar a sus proveedores?",
        "en": "Are large firms willing to sponsor their suppliers?",
        "pt": "Há grandes empresas dispostas a patrocinar seus fornecedores?",
    },
    "q.industrial-base": {
        "es": "¿Hay una base industrial de compradores y proveedores?",
        "en": "Is there an industrial base of buyers and suppliers?",
        "pt": "Há uma base industrial de compradores e fornecedores?",
    },
    "q.technical-institutes": {
        "es": "¿Hay institutos tecnológicos o de metrología públicos?",
        "en": "Are there public technology or metrology institutes?",
        "pt": "Há institutos públicos de tecnologia ou metrologia?",
    },
    "q.business-associations": {
        "es": "¿Hay gremios y asociaciones de exportadores activos?",
        "en": "Are business and exporter associations active?",
        "pt": "Há associações empresariais e de exportadores ativas?",
    },
    "q.local-offices": {
        "es": "¿Hay una red de centros empresariales locales?",
        "en": "Is there a network of local business centres?",
        "pt": "Há uma rede de centros empresariais locais?",
    },
    "q.postal-logistics": {
        "es": "¿Un operador postal o logístico llega a las pymes?",
        "en": "Does a postal or logistics operator reach small firms?",
        "pt": "Um operador postal ou logístico alcança as PMEs?",
    },
    "q.export-credit-agency": {
        "es": "¿Hay una agencia de crédito a la exportación?",
        "en": "Is there an export credit agency?",
        "pt": "Há uma agência de crédito à exportação?",
    },
    "q.trade-promotion-agency": {
        "es": "¿Hay una agencia de promoción con oficinas en el exterior?",
        "en": "Is there a trade promotion agency with offices abroad?",
        "pt": "Há uma agência de promoção com escritórios no exterior?",
    },
    "rec_direct": {
        "es": "“{need}” — programas que atienden directamente esta necesidad: {listed} en esta lista, {total} en la biblioteca.",
        "en": "“{need}” — programs that serve this need directly: {listed} in this list, {total} in the library.",
        "pt": "“{need}” — programas que atendem diretamente esta necessidade: {listed} nesta lista, {total} na biblioteca.",
    },
    "rec_needs_read": {
        "es": "Necesidades leídas de su texto: {needs}.",
        "en": "Needs read from your text: {needs}.",
        "pt": "Necessidades lidas do seu texto: {needs}.",
    },
    "rec_needs_read_cli": {
        "es": "Para elegirlas usted, use --need (kb recommend --help).",
        "en": "To choose them yourself, use --need (kb recommend --help).",
        "pt": "Para escolhê-las você mesmo, use --need (kb recommend --help).",
    },
    "rec_needs_read_app": {
        "es": "Para elegirlas usted, márquelas en «Necesidades» (o pulse «Usar estas necesidades»).",
        "en": "To choose them yourself, pick them under “Needs” (or press “Use these needs”).",
        "pt": "Para escolhê-las você mesmo, marque-as em “Necessidades” (ou clique em “Usar estas necessidades”).",
    },
    "rec_needs_seen": {
        "es": "Su texto parece describir estas necesidades: {needs}.",
        "en": "Your text seems to describe these needs: {needs}.",
        "pt": "Seu texto parece descrever estas necessidades: {needs}.",
    },
    "rec_needs_seen_cli": {
        "es": "Para ordenar con ellas: {flags}",
        "en": "To rank with them: {flags}",
        "pt": "Para ordenar com elas: {flags}",
    },
    "rec_needs_seen_app": {
        "es": "Para ordenar con ellas, pulse «Usar estas necesidades» y luego «Recomendar».",
        "en": "To rank with them, press “Use these needs”, then “Recommend”.",
        "pt": "Para ordenar com elas, clique em “Usar estas necessidades” e depois em “Recomendar”.",
    },
    "rec_use_needs": {
        "es": "Usar estas necesidades",
        "en": "Use these needs",
        "pt": "Usar estas necessidades",
    },
    "rec_unknown": {
        "es": "Su perfil no dice si su país tiene: {items}. Algunos programas de abajo dependen de ello; respóndalo en el perfil para ver cuáles se podrían transferir.",
        "en": "Your profile does not say whether your country has: {items}. Some programs below rely on it; answer in the profile to see which would transfer.",
        "pt": "Seu perfil não diz se seu país tem: {items}. Alguns programas abaixo dependem disso; responda no perfil para saber quais seriam transferíveis.",
    },
    "view_zoom": {
        "es": "El pasaje, ampliado",
        "en": "The passage, enlarged",
        "pt": "O trecho, ampliado",
    },
    # the Brief page
    "brief_title": {
        "es": "Informe para una reunión",
        "en": "Brief for a meeting",
        "pt": "Relatório para uma reunião",
    },
    "brief_from": {"es": "A partir de", "en": "Build from", "pt": "A partir de"},
    "brief_profile": {
        "es": "El perfil actual (Recomendar)",
        "en": "The current profile (Recommend)",
        "pt": "O perfil atual (Recomendar)",
    },
    "brief_selection": {
        "es": "Una selección de programas",
        "en": "A selection of programs",
        "pt": "Uma seleção de programas",
    },
    "brief_no_profile": {
        "es": "Aún no hay perfil: complete el formulario en Recomendar.",
        "en": "No profile yet: fill in the form on Recommend.",
        "pt": "Ainda não há perfil: preencha o formulário em Recomendar.",
    },
    "brief_stale": {
        "es": "La selección cambió desde el último informe: pulse «Preparar informe».",
        "en": "The selection changed since the last brief: press “Build brief”.",
        "pt": "A seleção mudou desde o último relatório: clique em “Preparar relatório”.",
    },
    "brief_pick": {
        "es": "Programas del informe (1 a 5)",
        "en": "Programs in the brief (1 to 5)",
        "pt": "Programas do relatório (1 a 5)",
    },
    "brief_build": {"es": "Preparar informe", "en": "Build brief", "pt": "Preparar relatório"},
}
