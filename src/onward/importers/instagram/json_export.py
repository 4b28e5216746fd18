"""Instagram direct messages from Meta's "Download your information" (JSON).

How a person makes it: Instagram → Settings → Accounts Centre → Your information and
permissions → Download your information, with Messages selected and format JSON. In the
unzipped download (``instagram-<user>-<date>/``) each conversation is a folder under
``your_instagram_activity/messages/inbox/`` (older downloads: ``messages/inbox/``) holding
``message_1.json``, ``message_2.json``, … Import the conversation folder, or one file.

The format, its mojibake and the merging of files are handled in ``_meta_json`` (shared with
Facebook Messenger). This importer claims an export only when the folder names or the media
paths inside it say Instagram; otherwise detection falls to Facebook and the person can
choose ``--format instagram``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from onward.importers import _meta_json
from onward.importers.base import ParseOptions, ParseReport, Res
from onward.model import Channel

SOURCE = "instagram"
VERSION = "1"


def detect(path: Path) -> bool:
    """True for a Meta message export that says it is Instagram's."""
    return _meta_json.is_meta_export(path) and _meta_json.flavour(path) == "instagram"


def parse(path: Path, *, options: ParseOptions, report: ParseReport) -> Iterator[Res]:
    """Yield the conversation's messages, oldest first."""
    report.parser_version = VERSION
    return _meta_json.parse_export(path, options=options, report=report, channel=Channel.INSTAGRAM)
