"""Read one large JSON document piece by piece, with the standard library only.

The structure (objects and arrays) is walked by hand; each leaf or record is decoded with
``json.JSONDecoder.raw_decode`` on a sliding buffer, so memory holds one record at a time
instead of the whole file. ``strict=False`` lets unescaped control characters through
inside strings, which Telegram Desktop exports contain (mlomb/chat-analytics issue #100).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any, TextIO

CHUNK_CHARS = 1 << 20  # read 1 Mi characters at a time
MAX_VALUE_CHARS = 64 << 20  # one record larger than this is treated as damaged
_WHITESPACE = re.compile(r"[ \t\n\r]*")


class JsonStreamError(ValueError):
    """The document is damaged or cut off at ``offset`` (characters from the start)."""

    def __init__(self, reason: str, offset: int) -> None:
        super().__init__(f"{reason} at character {offset}")
        self.reason = reason
        self.offset = offset


class JsonStream:
    """A cursor over one JSON document read from a text file."""

    def __init__(self, fp: TextIO) -> None:
        self._fp = fp
        self._buf = ""
        self._pos = 0
        self._base = 0  # characters dropped from the front of the buffer so far
        self._eof = False
        self._decoder = json.JSONDecoder(strict=False)

    @property
    def offset(self) -> int:
        """Characters read and consumed from the start of the document."""
        return self._base + self._pos

    def _fill(self, want: int = 0) -> bool:
        if self._eof:
            return False
        if self._pos > CHUNK_CHARS:
            self._buf = self._buf[self._pos :]
            self._base += self._pos
            self._pos = 0
        data = self._fp.read(max(want, CHUNK_CHARS))
        if not data:
            self._eof = True
            return False
        self._buf += data
        return True

    def peek(self) -> str:
        """Skip whitespace and return the next character ("" at the end)."""
        while True:
            match = _WHITESPACE.match(self._buf, self._pos)
            self._pos = match.end() if match else self._pos
            if self._pos < len(self._buf):
                return self._buf[self._pos]
            if not self._fill():
                return ""

    def _expect(self, char: str) -> None:
        if self.peek() != char:
            raise JsonStreamError(f"expected {char!r}", self.offset)
        self._pos += 1

    def value(self) -> Any:
        """Decode the next complete value (a record, a string, a number, …)."""
        self.peek()
        while True:
            start = self._pos
            try:
                result, end = self._decoder.raw_decode(self._buf, start)
            except json.JSONDecodeError:
                result, end = None, -1
            except RecursionError:
                raise JsonStreamError("nested too deeply", self.offset) from None
            # A number at the very end of the buffer may continue in the next chunk.
            if end != -1 and (end < len(self._buf) or self._eof):
                self._pos = end
                return result
            if len(self._buf) - start > MAX_VALUE_CHARS:
                raise JsonStreamError("a record is too large or damaged", self.offset)
            if not self._fill(len(self._buf) - start) and end == -1:
                raise JsonStreamError("damaged or cut off", self.offset)

    def members(self) -> Iterator[str]:
        """The keys of the object that starts here; the caller consumes each value."""
        self._expect("{")
        if self.peek() == "}":
            self._pos += 1
            return
        while True:
            key = self.value()
            if not isinstance(key, str):
                raise JsonStreamError("expected a key", self.offset)
            self._expect(":")
            yield key
            char = self.peek()
            self._pos += 1
            if char == "}":
                return
            if char != ",":
                raise JsonStreamError("expected ',' or '}'", self.offset)

    def items(self) -> Iterator[int]:
        """Indexes of the array that starts here; the caller consumes each element."""
        self._expect("[")
        if self.peek() == "]":
            self._pos += 1
            return
        index = 0
        while True:
            yield index
            index += 1
            char = self.peek()
            self._pos += 1
            if char == "]":
                return
            if char != ",":
                raise JsonStreamError("expected ',' or ']'", self.offset)
