"""What a report covers, read from the vault once: entries, flagged messages, imports, chain.

Imports are read defensively: the import service owns the ``imports`` rows and
their body format. This module expects the body to be the JSON document
encrypted with the vault's record cipher (associated data
``imports/<id>/body``), with provenance fields such as ``file_name``, ``sha256``,
``parser``, ``parser_version``, ``imported_at`` and ``counts``, and the import's
batch key as ``key`` (hex or base64) or ``wrapped_key`` (wrapped by the vault
key). Anything missing is shown as unknown; messages whose key cannot be found
are counted as unreadable rather than dropped silently.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from onward.errors import IntegrityError, InvalidInputError, repeatable
from onward.evidence.chain import Link
from onward.i18n import gettext as _
from onward.report.texts import category_label
from onward.services import chain_store, contacts, evidence_log, items
from onward.services.contact_codes import SHOWN_CATEGORIES
from onward.services.contacts import CATEGORY_BITS, Contact
from onward.services.evidence_log import Entry
from onward.services.vault import Vault
from onward.store import contacts_repo, crypto, provenance_repo
from onward.store.contacts_repo import ContactFilter
from onward.store.crypto import BatchCipher, SecretKey

PAGE = 1000
ALL_CATEGORIES = sum(CATEGORY_BITS.values())


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What to include: local dates (inclusive), flag categories, whether to hide names."""

    start: date | None = None
    end: date | None = None
    categories: tuple[str, ...] = ()
    redact_names: bool = False

    def scope(self) -> dict[str, Any]:
        """The options as recorded in the export's chain event."""
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "categories": list(self.categories),
            "names_removed": self.redact_names,
        }


@dataclass(frozen=True, slots=True)
class ImportInfo:
    import_id: str
    file_sha256: str
    doc: dict[str, Any]
    cipher: BatchCipher | None


@dataclass(slots=True)
class ReportData:
    options: ReportOptions
    entries: list[Entry] = field(default_factory=list)
    redactions: list[Entry] = field(default_factory=list)
    messages: list[Contact] = field(default_factory=list)
    imports: list[ImportInfo] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    per_day: list[tuple[date, int]] = field(default_factory=list)
    by_channel: list[tuple[str, int]] = field(default_factory=list)
    unreadable: int = 0


def parse_categories(text: str) -> tuple[str, ...]:
    """'threat,control' -> ('threat', 'control'); unknown names are refused."""
    names = tuple(dict.fromkeys(n.strip() for n in text.split(",") if n.strip()))
    unknown = [n for n in names if n not in CATEGORY_BITS]
    if unknown:
        raise InvalidInputError(
            _("Unknown flag type: %(name)s") % {"name": unknown[0]}
            if repeatable(unknown[0])
            else _("Unknown flag type."),
            hint=", ".join(CATEGORY_BITS),
        )
    return names


def local_midnight(day: date) -> datetime:
    """Midnight of a local calendar day, with the zone offset in force that day."""
    return datetime.combine(day, time(), tzinfo=UTC).replace(tzinfo=None).astimezone()


def bounds(options: ReportOptions) -> tuple[datetime | None, datetime | None]:
    """The period as aware datetimes: [start, end) in local time."""
    if options.start and options.end and options.end < options.start:
        raise InvalidInputError(
            _("The end date is before the start date."), hint=_("Swap the two dates.")
        )
    try:
        start = local_midnight(options.start) if options.start else None
        end = local_midnight(options.end + timedelta(days=1)) if options.end else None
    except (ValueError, OverflowError):  # year 1 or 9999 cannot be made local time
        raise InvalidInputError(
            _("That date is too far in the past or the future."),
            hint=_("Leave it empty to include everything, or write it like 2026-03-01."),
        ) from None
    return start, end


def _in_period(moment: datetime, start: datetime | None, end: datetime | None) -> bool:
    return (start is None or moment >= start) and (end is None or moment < end)


def _raw_key(value: object) -> bytes | None:
    if not isinstance(value, str):
        return None
    for decode in (bytes.fromhex, base64.b64decode, base64.urlsafe_b64decode):
        try:
            raw = decode(value)
        except (ValueError, binascii.Error):
            continue
        if len(raw) == crypto.KEY_BYTES:
            return raw
    return None


def _import_cipher(vault: Vault, import_id: str, doc: dict[str, Any]) -> BatchCipher | None:
    raw = _raw_key(doc.get("key"))
    if raw is None and isinstance(doc.get("wrapped_key"), str):
        try:
            wrapped = base64.b64decode(doc["wrapped_key"])
            aad = crypto.record_aad(vault.vault_id, "imports", import_id, "key")
            key = crypto.unwrap_key(vault.dek, wrapped, aad)
            raw = key.raw()
            key.wipe()
        except (ValueError, binascii.Error, IntegrityError):
            raw = None
    return BatchCipher(SecretKey(raw)) if raw else None


