"""The dry-run summary of an export: what an import would bring in, without storing anything.

``summarize`` runs the parser over the whole file and counts; ``record_to_json`` is the
one-line-per-message shape of ``--jsonl``. Both are pure: they read the export and return
values, and never include message text in a warning or an issue.

Decisions: ``by_kind`` lists every kind, zeros included, so its shape never changes;
``participants`` are sorted by message count, then name; system events (sender None) are
not participants. Message-level warnings are counted ("3 messages: edited after …").
At most ``MAX_LISTED_ISSUES`` issues are listed; a warning says how many more there were.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, TypedDict

from onward.importers.base import ImportIssue, ParseOptions, ParseReport
from onward.importers.registry import detect_format, get
from onward.model import Message, MessageKind

MAX_LISTED_ISSUES = 1000
SUMMARY_KEYS = (
    "format",
    "messages",
    "by_kind",
    "participants",
    "first",
    "last",
    "date_order",
    "date_order_rule",
    "warnings",
    "issues",
)


class ParticipantCount(TypedDict):
    """One sender and how many records they have."""

    name: str
    messages: int


class IssueJson(TypedDict):
    """An ImportIssue as JSON."""

    file: str
    where: str
    reason: str


@dataclass(frozen=True, slots=True)
class ImportSummary:
    """What a dry run found. ``first``/``last`` are ISO 8601, or None without messages."""

    format: str
    messages: int
    by_kind: dict[str, int]
    participants: list[ParticipantCount]
    first: str | None
    last: str | None
    date_order: str | None
    date_order_rule: str | None
    warnings: list[str] = field(default_factory=list)
    issues: list[IssueJson] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """The summary as plain JSON values, with exactly the keys in SUMMARY_KEYS."""
        return {
            "format": self.format,
            "messages": self.messages,
            "by_kind": dict(self.by_kind),
            "participants": [dict(p) for p in self.participants],
            "first": self.first,
            "last": self.last,
            "date_order": self.date_order,
            "date_order_rule": self.date_order_rule,
            "warnings": list(self.warnings),
            "issues": [dict(i) for i in self.issues],
        }


def record_to_json(msg: Message) -> dict[str, Any]:
    """One message for ``--jsonl``: ts (ISO 8601), sender (None for system events), kind, text."""
    return {"ts": msg.ts.isoformat(), "sender": msg.sender, "kind": str(msg.kind), "text": msg.text}


@dataclass(slots=True)
class _Tally:
    messages: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    senders: Counter[str] = field(default_factory=Counter)
    warnings: Counter[str] = field(default_factory=Counter)
    first: datetime | None = None
    last: datetime | None = None
    issues: list[IssueJson] = field(default_factory=list)
    issues_total: int = 0

    def add_message(self, msg: Message) -> None:
        self.messages += 1
        self.kinds[str(msg.kind)] += 1
        if msg.sender is not None:
            self.senders[msg.sender] += 1
        self.warnings.update(set(msg.warnings))
        if self.first is None or msg.ts < self.first:
            self.first = msg.ts
        if self.last is None or msg.ts > self.last:
            self.last = msg.ts

    def add_issue(self, issue: ImportIssue) -> None:
        self.issues_total += 1
        if len(self.issues) < MAX_LISTED_ISSUES:
            self.issues.append({"file": issue.file, "where": issue.where, "reason": issue.reason})


def _warnings(report: ParseReport, tally: _Tally) -> list[str]:
    found = list(dict.fromkeys(report.warnings))
    for text, count in tally.warnings.items():
        found.append(f"{count} message{'s' if count != 1 else ''}: {text}")
    hidden = tally.issues_total - len(tally.issues)
    if hidden:
        found.append(f"{hidden} more problems were found but are not listed.")
    return found


def summarize(path: Path, *, fmt: str | None = None, options: ParseOptions) -> ImportSummary:
    """Parse ``path`` (detecting its format unless ``fmt`` is given) and summarise it."""
    source = fmt or detect_format(path)
    report = ParseReport()
    tally = _Tally()
    for item in get(source).parse(path, options=options, report=report):
        if isinstance(item, Message):
            tally.add_message(item)
        else:
            tally.add_issue(item)
    people = sorted(tally.senders.items(), key=lambda pair: (-pair[1], pair[0]))
    return ImportSummary(
        format=source,
        messages=tally.messages,
        by_kind={str(kind): tally.kinds[str(kind)] for kind in MessageKind},
        participants=[{"name": name, "messages": count} for name, count in people],
        first=tally.first.isoformat() if tally.first else None,
        last=tally.last.isoformat() if tally.last else None,
        date_order=report.date_order,
        date_order_rule=report.date_order_rule,
        warnings=_warnings(report, tally),
        issues=tally.issues,
    )
