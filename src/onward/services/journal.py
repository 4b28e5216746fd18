"""The private journal: write, read, edit and delete entries.

Journal entries are outside the evidence chain and are never exported by
default (security.md R29); deleting one removes it for good (R23, R24).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from onward.errors import InvalidInputError, NotFoundError
from onward.i18n import gettext as _
from onward.services import items
from onward.services.fields import is_blank
from onward.services.vault import Vault

KIND = "note"
MAX_CHARS = 100_000
PAGE_SIZE = 50


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    seq: int
    text: str
    created_at: datetime
    updated_at: datetime | None


@dataclass(frozen=True, slots=True)
class EntryPage:
    entries: list[Entry]
    next_before: int | None  # pass as ``before`` for the next (older) page
    total: int


def _validate(text: str) -> str:
    if is_blank(text):
        raise InvalidInputError(_("The entry is empty."), hint=_("Write something, then save."))
    if len(text) > MAX_CHARS:
        raise InvalidInputError(
            _("The entry is too long ({n} characters at most).").format(n=MAX_CHARS),
            hint=_("Split it into two entries."),
        )
    return text


def _entry(doc: items.Doc) -> Entry:
    updated = doc.data.get("updated")
    return Entry(
        id=doc.id,
        seq=doc.seq,
        text=doc.data["text"],
        created_at=datetime.fromisoformat(doc.data["created"]),
        updated_at=datetime.fromisoformat(updated) if updated else None,
    )


def add_entry(vault: Vault, *, text: str, now: datetime | None = None) -> Entry:
    created = (now or datetime.now(UTC)).isoformat()
    doc = items.add(vault, kind=KIND, data={"text": _validate(text), "created": created})
    return _entry(doc)


def list_entries(vault: Vault, *, before: int | None = None, limit: int = PAGE_SIZE) -> EntryPage:
    docs = items.page(vault, kind=KIND, limit=limit + 1, before_seq=before)
    more = len(docs) > limit
    docs = docs[:limit]
    return EntryPage(
        entries=[_entry(d) for d in docs],
        next_before=docs[-1].seq if more and docs else None,
        total=items.count(vault, kind=KIND),
    )


def all_entries(vault: Vault) -> list[Entry]:
    out: list[Entry] = []
    before: int | None = None
    while True:
        page = list_entries(vault, before=before, limit=500)
        out.extend(page.entries)
        if page.next_before is None:
            return out
        before = page.next_before


def get_entry(vault: Vault, *, entry_id: str) -> Entry:
    doc = items.get(vault, kind=KIND, item_id=entry_id)
    if doc is None:
        raise NotFoundError(_("That entry was not found."), hint=_("It may have been deleted."))
    return _entry(doc)


def edit_entry(vault: Vault, *, entry_id: str, text: str, now: datetime | None = None) -> Entry:
    current = get_entry(vault, entry_id=entry_id)
    data = {
        "text": _validate(text),
        "created": current.created_at.isoformat(),
        "updated": (now or datetime.now(UTC)).isoformat(),
    }
    items.replace_data(vault, kind=KIND, item_id=entry_id, data=data)
    return get_entry(vault, entry_id=entry_id)


def delete_entry(vault: Vault, *, entry_id: str) -> None:
    if not items.remove(vault, kind=KIND, item_id=entry_id):
        raise NotFoundError(_("That entry was not found."), hint=_("It may have been deleted."))
