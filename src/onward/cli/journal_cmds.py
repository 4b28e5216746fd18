"""onward journal add|list|show|delete"""

from __future__ import annotations

import sys
from typing import Annotated

import typer

from onward.cli.common import (
    FdOpt,
    cli_hint,
    fail,
    handle_errors,
    open_vault,
    out_console,
    print_json,
    read_text,
)
from onward.errors import NotFoundError
from onward.services import journal

app = typer.Typer(help="Your private journal.", no_args_is_help=True)


_open = open_vault
IDS_HINT = "See the entries and their ids with: onward journal list"


@app.command("add")
@handle_errors
def add(passphrase_fd: FdOpt = None) -> None:
    """Add an entry. The text comes from stdin, or from $EDITOR on a terminal."""
    vault = _open(passphrase_fd)
    try:
        entry = journal.add_entry(vault, text=read_text())
    finally:
        vault.lock()
    typer.echo(f"Saved entry {entry.id}.")


@app.command("list")
@handle_errors
def list_(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """List entries, newest first (--json prints id, created time and text)."""
    vault = _open(passphrase_fd)
    try:
        entries = journal.all_entries(vault)
    finally:
        vault.lock()
    if json_out:
        print_json(
            [{"id": e.id, "created": e.created_at.isoformat(), "text": e.text} for e in entries]
        )
        return
    for e in entries:
        first_line = e.text.strip().splitlines()[0] if e.text.strip() else ""
        out_console.print(f"{e.id}  {e.created_at:%Y-%m-%d %H:%M}  {first_line[:60]}", markup=False)
    typer.echo(f"{len(entries)} entries.")


@app.command("show")
@handle_errors
@cli_hint(NotFoundError, IDS_HINT)
def show(entry_id: str, passphrase_fd: FdOpt = None) -> None:
    """Print one entry."""
    vault = _open(passphrase_fd)
    try:
        entry = journal.get_entry(vault, entry_id=entry_id)
    finally:
        vault.lock()
    typer.echo(f"{entry.created_at:%Y-%m-%d %H:%M}")
    typer.echo(entry.text)


@app.command("delete")
@handle_errors
@cli_hint(NotFoundError, IDS_HINT)
def delete(
    entry_id: str,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Delete an entry for good."""
    if not yes and not sys.stdin.isatty():
        fail("Deleting cannot be undone.", hint="Add --yes to delete it without a question.")
    vault = _open(passphrase_fd)
    try:
        journal.get_entry(vault, entry_id=entry_id)
        if not yes and not typer.confirm("Delete this entry for good?", default=False):
            fail("Nothing was deleted.", code=1)
        journal.delete_entry(vault, entry_id=entry_id)
    finally:
        vault.lock()
    typer.echo("Deleted.")
