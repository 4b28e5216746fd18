"""The ``onward`` command line. Commands call services and print their results."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from onward import __version__
from onward.cli import (
    content_cmds,
    hosted_cmds,
    journal_cmds,
    path_cmds,
    plan_cmds,
    vault_cmds,
)
from onward.cli.agreement_cmds import app as agreement_app
from onward.cli.common import State
from onward.cli.daily_cmds import register as register_daily
from onward.cli.import_cmds import register as register_import
from onward.cli.log_cmds import app as log_app
from onward.cli.messages_cmds import app as messages_app
from onward.cli.report_cmds import register as register_report
from onward.cli.second_check_cmds import register as register_second_check
from onward.cli.timeline_cmds import register as register_timeline

HELP = (
    "Onward: private notes and plans, encrypted on this computer.\n\n"
    "Start with 'onward serve' and open the address it prints, or use the commands below."
)

app = typer.Typer(help=HELP, no_args_is_help=True, add_completion=False)
app.add_typer(journal_cmds.app, name="journal")
vault_cmds.register(app)
app.add_typer(content_cmds.app, name="content")
app.add_typer(plan_cmds.app, name="plan")
path_cmds.register(app)
register_daily(app)
app.add_typer(agreement_app, name="agreement")
app.add_typer(log_app, name="log")
app.add_typer(messages_app, name="messages")
app.add_typer(hosted_cmds.app, name="admin")
register_report(app)
register_import(app)
register_second_check(app)
register_timeline(app)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"onward {__version__}")
        raise typer.Exit()


@app.callback()
def main_options(
    data_dir: Annotated[
        Path | None,
        typer.Option(
            "--data-dir",
            help="Folder for the encrypted data (default: your user data folder; "
            "or set ONWARD_DATA_DIR).",
        ),
    ] = None,
    version: Annotated[  # noqa: ARG001 (handled by its callback)
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Show the version."),
    ] = False,
) -> None:
    """Global options."""
    State.data_dir = data_dir


def main() -> None:
    os.umask(0o077)  # files Onward creates are private to this user (R9)
    app()
