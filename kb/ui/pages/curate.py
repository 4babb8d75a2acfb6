"""Page script run by st.navigation (see app.py); the page itself is kb.ui.curate_page."""

from kb.ui.curate_page import render
from kb.ui.state import lang

render(lang())
