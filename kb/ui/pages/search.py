"""Page script run by st.navigation (see app.py); the page itself is kb.ui.search_page."""

from kb.ui.search_page import render

render()
