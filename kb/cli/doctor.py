"""`kb doctor` and `kb users add` (registered from kb.cli.curate)."""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from kb.cli.common import err, out
from kb.settings import get_settings


def doctor_command(
    index: Annotated[str | None, typer.Option("--index", help="Index name")] = None,
    check_only: Annotated[
        bool, typer.Option("--check", help="Report only; change nothing")
    ] = False,
) -> None:
    """Check the index against the catalog and itself; repair what can be repaired."""
    from kb.curate.doctor import check

    findings = check(get_settings(), index, repair=not check_only)
    for f in findings:
        out.print(f.line(), markup=False, highlight=False)
    if not findings:
        out.print("ok: index and catalog are consistent", markup=False)
    if any(not f.fixed for f in findings):
        raise typer.Exit(1)


def users_add(
    name: Annotated[str, typer.Argument(help="Login name")],
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from the first line of stdin"),
    ] = False,
    email: Annotated[str, typer.Option(help="E-mail (optional)")] = "",
) -> None:
    """Add a curator (or change their password, which also signs out every re-login cookie);
    stored bcrypt-hashed in users_file."""
    from kb.curate.auth import add_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    path = get_settings().users_file
    new = add_user(path, name, password, email)
    err.print(f"{'added' if new else 'updated'} user {name!r} in {path}", markup=False)
