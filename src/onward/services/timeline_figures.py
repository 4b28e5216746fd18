"""Timeline figures (bursts, night share, unanswered runs, no-contact, week-over-week) and
the prompt to retake the danger screen when threats or contact rise.

The figures come from ``analysis.timeline`` over lightweight ``ContactEvent`` values built
from index columns only (time, channel, kind, role, flag bits): no message is decrypted.
They cover a bounded window (the ``WINDOW_DAYS`` up to the newest contact from the
ex-partner, at most ``MAX_EVENTS`` records), so a million stored messages cost the same as
a few weeks' worth. Calls count as not picked up: answered calls are not an index column.

Results are cached in one encrypted item and recomputed when rows are added (the table's
highest row number changes), when roles, dismissals or settings change (``invalidate``),
or after ``CACHE_SECONDS``.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Final

from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError

from onward.analysis.timeline import (
    ContactEvent,
    NightShare,
    TimelineSummary,
    WeeklyChange,
    contact_after,
    find_bursts,
    night_share,
    should_prompt_rescreen,
    unanswered_runs,
    weekly_change,
)
from onward.services import items, timeline_prefs
from onward.services.contacts import ROLE_ME, ROLE_PARTNER, categories_of
from onward.services.timeline_prefs import Clock
from onward.services.vault import Vault
from onward.store import repos, timeline_repo

CACHE_KIND: Final = "tlcache"
CACHE_SECONDS: Final = 300
WINDOW_DAYS: Final = 90
# Contacts dated further ahead of now than this are left out of where windows end.
FUTURE_SLACK: Final = timedelta(days=1)
RESCREEN_DAYS: Final = 42  # two weeks to compare, and four before a no-contact date
MAX_EVENTS: Final = 200_000
SHOWN: Final = 5
SCREEN_PATH: Final = "/check"


@dataclass(frozen=True, slots=True)
class Figures:
    """What the timeline page shows above the list (times are ISO 8601, local offset)."""

    mapped: bool = False
    window_from: str | None = None
    window_to: str | None = None
    contacts: int = 0
    calls: int = 0
    capped: bool = False
    bursts: list[dict[str, Any]] = field(default_factory=list)
    burst_count: int = 0
    night: int = 0
    night_total: int = 0
    unanswered: list[dict[str, Any]] = field(default_factory=list)
    contact_change: tuple[int, int] = (0, 0)
    threat_change: tuple[int, int] = (0, 0)
    no_contact: dict[str, Any] | None = None
    rescreen: list[str] = field(default_factory=list)

    @property
    def night_percent(self) -> int:
        return round(100 * self.night / self.night_total) if self.night_total else 0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Figures:
        data = dict(data)
        data["contact_change"] = tuple(data["contact_change"])
        data["threat_change"] = tuple(data["threat_change"])
        return cls(**data)


@dataclass(frozen=True, slots=True)
class RescreenPrompt:
    """Why retaking the danger screen is suggested, and where it is."""

    reasons: list[str]
    link: str = SCREEN_PATH


def _events(rows: list[tuple[int, str, str, int, int]]) -> list[ContactEvent]:
    cats: dict[int, frozenset[str]] = {}
    out = []
    for ts, channel, kind, role, bits in rows:
        found = cats.get(bits)
        if found is None:
            found = cats[bits] = frozenset(categories_of(bits))
        when = datetime.fromtimestamp(ts, UTC)
        out.append(ContactEvent(when, channel, kind, role == ROLE_PARTNER, None, found))
    return out


def _window(conn: Connection, vault: Vault, start: int, end: int) -> list[ContactEvent]:
    rows = timeline_repo.event_rows(
        conn,
        vault_id=vault.vault_id,
        start_ts=start,
        end_ts=end,
        roles=(ROLE_PARTNER, ROLE_ME),
        limit=MAX_EVENTS,
    )
    return _events(rows)


def _span(start: datetime, end: datetime, contacts: int, clock: Clock) -> dict[str, Any]:
    return {
        "start": start.astimezone(clock.tz).isoformat(),
        "end": end.astimezone(clock.tz).isoformat(),
        "contacts": contacts,
    }


def _rescreen(
    conn: Connection, vault: Vault, *, now: datetime, nc_at: datetime | None
) -> list[str]:
    end = int(now.timestamp())
    start = end - RESCREEN_DAYS * 86_400
    if nc_at is not None:
        start = min(start, int(nc_at.timestamp()) - RESCREEN_DAYS * 86_400)
    events = _window(conn, vault, start, end)
    summary = TimelineSummary(
        per_day=[],
        bursts=[],
        night=NightShare(0, 0),
        unanswered_runs=[],
        contact_change=weekly_change(events, as_of=now),
        threat_change=weekly_change(events, as_of=now, category="threat"),
        hour_weekday=(),
        no_contact=contact_after(events, nc_at, as_of=now) if nc_at is not None else None,
    )
    return should_prompt_rescreen(summary)[1]


def local_midnight(day: date, clock: Clock) -> datetime:
    return datetime.combine(day, time(), tzinfo=clock.tz)


def window_end(conn: Connection, vault: Vault, *, now: datetime) -> int | None:
    """Where the figures and the charts end by default: the newest of the other person's
    contacts, leaving out any dated more than a day after ``now``.

    A phone with a wrong clock can date a message years ahead; ending the window there
    would leave it empty. Such a message stays on the timeline and in reports; it counts
    in the figures only if nothing else is left."""
    vid, partner = vault.vault_id, (ROLE_PARTNER,)
    limit = int((now + FUTURE_SLACK).timestamp())
    found = timeline_repo.newest_ts(conn, vault_id=vid, roles=partner, not_after=limit)
    if found is None:
        found = timeline_repo.newest_ts(conn, vault_id=vid, roles=partner)
    return found


def compute(
    conn: Connection, vault: Vault, *, clock: Clock, no_contact: date | None, now: datetime
) -> Figures:
    """Every figure, from index columns only."""
    nc_at = local_midnight(no_contact, clock) if no_contact else None
    rescreen = _rescreen(conn, vault, now=now, nc_at=nc_at)
    newest = window_end(conn, vault, now=now)
    if newest is None:
        return Figures(rescreen=rescreen)
    events = _window(conn, vault, newest - WINDOW_DAYS * 86_400, newest)
    partner = [e for e in events if e.from_partner]
    end = datetime.fromtimestamp(newest, UTC)
    bursts = find_bursts(events)
    night = night_share(events, tz=clock.tz)
    runs = unanswered_runs(events, min_length=2)
    contact: WeeklyChange = weekly_change(events, as_of=end)
    threats = weekly_change(events, as_of=end, category="threat")
    nc = contact_after(events, nc_at, as_of=end) if nc_at is not None else None
    return Figures(
        mapped=True,
        window_from=events[0].ts.astimezone(clock.tz).isoformat() if events else None,
        window_to=end.astimezone(clock.tz).isoformat(),
        contacts=len(partner),
        calls=sum(1 for e in partner if e.is_call),
        capped=len(events) >= MAX_EVENTS,
        bursts=[
            _span(b.start, b.end, b.contacts, clock)
            for b in sorted(bursts, key=lambda b: (-b.contacts, b.start))[:SHOWN]
        ],
        burst_count=len(bursts),
        night=night.night,
        night_total=night.total,
        unanswered=[_span(r.start, r.end, r.contacts, clock) for r in runs[:SHOWN]],
        contact_change=(contact.last, contact.previous),
        threat_change=(threats.last, threats.previous),
        no_contact=(
            {
                "since": nc.since.date().isoformat(),
                "before": nc.before,
                "after": nc.after,
                "rate_before": round(nc.rate_before, 1),
                "rate_after": round(nc.rate_after, 1),
            }
            if nc is not None
            else None
        ),
        rescreen=rescreen,
    )


def _cache_row(conn: Connection, vault: Vault) -> repos.ItemRow | None:
    rows = repos.list_items(conn, vault_id=vault.vault_id, kind=CACHE_KIND, limit=1)
    return rows[0] if rows else None


def invalidate(conn: Connection, vault: Vault) -> None:
    """Forget cached figures (inside the caller's transaction)."""
    row = _cache_row(conn, vault)
    if row is not None:
        body = items.encrypt(vault, CACHE_KIND, row.id, {})
        repos.update_item(conn, vault_id=vault.vault_id, kind=CACHE_KIND, item_id=row.id, body=body)


def _cache_key(clock: Clock, no_contact: date | None) -> list[Any]:
    return [clock.offset_s, no_contact.isoformat() if no_contact else None]


def figures(vault: Vault, *, now: datetime | None = None) -> Figures:
    """The figures, from the cache when it is still right."""
    now = now or datetime.now(UTC)
    prefs = timeline_prefs.load(vault)
    clock = timeline_prefs.clock(prefs, now)
    no_contact = timeline_prefs.no_contact_day(vault, prefs)
    key = _cache_key(clock, no_contact)
    with items.reading(vault) as conn:
        stamp = timeline_repo.max_seq(conn, vault.vault_id)
        row = _cache_row(conn, vault)
        cached = items.decrypt(vault, CACHE_KIND, row).data if row is not None else {}
        fresh = now.timestamp() - float(cached.get("at", 0)) < CACHE_SECONDS
        if cached.get("stamp") == stamp and cached.get("key") == key and fresh:
            return Figures.from_json(cached["figures"])
        result = compute(conn, vault, clock=clock, no_contact=no_contact, now=now)
    data = {"stamp": stamp, "key": key, "at": now.timestamp(), "figures": asdict(result)}
    # Another writer (a long import) may hold the database: then compute again next time.
    with contextlib.suppress(OperationalError):
        items.save_singleton(vault, kind=CACHE_KIND, data=data)
    return result


def rescreen_prompt(vault: Vault) -> RescreenPrompt | None:
    """A prompt for the home page when threats or contact rose, else None."""
    reasons = figures(vault).rescreen
    return RescreenPrompt(reasons) if reasons else None


def as_of_label(value: str | None) -> str:
    """An ISO time as "2026-03-01 21:05" for display."""
    if not value:
        return ""
    return datetime.fromisoformat(value).strftime("%Y-%m-%d %H:%M")


__all__ = ["Figures", "RescreenPrompt", "figures", "invalidate", "rescreen_prompt"]
