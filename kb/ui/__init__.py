"""Streamlit pages of the kb app; each module exposes `render(lang)`."""
