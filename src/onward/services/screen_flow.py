"""The danger screen as the web app and the CLI use it: questions, answers, results.

Scoring and gates are pure (:mod:`onward.guide.screen`); storage is :mod:`screening`. This
module reads answers from a form or a JSON file and builds what the pages show, including the
crisis lines that appear at once when the person says their own life is at risk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from onward.errors import InvalidInputError
from onward.guide.helplines import CountryHelplines, Line, format_line
from onward.guide.screen import Screen, ScreenResult, check_answers, load_screen, score_screen
from onward.i18n import gettext as _
from onward.services import lines, prefs, screening
from onward.services.fields import Fields, yes_no
from onward.services.vault import Vault

WORRIES_KEY = "anything_else"  # the free-text answer in an answers file
MAX_WORRIES = 2000


@dataclass(frozen=True, slots=True)
class ScreenPage:
    screen: Screen
    latest: screening.SavedScreen | None
    history: list[screening.SavedScreen]
    crisis: list[Line]  # shown at once if the crisis question is answered yes


@dataclass(frozen=True, slots=True)
class ResultPage:
    screen: Screen
    saved: screening.SavedScreen
    crisis: list[Line]  # empty unless the person said their own life is at risk
    helplines: CountryHelplines
    ordered: list[Line]
    gate_notes: list[str]


def questions() -> Screen:
    return load_screen()


def questions_json() -> list[dict[str, Any]]:
    """The items as ``onward screen --questions --json`` lists them."""
    return [{"id": i.id, "text": i.text, "trigger": i.trigger} for i in load_screen().items]


def result_json(result: ScreenResult) -> dict[str, Any]:
    """The result as ``onward screen --answers FILE --json`` prints it."""
    return {"positive": result.positive, "reasons": result.reasons, "gates": result.gates}


def parse_json_answers(data: Mapping[str, Any]) -> tuple[dict[str, bool], str | None]:
    """{"item id": true|false} plus an optional "anything_else" text."""
    if not isinstance(data, Mapping):
        raise InvalidInputError(
            _("The answers file must hold a JSON object."), hint=_('For example: {"weapon": false}')
        )
    worries = data.get(WORRIES_KEY)
    if worries is not None and not isinstance(worries, str):
        raise InvalidInputError(_("'anything_else' must be text."))
    answers = {k: v for k, v in data.items() if k != WORRIES_KEY}
    check_answers(answers, load_screen())
    return answers, _clean_worries(worries)


def _clean_worries(worries: str | None) -> str | None:
    if worries is not None and len(worries) > MAX_WORRIES:
        raise InvalidInputError(
            _("The last answer is too long."), hint=_("Please keep it under 2000 characters.")
        )
    cleaned = worries.strip() if worries else ""
    return cleaned or None


def answers_from_fields(fields: Fields) -> tuple[dict[str, bool], str | None]:
    """Form fields ``q_<item id>`` = yes/no (skipped ones are left out) and ``worries``."""
    answers: dict[str, bool] = {}
    for item in load_screen().items:
        value = yes_no(fields, f"q_{item.id}")
        if value is not None:
            answers[item.id] = value
    worries = (fields.get("worries") or [""])[0]
    return answers, _clean_worries(worries)


def score(answers: Mapping[str, bool], worries: str | None = None) -> ScreenResult:
    return score_screen(answers, worries=worries)


def screen_page(vault: Vault) -> ScreenPage:
    country = prefs.load_prefs(vault).country
    return ScreenPage(
        screen=load_screen(),
        latest=screening.latest_screen(vault),
        history=screening.screen_history(vault, limit=20),
        crisis=lines.crisis_for(country),
    )


def save_from_fields(vault: Vault, fields: Fields) -> screening.SavedScreen:
    answers, worries = answers_from_fields(fields)
    return screening.save_screen(vault, answers=answers, worries=worries)


def result_page(vault: Vault) -> ResultPage | None:
    """The latest result with what it changes, or None before the first screen."""
    saved = screening.latest_screen(vault)
    if saved is None:
        return None
    country = prefs.load_prefs(vault).country
    found = lines.helplines_for(country)
    return ResultPage(
        screen=load_screen(),
        saved=saved,
        crisis=lines.crisis_for(country) if saved.result.crisis else [],
        helplines=found,
        ordered=lines.ordered_lines(found),
        gate_notes=gate_notes(saved.result.gates),
    )


def gate_notes(gates: list[str] | frozenset[str]) -> list[str]:
    """What each gate changes, in plain words, in the order of the gates."""
    notes = {
        "crisis_lines_now": _("Crisis lines are shown first, on every page of your path."),
        "helplines_first": _("Helplines and advocates come before any other tool."),
        "safety_plan_first": _("Your safety plan comes before any plan to leave."),
        "no_private_talk": _(
            "Onward will not suggest telling them in private, face to face. "
            "It offers safer ways instead."
        ),
        "no_couples_counselling": _("Couples counselling is not suggested."),
        "repair_closed": _("Working on the relationship (the repair path) is closed for now."),
        "no_time_apart_contact": _("A break that keeps contact is not suggested."),
    }
    return [notes[g] for g in gates if g in notes]


def screen_text(screen: Screen, result: ScreenResult, crisis: list[Line]) -> str:
    """A result as terminal text: crisis lines first, then the result and what it changes."""
    out: list[str] = []
    if crisis:
        out += [screen.crisis_title, screen.crisis_text, *(f"  - {format_line(c)}" for c in crisis)]
        out.append("")
    text = screen.positive if result.positive else screen.negative
    out += [text.title, "", text.means, "", _("What it does not mean:"), text.does_not_mean]
    if result.reasons:
        out += ["", _("Why:"), *(f"  - {r}" for r in result.reasons)]
    if result.gates:
        out += ["", _("What changes in Onward:"), *(f"  - {n}" for n in gate_notes(result.gates))]
    if result.worries:
        out += ["", _("What else worries you (shown back, not scored):"), f"  {result.worries}"]
    return "\n".join(out) + "\n"