def read_imports(vault: Vault) -> list[ImportInfo]:
    """Every import's provenance (and key, when it can be found)."""
    with items.reading(vault) as conn:
        rows = provenance_repo.list_imports(conn, vault_id=vault.vault_id)
    found: list[ImportInfo] = []
    for row in rows:
        aad = crypto.record_aad(vault.vault_id, "imports", row.id, "body")
        try:
            doc = json.loads(vault.cipher.decrypt(row.body, aad))
        except (IntegrityError, ValueError):
            doc = {}
        doc = doc if isinstance(doc, dict) else {}
        found.append(ImportInfo(row.id, row.file_sha256, doc, _import_cipher(vault, row.id, doc)))
    return sorted(found, key=lambda i: str(i.doc.get("imported_at", "")))


def _flagged(
    vault: Vault, imports: list[ImportInfo], where: ContactFilter
) -> tuple[list[Contact], int]:
    ciphers = {i.import_id: i.cipher for i in imports if i.cipher is not None}
    out: list[Contact] = []
    unreadable = 0
    after: tuple[int, int] | None = None
    while True:
        with items.reading(vault) as conn:
            rows = contacts_repo.page(
                conn, vault_id=vault.vault_id, where=where, limit=PAGE, after=after
            )
        for row in rows:
            if row.import_id is not None and row.import_id not in ciphers:
                unreadable += 1
                continue
            try:
                out.append(contacts.decrypt_row(vault, row, ciphers))
            except IntegrityError:
                unreadable += 1
        if len(rows) < PAGE:
            return out, unreadable
        after = (rows[-1].ts, rows[-1].seq)


def _per_day(
    vault: Vault, where: ContactFilter, start: datetime | None, end: datetime | None
) -> list[tuple[date, int]]:
    offset = int((datetime.now(UTC).astimezone().utcoffset() or timedelta()).total_seconds())
    with items.reading(vault) as conn:
        counted = contacts_repo.count_by_day(
            conn, vault_id=vault.vault_id, where=where, offset_s=offset
        )
    by_day = {date(1970, 1, 1) + timedelta(days=d): n for d, n in counted}
    first = start.date() if start else min(by_day, default=None)
    last = (end - timedelta(seconds=1)).date() if end else max(by_day, default=None)
    if first is None or last is None:
        return []
    span = min((last - first).days, 3660)  # ten years of bars at most
    return [
        (first + timedelta(days=i), by_day.get(first + timedelta(days=i), 0))
        for i in range(span + 1)
    ]


def gather(vault: Vault, options: ReportOptions) -> ReportData:
    """Read everything the report and the export need, in one pass."""
    start, end = bounds(options)
    data = ReportData(options)
    for entry in evidence_log.list_entries(vault):
        if entry.redaction is not None:
            if _in_period(entry.sort_key, start, end):
                data.redactions.append(entry)
        elif _in_period(entry.latest.occurred_at, start, end):
            data.entries.append(entry)
    data.entries.sort(key=lambda e: e.latest.occurred_at)
    data.redactions.sort(key=lambda e: e.sort_key)
    data.imports = read_imports(vault)
    start_ts = int(start.timestamp()) if start else None
    end_ts = int(end.timestamp()) if end else None
    everything = ContactFilter(start_ts=start_ts, end_ts=end_ts)
    wanted = contacts.bits_for(options.categories) or ALL_CATEGORIES
    flagged = ContactFilter(start_ts=start_ts, end_ts=end_ts, categories=wanted)
    data.messages, data.unreadable = _flagged(vault, data.imports, flagged)
    data.per_day = _per_day(vault, everything, start, end)
    with items.reading(vault) as conn:
        data.by_channel = contacts_repo.count_by_channel(
            conn, vault_id=vault.vault_id, where=everything
        )
    data.links = _checked_chain(vault)
    return data


def _checked_chain(vault: Vault) -> list[Link]:
    """The chain, verified: an export that would fail its own check is refused."""
    check = chain_store.verify_vault_chain(vault)
    if not check.ok:
        raise IntegrityError(
            _("The log's chain of fingerprints does not verify at link %(n)s.")
            % {"n": check.first_bad},
            hint=_("Nothing was exported. Restore a backup made before the damage."),
        )
    return chain_store.read_chain(vault)


def parse_date(text: str) -> date | None:
    """A date typed as YYYY-MM-DD; empty means no limit."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInputError(
            _("That date is not one Onward can read."), hint=_("Write it like 2026-03-01.")
        ) from None


def make_options(
    *, start: str = "", end: str = "", categories: str = "", redact_names: bool = False
) -> ReportOptions:
    """Options from typed values (the CLI and the report page share this)."""
    options = ReportOptions(
        start=parse_date(start),
        end=parse_date(end),
        categories=parse_categories(categories),
        redact_names=redact_names,
    )
    bounds(options)  # refuses an end before the start
    return options


def category_choices() -> list[tuple[str, str]]:
    """(value, label) for every flag category a reported message can carry."""
    return [(name, category_label(name)) for name in SHOWN_CATEGORIES]
