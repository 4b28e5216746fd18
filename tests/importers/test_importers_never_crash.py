"""On arbitrary bytes, every importer only ever yields records or raises ImportFileError.

Each parser gets random bytes under the file name it expects, plus the same bytes after a
valid-looking start, so the fuzzing reaches past the first check. detect() never raises.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onward.errors import ImportFileError
from onward.importers.base import ParseOptions, ParseReport
from onward.importers.csv import generic as csv_generic
from onward.importers.facebook import json_export as facebook
from onward.importers.imessage import chat_db
from onward.importers.instagram import json_export as instagram
from onward.importers.signal import export as signal
from onward.importers.sms import backup_restore
from onward.importers.telegram import json_export as telegram

# (module, file name, a prefix that gets the bytes past format sniffing)
TARGETS: list[tuple[ModuleType, str, bytes]] = [
    (telegram, "result.json", b'{"name": "x", "type": "personal_chat", "messages": ['),
    (backup_restore, "sms.xml", b'<?xml version=\'1.0\'?><smses><sms address="1" date="1" body="'),
    (facebook, "message_1.json", b'{"participants": [], "messages": [{"sender_name": "'),
    (instagram, "message_1.json", b'{"participants": [], "messages": [{"content": "'),
    (signal, "chat.md", b"[2024-03-01 09:15:00] A: "),
    (signal, "data.json", b'{"date": "2024-03-01T09:15:00", "sender": "A", "body": "'),
    (csv_generic, "chat.csv", b"date,from,text\n2024-03-01T09:15:00Z,A,"),
    (chat_db, "chat.db", b"SQLite format 3\x00"),
]


def run(module: ModuleType, name: str, data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        assert module.detect(path) in (True, False)
        try:
            for item in module.parse(
                path, options=ParseOptions(timezone="UTC"), report=ParseReport()
            ):
                text = getattr(item, "text", "")
                text.encode("utf-8")  # storable
        except ImportFileError:
            pass


@pytest.mark.parametrize(
    ("module", "name", "prefix"), TARGETS, ids=lambda v: getattr(v, "SOURCE", None) or str(v)[:12]
)
@settings(max_examples=40, deadline=None)
@given(data=st.binary(max_size=400), with_prefix=st.booleans())
def test_importer_never_raises_anything_but_import_file_error(
    module: ModuleType, name: str, prefix: bytes, data: bytes, with_prefix: bool
) -> None:
    run(module, name, (prefix if with_prefix else b"") + data)
