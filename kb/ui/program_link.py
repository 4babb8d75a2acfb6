"""A page's programs carried in its link (`?ids=a,b,c`), so a comparison or a brief can be sent
to a colleague and opens with the same programs.

A page keeps its picker's selection in session state; the link is written from it on every
run, and read into it only when it differs from what this session last wrote (a link opened,
not the page's own echo).
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from kb.vocab.labels import t

IDS_PARAM = "ids"  # the link's program ids, comma-separated


def _link_key(pick_key: str) -> str:
    return f"{pick_key}_link"


def ids_param(picked: list[str]) -> dict[str, str]:
    """The query parameters that open another page with these programs."""
    return {IDS_PARAM: ",".join(picked)} if picked else {}


def _named(table: Mapping[str, object], lng: str, limit: int) -> list[str]:
    """The programs the link names that are in the corpus, at most `limit`; the others are
    named in a warning rather than dropped silently."""
    named = st.query_params.get(IDS_PARAM, "").split(",")
    asked = list(dict.fromkeys(x.strip() for x in named if x.strip()))
    unknown = [x for x in asked if x not in table]
    if unknown:
        st.warning(t("cmp_unknown", lng, ids=", ".join(unknown)))
    return [x for x in asked if x in table][:limit]


def opened_link(table: Mapping[str, object], pick_key: str, lng: str, limit: int) -> bool:
    """Put the programs of a newly opened link into the picker's selection; True if it did."""
    link = st.query_params.get(IDS_PARAM)
    if link is None or link == st.session_state.get(_link_key(pick_key)):
        return False
    st.session_state[pick_key] = _named(table, lng, limit)
    return True


def keep_link(picked: list[str], pick_key: str) -> None:
    """Keep the link in step with the programs chosen."""
    link = ",".join(picked)
    st.session_state[_link_key(pick_key)] = link
    if picked:
        st.query_params[IDS_PARAM] = link
    elif IDS_PARAM in st.query_params:
        del st.query_params[IDS_PARAM]
