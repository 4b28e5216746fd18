"""The second pass over a WhatsApp export: header and continuation lines to records.

This is the hot loop of the importer (a million-message export should parse in a few seconds on
one core), so it is written for speed: the text is read in chunks of whole lines and one
``findall`` per chunk splits every line into its header fields (so no Python call per line),
the date and time lookups are cached, the record being read is kept in local variables, and
everything rare (multi-line text, attachments, warnings, bad timestamps) is handled outside the
fast path.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import IO, Final

from onward.importers.base import ImportIssue, Res
from onward.importers.whatsapp.clock import ORDER_SLACK, SECONDS, BadTimestamp, Clock
from onward.importers.whatsapp.formats import (
    EXACT_KINDS,
    EXACT_MAX_LEN,
    REPLACEMENT_CHAR,
    SPECIAL_LEADS,
    Classified,
    Layout,
    classify,
    classify_event,
    is_author,
)
from onward.importers.whatsapp.source import ExportSource
from onward.model import Attachment, Channel, Message, MessageKind

HEADER_WENT_BACK: Final = "header_went_back"
REPLACEMENT_CHARACTER: Final = "replacement_character"
# WhatsApp caps a message at 65,536 characters; a record far beyond that is not from a chat
# export, and bounding it keeps memory flat on hostile files (source.MAX_LINE_BYTES bounds lines).
MAX_RECORD_CHARS: Final = 1 << 20
_PREAMBLE: Final = "before the first message header"
_TOO_LONG: Final = "the message is longer than WhatsApp allows; its text was not kept"
_NOT_CHECKED: Final = "\0"  # marks a candidate author not seen before
# Characters read from the text stream at a time; each chunk is cut after its last LF.
CHUNK_CHARS: Final = 16 * 1024
Fields = tuple[str, str, str, str, str]  # date, clock, seconds, 12 h marker, rest of the line


class Notes:
    """Counts of message warnings for the report: how many, and the first line of each."""

    def __init__(self) -> None:
        self._counts: dict[str, list[int]] = {}

    def add(self, warnings: tuple[str, ...], line: int) -> None:
        """Count one message's warnings."""
        for warning in warnings:
            entry = self._counts.get(warning)
            if entry is None:
                self._counts[warning] = [1, line]
            else:
                entry[0] += 1

    def summary(self) -> list[str]:
        """One line per warning, e.g. ``header_went_back: 2 messages, first on line 57``."""
        notes = []
        for warning, (count, line) in sorted(self._counts.items()):
            noun = "message" if count == 1 else "messages"
            notes.append(f"{warning}: {count} {noun}, first on line {line}")
        return notes


_FIELDS: Final = (
    "ts", "sender", "text", "kind", "channel", "conversation", "source_ref", "attachments",
    "call_duration_s", "call_missed", "outgoing", "warnings",
)  # fmt: skip


class _MessageBuilder:
    """Builds a ``Message`` in about two thirds of the frozen dataclass's time (see below)."""

    __slots__ = _FIELDS

    def __init__(
        self,
        ts: datetime,
        sender: str | None,
        text: str,
        kind: MessageKind,
        channel: Channel,
        conversation: str | None,
        source_ref: str,
        attachments: tuple[Attachment, ...],
        call_duration_s: int | None,
        call_missed: bool | None,
        outgoing: bool | None,
        warnings: tuple[str, ...],
    ) -> None:
        self.ts = ts
        self.sender = sender
        self.text = text
        self.kind = kind
        self.channel = channel
        self.conversation = conversation
        self.source_ref = source_ref
        self.attachments = attachments
        self.call_duration_s = call_duration_s
        self.call_missed = call_missed
        self.outgoing = outgoing
        self.warnings = warnings
        self.__class__ = Message  # type: ignore[assignment]


