"""onward messages list|show|mark|dismiss: the timeline's messages and their flags.

The same service calls as the web app's timeline and message pages
(``services.timeline``): one page of contact at a time, newest first, filtered by flag
category, channel and dates; one message with each flag's reason; setting a flag aside
(or bringing it back); and the person's own mark on a message the flags missed.
Message text is printed with bidi controls shown as labels (``visible``).
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any

import typer

from onward.cli.common import FdOpt, cli_hint, handle_errors, open_vault, out_console, print_json
from onward.errors import NotFoundError
from onward.services import timeline
from onward.services.contact_codes import SHOWN_CATEGORIES
from onward.services.message_text import Piece, joined, visible

app = typer.Typer(
    help="Messages, calls and visits on the timeline, with their warning flags.",
    no_args_is_help=True,
)
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
IdArg = Annotated[str, typer.Argument(help="The message's id from 'onward messages list'.")]
IDS_HINT = "See the messages and their ids with: onward messages list"
CategoryArg = Annotated[
    str, typer.Argument(help="The flag type: " + ", ".join(SHOWN_CATEGORIES) + ".")
]


def _text(parts: list[Piece]) -> str:
    """For the terminal: bidi controls shown as labels."""
    return visible(joined(parts))


def _row_data(row: timeline.Row) -> dict[str, Any]:
    return asdict(row) | {"text": joined(row.text)}


@app.command("list")
@handle_errors
def list_(
    category: Annotated[
        list[str] | None, typer.Option("--category", help="Only this flag type (repeatable).")
    ] = None,
    channel: Annotated[
        list[str] | None, typer.Option("--channel", help="Only this channel (repeatable).")
    ] = None,
    start: Annotated[str, typer.Option("--from", help="First day, like 2026-03-01.")] = "",
    end: Annotated[str, typer.Option("--to", help="Last day, like 2026-03-31.")] = "",
    after: Annotated[
        str | None, typer.Option("--after", help="Go on after this point (printed at the end).")
    ] = None,
    json_out: JsonOpt = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """List the timeline, newest first, 50 at a time, with each message's flags."""
    query = timeline.make_query(
        categories=category or [], channels=channel or [], start=start, end=end
    )
    vault = open_vault(passphrase_fd)
    try:
        page = timeline.page(vault, query, cursor=after)
    finally:
        vault.lock()
    if json_out:
        print_json({"messages": [_row_data(r) for r in page.rows], "next": page.next_cursor})
        return
    for row in page.rows:
        flags = f"  [{', '.join(row.flags)}]" if row.flags else ""
        out_console.print(
            f"{row.id}  {row.at}  {row.channel}  {visible(row.sender) or row.who}{flags}",
            markup=False,
        )
        out_console.print(f"    {_text(row.text)}", markup=False)
    if not page.rows:
        typer.echo("Nothing on the timeline for these filters.")
    if page.next_cursor:
        typer.echo(f"More: add --after {page.next_cursor}")


@app.command("show")
@handle_errors
@cli_hint(NotFoundError, IDS_HINT)
def show(contact_id: IdArg, json_out: JsonOpt = False, passphrase_fd: FdOpt = None) -> None:
    """One message in full, with the reason for each flag."""
    vault = open_vault(passphrase_fd)
    try:
        view = timeline.message(vault, contact_id)
    finally:
        vault.lock()
    if json_out:
        data = asdict(view) | {"row": _row_data(view.row), "text": joined(view.text)}
        data["flags"] = [asdict(f) | {"words": joined(f.words)} for f in view.flags]
        print_json(data)
        return
    r = view.row
    out_console.print(f"{r.at}  {r.channel}  {visible(r.sender)} ({r.who})", markup=False)
    out_console.print(_text(view.text), markup=False)
    if not view.flags:
        typer.echo("No warning signs found in this message.")
    for f in view.flags:
        state = " (set aside)" if f.dismissed else ""
        # The type's name in brackets is what 'dismiss' and 'mark' take.
        out_console.print(f"- {f.label} [{f.category}]{state}: {f.reason}", markup=False)
        if f.words:
            out_console.print(f"    words: {_text(f.words)}  rule {f.rule_id}", markup=False)
        if f.model:
            typer.echo("    found by the second check (a small model), not by a rule")
        if f.mine:
            typer.echo("    marked by you")
    if any(not f.dismissed for f in view.flags):
        first = next(f for f in view.flags if not f.dismissed)
        typer.echo(
            f"To set a flag aside: onward messages dismiss {r.id} {first.category}"
            " (the name in brackets)"
        )
    if view.partner:
        typer.echo(
            "Flags miss things. To mark this message yourself: "
            f"onward messages mark {r.id} CATEGORY"
        )


@app.command("mark")
@handle_errors
@cli_hint(NotFoundError, IDS_HINT)
def mark(
    contact_id: IdArg,
    category: CategoryArg,
    remove: Annotated[bool, typer.Option("--remove", help="Take your mark off.")] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Mark one of the other person's messages yourself (a flag the rules missed)."""
    vault = open_vault(passphrase_fd)
    try:
        timeline.set_own_mark(vault, contact_id, category=category, marked=not remove)
    finally:
        vault.lock()
    typer.echo("Your mark is off." if remove else "Marked. It counts in the timeline and reports.")


@app.command("dismiss")
@handle_errors
@cli_hint(NotFoundError, IDS_HINT)
def dismiss(
    contact_id: IdArg,
    category: CategoryArg,
    restore: Annotated[bool, typer.Option("--restore", help="Bring the flag back.")] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Set a flag aside (it leaves filters, charts and reports), or bring it back."""
    vault = open_vault(passphrase_fd)
    try:
        timeline.set_dismissed(vault, contact_id, category=category, dismissed=not restore)
    finally:
        vault.lock()
    typer.echo("Brought back." if restore else "Set aside. Bring it back with --restore.")
