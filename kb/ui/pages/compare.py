"""Page script run by st.navigation (see app.py); the page itself is kb.ui.compare_page."""

from kb.ui.compare_page import render

render()
