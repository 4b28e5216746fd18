"""The path: where the person stands, and what comes next for them.

The person says where they stand (``prefs.situation``) and which country they are in
(``prefs.country``). The hub on the home page lists their steps, the latest danger-screen
result with its date, and the advice the screen allows. The screen's gates are the only source
of what is closed: :func:`repair_offered` is the one check for the repair path.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from dataclasses import dataclass

from onward.errors import InvalidInputError
from onward.guide.helplines import CountryHelplines, Line
from onward.guide.screen import (
    CRISIS_LINES_NOW,
    GATES,
    HELPLINES_FIRST,
    NO_COUPLES_COUNSELLING,
    NO_PRIVATE_TALK,
    NO_TIME_APART_CONTACT,
    REPAIR_CLOSED,
    SAFETY_PLAN_FIRST,
)
from onward.i18n import gettext as _
from onward.services import (
    decision_aid,
    guide_library,
    health_check,
    lines,
    plans_store,
    prefs,
    screen_flow,
    screening,
)
from onward.services.fields import Fields, one
from onward.services.vault import Vault

SITUATIONS = ("leaving", "refused", "unsure", "repair", "left", "helper")
STEPS: dict[str, tuple[str, ...]] = {
    "leaving": ("check", "talk", "limits", "care"),
    "refused": ("check", "talk", "limits", "care"),
    "unsure": ("check", "health", "decide", "care"),
    "repair": ("check", "health", "decide"),
    "left": ("check", "limits", "care"),
    "helper": ("friend",),
    "": ("check",),
}
READING: dict[str, tuple[str, ...]] = {
    "leaving": (
        "plan-saying-it-clearly",
        "plan-where-and-how",
        "plan-practical-checklist",
        "safety-leaving-can-be-risky",
    ),
    "refused": (
        "plan-no-permission-needed",
        "hold-when-they-keep-pushing",
        "hold-boundaries-that-hold",
        "safety-leaving-can-be-risky",
    ),
    "unsure": (
        "understand-warning-signs",
        "understand-healthy-signs",
        "decide-weighing-your-options",
        "faq-before-you-go",
    ),
    "repair": (
        "repair-heart-to-heart",
        "repair-stop-rules",
        "understand-when-your-partner-seems-unhappy",
        "letgo-why-pleading-backfires",
    ),
    "left": ("letgo-goodbye-message", "letgo-no-contact", "letgo-self-worth", "recovery-self-care"),
    "helper": ("help-listening-and-what-to-avoid", "help-making-a-plan"),
    "": ("safety-about-the-screen", "plan-people-on-your-side"),
}


@dataclass(frozen=True, slots=True)
class Choice:
    id: str
    label: str
    hint: str


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    why: str
    url: str
    done_at: dt.datetime | None

    @property
    def done(self) -> bool:
        return self.done_at is not None


@dataclass(frozen=True, slots=True)
class Offer:
    id: str  # "repair", "counselling", "time-apart": what the gates can close
    title: str
    text: str
    url: str


@dataclass(frozen=True, slots=True)
class Hub:
    situation: str
    situation_label: str
    country: str
    screen: screening.SavedScreen | None
    gates: frozenset[str]
    steps: list[Step]
    next_step: Step | None
    offers: list[Offer]
    closed: list[str]  # what the screen closed, in plain words
    safer_setting: bool  # no private face-to-face talk; safer settings only
    helplines: CountryHelplines
    ordered: list[Line]
    short: list[Line]  # one line of each main kind, for small boxes
    crisis: list[Line]
    helplines_first: bool
    reading: list[guide_library.Entry]


@dataclass(frozen=True, slots=True)
class StartPage:
    choices: list[Choice]
    countries: list[lines.CountryChoice]
    situation: str
    country: str


def situation_choices() -> list[Choice]:
    return [
        Choice("leaving", _("I want to end it"), _("You have decided, or you are close to it.")),
        Choice(
            "refused",
            _("My partner won't accept that it's over"),
            _("You have said it, or want to, and they will not let it end."),
        ),
        Choice("unsure", _("I'm not sure"), _("You do not know yet whether to stay or go.")),
        Choice(
            "repair",
            _("I want to save it"),
            _("Your partner may want to end it, and you want to try."),
        ),
        Choice("left", _("I've been left"), _("Your partner has ended it.")),
        Choice(
            "helper", _("I'm helping a friend"), _("Someone you care about is going through this.")
        ),
    ]


def situation_label(situation: str) -> str:
    return next((c.label for c in situation_choices() if c.id == situation), "")


def start_page(vault: Vault) -> StartPage:
    current = prefs.load_prefs(vault)
    return StartPage(
        situation_choices(), lines.country_choices(), current.situation, current.country
    )


def save_start(vault: Vault, *, situation: str, country: str) -> prefs.Prefs:
    """Keep where the person stands and their country (both can be changed at any time)."""
    if situation not in SITUATIONS:
        raise InvalidInputError(
            _("Please choose the line that fits you best."), hint=_("You can change it later.")
        )
    current = prefs.load_prefs(vault)
    updated = dataclasses.replace(
        current, situation=situation, country=lines.normalise_country(country)
    )
    return prefs.save_prefs(vault, updated)


def save_start_fields(vault: Vault, fields: Fields) -> prefs.Prefs:
    return save_start(vault, situation=one(fields, "situation"), country=one(fields, "country"))


def save_country(vault: Vault, fields: Fields) -> prefs.Prefs:
    current = prefs.load_prefs(vault)
    updated = dataclasses.replace(current, country=lines.normalise_country(one(fields, "country")))
    return prefs.save_prefs(vault, updated)


def repair_offered(vault: Vault) -> bool:
    """The gate check for the repair path: closed when the latest screen says so."""
    return REPAIR_CLOSED not in screening.current_gates(vault)


def _step(step_id: str, done_at: dt.datetime | None) -> Step:
    table = {
        "check": (
            _("Safety questions"),
            _("A few yes or no questions. Your answers decide which advice is safe for you."),
            "/check",
        ),
        "health": (
            _("How is the relationship?"),
            _("Warning signs and good signs, with what they mean and do not mean."),
            "/health",
        ),
        "decide": (
            _("Weigh your options"),
            _("Compare what matters to you, two things at a time, and see how each choice fits."),
            "/decide",
        ),
        "talk": (
            _("Plan how to tell them"),
            _("What to say, where and how, and calm replies if they push back."),
            "/plan/talk",
        ),
        "limits": (
            _("Set your boundaries"),
            _("What contact you will have afterwards, and what to do if they keep pushing."),
            "/plan/limits",
        ),
        "care": (
            _("Make a safety plan"),
            _("People to call, safe places and things to have ready, on one printable card."),
            "/plan/care",
        ),
        "friend": (
            _("How to help your friend"),
            _("How to listen, what to avoid, and how to help them make a plan."),
            "/friend",
        ),
    }
    title, why, url = table[step_id]
    return Step(step_id, title, why, url, done_at)


def _done_dates(
    vault: Vault, screen: screening.SavedScreen | None
) -> dict[str, dt.datetime | None]:
    health = health_check.latest_health(vault)
    decision = decision_aid.latest_decision(vault)
    plans = plans_store.saved_dates(vault)
    return {
        "check": screen.taken_at if screen else None,
        "health": health.taken_at if health else None,
        "decide": decision.created_at if decision else None,
        "talk": plans[plans_store.TALK],
        "limits": plans[plans_store.LIMITS],
        "care": plans[plans_store.SAFETY],
        "friend": None,
    }


def _steps(
    situation: str, gates: frozenset[str], done: dict[str, dt.datetime | None]
) -> list[Step]:
    order = list(STEPS.get(situation, STEPS[""]))
    if SAFETY_PLAN_FIRST in gates and situation not in ("helper", ""):
        if "care" in order:
            order.remove("care")
        order.insert(1, "care")  # right after the safety questions
    return [_step(step_id, done[step_id]) for step_id in order]


def _offers(situation: str, gates: frozenset[str], screened: bool, repair_url: str) -> list[Offer]:
    if situation not in ("repair", "unsure") or not screened or REPAIR_CLOSED in gates:
        return []
    offers = [
        Offer(
            "repair",
            _("Work on the relationship"),
            _("Prepare one honest talk, an apology, and a clear point to stop."),
            repair_url,
        )
    ]
    if NO_COUPLES_COUNSELLING not in gates:
        key = guide_library.item_key("repair-counselling")
        offers.append(
            Offer(
                "counselling",
                _("Couples counselling"),
                _("What it is, and how to find it."),
                f"/guide/{key}",
            )
        )
    if NO_TIME_APART_CONTACT not in gates:
        key = guide_library.item_key("repair-time-apart")
        offers.append(
            Offer(
                "time-apart",
                _("Time apart, agreed together"),
                _("A break with clear rules and a date to talk again."),
                f"/guide/{key}",
            )
        )
    return offers


def _reading(situation: str, gates: frozenset[str]) -> list[guide_library.Entry]:
    ids = READING.get(situation, READING[""])
    return [
        guide_library.Entry(guide_library.item_key(i), i, guide_library.item_by_id(i).title)
        for i in ids
        if not guide_library.is_closed(i, gates)
    ]


def load_hub(vault: Vault, *, repair_url: str) -> Hub:
    """Everything the home page shows about the person's path."""
    current = prefs.load_prefs(vault)
    situation = current.situation if current.situation in SITUATIONS else ""
    screen = screening.latest_screen(vault)
    gates = frozenset(screen.result.gates) if screen else frozenset()
    steps = _steps(situation, gates, _done_dates(vault, screen))
    found = lines.helplines_for(current.country)
    return Hub(
        situation=situation,
        situation_label=situation_label(situation),
        country=current.country,
        screen=screen,
        gates=gates,
        steps=steps,
        next_step=next((s for s in steps if not s.done), None),
        offers=_offers(situation, gates, screen is not None, repair_url),
        closed=screen_flow.gate_notes([g for g in GATES if g in gates and g != CRISIS_LINES_NOW]),
        safer_setting=NO_PRIVATE_TALK in gates,
        helplines=found,
        ordered=lines.ordered_lines(found),
        short=lines.short_lines(found),
        crisis=lines.crisis_for(current.country) if screen and screen.result.crisis else [],
        helplines_first=HELPLINES_FIRST in gates,
        reading=_reading(situation, gates),
    )


@dataclass(frozen=True, slots=True)
class LinesPage:
    helplines: CountryHelplines
    ordered: list[Line]
    crisis: list[Line]
    countries: list[lines.CountryChoice]
    country: str


def lines_page(vault: Vault) -> LinesPage:
    """Helplines for the person's country, with the choice of country."""
    country = prefs.load_prefs(vault).country
    found = lines.helplines_for(country)
    return LinesPage(
        found,
        lines.ordered_lines(found),
        lines.crisis_for(country),
        lines.country_choices(),
        country,
    )