def _message_constructor() -> Callable[..., Message]:
    """The fastest correct way to build a ``Message`` with every field given positionally.

    Building Message objects is half of the parser's time: a frozen dataclass's ``__init__``
    sets each field through ``object.__setattr__``. ``_MessageBuilder`` has the same slots in
    the same order, sets them as plain attributes, and then turns the object into a Message by
    assigning ``__class__`` (allowed between classes with the same layout). The result is an
    ordinary frozen Message. This is only used while a probe shows that it gives exactly what
    ``Message(...)`` gives; if the model changes (new fields, a ``__post_init__``), the normal
    constructor is used and only speed is lost. A test pins the equivalence too.
    """
    if tuple(getattr(Message, "__dataclass_fields__", ())) != _FIELDS or hasattr(
        Message, "__post_init__"
    ):
        return Message
    probe = (
        datetime(2024, 1, 5, tzinfo=UTC), "a", "b", MessageKind.TEXT, Channel.WHATSAPP, "c",
        "line 1", (), None, None, None, (),
    )  # fmt: skip
    try:
        built: object = _MessageBuilder(*probe)
    except TypeError:  # the layouts differ, so __class__ cannot be reassigned
        return Message
    if type(built) is not Message or built != Message(*probe):
        return Message
    return _MessageBuilder  # type: ignore[return-value]


new_message: Final = _message_constructor()


def _message(
    source: ExportSource,
    notes: Notes,
    pending: tuple[int, datetime, str | None, str, MessageKind, Classified | None],
    extra: list[str] | None,
    warnings: tuple[str, ...],
) -> Message:
    """A message with any of the rarer parts: more lines, an attachment, a call, warnings."""
    line, ts, sender, text, kind, info = pending
    if extra is not None:
        text = "\n".join((text, *extra))
    attachments: tuple[Attachment, ...] = ()
    missed = None
    if info is not None:
        missed = info.call_missed
        if info.attachment is not None:
            attachment, warning = source.attachment(info.attachment)
            attachments = (attachment,)
            if warning is not None:
                warnings = (*warnings, warning)
    if REPLACEMENT_CHAR in text:
        warnings = (*warnings, REPLACEMENT_CHARACTER)
    if warnings:
        notes.add(warnings, line)
    return new_message(
        ts, sender, text, kind, Channel.WHATSAPP, source.conversation, f"line {line}",
        attachments, None, missed, None, warnings,
    )  # fmt: skip


def _issue(source: ExportSource, line: int, reason: str | None, skipped: int) -> ImportIssue:
    """The issue for a bad record (``line`` 0: the lines before the first header)."""
    noun = "line" if skipped == 1 else "lines"
    if not line:
        verb = "is" if skipped == 1 else "are"
        reason = f"{skipped} {noun} before the first message header {verb} not part of any message"
        return ImportIssue(source.path.name, "line 1", reason)
    if skipped:
        after = "the line after it was" if skipped == 1 else f"the {skipped} lines after it were"
        reason = f"{reason}; {after} skipped too"
    return ImportIssue(source.path.name, f"line {line}", reason or "")


def line_batches(text: IO[str], lines: re.Pattern[str]) -> Iterator[tuple[list[Fields], bool]]:
    """The fields of every line (see ``Layout.lines``), some thousands of lines at a time.

    Each batch comes with whether its lines ended with LF: all do but a last line of the file
    without one, which comes alone. A line is never split between batches; one line is held
    in pieces until its LF arrives (the line guard below the decoder bounds its length).
    """
    findall, read = lines.findall, text.read
    pieces: list[str] = []
    while chunk := read(CHUNK_CHARS):
        cut = chunk.rfind("\n")
        if cut < 0:
            pieces.append(chunk)
            continue
        if pieces:
            cut += sum(map(len, pieces))
            pieces.append(chunk)
            chunk = "".join(pieces)
            pieces = []
        yield findall(chunk, 0, cut), True
        if cut + 1 < len(chunk):
            pieces.append(chunk[cut + 1 :])
    if pieces:
        yield findall("".join(pieces)), False


