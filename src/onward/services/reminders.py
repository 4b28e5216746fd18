"""What is due, shown inside the app only. Nothing is ever sent anywhere (no notifications).

A reminder appears for things the person has started: the review date of a time-apart
agreement (from two days before), today's check-in once they have checked in before, and
the two-weekly questionnaires once they have used the recovery space. People who never
opened a tool are not nagged about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Final

from onward.guide.measures import load_measures
from onward.i18n import gettext as _
from onward.services import items, measures_log, recovery_log, repair_track
from onward.services.vault import Vault

PASSED_SHOWN_DAYS: Final = 14  # a passed review date is mentioned for two weeks, then dropped


@dataclass(frozen=True, slots=True)
class Reminder:
    """One thing that is due, where to do it, and a short plain text."""

    kind: str  # "review", "checkin" or "measure"
    text: str
    href: str


def _review(vault: Vault, today: date) -> list[Reminder]:
    agreement = repair_track.load_agreement(vault)
    if agreement is None:
        return []
    status = repair_track.track_status(vault, today=today)
    events = repair_track.recorded_events(vault)
    if "review_yes" in events or "review_no" in events:
        return []
    days = (agreement.review_date - today).days
    if days < -PASSED_SHOWN_DAYS:
        return []
    if not status.open and status.hand_over_to == "letgo" and days < 0:
        text = _("The review date of your time-apart agreement has passed. See what comes next.")
        return [Reminder("review", text, "/mend")]
    if not status.open or days > repair_track.REVIEW_SOON_DAYS:
        return []
    if days == 0:
        text = _("Today is the review date of your time-apart agreement.")
    else:
        text = _("The review date of your time-apart agreement is in {n} day(s).").format(n=days)
    return [Reminder("review", text, "/mend")]


def _checkin(vault: Vault, today: date) -> list[Reminder]:
    every = recovery_log.checkins(vault)
    if not every or any(c.day == today for c in every):
        return []
    return [Reminder("checkin", _("Today's check-in: one tap for your mood."), "/today")]


def _measures(vault: Vault, today: date) -> list[Reminder]:
    started = items.count(vault, kind=recovery_log.CHECKIN_KIND) or items.count(
        vault, kind=measures_log.KIND
    )
    if not started:
        return []
    names = load_measures()
    return [
        Reminder(
            "measure",
            _("The {name} questionnaire is due (every two weeks).").format(
                name=names[n].short_name  # type: ignore[index]
            ),
            f"/measure/{n}",
        )
        for n in measures_log.due(vault, today=today)
    ]


def due_items(vault: Vault, today: date) -> list[Reminder]:
    """Everything due today, review first. Read-only: it never changes or sends anything."""
    return [*_review(vault, today), *_checkin(vault, today), *_measures(vault, today)]
