"""SMS Backup & Restore XML: surrogate repair, hostile XML, limits, streaming."""

from __future__ import annotations

import base64
import hashlib
import io
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onward.errors import ImportFileError
from onward.importers.base import ImportIssue, ParseOptions, ParseReport
from onward.importers.sms import _xmlrefs, backup_restore
from onward.importers.sms._xmlrefs import SurrogateRefRepairer
from onward.model import Channel, Message, MessageKind

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports" / "sms_backup_restore"
SENTINEL = "SENTINEL-5d1e-sms"


def parse_all(path: Path, options: ParseOptions | None = None) -> list[Message | ImportIssue]:
    return list(backup_restore.parse(path, options=options or ParseOptions(), report=ParseReport()))


def write_smses(tmp_path: Path, records: str) -> Path:
    path = tmp_path / "sms.xml"
    path.write_text(
        f"<?xml version='1.0' encoding='UTF-8' standalone='yes' ?>\n<smses>{records}</smses>"
    )
    return path


def repaired(data: bytes, read_size: int, monkeypatch: pytest.MonkeyPatch) -> bytes:
    monkeypatch.setattr(_xmlrefs, "READ_SIZE", read_size)
    reader = SurrogateRefRepairer(io.BytesIO(data))
    return b"".join(iter(lambda: reader.read(5), b""))


