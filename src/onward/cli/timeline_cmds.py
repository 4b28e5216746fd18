"""onward chats list|set, onward timeline: who is who, and the figures of the timeline."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from onward.cli.common import (
    FdOpt,
    cli_hint,
    handle_errors,
    open_vault,
    out_console,
    print_json,
)
from onward.errors import NotFoundError
from onward.services import contact_charts, conversations, timeline, timeline_figures
from onward.services.message_text import visible

JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON.")]
chats_app = typer.Typer(
    help="Chats that were imported, and who is who in each.", no_args_is_help=True
)


def register(app: typer.Typer) -> None:
    app.add_typer(chats_app, name="chats")
    app.command("timeline")(handle_errors(timeline_))


_open = open_vault


def _print_chat(chat: conversations.ChatView) -> None:
    state = "" if chat.mapped else "  (say who is who)"
    out_console.print(f"{chat.item_id}  {chat.source}  {visible(chat.name)}{state}", markup=False)
    for p in chat.participants:
        role = f" [{p.role}]" if p.role else ""
        out_console.print(f"    {visible(p.name)}: {p.messages}{role}", markup=False)


@chats_app.command("list")
@handle_errors
def chats_list(json_out: JsonOpt = False, passphrase_fd: FdOpt = None) -> None:
    """List imported chats with their people and how many records each has."""
    vault = _open(passphrase_fd)
    try:
        chats = conversations.list_chats(vault)
    finally:
        vault.lock()
    if json_out:
        print_json([asdict(c) for c in chats])
        return
    for chat in chats:
        _print_chat(chat)
    typer.echo(f"{len(chats)} chat(s).")


@chats_app.command("set")
@handle_errors
@cli_hint(NotFoundError, "See the chats and their ids with: onward chats list")
def chats_set(
    chat_id: Annotated[str, typer.Argument(help="The chat's id from 'onward chats list'.")],
    partner: Annotated[str, typer.Option("--partner", help="The other person's name.")],
    me: Annotated[str | None, typer.Option("--me", help="Your name in this chat.")] = None,
    passphrase_fd: FdOpt = None,
) -> None:
    """Say who is you and who is the other person in one chat (remembered for later imports)."""
    vault = _open(passphrase_fd)
    try:
        chat = conversations.set_roles(vault, chat_id, me=me, partner=partner)
    finally:
        vault.lock()
    _print_chat(chat)
    typer.echo("Saved.")


def timeline_(
    json_out: JsonOpt = False,
    start: Annotated[str, typer.Option("--from", help="First day, like 2026-03-01.")] = "",
    end: Annotated[str, typer.Option("--to", help="Last day, like 2026-03-31.")] = "",
    category: Annotated[
        list[str] | None, typer.Option("--category", help="Only this flag category (repeatable).")
    ] = None,
    passphrase_fd: FdOpt = None,
) -> None:
    """A text summary of the timeline: contact from the other person and its patterns."""
    query = timeline.make_query(categories=category or [], start=start, end=end)
    vault = _open(passphrase_fd)
    try:
        totals = contact_charts.totals(vault, query)
        figures = timeline_figures.figures(vault)
    finally:
        vault.lock()
    if json_out:
        data = asdict(totals) | {"offset": totals.clock.label, "figures": asdict(figures)}
        data.pop("clock")
        print_json(data)
        return
    _print_summary(totals, figures)


def _print_summary(totals: contact_charts.Totals, f: timeline_figures.Figures) -> None:
    say = typer.echo
    say(
        f"Contact from the other person: {totals.messages} messages, {totals.calls} calls "
        f"on {totals.days} day(s) (days counted at {totals.clock.label})."
    )
    for channel, n in sorted(totals.by_channel.items()):
        say(f"  {channel}: {n}")
    for category, n in sorted(totals.by_category.items()):
        say(f"  flagged {category}: {n}")
    if not f.mapped:
        say("Say who is who to see patterns: onward chats list, then onward chats set.")
        return
    say(f"Last 90 days up to {f.window_to}:")
    say(f"  bursts (10+ within 15 minutes): {f.burst_count}")
    say(f"  at night (22:00-06:00): {f.night} of {f.night_total} ({f.night_percent}%)")
    if f.unanswered:
        say(f"  longest run without a reply: {f.unanswered[0]['contacts']}")
    say(f"  last 7 days: {f.contact_change[0]}; the 7 before: {f.contact_change[1]}")
    say(f"  threats last 7 days: {f.threat_change[0]}; the 7 before: {f.threat_change[1]}")
    if f.no_contact:
        nc = f.no_contact
        say(
            f"  since no contact was asked ({nc['since']}): {nc['after']}, "
            f"about {nc['rate_after']} a day (before: {nc['rate_before']} a day)"
        )
    for reason in f.rescreen:
        say(f"Consider taking the safety check again (onward screen): {reason}")
