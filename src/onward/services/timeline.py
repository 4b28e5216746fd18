"""The contact timeline: filtered pages (newest first), one message with its flags, dismissing,
and the person's own marks.

Only the rows on the page are decrypted; filters work on the plaintext index columns
(time, channel, role, flag bits). Flags are stored for every sender but shown, filtered
and counted for the ex-partner's messages only. A dismissed flag stays stored (with its
reason) but no longer counts: it leaves category filters, charts and reports.

Flags miss things (``docs/flags.md`` has the figures: about a third of the threats in
text nobody tuned on), so the person can mark one of the other person's messages
themselves. A mark is a flag like the others (``rule_id`` ``"person"``, no words, no
score): it counts in filters, charts and reports, where it reads "marked by you", and
the person can take it off again. A category Onward already flagged and the person set
aside is brought back instead of marked twice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Final

from onward.errors import InvalidInputError, NotFoundError, repeatable
from onward.i18n import gettext as _
from onward.model import Channel
from onward.report.texts import category_label, channel_label
from onward.services import conversations, imports, items, timeline_figures, timeline_prefs
from onward.services.contact_codes import SHOWN_CATEGORIES
from onward.services.contacts import (
    CATEGORY_BITS,
    PERSON_RULE,
    ROLE_PARTNER,
    Contact,
    bits_for,
    categories_of,
    contact_aad,
    decrypt_row,
    encode_body,
    is_model_flag,
    is_person_mark,
)
from onward.services.conversations import ChatRef
from onward.services.message_text import Piece, pieces
from onward.services.timeline_prefs import Clock
from onward.services.vault import Vault
from onward.store import contacts_repo, timeline_repo
from onward.store.contacts_repo import ContactFilter, ContactRow
from onward.store.ids import is_id

PAGE_SIZE: Final = 50
MAX_PAGE_SIZE: Final = 500  # the most one API call may ask for (``page(limit=...)``)
# contacts.ts and contacts.seq are 64-bit (migration 0011). Every day of years 1 to 9999 is
# a timestamp well inside that range, so date filters need no clamping; a cursor comes from
# a URL and must fit it, because PostgreSQL answers a bound past ``bigint`` with an error,
# not with an empty page.
INT64_MIN: Final = -(2**63)
INT64_MAX: Final = 2**63 - 1
# "<ts>.<seq>": ts is negative before 1970; ASCII digits only ("²" and "١" are digits too).
_CURSOR: Final = re.compile(r"(-?[0-9]{1,19})\.([0-9]{1,19})")
EXCERPT_CHARS: Final = 280
# The person's own drafts are checked for begging elsewhere; imported messages never are.
CHANNELS: Final = tuple(str(c) for c in Channel)


@dataclass(frozen=True, slots=True)
class TimelineQuery:
    """Filters: flag categories, channels, local dates (inclusive). No content."""

    categories: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None


def make_query(
    *,
    categories: list[str] | tuple[str, ...] = (),
    channels: list[str] | tuple[str, ...] = (),
    start: str = "",
    end: str = "",
) -> TimelineQuery:
    """A query from typed or submitted values; unknown names are refused."""
    cats = tuple(dict.fromkeys(c for c in categories if c))
    chans = tuple(dict.fromkeys(c for c in channels if c))
    bad = [c for c in cats if c not in SHOWN_CATEGORIES] + [c for c in chans if c not in CHANNELS]
    if bad:
        raise InvalidInputError(
            _("Unknown filter: %(name)s") % {"name": bad[0]},
            hint=", ".join((*SHOWN_CATEGORIES, *CHANNELS)),
        )
    first, last = timeline_prefs.parse_day(start), timeline_prefs.parse_day(end)
    if first and last and last < first:
        raise InvalidInputError(
            _("The end date is before the start date."), hint=_("Swap the two dates.")
        )
    return TimelineQuery(cats, chans, first, last)


def contact_filter(query: TimelineQuery, clock: Clock) -> ContactFilter:
    """The store filter for a query: local dates become [start, end) in UTC seconds.

    Far days select what they say (everything before or after): year 1 is a timestamp like
    any other, and a range that ends on 9999-12-31, the last day ``date`` holds, is open.
    """
    start = timeline_figures.local_midnight(query.start, clock) if query.start else None
    end = (
        timeline_figures.local_midnight(query.end + timedelta(days=1), clock)
        if query.end and query.end < date.max
        else None
    )
    return ContactFilter(
        start_ts=int(start.timestamp()) if start else None,
        end_ts=int(end.timestamp()) if end else None,
        channels=query.channels,
        roles=(ROLE_PARTNER,) if query.categories else (),
        categories=bits_for(query.categories),
    )


@dataclass(frozen=True, slots=True)
class Row:
    """One contact in the list."""

    id: str
    at: str
    channel: str
    kind: str
    who: str
    sender: str
    text: list[Piece]
    flags: list[str]


@dataclass(frozen=True, slots=True)
class TimelinePage:
    query: TimelineQuery
    clock: Clock
    rows: list[Row]
    next_cursor: str | None
    unmapped: list[ChatRef] = field(default_factory=list)
    no_contact: date | None = None


def parse_cursor(text: str | None) -> tuple[int, int] | None:
    """ "<ts>.<seq>" as written by ``page`` (numbers only; no content in URLs)."""
    if not text:
        return None
    match = _CURSOR.fullmatch(text)
    cursor = (int(match[1]), int(match[2])) if match else None
    if cursor is None or not all(INT64_MIN <= n <= INT64_MAX for n in cursor):
        raise InvalidInputError(_("That page link is not valid."), hint=_("Start from the top."))
    return cursor


def _shown_flags(contact: Contact) -> list[str]:
    if contact.role != ROLE_PARTNER:
        return []
    return [category_label(c) for c in categories_of(contact.flags & ~contact.dismissed)]


def _decrypt(vault: Vault, rows: list[ContactRow]) -> list[Contact]:
    with items.reading(vault) as conn:
        wanted = {r.import_id for r in rows if r.import_id is not None}
        ciphers = imports.ciphers_for(conn, vault, wanted)
    return [decrypt_row(vault, row, ciphers) for row in rows]


def _when(ts: datetime, clock: Clock) -> str:
    return ts.astimezone(clock.tz).strftime("%Y-%m-%d %H:%M")


def _row(contact: Contact, clock: Clock) -> Row:
    return Row(
        id=contact.id,
        at=_when(contact.ts, clock),
        channel=channel_label(contact.channel),
        kind=kind_label(contact.kind),
        who=conversations.role_label(contact.role),
        sender=contact.sender or "",
        text=pieces(contact.text, limit=EXCERPT_CHARS),
        flags=_shown_flags(contact),
    )


def page(
    vault: Vault, query: TimelineQuery, *, cursor: str | None = None, limit: int | None = None
) -> TimelinePage:
    """One page of the timeline, newest first, and the cursor of the next page.

    Args:
        limit: rows on the page, 1 to ``MAX_PAGE_SIZE``; ``PAGE_SIZE`` when not given.
    """
    size = PAGE_SIZE if limit is None else limit
    if not 1 <= size <= MAX_PAGE_SIZE:
        raise InvalidInputError(
            _("A page holds 1 to %(most)d messages.") % {"most": MAX_PAGE_SIZE},
            hint=_("Ask for fewer, and go on with the next page."),
        )
    prefs = timeline_prefs.load(vault)
    clock = timeline_prefs.clock(prefs)
    where = contact_filter(query, clock)
    before = parse_cursor(cursor)
    with items.reading(vault) as conn:
        rows = timeline_repo.page_newest_first(
            conn, vault_id=vault.vault_id, where_=where, limit=size + 1, before=before
        )
    more = len(rows) > size
    rows = rows[:size]
    contacts = _decrypt(vault, rows)
    return TimelinePage(
        query=query,
        clock=clock,
        rows=[_row(c, clock) for c in contacts],
        next_cursor=f"{rows[-1].ts}.{rows[-1].seq}" if more else None,
        unmapped=conversations.unmapped(vault),
        no_contact=timeline_prefs.no_contact_day(vault, prefs),
    )


def kind_label(kind: str) -> str:
    return {
        "text": _("message"),
        "media": _("photo, video or file"),
        "call": _("call"),
        "system": _("app notice"),
        "deleted": _("deleted message"),
    }.get(kind, kind)


@dataclass(frozen=True, slots=True)
class FlagView:
    category: str
    label: str
    reason: str
    rule_id: str
    words: list[Piece]
    dismissed: bool
    model: bool = False  # found by the second check (a model), not by a rule
    mine: bool = False  # marked by the person themselves


@dataclass(frozen=True, slots=True)
class MessageView:
    row: Row
    chat: str
    ref: str
    text: list[Piece]
    flags: list[FlagView]
    call: dict[str, Any] | None
    attachments: list[dict[str, Any]]
    warnings: list[str]
    partner: bool
    markable: list[tuple[str, str]]  # (value, label): categories the person may mark


def _load(vault: Vault, contact_id: str) -> Contact:
    if is_id(contact_id):
        with items.reading(vault) as conn:
            row = timeline_repo.get_row(conn, vault_id=vault.vault_id, contact_id=contact_id)
        if row is not None:
            return _decrypt(vault, [row])[0]
    raise NotFoundError(_("That message is not here."), hint=_("Go back to the timeline."))


def _flag_view(contact: Contact, flag: dict[str, Any]) -> FlagView:
    span = flag.get("span")  # null for the second check's flags: no words to mark
    words = pieces(contact.text[span[0] : span[1]]) if span else []
    return FlagView(
        category=str(flag["category"]),
        label=category_label(str(flag["category"])),
        reason=str(flag["reason"]),
        rule_id=str(flag.get("rule_id", "")),
        words=words,
        dismissed=bool(CATEGORY_BITS.get(flag["category"], 0) & contact.dismissed),
        model=is_model_flag(flag),
        mine=is_person_mark(flag),
    )


def message(vault: Vault, contact_id: str) -> MessageView:
    """One message in full, with each flag's reason and its words marked."""
    contact = _load(vault, contact_id)
    clock = timeline_prefs.clock(timeline_prefs.load(vault))
    partner = contact.role == ROLE_PARTNER
    flags = [_flag_view(contact, f) for f in contact.body.get("flags", [])] if partner else []
    present = {f.category for f in flags}
    spans = [
        (f["span"][0], f["span"][1])
        for f, view in zip(contact.body.get("flags", []), flags, strict=False)
        if f.get("span") and not view.dismissed
    ]
    return MessageView(
        row=_row(contact, clock),
        chat=str(contact.body.get("conv") or ""),
        ref=str(contact.body.get("ref") or ""),
        text=pieces(contact.text, spans),
        flags=flags,
        call=contact.body.get("call"),
        attachments=list(contact.body.get("attachments") or []),
        warnings=[str(w) for w in contact.body.get("warnings") or []],
        partner=partner,
        markable=[(c, label) for c, label in category_choices() if c not in present]
        if partner
        else [],
    )


