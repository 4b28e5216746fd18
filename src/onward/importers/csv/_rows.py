"""Column mapping and row conversion for the generic CSV importer (see ``generic``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo
from pathlib import Path
from typing import TYPE_CHECKING

from onward.errors import ImportFileError
from onward.importers._common import (
    BAD_TEXT_WARNING,
    UNKNOWN_SENDER,
    clean_text,
    date_warnings,
    make_issue,
)
from onward.importers.base import DateOrder, Res
from onward.importers.csv import _dates
from onward.model import Channel, Message

if TYPE_CHECKING:
    from onward.importers.csv.generic import CsvMapping

# Header names tried in order, compared without case, spaces, "_", "-", "/" or ".".
TIMESTAMP_NAMES = ("timestamp", "datetime", "datesent", "sentat", "createdat", "date")
TIME_NAMES = ("time", "timesent")
SENDER_NAMES = ("from", "sender", "author", "sendername", "fromname", "name")
TEXT_NAMES = ("text", "message", "body", "content", "messagetext", "msg")
CHANNEL_NAMES = ("channel", "service", "platform", "app")
HEADER_HINT = "Name the columns for the date, the sender and the text in the first row."
NO_SENDER_WARNING = "the row names no sender"
UNKNOWN_CHANNEL_WARNING = "the channel name was not recognised"
_NORMALISE = re.compile(r"[\s_\-/.]+")
MAX_LISTED = 20  # header names shown in an error hint


@dataclass(frozen=True, slots=True)
class Columns:
    """Cell indexes of the mapped columns."""

    timestamp: int
    sender: int
    text: int
    channel: int | None = None
    time: int | None = None

    @property
    def needed(self) -> int:
        """Cells a row must have; the optional channel and time may be missing at the end."""
        return max(self.timestamp, self.sender, self.text) + 1


def _key(name: str) -> str:
    return _NORMALISE.sub("", name.strip().lower())


def _found_hint(header: list[str]) -> str:
    names = [clean_text(name.strip())[0][:40] for name in header[:MAX_LISTED]]
    more = ", …" if len(header) > MAX_LISTED else ""
    return f"Columns found: {', '.join(names)}{more}. " + HEADER_HINT


def _guess(keys: list[str], names: tuple[str, ...]) -> int | None:
    for name in names:
        if name in keys:
            return keys.index(name)
    return None


def _guessed(header: list[str]) -> Columns:
    keys = [_key(name) for name in header]
    stamp = _guess(keys, TIMESTAMP_NAMES)
    time = _guess(keys, TIME_NAMES)
    if stamp is None:
        stamp, time = time, None
    sender, text = _guess(keys, SENDER_NAMES), _guess(keys, TEXT_NAMES)
    if stamp is None or sender is None or text is None:
        raise ImportFileError(
            "We could not tell which columns hold the date, the sender and the text",
            hint=_found_hint(header),
        )
    if time is not None and keys[stamp] != "date":
        time = None  # a full timestamp column needs no separate time
    return Columns(stamp, sender, text, _guess(keys, CHANNEL_NAMES), time)


def _index(header: list[str], name: str) -> int:
    if name in header:
        return header.index(name)
    keys = [_key(cell) for cell in header]
    if _key(name) in keys:
        return keys.index(_key(name))
    raise ImportFileError(
        "A column named in the mapping is not in this file", hint=_found_hint(header)
    )


def resolve(header: list[str], mapping: CsvMapping | None) -> Columns:
    """The columns to read, from the mapping or guessed from the header."""
    if mapping is None:
        return _guessed(header)
    return Columns(
        timestamp=_index(header, mapping.timestamp),
        sender=_index(header, mapping.sender),
        text=_index(header, mapping.text),
        channel=_index(header, mapping.channel) if mapping.channel else None,
        time=_index(header, mapping.time) if mapping.time else None,
    )


def timestamp_text(cells: list[str], columns: Columns) -> str | None:
    """The timestamp cell (joined with the time cell), or None if the row is too short."""
    if len(cells) < columns.needed:
        return None
    value = cells[columns.timestamp]
    time = _optional(cells, columns.time).strip()
    return f"{value.strip()} {time}" if time else value


def _optional(cells: list[str], index: int | None) -> str:
    return cells[index] if index is not None and index < len(cells) else ""


def _channel(value: str) -> tuple[Channel, bool]:
    key = _key(value)
    for channel in Channel:
        if key == _key(channel.value):
            return channel, True
    return Channel.OTHER, not key


def convert(
    path: Path, number: int, cells: list[str], columns: Columns, order: DateOrder, zone: tzinfo
) -> Res:
    """One data row as a Message, or an ImportIssue."""
    where = f"line {number}"
    value = timestamp_text(cells, columns)
    if value is None:
        return make_issue(path, where, f"the row has fewer than {columns.needed} columns")
    ts = _dates.read(value, order, zone) if value.strip() else None
    if ts is None:
        return make_issue(path, where, "the row has no readable date")
    warnings = list(date_warnings(ts))
    sender, bad_sender = clean_text(cells[columns.sender].strip())
    if not sender:
        sender = UNKNOWN_SENDER
        warnings.append(NO_SENDER_WARNING)
    text, bad_text = clean_text(cells[columns.text])
    channel = Channel.OTHER
    if columns.channel is not None:
        channel, known = _channel(_optional(cells, columns.channel))
        if not known:
            warnings.append(UNKNOWN_CHANNEL_WARNING)
    if bad_sender or bad_text:
        warnings.append(BAD_TEXT_WARNING)
    return Message(
        ts=ts,
        sender=sender,
        text=text,
        channel=channel,
        source_ref=where,
        warnings=tuple(warnings),
    )
