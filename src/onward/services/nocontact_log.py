"""No contact for one's own healing: the plan, slips, urges with a pause, and unsent messages.

The counter resumes after a slip: every no-contact day before it still counts, and a slip
is logged with what led to it, never with blame (``onward.guide.nocontact``). An urge gets
a short timed pause. A message written in the unsent box is either kept in the vault or
destroyed at once: when destroyed, it is never written anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Final

from onward.errors import InvalidInputError
from onward.guide.nocontact import (
    PAUSE_SECONDS,
    Milestone,
    NoContactSummary,
    Slip,
    Urge,
    UrgeSummary,
    milestones,
    pause_text,
    summarise_no_contact,
    summarise_urges,
)
from onward.i18n import gettext as _
from onward.services import items
from onward.services.fields import is_blank
from onward.services.tracks_common import (
    GuideLink,
    all_docs,
    clean_text,
    guide_links,
    now_utc,
    require_doc,
)
from onward.services.vault import Vault

PLAN_KIND = "nocontact"
SLIP_KIND = "slip"
URGE_KIND = "urge"
UNSENT_KIND = "unsent"
TRIGGER_LIMIT: Final = 200
UNSENT_LIMIT: Final = 10_000
GUIDES: Final = ("letgo-no-contact", "hold-taking-a-break-from-contact", "recovery-rumination")


@dataclass(frozen=True, slots=True)
class Plan:
    """Why, what to do instead when an urge comes, and who to call."""

    start: date
    why: str = ""
    instead: str = ""
    people: str = ""


@dataclass(frozen=True, slots=True)
class LoggedUrge:
    id: str
    at: datetime
    trigger: str
    outcome: str | None  # None until the person says how it went: "passed" or "acted"


@dataclass(frozen=True, slots=True)
class Unsent:
    id: str
    text: str
    at: datetime


@dataclass(frozen=True, slots=True)
class SpaceView:
    plan: Plan | None
    summary: NoContactSummary | None
    slips: list[Slip]
    urges: UrgeSummary
    recent_urges: list[LoggedUrge]
    milestones: tuple[Milestone, ...]
    unsent_count: int
    guides: list[GuideLink]


@dataclass(frozen=True, slots=True)
class Pause:
    urge: LoggedUrge
    seconds: int
    text: str


def _trigger(text: str) -> str:
    return " ".join(clean_text(text, field=_("What led to it"), limit=TRIGGER_LIMIT).split())


def load_plan(vault: Vault) -> Plan | None:
    doc = items.singleton(vault, kind=PLAN_KIND)
    if doc is None:
        return None
    d = doc.data
    return Plan(date.fromisoformat(d["start"]), d["why"], d["instead"], d["people"])


def save_plan(
    vault: Vault, *, start: date, why: str = "", instead: str = "", people: str = "", today: date
) -> Plan:
    """Start (or change) the no-contact plan. Slips before a new start date stay stored."""
    if start > today:
        raise InvalidInputError(
            _("The start date is after today."), hint=_("Pick today or a day in the past.")
        )
    plan = Plan(
        start,
        clean_text(why, field=_("Why"), limit=2000),
        clean_text(instead, field=_("What you will do instead"), limit=2000),
        clean_text(people, field=_("Who you can call"), limit=1000),
    )
    data = {"start": start.isoformat(), "why": plan.why, "instead": plan.instead}
    items.save_singleton(vault, kind=PLAN_KIND, data=data | {"people": plan.people})
    return plan


def slips(vault: Vault) -> list[Slip]:
    return [
        Slip(date.fromisoformat(d.data["day"]), d.data["trigger"])
        for d in all_docs(vault, kind=SLIP_KIND)
    ]


def log_slip(vault: Vault, *, day: date, trigger: str = "", today: date) -> NoContactSummary:
    """Note a day with contact and what led to it. The counter carries on from there."""
    plan = load_plan(vault)
    if plan is None:
        raise InvalidInputError(
            _("Start your no-contact plan first."), hint=_("Pick the day you stopped contact.")
        )
    if not plan.start <= day <= today:
        raise InvalidInputError(
            _("That day is outside your no-contact time."),
            hint=_("Pick a day from {start} to today.").format(start=plan.start.isoformat()),
        )
    items.add(vault, kind=SLIP_KIND, data={"day": day.isoformat(), "trigger": _trigger(trigger)})
    return summarise_no_contact(plan.start, _journey_slips(vault, plan), today)


def _journey_slips(vault: Vault, plan: Plan) -> list[Slip]:
    return [s for s in slips(vault) if s.day >= plan.start]


def summary(vault: Vault, *, today: date) -> NoContactSummary | None:
    plan = load_plan(vault)
    if plan is None or plan.start > today:
        return None
    journey = [s for s in _journey_slips(vault, plan) if s.day <= today]
    return summarise_no_contact(plan.start, journey, today)


# --- urges -----------------------------------------------------------------------------------


def _urge(doc: items.Doc) -> LoggedUrge:
    d = doc.data
    return LoggedUrge(doc.id, datetime.fromisoformat(d["at"]), d["trigger"], d.get("outcome"))


def urges(vault: Vault) -> list[LoggedUrge]:
    return [_urge(d) for d in all_docs(vault, kind=URGE_KIND)]


def log_urge(vault: Vault, *, trigger: str = "", now: datetime | None = None) -> Pause:
    """Log an urge to contact them and start the pause."""
    at = (now or now_utc()).astimezone()  # local time, so urges can be counted by hour
    data = {"at": at.isoformat(), "trigger": _trigger(trigger), "outcome": None}
    doc = items.add(vault, kind=URGE_KIND, data=data)
    return Pause(_urge(doc), PAUSE_SECONDS, pause_text())


def get_pause(vault: Vault, *, urge_id: str) -> Pause:
    doc = require_doc(items.get(vault, kind=URGE_KIND, item_id=urge_id))
    return Pause(_urge(doc), PAUSE_SECONDS, pause_text())


def finish_urge(vault: Vault, *, urge_id: str, acted: bool, today: date) -> LoggedUrge:
    """Say how the urge went. Acting on it is logged as a slip, with the urge's trigger."""
    doc = require_doc(items.get(vault, kind=URGE_KIND, item_id=urge_id))
    data = dict(doc.data) | {"outcome": "acted" if acted else "passed"}
    items.replace_data(vault, kind=URGE_KIND, item_id=urge_id, data=data)
    plan = load_plan(vault)
    if acted and plan is not None and plan.start <= today:
        items.add(
            vault, kind=SLIP_KIND, data={"day": today.isoformat(), "trigger": data["trigger"]}
        )
    return _urge(items.Doc(doc.id, doc.seq, data))


