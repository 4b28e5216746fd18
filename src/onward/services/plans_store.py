"""The three plans (conversation, boundaries, safety), kept encrypted in the vault.

Each plan is one document that the person updates (kinds ``plan_talk``, ``plan_limits``,
``plan_safety``). Plans are built and checked by :mod:`onward.guide` (a conversation plan
refuses a setting the danger screen does not offer) and printed with its plain-text renderers.
The JSON shape stored here is also what ``onward plan save KIND --answers FILE`` reads.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from onward.errors import InvalidInputError, NotFoundError
from onward.guide.boundaries import MAX_DAYS, BoundaryPlan, make_boundary_plan
from onward.guide.plans import ConversationPlan, TrustedPerson, make_conversation_plan, render_text
from onward.guide.plans import settings_for as planner_settings
from onward.guide.safety_plan import Contact, SafetyPlan, make_safety_plan, render_card
from onward.i18n import gettext as _
from onward.services import items, prefs, screening
from onward.services.vault import Vault

TALK, LIMITS, SAFETY = "conversation", "boundaries", "safety"
KINDS = {TALK: "plan_talk", LIMITS: "plan_limits", SAFETY: "plan_safety"}
CARD = "card"  # the small emergency card, printed from the safety plan
NAMES = (TALK, LIMITS, SAFETY, CARD)


@dataclass(frozen=True, slots=True)
class Saved:
    """A stored plan and when it was last saved."""

    name: str
    saved_at: dt.datetime
    plan: ConversationPlan | BoundaryPlan | SafetyPlan
    data: dict[str, Any]
    setting_closed: bool = False  # a conversation setting the latest screen no longer offers


def _country(vault: Vault) -> str:
    return prefs.load_prefs(vault).country or "international"


def _texts(raw: Any, name: str) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(v, str) for v in raw):
        raise InvalidInputError(_("'{name}' must be a list of texts.").format(name=name))
    return [v for v in raw if v.strip()]


def _opt_text(raw: Any, name: str) -> str | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise InvalidInputError(_("'{name}' must be text.").format(name=name))
    return raw.strip() or None


# --- conversation ---------------------------------------------------------------------------


def _trusted(raw: Any) -> TrustedPerson | None:
    if not raw:
        return None
    if not isinstance(raw, Mapping):
        raise InvalidInputError(_("'trusted' must hold a name and a way to reach them."))
    name, how = _opt_text(raw.get("name"), "name"), _opt_text(raw.get("how"), "how")
    if not name or not how:
        raise InvalidInputError(
            _("The person you trust needs a name and a way to reach them."),
            hint=_("Or leave both empty."),
        )
    moment = _opt_text(raw.get("check_in_at"), "check_in_at")
    try:
        check_in = dt.datetime.fromisoformat(moment) if moment else None
    except ValueError:
        raise InvalidInputError(_("The check-in time is not valid.")) from None
    return TrustedPerson(name, how, check_in, _opt_text(raw.get("if_no_check_in"), "if_none"))


def talk_from_data(data: Mapping[str, Any], *, vault: Vault) -> ConversationPlan:
    latest = screening.latest_screen(vault)
    setting = _opt_text(data.get("setting"), "setting")
    if setting is None:
        raise InvalidInputError(_("Please choose where and how you will tell them."))
    return make_conversation_plan(
        _texts(data.get("reasons"), "reasons"),
        setting,
        screen=latest.result if latest else None,
        trusted=_trusted(data.get("trusted")),
        rehearse=_texts(data.get("rehearse"), "rehearse") if "rehearse" in data else None,
        done=_texts(data.get("done"), "done"),
        country=_country(vault),
    )


def talk_to_data(plan: ConversationPlan) -> dict[str, Any]:
    trusted = plan.trusted
    return {
        "reasons": list(plan.reasons),
        "setting": plan.setting,
        "trusted": None
        if trusted is None
        else {
            "name": trusted.name,
            "how": trusted.how_to_reach,
            "check_in_at": trusted.check_in_at.isoformat() if trusted.check_in_at else None,
            "if_no_check_in": trusted.if_no_check_in,
        },
        "rehearse": list(plan.rehearse),
        "done": sorted(plan.done),
    }


def _talk_loaded(data: Mapping[str, Any], vault: Vault) -> tuple[ConversationPlan, bool]:
    """A stored plan, built without the screen check so a closed setting can be shown."""
    latest = screening.latest_screen(vault)
    offered = {
        c.setting.id for c in planner_settings(latest.result if latest else None) if c.offered
    }
    setting = str(data["setting"])
    # Re-check everything else against the setting the screen still offers.
    check = dict(data, setting=setting if setting in offered else next(iter(sorted(offered))))
    plan = talk_from_data(check, vault=vault)
    plan = ConversationPlan(
        plan.reasons, plan.statement, setting, plan.trusted, plan.rehearse, plan.done, plan.country
    )
    return plan, setting not in offered


def today() -> dt.date:
    """Today on this computer's clock (Onward runs locally)."""
    return dt.datetime.now(dt.UTC).astimezone().date()


