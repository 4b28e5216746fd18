"""The recovery space: daily check-ins, journal prompts with the rumination guard, self-care.

Check-ins are kept one item each (a later one the same day replaces the earlier one in
every summary). The rumination guard reads the last few journal entries and check-in
notes, decrypted in memory only, and drops them afterwards: nothing about the guard's
result is stored (``onward.guide.recovery``).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import Any, Final

from onward.errors import InvalidInputError
from onward.guide.recovery import (
    RUMINATION_WINDOW,
    CheckIn,
    CheckInSummary,
    PromptChoice,
    PromptSet,
    choose_prompt_set,
    latest_per_day,
    load_prompts,
    prompt_set,
    summarise_window,
)
from onward.i18n import gettext as _
from onward.services import items, journal, screening
from onward.services.fields import is_blank
from onward.services.tracks_common import (
    GuideLink,
    HelpLines,
    all_docs,
    checked_lines,
    clean_text,
    crisis_lines,
    guide_links,
    now_utc,
)
from onward.services.vault import Vault

CHECKIN_KIND = "checkin"
CARE_KIND = "care"
ACTIVITY_KIND = "activity"
ACTIVITY_KINDS: Final = ("care", "new", "connect", "alone")
CARE_FIELDS: Final = ("calm", "people", "needs", "new", "alone")
CARE_LINES: Final = 20  # items in one part of the self-care plan
CARE_CHARS: Final = 200  # characters in one item
GUIDES: Final = (
    "recovery-daily-check-in",
    "recovery-sleep",
    "recovery-rumination",
    "recovery-self-care",
    "recovery-fear-of-being-alone",
    "recovery-new-connections",
)


def _checkin(doc: items.Doc) -> CheckIn:
    d = doc.data
    return CheckIn(
        day=date.fromisoformat(d["day"]),
        mood=int(d["mood"]),
        urge=int(d["urge"]),
        sleep_hours=d.get("sleep_hours"),
        sleep_quality=d.get("sleep_quality"),
        note=d.get("note", ""),
    )


def checkins(vault: Vault) -> list[CheckIn]:
    """Every check-in, oldest first."""
    return [_checkin(d) for d in all_docs(vault, kind=CHECKIN_KIND)]


def save_checkin(
    vault: Vault,
    *,
    day: date,
    mood: int,
    urge: int,
    sleep_hours: float | None = None,
    sleep_quality: int | None = None,
    note: str = "",
) -> CheckIn:
    """Keep today's check-in. The note is one line (``CheckIn`` checks every value)."""
    checkin = CheckIn(day, mood, urge, sleep_hours, sleep_quality, note)
    data = asdict(checkin) | {"day": day.isoformat(), "at": now_utc().isoformat()}
    items.add(vault, kind=CHECKIN_KIND, data=data)
    return checkin


def save_checkin_form(
    vault: Vault, *, day: date, mood: str, urge: str, sleep: str = "", note: str = ""
) -> CheckIn:
    """A check-in from text fields (a web form or the command line)."""
    return save_checkin(
        vault,
        day=day,
        mood=_whole(mood, _("Mood")),
        urge=_whole(urge, _("Urge to contact")),
        sleep_hours=parse_sleep(sleep),
        note=note,
    )


