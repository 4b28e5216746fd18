"""Meta's JSON message export, shared by the Facebook Messenger and Instagram importers.

Both apps' "Download your information" (JSON format) write one folder per conversation
(``…/messages/inbox/<name>_<id>/``) holding ``message_1.json``, ``message_2.json``, … Each
file has ``participants``, ``title`` and ``messages``, newest first; ``message_1.json`` holds
the newest messages.

Decisions:

* Mojibake: Meta writes each UTF-8 byte of a string as its own ``\\u00XX`` escape, so "é"
  reads as "Ã©" (MasterScrat/Chatistics #43, joweich/chat-miner PR #78). A file is repaired
  only if none of its strings holds a character above U+00FF (such a file was written
  correctly), and each string only when latin-1 → UTF-8 round-trips (Chatistics #65). Names,
  titles, text and media paths all get the same repair.
* A folder's ``message_N.json`` files are merged, sorted by ``timestamp_ms`` (ties keep the
  export's order), and a record that also appears, identical, in another file of the same
  folder is skipped once (overlapping downloads); the report counts them. Meta's files are
  small (about 10,000 messages each), so each is read whole with ``json.load``; a folder is
  held in memory to be ordered. A damaged file yields one ImportIssue when other files of
  the folder are usable, and raises when none is.
* ``timestamp_ms`` is UTC. ``is_unsent`` gives a DELETED record; ``call_duration`` (or
  ``type: "Call"``) gives a CALL, missed when the duration is 0; photos, videos, audio
  files, GIFs, files and stickers become Attachments named by their ``uri``.
* Instagram or Facebook: the same format. The download folder (``instagram-…`` /
  ``facebook-…``, ``your_instagram_activity``) or the media paths inside the file tell them
  apart; when nothing does, Facebook is assumed and the report says so.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from onward.errors import ImportFileError
from onward.importers._common import check_size, head_text, make_issue, note
from onward.importers._meta_records import Fixer, convert, mojibake_fixer
from onward.importers.base import ImportIssue, ParseOptions, ParseReport, Res
from onward.model import Channel

Flavour = Literal["facebook", "instagram"]
MESSAGE_FILE = re.compile(r"message_([0-9]{1,9})\.json", re.IGNORECASE)
FILE_LIMIT = 256 * 1024 * 1024  # Meta's files hold ~10,000 messages; far below this
# Folder names of the downloads, and media path prefixes inside the files.
_INSTAGRAM_FOLDER = re.compile(r"^(?:instagram-|your_instagram_activity$)", re.IGNORECASE)
_FACEBOOK_FOLDER = re.compile(
    r"^(?:facebook-|your_facebook_activity$|your_activity_across_facebook$)", re.IGNORECASE
)
_INSTAGRAM_HINTS = ("your_instagram_activity/", "instagram.com/")
_FACEBOOK_HINTS = ("your_facebook_activity/", "your_activity_across_facebook/", '"thread_type"')
GUESSED_WARNING = "Nothing in this export says Instagram, so it was read as Facebook Messenger."


@dataclass(frozen=True, slots=True)
class _Loaded:
    path: Path
    number: int  # N of message_N.json; 0 for other names
    data: dict[str, Any]


def thread_files(path: Path) -> list[Path]:
    """The message_N.json files of a folder in N order, or the one file given."""
    if not path.is_dir():
        return [path]
    found = []
    try:
        for child in path.iterdir():
            match = MESSAGE_FILE.fullmatch(child.name)
            if match and child.is_file():
                found.append((int(match.group(1)), child))
    except OSError:
        return []
    return [child for _, child in sorted(found)]


def _number(path: Path) -> int:
    match = MESSAGE_FILE.fullmatch(path.name)
    return int(match.group(1)) if match else 0


def is_meta_export(path: Path) -> bool:
    """True for a Meta message_N.json file or a folder holding one."""
    files = thread_files(path)
    if not files or files[0].suffix.lower() != ".json":
        return False
    head = head_text(files[0])
    return head.startswith("{") and '"participants"' in head and '"sender_name"' in head


def flavour(path: Path) -> Flavour | None:
    """Which app wrote the export, or None when nothing tells."""
    for part in reversed(path.absolute().parts):
        if _INSTAGRAM_FOLDER.match(part):
            return "instagram"
        if _FACEBOOK_FOLDER.match(part):
            return "facebook"
    files = thread_files(path)
    head = head_text(files[0]) if files else ""
    if any(hint in head for hint in _INSTAGRAM_HINTS):
        return "instagram"
    if any(hint in head for hint in _FACEBOOK_HINTS):
        return "facebook"
    return None


def _load(path: Path) -> dict[str, Any]:
    """One file as a dict; ValueError with a reason when it is unusable."""
    if path.stat().st_size > FILE_LIMIT:
        raise ValueError("the file is larger than any Meta message file")
    with path.open(encoding="utf-8-sig", errors="surrogateescape") as fp:
        try:
            data = json.load(fp)
        except RecursionError:
            raise ValueError("the file is nested too deeply") from None
        except json.JSONDecodeError:
            raise ValueError("the file is damaged or cut off") from None
    if not isinstance(data, dict) or not isinstance(data.get("messages"), list):
        raise ValueError("the file has no list of messages")
    return data


def _load_all(files: list[Path], options: ParseOptions) -> tuple[list[_Loaded], list[ImportIssue]]:
    loaded: list[_Loaded] = []
    issues: list[ImportIssue] = []
    total = 0
    for file in files:
        total += check_size(file, options, extra=total)
        try:
            loaded.append(_Loaded(file, _number(file), _load(file)))
        except (OSError, ValueError) as exc:
            reason = str(exc) if isinstance(exc, ValueError) else "the file could not be read"
            issues.append(make_issue(file, "whole file", reason))
    return loaded, issues


def _conversation(loaded: list[_Loaded], fixers: dict[int, Fixer]) -> str | None:
    for item in loaded:
        title = item.data.get("title")
        if isinstance(title, str) and title:
            return fixers[id(item)](title)
    return None


def _dedupe_key(raw: Any, fallback: int) -> bytes:
    try:
        text = json.dumps(raw, sort_keys=True)
    except (RecursionError, ValueError):
        return fallback.to_bytes(8, "little")  # cannot compare it: never a duplicate
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).digest()


def parse_export(
    path: Path, *, options: ParseOptions, report: ParseReport, channel: Channel
) -> Iterator[Res]:
    """Yield the messages of one conversation folder (or one file), oldest first."""
    files = thread_files(path)
    if not files:
        raise ImportFileError(
            "This folder has no message_1.json",
            hint="Pick a conversation folder under messages/inbox, or one message_N.json.",
        )
    loaded, issues = _load_all(files, options)
    if not loaded:
        raise ImportFileError(
            "This file is not a readable Messenger or Instagram export",
            hint="Download your information again in JSON format.",
        )
    yield from issues
    yield from _merged(loaded, channel, report)


def _merged(loaded: list[_Loaded], channel: Channel, report: ParseReport) -> Iterator[Res]:
    fixers = {id(item): mojibake_fixer(item.data) for item in loaded}
    conversation = _conversation(loaded, fixers)
    seen: dict[bytes, int] = {}
    entries: list[tuple[int, int, int, Any, _Loaded]] = []
    skipped = 0
    for item in loaded:
        for index, raw in enumerate(item.data["messages"]):
            first = seen.setdefault(_dedupe_key(raw, len(entries)), item.number)
            if first != item.number:
                skipped += 1
                continue
            stamp = raw.get("timestamp_ms") if isinstance(raw, dict) else None
            order = stamp if isinstance(stamp, int) and not isinstance(stamp, bool) else 0
            # Files and lists run newest first: the higher N and index, the older.
            entries.append((order, -item.number, -index, raw, item))
    entries.sort(key=lambda entry: entry[:3])
    if skipped:
        note(report, f"{skipped} messages found in more than one file were imported once.")
    for _, _, minus_index, raw, item in entries:
        where = f"{item.path.name}[{-minus_index}]"
        yield convert(raw, item.path, where, channel, conversation, fixers[id(item)])