def _unknown_category(category: str) -> InvalidInputError:
    return InvalidInputError(
        _("Unknown flag type: %(name)s") % {"name": category}
        if repeatable(category)
        else _("Unknown flag type."),
        hint=_("Use one of: %(names)s.") % {"names": ", ".join(SHOWN_CATEGORIES)},
    )


def set_dismissed(vault: Vault, contact_id: str, *, category: str, dismissed: bool) -> None:
    """Dismiss (or bring back) one flag of one message.

    Only a flag the message has can be set aside: setting aside a category in advance
    would hide a later flag of that kind (from the second check) before anyone saw it.
    """
    bit = CATEGORY_BITS.get(category)
    if bit is None:
        raise _unknown_category(category)
    if not is_id(contact_id):
        raise NotFoundError(_("That message is not here."), hint=_("Go back to the timeline."))
    with items.transaction(vault) as conn:
        row = timeline_repo.get_row(conn, vault_id=vault.vault_id, contact_id=contact_id)
        if row is None:
            raise NotFoundError(_("That message is not here."), hint=_("Go back to the timeline."))
        if dismissed and not row.flags & bit:
            raise InvalidInputError(
                _("This message has no flag of that type to set aside."),
                hint=_("Set aside one of the flags the message shows."),
            )
        bits = row.dismissed | bit if dismissed else row.dismissed & ~bit
        contacts_repo.set_dismissed(conn, vault_id=vault.vault_id, contact_id=row.id, bits=bits)
        timeline_figures.invalidate(conn, vault)


