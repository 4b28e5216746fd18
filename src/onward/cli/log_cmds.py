"""onward log add|list|show|redact|head|anchor|check: the contact log from a terminal.

What happened, and the reason for removing an entry, come from stdin when piped,
else from $EDITOR; never from the command line, where shell history and the
process list would keep them (R8). With --stdin-json, stdin is a JSON object with
"what" and optionally "where", "witnesses" and "harm".
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

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
from onward.errors import InvalidInputError, NotFoundError
from onward.evidence.chain import short_code
from onward.services import chain_store, evidence_log
from onward.services.evidence_log import CHANNELS, Entry, EntryInput, NewFile

app = typer.Typer(
    help="The contact log: calls, messages and visits, kept unchanged.", no_args_is_help=True
)
IDS_HINT = "See the entries and their ids with: onward log list"


def _input(stdin_json: bool) -> dict[str, str]:
    text = read_text()
    if not stdin_json:
        return {"what": text}
    try:
        given = json.loads(text)
    except ValueError:
        raise InvalidInputError("stdin is not valid JSON.", hint='Give {"what": "…"}.') from None
    if not isinstance(given, dict):
        raise InvalidInputError("stdin must hold a JSON object.", hint='Give {"what": "…"}.')
    return {k: str(given.get(k) or "") for k in ("what", "where", "witnesses", "harm")}


def _files(paths: list[Path]) -> list[NewFile]:
    found = []
    for path in paths:
        if not path.is_file():
            raise InvalidInputError(f"There is no file at {path}.", hint="Check the path.")
        found.append(NewFile(path.name, path.read_bytes()))
    return found


@app.command("add")
@handle_errors
def add(
    at: Annotated[
        str, typer.Option("--at", help='When it happened: ISO 8601 or "YYYY-MM-DD HH:MM" (local).')
    ] = "",
    channel: Annotated[
        str, typer.Option("--channel", help=f"How: {', '.join(CHANNELS)}.")
    ] = "other",
    attach: Annotated[
        list[Path] | None, typer.Option("--attach", help="A file to keep with it (repeatable).")
    ] = None,
    stdin_json: Annotated[
        bool, typer.Option("--stdin-json", help="Read what/where/witnesses/harm as JSON.")
    ] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Log a call, message or visit. The description comes from stdin or $EDITOR."""
    fields = _input(stdin_json)
    when = evidence_log.parse_when(at)
    files = _files(attach or [])
    vault = open_vault(passphrase_fd)
    try:
        entry = evidence_log.add_entry(vault, EntryInput(when, channel, **fields), files)
        head = chain_store.head(vault)
    finally:
        vault.lock()
    typer.echo(f"Saved entry {entry.entry_id}.")
    typer.echo(f"Check code now {head.code} ({head.length} records). Write it down somewhere safe.")


def _as_json(entry: Entry) -> dict[str, Any]:
    if entry.redaction is not None:
        doc = entry.redaction.data
        removed = {"at": doc["redacted_at"], "reason": doc["reason"]}
        return {"id": entry.entry_id, "removed": removed}
    latest = entry.latest.data
    keys = ("occurred_at", "recorded_at", "channel", "what", "where", "witnesses", "harm")
    return {
        "id": entry.entry_id,
        **{k: latest[k] for k in keys},
        "attachments": latest["attachments"],
        "versions": len(entry.versions),
        "clock_flag": any(v.data.get("clock") for v in entry.versions),
        "removed": None,
    }