def read_records(
    text: IO[str], layout: Layout, clock: Clock, source: ExportSource, notes: Notes
) -> Iterator[Res]:
    """One Message (or ImportIssue) per header line and the continuation lines after it.

    The record being read lives in local variables (``p_*``) and is yielded when the next
    header, or the end of the file, shows that it is complete.
    """
    uniform, minutes, markers, seconds = clock.uniform, clock.minutes, clock.markers, SECONDS
    authors: dict[str, str] = {}
    make, conversation, whatsapp = new_message, source.conversation, Channel.WHATSAPP
    text_kind, system_kind = MessageKind.TEXT, MessageKind.SYSTEM
    exact, exact_max, leads = EXACT_KINDS, EXACT_MAX_LEN, SPECIAL_LEADS
    slack, replacement = ORDER_SLACK, REPLACEMENT_CHAR
    previous: datetime | None = None
    # The record being read: p_line is its header line (0 before the first header); p_bad is
    # the reason it is an issue rather than a message; p_skipped counts lines dropped with it.
    p_line = p_skipped = p_size = 0
    p_bad: str | None = _PREAMBLE
    p_ts = datetime.min.replace(tzinfo=UTC)
    p_sender: str | None = None
    p_text, p_kind = "", text_kind
    p_info: Classified | None = None
    p_extra: list[str] | None = None
    p_warn: tuple[str, ...] = ()
    day_text, day_base = "", p_ts  # the last date text whose midnight was in ``uniform``
    base: datetime | None
    number = 0
    for batch, ended in line_batches(text, layout.lines):
        for date_text, clock_text, sec, marker, line in batch:
            number += 1
            if not date_text:  # a continuation line of the current record
                if p_bad is not None:
                    p_skipped += 1
                    continue
                if line[-1:] == "\r" and ended:  # CR LF; a last line without LF keeps its CR
                    line = line[:-1]
                if p_extra is None:
                    p_extra, p_size = [line], len(line)
                else:
                    p_extra.append(line)
                    p_size += len(line)
                    if p_size > MAX_RECORD_CHARS:
                        p_bad, p_skipped, p_extra = _TOO_LONG, len(p_extra), None
                continue
            # A header: first yield the record before it.
            if p_bad is None:
                if p_extra is None and p_info is None and not p_warn and replacement not in p_text:
                    yield make(
                    p_ts, p_sender, p_text, p_kind, whatsapp, conversation, f"line {p_line}",
                    (), None, None, None, (),
                )  # fmt: skip
                else:
                    pending = (p_line, p_ts, p_sender, p_text, p_kind, p_info)
                    yield _message(source, notes, pending, p_extra, p_warn)
            elif p_line or p_skipped:
                yield _issue(source, p_line, p_bad, p_skipped)
            p_line, p_extra, p_skipped = number, None, 0
            rest = line[:-1] if line[-1:] == "\r" else line
            if date_text == day_text:  # one comparison instead of hashing the date text
                base = day_base
            else:
                base = uniform.get(date_text)
                if base is not None:
                    day_text, day_base = date_text, base
            delta = minutes.get(clock_text)
            if marker:
                half = markers.get(marker)
                delta = None if half is None or delta is None else delta + half
            if base is not None and delta is not None:
                # Adding one timedelta builds one datetime; timedeltas are cheaper to add.
                p_ts, p_warn = base + (delta + seconds[sec] if sec else delta), ()
            else:
                try:
                    p_ts, p_warn = clock.timestamp(
                        date_text, clock_text, sec or None, marker, previous
                    )
                except BadTimestamp as exc:
                    p_bad = str(exc)
                    continue
            p_bad = None
            if previous is not None and p_ts < previous and previous - p_ts > slack:
                p_warn = (*p_warn, HEADER_WENT_BACK)
            previous = p_ts
            # The author is the text before the first ": ", unless that is no name (a system
            # event quoting a group name); the verdict is cached per distinct candidate.
            cut = rest.find(": ")
            author = ""
            if cut > 0:
                candidate = rest[:cut]
                author = authors.get(candidate, _NOT_CHECKED)
                if author is _NOT_CHECKED:
                    author = authors[candidate] = candidate if is_author(candidate) else ""
            if author:
                p_sender, p_text = author, rest[cut + 2 :]
                if (
                    p_text[:1] in leads
                    or p_text[-1:] == ")"
                    or (len(p_text) <= exact_max and p_text in exact)
                ):
                    p_info = classify(p_text)
                    p_kind = p_info.kind
                    if p_kind is system_kind:
                        p_sender = None
                    elif p_kind is text_kind:
                        p_info = None
                else:
                    p_kind, p_info = text_kind, None
            else:
                p_sender, p_text = None, rest
                p_info = classify_event(rest)
                p_kind = p_info.kind
    if p_bad is None:
        pending = (p_line, p_ts, p_sender, p_text, p_kind, p_info)
        yield _message(source, notes, pending, p_extra, p_warn)
    else:  # the survey found a header, so the last record is never the preamble
        yield _issue(source, p_line, p_bad, p_skipped)
