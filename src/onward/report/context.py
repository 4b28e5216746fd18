"""The report's content, built once by ``services.reports`` and rendered to PDF and HTML.

Every field is plain data (strings, numbers, tuples), already in the person's
language and already redacted when names are to be removed, so the renderers only
lay it out and the PDF and the HTML preview always say the same thing.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class AttachmentView:
    """An attached original: its name, type, size and SHA-256 taken when it was added."""

    name: str
    media_type: str
    size: int
    sha256: str
    bundle_path: str = ""  # where it is in the export folder, when there is one


@dataclass(frozen=True, slots=True)
class VersionStamp:
    """One version of an entry: when it was written, and its record's SHA-256."""

    version: int
    recorded_at: str
    sha256: str
    clock_flag: bool = False


@dataclass(frozen=True, slots=True)
class EntryView:
    """A logged entry as it stands now, verbatim, with its history of versions."""

    entry_id: str
    occurred_at: str  # what the person said, with its zone offset
    recorded_at: str  # the system clock when the latest version was saved
    channel: str
    what: str
    where: str
    witnesses: str
    harm: str
    attachments: tuple[AttachmentView, ...] = ()
    versions: tuple[VersionStamp, ...] = ()

    @property
    def clock_flag(self) -> bool:
        return any(v.clock_flag for v in self.versions)


@dataclass(frozen=True, slots=True)
class RedactionView:
    """An entry that existed and was removed: when, and the reason given (R24)."""

    entry_id: str
    redacted_at: str
    reason: str
    sha256: str
    clock_flag: bool = False


@dataclass(frozen=True, slots=True)
class MessageView:
    """A flagged message or call, verbatim, with its original time and source."""

    contact_id: str
    at: str
    channel: str
    sender: str
    text: str
    categories: tuple[str, ...]
    source: str


@dataclass(frozen=True, slots=True)
class ImportView:
    """Where imported messages came from (R25): the file, its hash and the parser."""

    import_id: str
    file_name: str
    sha256: str
    parser: str
    parser_version: str
    imported_at: str
    counts: tuple[tuple[str, int], ...] = ()
    original: str = ""  # where the original file is in the export, or why it is not


@dataclass(frozen=True, slots=True)
class DayCount:
    day: str  # YYYY-MM-DD, local time
    count: int


@dataclass(frozen=True, slots=True)
class Summary:
    entries: int = 0
    amended: int = 0
    redactions: int = 0
    messages: int = 0
    contacts_total: int = 0
    clock_flags: int = 0
    unreadable: int = 0  # messages whose import key could not be found
    by_channel: tuple[tuple[str, int], ...] = ()
    by_category: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True, slots=True)
class AnchorView:
    at: str
    code: str
    note: str


@dataclass(frozen=True, slots=True)
class ReportContext:
    """Everything the report shows. ``claims`` and ``how_to_verify`` are shown verbatim."""

    title: str
    generated_at: str
    period: str
    categories: tuple[str, ...]
    redact_names: bool
    summary: Summary
    per_day: tuple[DayCount, ...]
    entries: tuple[EntryView, ...]
    redactions: tuple[RedactionView, ...]
    messages: tuple[MessageView, ...]
    imports: tuple[ImportView, ...]
    chain_head: str
    chain_code: str
    chain_length: int
    anchors: tuple[AnchorView, ...] = ()
    claims: tuple[str, ...] = ()
    how_to_verify: tuple[str, ...] = ()
    notes: tuple[str, ...] = field(default_factory=tuple)
