"""Read a WhatsApp "Export chat → Attach media" archive safely, without extracting it.

The phone writes a .zip holding the chat text (``_chat.txt`` on iOS, ``WhatsApp Chat with
X.txt`` on Android) and one file per attachment (``00000012-PHOTO-2021-03-14-08-10-00.jpg``,
``IMG-20210314-WA0001.jpg``). The archive may come from anyone, so before reading it:

* the end-of-central-directory record is read first, and an archive declaring more than
  ``max_entries`` entries or a huge central directory is refused before ``zipfile`` parses it;
* every entry name is checked: absolute paths, drive letters, ``..`` parts and symbolic links
  are refused (zip slip), as are duplicate names;
* the total uncompressed size and each large entry's compression ratio are bounded (zip bomb);
  ``zipfile`` never returns more bytes than an entry declares, so declared sizes are real bounds.

Nothing is written to disk: the chat text is streamed from the archive and attachments are
hashed (SHA-256) in 1 MiB chunks when a message references them.
"""

from __future__ import annotations

import hashlib
import lzma
import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Final

from onward.errors import ImportFileError
from onward.model import Attachment

ZIP_MAGIC: Final = (b"PK\x03\x04", b"PK\x05\x06")  # local file header; empty archive
_EOCD: Final = b"PK\x05\x06"  # end of central directory record
_EOCD_SIZE: Final = 22
_ZIP64_LOCATOR: Final = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE: Final = 20
_ZIP64_EOCD: Final = b"PK\x06\x06"
_ZIP64_EOCD_SIZE: Final = 56
_MAX_COMMENT: Final = 0xFFFF
_S_IFMT: Final = 0o170000
_S_IFLNK: Final = 0o120000
_HASH_CHUNK: Final = 1024 * 1024
_DRIVE: Final = re.compile(r"^[A-Za-z]:")

# What zipfile raises on damaged archives (a flipped compression method gives
# NotImplementedError, an impossible offset ValueError, LZMA data LZMAError).
_ZIP_ERRORS: Final = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    NotImplementedError,
    ValueError,
    struct.error,
    OSError,
)
_DAMAGED: Final = "This archive is damaged and cannot be read."

ATTACHMENT_MISSING: Final = "attachment_missing"
ATTACHMENT_UNREADABLE: Final = "attachment_unreadable"

# iOS names the chat text "_chat.txt"; Android "WhatsApp Chat with <name>.txt" (localised).
IOS_CHAT_NAME: Final = "_chat.txt"

# Media types of the files WhatsApp puts in exports, by extension (fixed, not the system's
# mime.types, so results do not depend on the machine).
MEDIA_TYPES: Final[dict[str, str]] = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".heic": "image/heic",
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".3gp": "video/3gpp",
    ".opus": "audio/ogg",
    ".ogg": "audio/ogg",
    ".m4a": "audio/mp4",
    ".aac": "audio/aac",
    ".mp3": "audio/mpeg",
    ".amr": "audio/amr",
    ".pdf": "application/pdf",
    ".vcf": "text/vcard",
    ".txt": "text/plain",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def media_type(name: str) -> str | None:
    """The media type of an attachment file name, when its extension is a known one."""
    return MEDIA_TYPES.get(PurePosixPath(name).suffix.lower())


@dataclass(frozen=True, slots=True)
class ZipLimits:
    """Bounds that make a hostile archive harmless."""

    max_entries: int = 50_000
    # 50,000 entries with WhatsApp's ~40-character names take about 4 MiB; the bound also caps
    # what zipfile builds in memory when the declared entry count is false.
    max_directory_bytes: int = 8 * 1024 * 1024
    max_total_bytes: int = 2 * 1024**3
    max_ratio: int = 250  # deflate reaches ~1000:1 only on degenerate data
    ratio_floor: int = 1024 * 1024  # entries smaller than this are not ratio-checked


def is_zip(path: Path) -> bool:
    """Whether a file starts like a zip archive."""
    try:
        with path.open("rb") as f:
            return f.read(4) in ZIP_MAGIC
    except OSError:
        return False


def _refuse(message: str, hint: str | None = None) -> ImportFileError:
    return ImportFileError(message, hint=hint or "Export the chat again from WhatsApp.")


def _directory_size(path: Path) -> tuple[int, int]:
    """(entry count, central directory bytes) from the end records, before zipfile parses."""
    with path.open("rb") as f:
        size = f.seek(0, 2)
        tail_len = min(size, _EOCD_SIZE + _MAX_COMMENT)
        f.seek(size - tail_len)
        tail = f.read(tail_len)
        pos = tail.rfind(_EOCD)
        if pos < 0 or len(tail) - pos < _EOCD_SIZE:
            raise _refuse("This file is not a readable zip archive.")
        entries, directory = struct.unpack_from("<HL", tail, pos + 10)
        if entries != 0xFFFF and directory != 0xFFFFFFFF:
            return entries, directory
        loc = pos - _ZIP64_LOCATOR_SIZE
        if loc < 0 or tail[loc : loc + 4] != _ZIP64_LOCATOR:
            raise _refuse("This file is not a readable zip archive.")
        (offset,) = struct.unpack_from("<Q", tail, loc + 8)
        f.seek(offset)
        record = f.read(_ZIP64_EOCD_SIZE)
        if len(record) < _ZIP64_EOCD_SIZE or record[:4] != _ZIP64_EOCD:
            raise _refuse("This file is not a readable zip archive.")
        entries64, directory64 = struct.unpack_from("<QQ", record, 32)
        return entries64, directory64