def _whole(value: str, field: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise InvalidInputError(
            _("{field}: please pick one of the choices.").format(field=field), hint=None
        ) from None


def parse_sleep(value: str) -> float | None:
    """Hours of sleep typed in a form or on the command line ("7", "6.5", "6,5" or empty)."""
    value = value.strip().replace(",", ".")
    if not value:
        return None
    try:
        return float(value)
    except ValueError:
        raise InvalidInputError(
            _("Hours of sleep must be a number, like 7 or 6.5."),
            hint=_("Leave it empty if you are not sure."),
        ) from None


@dataclass(frozen=True, slots=True)
class Labels:
    mood: dict[int, str]
    urge: dict[int, str]


def labels() -> Labels:
    raw = load_prompts()["check_in"]
    return Labels(
        {int(k): str(v) for k, v in raw["mood"].items()},
        {int(k): str(v) for k, v in raw["urge"].items()},
    )


@dataclass(frozen=True, slots=True)
class Prompts:
    choice: PromptChoice
    prompts: PromptSet


def journal_prompts(vault: Vault) -> Prompts:
    """Prompts for the journal: reflective, or distraction/reappraisal when notes loop.

    Reads the last few journal entries and check-in notes in memory only.
    """
    entries = journal.list_entries(vault, limit=RUMINATION_WINDOW).entries
    notes: list[tuple[datetime, str]] = [(e.created_at, e.text) for e in entries]
    recent = all_docs(vault, kind=CHECKIN_KIND)[-RUMINATION_WINDOW:]
    notes += [(datetime.fromisoformat(d.data["at"]), d.data.get("note", "")) for d in recent]
    ordered = [text for _at, text in sorted(notes, key=lambda pair: pair[0]) if text.strip()]
    latest_mood = int(recent[-1].data["mood"]) if recent else None
    choice = choose_prompt_set(ordered, latest_mood=latest_mood)
    return Prompts(choice, prompt_set(choice.set_id))


@dataclass(frozen=True, slots=True)
class TodayView:
    today: date
    checkin: CheckIn | None  # today's latest
    last_urge: int
    week: CheckInSummary
    labels: Labels
    prompts: Prompts
    guides: list[GuideLink]
    lines: HelpLines | None  # crisis lines at once when the safety check flagged a crisis


def load_today(vault: Vault, *, today: date) -> TodayView:
    every = checkins(vault)
    by_day = latest_per_day(every)
    return TodayView(
        today=today,
        checkin=by_day.get(today),
        last_urge=every[-1].urge if every else 0,
        week=summarise_window(every, end=today, days=7),
        labels=labels(),
        prompts=journal_prompts(vault),
        guides=guide_links(*GUIDES[:3]),
        lines=crisis_lines(vault) if "crisis_lines_now" in screening.current_gates(vault) else None,
    )


# --- self-care plan and activity log ------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Activity:
    id: str
    day: date
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class CareView:
    plan: dict[str, tuple[str, ...]]
    activities: list[Activity]
    counts: dict[str, int]  # activities per kind over the last 14 days
    guides: list[GuideLink]


def activity_kinds() -> dict[str, str]:
    return {
        "care": _("Looked after myself"),
        "new": _("Tried something new"),
        "connect": _("Connected with someone"),
        "alone": _("Enjoyed time on my own"),
    }


def _activity(doc: items.Doc) -> Activity:
    d = doc.data
    return Activity(doc.id, date.fromisoformat(d["day"]), d["kind"], d["text"])


def load_care(vault: Vault, *, today: date) -> CareView:
    doc = items.singleton(vault, kind=CARE_KIND)
    data: dict[str, Any] = doc.data if doc else {}
    plan = {f: tuple(data.get(f, ())) for f in CARE_FIELDS}
    every = [_activity(d) for d in all_docs(vault, kind=ACTIVITY_KIND)]
    since = today - timedelta(days=13)
    counts = {k: sum(1 for a in every if a.kind == k and a.day >= since) for k in ACTIVITY_KINDS}
    order = sorted(enumerate(every), key=lambda pair: (pair[1].day, pair[0]), reverse=True)
    newest = [activity for _index, activity in order]  # by day, then the latest logged
    return CareView(plan, newest[:30], counts, guide_links(*GUIDES[3:]))


def save_care_plan(vault: Vault, **fields: str) -> dict[str, tuple[str, ...]]:
    """Keep the self-care plan: one item per line in each field of ``CARE_FIELDS``."""
    plan = {
        f: checked_lines(
            fields.get(f, ""), field=_("your self-care plan"), lines=CARE_LINES, chars=CARE_CHARS
        )
        for f in CARE_FIELDS
    }
    items.save_singleton(vault, kind=CARE_KIND, data=plan)
    return {f: tuple(v) for f, v in plan.items()}


def log_activity(vault: Vault, *, day: date, kind: str, text: str) -> Activity:
    if kind not in ACTIVITY_KINDS:
        raise InvalidInputError(_("That kind of activity is not known."), hint=_("Pick one."))
    body = " ".join(clean_text(text, field=_("The activity"), limit=300).split())
    if is_blank(body):
        raise InvalidInputError(_("Write a few words about what you did."), hint=None)
    doc = items.add(
        vault, kind=ACTIVITY_KIND, data={"day": day.isoformat(), "kind": kind, "text": body}
    )
    return _activity(doc)
