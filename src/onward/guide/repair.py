"""The repair path: one honest talk, an apology, a time-apart agreement, and stop rules.

Pure rules and text building. Apology drafts are checked through the ``DraftChecker``
protocol (``onward.guide.drafts``), so the real pattern detectors can plug in later.

The repair path is never shown when the danger screen is positive: couples work is not
advised where there is abuse (National Domestic Violence Hotline, 2014). ``repair_status``
encodes that and the other stop rules.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Final, Literal

from onward.errors import InvalidInputError
from onward.guide._text import fill
from onward.guide.drafts import (
    BEGGING_RULES,
    EXCUSE_RULES,
    PRESSURE_RULES,
    DraftChecker,
    DraftNote,
    RuleDraftChecker,
    as_sentence,
)
from onward.guide.recovery import load_prompts

APOLOGY_CHECKER: Final = RuleDraftChecker(EXCUSE_RULES + BEGGING_RULES + PRESSURE_RULES)


# --- one honest talk ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HeartToHeartPrep:
    """What the person brings to one honest talk: questions, listening aids, own notes."""

    questions: tuple[str, ...]
    reflect_starters: tuple[str, ...]
    avoid: tuple[str, ...]
    notes: str = ""


def default_heart_to_heart(notes: str = "") -> HeartToHeartPrep:
    """The suggested questions and listening aids from ``prompts.yaml``."""
    raw = load_prompts()["heart_to_heart"]
    return HeartToHeartPrep(
        questions=tuple(raw["questions"]),
        reflect_starters=tuple(raw["reflect_starters"]),
        avoid=tuple(raw["avoid"]),
        notes=notes.strip(),
    )


def render_prep_card(prep: HeartToHeartPrep) -> str:
    """A short plain-text card to read before the talk."""
    parts = ["BEFORE THE TALK", "", "Questions I want to ask:"]
    parts += [f"  - {q}" for q in prep.questions]
    parts += ["", "To show I am listening:"] + [f"  - {s}" for s in prep.reflect_starters]
    parts += ["", "What I will avoid:"] + [f"  - {a}" for a in prep.avoid]
    if prep.notes:
        parts += [
            "",
            "My notes:",
            fill(prep.notes, 72, first="  ", rest="  "),
        ]
    return "\n".join(parts) + "\n"


# --- apology --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Apology:
    """The three parts of a sincere apology, in the person's own words, plus an optional ask."""

    what_i_did: str
    its_effect: str
    what_i_will_do_differently: str
    ask: str = ""  # e.g. "Would you be willing to try again, slowly?" - asked once, not begged


def render_apology(apology: Apology) -> str:
    """The apology as one paragraph, in the order: what, effect, change, ask."""
    parts = (
        apology.what_i_did,
        apology.its_effect,
        apology.what_i_will_do_differently,
        apology.ask,
    )
    return " ".join(s for s in (as_sentence(p) for p in parts) if s)


_MISSING: Final = (
    ("what_i_did", "Say plainly what you did. Naming it shows you understand it."),
    ("its_effect", "Say how it affected them. This shows you see their side."),
    ("what_i_will_do_differently", "Name what you will do differently - one real, doable change."),
)


def check_apology(apology: Apology, checker: DraftChecker = APOLOGY_CHECKER) -> list[DraftNote]:
    """Missing parts first, then notes on the rendered text (spans index into it)."""
    notes = [
        DraftNote("missing", message, f"missing.{field}", None, "strong")
        for field, message in _MISSING
        if not getattr(apology, field).strip()
    ]
    return notes + checker.check(render_apology(apology))


# --- time-apart agreement -------------------------------------------------------------------

MAX_TIME_APART_DAYS: Final = 180  # a pause, not an open end; longer needs a new agreement


class ContactRule(StrEnum):
    """What contact the two agree on during the time apart."""

    NONE = "none"
    LOGISTICS_ONLY = "logistics_only"
    AGREED_CHECK_IN = "agreed_check_in"


_CONTACT_TEXT: Final = {
    ContactRule.NONE: "No contact, except in an emergency.",
    ContactRule.LOGISTICS_ONLY: "Practical matters only (for example bills, keys, pets, children).",
    ContactRule.AGREED_CHECK_IN: "Only the check-ins we agreed on below.",
}


@dataclass(frozen=True, slots=True)
class TimeApartAgreement:
    """An agreed break with limits, a set length and a review date."""

    start: date
    review_date: date
    contact: ContactRule
    contact_details: str = ""
    my_part: tuple[str, ...] = ()
    their_part: tuple[str, ...] = ()
    names: tuple[str, str] = ("", "")

    @property
    def duration_days(self) -> int:
        return (self.review_date - self.start).days