# --- boundaries and safety ------------------------------------------------------------------


def limits_from_data(data: Mapping[str, Any], *, vault: Vault) -> BoundaryPlan:
    rule = _opt_text(data.get("rule"), "rule")
    if rule is None:
        raise InvalidInputError(_("Please choose a contact rule."))
    start = _opt_text(data.get("start"), "start")
    days = data.get("duration_days")
    if days is not None and (isinstance(days, bool) or not isinstance(days, int)):
        raise InvalidInputError(_("'duration_days' must be a whole number of days, or null."))
    try:
        start_date = dt.date.fromisoformat(start) if start else today()
    except ValueError:
        raise InvalidInputError(_("The start date is not valid."), hint="YYYY-MM-DD") from None
    return make_boundary_plan(
        rule,
        start_date,
        days,
        channel=_opt_text(data.get("channel"), "channel"),
        topics=_texts(data.get("topics"), "topics"),
        step=_opt_text(data.get("step"), "step"),
        country=_country(vault),
    )


def _check_start(plan: BoundaryPlan) -> BoundaryPlan:
    """Refuse a start so late that the rule's end would be past the year 9999."""
    if plan.start > dt.date.max - dt.timedelta(days=MAX_DAYS):
        raise InvalidInputError(
            _("That start date is too far in the future."),
            hint=_("Check the year. A contact rule usually starts today or soon."),
        )
    return plan


def limits_to_data(plan: BoundaryPlan) -> dict[str, Any]:
    return {
        "rule": plan.rule,
        "start": plan.start.isoformat(),
        "duration_days": plan.duration_days,
        "channel": plan.channel,
        "topics": list(plan.topics),
        "step": plan.step,
    }


def safety_from_data(data: Mapping[str, Any], *, vault: Vault) -> SafetyPlan:
    people_raw = data.get("people") or []
    if not isinstance(people_raw, list) or not all(isinstance(p, Mapping) for p in people_raw):
        raise InvalidInputError(_('\'people\' must be a list of {"name": …, "how": …}.'))
    people = [
        Contact(_opt_text(p.get("name"), "name") or "", _opt_text(p.get("how"), "how") or "")
        for p in people_raw
    ]
    return make_safety_plan(
        people=people,
        safe_places=_texts(data.get("safe_places"), "safe_places"),
        code_word=_opt_text(data.get("code_word"), "code_word"),
        code_meaning=_opt_text(data.get("code_meaning"), "code_meaning"),
        packed=_texts(data.get("packed"), "packed"),
        tech_done=_texts(data.get("tech_done"), "tech_done"),
        country=_country(vault),
    )


