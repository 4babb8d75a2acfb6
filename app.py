"""kb's Streamlit app: `streamlit run app.py` (or `scripts/dev app`).

Only wiring lives here: page config, the language switch, the first-run index build and the
page list. Each page is a script in kb/ui/pages/ that calls a render() in kb/ui/.
"""

from __future__ import annotations

import streamlit as st

from kb.ui.app import main

# No page_icon: a Material icon favicon would be fetched from fonts.gstatic.com at run time.
st.set_page_config(page_title="kb", layout="wide")
main()