def make_agreement(
    *,
    start: date,
    duration_days: int,
    contact: ContactRule,
    contact_details: str = "",
    my_part: Sequence[str] = (),
    their_part: Sequence[str] = (),
    names: tuple[str, str] = ("", ""),
) -> TimeApartAgreement:
    """Build an agreement whose review date is ``duration_days`` after ``start``."""
    if isinstance(duration_days, bool) or not 1 <= duration_days <= MAX_TIME_APART_DAYS:
        raise InvalidInputError(
            f"The time apart must be 1 to {MAX_TIME_APART_DAYS} days.",
            hint="Pick a length you both can keep. You can agree a new one at the review.",
        )
    return TimeApartAgreement(
        start=start,
        review_date=start + timedelta(days=duration_days),
        contact=ContactRule(contact),
        contact_details=" ".join(contact_details.split()),
        my_part=tuple(p.strip() for p in my_part if p.strip()),
        their_part=tuple(p.strip() for p in their_part if p.strip()),
        names=(names[0].strip(), names[1].strip()),
    )


_REVIEW_TEXT: Final = (
    "On the review date we talk once, calmly. Each of us says whether we want to try again.",
    "If either of us wants to end it, the other respects that.",
    "Until then, neither of us checks up on, follows or pressures the other.",
)


def _block(title: str, lines: Sequence[str], none: str = "(nothing written yet)") -> list[str]:
    wrapped = [fill(line, 72, first="  - ", rest="    ") for line in lines]
    return [title, *(wrapped or [f"  {none}"]), ""]


def render_agreement_text(agreement: TimeApartAgreement) -> str:
    """A printable, shareable plain-text version of the agreement."""
    me, them = agreement.names
    out = ["TIME-APART AGREEMENT", ""]
    if me or them:
        out += [f"Between: {me or 'me'} and {them or 'you'}", ""]
    out += [
        f"Starts:  {agreement.start.isoformat()}",
        f"Review:  {agreement.review_date.isoformat()} ({agreement.duration_days} days)",
        "",
    ]
    contact = [_CONTACT_TEXT[agreement.contact]]
    if agreement.contact_details:
        contact.append(agreement.contact_details)
    out += _block("Contact during this time:", contact)
    out += _block(f"What {me or 'I'} will do:", agreement.my_part)
    out += _block(f"What {them or 'you'} will do:", agreement.their_part)
    out += _block("At the review:", _REVIEW_TEXT)
    out.append("This is an agreement made in good faith. It is not a legal contract.")
    return "\n".join(out) + "\n"


# --- stop rules -----------------------------------------------------------------------------

HandOver = Literal["letgo", "safety"]


@dataclass(frozen=True, slots=True)
class RepairStatus:
    """Whether the repair path stays open; if not, why, and where Onward goes next."""

    open: bool
    reason: str | None = None
    hand_over_to: HandOver | None = None


_SAFETY_REASON: Final = (
    "Your safety check raised a concern. When there is a risk of harm, Onward does not guide "
    "repair talks or couples counselling, because they can make things more dangerous. Your "
    "safety plan and the people who can help come first."
)
_RESTATED_REASON: Final = (
    "They have told you again that they want to end it. You tried honestly, and that matters. "
    "Respecting their decision now is the kindest thing, for them and for you."
)
_REFUSED_REASON: Final = (
    "They did not agree to time apart with a review. Without that, there is no shared plan to "
    "work on. It is time to turn toward letting go and looking after yourself."
)
_REVIEW_NO_REASON: Final = (
    "At the review you did not both say yes to trying again. That is a clear answer, even if "
    "it hurts. It is time to let go gently."
)
_REVIEW_PASSED_REASON: Final = (
    "The review date has passed without a shared yes. Waiting longer tends to keep the pain "
    "going. It is time to let go gently."
)


def repair_status(
    *,
    screen_positive: bool,
    partner_restated_decision: bool,
    partner_refused_agreement: bool,
    review_date: date | None,
    shared_yes_at_review: bool | None,
    today: date,
) -> RepairStatus:
    """Apply the stop rules, safety first. Closing is never a failure, and it says why.

    The path closes when the danger screen is positive (hand over to safety), when the
    partner restates the decision, refuses the time-apart agreement, says no at the review,
    or when the review date has passed without a shared yes (hand over to letting go).
    A shared yes at the review keeps the path open.
    """
    if screen_positive:
        return RepairStatus(False, _SAFETY_REASON, "safety")
    if partner_restated_decision:
        return RepairStatus(False, _RESTATED_REASON, "letgo")
    if partner_refused_agreement:
        return RepairStatus(False, _REFUSED_REASON, "letgo")
    if shared_yes_at_review is False:
        return RepairStatus(False, _REVIEW_NO_REASON, "letgo")
    if review_date is not None and today > review_date and shared_yes_at_review is not True:
        return RepairStatus(False, _REVIEW_PASSED_REASON, "letgo")
    return RepairStatus(True)
