"""Page script run by st.navigation (see app.py); the page itself is kb.ui.status_page."""

from kb.ui.status_page import render

render()
