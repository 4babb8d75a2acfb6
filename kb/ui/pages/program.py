"""Page script run by st.navigation (see app.py); the page itself is kb.ui.program_page."""

from kb.ui.program_page import render

render()
