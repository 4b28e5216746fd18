"""The attributedBody reader, on blobs built here the way Messages archives them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onward.importers.imessage.typedstream import DecodedText, decode_attributed_body

HEADER = b"\x04\x0bstreamtyped\x81\xe8\x03\x84\x01@\x84\x84\x84\x12NSAttributedString\x00"
CHAIN = b"\x84\x84\x08NSObject\x00\x85\x92\x84\x84\x84"
TAIL = b"\x86\x84\x02iI\x01\x01\x92\x86\x86"


def blob(payload: bytes, length: bytes, string_class: bytes = b"NSString") -> bytes:
    name = bytes([len(string_class)]) + string_class
    return HEADER + CHAIN + name + b"\x01\x94\x84\x01+" + length + payload + TAIL


def length_of(size: int) -> bytes:
    if size < 0x80:
        return bytes([size])
    if size < 0x8000:
        return b"\x81" + size.to_bytes(2, "little")
    return b"\x82" + size.to_bytes(4, "little")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "hello",
        "x" * 127,  # largest one-byte length
        "y" * 128,  # smallest 0x81 length
        "z" * 40_000,  # 0x82 length
        "emoji 👩‍👩‍👧 and \u202e and <script>",
        "multi\nline\r\ntext",
    ],
)
def test_typedstream_reads_string_of_every_length_form(text: str) -> None:
    raw = text.encode("utf-8")
    assert decode_attributed_body(blob(raw, length_of(len(raw)))) == DecodedText(text, False)


def test_typedstream_reads_mutable_string_class() -> None:
    raw = b"mutable"
    result = decode_attributed_body(blob(raw, length_of(len(raw)), b"NSMutableString"))
    assert result == DecodedText("mutable", False)


def test_typedstream_invalid_utf8_is_replaced_and_flagged() -> None:
    result = decode_attributed_body(blob(b"ok\xff", length_of(3)))
    assert result == DecodedText("ok\ufffd", True)


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"streamtyped",
        HEADER,  # no string class
        HEADER + CHAIN + b"\x08NSString\x01\x94",  # no "+" type tag
        blob(b"short", length_of(50)),  # length runs past the end
        blob(b"", b"\x81\x01"),  # truncated 16-bit length
        blob(b"", b"\x82\xff\xff\xff\xff"),  # negative 32-bit length
        blob(b"", b"\x85"),  # a tag where a length belongs
        b"bplist00" + b"\x00" * 40,  # a property list, not a typedstream
    ],
)
def test_typedstream_malformed_blob_gives_none(data: bytes) -> None:
    assert decode_attributed_body(data) is None


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_typedstream_never_raises_on_arbitrary_bytes(data: bytes) -> None:
    result = decode_attributed_body(HEADER + data)
    assert result is None or isinstance(result.text, str)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_typedstream_round_trips_any_text(text: str) -> None:
    raw = text.encode("utf-8", "surrogatepass")
    result = decode_attributed_body(blob(raw, length_of(len(raw))))
    assert result is not None
    if not result.lossy:
        assert result.text == text