def _unsafe_name(name: str) -> bool:
    posix = name.replace("\\", "/")
    return (
        "\x00" in name
        or posix.startswith("/")
        or _DRIVE.match(posix) is not None
        or ".." in posix.split("/")
    )


class ExportArchive:
    """An opened, checked export archive: the chat text entry and the attachments by name."""

    def __init__(self, path: Path, limits: ZipLimits) -> None:
        entries, directory = _directory_size(path)
        if entries > limits.max_entries or directory > limits.max_directory_bytes:
            raise _refuse("This archive holds too many files to be a chat export.")
        try:
            self._zip = zipfile.ZipFile(path)
        except _ZIP_ERRORS as exc:
            raise _refuse(_DAMAGED) from exc
        try:
            self.chat = self._check(self._zip.infolist(), limits)
        except BaseException:
            self._zip.close()
            raise
        self._media = {
            PurePosixPath(i.filename).name: i
            for i in self._zip.infolist()
            if not i.is_dir() and i is not self.chat
        }
        self._hashed: dict[str, tuple[Attachment, str | None]] = {}

    def _check(self, infos: list[zipfile.ZipInfo], limits: ZipLimits) -> zipfile.ZipInfo:
        if len(infos) > limits.max_entries:
            raise _refuse("This archive holds too many files to be a chat export.")
        total = 0
        names: set[str] = set()
        for info in infos:
            if not info.filename:  # only a damaged or hand-made archive has a nameless entry
                raise _refuse(_DAMAGED)
            if _unsafe_name(info.filename) or (info.external_attr >> 16) & _S_IFMT == _S_IFLNK:
                raise _refuse(
                    "This archive contains a file path that points outside it; it was not read.",
                    "A chat export never does this. Do not open this archive elsewhere either.",
                )
            if info.filename in names:
                raise _refuse("This archive contains two files with the same name.")
            names.add(info.filename)
            total += info.file_size
            ratio_bound = limits.max_ratio * max(info.compress_size, 1)
            if info.file_size > limits.ratio_floor and info.file_size > ratio_bound:
                raise _refuse(
                    "This archive expands far more than a chat export can (a 'zip bomb').",
                    "A chat export never does this. Do not open this archive elsewhere either.",
                )
        if total > limits.max_total_bytes:
            raise _refuse(
                "This archive is too large to import.",
                "Export the chat without media, or raise the import size limit.",
            )
        return _chat_entry(infos)

    @property
    def chat_name(self) -> str:
        """The file name of the chat text inside the archive."""
        return PurePosixPath(self.chat.filename).name

    def open_chat(self) -> GuardedEntry:
        """A fresh binary stream of the chat text (read errors surface as ``ArchiveError``)."""
        if self.chat.flag_bits & 0x1:
            raise _refuse("The chat in this archive is encrypted.")
        try:
            entry = self._zip.open(self.chat)
        except _ZIP_ERRORS as exc:
            raise _refuse(_DAMAGED) from exc
        return GuardedEntry(entry)

    def attachment(self, name: str) -> tuple[Attachment, str | None]:
        """The attachment a message names, hashed from the archive, and a warning if any."""
        found = self._hashed.get(name)
        if found is None:
            found = self._hashed[name] = self._hash(name)
        return found

    def _hash(self, name: str) -> tuple[Attachment, str | None]:
        info = self._media.get(name)
        if info is None:
            return Attachment(name, media_type(name)), ATTACHMENT_MISSING
        digest = hashlib.sha256()
        try:
            with self._zip.open(info) as f:
                while chunk := f.read(_HASH_CHUNK):
                    digest.update(chunk)
        except (*_ZIP_ERRORS, RuntimeError):  # RuntimeError: an encrypted entry
            return Attachment(name, media_type(name)), ATTACHMENT_UNREADABLE
        return Attachment(name, media_type(name), digest.hexdigest()), None

    def close(self) -> None:
        """Close the archive."""
        self._zip.close()


class ArchiveError(OSError):
    """The chat entry of an archive turned out to be damaged while it was being read."""


class GuardedEntry:
    """An archive entry whose read errors are all ``ArchiveError``.

    zipfile reports damage with many exception types (see ``_ZIP_ERRORS``); the parser only
    has to handle OSError.
    """

    def __init__(self, entry: IO[bytes]) -> None:
        self._entry = entry

    def read(self, size: int = -1, /) -> bytes:
        """Up to ``size`` bytes of the entry."""
        try:
            return self._entry.read(size)
        except _ZIP_ERRORS as exc:
            raise ArchiveError(_DAMAGED) from exc

    def close(self) -> None:
        """Close the entry."""
        self._entry.close()


def _chat_entry(infos: list[zipfile.ZipInfo]) -> zipfile.ZipInfo:
    texts = [i for i in infos if not i.is_dir() and i.filename.lower().endswith(".txt")]
    by_name = [i for i in texts if PurePosixPath(i.filename).name == IOS_CHAT_NAME]
    if not by_name:
        by_name = [i for i in texts if "WhatsApp" in PurePosixPath(i.filename).name]
    chosen = by_name if by_name else texts
    if len(chosen) == 1:
        return chosen[0]
    if not chosen:
        raise _refuse("This archive holds no chat text file.")
    raise _refuse("This archive holds several chat text files; it is not clear which to read.")