def load_space(vault: Vault, *, today: date) -> SpaceView:
    logged = urges(vault)
    plan = load_plan(vault)
    return SpaceView(
        plan=plan,
        summary=summary(vault, today=today),
        slips=list(reversed(_journey_slips(vault, plan)))[:20] if plan else [],
        urges=summarise_urges(
            Urge(u.at, u.trigger, u.outcome == "acted") for u in logged if u.at.tzinfo
        ),
        recent_urges=list(reversed(logged))[:10],
        milestones=milestones(),
        unsent_count=items.count(vault, kind=UNSENT_KIND),
        guides=guide_links(*GUIDES),
    )


# --- the unsent box ----------------------------------------------------------------------------


def keep_unsent(vault: Vault, *, text: str) -> Unsent:
    """Keep an unsent message in the vault."""
    body = clean_text(text, field=_("The message"), limit=UNSENT_LIMIT)
    if is_blank(body):
        raise InvalidInputError(_("The box is empty."), hint=_("Write what you wanted to say."))
    doc = items.add(vault, kind=UNSENT_KIND, data={"text": body, "at": now_utc().isoformat()})
    return Unsent(doc.id, body, datetime.fromisoformat(doc.data["at"]))


def unsent_messages(vault: Vault) -> list[Unsent]:
    """Kept unsent messages, newest first."""
    return [
        Unsent(d.id, d.data["text"], datetime.fromisoformat(d.data["at"]))
        for d in reversed(all_docs(vault, kind=UNSENT_KIND))
    ]


def destroy_unsent(vault: Vault, *, message_id: str) -> None:
    """Destroy a kept unsent message (its record key is deleted with it)."""
    require_doc(items.get(vault, kind=UNSENT_KIND, item_id=message_id))
    items.remove(vault, kind=UNSENT_KIND, item_id=message_id)
