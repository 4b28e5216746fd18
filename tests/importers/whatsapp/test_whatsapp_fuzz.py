"""Property: parse() raises nothing but ImportFileError, whatever the file holds."""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onward.errors import ImportFileError
from onward.importers.base import DateOrder, ImportIssue, ParseOptions, ParseReport
from onward.importers.whatsapp import text_export
from onward.model import Message

# ONWARD_FUZZ_EXAMPLES raises the number of examples for a longer (nightly) run.
_EXAMPLES = int(os.environ.get("ONWARD_FUZZ_EXAMPLES", "150"))
_SETTINGS = settings(
    max_examples=_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

# Pieces that make random lines look like headers of every layout, so the fuzzing reaches the
# parser's record logic and not only the "no header" refusal.
_DATES = st.sampled_from(
    ["13/01/21", "1/2/21", "12/31/23", "31.12.23", "2023-12-24", "0/0/00", "99/99/9999", "29/02/23"]
)
_TIMES = st.sampled_from(
    ["21:05", "9:05 PM", "9:05\u202fPM", "12:00 a. m.", "21.05", "25:61", "21:05:07", "0:00 AM"]
)
_SHAPES = st.sampled_from(["{d}, {t} - ", "[{d}, {t}] ", "\u200e[{d}, {t}] ", "{d} klo {t} - "])
_BODIES = st.sampled_from(
    [
        "Sam: hi",
        "Sam: ",
        'Sam created group "a: b"',
        "\u200eimage omitted",
        "Sam: <Media omitted>",
        "Sam: \u200e<attached: a.jpg>",
        "Sam: x (file attached)",
        "",
        "You blocked this contact.",
    ]
)


@st.composite
def _header(draw: st.DrawFn) -> str:
    shape = draw(_SHAPES).format(d=draw(_DATES), t=draw(_TIMES))
    return shape + draw(_BODIES)


_LINES = st.lists(st.one_of(_header(), st.text(max_size=40)), max_size=25)
_ENDINGS = st.sampled_from(["\n", "\r\n", "\r"])


def _parse_all(data: bytes, suffix: str, options: ParseOptions) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"WhatsApp Chat with Sam{suffix}"
        path.write_bytes(data)
        text_export.detect(path)
        try:
            for item in text_export.parse(path, options=options, report=ParseReport()):
                assert isinstance(item, Message | ImportIssue)
        except ImportFileError:
            pass


@_SETTINGS
@given(
    lines=_LINES,
    ending=_ENDINGS,
    bom=st.booleans(),
    order=st.sampled_from([None, "DMY", "MDY", "YMD"]),
)
def test_parse_raises_only_import_file_errors_on_header_like_text(
    lines: list[str], ending: str, bom: bool, order: DateOrder | None
) -> None:
    text = ("\ufeff" if bom else "") + ending.join(lines)
    options = ParseOptions(timezone="Europe/Berlin", date_order=order)
    _parse_all(text.encode("utf-8", "surrogatepass"), ".txt", options)


@_SETTINGS
@given(data=st.binary(max_size=600))
def test_parse_raises_only_import_file_errors_on_arbitrary_bytes(data: bytes) -> None:
    _parse_all(data, ".txt", ParseOptions(timezone="UTC"))
    _parse_all(b"PK\x03\x04" + data, ".zip", ParseOptions(timezone="UTC"))


@_SETTINGS
@given(
    lines=_LINES,
    names=st.lists(
        st.text(alphabet="ab./\\_-:é", min_size=1, max_size=12).filter(lambda n: n != "_chat.txt"),
        max_size=3,
        unique=True,
    ),
    method=st.sampled_from([zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2]),
    flips=st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 255)), max_size=4),
    cut=st.integers(0, 400),
)
def test_parse_raises_only_import_file_errors_on_damaged_archives(
    lines: list[str], names: list[str], method: int, flips: list[tuple[int, int]], cut: int
) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", method) as archive:
        archive.writestr("_chat.txt", "\n".join(lines).encode("utf-8", "surrogatepass"))
        for name in names:
            archive.writestr(name, name.encode("utf-8", "surrogatepass"))
    data = bytearray(buffer.getvalue())
    for position, value in flips:
        data[position % len(data)] = value
    damaged = bytes(data[: len(data) - cut] if cut else data)
    _parse_all(damaged, ".zip", ParseOptions(timezone="UTC"))
