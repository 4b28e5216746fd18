"""Any chat history saved as CSV (or TSV): one row per message, with a header row.

How a person makes it: from a spreadsheet ("Save as CSV"), from a phone app that exports
messages as CSV, or by hand when a chat exists only as screenshots. The columns are named by
a ``CsvMapping``; without one, it is guessed from the header (date/time/timestamp,
from/sender/author, text/message/body, and an optional channel column).

Decisions:

* The delimiter is the most frequent of ``,`` ``;`` tab ``|`` in the header line; quoting
  follows the csv module (RFC 4180). A UTF-8 BOM is skipped; bytes that are not UTF-8
  become U+FFFD with a warning.
* Timestamps: ISO 8601, Unix seconds or milliseconds, or numeric dates; see ``_dates`` for
  how the day/month order is decided from the whole column (a first pass reads only that
  column), or taken from ``options.date_order``. The report names the rule. When nothing
  decides, DateOrderUndecidedError asks the person to choose. Times without an offset are
  read in ``options.timezone`` or this computer's zone.
* A row without a readable timestamp, with too few columns, or with a cell over the csv
  module's default limit (131,072 characters, kept so the module's global setting is never
  changed), yields an ImportIssue; a row without a sender keeps the message with sender
  "Unknown" and a warning.
* Every row is a TEXT record; the channel column, when mapped, is matched to a Channel by
  name (else OTHER, with a warning). Text, formulas included, is kept exactly.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path

from onward.errors import DateOrderUndecidedError, ImportFileError
from onward.importers._common import check_size, head_text, local_zone, make_issue
from onward.importers.base import DateOrder, ParseOptions, ParseReport, Res
from onward.importers.csv import _dates, _rows

SOURCE = "csv"
VERSION = "1"

SUFFIXES = (".csv", ".tsv")
DELIMITERS = (",", ";", "\t", "|")


@dataclass(frozen=True, slots=True)
class CsvMapping:
    """Which header names hold what.

    Args:
        timestamp: the date and time column (or the date, with ``time`` for the time).
        time: a separate time-of-day column, joined to the date with a space.
        channel: a column naming the app or channel (sms, whatsapp, phone, …).
    """

    timestamp: str
    sender: str
    text: str
    channel: str | None = None
    time: str | None = None


def detect(path: Path) -> bool:
    """True for a .csv or .tsv file whose first line has a delimiter."""
    if path.is_dir() or path.suffix.lower() not in SUFFIXES:
        return False
    first = head_text(path, 8192).split("\n", 1)[0]
    return any(delimiter in first for delimiter in DELIMITERS)


def _delimiter(path: Path) -> str:
    first = head_text(path, 65536).split("\n", 1)[0]
    return max(DELIMITERS, key=first.count)


def _open_rows(path: Path, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(line number, cells) for each row; csv.Error rows come back as an empty list."""
    try:
        fp = path.open(encoding="utf-8-sig", errors="surrogateescape", newline="")
    except OSError:
        raise ImportFileError("We could not open this file") from None
    with fp:
        reader = csv.reader(fp, delimiter=delimiter)
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error:
                row = []
            yield reader.line_num, row


def parse(
    path: Path,
    *,
    options: ParseOptions,
    report: ParseReport,
    mapping: CsvMapping | None = None,
) -> Iterator[Res]:
    """Yield one message per data row, in file order.

    Args:
        mapping: the columns to use; guessed from the header row when None.
    """
    report.parser_version = VERSION
    check_size(path, options)
    delimiter = _delimiter(path)
    rows = _open_rows(path, delimiter)
    header = next(rows, None)
    if header is None or not header[1]:
        raise ImportFileError("This CSV file has no header row", hint=_rows.HEADER_HINT)
    columns = _rows.resolve(header[1], mapping)
    order, naive = _date_order(path, delimiter, columns, options, report)
    zone = local_zone(options, report) if naive else UTC
    for number, cells in rows:
        if cells:
            yield _rows.convert(path, number, cells, columns, order, zone)
        else:
            yield make_issue(path, f"line {number}", "this row could not be read")


def _date_order(
    path: Path,
    delimiter: str,
    columns: _rows.Columns,
    options: ParseOptions,
    report: ParseReport,
) -> tuple[DateOrder, bool]:
    """First pass over the timestamp column: the day/month order, and whether any value
    lacks a time zone."""
    vote = _dates.OrderVote()
    numeric_seen = False
    ambiguous = False
    naive = False
    rows = _open_rows(path, delimiter)
    next(rows, None)
    for _, cells in rows:
        value = _rows.timestamp_text(cells, columns)
        fixed = _dates.parse_fixed(value) if value is not None else None
        if fixed is not None:
            naive |= fixed.tzinfo is None
            continue
        numeric = _dates.parse_numeric(value) if value is not None else None
        if numeric is not None:
            naive = numeric_seen = True
            ambiguous |= not numeric.year_first
            vote.add(numeric)
    if not numeric_seen:
        return "YMD", naive  # ISO 8601 or Unix times only: there is no order to decide
    return _decide(vote, ambiguous, options, report), naive


def _decide(
    vote: _dates.OrderVote, needed: bool, options: ParseOptions, report: ParseReport
) -> DateOrder:
    if not needed:
        report.date_order, report.date_order_rule = "YMD", "dates are written year first"
        return "YMD"
    if options.date_order is not None:
        report.date_order, report.date_order_rule = options.date_order, "chosen by you"
        return options.date_order
    decided = vote.decide()
    if decided is None:
        raise DateOrderUndecidedError(
            "Nothing in this file tells whether dates are day-first or month-first",
            hint="Choose with --date-order DMY or --date-order MDY.",
        )
    report.date_order, report.date_order_rule = decided
    return decided[0]
