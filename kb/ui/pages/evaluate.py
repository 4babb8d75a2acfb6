"""Page script run by st.navigation (see app.py); the page itself is kb.ui.evaluate_page."""

from kb.ui.evaluate_page import render
from kb.ui.state import lang

render(lang())
