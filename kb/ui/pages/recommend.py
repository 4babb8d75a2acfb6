"""Recommend page: a country profile in, ranked programs with reasons and citations out."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

import streamlit as st

from kb.answer.profile import Profile
from kb.answer.reasons import (
    country_name,
    direct_lines,
    needs_read_hint,
    needs_read_line,
    region_name,
)
from kb.errors import KbError
from kb.ui import geo
from kb.ui.state import (
    PROFILE_KEY,
    PROGRAM_KEY,
    RESULT_KEY,
    esc,
    go_button,
    programs,
    searcher_or_error,
    settings,
)
from kb.ui.widgets import STATUS_COLORS, citation, evidence_badge
from kb.vocab import countries, taxonomy
from kb.vocab.labels import t

REGIONS = ("LAC", "EAP", "SAS")
ANSWERS = ("unknown", "yes", "no")
FROM_MEASURE = "profile_yaml"  # set by kb.ui.pages.measure
_UPLOAD_SEEN = "_profile_upload_seen"
_ASKED = "_kb_rec_asked"  # (form values, language) of the shown recommendations


def apply_profile(p: Profile) -> None:
    """Put a profile's values into the form's widgets (before they are drawn)."""
    st.session_state["p_country"] = p.country
    st.session_state["p_needs"] = [n for n in p.needs if n in taxonomy.NEEDS]
    st.session_state["p_text"] = p.text
    st.session_state["p_regions"] = [r for r in p.regions if r in REGIONS]
    for c in taxonomy.CONDITIONS:
        st.session_state[f"p_cond_{c}"] = p.conditions.get(c, "unknown")


def _incoming(lng: str) -> None:
    """A profile handed over by Measure, or uploaded as YAML, fills the form."""
    handed = st.session_state.pop(FROM_MEASURE, None)
    if handed:
        try:
            p = Profile.from_yaml(handed, "Measure")
            apply_profile(p)
            st.info(t("profile_from_measure", lng, country=country_name(p.country, lng)))
        except KbError as exc:
            st.error(t("bad_profile", lng, err=exc))
    up = st.file_uploader(t("load_profile", lng), type=["yaml", "yml"], key="p_upload")
    if up is None or st.session_state.get(_UPLOAD_SEEN) == up.file_id:
        return
    st.session_state[_UPLOAD_SEEN] = up.file_id
    try:
        p = Profile.from_yaml(up.getvalue().decode("utf-8", "replace"), up.name)
    except KbError as exc:
        st.error(t("bad_profile", lng, err=exc))
        return
    apply_profile(p)
    st.success(t("profile_loaded", lng, country=country_name(p.country, lng)))


def _form(lng: str) -> dict[str, Any] | None:
    """The profile form; the submitted values, or None until it is submitted."""
    names = countries.names_for(lng)
    codes = sorted(names, key=lambda c: countries.normalize_name(names[c]))
    with st.form("profile_form"):
        c1, c2 = st.columns(2)
        country = c1.selectbox(
            t("p_country", lng),
            codes,
            key="p_country",
            index=None,
            format_func=lambda c: names[c],
            placeholder=t("choose", lng),
        )
        needs = c2.multiselect(
            t("p_needs", lng),
            list(taxonomy.NEEDS),
            key="p_needs",
            placeholder=t("choose", lng),
            select_all=False,  # Streamlit words it in English only
            format_func=lambda n: t(f"need.{n}", lng, default=n),
        )
        text = st.text_area(t("p_text", lng), key="p_text", height=90)
        c3, c4, c5 = st.columns([1.7, 1, 1.3])  # room for "Incluir programas do meu país"
        regions = c3.multiselect(
            t("p_regions", lng),
            REGIONS,
            key="p_regions",
            placeholder=t("choose", lng),
            select_all=False,
            format_func=lambda r: region_name(countries.REGION_CODES[r], lng),
        )
        top = c4.number_input(t("p_top", lng), 1, 30, 8, key="p_top")
        own = c5.checkbox(t("p_own", lng), key="p_own")
        conds = _questions(lng)
        if not st.form_submit_button(t("recommend", lng), type="primary"):
            return None
    return {
        "country": country,
        "needs": needs,
        "text": text,
        "regions": regions,
        "conditions": {c: a for c, a in conds.items() if a != "unknown"},
        "top": int(top),
        "own": own,
    }


def _questions(lng: str) -> dict[str, str]:
    """The transfer conditions, asked once as plain questions (saved with the profile)."""
    st.markdown(f"**{t('p_conditions', lng)}**")
    st.caption(t("p_cond_intro", lng))
    cols = st.columns(2)
    return {
        c: cols[i % 2].radio(
            t(f"q.{c}", lng),
            ANSWERS,
            key=f"p_cond_{c}",
            horizontal=True,
            format_func=lambda a: t(f"answer.{a}", lng),
        )
        for i, c in enumerate(taxonomy.CONDITIONS)
    }


def unknown_conditions(recs: Sequence[Any]) -> list[str]:
    """The conditions the shown programs rely on and the profile left unanswered, most
    relied-on first."""
    counts = Counter(
        x["condition"] for r in recs for x in r.transferability if x["status"] == "unknown"
    )
    return [c for c, _ in counts.most_common()]


def _run(values: dict[str, Any], lng: str) -> None:
    search = searcher_or_error(lng)
    if search is None:
        return
    if not values["country"]:
        st.error(t("p_country_missing", lng))
        return
    from kb.answer.recommend import recommend

    data = {k: values[k] for k in ("country", "needs", "text", "regions", "conditions")}
    try:
        profile = Profile.model_validate(data).filled()
    except ValueError as exc:
        st.error(t("bad_profile", lng, err=exc))
        return
    with st.spinner(t("recommend", lng) + "…"):
        result = recommend(
            profile,
            search,
            settings(),
            top_k=values["top"],
            include_own=values["own"],
            lang=lng,
            programs=programs(),
        )
    st.session_state[PROFILE_KEY] = profile
    st.session_state[RESULT_KEY] = result
    st.session_state[_ASKED] = (values, lng)


def card(r: Any, lng: str) -> None:
    """One recommended program: facts, evidence, reasons, transfer flags, citations."""
    with st.container(border=True):
        st.markdown(f"#### {r.rank}. {esc(r.name)}")
        instr = ", ".join(t(f"instrument.{i}", lng, default=i) for i in r.instruments)
        st.caption(
            f"{esc(country_name(r.country, lng))} · {esc(instr)} · {t('score', lng)} {r.score:.2f}"
        )
        evidence_badge(r.evidence, lng)
        st.markdown(f"**{t('why', lng)}**\n\n" + "\n".join(f"- {esc(x)}" for x in r.reasons))
        known = [x for x in r.transferability if x["status"] != "unknown"]
        if known:  # the unanswered ones are summarised once, above the cards
            st.markdown(f"**{t('transfer', lng)}**")
            row = st.container(horizontal=True)
            for x in known:
                cond, status = x["condition"], x["status"]
                row.badge(
                    f"{t(f'condition.{cond}', lng, default=cond)}: {t(f'status.{status}', lng)}",
                    color=STATUS_COLORS.get(status, "gray"),
                )
        if r.citations:
            with st.expander(f"{t('citations', lng)} ({len(r.citations)})"):
                for c in r.citations:
                    citation(c, lng)
        go_button(
            t("open_program", lng),
            "program",
            key=f"rec-{r.program_id}",
            params={"id": r.program_id},
            **{PROGRAM_KEY: r.program_id},
        )


def _use_needs(needs: list[str]) -> None:
    st.session_state["p_needs"] = needs  # a callback: runs before the form is drawn again


def _needs_read(result: Any, lng: str) -> None:
    """The needs read from the free text, and a button that puts them in the form."""
    used, read = result.needs_read_used, result.needs_read
    line = needs_read_line(read, lng, used)
    if not line:
        return
    hint = needs_read_hint(read, lng, used, "app")
    st.info(f"{esc(line)} {hint}", icon=":material/psychology:")
    st.button(
        t("rec_use_needs", lng),
        key="rec_use_needs",
        on_click=_use_needs,
        args=([r.need for r in read],),
    )


def _results(lng: str) -> None:
    result = st.session_state.get(RESULT_KEY)
    if result is None:
        return
    profile: Profile = st.session_state[PROFILE_KEY]
    st.download_button(
        t("save_profile", lng),
        profile.to_yaml(),
        icon=":material/save:",
        file_name=f"profile-{profile.country.lower()}.yaml",
        mime="text/yaml",
        on_click="ignore",
    )
    st.download_button(  # the same object as `kb recommend --json-object`
        t("download_json", lng),
        json.dumps(result.to_json(), ensure_ascii=False, indent=1),
        icon=":material/download:",
        file_name=f"recommendations-{profile.country.lower()}.json",
        mime="application/json",
        on_click="ignore",
    )
    _needs_read(result, lng)
    if not result.recommendations:
        st.warning(t("no_recs", lng))
    else:
        geo.program_map(
            result.recommendations,
            lng,
            t("map_title", lng),
            label=t("programs_n", lng),
            home=profile.country,
        )
        for line in direct_lines(result.direct, lng):
            st.caption(line)
        if unknown := unknown_conditions(result.recommendations):
            items = "; ".join(t(f"condition.{c}", lng, default=c) for c in unknown)
            st.info(t("rec_unknown", lng, items=items), icon=":material/help:")
        go_button(t("to_brief", lng), "brief", key="rec-to-brief", brief_source="profile")
    for r in result.recommendations:
        card(r, lng)
    if result.own:
        st.subheader(t("own_programs", lng, country=country_name(profile.country, lng)))
        for r in result.own:
            st.markdown(f"- {esc(r.name)}")


def render(lng: str) -> None:
    st.title(t("rec_title", lng))
    st.caption(t("rec_intro", lng))
    _incoming(lng)
    values = _form(lng)
    asked = st.session_state.get(_ASKED)
    if values is None and asked is not None and asked[1] != lng:
        values = asked[0]  # the language changed: reasons (and a brief) in the new one
    if values is not None:
        _run(values, lng)
    _results(lng)
