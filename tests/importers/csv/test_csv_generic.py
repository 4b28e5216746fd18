"""Generic CSV: column mapping, date order, damage and limits."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onward.errors import DateOrderUndecidedError, ImportFileError
from onward.importers.base import ImportIssue, ParseOptions, ParseReport
from onward.importers.csv import _dates
from onward.importers.csv import generic as csv_generic
from onward.importers.csv.generic import CsvMapping
from onward.model import Message

SENTINEL = "SENTINEL-c6a0-csv"


def write(tmp_path: Path, text: str, name: str = "chat.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def parse_all(
    path: Path, options: ParseOptions | None = None, mapping: CsvMapping | None = None
) -> tuple[list[Message | ImportIssue], ParseReport]:
    report = ParseReport()
    options = options or ParseOptions(timezone="UTC")
    return list(csv_generic.parse(path, options=options, report=report, mapping=mapping)), report


@pytest.mark.parametrize(
    ("header", "delimiter"),
    [
        ("Timestamp,Sender,Text", ","),
        ("date_time;author;body", ";"),
        ("Date Time\tFrom\tMessage Text", "\t"),
        ("sent_at|sender_name|content", "|"),
        ("Created-At,Name,Msg", ","),
    ],
)
def test_csv_common_headers_are_guessed(tmp_path: Path, header: str, delimiter: str) -> None:
    row = delimiter.join(["2024-03-01T09:15:00Z", "A", "hello"])
    items, _ = parse_all(write(tmp_path, f"{header}\n{row}\n"))
    assert [(m.sender, m.text) for m in items if isinstance(m, Message)] == [("A", "hello")]


def test_csv_separate_date_and_time_columns_are_joined(tmp_path: Path) -> None:
    path = write(tmp_path, "Date,Time,From,Text\n2024-03-01,09:15:07,A,x\n2024-03-02,,A,y\n")
    items, _ = parse_all(path)
    assert [m.ts.isoformat() for m in items if isinstance(m, Message)] == [
        "2024-03-01T09:15:07+00:00",
        "2024-03-02T00:00:00+00:00",
    ]


def test_csv_unguessable_header_names_the_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path, "when,who,what\n2024-03-01,A,x\n")
    with pytest.raises(ImportFileError) as caught:
        parse_all(path)
    assert caught.value.hint is not None
    assert "when, who, what" in caught.value.hint


def test_csv_mapping_with_a_missing_column_names_the_columns_found(tmp_path: Path) -> None:
    path = write(tmp_path, "when,who,what\n2024-03-01,A,x\n")
    with pytest.raises(ImportFileError) as caught:
        parse_all(path, mapping=CsvMapping(timestamp="when", sender="who", text="body"))
    assert caught.value.hint is not None
    assert "when, who, what" in caught.value.hint


def test_csv_mapping_matches_names_without_case_or_spaces(tmp_path: Path) -> None:
    path = write(tmp_path, "When ,WHO,What\n2024-03-01 10:00,A,x\n")
    items, _ = parse_all(path, mapping=CsvMapping(timestamp="when", sender="who", text="what"))
    assert [m.text for m in items if isinstance(m, Message)] == ["x"]


def test_csv_header_hint_is_bounded(tmp_path: Path) -> None:
    header = ",".join(f"column{i}{'z' * 100}" for i in range(100))
    with pytest.raises(ImportFileError) as caught:
        parse_all(write(tmp_path, header + "\n"))
    assert caught.value.hint is not None
    assert len(caught.value.hint) < 1200


def test_csv_undecided_date_order_asks_and_an_explicit_order_wins(tmp_path: Path) -> None:
    path = write(tmp_path, "date,from,text\n01/02/2024 10:00,A,x\n")
    with pytest.raises(DateOrderUndecidedError):
        parse_all(path)
    items, report = parse_all(path, ParseOptions(timezone="UTC", date_order="MDY"))
    assert [m.ts.isoformat() for m in items if isinstance(m, Message)] == [
        "2024-01-02T10:00:00+00:00"
    ]
    assert (report.date_order, report.date_order_rule) == ("MDY", "chosen by you")


def test_csv_two_digit_year_first_when_chosen(tmp_path: Path) -> None:
    path = write(tmp_path, "date,from,text\n24/02/01 10:00,A,x\n")
    items, _ = parse_all(path, ParseOptions(timezone="UTC", date_order="YMD"))
    assert [m.ts.date().isoformat() for m in items if isinstance(m, Message)] == ["2024-02-01"]


def test_csv_zone_warning_only_when_a_time_has_no_offset(tmp_path: Path) -> None:
    _, report = parse_all(write(tmp_path, "date,from,text\n2024-03-01T10:00:00+02:00,A,x\n"))
    assert report.warnings == []
    _, report = parse_all(write(tmp_path, "date,from,text\n2024-03-01T10:00:00,A,x\n"))
    assert len(report.warnings) == 1


def test_csv_cell_over_the_csv_module_limit_is_an_issue(tmp_path: Path) -> None:
    big = "x" * 200_000
    path = write(
        tmp_path, f"date,from,text\n2024-03-01T10:00:00Z,A,{big}\n2024-03-01T10:01:00Z,A,after\n"
    )
    items, _ = parse_all(path)
    assert isinstance(items[0], ImportIssue)
    assert [m.text for m in items if isinstance(m, Message)] == ["after"]


def test_csv_issues_and_report_never_contain_message_text(tmp_path: Path) -> None:
    path = write(tmp_path, f"date,from,text\n{SENTINEL},{SENTINEL},{SENTINEL}\n{SENTINEL}\n")
    items, report = parse_all(path)
    assert len(items) == 2
    assert all(isinstance(item, ImportIssue) for item in items)
    assert SENTINEL not in repr(items) + repr(report)


def test_csv_file_over_size_limit_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, "date,from,text\n" + "2024-03-01T10:00:00Z,A,x\n" * 100)
    with pytest.raises(ImportFileError, match="too large"):
        parse_all(path, ParseOptions(max_bytes=100))


def test_csv_empty_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFileError, match="header"):
        parse_all(write(tmp_path, ""))


def test_csv_detect_goes_by_extension_and_delimiter(tmp_path: Path) -> None:
    assert csv_generic.detect(write(tmp_path, "a,b\n", "x.csv"))
    assert csv_generic.detect(write(tmp_path, "a\tb\n", "x.tsv"))
    assert not csv_generic.detect(write(tmp_path, "a,b\n", "x.txt"))
    assert not csv_generic.detect(write(tmp_path, "nodelimiter\n", "y.csv"))
    assert not csv_generic.detect(tmp_path)


def vote(*dates: str) -> tuple[str, str] | None:
    order = _dates.OrderVote()
    for value in dates:
        numeric = _dates.parse_numeric(value)
        assert numeric is not None
        order.add(numeric)
    return order.decide()


@pytest.mark.parametrize(
    ("dates", "order"),
    [
        (("13/01/2024",), "DMY"),
        (("01/13/2024",), "MDY"),
        (("13/01/2024", "01/13/2024"), None),  # both above 12: no single order fits
        (("10/01/2024", "12/01/2024", "03/02/2024"), "DMY"),  # the day resets
        (("01/10/2024", "01/12/2024", "02/03/2024"), "MDY"),
        (("01/02/2024", "02/02/2024", "03/02/2024", "04/02/2024"), "DMY"),  # changes more often
        (("01/02/2024", "01/02/2024"), None),
        (("05/06/2023", "01/02/2024"), None),  # a new year: a decrease tells nothing
    ],
)
def test_csv_date_order_rules(dates: tuple[str, ...], order: str | None) -> None:
    decided = vote(*dates)
    assert (decided[0] if decided else None) == order


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=st.text(alphabet=st.sampled_from(list('ab,;\t"\n\r 0123456789/-:.TZ+')), max_size=200))
def test_csv_any_text_gives_messages_issues_or_import_errors(tmp_path: Path, text: str) -> None:
    path = write(tmp_path, "date,from,text\n" + text)
    try:
        items, _ = parse_all(path)
    except ImportFileError:
        return
    for item in items:
        if isinstance(item, Message):
            item.text.encode("utf-8")
