"""Reading export archives safely: limits, path checks, attachments."""

from __future__ import annotations

import hashlib
import struct
import zipfile
from pathlib import Path

import pytest

from onward.errors import ImportFileError
from onward.importers.base import ParseOptions, ParseReport
from onward.importers.whatsapp import text_export
from onward.importers.whatsapp.archive import (
    ATTACHMENT_UNREADABLE,
    ExportArchive,
    ZipLimits,
    is_zip,
    media_type,
)
from onward.model import Message

CRASHES = Path(__file__).resolve().parents[2] / "data" / "exports" / "whatsapp" / "fuzz-crashes"
CHAT = "[13.01.24, 10:00:00] Sam: \u200e<attached: 00000002-PHOTO-2024-01-05-10-00-00.jpg>\n"


def _zip(path: Path, entries: dict[str, bytes], *, symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
        if symlink is not None:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (0o120777 << 16) | 0x20
            archive.writestr(info, "/etc/passwd")
    return path


def _parse(path: Path) -> list[object]:
    options = ParseOptions(timezone="UTC")
    return list(text_export.parse(path, options=options, report=ParseReport()))


@pytest.mark.parametrize(
    "name",
    ["../escape.txt", "media/../../escape.txt", "/etc/passwd", "C:/Windows/x.txt", "..\\x.txt"],
)
def test_archive_refuses_paths_outside_it(tmp_path: Path, name: str) -> None:
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT.encode(), name: b"x"})
    with pytest.raises(ImportFileError, match="points outside"):
        ExportArchive(path, ZipLimits())


def test_archive_refuses_an_entry_without_a_name() -> None:
    """Found by the atheris smoke run: zipfile's is_dir() raised IndexError on it.

    zipfile cannot write a nameless entry, so the fixture is the crash input itself.
    """
    path = CRASHES / "nameless-entry.zip"
    assert not text_export.detect(path)
    with pytest.raises(ImportFileError, match="damaged"):
        _parse(path)
    with pytest.raises(ImportFileError, match="damaged"):
        ExportArchive(path, ZipLimits())


def test_archive_refuses_symbolic_links(tmp_path: Path) -> None:
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT.encode()}, symlink="photo.jpg")
    with pytest.raises(ImportFileError, match="points outside"):
        ExportArchive(path, ZipLimits())


def test_archive_refuses_too_many_entries_before_reading_them(tmp_path: Path) -> None:
    entries = {f"{i:08d}-PHOTO.jpg": b"x" for i in range(30)} | {"_chat.txt": CHAT.encode()}
    path = _zip(tmp_path / "chat.zip", entries)
    with pytest.raises(ImportFileError, match="too many files"):
        ExportArchive(path, ZipLimits(max_entries=20))


def test_archive_refuses_a_high_compression_ratio(tmp_path: Path) -> None:
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT.encode(), "a.jpg": bytes(4 << 20)})
    with pytest.raises(ImportFileError, match="zip bomb"):
        ExportArchive(path, ZipLimits())


def test_archive_refuses_more_uncompressed_bytes_than_the_limit(tmp_path: Path) -> None:
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT.encode(), "a.jpg": b"x" * 5000})
    with pytest.raises(ImportFileError, match="too large"):
        ExportArchive(path, ZipLimits(max_total_bytes=4096))


def test_archive_refuses_duplicate_names(tmp_path: Path) -> None:
    path = tmp_path / "chat.zip"
    _zip(path, {"_chat.txt": CHAT.encode()})
    with zipfile.ZipFile(path, "a") as archive, pytest.warns(UserWarning, match="Duplicate"):
        archive.writestr("_chat.txt", b"again")
    with pytest.raises(ImportFileError, match="same name"):
        ExportArchive(path, ZipLimits())


def test_archive_needs_exactly_one_chat_text(tmp_path: Path) -> None:
    none = _zip(tmp_path / "none.zip", {"photo.jpg": b"x"})
    with pytest.raises(ImportFileError, match="no chat text"):
        ExportArchive(none, ZipLimits())
    several = _zip(tmp_path / "several.zip", {"a.txt": b"x", "b.txt": b"y"})
    with pytest.raises(ImportFileError, match="several chat text"):
        ExportArchive(several, ZipLimits())
    named = _zip(tmp_path / "named.zip", {"notes.txt": b"x", "_chat.txt": CHAT.encode()})
    assert ExportArchive(named, ZipLimits()).chat_name == "_chat.txt"


def test_archive_refuses_files_that_are_not_zips(tmp_path: Path) -> None:
    path = tmp_path / "chat.zip"
    path.write_bytes(b"PK\x03\x04 but nothing else")
    with pytest.raises(ImportFileError):
        ExportArchive(path, ZipLimits())


