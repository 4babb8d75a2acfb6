"""Page script run by st.navigation (see app.py); the page itself is kb.ui.recommend_page."""

from kb.ui.recommend_page import render

render()
