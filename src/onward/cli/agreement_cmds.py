"""onward agreement show|export: the time-apart agreement as plain, shareable text."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from onward.cli.common import FdOpt, check_new_file, handle_errors, open_vault
from onward.errors import InvalidInputError
from onward.services import repair_track
from onward.services.tracks_common import local_today

app = typer.Typer(help="Your time-apart agreement, as plain text.", no_args_is_help=True)


def _load(fd: int | None) -> tuple[str, str | None]:
    vault = open_vault(fd)
    try:
        text = repair_track.agreement_text(vault)
        status = repair_track.track_status(vault, today=local_today())
    finally:
        vault.lock()
    return text, None if status.open else status.reason


@app.command("show")
@handle_errors
def show(passphrase_fd: FdOpt = None) -> None:
    """Print the agreement text."""
    text, closed = _load(passphrase_fd)
    typer.echo(text, nl=False)
    if closed:
        typer.echo(f"\nNote: {closed}", err=True)


@app.command("export")
@handle_errors
def export(
    out: Annotated[Path, typer.Option("--out", help="Write the plain text to this file.")],
    force: Annotated[bool, typer.Option("--force", help="Replace the file if it exists.")] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Write the shareable plain text of the agreement to a file."""
    check_new_file(out, replace=True)  # a folder, or a folder that is not there
    if out.exists() and not force:
        raise InvalidInputError(
            f"{out.name} exists already.", hint="Choose another name, or add --force."
        )
    text, _closed = _load(passphrase_fd)
    out.write_text(text, encoding="utf-8")
    typer.echo(f"Wrote {out.name}. It is plain text: keep it somewhere private until you share it.")
