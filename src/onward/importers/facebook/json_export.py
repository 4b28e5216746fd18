"""Facebook Messenger conversations from Meta's "Download your information" (JSON).

How a person makes it: Facebook → Settings & privacy → Settings → Accounts Centre → Your
information and permissions → Download your information, with Messages selected and format
JSON. In the unzipped download each conversation is a folder under ``…/messages/inbox/``
(also ``archived_threads``, ``filtered_threads``, ``message_requests``) holding
``message_1.json``, ``message_2.json``, … Import the conversation folder, or one file.

The format, its mojibake and the merging of files are handled in ``_meta_json`` (shared with
Instagram). This importer claims every Meta message export that does not say it is
Instagram's; when nothing in the path or the file tells, the report says it assumed
Facebook (``--format instagram`` overrides).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from onward.importers import _meta_json
from onward.importers._common import note
from onward.importers.base import ParseOptions, ParseReport, Res
from onward.model import Channel

SOURCE = "facebook"
VERSION = "1"


def detect(path: Path) -> bool:
    """True for a Meta message export that is not marked as Instagram's."""
    return _meta_json.is_meta_export(path) and _meta_json.flavour(path) != "instagram"


def parse(path: Path, *, options: ParseOptions, report: ParseReport) -> Iterator[Res]:
    """Yield the conversation's messages, oldest first."""
    report.parser_version = VERSION
    if _meta_json.flavour(path) is None:
        note(report, _meta_json.GUESSED_WARNING)
    return _meta_json.parse_export(path, options=options, report=report, channel=Channel.FACEBOOK)
