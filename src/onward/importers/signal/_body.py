"""Undo what signal-export adds around a message body (see ``export``).

signal-export (``sigexport/models.py``, ``Message.to_md``) writes each message as
``[date] Sender: <quote><body>  <reactions><sticker><attachments>`` followed by a blank line;
``<quote>`` is ``\\n\\n> quoted text\\n\\n``, reactions are ``\\n(- Name: emoji, … -)``, and
each attachment is a Markdown link followed by two spaces. Its call records are English
labels it makes itself (``create.py``, ``_format_call``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onward.model import Attachment

DELETED_BODY = "(This message was deleted)"  # written instead of the body of a deleted message
BODY_SUFFIX = "  "  # two spaces, added so Markdown keeps line breaks
QUOTE_PREFIX = "> "
QUOTE_WARNING = "a reply: the quoted earlier message was left out of the text"
NOT_EXPORTED_WARNING = "an attachment was not included in the export"
TAIL_WINDOW = 4096  # attachment links are short; only the end of a body is searched
_LINK = re.compile(r"(?:!?\[([^\[\]\n]*)\]\(([^()\n]*)\)|\((media|attachment) not exported\))  \Z")
_STICKER = re.compile(r"\n\(\( ([^\n]*) \)\)\Z")  # a sticker without an exported file
_REACTIONS = re.compile(r"\n\(- [^\n]* -\)\Z")
_CALL = re.compile(r"(Incoming|Outgoing|Missed) (?:(?:voice|video) )?call(?: \(([^()\n]*)\))?")
_DURATION = re.compile(r"(?:(\d{1,6})m )?(\d{1,6})s")
_UNANSWERED = ("unanswered", "declined", "declined by recipient", "missed")


@dataclass(frozen=True, slots=True)
class Body:
    """A message body with signal-export's additions taken off."""

    text: str
    attachments: tuple[Attachment, ...] = ()
    warnings: tuple[str, ...] = ()


def _link_name(target: str) -> str:
    return target[2:] if target.startswith("./") else target


def _strip_tail(body: str) -> tuple[str, list[Attachment], list[str]]:
    found: list[Attachment] = []
    warnings: list[str] = []
    while body.endswith(BODY_SUFFIX):
        tail = body[-TAIL_WINDOW:]
        match = _LINK.search(tail)
        if match is None:
            break
        if match.group(3):
            warnings.append(NOT_EXPORTED_WARNING)
        else:
            found.append(Attachment(name=_link_name(match.group(2)) or match.group(1)))
        body = body[: len(body) - len(tail) + match.start()]
    sticker = _STICKER.search(body[-TAIL_WINDOW:])
    if sticker:
        found.append(Attachment(name="sticker"))
        body = body[: len(body) - len(sticker.group(0))]
    reactions = _REACTIONS.search(body[-TAIL_WINDOW:])
    if reactions:
        body = body[: len(body) - len(reactions.group(0))]
    found.reverse()  # they were taken off from the end
    return body, found, warnings


def _strip_quote(lines: list[str]) -> tuple[list[str], bool]:
    if len(lines) < 3 or lines[0] or lines[1] or not lines[2].startswith(QUOTE_PREFIX):
        return lines, False
    index = 2
    while index < len(lines) and lines[index].startswith(QUOTE_PREFIX):
        index += 1
    if index < len(lines) and not lines[index]:
        index += 1
    return lines[index:], True


def split_markdown(first: str, rest: list[str]) -> Body:
    """The body of one Markdown message: the rest of its header line and the lines after."""
    lines = [first, *rest]
    if len(lines) > 1 and not lines[-1]:
        lines.pop()  # the blank line after every message
    lines, quoted = _strip_quote(lines)
    body = "\n".join(lines)
    if body == DELETED_BODY:
        return Body(text=body)
    body, attachments, warnings = _strip_tail(body)
    if body.endswith(BODY_SUFFIX):
        body = body[: -len(BODY_SUFFIX)]
    if quoted:
        warnings.append(QUOTE_WARNING)
    return Body(text=body, attachments=tuple(attachments), warnings=tuple(warnings))


def call_details(text: str) -> tuple[bool, bool, int | None]:
    """(is a call label, missed, duration in seconds) for a body signal-export wrote."""
    match = _CALL.fullmatch(text)
    if match is None:
        return False, False, None
    detail = match.group(2) or ""
    missed = match.group(1) == "Missed" or detail in _UNANSWERED
    duration = _DURATION.search(detail)
    seconds = None
    if duration:
        seconds = int(duration.group(1) or 0) * 60 + int(duration.group(2))
    return True, missed, seconds
