"""Imported messages and their warning flags in the JSON API (docs/hosting.md §4).

The same service calls as ``onward messages list|show|mark|dismiss`` and the timeline
pages (``services.timeline``), and the same field names as the CLI's ``--json``: one
page of the timeline at a time, newest first, filtered by flag category, channel and
dates; one message with each flag's reason; the person's own mark; setting a flag
aside or bringing it back. Filters are categories, channels, dates and a numeric
cursor, never content (R2); errors name ids and flag types, never message text (R39).
Text comes as plain strings with bidi controls shown as labels such as ``[U+202E]``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from fastapi import Query
from pydantic import BaseModel, Field

from onward.services import timeline
from onward.services.contact_codes import SHOWN_CATEGORIES
from onward.services.message_text import joined
from onward.web.api_common import ApiVault, new_router

router = new_router()
# Longer than any flag type or channel; the services say which ones exist.
NAME_MAX = 40
CURSOR_MAX = 40

_CATEGORIES = ", ".join(SHOWN_CATEGORIES)


class MessageOut(BaseModel):
    """One message, call or visit as the timeline lists it (``onward messages list``)."""

    id: str
    at: str = Field(description="Local time, YYYY-MM-DD HH:MM, in the timeline's UTC offset.")
    channel: str = Field(description="Where it happened, as a label (WhatsApp, phone call…).")
    kind: str = Field(description="message, call, photo, video or file, app notice…")
    who: str = Field(description="Whose it is: you, the other person, someone else…")
    sender: str
    text: str = Field(description="The start of the text (280 characters at most).")
    flags: list[str] = Field(
        description="Labels of the flags that count: the other person's messages only, "
        "without the ones set aside."
    )


class MessageList(BaseModel):
    messages: list[MessageOut]
    next: str | None = Field(description="Give it as `after` for the next page; null at the end.")


class FlagOut(BaseModel):
    category: str
    label: str
    reason: str
    rule_id: str = Field(description='"person" for a mark set by the person.')
    words: str = Field(description="The words it was found in; empty for marks and the model.")
    dismissed: bool = Field(description="Set aside: it leaves filters, charts and reports.")
    model: bool = Field(description="Found by the second check (a small model), not a rule.")
    mine: bool = Field(description="Marked by the person.")


class MessageDetail(BaseModel):
    """One message in full with all its flags (``onward messages show --json``)."""

    row: MessageOut
    chat: str
    ref: str = Field(description="Where it is in the export (a line or record).")
    text: str
    flags: list[FlagOut]
    call: dict[str, Any] | None
    attachments: list[dict[str, Any]]
    warnings: list[str]
    partner: bool = Field(description="The other person's: only these carry flags and marks.")
    markable: list[tuple[str, str]] = Field(
        description="(category, label) pairs the person may still mark."
    )


class MarkIn(BaseModel):
    category: str = Field(min_length=1, max_length=NAME_MAX, description=_CATEGORIES)
    marked: bool = Field(default=True, description="false takes the person's mark off.")


class DismissIn(BaseModel):
    category: str = Field(
        min_length=1, max_length=NAME_MAX, description="The flag's category: " + _CATEGORIES
    )
    restore: bool = Field(default=False, description="true brings a flag set aside back.")


def _row(row: timeline.Row) -> MessageOut:
    return MessageOut(
        id=row.id,
        at=row.at,
        channel=row.channel,
        kind=row.kind,
        who=row.who,
        sender=row.sender,
        text=joined(row.text),
        flags=row.flags,
    )


def _detail(view: timeline.MessageView) -> MessageDetail:
    return MessageDetail(
        row=_row(view.row),
        chat=view.chat,
        ref=view.ref,
        text=joined(view.text),
        flags=[
            FlagOut(
                category=f.category,
                label=f.label,
                reason=f.reason,
                rule_id=f.rule_id,
                words=joined(f.words),
                dismissed=f.dismissed,
                model=f.model,
                mine=f.mine,
            )
            for f in view.flags
        ],
        call=view.call,
        attachments=view.attachments,
        warnings=view.warnings,
        partner=view.partner,
        markable=view.markable,
    )


# Repeatable filters, each a flag type or channel name (the service refuses others).
Name = Annotated[str, Field(max_length=NAME_MAX)]


@router.get("/messages")
def list_messages(
    vault: ApiVault,
    category: Annotated[list[Name] | None, Query(description=_CATEGORIES)] = None,
    channel: Annotated[list[Name] | None, Query(description=", ".join(timeline.CHANNELS))] = None,
    start: Annotated[date | None, Query(alias="from", description="First day, local time.")] = None,
    end: Annotated[date | None, Query(alias="to", description="Last day (included).")] = None,
    after: Annotated[
        str | None, Query(max_length=CURSOR_MAX, description="`next` of the page before.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=timeline.MAX_PAGE_SIZE)] = timeline.PAGE_SIZE,
) -> MessageList:
    """The timeline, newest first, with each message's flags; filters as ``onward
    messages list`` (``category`` and ``channel`` repeat)."""
    query = timeline.make_query(
        categories=category or [],
        channels=channel or [],
        start=start.isoformat() if start else "",
        end=end.isoformat() if end else "",
    )
    page = timeline.page(vault, query, cursor=after, limit=limit)
    return MessageList(messages=[_row(r) for r in page.rows], next=page.next_cursor)


@router.get("/messages/{message_id}")
def get_message(vault: ApiVault, message_id: str) -> MessageDetail:
    """One message in full, with the reason for each flag."""
    return _detail(timeline.message(vault, message_id))


@router.post("/messages/{message_id}/mark")
def mark_message(vault: ApiVault, message_id: str, body: MarkIn) -> MessageDetail:
    """Mark one of the other person's messages yourself, or take the mark off."""
    timeline.set_own_mark(vault, message_id, category=body.category, marked=body.marked)
    return _detail(timeline.message(vault, message_id))


@router.post("/messages/{message_id}/dismiss")
def dismiss_flag(vault: ApiVault, message_id: str, body: DismissIn) -> MessageDetail:
    """Set a flag aside (it leaves filters, charts and reports), or bring it back."""
    timeline.set_dismissed(vault, message_id, category=body.category, dismissed=not body.restore)
    return _detail(timeline.message(vault, message_id))
