"""onward plan list|show|save: the conversation, boundaries and staying-safe plans."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from onward.cli import asking
from onward.cli.common import FdOpt, handle_errors, open_vault, print_json
from onward.cli.path_cmds import JsonOpt
from onward.errors import InvalidInputError
from onward.services import plans_store

app = typer.Typer(
    help="Your plans: print them, or save them from a JSON file.", no_args_is_help=True
)
KIND_HELP = "conversation, boundaries or safety ('card' prints the small emergency card)."


@app.command("list")
@handle_errors
def list_(json_out: JsonOpt = False, passphrase_fd: FdOpt = None) -> None:
    """Which plans you have made, and when you last saved them."""
    vault = open_vault(passphrase_fd)
    try:
        dates = plans_store.saved_dates(vault)
    finally:
        vault.lock()
    if json_out:
        print_json({name: when.isoformat() if when else None for name, when in dates.items()})
        return
    for name, when in dates.items():
        typer.echo(f"{name:13} {f'saved {when:%Y-%m-%d %H:%M}' if when else 'not made yet'}")


@app.command("show")
@handle_errors
def show(kind: Annotated[str, typer.Argument(help=KIND_HELP)], passphrase_fd: FdOpt = None) -> None:
    """Print a plan as plain text, ready to print on paper."""
    vault = open_vault(passphrase_fd)
    try:
        text = plans_store.plan_text(vault, kind)
    finally:
        vault.lock()
    typer.echo(text, nl=False)


@app.command("save")
@handle_errors
def save(
    kind: Annotated[str, typer.Argument(help="conversation, boundaries or safety.")],
    answers: Annotated[
        Path,
        typer.Option(
            "--answers", help="A JSON file with the plan ('-' reads stdin); see docs/path.md."
        ),
    ],
    passphrase_fd: FdOpt = None,
) -> None:
    """Save a plan from a JSON file (replaces the one saved before), then print it."""
    data = asking.read_json(answers)
    if not isinstance(data, dict):
        raise InvalidInputError(
            "The plan file must hold a JSON object.", hint="See docs/path.md for each plan."
        )
    plans_store.check_fields(kind, data)
    vault = open_vault(passphrase_fd)
    try:
        plans_store.save_plan(vault, kind, data)
        text = plans_store.plan_text(vault, kind)
    finally:
        vault.lock()
    typer.echo(text, nl=False)
    typer.echo("Saved.")
