"""Build the report's context once, from what ``report_data.gather`` read.

Name removal (``--redact-names``) applies to the readable report only: senders
become "[name removed]", witnesses are hidden, and participant names (and their
parts of three letters or more) are replaced in the text. The records in an
export folder stay exactly as stored, so they still match the chain.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import UTC, datetime
from typing import Any

from onward.evidence.chain import short_code
from onward.i18n import gettext as _
from onward.report import texts
from onward.report.context import (
    AnchorView,
    AttachmentView,
    DayCount,
    EntryView,
    ImportView,
    MessageView,
    RedactionView,
    ReportContext,
    Summary,
    VersionStamp,
)
from onward.services import chain_store, prefs
from onward.services.contacts import (
    ROLE_ME,
    ROLE_PARTNER,
    Contact,
    categories_of,
    model_only_categories,
    person_only_categories,
)
from onward.services.evidence_log import Entry, record_sha256
from onward.services.report_data import ImportInfo, ReportData, ReportOptions, gather
from onward.services.vault import Vault

UNKNOWN = "?"
NAME_PART_MIN = 3  # shorter labels ("Me", "Jo") would also hit ordinary words


def when(moment: datetime) -> str:
    """A time as written in the report: ISO 8601 with its zone offset, to the second."""
    return moment.isoformat(sep=" ", timespec="seconds")


class _Names:
    """Replaces participant names in text with "[name removed]" (when asked to)."""

    def __init__(self, names: set[str], enabled: bool) -> None:
        parts = {p for n in names for p in re.split(r"\s+", n) if len(p) >= NAME_PART_MIN}
        whole = {n.strip() for n in names if len(n.strip()) >= NAME_PART_MIN}
        words = sorted(whole | parts, key=len, reverse=True)
        self.enabled = enabled
        self._re = (
            re.compile("|".join(rf"(?<!\w){re.escape(w)}(?!\w)" for w in words), re.IGNORECASE)
            if enabled and words
            else None
        )

    def text(self, value: str) -> str:
        return self._re.sub(texts.name_removed(), value) if self._re else value

    def sender(self, value: str) -> str:
        return texts.name_removed() if self.enabled else value


def _participants(data: ReportData, display_name: str) -> set[str]:
    names = {c.sender for c in data.messages if c.sender}
    for imp in data.imports:
        listed = imp.doc.get("participants")
        if isinstance(listed, list):
            names |= {str(n) for n in listed if n}
    if display_name:
        names.add(display_name)
    return {n for n in names if n}


def _entry_view(entry: Entry, names: _Names, paths: dict[str, str]) -> EntryView:
    doc = entry.latest.data
    attachments = tuple(
        AttachmentView(
            names.text(a["name"]),
            a["media_type"],
            int(a["size"]),
            a["sha256"],
            _shown(paths[a["file_id"]], names) if a["file_id"] in paths else "",
        )
        for a in doc["attachments"]
    )
    versions = tuple(
        VersionStamp(v.number, when(v.recorded_at), v.sha256, bool(v.data.get("clock")))
        for v in entry.versions
    )
    witnesses = doc["witnesses"]
    return EntryView(
        entry_id=entry.entry_id,
        occurred_at=when(entry.latest.occurred_at),
        recorded_at=when(entry.latest.recorded_at),
        channel=texts.channel_label(doc["channel"]),
        what=names.text(doc["what"]),
        where=names.text(doc["where"]),
        witnesses=_("[names removed]") if names.enabled and witnesses else witnesses,
        harm=names.text(doc["harm"]),
        attachments=attachments,
        versions=versions,
    )


def _redaction_view(entry: Entry, names: _Names) -> RedactionView:
    assert entry.redaction is not None
    doc = entry.redaction.data
    return RedactionView(
        entry_id=entry.entry_id,
        redacted_at=when(datetime.fromisoformat(doc["redacted_at"])),
        reason=names.text(doc["reason"]),
        sha256=record_sha256(doc),
        clock_flag=bool(doc.get("clock")),
    )


def _message_text(contact: Contact) -> str:
    if contact.text:
        return contact.text
    call = contact.body.get("call")
    if isinstance(call, dict):
        details = ", ".join(f"{k}: {v}" for k, v in sorted(call.items()) if v is not None)
        return _("Call") + (f" ({details})" if details else "")
    return ""


def _sender(contact: Contact) -> str:
    if contact.sender:
        return contact.sender
    return {ROLE_PARTNER: _("the other person"), ROLE_ME: _("me")}.get(contact.role, UNKNOWN)


def _category(category: str, model_only: set[str], person_only: set[str]) -> str:
    label = texts.category_label(category)
    if category in model_only:  # no rule matched: say so, the reader weighs it
        return label + " " + _("(found by the second check, not by a rule)")
    if category in person_only:
        return label + " " + _("(marked by the person, not found by Onward)")
    return label


def _message_view(contact: Contact, names: _Names, sources: dict[str, str]) -> MessageView:
    live = categories_of(contact.flags & ~contact.dismissed)
    flags = list(contact.body.get("flags") or [])
    model_only, person_only = model_only_categories(flags), person_only_categories(flags)
    source = sources.get(contact.import_id or "", _("logged by hand"))
    ref = contact.body.get("ref")
    if ref is not None:
        source += f" · {_('place in file')} {ref}"
    return MessageView(
        contact_id=contact.id,
        at=when(contact.ts.astimezone()),
        channel=texts.channel_label(contact.channel),
        sender=names.sender(_sender(contact)),
        text=names.text(_message_text(contact)),
        categories=tuple(_category(c, model_only, person_only) for c in live),
        source=source,
    )


def _first(doc: dict[str, Any], *keys: str) -> str:
    for key in keys:
        value = doc.get(key)
        if value not in (None, ""):
            return str(value)
    return UNKNOWN


def import_name(info: ImportInfo) -> str:
    return _first(info.doc, "file_name", "name", "filename")


def _counts(doc: dict[str, Any]) -> tuple[tuple[str, int], ...]:
    counts = doc.get("counts")
    if isinstance(counts, dict):
        return tuple((str(k), int(v)) for k, v in counts.items() if isinstance(v, int))
    keys = ("messages", "calls", "media", "issues", "skipped", "duplicates")
    return tuple((k, int(doc[k])) for k in keys if isinstance(doc.get(k), int))


def _shown(path: str, names: _Names) -> str:
    """A folder path as the report shows it: without the file's own name if names go."""
    return path.split("-", 1)[0] + "-…" if names.enabled else path


