"""Read the text out of a Messages ``attributedBody`` blob (an archived NSAttributedString).

Since macOS Ventura, Messages often leaves ``message.text`` NULL and keeps the text only in
``attributedBody``: an NSAttributedString serialised by NSArchiver in Apple's "typedstream"
format. The layout that matters here::

    04 0b "streamtyped" 81 e8 03          version 4, signature, system version 1000
    84 01 "@"                             an object follows
    84 84 84 12 "NSAttributedString" 00   its class (name length 0x12, class version 0)
    84 84 08 "NSObject" 00 85             superclass chain, ended by nil (0x85)
    …  84 84 84 08 "NSString" 01 94       the string object and its class
    84 01 "+"                             type "+": a byte string with a length
    <length> <UTF-8 bytes>                the text
    86 …                                  end of object, then the attribute runs

Lengths use typedstream's integer encoding: one byte below 0x80, or 0x81 followed by a
16-bit or 0x82 by a 32-bit little-endian integer. Rather than model the whole format, the
reader finds the NSString (or NSMutableString) class by its length-prefixed name, then the
"+" type tag just after it, and reads the length-prefixed bytes, checking every bound.
Anything unexpected gives None, never an exception.
"""

from __future__ import annotations

from dataclasses import dataclass

SIGNATURE = b"streamtyped"  # the typedstream magic, after the version byte
STRING_CLASSES = (b"NSString", b"NSMutableString")
BYTES_TYPE = b"\x01+"  # a type string of length 1: "+", bytes with a length
TYPE_SEARCH_WINDOW = 24  # the "+" tag follows the class name within a few bytes
INT16_TAG = 0x81  # the next 2 bytes hold the integer
INT32_TAG = 0x82  # the next 4 bytes hold the integer
SMALL_INT_LIMIT = 0x80  # a byte below this is the integer itself


@dataclass(frozen=True, slots=True)
class DecodedText:
    """The text found, and whether bytes had to be replaced to decode it."""

    text: str
    lossy: bool


def _class_name_at(blob: bytes) -> int | None:
    """The offset just past the first length-prefixed string class name."""
    best: int | None = None
    for name in STRING_CLASSES:
        start = blob.find(bytes([len(name)]) + name)
        if start != -1 and (best is None or start < best):
            best = start + 1 + len(name)
    return best


def _read_length(blob: bytes, pos: int) -> tuple[int, int] | None:
    """(length, offset of the first byte after it), or None."""
    if pos >= len(blob):
        return None
    tag = blob[pos]
    if tag < SMALL_INT_LIMIT:
        return tag, pos + 1
    width = {INT16_TAG: 2, INT32_TAG: 4}.get(tag)
    if width is None or pos + 1 + width > len(blob):
        return None
    value = int.from_bytes(blob[pos + 1 : pos + 1 + width], "little", signed=True)
    return (value, pos + 1 + width) if value >= 0 else None


def decode_attributed_body(blob: bytes) -> DecodedText | None:
    """The NSString payload of an attributedBody blob, or None if there is none."""
    if SIGNATURE not in blob[:32]:
        return None
    after_name = _class_name_at(blob)
    if after_name is None:
        return None
    tag = blob.find(BYTES_TYPE, after_name, after_name + TYPE_SEARCH_WINDOW)
    if tag == -1:
        return None
    length = _read_length(blob, tag + len(BYTES_TYPE))
    if length is None:
        return None
    size, start = length
    if start + size > len(blob):
        return None
    raw = blob[start : start + size]
    try:
        return DecodedText(raw.decode("utf-8"), lossy=False)
    except UnicodeDecodeError:
        return DecodedText(raw.decode("utf-8", "replace"), lossy=True)
