"""Android "SMS Backup & Restore" (SyncTech) XML backups: SMS, MMS and call logs.

How a person makes it: in the SMS Backup & Restore app, "Back up now" with Messages and/or
Calls ticked; it writes ``sms-<date>.xml`` (root ``<smses>``, records ``<sms>`` and ``<mms>``)
and ``calls-<date>.xml`` (root ``<calls>``, records ``<call>``) to the phone or a cloud folder.

Decisions:

* Streamed with ``defusedxml.ElementTree.iterparse``; each record is cleared once read, so a
  file of hundreds of MB (base64 MMS parts) keeps memory flat. A document type declaration
  is refused outright (the app never writes one), which also refuses XXE and billion laughs.
* UTF-16 surrogate-pair character references (``&#55357;&#56832;``), which expat rejects,
  are rewritten into the real character before parsing (see ``_xmlrefs``); a lone half
  becomes U+FFFD and the report says so.
* Times: ``date`` is Unix epoch milliseconds (UTC). A value that is clearly seconds (below
  1e11) is read as seconds, as some MMS records hold.
* Senders: own messages (SMS ``type`` 2 and other outbox states, MMS ``msg_box`` 2/4) have
  sender "Me" and ``outgoing=True``. A received SMS is sent by its ``contact_name`` when the
  app knew one, else by its ``address``. An MMS sender is the ``addr`` of type 137 (FROM),
  named with ``contact_name`` when that address is the whole conversation. The conversation
  is the ``address`` (several numbers joined by "~" in group MMS).
* MMS text is the ``text`` of its text/plain parts (joined with line breaks when several);
  every other part except the SMIL layout is an Attachment named by ``cl``/``name``/``fn``,
  with its content type and the SHA-256 of the decoded ``data`` when the backup holds it.
* Calls become CALL records on the PHONE channel with duration; missed, voicemail, rejected
  and blocked calls are marked missed. A withheld number is named ("Private number"), since
  calls from hidden numbers are contact attempts too. The text is a short label.
* An SMS ``body`` is kept exactly, even the literal "null" (a person can type it).
"""

from __future__ import annotations

import xml.etree.ElementTree as StdET
from collections.abc import Iterator
from pathlib import Path
from xml.etree.ElementTree import Element

import defusedxml
import defusedxml.ElementTree as SafeET

from onward.errors import ImportFileError
from onward.importers._common import (
    BAD_TEXT_WARNING,
    check_size,
    head_text,
    make_issue,
    note,
)
from onward.importers.base import ParseOptions, ParseReport, Res
from onward.importers.sms import _records
from onward.importers.sms._xmlrefs import SurrogateRefRepairer
from onward.model import Message

SOURCE = "sms_backup_restore"
VERSION = "1"

ROOT_TAGS = frozenset({"smses", "calls"})  # the two files the app writes
_DETECT_TAGS = ("<smses", "<calls")
# LookupError: an encoding declaration naming no known codec (found by fuzzing).
_STREAM_ERRORS = (StdET.ParseError, defusedxml.DefusedXmlException, ValueError, LookupError)


def detect(path: Path) -> bool:
    """True for an SMS Backup & Restore messages or calls XML file."""
    if path.is_dir():
        return False
    head = head_text(path, 8192)
    return head.startswith("<") and any(tag in head for tag in _DETECT_TAGS)


def parse(path: Path, *, options: ParseOptions, report: ParseReport) -> Iterator[Res]:
    """Yield every SMS, MMS and call in file order."""
    report.parser_version = VERSION
    check_size(path, options)
    try:
        raw = path.open("rb")
    except OSError:
        raise ImportFileError("We could not open this file") from None
    with raw:
        source = SurrogateRefRepairer(raw)
        yield from _records_of(path, source, report)
    if source.pairs_repaired:
        note(report, f"Emoji written as UTF-16 pairs, repaired: {source.pairs_repaired}.")
    if source.halves_replaced:
        note(report, f"Broken characters replaced with \ufffd: {source.halves_replaced}.")


def _records_of(path: Path, source: SurrogateRefRepairer, report: ParseReport) -> Iterator[Res]:
    events = SafeET.iterparse(source, events=("start", "end"), forbid_dtd=True)
    count = 0
    try:
        for item in _walk(path, events):
            count += 1
            if isinstance(item, Message) and BAD_TEXT_WARNING in item.warnings:
                note(report, BAD_TEXT_WARNING)
            yield item
    except defusedxml.DefusedXmlException:
        raise ImportFileError(
            "This file contains XML declarations that SMS Backup & Restore never writes",
            hint="It was refused for safety. Make a new backup with the app.",
        ) from None
    except _STREAM_ERRORS as exc:
        if count == 0:
            raise ImportFileError(
                "This file is not a readable SMS Backup & Restore backup",
                hint="Pick the sms-….xml or calls-….xml file the app wrote.",
            ) from None
        yield make_issue(path, _position(exc), "the file is damaged or cut off here")


def _position(exc: Exception) -> str:
    position = getattr(exc, "position", None)
    if isinstance(position, tuple) and position:
        return f"line {position[0]}"
    return "end of file"


def _walk(path: Path, events: Iterator[tuple[str, Element]]) -> Iterator[Res]:
    depth = 0
    index = 0
    root: Element | None = None
    for event, elem in events:
        if event == "start":
            depth += 1
            if depth == 1:
                root = _check_root(elem)
            continue
        depth -= 1
        if depth != 1 or root is None:
            continue
        index += 1
        yield _convert(path, elem, f"record {index}")
        root.clear()  # drop what was read: memory stays flat


def _check_root(elem: Element) -> Element:
    if elem.tag not in ROOT_TAGS:
        raise ImportFileError(
            "This XML file is not an SMS Backup & Restore backup",
            hint="Pick the sms-….xml or calls-….xml file the app wrote.",
        )
    return elem


def _convert(path: Path, elem: Element, where: str) -> Res:
    converter = _records.CONVERTERS.get(elem.tag)
    if converter is None:
        return make_issue(path, where, "unknown kind of record")
    result = converter(elem, where)
    if isinstance(result, str):
        return make_issue(path, where, result)
    return result