def _import_view(info: ImportInfo, originals: dict[str, str], names: _Names) -> ImportView:
    doc = info.doc
    original = originals.get(info.import_id)
    return ImportView(
        import_id=info.import_id,
        file_name=names.text(import_name(info)),
        sha256=_first(doc, "sha256", "file_sha256") if doc else info.file_sha256,
        parser=_first(doc, "parser", "importer", "source"),
        parser_version=_first(doc, "parser_version", "version"),
        imported_at=_first(doc, "imported_at", "created_at", "at"),
        counts=_counts(doc),
        original=_original_note(original, kept=_kept_original(doc), names=names),
    )


def _kept_original(doc: dict[str, Any] | None) -> bool:
    ref = (doc or {}).get("original")
    return isinstance(ref, dict) and bool(ref.get("item"))


def _original_note(path: str | None, *, kept: bool, names: _Names) -> str:
    """Where the original export file is: in this export, only in the vault, or nowhere."""
    if path:
        return _("The original file is in the export as %(path)s.") % {"path": _shown(path, names)}
    if kept:
        return _(
            "Onward keeps a copy of the original file. It is not part of this PDF; an export "
            "folder made with the report includes it, so its SHA-256 can be checked."
        )
    return _("Onward did not keep a copy of the original file; its SHA-256 is above.")


def _summary(data: ReportData) -> Summary:
    clock = sum(1 for e in data.entries for v in e.versions if v.data.get("clock"))
    clock += sum(1 for e in data.redactions if e.redaction and e.redaction.data.get("clock"))
    per_category: Counter[str] = Counter()
    for c in data.messages:
        per_category.update(categories_of(c.flags & ~c.dismissed))
    return Summary(
        entries=len(data.entries),
        amended=sum(1 for e in data.entries if len(e.versions) > 1),
        redactions=len(data.redactions),
        messages=len(data.messages),
        contacts_total=sum(n for _day, n in data.per_day),
        clock_flags=clock,
        unreadable=data.unreadable,
        by_channel=tuple((texts.channel_label(c), n) for c, n in data.by_channel),
        by_category=tuple((texts.category_label(c), n) for c, n in per_category.most_common()),
    )


def _period(options: ReportOptions) -> str:
    if options.start and options.end:
        return _("From %(a)s to %(b)s") % {"a": options.start, "b": options.end}
    if options.start:
        return _("From %(a)s") % {"a": options.start}
    if options.end:
        return _("Until %(b)s") % {"b": options.end}
    return _("All dates")


def build_context(
    data: ReportData,
    *,
    display_name: str = "",
    attachment_paths: dict[str, str] | None = None,
    import_originals: dict[str, str] | None = None,
    now: datetime | None = None,
) -> ReportContext:
    """The report's content, in the person's language, names removed if asked."""
    options = data.options
    names = _Names(_participants(data, display_name), options.redact_names)
    paths = attachment_paths or {}
    sources = {i.import_id: names.text(import_name(i)) for i in data.imports}
    last = data.links[-1].hash if data.links else "0" * 64
    anchors = tuple(
        AnchorView(
            when(datetime.fromisoformat(a.event["at"]).astimezone()),
            a.event["code"],
            str(a.event.get("note", "")),
        )
        for a in chain_store.anchors(data.links)
    )
    notes = (
        (
            _(
                "Names were removed from this readable report only; the records in the export "
                "folder are exactly as they were saved."
            ),
        )
        if options.redact_names
        else ()
    )
    return ReportContext(
        title=_("Contact record"),
        generated_at=_("Made %(at)s") % {"at": when((now or datetime.now(UTC)).astimezone())},
        period=_period(options),
        categories=tuple(texts.category_label(c) for c in options.categories),
        redact_names=options.redact_names,
        summary=_summary(data),
        per_day=tuple(DayCount(d.isoformat(), n) for d, n in data.per_day),
        entries=tuple(_entry_view(e, names, paths) for e in data.entries),
        redactions=tuple(_redaction_view(e, names) for e in data.redactions),
        messages=tuple(_message_view(c, names, sources) for c in data.messages),
        imports=tuple(_import_view(i, import_originals or {}, names) for i in data.imports),
        chain_head=last,
        chain_code=short_code(last),
        chain_length=len(data.links),
        anchors=anchors,
        claims=texts.claims(),
        how_to_verify=texts.how_to_verify(short_code(last)),
        notes=notes,
    )


def build_report(vault: Vault, options: ReportOptions) -> ReportContext:
    """Gather and build in one call (the HTML preview and the PDF-only download)."""
    return build_context(gather(vault, options), display_name=prefs.load_prefs(vault).display_name)
