"""The contact and incident log: append-only entries, each change a link on the chain.

An entry is a list of versions. Each version is its own encrypted item (kind
``logv``) holding the whole entry as it stood::

    {"entry", "version", "occurred_at", "recorded_at", "clock", "channel", "what",
     "where", "witnesses", "harm", "attachments": [...], "amends", "method", "salt"}

``occurred_at`` is what the person says; ``recorded_at`` is the system clock with
its zone offset (R25, R28). Amending adds a version that names the one it amends
(R26). Redacting destroys every version and file of the entry (crypto-shredding,
R23) and keeps a redaction record with the reason, so the chain still verifies and
the export shows that an entry existed and was removed (R24). Each create, amend
and redact adds a chain event carrying the SHA-256 of the record's canonical JSON.

Every entry also has one row on the contact timeline, kept in step with its latest
version and removed on redaction.

Finding one entry, or one page of entries, goes through ``log_index`` (where each
entry's versions are), so only what is shown is decrypted.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection

from onward.errors import InvalidInputError, NotFoundError
from onward.evidence.chain import canonical, new_salt
from onward.i18n import gettext as _
from onward.report.texts import channel_label
from onward.services import chain_store, contacts, items, log_files, log_index
from onward.services.fields import is_blank
from onward.services.log_files import NewFile
from onward.services.log_index import KIND_REDACTION, KIND_VERSION
from onward.services.vault import Vault
from onward.store import contacts_repo, repos
from onward.store.ids import is_id, new_id

CHANNELS = ("in_person", "phone", "sms", "whatsapp", "email", "social", "other")
MAX_TEXT = 20_000
MAX_FIELD = 2_000
# A time up to a day ahead is accepted: a zone typed wrong, or this computer's clock behind.
FUTURE_SLACK = timedelta(days=1)
PAGE = 500  # items decrypted per query when every entry is read
PER_PAGE = 50  # entries on one page of the log

__all__ = [
    "CHANNELS",
    "KIND_REDACTION",
    "KIND_VERSION",
    "Entry",
    "EntryInput",
    "NewFile",
    "Version",
]


@dataclass(frozen=True, slots=True)
class EntryInput:
    """What the person tells us about one contact or incident."""

    occurred_at: datetime
    channel: str
    what: str
    where: str = ""
    witnesses: str = ""
    harm: str = ""


@dataclass(frozen=True, slots=True)
class Version:
    item_id: str
    data: dict[str, Any]

    @property
    def number(self) -> int:
        return int(self.data["version"])

    @property
    def occurred_at(self) -> datetime:
        return datetime.fromisoformat(self.data["occurred_at"])

    @property
    def recorded_at(self) -> datetime:
        return datetime.fromisoformat(self.data["recorded_at"])

    @property
    def sha256(self) -> str:
        return record_sha256(self.data)


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry: its versions oldest first, or only a redaction record once removed."""

    entry_id: str
    versions: list[Version] = field(default_factory=list)
    redaction: Version | None = None

    @property
    def latest(self) -> Version:
        return self.versions[-1]

    @property
    def redacted(self) -> bool:
        return self.redaction is not None

    @property
    def sort_key(self) -> datetime:
        if self.redaction is not None:
            return datetime.fromisoformat(self.redaction.data["redacted_at"])
        return self.latest.occurred_at


def record_sha256(data: dict[str, Any]) -> str:
    """SHA-256 of a record's canonical JSON: what the chain event carries."""
    return hashlib.sha256(canonical(data)).hexdigest()


def _check(data: EntryInput, now: datetime) -> None:
    if data.occurred_at.tzinfo is None:
        raise ValueError("occurred_at must be timezone-aware")
    try:
        data.occurred_at.astimezone(UTC)  # years 1 to 9999 in UTC: the timeline can show it
    except OverflowError:
        raise InvalidInputError(
            _("That time is too far in the past or the future."),
            hint=_("Write it like 2026-03-01 21:30."),
        ) from None
    if data.occurred_at > now + FUTURE_SLACK:
        # Most likely a typed year; saved, it would stay on the chain and stretch the charts.
        raise InvalidInputError(
            _("That time is in the future. The log is for what has already happened."),
            hint=_("Check the year and the date, then save again."),
        )
    if data.channel not in CHANNELS:
        raise InvalidInputError(_("Choose how the contact happened."), hint=", ".join(CHANNELS))
    if is_blank(data.what):  # spaces, or only invisible characters such as U+200B
        raise InvalidInputError(
            _("Write a few words about what happened."), hint=_("One line is enough.")
        )
    if (
        len(data.what) > MAX_TEXT
        or max(map(len, (data.where, data.witnesses, data.harm))) > MAX_FIELD
    ):
        raise InvalidInputError(_("That is too long for one entry."), hint=_("Split it in two."))


