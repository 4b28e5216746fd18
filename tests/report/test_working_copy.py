"""Working copies of photos lose their location data; originals are never touched (R25, R29)."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from PIL import Image  # reportlab depends on Pillow; used here only to check real images

from onward.report.working_copy import NotAnImage, strip_jpeg, strip_png, working_copy

GPS_MARK = b"GPS-51.5007N-0.1246W"


def _segment(marker: int, payload: bytes) -> bytes:
    return bytes((0xFF, marker)) + struct.pack(">H", len(payload) + 2) + payload


def _tiff_with_gps() -> bytes:
    """A little-endian TIFF header with IFD0 holding one GPSInfo pointer to a GPS IFD."""
    ifd0 = struct.pack("<H", 1) + struct.pack("<HHII", 0x8825, 4, 1, 26) + struct.pack("<I", 0)
    gps = struct.pack("<H", 1) + struct.pack("<HHII", 0x0002, 2, len(GPS_MARK), 44)
    gps += struct.pack("<I", 0)
    return b"II*\x00" + struct.pack("<I", 8) + ifd0 + gps + GPS_MARK


def hand_made_jpeg() -> bytes:
    """SOI, APP0 JFIF, APP1 Exif (with a GPS IFD), APP1 XMP, DQT, SOS + data, EOI."""
    app0 = _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
    exif = _segment(0xE1, b"Exif\x00\x00" + _tiff_with_gps())
    xmp = _segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>" + GPS_MARK + b"</x>")
    dqt = _segment(0xDB, b"\x00" + bytes(range(64)))
    sos = _segment(0xDA, b"\x01\x01\x00\x00\x3f\x00")
    scan = b"\x12\x34\xff\x00\x56\xff\xd0\x78"  # stuffed 0xFF00 and a restart marker
    return b"\xff\xd8" + app0 + exif + xmp + dqt + sos + scan + b"\xff\xd9"


def test_working_copy_drops_exif_and_xmp_from_a_hand_made_jpeg() -> None:
    original = hand_made_jpeg()
    assert original.count(GPS_MARK) == 2
    stripped = strip_jpeg(original)
    assert GPS_MARK not in stripped and b"Exif" not in stripped
    assert stripped.startswith(b"\xff\xd8\xff\xe0") and stripped.endswith(b"\xff\xd9")
    assert b"\xff\xdb" in stripped and stripped.endswith(
        b"\x12\x34\xff\x00\x56\xff\xd0\x78\xff\xd9"
    )
    assert working_copy(original, "image/jpeg") == stripped
    assert hand_made_jpeg() == original  # the input is never changed


def test_working_copy_of_a_real_photo_still_decodes_without_gps() -> None:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif.get_ifd(0x8825)[2] = (51.0, 30.0, 0.0)  # GPSLatitude
    buffer = io.BytesIO()
    Image.new("RGB", (16, 8), (200, 30, 30)).save(buffer, "JPEG", exif=exif.tobytes())
    original = buffer.getvalue()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    copy = strip_jpeg(original)
    image = Image.open(io.BytesIO(copy))
    image.load()
    assert image.size == (16, 8) and not image.getexif()
    assert image.getpixel((4, 4)) == Image.open(io.BytesIO(original)).getpixel((4, 4))


def _chunk(kind: bytes, data: bytes) -> bytes:
    crc = zlib.crc32(kind + data) & 0xFFFFFFFF
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def test_working_copy_drops_png_exif_and_text_chunks() -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (0, 90, 200)).save(buffer, "PNG")
    plain = buffer.getvalue()
    iend = plain.rindex(b"IEND") - 4
    extra = _chunk(b"eXIf", b"MM\x00*" + GPS_MARK) + _chunk(b"tEXt", b"Location\x00" + GPS_MARK)
    extra += _chunk(b"iTXt", b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + GPS_MARK)
    original = plain[:iend] + extra + plain[iend:]
    copy = strip_png(original)
    assert GPS_MARK not in copy and copy == plain
    assert Image.open(io.BytesIO(copy)).size == (4, 4)
    assert working_copy(original, "image/png") == plain


@pytest.mark.parametrize(
    "data",
    [b"", b"\xff\xd8", b"\xff\xd8\x00\x00", b"\xff\xd8\xff\xe1\x00", b"\xff\xd8\xff\xe1\xff\xff"],
)
def test_working_copy_refuses_malformed_jpegs(data: bytes) -> None:
    if data == b"\xff\xd8":
        assert strip_jpeg(data) == data
        return
    with pytest.raises(NotAnImage):
        strip_jpeg(data)
    assert working_copy(data, "image/jpeg") is None


def test_working_copy_only_for_jpeg_and_png() -> None:
    assert working_copy(b"%PDF-1.7", "application/pdf") is None
    assert working_copy(b"not a png", "image/png") is None
    with pytest.raises(NotAnImage):
        strip_png(b"\x89PNG\r\n\x1a\n\x00\x00\x00\x10IHDR")
