"""Conversation planner, plus one printable renderer for every kind of plan.

The planner builds a short statement from the person's own reasons (clear, calm, kind and not
open to negotiation), offers the settings the danger screen allows, rehearses pushback with calm
"broken record" replies, and keeps a logistics checklist and a trusted person with a check-in
time. Data lives in ``content/plans.yaml``; the boundary kit and safety plan live in
:mod:`onward.guide.boundaries` and :mod:`onward.guide.safety_plan`.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from onward.content.datafiles import ContentError, Record, load_data
from onward.errors import InvalidInputError, repeatable
from onward.guide import _text
from onward.guide.boundaries import BoundaryPlan, render_boundary_text
from onward.guide.helplines import crisis_lines, format_line
from onward.guide.safety_plan import SafetyPlan, render_safety_text
from onward.guide.screen import GATES, ScreenResult


@dataclass(frozen=True, slots=True)
class WordingCheck:
    phrases: tuple[str, ...]
    hint: str


@dataclass(frozen=True, slots=True)
class StatementTemplate:
    max_reasons: int
    max_reason_chars: int
    opening: str
    one_reason: str
    many_reasons: str
    firm: str
    space: str
    kind: str
    note: str
    checks: tuple[WordingCheck, ...]


@dataclass(frozen=True, slots=True)
class Setting:
    id: str
    title: str
    when: str
    tips: tuple[str, ...]
    closed_by: tuple[str, ...]
    recommended_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SettingChoice:
    setting: Setting
    offered: bool
    recommended: bool
    reason: str | None  # why it is not offered, or why it is recommended


@dataclass(frozen=True, slots=True)
class Pushback:
    id: str
    line: str
    replies: tuple[str, ...]
    notes: str
    danger_signs: tuple[str, ...]
    if_dangerous: str
    crisis: bool  # the partner threatens self-harm: show crisis lines, do not negotiate


@dataclass(frozen=True, slots=True)
class ChecklistSection:
    id: str
    title: str
    items: tuple[tuple[str, str], ...]  # (item id, text)


@dataclass(frozen=True, slots=True)
class Planner:
    version: int
    reviewed: dt.date
    statement: StatementTemplate
    settings: tuple[Setting, ...]
    pushback: tuple[Pushback, ...]
    logistics: tuple[ChecklistSection, ...]

    def setting(self, setting_id: str) -> Setting:
        for setting in self.settings:
            if setting.id == setting_id:
                return setting
        raise _unknown_setting(setting_id, self.settings)

    def item_ids(self) -> set[str]:
        return {item_id for s in self.logistics for item_id, _ in s.items}


@dataclass(frozen=True, slots=True)
class TrustedPerson:
    """Someone who knows about the talk and expects a check-in."""

    name: str
    how_to_reach: str
    check_in_at: dt.datetime | None = None  # timezone-aware
    if_no_check_in: str | None = None  # e.g. "call me, then call the police"


@dataclass(frozen=True, slots=True)
class ConversationPlan:
    reasons: tuple[str, ...]
    statement: str
    setting: str
    trusted: TrustedPerson | None = None
    rehearse: tuple[str, ...] = ()  # pushback ids to practise
    done: frozenset[str] = field(default_factory=frozenset)  # logistics item ids ticked
    country: str = "international"


# --- loading --------------------------------------------------------------------------------


def _unknown_setting(setting_id: str, settings: Sequence[Setting]) -> InvalidInputError:
    return InvalidInputError(
        f"Unknown setting '{setting_id}'."
        if repeatable(setting_id)
        else "That way of telling them is not on the list.",
        hint=f"Choose one of: {', '.join(s.id for s in settings)}.",
    )


@functools.cache
def load_planner() -> Planner:
    """The shipped conversation planner (parsed once)."""
    return parse_planner(load_data("plans.yaml"))


def parse_planner(rec: Record) -> Planner:
    rec.check_keys(
        required=(
            "version",
            "reviewed",
            "references",
            "statement",
            "settings",
            "pushback",
            "logistics",
        )
    )
    settings = tuple(_setting(r) for r in rec.records("settings"))
    if not any(not s.closed_by for s in settings):
        raise ContentError(f"{rec.where}: field 'settings' needs one setting that is never closed")
    return Planner(
        version=rec.number("version"),
        reviewed=rec.date("reviewed"),
        statement=_statement(rec.record("statement")),
        settings=settings,
        pushback=tuple(_pushback(r) for r in rec.records("pushback")),
        logistics=tuple(
            ChecklistSection(
                r.text("id"),
                r.text("title"),
                tuple((i.text("id"), i.text("text")) for i in r.records("items")),
            )
            for r in rec.records("logistics")
        ),
    )


def _statement(rec: Record) -> StatementTemplate:
    fields = ("opening", "one_reason", "many_reasons", "firm", "space", "kind", "note")
    rec.check_keys(required=("max_reasons", "max_reason_chars", "checks", *fields))
    if "{reason}" not in rec.text("one_reason") or "{reasons}" not in rec.text("many_reasons"):
        raise ContentError(f"{rec.where}: the reason lines need {{reason}} / {{reasons}}")
    checks = tuple(
        WordingCheck(tuple(p.lower() for p in c.texts("phrases")), c.text("hint"))
        for c in rec.records("checks", id_key=None)
    )

    def text(name: str) -> str:
        return " ".join(rec.text(name).split())

    return StatementTemplate(
        max_reasons=rec.number("max_reasons"),
        max_reason_chars=rec.number("max_reason_chars"),
        opening=text("opening"),
        one_reason=text("one_reason"),
        many_reasons=text("many_reasons"),
        firm=text("firm"),
        space=text("space"),
        kind=text("kind"),
        note=text("note"),
        checks=checks,
    )


def _gate_list(rec: Record, key: str) -> tuple[str, ...]:
    values = rec.opt_texts(key)
    for gate in values:
        if gate not in GATES:
            raise ContentError(f"{rec.where}: field '{key}' has unknown gate '{gate}'")
    return values


def _setting(rec: Record) -> Setting:
    rec.check_keys(
        required=("id", "title", "when", "tips"), optional=("closed_by", "recommended_by")
    )
    return Setting(
        id=rec.text("id"),
        title=rec.text("title"),
        when=rec.text("when"),
        tips=rec.texts("tips"),
        closed_by=_gate_list(rec, "closed_by"),
        recommended_by=_gate_list(rec, "recommended_by"),
    )


def _pushback(rec: Record) -> Pushback:
    rec.check_keys(
        required=("id", "line", "replies", "notes", "danger_signs", "if_dangerous"),
        optional=("crisis",),
    )
    return Pushback(
        id=rec.text("id"),
        line=rec.text("line"),
        replies=rec.texts("replies"),
        notes=rec.text("notes"),
        danger_signs=rec.texts("danger_signs"),
        if_dangerous=rec.text("if_dangerous"),
        crisis=rec.flag("crisis"),
    )


# --- statement ------------------------------------------------------------------------------


def _clean_reason(reason: str, limit: int) -> str:
    text = " ".join(reason.split()).rstrip(".!?;, ")
    if not text:
        raise InvalidInputError("A reason is empty.", hint="Remove it, or write a few words.")
    if len(text) > limit:
        raise InvalidInputError(
            f"A reason is longer than {limit} characters.",
            hint="Short reasons leave less to argue about.",
        )
    return text


def build_statement(
    reasons: Sequence[str],
    *,
    need_space: bool = True,
    kind_line: bool = True,
    planner: Planner | None = None,
) -> str:
    """The statement: decision, the person's own reasons (0 to 3), firmness, space, kindness."""
    tpl = (planner or load_planner()).statement
    if len(reasons) > tpl.max_reasons:
        raise InvalidInputError(
            f"Please keep it to {tpl.max_reasons} reasons or fewer.",
            hint="You do not owe a reason at all; one is often enough.",
        )
    cleaned = [_clean_reason(r, tpl.max_reason_chars) for r in reasons]
    lines = [tpl.opening]
    if len(cleaned) == 1:
        lines.append(tpl.one_reason.format(reason=cleaned[0]))
    elif cleaned:
        # Each reason becomes its own sentence, so the person's words stay as they wrote them.
        lines.append(tpl.many_reasons.format(reasons=". ".join(cleaned)))
    lines.append(tpl.firm)
    if need_space:
        lines.append(tpl.space)
    if kind_line:
        lines.append(tpl.kind)
    return " ".join(lines)