def _conv_id(keys: contacts.Keys) -> str:
    return keys.dedupe("log-conversation")[:32]


def _sync_contact(
    conn: Connection, vault: Vault, doc: dict[str, Any] | None, entry_id: str
) -> None:
    """Keep the entry's one timeline row in step with its latest version (or remove it)."""
    keys = contacts.Keys(vault)
    dedupe = keys.dedupe("log", entry_id)
    contacts_repo.delete_by_dedupe(conn, vault_id=vault.vault_id, dedupe=dedupe)
    if doc is None:
        return
    body = {
        "text": doc["what"],
        "entry": entry_id,
        "version": doc["version"],
        "where": doc["where"],
        "witnesses": doc["witnesses"],
        "harm": doc["harm"],
        "sender": None,
        "attachments": [a["name"] for a in doc["attachments"]],
        "call": None,
        "flags": [],
        "method": "manual",
    }
    row = contacts.make_row(
        vault,
        None,
        import_id=None,
        conv_id=_conv_id(keys),
        ts=datetime.fromisoformat(doc["occurred_at"]),
        channel=doc["channel"],
        kind="call" if doc["channel"] == "phone" else "incident",
        role=contacts.ROLE_PARTNER,
        sender_key=None,
        flags=0,
        dedupe=dedupe,
        body=body,
    )
    contacts_repo.insert_many(conn, [row])


def _save_version(
    vault: Vault,
    *,
    entry_id: str,
    data: EntryInput,
    files: Sequence[NewFile],
    previous: Version | None,
    now: datetime | None,
) -> Version:
    moment = now or datetime.now(UTC)
    _check(data, moment)
    with items.transaction(vault) as conn:
        stored = [log_files.store_file(conn, vault, f) for f in files]
        doc: dict[str, Any] = {
            "entry": entry_id,
            "version": previous.number + 1 if previous else 1,
            "occurred_at": data.occurred_at.isoformat(),
            "recorded_at": moment.astimezone().isoformat(),
            "clock": chain_store.clock_check(conn, vault, now=moment),
            "channel": data.channel,
            "what": data.what,
            "where": data.where.strip(),
            "witnesses": data.witnesses.strip(),
            "harm": data.harm.strip(),
            "attachments": [*(previous.data["attachments"] if previous else []), *stored],
            "amends": previous.item_id if previous else None,
            "method": "manual",
            "salt": new_salt(),  # so the record's hash cannot confirm a guessed short text
        }
        item_id = new_id()
        body = items.encrypt(vault, KIND_VERSION, item_id, doc)
        repos.insert_item(
            conn, vault_id=vault.vault_id, item_id=item_id, kind=KIND_VERSION, body=body
        )
        event = {
            "type": "amend" if previous else "create",
            "record": "log",
            "entry": entry_id,
            "item": item_id,
            "version": doc["version"],
            "sha256": record_sha256(doc),
        }
        if previous:
            event["amends"] = previous.item_id
        chain_store.append(conn, vault, event, now=moment)
        _sync_contact(conn, vault, doc, entry_id)
    return Version(item_id, doc)


def add_entry(
    vault: Vault, data: EntryInput, files: Sequence[NewFile] = (), *, now: datetime | None = None
) -> Entry:
    """Log a new entry (version 1) with its attachments."""
    version = _save_version(
        vault, entry_id=new_id(), data=data, files=files, previous=None, now=now
    )
    return Entry(version.data["entry"], [version])


def amend_entry(
    vault: Vault,
    *,
    entry_id: str,
    data: EntryInput,
    files: Sequence[NewFile] = (),
    now: datetime | None = None,
) -> Entry:
    """Add a new version; earlier versions stay as they were (R26)."""
    entry = get_entry(vault, entry_id=entry_id)
    if entry.redacted:
        raise InvalidInputError(_("This entry was removed."), hint=_("Log a new entry instead."))
    version = _save_version(
        vault, entry_id=entry_id, data=data, files=files, previous=entry.latest, now=now
    )
    return Entry(entry_id, [*entry.versions, version])


