"""Page script run by st.navigation (see app.py); the page itself is kb.ui.brief_page."""

from kb.ui.brief_page import render

render()
