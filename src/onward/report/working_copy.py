"""Working copies of photos without location data (R29; ASVS 14.2.8).

A photo's EXIF block can hold the GPS position where it was taken, which could
reveal a refuge address. The export keeps every original byte for byte in
``originals/`` and adds a working copy in ``working/`` with metadata removed:

- JPEG: APP1 segments (EXIF, and XMP, which can repeat the position) and APP13
  (Photoshop/IPTC, which can hold a place name) are dropped; the image data is
  copied unchanged. A photo may then show unrotated (orientation lived in EXIF).
- PNG: the ``eXIf`` chunk and the text chunks (``tEXt``, ``zTXt``, ``iTXt``,
  where XMP lives) are dropped; pixels and colour chunks are kept.

Pure standard library: nothing is decoded or re-encoded.
"""

from __future__ import annotations

import struct

JPEG_SOI = b"\xff\xd8"
JPEG_SOS = 0xDA
JPEG_EOI = 0xD9
APP1, APP13 = 0xE1, 0xED  # EXIF/XMP; Photoshop IRB with IPTC
# Markers that stand alone, without a length: TEM and the restart markers RST0-7.
_NO_LENGTH = {0x01, *range(0xD0, 0xD8)}
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
PNG_DROP = {b"eXIf", b"tEXt", b"zTXt", b"iTXt"}


class NotAnImage(ValueError):
    """The bytes are not a JPEG or PNG this module can walk safely."""


def strip_jpeg(data: bytes) -> bytes:
    """The JPEG with APP1 and APP13 segments removed; raises NotAnImage if malformed."""
    if not data.startswith(JPEG_SOI):
        raise NotAnImage("not a JPEG")
    out = bytearray(JPEG_SOI)
    pos = 2
    while pos < len(data):
        if data[pos] != 0xFF:
            raise NotAnImage("bad JPEG marker")
        while pos < len(data) and data[pos] == 0xFF:  # fill bytes before a marker
            pos += 1
        if pos >= len(data):
            raise NotAnImage("truncated JPEG")
        marker = data[pos]
        pos += 1
        if marker == JPEG_EOI:
            out += bytes((0xFF, marker))
            return bytes(out)
        if marker in _NO_LENGTH:
            out += bytes((0xFF, marker))
            continue
        if pos + 2 > len(data):
            raise NotAnImage("truncated JPEG")
        (length,) = struct.unpack(">H", data[pos : pos + 2])
        if length < 2 or pos + length > len(data):
            raise NotAnImage("bad JPEG segment length")
        if marker not in (APP1, APP13):
            out += bytes((0xFF, marker)) + data[pos : pos + length]
        pos += length
        if marker == JPEG_SOS:  # entropy-coded data follows: copy the rest as it is
            out += data[pos:]
            return bytes(out)
    return bytes(out)


def strip_png(data: bytes) -> bytes:
    """The PNG without eXIf and text chunks; raises NotAnImage if malformed."""
    if not data.startswith(PNG_SIGNATURE):
        raise NotAnImage("not a PNG")
    out = bytearray(PNG_SIGNATURE)
    pos = len(PNG_SIGNATURE)
    while pos < len(data):
        if pos + 8 > len(data):
            raise NotAnImage("truncated PNG")
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind = data[pos + 4 : pos + 8]
        end = pos + 12 + length
        if end > len(data):
            raise NotAnImage("bad PNG chunk length")
        if kind not in PNG_DROP:
            out += data[pos:end]
        pos = end
        if kind == b"IEND":
            break
    return bytes(out)


def working_copy(data: bytes, media_type: str) -> bytes | None:
    """A copy without location metadata for JPEG and PNG; None for other files."""
    try:
        if media_type == "image/jpeg":
            return strip_jpeg(data)
        if media_type == "image/png":
            return strip_png(data)
    except NotAnImage:
        return None
    return None
