"""onward import | check: bring a chat export in, or check messages for warning signs."""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, TextIO

import typer

from onward.cli.common import (
    FdOpt,
    err_console,
    fail,
    handle_errors,
    open_vault,
    out_console,
    print_json,
)
from onward.errors import InvalidInputError
from onward.importers.base import DateOrder, ImportIssue, ParseOptions, ParseReport
from onward.importers.registry import detect_format, get
from onward.importers.summary import record_to_json, summarize
from onward.model import Flag, Message
from onward.services import import_flags, message_check, second_check
from onward.services.imports import ImportResult, Progress, run_import
from onward.services.message_text import visible

DATE_ORDERS: tuple[DateOrder, ...] = ("DMY", "MDY", "YMD")


def register(app: typer.Typer) -> None:
    app.command("import")(handle_errors(import_))
    app.command("check")(handle_errors(check))


_open = open_vault


def _order(value: str | None) -> DateOrder | None:
    if value is None:
        return None
    for order in DATE_ORDERS:
        if value.upper() == order:
            return order
    fail("--date-order must be DMY, MDY or YMD.", "DMY: day first; MDY: month first.")


@contextmanager
def _progress() -> Iterator[Progress | None]:
    """A Rich progress display on stderr, only when stderr is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    from rich.progress import Progress as Bar
    from rich.progress import SpinnerColumn, TextColumn, TimeElapsedColumn

    columns = (SpinnerColumn(), TextColumn("Importing: {task.completed:,} records"))
    with Bar(*columns, TimeElapsedColumn(), console=err_console, transient=True) as bar:
        task = bar.add_task("import", total=None)
        yield lambda n: bar.update(task, completed=n)


def _dry_run(
    path: Path, fmt: str | None, options: ParseOptions, *, json_out: bool, jsonl: bool
) -> None:
    if jsonl:
        report = ParseReport()
        issues = 0
        for item in get(fmt or detect_format(path)).parse(path, options=options, report=report):
            if isinstance(item, Message):
                sys.stdout.write(json.dumps(record_to_json(item), ensure_ascii=False) + "\n")
            elif isinstance(item, ImportIssue):
                issues += 1
                err_console.print(f"Issue: {item.file} {item.where}: {item.reason}", markup=False)
        return
    summary = summarize(path, fmt=fmt, options=options).to_json_dict()
    if json_out:
        print_json(summary)
        return
    out_console.print(f"Format: {summary['format']}", markup=False)
    out_console.print(
        f"Records: {summary['messages']} ({_kinds(summary['by_kind'])})", markup=False
    )
    for p in summary["participants"]:
        out_console.print(f"  {visible(p['name'])}: {p['messages']}", markup=False)
    out_console.print(f"From {summary['first']} to {summary['last']}", markup=False)
    _notes(summary["warnings"], summary["issues"], len(summary["issues"]))
    typer.echo("Dry run: nothing was stored.")


def _kinds(by_kind: dict[str, int]) -> str:
    return ", ".join(f"{k} {n}" for k, n in by_kind.items() if n)


def _notes(warnings: list[str], issues: list[dict[str, str]], total: int) -> None:
    for w in warnings:
        out_console.print(f"Note: {w}", markup=False)
    if total:
        out_console.print(f"{total} record(s) could not be read:", markup=False)
    for i in issues[:20]:
        out_console.print(f"  {i['file']} {i['where']}: {i['reason']}", markup=False)


def _result_json(r: ImportResult) -> dict[str, Any]:
    return {
        "import_id": r.import_id,
        "duplicate": r.duplicate,
        "file_name": r.file_name,
        "file_sha256": r.file_sha256,
        "format": r.format,
        "messages": r.messages,
        "added": r.added,
        "skipped": r.skipped,
        "by_kind": r.by_kind,
        "flagged": r.flagged,
        "first": r.first,
        "last": r.last,
        "date_order": r.date_order,
        "date_order_rule": r.date_order_rule,
        "warnings": r.warnings,
        "issues": r.issues,
        "chats": [{"id": c.item_id, "name": c.name, "mapped": c.mapped} for c in r.chats],
        "original_kept": r.original_kept,
    }


def _print_result(r: ImportResult) -> None:
    if r.duplicate:
        typer.echo(f"This file was imported before (import {r.import_id}). Nothing was added.")
        return
    typer.echo(
        f"Imported {r.file_name} ({r.format}): {r.messages} records read, {r.added} added, "
        f"{r.skipped} already there, {r.flagged} flagged."
    )
    _notes(r.warnings, r.issues, r.issue_count)
    for chat in r.chats:
        if not chat.mapped:
            out_console.print(
                f"Say who is who in '{visible(chat.name)}': onward chats set {chat.item_id} "
                "--me NAME --partner NAME",
                markup=False,
            )


def import_(
    path: Annotated[Path, typer.Argument(help="The export file (.txt, .zip, .json, .xml, …).")],
    fmt: Annotated[
        str | None, typer.Option("--format", help="The format, when detection gets it wrong.")
    ] = None,
    me: Annotated[
        str | None, typer.Option("--me", help="Your name as the export shows it.")
    ] = None,
    partner: Annotated[
        str | None, typer.Option("--partner", help="The other person's name in the export.")
    ] = None,
    date_order: Annotated[
        str | None,
        typer.Option("--date-order", help="DMY, MDY or YMD, when the file cannot tell."),
    ] = None,
    timezone: Annotated[
        str | None,
        typer.Option(
            "--timezone", help="IANA zone of times without one (default: this computer's)."
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only read and summarise; no vault needed.")
    ] = False,
    json_out: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help="With --dry-run: one JSON object per record.")
    ] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Import a chat export onto the timeline (flags warning signs; skips what is already there)."""
    options = ParseOptions(date_order=_order(date_order), timezone=timezone)
    if json_out and jsonl:
        fail("Choose --json or --jsonl, not both.")
    if dry_run:
        _dry_run(path, fmt, options, json_out=json_out, jsonl=jsonl)
        return
    if jsonl:
        fail("--jsonl lists records without storing them.", "Add --dry-run.")
    vault = _open(passphrase_fd)
    try:
        with _progress() as progress:
            result = run_import(
                vault, path, fmt=fmt, options=options, me=me, partner=partner, progress=progress
            )
        pending = second_check.pending(vault)
    finally:
        vault.lock()
    if json_out:
        print_json({**_result_json(result), "second_check_pending": pending})
        return
    _print_result(result)
    if pending:
        typer.echo(
            f"A slower second check is pending for {pending} messages: "
            "run 'onward second-check' (or open the app, which runs it by itself)."
        )


