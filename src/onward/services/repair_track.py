"""The repair track: one honest talk, an apology, a time-apart agreement, and the stop rules.

What the person writes is kept in two encrypted items: ``mend`` (talk notes, apology, what
happened) and ``agreement`` (the time-apart agreement). Whether the track is open is worked
out on every read from the latest danger screen and those items, by the guide's
``repair_status``: a positive screen closes it (safety first), and so do the partner
restating the decision, refusing the agreement, saying no at the review, or the review date
passing without a shared yes. Closing hands over to the let-go track, kindly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Final

from onward.errors import InvalidInputError, NotFoundError, OnwardError
from onward.guide.drafts import DraftNote
from onward.guide.repair import (
    Apology,
    ContactRule,
    HeartToHeartPrep,
    RepairStatus,
    TimeApartAgreement,
    check_apology,
    default_heart_to_heart,
    make_agreement,
    render_agreement_text,
    render_apology,
    render_prep_card,
    repair_status,
)
from onward.i18n import gettext as _
from onward.services import drafts, items, screening
from onward.services.tracks_common import (
    GuideLink,
    HelpLines,
    clean_text,
    crisis_lines,
    guide_html,
    guide_links,
    lines_of,
    now_utc,
    safety_lines,
)
from onward.services.vault import Vault

KIND = "mend"
AGREEMENT_KIND = "agreement"
EVENTS: Final = ("agreed", "refused", "restated", "review_yes", "review_no")
REVIEW_SOON_DAYS: Final = 2  # the home page mentions the review this many days ahead
MAX_START_AHEAD_DAYS: Final = 365  # a time apart that starts later than this is a mistyped year
GUIDES: Final = (
    "repair-heart-to-heart",
    "repair-apology",
    "repair-time-apart",
    "repair-counselling",
    "repair-rebuilding",
    "repair-stop-rules",
)


class RepairClosedError(OnwardError):
    """The repair track is closed; the status says why and where to go next."""

    def __init__(self, status: RepairStatus) -> None:
        super().__init__(status.reason or _("This part of Onward is closed."))
        self.status = status


@dataclass(frozen=True, slots=True)
class TalkNotes:
    my_questions: str = ""
    partner_said: str = ""


@dataclass(frozen=True, slots=True)
class ApologyCheck:
    text: str
    review: drafts.DraftReview
    lines: HelpLines | None  # crisis lines when the words talk about self-harm


@dataclass(frozen=True, slots=True)
class MendView:
    """Everything the repair pages show."""

    status: RepairStatus
    screened: bool
    counselling_shown: bool  # hidden when the screen gates couples counselling
    contact_choices: tuple[ContactRule, ...]
    prep: HeartToHeartPrep
    prep_card: str
    talk: TalkNotes
    apology: Apology | None
    agreement: TimeApartAgreement | None
    agreement_text: str
    events: tuple[str, ...]
    review_due: bool
    guides: list[GuideLink]
    lines: HelpLines | None = None  # safety lines, when closed for safety
    apology_check: ApologyCheck | None = field(default=None)


# --- stored state ---------------------------------------------------------------------------


def _state(vault: Vault) -> dict[str, Any]:
    doc = items.singleton(vault, kind=KIND)
    return dict(doc.data) if doc else {}


def _save_state(vault: Vault, data: dict[str, Any]) -> None:
    items.save_singleton(vault, kind=KIND, data=data)


def load_agreement(vault: Vault) -> TimeApartAgreement | None:
    doc = items.singleton(vault, kind=AGREEMENT_KIND)
    if doc is None:
        return None
    d = doc.data
    return TimeApartAgreement(
        start=date.fromisoformat(d["start"]),
        review_date=date.fromisoformat(d["review_date"]),
        contact=ContactRule(d["contact"]),
        contact_details=d.get("contact_details", ""),
        my_part=tuple(d.get("my_part", ())),
        their_part=tuple(d.get("their_part", ())),
        names=(d.get("names", ["", ""])[0], d.get("names", ["", ""])[1]),
    )


def _events(state: dict[str, Any]) -> tuple[str, ...]:
    return tuple(e["event"] for e in state.get("events", ()))


def _status(
    gates: frozenset[str], state: dict[str, Any], agreement: TimeApartAgreement | None, today: date
) -> RepairStatus:
    events = _events(state)
    review_answers = [e for e in events if e in ("review_yes", "review_no")]
    shared_yes = None if not review_answers else review_answers[-1] == "review_yes"
    return repair_status(
        screen_positive="repair_closed" in gates,
        partner_restated_decision="restated" in events,
        partner_refused_agreement="refused" in events,
        review_date=agreement.review_date if agreement else None,
        shared_yes_at_review=shared_yes,
        today=today,
    )


def recorded_events(vault: Vault) -> tuple[str, ...]:
    """What the person noted so far, oldest first (e.g. "agreed", "review_yes")."""
    return _events(_state(vault))


def track_status(vault: Vault, *, today: date) -> RepairStatus:
    """Is the repair track open today? If not: why, and where Onward goes next."""
    return _status(screening.current_gates(vault), _state(vault), load_agreement(vault), today)


def _require_open(vault: Vault, today: date) -> dict[str, Any]:
    state = _state(vault)
    status = _status(screening.current_gates(vault), state, load_agreement(vault), today)
    if not status.open:
        raise RepairClosedError(status)
    return state


# --- the view -------------------------------------------------------------------------------


def _apology(state: dict[str, Any]) -> Apology | None:
    raw = state.get("apology")
    return Apology(**raw) if raw else None


def load_track(vault: Vault, *, today: date) -> MendView:
    """The whole track as the pages show it, with the stop rules applied."""
    gates = screening.current_gates(vault)
    state = _state(vault)
    agreement = load_agreement(vault)
    status = _status(gates, state, agreement, today)
    talk = state.get("talk") or {}
    prep = default_heart_to_heart(talk.get("my_questions", ""))
    apology = _apology(state)
    events = _events(state)
    return MendView(
        status=status,
        screened=screening.latest_screen(vault) is not None,
        counselling_shown="no_couples_counselling" not in gates,
        contact_choices=_contact_choices(gates),
        prep=prep,
        prep_card=render_prep_card(prep),
        talk=TalkNotes(talk.get("my_questions", ""), talk.get("partner_said", "")),
        apology=apology,
        agreement=agreement,
        agreement_text=render_agreement_text(agreement) if agreement else "",
        events=events,
        review_due=_review_due(agreement, events, today),
        guides=guide_links(*_guides(gates)),
        lines=safety_lines(vault) if status.hand_over_to == "safety" else None,
        apology_check=_check(vault, apology) if apology else None,
    )


def _guides(gates: frozenset[str]) -> tuple[str, ...]:
    if "no_couples_counselling" in gates:
        return tuple(g for g in GUIDES if g != "repair-counselling")
    return GUIDES


def _contact_choices(gates: frozenset[str]) -> tuple[ContactRule, ...]:
    if "no_time_apart_contact" in gates:
        return (ContactRule.NONE,)
    return tuple(ContactRule)


def _review_due(agreement: TimeApartAgreement | None, events: tuple[str, ...], today: date) -> bool:
    if agreement is None or "review_yes" in events or "review_no" in events:
        return False
    return (agreement.review_date - today).days <= REVIEW_SOON_DAYS


def counselling_html() -> str:
    return guide_html("repair-counselling")


def rebuilding_html() -> str:
    return guide_html("repair-rebuilding")


# --- changes --------------------------------------------------------------------------------


def save_talk(vault: Vault, *, my_questions: str, partner_said: str, today: date) -> TalkNotes:
    """Keep the notes for the one honest talk: own questions, and what the partner said."""
    state = _require_open(vault, today)
    talk = TalkNotes(
        clean_text(my_questions, field=_("Your questions")),
        clean_text(partner_said, field=_("What they said")),
    )
    state["talk"] = {"my_questions": talk.my_questions, "partner_said": talk.partner_said}
    _save_state(vault, state)
    return talk


def _check(vault: Vault, apology: Apology) -> ApologyCheck:
    notes: list[DraftNote] = check_apology(apology, drafts.checker_for("apology"))
    text = render_apology(apology)
    review = drafts.review_notes(text, notes)
    return ApologyCheck(text, review, crisis_lines(vault) if review.crisis else None)


def save_apology(vault: Vault, apology: Apology, *, today: date) -> ApologyCheck:
    """Keep the apology's parts and check it for excuses, begging and pressure."""
    state = _require_open(vault, today)
    parts = {
        "what_i_did": clean_text(apology.what_i_did, field=_("What you did"), limit=2000),
        "its_effect": clean_text(apology.its_effect, field=_("Its effect"), limit=2000),
        "what_i_will_do_differently": clean_text(
            apology.what_i_will_do_differently, field=_("What you will change"), limit=2000
        ),
        "ask": clean_text(apology.ask, field=_("Your one question"), limit=500),
    }
    state["apology"] = parts
    _save_state(vault, state)
    return _check(vault, Apology(**parts))