def redact_entry(vault: Vault, *, entry_id: str, reason: str, now: datetime | None = None) -> Entry:
    """Remove an entry's content for good, keeping a record that it existed (R24)."""
    reason = reason.strip()
    if not reason:
        raise InvalidInputError(
            _("Say briefly why this entry is being removed."),
            hint=_("For example: logged by mistake. The reason stays in the record."),
        )
    if len(reason) > MAX_FIELD:
        raise InvalidInputError(_("That reason is too long."), hint=_("A sentence is enough."))
    entry = get_entry(vault, entry_id=entry_id)
    if entry.redacted:
        raise InvalidInputError(_("This entry was already removed."))
    moment = now or datetime.now(UTC)
    file_ids = sorted({a["file_id"] for v in entry.versions for a in v.data["attachments"]})
    with items.transaction(vault) as conn:
        for version in entry.versions:
            repos.delete_item(
                conn, vault_id=vault.vault_id, kind=KIND_VERSION, item_id=version.item_id
            )
        for file_id in file_ids:
            log_files.delete_file(conn, vault, file_id)
        doc = {
            "entry": entry_id,
            "redacted_at": moment.astimezone().isoformat(),
            "clock": chain_store.clock_check(conn, vault, now=moment),
            "reason": reason,
            "versions": [v.item_id for v in entry.versions],
            "files": file_ids,
            "salt": new_salt(),
        }
        item_id = new_id()
        body = items.encrypt(vault, KIND_REDACTION, item_id, doc)
        repos.insert_item(
            conn, vault_id=vault.vault_id, item_id=item_id, kind=KIND_REDACTION, body=body
        )
        event = {
            "type": "redact",
            "record": "log",
            "entry": entry_id,
            "item": item_id,
            "sha256": record_sha256(doc),
            "removed": doc["versions"],
        }
        chain_store.append(conn, vault, event, now=moment)
        _sync_contact(conn, vault, None, entry_id)
    vault.backend.after_delete(vault.engine)  # checkpoint so the old pages are gone (R23)
    return Entry(entry_id, [], Version(item_id, doc))


def _all_docs(vault: Vault, kind: str) -> list[items.Doc]:
    docs: list[items.Doc] = []
    before: int | None = None
    while True:
        batch = items.page(vault, kind=kind, limit=PAGE, before_seq=before)
        docs.extend(batch)
        if len(batch) < PAGE:
            return docs
        before = batch[-1].seq


def list_entries(vault: Vault) -> list[Entry]:
    """Every entry, newest first (by when it happened; removed ones by removal time)."""
    grouped: dict[str, list[Version]] = {}
    for doc in _all_docs(vault, KIND_VERSION):
        grouped.setdefault(doc.data["entry"], []).append(Version(doc.id, doc.data))
    entries = [
        Entry(entry_id, sorted(versions, key=lambda v: v.number))
        for entry_id, versions in grouped.items()
    ]
    for doc in _all_docs(vault, KIND_REDACTION):
        entries.append(Entry(doc.data["entry"], [], Version(doc.id, doc.data)))
    return sorted(entries, key=lambda e: e.sort_key, reverse=True)


def _load_many(
    vault: Vault,
    refs: Sequence[log_index.Ref],
    *,
    latest_only: bool = False,
    seen: dict[str, items.Doc] | None = None,
) -> list[Entry | None]:
    """The entries ``refs`` point at (None for one that changed since the index was read);
    ``seen``: items already decrypted, by id, not read again."""

    def version_ids(ref: log_index.Ref) -> list[str]:
        return ref.item_ids[-1:] if latest_only else ref.item_ids

    wanted = {
        KIND_REDACTION: [r.redaction for r in refs if r.redaction is not None],
        KIND_VERSION: [i for r in refs if r.redaction is None for i in version_ids(r)],
    }
    known = seen or {}  # only the wanted ones are used: seen may hold the whole log
    found = {i: Version(i, known[i].data) for ids in wanted.values() for i in ids if i in known}
    with items.reading(vault) as conn:
        for kind, ids in wanted.items():
            ids = [i for i in ids if i not in found]
            rows = repos.get_items(conn, vault_id=vault.vault_id, kind=kind, item_ids=ids)
            for row in rows.values():
                doc = items.decrypt(vault, kind, row)
                found[doc.id] = Version(doc.id, doc.data)
    entries: list[Entry | None] = []
    for ref in refs:
        if ref.redaction is not None:
            redaction = found.get(ref.redaction)
            entries.append(Entry(ref.entry_id, [], redaction) if redaction else None)
            continue
        ids = version_ids(ref)
        versions = [found[i] for i in ids if i in found]
        entries.append(Entry(ref.entry_id, versions) if ids and len(versions) == len(ids) else None)
    return entries


