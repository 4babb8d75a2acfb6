"""The `kb` command line: a thin layer of typer over the library.

Exit codes: 0 all good; 1 some inputs failed (each named on stderr with its
reason) or a runtime error; 2 usage errors (bad options, unknown ids).
Each command group lives in its own module and registers itself on `app`.
"""

from __future__ import annotations

import typer

from kb.cli import corpus, curate, documents, evaluate, measure, recommend, store
from kb.cli.common import handle_errors, library_logs

app = typer.Typer(
    help="kb: SME policy knowledge base and recommender.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def _everywhere(
    verbose: bool = typer.Option(
        False, "--verbose", "-v", help="Also print the PDF libraries' own warnings"
    ),
) -> None:
    library_logs(verbose)


documents.register(app)
app.add_typer(corpus.app, name="corpus", help="Check and count the shipped corpus")
recommend.register(app)
curate.register(app)
evaluate.register(app)
app.command("measure")(handle_errors(measure.measure_command))
store.register(app)


def main() -> None:
    app()