def check_wording(text: str, *, planner: Planner | None = None) -> list[str]:
    """Hints for words that make a decision sound negotiable or blaming (one hint per kind)."""
    lowered = " ".join(text.lower().replace("’", "'").split())
    hints: list[str] = []
    for check in (planner or load_planner()).statement.checks:
        if any(re.search(rf"\b{re.escape(p)}\b", lowered) for p in check.phrases):
            hints.append(check.hint)
    return hints


# --- settings -------------------------------------------------------------------------------


def settings_for(
    screen: ScreenResult | None, *, planner: Planner | None = None
) -> list[SettingChoice]:
    """Every setting, marked offered or not (with the reason) by the screen's gates."""
    gates = set(screen.gates) if screen is not None else set()
    choices: list[SettingChoice] = []
    for setting in (planner or load_planner()).settings:
        closing = [g for g in setting.closed_by if g in gates]
        recommended = any(g in gates for g in setting.recommended_by)
        if closing:
            reason = (
                "Not offered: your safety answers suggest a face-to-face talk is not safe enough."
            )
        elif recommended:
            reason = "Suggested first, because of your safety answers."
        else:
            reason = None
        choices.append(SettingChoice(setting, not closing, recommended and not closing, reason))
    choices.sort(key=lambda c: (not c.offered, not c.recommended))
    return choices