@pytest.mark.parametrize("read_size", [1, 2, 3, 5, 8, 13, 64])
def test_sms_surrogate_pairs_are_repaired_across_any_chunk_boundary(
    read_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = b'body="a&#55357;&#56832;b&#xD83D;&#XdE00;c&#0055357;&#056832;"'
    expected = b'body="a&#128512;b&#128512;c&#128512;"'
    assert repaired(data, read_size, monkeypatch) == expected


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"&#55357;x", b"&#65533;x"),  # high half alone
        (b"&#56832;&#55357;", b"&#65533;&#65533;"),  # low then high: not a pair
        (b"&#55357;&#55357;&#56832;", b"&#65533;&#128512;"),  # the second high pairs
        (b"&#55203;&#55357;&#56832;", b"&#55203;&#128512;"),  # Hangul stays as written
        (b"&#65;&#x41;&amp;#55357;", b"&#65;&#x41;&amp;#55357;"),  # not references to halves
    ],
)
def test_sms_lone_halves_become_replacement_characters(
    data: bytes, expected: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert repaired(data, 3, monkeypatch) == expected


@settings(max_examples=60, deadline=None)
@given(
    parts=st.lists(
        st.sampled_from([b"a", b"&#55357;", b"&#56832;", b"&#x1F600;", b"&", b"#", b";"]),
        max_size=30,
    ),
    read_size=st.integers(min_value=1, max_value=40),
)
def test_sms_repair_does_not_depend_on_chunk_size(parts: list[bytes], read_size: int) -> None:
    data = b"".join(parts)
    whole = SurrogateRefRepairer(io.BytesIO(data)).read()
    original = _xmlrefs.READ_SIZE
    _xmlrefs.READ_SIZE = read_size
    try:
        reader = SurrogateRefRepairer(io.BytesIO(data))
        pieces = b"".join(iter(lambda: reader.read(7), b""))
    finally:
        _xmlrefs.READ_SIZE = original
    assert pieces == whole


def test_sms_mms_attachment_fingerprint_is_sha256_of_decoded_data() -> None:
    items = parse_all(EXPORTS / "messages" / "sms-20240501100000.xml")
    mms = next(item for item in items if isinstance(item, Message) and item.channel is Channel.MMS)
    data = b"\x89PNG\r\n\x1a\nsynthetic-not-a-real-image"
    assert mms.attachments[0].sha256 == hashlib.sha256(data).hexdigest()
    assert base64.b64encode(data)  # the fixture holds exactly these bytes


@pytest.mark.parametrize("variant", ["xxe", "billion_laughs"])
def test_sms_hostile_dtd_is_refused_before_any_expansion(variant: str) -> None:
    path = next((EXPORTS / variant).glob("*.xml"))
    with pytest.raises(ImportFileError, match="never writes"):
        parse_all(path)


def test_sms_undeclared_entity_without_dtd_is_refused(tmp_path: Path) -> None:
    path = write_smses(tmp_path, '<sms address="1" date="1709280900000" type="1" body="&xxe;" />')
    with pytest.raises(ImportFileError):
        parse_all(path)


def test_sms_file_over_size_limit_is_refused() -> None:
    with pytest.raises(ImportFileError, match="too large"):
        parse_all(EXPORTS / "calls" / "calls-20240501100000.xml", ParseOptions(max_bytes=100))


def test_sms_issues_and_report_never_contain_message_text(tmp_path: Path) -> None:
    records = (
        f'<sms address="1" date="{SENTINEL}" type="1" body="{SENTINEL}" />'
        f'<mms date="bad" msg_box="1">'
        f'<parts><part ct="text/plain" text="{SENTINEL}"/></parts></mms>'
        f'<{SENTINEL.replace("-", "")} body="{SENTINEL}" />'
    )
    report = ParseReport()
    items = list(
        backup_restore.parse(write_smses(tmp_path, records), options=ParseOptions(), report=report)
    )
    assert len(items) == 3
    assert all(isinstance(item, ImportIssue) for item in items)
    assert SENTINEL not in repr(items) + repr(report)


def test_sms_large_backup_streams_every_record(tmp_path: Path) -> None:
    record = (
        '<sms address="+1555" date="{}" type="{}" body="message {} &#55357;&#56832;"'
        ' contact_name="A" />'
    )
    count = 20_000
    body = "".join(record.format(1709280900000 + i * 1000, 1 + i % 2, i) for i in range(count))
    items = parse_all(write_smses(tmp_path, body))
    assert len(items) == count
    assert all(isinstance(item, Message) for item in items)
    last = items[-1]
    assert isinstance(last, Message)
    assert last.text == f"message {count - 1} 😀"
    assert last.outgoing is True


def test_sms_calls_are_call_records_on_the_phone_channel() -> None:
    items = parse_all(EXPORTS / "calls" / "calls-20240501100000.xml")
    calls = [item for item in items if isinstance(item, Message)]
    assert {item.kind for item in calls} == {MessageKind.CALL}
    assert {item.channel for item in calls} == {Channel.PHONE}
    assert [item.call_missed for item in calls][:5] == [True, True, False, False, True]


@pytest.mark.parametrize(
    "content",
    [
        b"",
        b"<",
        b"<smses>",
        b"not xml",
        b"<?xml version='1.0'?><smses><sms",
        b"\x00\xff\xfe",
        b"<?xml version='1.0' encoding='kTF-8'?><smses></smses>",  # found by fuzzing
    ],
)
def test_sms_unreadable_file_is_refused(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "sms.xml"
    path.write_bytes(content)
    with pytest.raises(ImportFileError):
        parse_all(path)


def test_sms_detect_claims_only_backups(tmp_path: Path) -> None:
    other = tmp_path / "feed.xml"
    other.write_text("<rss><channel/></rss>")
    assert backup_restore.detect(EXPORTS / "calls" / "calls-20240501100000.xml")
    assert not backup_restore.detect(other)
    assert not backup_restore.detect(tmp_path)
    assert not backup_restore.detect(tmp_path / "missing.xml")


ATTRIBUTE = st.text(alphabet=st.characters(blacklist_categories=["Cs", "Cc"]), max_size=12)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    attrs=st.dictionaries(
        st.sampled_from(
            [
                "address",
                "date",
                "type",
                "body",
                "contact_name",
                "msg_box",
                "duration",
                "number",
                "presentation",
                "ct",
                "text",
                "data",
                "cl",
                "seq",
            ]
        ),
        ATTRIBUTE,
        max_size=8,
    ),
    tag=st.sampled_from(["sms", "mms", "call", "other"]),
)
def test_sms_any_attribute_values_give_messages_or_issues(
    tmp_path: Path, attrs: dict[str, str], tag: str
) -> None:
    rendered = " ".join(f"{key}={quoteattr(value)}" for key, value in attrs.items())
    inner = (
        f"<parts><part {rendered}/></parts><addrs><addr {rendered}/></addrs>"
        if tag == "mms"
        else ""
    )
    items = parse_all(write_smses(tmp_path, f"<{tag} {rendered}>{inner}</{tag}>"))
    assert len(items) == 1
