"""Safety plan: people to call, safe places, a code word, essentials and tech safety, plus a
printable plan and a small emergency card with the helplines for the person's country.

Data lives in ``content/safety_plan.yaml``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from onward.content.datafiles import Record, load_data
from onward.errors import InvalidInputError, repeatable
from onward.guide import _text
from onward.guide.helplines import Topic, format_line, load_helplines

MAX_PEOPLE = 6  # a card people can read at a glance


@dataclass(frozen=True, slots=True)
class TechStep:
    id: str
    text: str
    caution: str | None


@dataclass(frozen=True, slots=True)
class SafetyGuide:
    version: int
    reviewed: dt.date
    intro: str
    parts: dict[str, str]  # people, safe_places, code_word, essentials, tech
    essentials: tuple[tuple[str, str], ...]  # (id, text)
    tech: tuple[TechStep, ...]
    stalkerware_intro: str
    stalkerware_signs: tuple[str, ...]
    stalkerware_caution: str


@dataclass(frozen=True, slots=True)
class Contact:
    name: str
    how: str  # a number or another way to reach them


@dataclass(frozen=True, slots=True)
class SafetyPlan:
    people: tuple[Contact, ...] = ()
    safe_places: tuple[str, ...] = ()
    code_word: str | None = None
    code_meaning: str | None = None
    packed: frozenset[str] = field(default_factory=frozenset)  # essentials ready
    tech_done: frozenset[str] = field(default_factory=frozenset)
    country: str = "international"


@functools.cache
def load_safety_guide() -> SafetyGuide:
    """The shipped safety-plan guide (parsed once)."""
    return parse_safety_guide(load_data("safety_plan.yaml"))


def parse_safety_guide(rec: Record) -> SafetyGuide:
    rec.check_keys(
        required=(
            "version",
            "reviewed",
            "references",
            "intro",
            "parts",
            "essentials",
            "tech",
            "stalkerware_signs",
        )
    )
    parts_rec = rec.record("parts")
    names = ("people", "safe_places", "code_word", "essentials", "tech")
    parts_rec.check_keys(required=names)
    signs = rec.record("stalkerware_signs")
    signs.check_keys(required=("intro", "signs", "caution"))
    essentials = []
    for r in rec.records("essentials"):
        r.check_keys(required=("id", "text"))
        essentials.append((r.text("id"), r.text("text")))
    tech = []
    for r in rec.records("tech"):
        r.check_keys(required=("id", "text"), optional=("caution",))
        tech.append(TechStep(r.text("id"), r.text("text"), r.opt_text("caution")))
    return SafetyGuide(
        version=rec.number("version"),
        reviewed=rec.date("reviewed"),
        intro=rec.text("intro"),
        parts={name: parts_rec.text(name) for name in names},
        essentials=tuple(essentials),
        tech=tuple(tech),
        stalkerware_intro=signs.text("intro"),
        stalkerware_signs=signs.texts("signs"),
        stalkerware_caution=signs.text("caution"),
    )


def make_safety_plan(
    *,
    people: Sequence[Contact] = (),
    safe_places: Sequence[str] = (),
    code_word: str | None = None,
    code_meaning: str | None = None,
    packed: Iterable[str] = (),
    tech_done: Iterable[str] = (),
    country: str = "international",
    guide: SafetyGuide | None = None,
) -> SafetyPlan:
    """A checked safety plan (unknown checklist ids and empty names are refused)."""
    guide = guide or load_safety_guide()
    if len(people) > MAX_PEOPLE:
        raise InvalidInputError(f"Please choose up to {MAX_PEOPLE} people.")
    if any(not p.name.strip() or not p.how.strip() for p in people):
        raise InvalidInputError("Each person needs a name and a way to reach them.")
    if code_meaning and not code_word:
        raise InvalidInputError("Add the code word too, or leave its meaning empty.")
    packed_set, tech_set = frozenset(packed), frozenset(tech_done)
    unknown = sorted(packed_set - {i for i, _ in guide.essentials})
    unknown += sorted(tech_set - {t.id for t in guide.tech})
    if unknown:
        raise InvalidInputError(
            f"Unknown checklist item: {', '.join(unknown)}."
            if repeatable(*unknown)
            else "One of the ticked items is not on the checklist.",
            hint="Tick only items the checklist shows.",
        )
    return SafetyPlan(
        people=tuple(people),
        safe_places=tuple(p.strip() for p in safe_places if p.strip()),
        code_word=code_word.strip() if code_word else None,
        code_meaning=code_meaning.strip() if code_meaning else None,
        packed=packed_set,
        tech_done=tech_set,
        country=country,
    )


def _help_lines(country: str, *, short: bool = False) -> list[str]:
    found = load_helplines(country)
    topics = (Topic.DOMESTIC_ABUSE, Topic.CRISIS, Topic.DIRECTORY)
    if short:  # the card: the first line of each kind only
        wanted = [lines[0] for t in topics if (lines := found.by_topic(t))]
    else:
        wanted = found.by_topic(*topics)
    return [format_line(found.emergency), *(format_line(line) for line in wanted)]


def render_safety_text(plan: SafetyPlan, *, guide: SafetyGuide | None = None) -> str:
    """The full safety plan as printable plain text."""
    guide = guide or load_safety_guide()
    people = [f"{p.name}: {p.how}" for p in plan.people] or ["(no one added yet)"]
    places = list(plan.safe_places) or ["(none added yet)"]
    code = "(none yet)"
    if plan.code_word:
        code = f'"{plan.code_word}" means: {plan.code_meaning or "(agree on a meaning)"}'
    blocks = [
        _text.heading("My safety plan"),
        _text.para(guide.intro),
        _text.section("In an emergency")
        + "\n"
        + "\n".join(_text.bullet(line) for line in _help_lines(plan.country)),
        _text.section("People I can call") + "\n" + "\n".join(_text.bullet(p) for p in people),
        _text.section("Safe places") + "\n" + "\n".join(_text.bullet(p) for p in places),
        _text.section("Code word") + "\n" + _text.para(code),
        _text.section("Things to have ready")
        + "\n"
        + "\n".join(
            _text.bullet(text, "[x]" if item_id in plan.packed else "[ ]")
            for item_id, text in guide.essentials
        ),
        _tech_block(plan, guide),
    ]
    return _text.join_blocks(blocks)


def _tech_block(plan: SafetyPlan, guide: SafetyGuide) -> str:
    lines = [_text.section("Phone and accounts"), _text.para(guide.parts["tech"])]
    for step in guide.tech:
        lines.append(_text.bullet(step.text, "[x]" if step.id in plan.tech_done else "[ ]"))
        if step.caution:
            lines.append(_text.para(f"Careful: {step.caution}", "    "))
    lines.append(_text.para(guide.stalkerware_intro))
    lines.extend(_text.bullet(sign, indent="  ") for sign in guide.stalkerware_signs)
    lines.append(_text.para(f"Careful: {guide.stalkerware_caution}"))
    return "\n".join(lines)


def render_card(plan: SafetyPlan) -> str:
    """A small emergency card: numbers, people and the code word, nothing else."""
    lines = ["EMERGENCY CARD"]
    lines.extend(_text.bullet(line) for line in _help_lines(plan.country, short=True))
    lines.extend(_text.bullet(f"{p.name}: {p.how}") for p in plan.people)
    if plan.code_word:
        lines.append(
            _text.bullet(f'Code word "{plan.code_word}": {plan.code_meaning or "call for help"}')
        )
    return "\n".join(lines) + "\n"
