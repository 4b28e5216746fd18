"""Coverage-guided fuzzing of the built-in importers with atheris (security.md R32).

atheris is a dev dependency; tests/importers/test_fuzz_smoke.py runs a short smoke run of every
target in CI, seeded from the golden exports. Longer runs by hand, e.g.::

    uv run python tests/fuzz/fuzz_importers.py -atheris_runs=100000
    ONWARD_FUZZ_TARGET=telegram uv run python tests/fuzz/fuzz_importers.py \\
        -max_total_time=60 tests/fuzz/corpus/telegram

Without ONWARD_FUZZ_TARGET the first input byte picks the importer. The next byte says whether
to write the known prefix (even) or not (odd); the rest is written to a temporary file under the
name that importer expects, after that prefix if chosen. With ONWARD_FUZZ_TARGET set, a seed
is therefore one odd byte and then a real export. Anything other than ImportFileError escaping
``parse`` (or
anything escaping ``detect``) is a crash; libFuzzer saves the input as ``crash-<sha1>``,
which belongs in tests/data/exports/<source>/ as a regression fixture. The file name
does not start with ``test_``, so pytest never collects it.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from types import ModuleType

import atheris  # type: ignore[import-untyped,import-not-found,unused-ignore]  # no type hints

from onward.errors import ImportFileError

# Coverage feedback only for our own parsing code: instrumenting every loaded module
# (atheris.instrument_all) costs far more start-up time than a smoke run spends fuzzing.
with atheris.instrument_imports(include=["onward.importers"]):
    from onward.importers.base import ParseOptions, ParseReport
    from onward.importers.csv import generic as csv_generic
    from onward.importers.facebook import json_export as facebook
    from onward.importers.imessage import chat_db
    from onward.importers.instagram import json_export as instagram
    from onward.importers.signal import export as signal
    from onward.importers.sms import backup_restore
    from onward.importers.telegram import json_export as telegram
    from onward.importers.whatsapp import text_export as whatsapp

# name → (importer, file name it expects, prefix that passes its format check)
TARGETS: dict[str, tuple[ModuleType, str, bytes]] = {
    "telegram": (telegram, "result.json", b'{"name": "x", "type": "personal_chat", "messages": ['),
    "sms_backup_restore": (backup_restore, "sms.xml", b"<?xml version='1.0'?><smses><sms "),
    "facebook": (facebook, "message_1.json", b'{"participants": [], "messages": ['),
    "instagram": (instagram, "message_1.json", b'{"participants": [], "messages": ['),
    "signal_md": (signal, "chat.md", b"[2024-03-01 09:15:00] A: "),
    "signal_json": (signal, "data.json", b'{"date": "2024-03-01T09:15:00", "sender": "A", '),
    "csv": (csv_generic, "chat.csv", b"date,from,text\n"),
    "imessage": (chat_db, "chat.db", b"SQLite format 3\x00"),
    "whatsapp_txt": (whatsapp, "WhatsApp Chat with A.txt", b"14/03/2021, 08:01 - A: "),
    "whatsapp_zip": (whatsapp, "WhatsApp Chat - A.zip", b"PK\x03\x04"),
}
NAMES = sorted(TARGETS)
OPTIONS = ParseOptions(timezone="UTC", max_bytes=1024 * 1024)
_work: tempfile.TemporaryDirectory[str] | None = None  # made on first use, removed at exit


def _work_dir() -> Path:
    global _work
    if _work is None:
        _work = tempfile.TemporaryDirectory(prefix="onward-fuzz-")
    return Path(_work.name)


def _pick(data: bytes) -> tuple[str, bytes]:
    fixed = os.environ.get("ONWARD_FUZZ_TARGET")
    if fixed:
        return fixed, data
    if not data:
        return NAMES[0], data
    return NAMES[data[0] % len(NAMES)], data[1:]


def one_input(data: bytes) -> None:
    """Feed one input to one importer; only ImportFileError may escape parse()."""
    name, rest = _pick(data)
    module, file_name, prefix = TARGETS[name]
    use_prefix = bool(rest) and rest[0] % 2 == 0
    path = _work_dir() / file_name
    path.write_bytes((prefix if use_prefix else b"") + rest[1:])
    module.detect(path)
    try:
        for item in module.parse(path, options=OPTIONS, report=ParseReport()):
            getattr(item, "text", "").encode("utf-8")  # text must be storable
    except ImportFileError:
        pass


def main() -> None:
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
