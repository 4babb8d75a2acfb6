"""Streamlit Evaluate page: run the built-in evaluation and see its metrics and misses.

`render(lang)` draws the page. The last result is kept in `<cache_dir>/eval/last-programs.json`
(written atomically), so the page shows it at once and a new run is only needed after the
corpus, the labels or the settings change.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from kb.errors import KbError
from kb.files import atomic_write
from kb.settings import PROJECT_ROOT, get_settings
from kb.ui.curate_login import curator as signed_in_curator
from kb.vocab.labels import t


def _last_path() -> Path:
    return get_settings().cache_dir / "eval" / "last-programs.json"


def _save(data: dict[str, Any]) -> None:
    atomic_write(_last_path(), json.dumps(data, ensure_ascii=False))


def load_last() -> dict[str, Any] | None:
    path = _last_path()
    try:
        return dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def methods_frame(data: dict[str, Any]) -> pd.DataFrame:
    rows = []
    for name, m in data["methods"].items():
        row = {"method": name + (" ★" if name == data["shipped"] else "")}
        row.update({k: round(v, 3) for k, v in m["metrics"].items()})
        row.update({f"nDCG@10 {k}": round(v, 3) for k, v in m["per_language"].items()})
        rows.append(row)
    return pd.DataFrame(rows)


def kinds_frame(data: dict[str, Any], key: str, lang: str = "en") -> pd.DataFrame:
    rows = []
    for name, m in data["methods"].items():
        if key == "profiles":
            if m["profiles"]:
                judged = _judged(m.get("profile_judged"))
                rows.append(
                    {"method": name, **{k: round(v, 3) for k, v in m["profiles"].items()}, **judged}
                )
            for base, b in m.get("profile_baselines", {}).items():  # the shipped method's
                said = t(
                    "evaluate.baseline",
                    lang,
                    method=name,
                    name=t(f"evaluate.baseline_{base}", lang),
                )
                figures = {k: round(b[k], 3) for k in ("ndcg@10", "recall@10", "mrr")}
                rows.append({"method": said, **figures, **_judged(b.get("judged"))})
            continue
        for kind, v in m["per_kind"].items():
            rows.append({"method": name, "kind": kind, **{k: round(x, 3) for k, x in v.items()}})
    return pd.DataFrame(rows)


def _judged(figures: dict[str, Any] | None) -> dict[str, float]:
    """The blind grades' figures of a profile row, when corpus/eval/profile_qrels.yaml has them."""
    if not figures:
        return {}
    return {
        "judged_ndcg": round(figures["ndcg@10"], 3),
        "judged_useful": round(figures["useful@10"], 3),
    }


class _Steps:
    """run_programs' progress messages drawn as one bar: two steps (index, evaluation) per
    method."""

    def __init__(self, lang: str, methods: int) -> None:
        self.total, self.done = max(2 * methods, 1), 0
        self.bar = st.progress(0.0, text=t("evaluate.running", lang))

    def __call__(self, message: str) -> None:
        self.done += 1
        self.bar.progress(min(self.done / self.total, 1.0), text=message)


def _run_programs(lang: str) -> None:
    from kb.evaluate.labelled import methods_for, run_programs

    s = get_settings()
    steps = _Steps(lang, len(methods_for(s, ())))
    try:
        data = run_programs(s, progress=steps)
    except KbError as exc:
        st.error(t("evaluate.failed", lang, err=exc))
        return
    steps.bar.progress(1.0, text=t("ui.evaluate_done", lang))
    data["when"] = pd.Timestamp.now(tz="UTC").strftime("%Y-%m-%d %H:%M UTC")
    _save(data)


def _words(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Column names in the interface language (metric names such as nDCG@10 stay as they are)."""
    keys = ("method", "kind", "relevant", "got", "judged_ndcg", "judged_useful")
    names = {k: t(f"ui.col_{k}", lang) for k in keys}
    return frame.rename(columns={**names, "query": t("query", lang)})


def _show(data: dict[str, Any], lang: str) -> None:
    st.caption(
        t("evaluate.last", lang, when=data.get("when", "?"), n=data["queries"], p=data["profiles"])
    )
    st.subheader(t("evaluate.methods", lang))
    st.dataframe(_words(methods_frame(data), lang), hide_index=True, use_container_width=True)
    st.subheader(t("evaluate.kinds", lang))
    st.dataframe(
        _words(kinds_frame(data, "kinds"), lang), hide_index=True, use_container_width=True
    )
    profiles = kinds_frame(data, "profiles", lang)
    if len(profiles):
        st.subheader(t("evaluate.profiles", lang))
        st.dataframe(_words(profiles, lang), hide_index=True, use_container_width=True)
    st.subheader(t("evaluate.misses", lang))
    misses = data["methods"][data["shipped"]]["misses"]
    if not misses:
        st.success(t("evaluate.no_misses", lang))
        return
    st.dataframe(
        _words(
            pd.DataFrame(
                [
                    {**m, "relevant": ", ".join(m["relevant"]), "got": ", ".join(m["got"])}
                    for m in misses
                ]
            ),
            lang,
        ),
        hide_index=True,
        use_container_width=True,
    )


def _xquad(lang: str) -> None:
    with st.expander(t("evaluate.xquad", lang)):
        default = PROJECT_ROOT.parent / "shared" / "datakit" / "xquad-r"
        folder = Path(st.text_input(t("evaluate.xquad_path", lang), str(default)))
        have = sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []
        langs = st.multiselect(
            t("evaluate.xquad_langs", lang), have, default=[x for x in ("en", "es") if x in have]
        )
        if not st.button(t("evaluate.xquad_run", lang), disabled=not langs):
            return
        from kb.evaluate.xquad import run_xquad

        with st.spinner(t("evaluate.xquad_running", lang)):
            try:
                data = run_xquad(folder, langs, get_settings())
            except KbError as exc:
                st.error(t("evaluate.failed", lang, err=exc))
                return
        rows = [
            {
                "method": name + (" ★" if name == data["shipped"] else ""),
                "mAP@20": m["pooled"],
                **m["per_language"],
            }
            for name, m in data["methods"].items()
        ]
        st.dataframe(pd.DataFrame(rows), hide_index=True, use_container_width=True)


def render(lng: str) -> None:
    """The last evaluation for everyone; running one (minutes of CPU, indexes rebuilt, paths on
    the server) only for a signed-in curator (issue 15)."""
    st.title(t("evaluate.title", lng))
    st.write(t("evaluate.intro", lng))
    curator = signed_in_curator() is not None
    if not curator:
        st.info(t("ui.evaluate_curators", lng))
    elif st.button(t("evaluate.run", lng), type="primary"):
        _run_programs(lng)
    data = load_last()
    if data is None:
        st.info(t("evaluate.none", lng))
    else:
        _show(data, lng)
    if curator:
        _xquad(lng)
