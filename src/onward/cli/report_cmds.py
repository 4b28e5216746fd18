"""onward report | verify: the report for an advocate, lawyer or court, and its check."""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Annotated

import typer

from onward.cli.common import (
    FdOpt,
    check_new_file,
    check_new_folder,
    err_console,
    fail,
    handle_errors,
    open_vault,
)
from onward.services import report_data, report_export


def _write_private(path: Path, data: bytes) -> None:
    """Write a new file only its owner may read; a failed write leaves no half a file."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        path.unlink(missing_ok=True)
        raise


@handle_errors
def report(
    out: Annotated[Path | None, typer.Option("--out", help="Write the PDF report here.")] = None,
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD.")] = "",
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD (included).")] = "",
    categories: Annotated[
        str, typer.Option("--categories", help="Flag types to include, e.g. threat,control.")
    ] = "",
    redact_names: Annotated[
        bool, typer.Option("--redact-names", help="Remove names from the readable report.")
    ] = False,
    bundle: Annotated[
        Path | None,
        typer.Option("--bundle", help="Also write a folder anyone can check (new or empty)."),
    ] = None,
    passphrase_fd: FdOpt = None,
) -> None:
    """Make a report of the log and flagged messages, and optionally a checkable folder.

    The report shows that records were not changed after they were saved; it does not
    prove who wrote them or that they are true, and it is no promise a court accepts it.
    The files written are not encrypted: keep them somewhere safe.
    """
    if out is None and bundle is None:
        fail("Say where to write the report.", hint="Use --out FILE.pdf and/or --bundle DIR.")
    # Checked before anything is made, so a mistake in a path costs no waiting.
    if out is not None:
        check_new_file(out)
    options = report_data.make_options(
        start=start, end=end, categories=categories, redact_names=redact_names
    )
    sink = report_export.DirSink(bundle) if bundle is not None else None
    if bundle is not None:
        check_new_folder(bundle)
    deliver = None if out is None else functools.partial(_write_private, out)
    vault = open_vault(passphrase_fd)
    try:  # the files are written first; the export is noted on the chain only after
        if sink is not None:
            result = report_export.write_bundle(vault, options, sink, deliver=deliver)
        else:
            result = report_export.export_pdf(vault, options, deliver=deliver)
    finally:
        vault.lock()
    if out is not None:
        typer.echo(f"Wrote {out}.")
    if bundle is not None:
        typer.echo(f"Wrote {result.files} files to {bundle}; check with: onward verify {bundle}")
    typer.echo(f"Chain head in the report: {result.chain_code}.")
    typer.echo(
        f"This export is noted in your log as link {result.export_link} (SHA-256 {result.sha256})."
    )
    err_console.print("These files are not encrypted. Keep them somewhere safe.", markup=False)


@handle_errors
def verify(
    path: Annotated[Path, typer.Argument(help="An export folder (or its .zip).")],
    code: Annotated[
        str | None, typer.Option("--code", help="A check code written down earlier.")
    ] = None,
) -> None:
    """Check an export: exit 0 if intact, 1 naming the first file or link that does not match.

    No passphrase is needed: this checks the files alone, as verify_chain.py does.
    """
    ok, line = report_export.verify_export(path, code=code)
    if not ok:
        err_console.print(line, markup=False)
        if not report_export.looks_like_export(path):
            err_console.print(
                "Hint: Give the folder (or its .zip) that 'onward report --bundle' wrote.",
                markup=False,
            )
        raise typer.Exit(1)
    typer.echo(line)


def register(app: typer.Typer) -> None:
    app.command("report")(report)
    app.command("verify")(verify)
