"""Repair UTF-16 surrogate character references while an XML file is read.

Some Android backup tools write an emoji as two character references, one per UTF-16 half
(``&#55357;&#56832;`` for U+1F600). XML forbids those code points, so expat rejects the whole
file (signalapp/Signal-Android #1546 and #7155, SilenceIM/Silence #317 and #659). This reader
rewrites a valid high+low pair as one reference to the real character and a lone half as
``&#65533;`` (U+FFFD), without loading the file: it works on chunks and holds back the last
few bytes so that a pair split across two chunks is still seen whole.
"""

from __future__ import annotations

import re
from typing import BinaryIO

READ_SIZE = 64 * 1024
# The digits of a reference to one UTF-16 half, decimal or hex, with at most 4 leading zeros
# (a whole reference is 12 bytes at most): high halves are U+D800-DBFF (55296-56319), low
# halves U+DC00-DFFF (56320-57343). The pattern starts with the literal "&#" so the regex
# engine can skip ahead quickly.
_HIGH = (
    rb"[xX]0{0,4}[dD][89abAB][0-9a-fA-F]{2}"
    rb"|0{0,4}(?:55(?:29[6-9]|[3-9][0-9]{2})|56(?:[0-2][0-9]{2}|3[01][0-9]))"
)
_LOW = (
    rb"[xX]0{0,4}[dD][c-fC-F][0-9a-fA-F]{2}"
    rb"|0{0,4}(?:563[2-9][0-9]|56[4-9][0-9]{2}|57(?:[0-2][0-9]{2}|3[0-3][0-9]|34[0-3]))"
)
# group 1: a high half, group 2: the low half right after it, group 3: a low half alone
_PAIR = re.compile(rb"&#(?:(" + _HIGH + rb");(?:&#(" + _LOW + rb");)?|(" + _LOW + rb");)")
HOLD_BACK = 32  # longer than the longest possible pair (2 x 12 bytes)


def _code(digits: bytes) -> int:
    return int(digits[1:], 16) if digits[:1] in (b"x", b"X") else int(digits)


class SurrogateRefRepairer:
    """A binary file wrapper whose read() returns the repaired bytes."""

    def __init__(self, raw: BinaryIO) -> None:
        self._raw = raw
        self._pending = b""
        self._out = b""
        self._eof = False
        self.pairs_repaired = 0
        self.halves_replaced = 0

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` repaired bytes (all the rest when size < 0)."""
        while (size < 0 or len(self._out) < size) and not self._eof:
            self._step()
        if size < 0:
            size = len(self._out)
        data, self._out = self._out[:size], self._out[size:]
        return data

    def _step(self) -> None:
        chunk = self._raw.read(READ_SIZE)
        if not chunk:
            self._eof = True
        buffer = self._pending + chunk
        cut = len(buffer) if self._eof else max(0, len(buffer) - HOLD_BACK)
        out: list[bytes] = []
        last = 0
        for match in _PAIR.finditer(buffer):
            if match.end() > cut:
                cut = min(cut, match.start())
                break
            out.append(buffer[last : match.start()])
            out.append(self._rewrite(match))
            last = match.end()
        cut = max(cut, last)
        out.append(buffer[last:cut])
        self._out += b"".join(out)
        self._pending = buffer[cut:]

    def _rewrite(self, match: re.Match[bytes]) -> bytes:
        high, low = match.group(1), match.group(2)
        if high is not None and low is not None:
            self.pairs_repaired += 1
            joined = 0x10000 + ((_code(high) - 0xD800) << 10) + (_code(low) - 0xDC00)
            return b"&#%d;" % joined
        self.halves_replaced += 1
        return b"&#65533;"