@app.command("list")
@handle_errors
def list_(
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """List entries, newest first."""
    vault = open_vault(passphrase_fd)
    try:
        entries = evidence_log.list_entries(vault)
    finally:
        vault.lock()
    if json_out:
        print_json([_as_json(e) for e in entries])
        return
    for e in entries:
        if e.redaction is not None:
            line = (
                f"{e.entry_id}  {e.sort_key:%Y-%m-%d %H:%M}  removed: {e.redaction.data['reason']}"
            )
        else:
            v = e.latest
            first = (v.data["what"].strip().splitlines() or [""])[0][:60]
            mark = " (clock went back)" if any(x.data.get("clock") for x in e.versions) else ""
            when = f"{v.occurred_at:%Y-%m-%d %H:%M}"
            line = f"{e.entry_id}  {when}  {v.data['channel']}  v{v.number}  {first}{mark}"
        out_console.print(line, markup=False)
    typer.echo(f"{len(entries)} entries.")


@app.command("show")
@handle_errors
@cli_hint(NotFoundError, IDS_HINT)
def show(entry_id: str, passphrase_fd: FdOpt = None) -> None:
    """Print one entry with every version."""
    vault = open_vault(passphrase_fd)
    try:
        entry = evidence_log.get_entry(vault, entry_id=entry_id)
    finally:
        vault.lock()
    if entry.redaction is not None:
        doc = entry.redaction.data
        typer.echo(f"Removed {doc['redacted_at']}. Reason: {doc['reason']}")
        return
    for v in entry.versions:
        d = v.data
        typer.echo(
            f"--- version {v.number}, saved {d['recorded_at']}"
            + (" (clock went back)" if d.get("clock") else "")
        )
        typer.echo(f"When: {d['occurred_at']}  How: {d['channel']}")
        for label, key in (("Where", "where"), ("Witnesses", "witnesses"), ("Harm", "harm")):
            if d[key]:
                typer.echo(f"{label}: {d[key]}")
        for a in d["attachments"]:
            typer.echo(f"File: {a['name']} ({a['media_type']}, {a['size']} B) sha256 {a['sha256']}")
        typer.echo(d["what"])


@app.command("redact")
@handle_errors
@cli_hint(NotFoundError, IDS_HINT)
def redact(
    entry_id: str,
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Remove an entry's text and files for good, keeping a note that it existed.

    The reason comes from stdin or $EDITOR (it may be private, so not from the command
    line). It stays in the log and in reports.
    """
    if not yes and not sys.stdin.isatty():
        fail("Removing cannot be undone.", hint="Add --yes to remove it without a question.")
    reason = read_text()
    vault = open_vault(passphrase_fd)
    try:
        evidence_log.get_entry(vault, entry_id=entry_id)
        if not yes and not typer.confirm(
            "Remove this entry and its files for good?", default=False
        ):
            fail("Nothing was removed.", code=1)
        evidence_log.redact_entry(vault, entry_id=entry_id, reason=reason)
    finally:
        vault.lock()
    typer.echo("Removed. A note that it existed, and why, stays in the log.")


@app.command("head")
@handle_errors
def head(passphrase_fd: FdOpt = None) -> None:
    """Print the check code: write it down or send it to yourself."""
    vault = open_vault(passphrase_fd)
    try:
        current = chain_store.head(vault)
    finally:
        vault.lock()
    typer.echo(current.code)
    typer.echo(f"{current.length} records; full hash {current.hash}", err=True)


@app.command("anchor")
@handle_errors
def anchor(
    note: Annotated[
        str, typer.Option("--note", help="written (on paper) or sent (to yourself).")
    ] = "written",
    passphrase_fd: FdOpt = None,
) -> None:
    """Record that you wrote the current check code down or sent it to yourself."""
    if note not in chain_store.ANCHOR_NOTES:
        fail(f"Unknown note {note!r}.", hint=", ".join(chain_store.ANCHOR_NOTES))
    vault = open_vault(passphrase_fd)
    try:
        link = chain_store.record_anchor(vault, note=note)
    finally:
        vault.lock()
    typer.echo(f"Noted: {link.event['code']} is on record as kept off this device.")


@app.command("check")
@handle_errors
def check(
    code: Annotated[
        str | None, typer.Option("--code", help="A check code you wrote down earlier.")
    ] = None,
    passphrase_fd: FdOpt = None,
) -> None:
    """Check the log's chain of fingerprints in this vault (exit 1 naming the first bad link)."""
    vault = open_vault(passphrase_fd)
    try:
        result = chain_store.verify_vault_chain(vault, code=code)
    finally:
        vault.lock()
    if not result.ok:
        where = f"link {result.first_bad}: " if result.first_bad else ""
        hint = None
        if code is not None and result.first_bad is None:  # every link matched; the code did not
            hint = (
                "Compare the code letter by letter with the one you kept. If they are the same, "
                "the log was changed after you wrote the code down."
            )
        fail(f"The chain does not verify: {where}{result.reason}.", hint)
    typer.echo(f"OK: chain of {result.length} links, head {short_code(result.head)}")