def set_own_mark(vault: Vault, contact_id: str, *, category: str, marked: bool) -> None:
    """Mark one of the other person's messages yourself, or take your mark off.

    Marking a category Onward flagged and the person set aside brings that flag back.
    """
    if category not in SHOWN_CATEGORIES:
        raise _unknown_category(category)
    if not is_id(contact_id):
        raise NotFoundError(_("That message is not here."), hint=_("Go back to the timeline."))
    bit = CATEGORY_BITS[category]
    with items.transaction(vault) as conn:
        row = timeline_repo.get_row(conn, vault_id=vault.vault_id, contact_id=contact_id)
        if row is None:
            raise NotFoundError(_("That message is not here."), hint=_("Go back to the timeline."))
        if row.role != ROLE_PARTNER:
            raise InvalidInputError(
                _("Only the other person's messages can be marked."),
                hint=_("If this is their message, say who is who in this chat first."),
            )
        wanted = {row.import_id} if row.import_id is not None else set()
        ciphers = imports.ciphers_for(conn, vault, wanted)
        try:
            body = decrypt_row(vault, row, ciphers).body
            flags: list[dict[str, Any]] = list(body.get("flags") or [])
            same = [f for f in flags if f["category"] == category]
            dismissed = row.dismissed
            if marked and same:
                dismissed &= ~bit  # Onward found it, the person had set it aside: bring it back
            elif marked:
                flags.append(
                    {
                        "category": category,
                        "reason": _("You marked this message."),
                        "span": None,
                        "rule_id": PERSON_RULE,
                    }
                )
            else:
                flags = [f for f in flags if not (f["category"] == category and is_person_mark(f))]
            if len(flags) != len(body.get("flags") or []):
                body["flags"] = flags
                aad = contact_aad(vault.vault_id, row.id)
                cipher = ciphers.get(row.import_id or "", vault.cipher)
                found = bits_for({str(f["category"]) for f in flags})
                contacts_repo.set_body(
                    conn,
                    vault_id=vault.vault_id,
                    contact_id=row.id,
                    body=cipher.encrypt(encode_body(body), aad),
                    flags=(row.flags & ~bit) | (found & bit),
                )
            if dismissed != row.dismissed:
                contacts_repo.set_dismissed(
                    conn, vault_id=vault.vault_id, contact_id=row.id, bits=dismissed
                )
            timeline_figures.invalidate(conn, vault)
        finally:
            for c in ciphers.values():
                c.wipe()


def save_settings(vault: Vault, *, offset: str, no_contact: str) -> None:
    """Save the UTC offset and the no-contact date typed on the timeline page."""
    prefs = timeline_prefs.TimelinePrefs(
        utc_offset_min=timeline_prefs.parse_offset(offset),
        no_contact=timeline_prefs.parse_day(no_contact),
    )
    timeline_prefs.save(vault, prefs)
    with items.transaction(vault) as conn:
        timeline_figures.invalidate(conn, vault)


def category_choices() -> list[tuple[str, str]]:
    """(value, label) for every flag category shown on imported messages."""
    return [(c, category_label(c)) for c in SHOWN_CATEGORIES]


def channel_choices() -> list[tuple[str, str]]:
    return [(c, channel_label(c)) for c in CHANNELS]
