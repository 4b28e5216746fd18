"""onward second-check: look for the warning signs the rules missed in imported messages."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated

import typer

from onward.cli.common import FdOpt, err_console, handle_errors, open_vault, print_json
from onward.services import second_check
from onward.services.second_check import Summary


def register(app: typer.Typer) -> None:
    app.command("second-check")(handle_errors(second_check_))


@contextmanager
def _bar(total: int) -> Iterator[Callable[[Summary], None] | None]:
    """A Rich progress bar on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    columns = (TextColumn("Second check"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeRemainingColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("check", total=total)
        yield lambda done: bar.advance(task, done.checked)


def second_check_(
    json_out: Annotated[bool, typer.Option("--json", help="Print a JSON summary.")] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Run the slower second check on imported messages to the end (a model that adds the
    warning signs the rules missed; about 50 messages a second). Safe to stop and run again."""
    vault = open_vault(passphrase_fd)
    try:
        with _bar(second_check.pending(vault)) as on_batch:
            summary = second_check.run(vault, on_batch=on_batch)
    finally:
        vault.lock()
    if json_out:
        print_json(summary.data())
        return
    found = ", ".join(f"{c}: {n}" for c, n in sorted(summary.by_category.items()))
    typer.echo(
        f"Second check: {summary.checked} messages read, {summary.flagged} with new warning "
        f"signs{f' ({found})' if found else ''}."
    )
