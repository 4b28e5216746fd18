"""What the plan pages show, and reading their forms into the plans' stored shape.

The danger screen's gates decide what each page offers: a positive result removes the private
face-to-face setting, puts the safety plan first and shows helplines at the top.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from onward.errors import InvalidInputError
from onward.guide.boundaries import BoundaryKit, OrderInfo, load_boundaries, protective_order_info
from onward.guide.helplines import CountryHelplines, Line
from onward.guide.plans import Planner, SettingChoice, check_wording, load_planner, settings_for
from onward.guide.safety_plan import MAX_PEOPLE, SafetyGuide, load_safety_guide
from onward.guide.screen import HELPLINES_FIRST, SAFETY_PLAN_FIRST
from onward.i18n import gettext as _
from onward.services import lines, plans_store, prefs, screening
from onward.services.fields import Fields, date_field, local_moment, many, one
from onward.services.vault import Vault

MAX_REASONS = 3
MAX_PLACES = 3


@dataclass(frozen=True, slots=True)
class PlanCard:
    name: str
    title: str
    why: str
    url: str
    saved_at: dt.datetime | None


@dataclass(frozen=True, slots=True)
class Common:
    """What every plan page shows: gates, helplines, crisis lines."""

    gates: frozenset[str]
    helplines: CountryHelplines
    ordered: list[Line]
    short: list[Line]  # one line of each main kind, for small boxes
    crisis: list[Line]  # non-empty when the latest screen said the person's life is at risk
    helplines_first: bool


@dataclass(frozen=True, slots=True)
class TalkPage:
    common: Common
    planner: Planner
    choices: list[SettingChoice]
    saved: plans_store.Saved | None
    form: dict[str, Any]
    hints: list[str]
    safety_missing: bool  # the screen puts the safety plan first and there is none yet
    crisis_pushback: list[Line] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class LimitsPage:
    common: Common
    kit: BoundaryKit
    saved: plans_store.Saved | None
    form: dict[str, Any]
    orders: OrderInfo
    today: dt.date


@dataclass(frozen=True, slots=True)
class CarePage:
    common: Common
    guide: SafetyGuide
    saved: plans_store.Saved | None
    form: dict[str, Any]
    rows: int  # how many people rows the form shows


@dataclass(frozen=True, slots=True)
class PrintPage:
    name: str
    text: str


def common(vault: Vault) -> Common:
    latest = screening.latest_screen(vault)
    gates = frozenset(latest.result.gates) if latest else frozenset()
    country = prefs.load_prefs(vault).country
    found = lines.helplines_for(country)
    return Common(
        gates=gates,
        helplines=found,
        ordered=lines.ordered_lines(found),
        short=lines.short_lines(found),
        crisis=lines.crisis_for(country) if latest and latest.result.crisis else [],
        helplines_first=HELPLINES_FIRST in gates,
    )


def overview(vault: Vault) -> tuple[Common, list[PlanCard]]:
    """The three plans; the safety plan comes first when the screen says so."""
    dates = plans_store.saved_dates(vault)
    cards = [
        PlanCard(
            plans_store.TALK,
            _("Telling them"),
            _("What you will say, where and how, what to say if they push back, and who knows."),
            "/plan/talk",
            dates[plans_store.TALK],
        ),
        PlanCard(
            plans_store.LIMITS,
            _("Boundaries afterwards"),
            _("What contact you will have, for how long, and what to do if they keep pushing."),
            "/plan/limits",
            dates[plans_store.LIMITS],
        ),
        PlanCard(
            plans_store.SAFETY,
            _("Staying safe"),
            _(
                "People to call, safe places, a code word, things to have ready, "
                "and an emergency card."
            ),
            "/plan/care",
            dates[plans_store.SAFETY],
        ),
    ]
    shared = common(vault)
    if SAFETY_PLAN_FIRST in shared.gates:
        cards.insert(0, cards.pop())
    return shared, cards


# --- conversation ---------------------------------------------------------------------------


def _typed(fields: Fields, name: str) -> str:
    """A field as it was sent, unchecked: put back in its own input after a refused save."""
    values = fields.get(name) or ()
    return values[0] if values else ""


def _typed_talk(fields: Fields) -> dict[str, Any]:
    return {
        "reasons": [_typed(fields, f"reason_{i}") for i in range(1, MAX_REASONS + 1)],
        "setting": _typed(fields, "setting"),
        "rehearse": set(fields.get("rehearse") or ()),
        "done": set(fields.get("done") or ()),
        "trusted_name": _typed(fields, "trusted_name"),
        "trusted_how": _typed(fields, "trusted_how"),
        "check_in": _typed(fields, "check_in"),
        "if_none": _typed(fields, "if_none"),
    }


def talk_page(vault: Vault, typed: Fields | None = None) -> TalkPage:
    """The conversation plan page; ``typed``: the fields of a refused save, shown again."""
    shared = common(vault)
    latest = screening.latest_screen(vault)
    planner = load_planner()
    choices = settings_for(latest.result if latest else None)
    saved = plans_store.load_plan(vault, plans_store.TALK)
    data = saved.data if saved else {}
    trusted = data.get("trusted") or {}
    form = {
        "reasons": [*(data.get("reasons") or []), *[""] * MAX_REASONS][:MAX_REASONS],
        "setting": data.get("setting")
        or next((c.setting.id for c in choices if c.recommended), ""),
        "rehearse": set(data.get("rehearse") or [p.id for p in planner.pushback]),
        "done": set(data.get("done") or []),
        "trusted_name": trusted.get("name", ""),
        "trusted_how": trusted.get("how", ""),
        "check_in": (trusted.get("check_in_at") or "")[:16],
        "if_none": trusted.get("if_no_check_in") or "",
    }
    if typed is not None:
        form = _typed_talk(typed)
    statement = getattr(saved.plan, "statement", "") if saved else ""
    missing = SAFETY_PLAN_FIRST in shared.gates and (
        plans_store.saved_dates(vault)[plans_store.SAFETY] is None
    )
    crisis = lines.crisis_for(prefs.load_prefs(vault).country)
    return TalkPage(
        shared,
        planner,
        choices,
        saved,
        form,
        check_wording(statement) if statement else [],
        missing,
        crisis,
    )


def talk_data(fields: Fields) -> dict[str, Any]:
    """Form fields -> the stored shape of a conversation plan."""
    moment = local_moment(fields, "check_in")
    name, how = one(fields, "trusted_name"), one(fields, "trusted_how")
    trusted = None
    if name or how or moment:
        trusted = {
            "name": name,
            "how": how,
            "check_in_at": moment.isoformat() if moment else None,
            "if_no_check_in": one(fields, "if_none") or None,
        }
    return {
        "reasons": [r for i in range(1, MAX_REASONS + 1) if (r := one(fields, f"reason_{i}"))],
        "setting": one(fields, "setting"),
        "trusted": trusted,
        "rehearse": many(fields, "rehearse"),
        "done": many(fields, "done"),
    }


def save_talk(vault: Vault, fields: Fields) -> plans_store.Saved:
    return plans_store.save_plan(vault, plans_store.TALK, talk_data(fields))


# --- boundaries -----------------------------------------------------------------------------


def limits_page(vault: Vault, typed: Fields | None = None) -> LimitsPage:
    """The boundaries plan page; ``typed``: the fields of a refused save, shown again."""
    kit = load_boundaries()
    saved = plans_store.load_plan(vault, plans_store.LIMITS)
    data = saved.data if saved else {}
    days = data.get("duration_days")
    suggested = [str(d) for d in kit.suggested_days]
    form = {
        "rule": data.get("rule") or "no_contact",
        "start": data.get("start") or plans_store.today().isoformat(),
        "duration": "open" if saved and days is None else (str(days) if days else suggested[0]),
        "custom_days": "" if days is None or str(days) in suggested else str(days),
        "channel": data.get("channel") or "",
        "topics": ", ".join(data.get("topics") or []),
        "step": data.get("step") or "",
    }
    if form["custom_days"]:
        form["duration"] = "custom"
    if typed is not None:
        form = {name: _typed(typed, name) for name in form}
    country = prefs.load_prefs(vault).country
    return LimitsPage(
        common(vault), kit, saved, form, protective_order_info(country), plans_store.today()
    )


def limits_data(fields: Fields) -> dict[str, Any]:
    duration = one(fields, "duration")
    days: int | None
    if duration == "open":
        days = None
    else:
        raw = one(fields, "custom_days") if duration == "custom" else duration
        days = int(raw) if raw.isdigit() else None
        if days is None:
            raise InvalidInputError(
                _("Please choose how long the rule lasts."), hint=_("Or choose: no end date.")
            )
    return {
        "rule": one(fields, "rule"),
        "start": date_field(fields, "start", plans_store.today()).isoformat(),
        "duration_days": days,
        "channel": one(fields, "channel") or None,
        "topics": [t.strip() for t in one(fields, "topics").split(",") if t.strip()],
        "step": one(fields, "step") or None,
    }


def save_limits(vault: Vault, fields: Fields) -> plans_store.Saved:
    return plans_store.save_plan(vault, plans_store.LIMITS, limits_data(fields))


# --- safety ---------------------------------------------------------------------------------


def care_page(vault: Vault, typed: Fields | None = None) -> CarePage:
    """The safety plan page; ``typed``: the fields of a refused save, shown again."""
    saved = plans_store.load_plan(vault, plans_store.SAFETY)
    data = saved.data if saved else {}
    if typed is not None:
        data = _typed_care(typed)
    people = list(data.get("people") or [])
    rows = min(MAX_PEOPLE, max(3, len(people) + 1))
    people += [{"name": "", "how": ""}] * (rows - len(people))
    form = {
        "people": people,
        "places": [*(data.get("safe_places") or []), *[""] * MAX_PLACES][
            : max(MAX_PLACES, len(data.get("safe_places") or []))
        ],
        "code_word": data.get("code_word") or "",
        "code_meaning": data.get("code_meaning") or "",
        "packed": set(data.get("packed") or []),
        "tech": set(data.get("tech_done") or []),
    }
    return CarePage(common(vault), load_safety_guide(), saved, form, rows)


def _typed_care(fields: Fields) -> dict[str, Any]:
    """What was typed, in the stored shape that ``care_page`` reads (nothing is checked)."""
    return care_data(fields, read=_typed)


def care_data(fields: Fields, *, read: Callable[[Fields, str], str] = one) -> dict[str, Any]:
    people = []
    for i in range(1, MAX_PEOPLE + 1):
        name, how = read(fields, f"name_{i}"), read(fields, f"how_{i}")
        if name or how:
            people.append({"name": name, "how": how})
    return {
        "people": people,
        "safe_places": [p for i in range(1, 7) if (p := read(fields, f"place_{i}"))],
        "code_word": read(fields, "code_word") or None,
        "code_meaning": read(fields, "code_meaning") or None,
        "packed": many(fields, "packed"),
        "tech_done": many(fields, "tech"),
    }


def save_care(vault: Vault, fields: Fields) -> plans_store.Saved:
    return plans_store.save_plan(vault, plans_store.SAFETY, care_data(fields))


def print_page(vault: Vault, name: str) -> PrintPage:
    return PrintPage(name, plans_store.plan_text(vault, name))
