"""Signal Desktop history exported with signal-export (carderne/signal-export, ``sigexport``).

How a person makes it: Signal has no export of its own. With Signal Desktop linked to the
phone and then quit, run ``sigexport ~/signal-chats``; it decrypts Desktop's database and
writes one folder per conversation, each with ``chat.md`` (``index.md`` in old versions),
``data.json`` (one JSON object per line; ``--no-json`` leaves it out), ``index.html`` and
``media/``. Import the output folder, one conversation folder, or one of those two files.

Decisions:

* ``data.json`` is preferred when a folder has it: it says which records are calls, missed
  calls or deleted messages. ``chat.md`` lines look like
  ``[2019-05-29 15:04:07] Name: text`` (older versions: ``[2019-05-29, 15:04]``); lines up to
  the next such header continue the message. A line shaped like a header inside a message
  cannot be told apart (the format has no escaping). Both files are read line by line.
* Times are wall times of the computer that ran signal-export, without zone: they are read
  in ``options.timezone`` or this computer's zone, and the report says so.
* Text is kept as written in the file, minus what signal-export adds: the two trailing
  spaces, the blank line after each message, the quoted message of a reply (left out with a
  warning, so its words are never attributed to the wrong person), reactions (not imported)
  and attachment links, which become Attachments named by their path in the conversation
  folder. signal-export deletes backticks from message text; they cannot be restored.
* Sender "Me" is the person who exported (``outgoing=True``). Records signal-export could
  not attribute ("No-Sender") get the sender "Unknown" and a warning. Calls are CALL
  records (missed, declined and unanswered count as missed) and "(This message was
  deleted)" gives a DELETED record. The conversation is the folder's name.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO

from onward.errors import ImportFileError
from onward.importers._common import check_size, head_text, make_issue
from onward.importers.base import ParseOptions, ParseReport, Res
from onward.importers.signal import _records

SOURCE = "signal"
VERSION = "1"

MARKDOWN_FILES = ("chat.md", "index.md")  # index.md: the name older signal-export versions used
JSON_FILE = "data.json"
# data.json lines are json.dumps() of signal-export's Message dataclass: "date" then "sender".
JSON_START = re.compile(r'\{"date": "[^"\n]*", "sender": ')
JSON_SUFFIXES = (".json", ".jsonl")  # a file given by hand with one of these is JSON Lines
DETECT_LINES = 5  # a header line must appear this early in chat.md
MAX_FOLDERS = 5000  # conversation folders looked at in one export


def _looks_like(file: Path) -> bool:
    head = head_text(file, 4096)
    if file.name.lower() == JSON_FILE:
        return JSON_START.match(head) is not None
    if file.name.lower() in MARKDOWN_FILES:
        lines = head.splitlines()[:DETECT_LINES]
        return any(_records.HEADER.match(line) for line in lines)
    return False


def _conversation_file(folder: Path) -> Path | None:
    for name in (JSON_FILE, *MARKDOWN_FILES):
        candidate = folder / name
        if candidate.is_file() and _looks_like(candidate):
            return candidate
    return None


def _sources(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path] if _looks_like(path) else []
    own = _conversation_file(path)
    if own is not None:
        return [own]
    try:
        folders = sorted(child for child in path.iterdir() if child.is_dir())
    except OSError:
        return []
    found = (_conversation_file(folder) for folder in folders[:MAX_FOLDERS])
    return [file for file in found if file is not None]


def detect(path: Path) -> bool:
    """True for signal-export output: its folder, a conversation folder, chat.md or data.json."""
    return bool(_sources(path))


def parse(path: Path, *, options: ParseOptions, report: ParseReport) -> Iterator[Res]:
    """Yield every message of every conversation, in file order."""
    report.parser_version = VERSION
    files = [path] if path.is_file() else _sources(path)
    if not files:
        raise ImportFileError(
            "We found no chat.md or data.json written by signal-export here",
            hint="Pick the folder signal-export wrote, or one conversation folder in it.",
        )
    total = 0
    for file in files:
        total += check_size(file, options, extra=total)
    context = _records.Context(options=options, report=report)
    for file in files:
        yield from _parse_file(file, context)


def _parse_file(file: Path, context: _records.Context) -> Iterator[Res]:
    try:
        fp: TextIO = file.open(encoding="utf-8-sig", errors="surrogateescape", newline="\n")
    except OSError:
        yield make_issue(file, "whole file", "the file could not be read")
        return
    context.conversation = file.parent.name or None
    with fp:
        if file.suffix.lower() in JSON_SUFFIXES:
            yield from _records.parse_jsonl(fp, file, context)
        else:
            yield from _records.parse_markdown(fp, file, context)
