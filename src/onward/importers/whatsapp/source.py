"""Open a WhatsApp export (.txt, or .zip with media) as a text stream, and name its chat."""

from __future__ import annotations

import io
import stat
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Final, Protocol

from onward.errors import ImportFileError
from onward.importers.whatsapp.archive import ExportArchive, ZipLimits, is_zip, media_type
from onward.model import Attachment

# File names the phone gives an export, by locale: "<prefix><chat name>.txt" or ".zip". Browsers
# and some file managers turn the spaces into underscores.
CHAT_FILE_PREFIXES: Final = (
    "WhatsApp Chat with ",  # Android, en
    "WhatsApp Chat - ",  # iOS, en
    "WhatsApp Chat mit ",  # de
    "Chat de WhatsApp con ",  # es
    "Chat WhatsApp con ",  # it
    "Conversa do WhatsApp com ",  # pt
    "Conversa no WhatsApp com ",  # pt-BR
    "Discussion WhatsApp avec ",  # fr
    "Чат WhatsApp с ",  # ru
)
_UTF16_BOMS: Final = (b"\xff\xfe", b"\xfe\xff")
# WhatsApp caps a message at 65,536 characters. A line of more than 4 MiB (a million characters
# of up to four bytes) is not from a chat export; refusing it keeps memory flat on hostile files
# while lines are still read with the fast built-in iterator.
MAX_LINE_BYTES: Final = 4 * 1024 * 1024
_READ_CHUNK: Final = 64 * 1024  # must not exceed MAX_LINE_BYTES
# Exceptions of the standard library that mean "this file cannot be read at all".
READ_ERRORS: Final = (OSError, EOFError, zipfile.BadZipFile, zlib.error, UnicodeError)


class LineTooLongError(OSError):
    """A line of the file is longer than any chat export can hold."""


class ByteSource(Protocol):
    """What the decoder reads from: a plain file, or an entry of an archive."""

    def read(self, size: int = -1, /) -> bytes: ...

    def close(self) -> None: ...


class _LineGuard(io.RawIOBase):
    """A raw byte stream that fails as soon as one line grows past ``MAX_LINE_BYTES``."""

    def __init__(self, inner: ByteSource) -> None:
        super().__init__()
        self._inner = inner
        self._run = 0  # bytes since the last LF

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        # Reads are at most _READ_CHUNK bytes, so a line that fits inside one read is short
        # enough; only the line running into the read needs counting.
        data = self._inner.read(min(len(buffer), _READ_CHUNK))
        size = len(data)
        buffer[:size] = data
        first = data.find(b"\n")
        if first < 0:
            self._run += size
        else:
            self._run += first
            if self._run <= MAX_LINE_BYTES:
                self._run = size - data.rfind(b"\n") - 1
        if self._run > MAX_LINE_BYTES:
            raise LineTooLongError("A line in this file is far longer than any chat message.")
        return size

    def close(self) -> None:
        self._inner.close()
        super().close()


def conversation_name(file_name: str) -> str | None:
    """The chat name in an export file name (``WhatsApp Chat with X.txt`` → ``X``), or None."""
    stem = file_name.rsplit(".", 1)[0] if "." in file_name else file_name
    for prefix in CHAT_FILE_PREFIXES:
        if stem.startswith(prefix) and stem[len(prefix) :].strip():
            return stem[len(prefix) :].strip()
        underscored = prefix.replace(" ", "_")
        if stem.startswith(underscored) and stem[len(underscored) :].strip("_ "):
            return stem[len(underscored) :].replace("_", " ").strip()
    return None


def text_stream(raw: ByteSource) -> IO[str]:
    """Decode an export line by line: UTF-8 (BOM or not) or UTF-16 with a BOM.

    Bytes that are not valid in the encoding become U+FFFD instead of failing the whole file.
    Lines end at LF only, so a CR inside a message stays part of its text. Reading fails with
    ``LineTooLongError`` once a line passes ``MAX_LINE_BYTES``.
    """
    buffered = io.BufferedReader(_LineGuard(raw), buffer_size=_READ_CHUNK)
    try:
        head = buffered.peek(2)[:2]
    except BaseException:
        buffered.close()
        raise
    encoding = "utf-16" if head in _UTF16_BOMS else "utf-8-sig"
    return io.TextIOWrapper(buffered, encoding=encoding, errors="replace", newline="\n")


class ExportSource:
    """One export file, ready to be read (possibly several times) as text."""

    def __init__(self, path: Path, max_bytes: int) -> None:
        self.path = path
        self.archive: ExportArchive | None = None
        status = path.stat()
        if not stat.S_ISREG(status.st_mode):  # a device or pipe could stream forever
            raise ImportFileError(
                "This is not a regular file.", hint="Import the exported .txt or .zip file."
            )
        if status.st_size > max_bytes:
            raise ImportFileError(
                "This file is larger than the import size limit.",
                hint="Split the export, or raise the import size limit.",
            )
        if is_zip(path):
            self.archive = ExportArchive(path, ZipLimits(max_total_bytes=max_bytes))
        name = conversation_name(path.name)
        if name is None and self.archive is not None:
            name = conversation_name(self.archive.chat_name)
        self.conversation = name or path.stem

    def open_text(self) -> IO[str]:
        """A new text stream over the chat, from its start."""
        if self.archive is not None:
            return text_stream(self.archive.open_chat())
        return text_stream(self.path.open("rb", buffering=0))

    def attachment(self, name: str) -> tuple[Attachment, str | None]:
        """The attachment a message names, hashed when the export includes the file."""
        if self.archive is None:
            return Attachment(name, media_type(name)), None
        return self.archive.attachment(name)

    def close(self) -> None:
        """Release the archive, if any."""
        if self.archive is not None:
            self.archive.close()


@contextmanager
def open_source(path: Path, max_bytes: int) -> Iterator[ExportSource]:
    """Open an export file; refuse it with ImportFileError when it cannot be read."""
    try:
        source = ExportSource(path, max_bytes)
    except READ_ERRORS as exc:
        raise ImportFileError(
            "This file could not be read as a WhatsApp export.",
            hint="Check that it is the .txt or .zip that WhatsApp's 'Export chat' made.",
        ) from exc
    try:
        yield source
    finally:
        source.close()