def _lines(file: Path | None) -> Iterator[str]:
    stream: TextIO
    if file is None:
        yield from (line.rstrip("\r\n") for line in sys.stdin)
        return
    with file.open(encoding="utf-8", errors="replace") as stream:
        yield from (line.rstrip("\r\n") for line in stream)


def check(
    file: Annotated[
        Path | None, typer.Argument(help="A file with one message per line (default: stdin).")
    ] = None,
    json_out: Annotated[
        bool, typer.Option("--json", help="One JSON object per input line.")
    ] = False,
    deep: Annotated[
        bool,
        typer.Option(
            "--deep",
            help="Also ask the offline language model, which catches wording the rules miss "
            "(slower: tens of messages a second). Its flags have no span and name the closest "
            "labelled examples.",
        ),
    ] = False,
) -> None:
    """Check messages for warning signs, one message per line. No vault needed.

    With --deep, lines are checked in groups of 32, so answers come a group at a time.
    """
    if file is not None and not file.is_file():
        raise InvalidInputError(
            f"There is no file at {file}.",
            hint="Give a text file with one message per line, or pipe the messages in.",
        )
    batch = _DEEP_BATCH if deep else 1
    number = 0
    lines = _lines(file)
    while chunk := list(itertools.islice(lines, batch)):
        if deep:
            results = message_check.check_messages(chunk, deep=True)
        else:
            results = [import_flags.check_text(chunk[0])]
        for text, flags in zip(chunk, results, strict=True):
            number += 1
            _print_check(number, text, flags, json_out=json_out)


_DEEP_BATCH = 32  # lines embedded together by --deep


def _print_check(number: int, text: str, flags: list[Flag], *, json_out: bool) -> None:
    if json_out:
        found = [
            {
                "category": f.category,
                "reason": f.reason,
                "span": [f.span.start, f.span.end] if f.span else None,
            }
            for f in flags
        ]
        sys.stdout.write(json.dumps({"text": text, "flags": found}, ensure_ascii=False) + "\n")
        return
    for f in flags:
        words = f' "{visible(text[f.span.start : f.span.end])}"' if f.span else ""
        out_console.print(f"line {number}: {f.category}{words}: {f.reason}", markup=False)