def save_agreement(
    vault: Vault,
    *,
    start: date,
    duration_days: int,
    contact: str,
    contact_details: str = "",
    my_part: str = "",
    their_part: str = "",
    names: tuple[str, str] = ("", ""),
    today: date,
) -> TimeApartAgreement:
    """Make (or redo) the time-apart agreement. Contact is limited when the screen says so."""
    _require_open(vault, today)
    choices = _contact_choices(screening.current_gates(vault))
    if contact not in {c.value for c in choices}:
        raise InvalidInputError(
            _("That kind of contact is not offered here."),
            hint=_("Your safety check suggests no contact during the time apart."),
        )
    if start > today + timedelta(days=MAX_START_AHEAD_DAYS):
        raise InvalidInputError(
            _("That start date is too far ahead."),
            hint=_("Check the year. Pick a start date within the next year."),
        )
    agreement = make_agreement(
        start=start,
        duration_days=duration_days,
        contact=ContactRule(contact),
        contact_details=clean_text(contact_details, field=_("Contact details"), limit=1000),
        my_part=lines_of(my_part),
        their_part=lines_of(their_part),
        names=(names[0][:60], names[1][:60]),
    )
    if agreement.review_date < today:
        raise InvalidInputError(
            _("With that start date, the review date would already be over."),
            hint=_("Pick a start date that is today or recent, or a longer time apart."),
        )
    data = {
        "start": agreement.start.isoformat(),
        "review_date": agreement.review_date.isoformat(),
        "contact": agreement.contact.value,
        "contact_details": agreement.contact_details,
        "my_part": list(agreement.my_part),
        "their_part": list(agreement.their_part),
        "names": list(agreement.names),
    }
    items.save_singleton(vault, kind=AGREEMENT_KIND, data=data)
    return agreement


def record_event(vault: Vault, *, event: str, today: date) -> RepairStatus:
    """Note what happened (they agreed, refused, restated, or the review's answer)."""
    if event not in EVENTS:
        raise InvalidInputError(_("That choice is not known."), hint=_("Pick one of the buttons."))
    state = _require_open(vault, today)
    if event.startswith("review_") and load_agreement(vault) is None:
        raise InvalidInputError(
            _("There is no time-apart agreement to review yet."),
            hint=_("Make the agreement first."),
        )
    events = [*state.get("events", ()), {"event": event, "at": now_utc().isoformat()}]
    state["events"] = events
    _save_state(vault, state)
    return track_status(vault, today=today)


def agreement_text(vault: Vault) -> str:
    """The shareable plain text of the time-apart agreement."""
    agreement = load_agreement(vault)
    if agreement is None:
        raise NotFoundError(
            _("There is no time-apart agreement yet."),
            hint=_("Make one in Onward first (Today, then Trying again)."),
        )
    return render_agreement_text(agreement)