def make_conversation_plan(
    reasons: Sequence[str],
    setting: str,
    *,
    screen: ScreenResult | None,
    trusted: TrustedPerson | None = None,
    rehearse: Iterable[str] | None = None,
    done: Iterable[str] = (),
    country: str = "international",
    planner: Planner | None = None,
) -> ConversationPlan:
    """A checked plan; refuses a setting the screen does not offer."""
    planner = planner or load_planner()
    chosen = next(
        (c for c in settings_for(screen, planner=planner) if c.setting.id == setting), None
    )
    if chosen is None:
        raise _unknown_setting(setting, planner.settings)
    if not chosen.offered:
        raise InvalidInputError(
            f"'{chosen.setting.title}' is not offered with your safety answers.",
            hint="Choose a setting from the list, or talk it through with an advocate.",
        )
    known_pushback = [p.id for p in planner.pushback]
    picked = tuple(rehearse) if rehearse is not None else tuple(known_pushback)
    unknown = [p for p in picked if p not in known_pushback]
    ticked = frozenset(done)
    unknown += sorted(ticked - planner.item_ids())
    if unknown:
        raise InvalidInputError(
            f"Unknown plan item: {', '.join(unknown)}."
            if repeatable(*unknown)
            else "One of the ticked items is not on the list.",
            hint="Tick only items the plan lists.",
        )
    if trusted is not None and trusted.check_in_at is not None:
        moment = trusted.check_in_at
        if moment.tzinfo is None or moment.utcoffset() is None:
            raise InvalidInputError("The check-in time needs a time zone.")
    return ConversationPlan(
        reasons=tuple(reasons),
        statement=build_statement(reasons, planner=planner),
        setting=setting,
        trusted=trusted,
        rehearse=picked,
        done=ticked,
        country=country,
    )


# --- rendering ------------------------------------------------------------------------------


def render_conversation_text(plan: ConversationPlan, *, planner: Planner | None = None) -> str:
    """The conversation plan as printable plain text."""
    planner = planner or load_planner()
    setting = planner.setting(plan.setting)
    blocks = [
        _text.heading("My plan for the conversation"),
        _text.section("What I will say") + "\n" + _text.para(plan.statement),
        _text.section(f"Where and how: {setting.title}")
        + "\n"
        + "\n".join(_text.bullet(t) for t in setting.tips),
    ]
    if plan.trusted is not None:
        blocks.append(_trusted_block(plan.trusted))
    by_id = {p.id: p for p in planner.pushback}
    for pushback_id in plan.rehearse:
        blocks.append(_pushback_block(by_id[pushback_id], plan.country))
    checklist = [_text.section("Practical things")]
    for sec in planner.logistics:
        checklist.append(sec.title)
        checklist.extend(
            _text.bullet(text, "[x]" if item_id in plan.done else "[ ]", "  ")
            for item_id, text in sec.items
        )
    blocks.append("\n".join(checklist))
    return _text.join_blocks(blocks)


def _trusted_block(person: TrustedPerson) -> str:
    lines = [
        _text.section("Who knows and expects to hear from me"),
        f"{person.name}: {person.how_to_reach}",
    ]
    if person.check_in_at is not None:
        lines.append(f"I will check in by {_text.when(person.check_in_at)}.")
    if person.if_no_check_in:
        lines.append(_text.para(f"If I don't: {person.if_no_check_in}"))
    return "\n".join(lines)


def _pushback_block(pushback: Pushback, country: str) -> str:
    lines = [_text.section(f'If they say: "{pushback.line}"'), "Calm replies (repeat one):"]
    lines.extend(_text.bullet(r, indent="  ") for r in pushback.replies)
    lines.append(_text.para(pushback.notes))
    lines.append("Danger signs:")
    lines.extend(_text.bullet(s, indent="  ") for s in pushback.danger_signs)
    lines.append(_text.para(f"If it turns dangerous: {pushback.if_dangerous}"))
    if pushback.crisis:
        lines.append("Help for them, and for you:")
        lines.extend(_text.bullet(format_line(line), indent="  ") for line in crisis_lines(country))
    return "\n".join(lines)


def render_text(plan: ConversationPlan | BoundaryPlan | SafetyPlan) -> str:
    """Any plan as printable plain text."""
    if isinstance(plan, ConversationPlan):
        return render_conversation_text(plan)
    if isinstance(plan, BoundaryPlan):
        return render_boundary_text(plan)
    return render_safety_text(plan)
