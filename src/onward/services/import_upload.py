"""Imports from the web page: the uploaded file goes to a private temporary folder (RAM-backed
where the system has one), is imported, and is removed again whatever happens.

When the file cannot tell day-first from month-first, ``DateOrderQuestion`` carries a few of
the file's own dates (digits and separators only, never message text) so the page can ask.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import datetime, tzinfo
from pathlib import Path
from typing import Any, BinaryIO, Final

from onward.errors import DateOrderUndecidedError, ImportFileError, InvalidInputError
from onward.i18n import gettext as _
from onward.importers.base import DateOrder, ParseOptions, registered
from onward.report.texts import format_label
from onward.services import conversations, timeline_prefs
from onward.services.conversations import ChatView
from onward.services.imports import ImportResult, load_import, run_import
from onward.services.log_files import clean_name
from onward.services.vault import Vault

DATE_ORDERS: Final[tuple[DateOrder, ...]] = ("DMY", "MDY", "YMD")
MAX_UPLOAD_BYTES: Final = 1024**3
COPY_CHUNK: Final = 1024 * 1024
EXAMPLE_BYTES: Final = 256 * 1024
MAX_EXAMPLES: Final = 6
# A date at the start of a line (WhatsApp headers, CSV first cells), or anywhere in a cell.
_DATE = re.compile(r"(?<![\d.])(\d{1,4}[./-]\s?\d{1,2}[./-]\s?\d{1,4})(?![\d])")


class DateOrderQuestion(DateOrderUndecidedError):
    """The date order must be asked; ``examples`` are dates as the file writes them."""

    def __init__(self, source: DateOrderUndecidedError, examples: list[str]) -> None:
        super().__init__(source.user_message, source.hint)
        self.examples = examples


def formats() -> list[str]:
    """The names of every import format."""
    return sorted(registered())


def format_choices() -> list[tuple[str, str]]:
    """Every import format and its label, for a choice list."""
    return sorted(((f, format_label(f)) for f in formats()), key=lambda c: c[1].casefold())


def parse_date_order(value: str) -> DateOrder | None:
    value = value.strip().upper()
    if not value:
        return None
    for order in DATE_ORDERS:
        if value == order:
            return order
    raise InvalidInputError(_("Unknown date order."), hint="DMY, MDY, YMD")


def _head_text(path: Path) -> str:
    """The start of the file as text (of the first .txt inside a .zip)."""
    try:
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as archive:
                names = [n for n in archive.namelist() if n.lower().endswith(".txt")]
                if not names:
                    return ""
                with archive.open(names[0]) as member:
                    raw = member.read(EXAMPLE_BYTES)
        else:
            with path.open("rb") as f:
                raw = f.read(EXAMPLE_BYTES)
    except (OSError, zipfile.BadZipFile):
        return ""
    return raw.decode("utf-8", "replace")


def date_examples(path: Path, limit: int = MAX_EXAMPLES) -> list[str]:
    """A few different dates as the file writes them (only digits and separators)."""
    found: dict[str, None] = {}
    for line in _head_text(path).splitlines():
        m = _DATE.search(line[:40])
        if m:
            found.setdefault(m.group(1), None)
            if len(found) >= limit:
                break
    return list(found)


def _private_dir() -> Path:
    shm = Path("/dev/shm")
    base = str(shm) if shm.is_dir() and os.access(shm, os.W_OK) else None
    return Path(tempfile.mkdtemp(prefix="tmp", dir=base))


def _copy(stream: BinaryIO, target: Path) -> None:
    copied = 0
    with target.open("xb") as out:
        os.chmod(target, 0o600)
        while chunk := stream.read(COPY_CHUNK):
            copied += len(chunk)
            if copied > MAX_UPLOAD_BYTES:
                raise ImportFileError(
                    _("That file is too large to import here."),
                    hint=_("Files up to 1 GB can be imported on this page; use 'onward import'."),
                )
            out.write(chunk)
    if copied == 0:
        raise ImportFileError(_("That file is empty."), hint=_("Choose the export file again."))


def import_stream(
    vault: Vault,
    stream: BinaryIO,
    filename: str,
    *,
    fmt: str | None = None,
    date_order: DateOrder | None = None,
) -> ImportResult:
    """Import an uploaded file; the temporary copy is removed afterwards."""
    if fmt is not None and fmt not in registered():
        raise InvalidInputError(_("We do not know that import format."), hint=", ".join(formats()))
    folder = _private_dir()
    try:
        path = folder / clean_name(filename)
        _copy(stream, path)
        try:
            return run_import(
                vault,
                path,
                fmt=fmt,
                options=ParseOptions(date_order=date_order),
                file_name=path.name,
            )
        except DateOrderUndecidedError as exc:
            raise DateOrderQuestion(exc, date_examples(path)) from None
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@dataclass(frozen=True, slots=True)
class ImportPage:
    """One import's provenance and the chats it touched, for its result page."""

    doc: dict[str, Any]
    chats: list[ChatView]
    format_label: str
    first: str | None  # the first and last message's times, as the timeline shows times
    last: str | None


def import_page(vault: Vault, import_id: str) -> ImportPage:
    doc = load_import(vault, import_id)
    wanted = [str(i) for i in doc.get("chats") or []]
    views = {c.item_id: c for c in conversations.list_chats(vault)}
    tz = timeline_prefs.clock(timeline_prefs.load(vault)).tz
    return ImportPage(
        doc,
        [views[i] for i in wanted if i in views],
        format_label(str(doc.get("parser", ""))),
        _shown_time(doc.get("first"), tz),
        _shown_time(doc.get("last"), tz),
    )


def _shown_time(value: object, tz: tzinfo) -> str | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value).astimezone(tz).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return value
