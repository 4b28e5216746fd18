"""WhatsApp chat export importer (the plain-text "Export chat" file, alone or in its .zip).

App: WhatsApp Messenger, Android and iOS.

Format: one UTF-8 text file per chat. Each message starts with a header line holding the local
date and time, the author and the first line of the text; further lines of a multi-line message
follow as they are. Layouts differ by phone and locale (see ``formats``). iOS writes the file as
``_chat.txt`` inside ``WhatsApp Chat - <name>.zip``; Android writes ``WhatsApp Chat with
<name>.txt``, zipped together with the media when media are included.

How a person produces it: open the chat, then on Android tap ⋮ → More → Export chat, on iOS tap
the chat's name → Export chat; choose "Without media" (a .txt) or "Include media" (a .zip), and
save the file to the computer. Either file can be imported as it is.

What the importer yields, per message, exactly as exported:

* ``text`` is the text as written: no Unicode normalisation, no stripping, lines of a multi-line
  message joined with "\\n", U+200E marks inside the text kept. Only the line terminator (LF or
  CR LF) and the single U+200E that iOS puts before some header lines are not part of it.
* ``kind``: system events (encryption notice, security code changes, blocks, group changes) are
  ``SYSTEM`` with ``sender`` None; media placeholders and attachment lines are ``MEDIA`` (with an
  ``Attachment`` whose SHA-256 is computed from the .zip when the file is in it); "This message
  was deleted" is ``DELETED``; missed voice and video calls are ``CALL`` with ``call_missed``.
* ``ts`` is an aware datetime: see ``clock`` for how wall-clock times become instants in
  ``ParseOptions.timezone`` (or the computer's zone) and how DST changes are handled.
* ``source_ref`` is ``line N``, the header line in the chat text; ``conversation`` is the chat
  name from the file name (``WhatsApp Chat with X.txt`` → ``X``), else the file's stem.

Date order (``3/4/21``) is decided from the file's own dates before the first message is yielded
(see ``dateorder``) and recorded in ``ParseReport`` with the rule that decided it; when nothing
decides it, ``DateOrderUndecidedError`` asks for ``--date-order``.

Header lines that go back in time: a text export cannot tell a real message from a header-shaped
line that someone pasted into a message. A header whose time is more than ``ORDER_SLACK`` (5
minutes) before the previous message's is still read as a new message (dropping it could hide a
real message), but the message carries the warning ``header_went_back`` and the report counts
them, so a person or a later check can look at it.

Bad records (an impossible date or time, a message longer than WhatsApp allows, lines before the
first header) become ``ImportIssue`` values that name the line, never the text. The whole file is
refused with ``ImportFileError`` only when it cannot be read or holds no WhatsApp header.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Final

from onward.errors import DateOrderUndecidedError, ImportFileError
from onward.importers.base import ParseOptions, ParseReport, Res
from onward.importers.whatsapp.clock import Clock, Zone
from onward.importers.whatsapp.dateorder import Decision, decide_date_order
from onward.importers.whatsapp.formats import Layout, layout_of
from onward.importers.whatsapp.records import Notes, read_records
from onward.importers.whatsapp.source import READ_ERRORS, LineTooLongError, open_source

SOURCE: Final = "whatsapp"
VERSION: Final = "1"

# Lines read when sniffing a file in detect().
DETECT_LINES: Final = 20
_USER_ORDER_RULE: Final = "set by the person importing (date order option)"
# The wording the other importers of local-time exports use, so the report reads the same.
_NO_ZONE_NOTE: Final = "Times in this export carry no time zone; they were read as "


def detect(path: Path) -> bool:
    """Whether a file is a WhatsApp chat export (.txt or .zip) this importer can read."""
    try:
        with open_source(path, ParseOptions().max_bytes) as source, source.open_text() as text:
            for _ in range(DETECT_LINES):
                line = text.readline()
                if not line:
                    return False
                if layout_of(line) is not None:
                    return True
    except (ImportFileError, *READ_ERRORS):
        return False
    return False


def parse(path: Path, *, options: ParseOptions, report: ParseReport) -> Iterator[Res]:
    """Yield every message (and an issue for every bad record) of a WhatsApp export.

    The report's ``date_order`` and ``date_order_rule`` are set before the first record is
    yielded; its ``warnings`` (counts of flagged messages) once the last one has been.

    Raises:
        ImportFileError: the file cannot be read, is not a WhatsApp export or is too large.
        DateOrderUndecidedError: day-first or month-first cannot be told from the file and
            ``options.date_order`` is None.
    """
    report.parser_version = VERSION
    zone = Zone(options.timezone)
    with open_source(path, options.max_bytes) as source:
        try:
            with source.open_text() as text:
                layout, decision = _survey(iter(text), options)
            report.date_order, report.date_order_rule = decision.order, decision.rule
            report.warnings.append(f"{_NO_ZONE_NOTE}{zone.name}.")
            clock = Clock(decision.order, zone, twelve_hour=layout.marker is not None)
            notes = Notes()
            with source.open_text() as text:
                yield from read_records(text, layout, clock, source, notes)
            report.warnings.extend(notes.summary())
        except LineTooLongError as exc:
            raise ImportFileError(
                "A line in this file is far longer than any chat message.",
                hint="Check that this is the .txt or .zip that WhatsApp's 'Export chat' made.",
            ) from exc
        except READ_ERRORS as exc:
            raise ImportFileError(
                "This file could not be read to the end as a WhatsApp export.",
                hint="Export the chat again; the file may be damaged or incomplete.",
            ) from exc


def _survey(lines: Iterator[str], options: ParseOptions) -> tuple[Layout, Decision]:
    """First pass: the header layout (from the first header) and the date order."""
    number, line, layout = _first_header(lines)
    if options.date_order is not None:
        return layout, Decision(options.date_order, _USER_ORDER_RULE)
    first = layout.regex.match(line)
    assert first is not None  # the layout was read from this very line
    decision = decide_date_order(_dates(lines, layout, number, first.group(1)))
    if decision is None:
        raise DateOrderUndecidedError(
            "The dates in this file could be day-first or month-first, and nothing in the "
            "file tells which.",
            hint="Import again with --date-order DMY (day first) or --date-order MDY "
            "(month first), as your phone shows dates.",
        )
    return layout, decision


def _first_header(lines: Iterator[str]) -> tuple[int, str, Layout]:
    """The line number, text and layout of the first header line."""
    for number, line in enumerate(lines, 1):
        layout = layout_of(line)
        if layout is not None:
            return number, line, layout
    raise ImportFileError(
        "No line in this file looks like a WhatsApp message.",
        hint="Import the .txt or .zip file that WhatsApp's 'Export chat' made.",
    )


def _dates(
    lines: Iterator[str], layout: Layout, first_line: int, first_date: str
) -> Iterator[tuple[int, str]]:
    """(line number, date text) of each header whose date differs from the previous one."""
    yield first_line, first_date
    match = layout.regex.match
    previous = first_date
    for number, line in enumerate(lines, first_line + 1):
        m = match(line)
        if m is not None and m.group(1) != previous:
            previous = m.group(1)
            yield number, previous