def test_archive_reads_zip64_end_records(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Make zipfile write ZIP64 end records for a small archive, then saturate the classic
    # record's counts as a writer does past 65,535 entries.
    monkeypatch.setattr(zipfile, "ZIP_FILECOUNT_LIMIT", 4)
    path = _zip(
        tmp_path / "chat.zip", {"_chat.txt": CHAT.encode()} | {f"{i}.jpg": b"x" for i in range(9)}
    )
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    data[end + 8 : end + 12] = b"\xff\xff\xff\xff"
    path.write_bytes(bytes(data))
    monkeypatch.undo()
    with pytest.raises(ImportFileError, match="too many files"):
        ExportArchive(path, ZipLimits(max_entries=5))
    assert ExportArchive(path, ZipLimits(max_entries=10)).chat_name == "_chat.txt"


def test_archive_hashes_attachments_once(tmp_path: Path) -> None:
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT.encode(), "a.jpg": b"photo"})
    archive = ExportArchive(path, ZipLimits())
    attachment, warning = archive.attachment("a.jpg")
    assert attachment.sha256 == hashlib.sha256(b"photo").hexdigest()
    assert (attachment.name, attachment.media_type, warning) == ("a.jpg", "image/jpeg", None)
    assert archive.attachment("a.jpg")[0] is attachment
    missing, warning = archive.attachment("b.jpg")
    assert (missing.sha256, warning) == (None, "attachment_missing")
    archive.close()


def test_archive_corrupt_attachment_is_flagged_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "chat.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("_chat.txt", CHAT.encode())
        archive.writestr("00000002-PHOTO-2024-01-05-10-00-00.jpg", b"GOODPHOTOBYTES")
    data = path.read_bytes().replace(b"GOODPHOTOBYTES", b"BADPHOTOBYTES!")
    path.write_bytes(data)
    (message,) = _parse(path)
    assert isinstance(message, Message)
    assert message.attachments[0].sha256 is None
    assert message.warnings == (ATTACHMENT_UNREADABLE,)


def test_media_type_uses_a_fixed_table() -> None:
    assert media_type("IMG-20210314-WA0001.JPG") == "image/jpeg"
    assert media_type("PTT-20210314-WA0002.opus") == "audio/ogg"
    assert media_type("notes") is None


def _patch_central(path: Path, name: bytes, offset: int, value: bytes) -> None:
    """Overwrite bytes of one entry's central directory header (flags, method, ...)."""
    data = bytearray(path.read_bytes())
    start = data.index(b"PK\x01\x02")
    while data[start + 46 : start + 46 + len(name)] != name:
        start = data.index(b"PK\x01\x02", start + 4)
    data[start + offset : start + offset + len(value)] = value
    path.write_bytes(bytes(data))


def test_archive_refuses_an_encrypted_chat(tmp_path: Path) -> None:
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT.encode()})
    _patch_central(path, b"_chat.txt", 8, b"\x01\x00")  # general purpose flag: encrypted
    with pytest.raises(ImportFileError, match="encrypted"):
        _parse(path)


def test_archive_refuses_an_unknown_compression_method(tmp_path: Path) -> None:
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT.encode()})
    _patch_central(path, b"_chat.txt", 10, b"\x63\x00")  # method 99 (AES), not supported
    with pytest.raises(ImportFileError, match="damaged"):
        _parse(path)


def test_archive_refuses_broken_zip64_end_records(tmp_path: Path) -> None:
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT.encode()})
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    data[end + 8 : end + 12] = b"\xff\xff\xff\xff"  # counts say "see the ZIP64 record"
    path.write_bytes(bytes(data))  # ... but there is none
    with pytest.raises(ImportFileError, match="not a readable zip"):
        ExportArchive(path, ZipLimits())
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, 0, 1)  # points at offset 0: no record
    path.write_bytes(bytes(data[:end]) + locator + bytes(data[end:]))
    with pytest.raises(ImportFileError, match="not a readable zip"):
        ExportArchive(path, ZipLimits())


def test_is_zip_is_false_for_unreadable_paths(tmp_path: Path) -> None:
    assert not is_zip(tmp_path)
    assert not is_zip(tmp_path / "missing.zip")


def test_archive_counts_entries_again_when_the_end_record_lies(tmp_path: Path) -> None:
    entries = {f"{i:08d}-PHOTO.jpg": b"x" for i in range(30)} | {"_chat.txt": CHAT.encode()}
    path = _zip(tmp_path / "chat.zip", entries)
    data = bytearray(path.read_bytes())
    end = data.rindex(b"PK\x05\x06")
    data[end + 8 : end + 12] = b"\x01\x00\x01\x00"  # "one entry"
    path.write_bytes(bytes(data))
    with pytest.raises(ImportFileError, match="too many files"):
        ExportArchive(path, ZipLimits(max_entries=20))


def test_archive_refuses_a_central_directory_that_is_not_there(tmp_path: Path) -> None:
    path = _zip(tmp_path / "chat.zip", {"_chat.txt": CHAT.encode()})
    path.write_bytes(path.read_bytes().replace(b"PK\x01\x02", b"XX\x01\x02"))
    with pytest.raises(ImportFileError, match="damaged"):
        ExportArchive(path, ZipLimits())


def test_archive_chat_damaged_midway_fails_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "chat.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr("_chat.txt", CHAT.encode() + b"13/01/24 more text\n" * 50)
    path.write_bytes(path.read_bytes().replace(b"more text", b"MORE TEXT", 1))  # CRC mismatch
    with pytest.raises(ImportFileError, match="could not be read to the end"):
        _parse(path)
