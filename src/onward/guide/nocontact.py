"""A no-contact counter that resumes after a slip, and an urge log with a pause.

No contact is offered for the person's own healing: in a 28-day diary study, contact with
a former partner slowed the fading of love and sadness (Sbarra & Emery, 2005). It is never
a tactic, and this module never shames. A slip ends the current stretch but never wipes the
journey: every no-contact day before it still counts, and milestones are reached on the
total, so they are never taken away.

Counting: each calendar day from ``start`` to ``today`` (both included) is either a
no-contact day or a slip day; today counts as a no-contact day unless a slip is logged today.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Final

from onward.errors import InvalidInputError
from onward.guide.recovery import load_prompts

# The pause before acting on an urge. Urges tend to rise, peak and pass like a wave
# ("urge surfing": Bowen & Marlatt, 2009). The length itself is a product choice, not a
# research finding: long enough to breathe a few times and read the reasons, short enough
# that people actually wait it out.
PAUSE_SECONDS: Final = 90

NOT_NOTED: Final = "not noted"


@dataclass(frozen=True, slots=True)
class Slip:
    """A day on which contact happened, and what led to it (optional, free text)."""

    day: date
    trigger: str = ""


@dataclass(frozen=True, slots=True)
class Milestone:
    """A number of no-contact days and the kind words shown for it."""

    days: int
    text: str


@dataclass(frozen=True, slots=True)
class NoContactSummary:
    """Where the journey stands today."""

    start: date
    today: date
    days_since_start: int
    journey_days: int  # calendar days from start to today, both included
    no_contact_days: int  # journey days without a slip; never reset by a slip
    current_streak: int  # no-contact days in a row up to today (0 if a slip is logged today)
    longest_streak: int
    slips: int  # slips logged
    slip_days: int  # distinct days with a slip
    reached: tuple[Milestone, ...]
    next_milestone: Milestone | None
    triggers: tuple[tuple[str, int], ...]
    message: str


def milestones() -> tuple[Milestone, ...]:
    """All milestones from ``prompts.yaml``, smallest first."""
    raw = load_prompts()["milestones"]
    return tuple(Milestone(int(d), " ".join(str(t).split())) for d, t in sorted(raw.items()))


def count_triggers(triggers: Iterable[str]) -> tuple[tuple[str, int], ...]:
    """Count free-text triggers case-insensitively; most frequent first."""
    labels: dict[str, str] = {}
    counts: Counter[str] = Counter()
    for raw in triggers:
        label = " ".join(raw.split()) or NOT_NOTED
        key = label.casefold()
        labels.setdefault(key, label)
        counts[key] += 1
    return tuple(
        (labels[key], n) for key, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    )


def _validate(start: date, slips: Sequence[Slip], today: date) -> None:
    if today < start:
        raise InvalidInputError(
            "The start date is after today.",
            hint="Pick the day you stopped contact; it cannot be in the future.",
        )
    for slip in slips:
        if not start <= slip.day <= today:
            raise InvalidInputError(
                f"A slip on {slip.day.isoformat()} is outside the journey "
                f"({start.isoformat()} to {today.isoformat()}).",
                hint="Check the date of the slip, or move the start date earlier.",
            )


def _streaks(start: date, slip_days: set[date], today: date) -> tuple[int, int]:
    """(current, longest) runs of no-contact days."""
    longest = run = 0
    day = start
    while day <= today:
        run = 0 if day in slip_days else run + 1
        longest = max(longest, run)
        day += timedelta(days=1)
    return run, longest


def _message(summary_days: int, current: int, slipped_recently: bool, hit: Milestone | None) -> str:
    prompts = load_prompts()["no_contact"]
    if slipped_recently:
        return " ".join(str(prompts["after_slip"]).split())
    if hit is not None:
        return hit.text
    unit = "day" if summary_days == 1 else "days"
    stretch = "" if current == summary_days else f" This stretch: {current} in a row."
    return f"{summary_days} no-contact {unit} so far.{stretch} Each one is care for yourself."


def summarise_no_contact(start: date, slips: Sequence[Slip], today: date) -> NoContactSummary:
    """Count the journey from ``start`` to ``today``, resuming after every slip."""
    _validate(start, slips, today)
    slip_days = {s.day for s in slips}
    journey_days = (today - start).days + 1
    no_contact_days = journey_days - len(slip_days)
    current, longest = _streaks(start, slip_days, today)
    all_milestones = milestones()
    reached = tuple(m for m in all_milestones if m.days <= no_contact_days)
    upcoming = [m for m in all_milestones if m.days > no_contact_days]
    just_hit = reached[-1] if reached and reached[-1].days == no_contact_days else None
    last_slip = max(slip_days, default=None)
    slipped_recently = last_slip is not None and (today - last_slip).days <= 1
    return NoContactSummary(
        start=start,
        today=today,
        days_since_start=journey_days - 1,
        journey_days=journey_days,
        no_contact_days=no_contact_days,
        current_streak=current,
        longest_streak=longest,
        slips=len(slips),
        slip_days=len(slip_days),
        reached=reached,
        next_milestone=upcoming[0] if upcoming else None,
        triggers=count_triggers(s.trigger for s in slips),
        message=_message(no_contact_days, current, slipped_recently, just_hit),
    )


# --- urge log -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Urge:
    """One urge to contact them: when (timezone-aware, local), why, and whether it was acted on."""

    at: datetime
    trigger: str = ""
    acted: bool = False


@dataclass(frozen=True, slots=True)
class UrgeSummary:
    """Patterns in the urge log, to plan for the hard moments."""

    total: int
    passed: int  # urges that passed without contact
    acted: int
    by_trigger: tuple[tuple[str, int], ...]
    by_hour: tuple[int, ...]  # 24 counts, index = local hour of day
    peak_hours: tuple[int, ...]  # the hour(s) with the most urges; empty when none


def summarise_urges(urges: Iterable[Urge]) -> UrgeSummary:
    """Count urges by trigger and by local hour of day."""
    items = list(urges)
    if any(u.at.tzinfo is None or u.at.utcoffset() is None for u in items):
        raise ValueError("urge times must be timezone-aware")
    by_hour = [0] * 24
    for urge in items:
        by_hour[urge.at.hour] += 1
    top = max(by_hour)
    acted = sum(1 for u in items if u.acted)
    return UrgeSummary(
        total=len(items),
        passed=len(items) - acted,
        acted=acted,
        by_trigger=count_triggers(u.trigger for u in items),
        by_hour=tuple(by_hour),
        peak_hours=tuple(h for h, n in enumerate(by_hour) if top and n == top),
    )


def pause_text() -> str:
    """What to show during the pause."""
    return " ".join(str(load_prompts()["no_contact"]["pause"]).split())
