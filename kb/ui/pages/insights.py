"""Page script run by st.navigation (see app.py); the page itself is kb.ui.insights_page."""

from kb.ui.insights_page import render

render()