def safety_to_data(plan: SafetyPlan) -> dict[str, Any]:
    return {
        "people": [{"name": p.name, "how": p.how} for p in plan.people],
        "safe_places": list(plan.safe_places),
        "code_word": plan.code_word,
        "code_meaning": plan.code_meaning,
        "packed": sorted(plan.packed),
        "tech_done": sorted(plan.tech_done),
    }


# --- storage --------------------------------------------------------------------------------

# The keys of each plan's JSON (what the *_from_data readers above take).
FIELDS = {
    TALK: ("reasons", "setting", "trusted", "rehearse", "done"),
    LIMITS: ("rule", "start", "duration_days", "channel", "topics", "step"),
    SAFETY: ("people", "safe_places", "code_word", "code_meaning", "packed", "tech_done"),
}


def check_fields(name: str, data: Mapping[str, Any]) -> None:
    """Refuse keys the plan does not have: a wrong file must not replace a saved plan.

    The keys are not repeated in the message, in case a file of private notes was given.
    """
    known = FIELDS[_check_name(name)]
    if set(data) - set(known):
        raise InvalidInputError(
            _("This file is not a {name} plan, so nothing was saved.").format(name=name),
            hint=_("A {name} plan has only these fields: {fields} (see docs/path.md).").format(
                name=name, fields=", ".join(known)
            ),
        )


def _check_name(name: str) -> str:
    if name not in KINDS:
        raise InvalidInputError(
            _("Unknown plan '{name}'.").format(name=name),
            hint=_("Choose one of: {names}.").format(names=", ".join(KINDS)),
        )
    return name


def save_plan(
    vault: Vault, name: str, data: Mapping[str, Any], *, now: dt.datetime | None = None
) -> Saved:
    """Check a plan and store it (replacing the earlier version of the same plan)."""
    _check_name(name)
    if name == TALK:
        stored = talk_to_data(talk_from_data(data, vault=vault))
    elif name == LIMITS:
        stored = limits_to_data(_check_start(limits_from_data(data, vault=vault)))
    else:
        stored = safety_to_data(safety_from_data(data, vault=vault))
    stored["saved_at"] = (now or dt.datetime.now(dt.UTC)).isoformat()
    items.save_singleton(vault, kind=KINDS[name], data=stored)
    loaded = load_plan(vault, name)
    assert loaded is not None
    return loaded


def load_plan(vault: Vault, name: str) -> Saved | None:
    """The stored plan, or None if it was never saved."""
    doc = items.singleton(vault, kind=KINDS[_check_name(name)])
    if doc is None:
        return None
    data = dict(doc.data)
    saved_at = dt.datetime.fromisoformat(data.pop("saved_at"))
    if name == TALK:
        plan, closed = _talk_loaded(data, vault)
        return Saved(name, saved_at, plan, data, setting_closed=closed)
    if name == LIMITS:
        return Saved(name, saved_at, limits_from_data(data, vault=vault), data)
    return Saved(name, saved_at, safety_from_data(data, vault=vault), data)


def saved_dates(vault: Vault) -> dict[str, dt.datetime | None]:
    """When each plan was last saved (None: not yet)."""
    out: dict[str, dt.datetime | None] = {}
    for name, kind in KINDS.items():
        doc = items.singleton(vault, kind=kind)
        out[name] = dt.datetime.fromisoformat(doc.data["saved_at"]) if doc else None
    return out


def plan_text(vault: Vault, name: str) -> str:
    """A plan as printable text; ``card`` is the small emergency card."""
    if name not in NAMES:
        _check_name(name)
    saved = load_plan(vault, SAFETY if name == CARD else name)
    if saved is None:
        raise NotFoundError(
            _("That plan has not been made yet."),
            hint=_("Make it in the app, or with: onward plan save {name} --answers FILE").format(
                name=SAFETY if name == CARD else name
            ),
        )
    if name == CARD:
        assert isinstance(saved.plan, SafetyPlan)
        return render_card(saved.plan)
    return render_text(saved.plan)
