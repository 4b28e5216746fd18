"""Attachments of log entries: photos, screenshots, audio, PDFs, kept byte for byte.

Each file is its own row in ``items`` (kind ``logfile``) encrypted with its own
record key (the vault's envelope cipher), so removing an entry destroys its files'
keys too (R23). The SHA-256 is taken from the bytes as received (R25); nothing is
resized, re-encoded or stripped here. Working copies without location data are
made only in exports (``report.working_copy``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection

from onward.errors import InvalidInputError, NotFoundError
from onward.i18n import gettext as _
from onward.services.vault import Vault
from onward.store import repos
from onward.store.crypto import record_aad
from onward.store.ids import is_id, new_id

KIND_FILE = "logfile"
MAX_FILE_BYTES = 50 * 1024 * 1024  # a long voice memo or a phone video clip
MAX_NAME_BYTES = 255  # in UTF-8: the longest file name most computers allow
# Leading bytes of the formats people attach most often (file signatures).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"ID3", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
)


@dataclass(frozen=True, slots=True)
class NewFile:
    """A file as it arrived: the name the person's device gave it, and its bytes."""

    name: str
    data: bytes
    media_type: str = ""


def sniff_media_type(data: bytes, declared: str = "") -> str:
    """The media type from the file's own signature, else what the sender declared."""
    for magic, media_type in _SIGNATURES:
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[4:8] == b"ftyp":
        return "audio/mp4" if data[8:11] == b"M4A" else "video/mp4"
    declared = declared.split(";")[0].strip().lower()
    if declared and "/" in declared and len(declared) <= 100:
        return declared
    return "application/octet-stream"


def _aad(vault: Vault, file_id: str) -> bytes:
    return record_aad(vault.vault_id, "items", file_id, KIND_FILE)


def clean_name(name: str) -> str:
    """The file's own name without folders; control characters removed.

    A name longer than a file's name can be is refused, with what to do: it is neither cut
    short without a word nor repeated back.
    """
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in base if ch.isprintable()).strip()
    if len(base.encode()) > MAX_NAME_BYTES:
        raise InvalidInputError(
            _("The name of a file you chose is too long."),
            hint=_("Rename the file to something shorter, then choose it again."),
        )
    return base or "file"


def store_file(conn: Connection, vault: Vault, new: NewFile) -> dict[str, Any]:
    """Encrypt and store one file; returns its record for the entry version."""
    name = clean_name(new.name)
    if not new.data:
        raise InvalidInputError(_("An attached file is empty."), hint=_("Choose the file again."))
    if len(new.data) > MAX_FILE_BYTES:
        raise InvalidInputError(
            _("An attached file is too large."),
            hint=_("Files up to 50 MB can be attached. Keep the original somewhere safe too."),
        )
    file_id = new_id()
    body = vault.cipher.encrypt(new.data, _aad(vault, file_id))
    repos.insert_item(conn, vault_id=vault.vault_id, item_id=file_id, kind=KIND_FILE, body=body)
    return {
        "name": name,
        "media_type": sniff_media_type(new.data, new.media_type),
        "sha256": hashlib.sha256(new.data).hexdigest(),
        "size": len(new.data),
        "file_id": file_id,
    }


def read_file(conn: Connection, vault: Vault, file_id: str) -> bytes:
    """The original bytes of a stored file."""
    row = repos.get_item(conn, vault_id=vault.vault_id, kind=KIND_FILE, item_id=file_id)
    if row is None or not is_id(file_id):
        raise NotFoundError(_("That file is not here."), hint=_("It may have been removed."))
    return vault.cipher.decrypt(row.body, _aad(vault, file_id))


def delete_file(conn: Connection, vault: Vault, file_id: str) -> bool:
    return repos.delete_item(conn, vault_id=vault.vault_id, kind=KIND_FILE, item_id=file_id)
