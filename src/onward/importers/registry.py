"""The built-in importers, format detection, and lookup by source name.

Built-ins go through the same registry as third-party importers (``base.register``), the way
datasette's ``DEFAULT_PLUGINS`` does. They are imported lazily, on first use.

Detection order (``detect_format``), most specific first:

1. ``imessage``: the SQLite file signature; nothing else here is a database.
2. ``sms_backup_restore``: XML whose root is ``<smses>`` or ``<calls>``.
3. ``telegram``: JSON with Telegram's keys and no Meta keys.
4. ``instagram``: Meta JSON whose folders or media paths say Instagram.
5. ``facebook``: any other Meta JSON (Messenger and Instagram share the format).
6. ``signal``: signal-export's chat.md/data.json, before WhatsApp because its
   ``[2019-05-29 15:04:07] Name: text`` lines would also pass as WhatsApp's iOS layout.
7. ``whatsapp``: a text export (.txt or .zip).
8. importers registered by third parties, in registration order.
9. ``csv``: any .csv/.tsv, last, because it claims files by their extension alone.

When the person knows the format, ``--format`` skips detection.
"""

from __future__ import annotations

from pathlib import Path

from onward.errors import ImportFileError
from onward.importers.base import Importer, add_builtin, registered

BUILTIN_MODULES: tuple[str, ...] = (
    "onward.importers.imessage.chat_db",
    "onward.importers.sms.backup_restore",
    "onward.importers.telegram.json_export",
    "onward.importers.instagram.json_export",
    "onward.importers.facebook.json_export",
    "onward.importers.signal.export",
    "onward.importers.whatsapp.text_export",
    "onward.importers.csv.generic",
)
FALLBACK_MODULES: tuple[str, ...] = ("onward.importers.csv.generic",)  # tried after all others

for _module in BUILTIN_MODULES:
    add_builtin(_module)


def _rank(importer: Importer) -> tuple[int, int]:
    name = getattr(importer, "__name__", "")
    if name in FALLBACK_MODULES:
        return 2, BUILTIN_MODULES.index(name)
    if name in BUILTIN_MODULES:
        return 0, BUILTIN_MODULES.index(name)
    return 1, 0  # third-party: stable sort keeps registration order


def detection_order() -> list[Importer]:
    """Every registered importer in the order detect_format tries them."""
    return sorted(registered().values(), key=_rank)


def _formats_hint() -> str:
    names = ", ".join(sorted(registered()))
    return f"Known formats: {names}. If you know the format, choose it with --format."


def get(source: str) -> Importer:
    """The importer registered under ``source``."""
    importer = registered().get(source)
    if importer is None:
        names = ", ".join(sorted(registered()))
        raise ImportFileError(
            "We do not know that import format", hint=f"Give --format one of: {names}."
        )
    return importer


def detect_format(path: Path) -> str:
    """The SOURCE of the first importer that recognises ``path``."""
    if not path.exists():
        raise ImportFileError(
            "We could not find that file.", hint="Check the path, or choose the file again."
        )
    if path.is_file() and path.stat().st_size == 0:
        raise ImportFileError(
            "That file is empty.", hint="Export the chat again, then import the new file."
        )
    for importer in detection_order():
        try:
            if importer.detect(path):
                return importer.SOURCE
        except (OSError, ValueError):
            continue  # a detector that cannot read the file does not claim it
    raise ImportFileError("We could not tell what kind of export this is", hint=_formats_hint())