def _load(
    vault: Vault, ref: log_index.Ref, seen: dict[str, items.Doc] | None = None
) -> Entry | None:
    return _load_many(vault, [ref], seen=seen)[0]


def get_entry(vault: Vault, *, entry_id: str) -> Entry:
    """One entry with every version (or its redaction record)."""
    if is_id(entry_id):
        for _attempt in range(2):  # a second look if it was amended or removed meanwhile
            seen: dict[str, items.Doc] = {}
            ref = log_index.refs(vault, seen=seen).get(entry_id)
            if ref is None:
                break
            entry = _load(vault, ref, seen)
            if entry is not None:
                return entry
    raise NotFoundError(_("That entry is not here."), hint=_("Go back to the log."))


def read_attachment(vault: Vault, *, file_id: str) -> tuple[dict[str, Any], bytes]:
    """An attachment's record and its original bytes."""
    for ref in log_index.refs(vault).values():
        if file_id not in ref.files:
            continue
        entry = _load(vault, ref)
        for version in entry.versions if entry else []:
            for meta in version.data["attachments"]:
                if meta["file_id"] == file_id:
                    with items.reading(vault) as conn:
                        return meta, log_files.read_file(conn, vault, file_id)
    raise NotFoundError(_("That file is not here."), hint=_("It may have been removed."))


def parse_when(text: str, *, now: datetime | None = None) -> datetime:
    """A time as typed: ISO 8601 or "YYYY-MM-DD HH:MM"; no zone means local time.

    An empty value means now.
    """
    text = text.strip()
    if not text:
        return (now or datetime.now(UTC)).astimezone()
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            _("That time is not one Onward can read."),
            hint=_("Write it like 2026-03-01 21:30."),
        ) from None
    try:
        return moment if moment.tzinfo is not None else moment.astimezone()
    except (ValueError, OverflowError):  # a naive time in year 1 cannot be made local
        raise InvalidInputError(
            _("That time is too far in the past or the future."),
            hint=_("Write it like 2026-03-01 21:30."),
        ) from None


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the log page: the latest version only, or the redaction record."""

    entry: Entry  # holds the latest version only
    versions: int
    clock: bool

    @property
    def amended(self) -> bool:
        return self.versions > 1


@dataclass(frozen=True, slots=True)
class Overview:
    """One page of the log (newest first), the chain head, the channel choices."""

    rows: list[Row]
    total: int
    page: int
    pages: int
    head: chain_store.Head
    channels: list[tuple[str, str]]
    now_local: str


def overview(vault: Vault, *, page: int = 1, now: datetime | None = None) -> Overview:
    """Page ``page`` of the log (1 is the newest; past the end, the last page)."""
    moment = (now or datetime.now(UTC)).astimezone()
    seen: dict[str, items.Doc] = {}
    refs = sorted(log_index.refs(vault, seen=seen).values(), key=lambda r: r.sort_key, reverse=True)
    pages = max(1, -(-len(refs) // PER_PAGE))
    page = min(max(page, 1), pages)
    shown = refs[(page - 1) * PER_PAGE : page * PER_PAGE]
    rows = [
        Row(entry, len(ref.versions), ref.clock)
        for ref, entry in zip(
            shown, _load_many(vault, shown, latest_only=True, seen=seen), strict=True
        )
        if entry is not None  # None: removed a moment ago, in another window
    ]
    return Overview(
        rows=rows,
        total=len(refs),
        page=page,
        pages=pages,
        head=chain_store.head(vault),
        channels=channel_choices(),
        now_local=moment.strftime("%Y-%m-%dT%H:%M"),
    )


def channel_choices() -> list[tuple[str, str]]:
    """(value, label) for each channel a person can pick."""
    return [(c, channel_label(c)) for c in CHANNELS]
