"""Boundary kit: contact rules with a start and a duration, a statement to send once, the
escalation ladder, and protective-order information by country.

Data lives in ``content/boundaries.yaml``.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from dataclasses import dataclass

from onward.content.datafiles import ContentError, Record, load_data
from onward.errors import InvalidInputError, repeatable
from onward.guide import _text

INTERNATIONAL = "international"
MAX_DAYS = 3650  # a plan longer than ten years is a typo


@dataclass(frozen=True, slots=True)
class ContactRule:
    id: str
    title: str
    summary: str
    statement: str  # may hold {channel} and {topics}
    default_topics: tuple[str, ...]
    default_channel: str | None
    notes: str


@dataclass(frozen=True, slots=True)
class LadderStep:
    id: str
    title: str
    what: str
    when: str
    caution: str | None


@dataclass(frozen=True, slots=True)
class OrderInfo:
    country: str
    text: str
    url: str | None
    source: str


@dataclass(frozen=True, slots=True)
class BoundaryKit:
    version: int
    reviewed: dt.date
    suggested_days: tuple[int, ...]
    rules: tuple[ContactRule, ...]
    ladder: tuple[LadderStep, ...]
    orders: tuple[OrderInfo, ...]

    def rule(self, rule_id: str) -> ContactRule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise InvalidInputError(
            f"Unknown contact rule '{rule_id}'."
            if repeatable(rule_id)
            else "That contact rule is not on the list.",
            hint=f"Choose one of: {', '.join(r.id for r in self.rules)}.",
        )


@dataclass(frozen=True, slots=True)
class BoundaryPlan:
    rule: str
    start: dt.date
    duration_days: int | None  # None: no end date
    statement: str
    channel: str | None = None
    topics: tuple[str, ...] = ()
    step: str | None = None  # the ladder step reached so far
    country: str = INTERNATIONAL

    @property
    def end(self) -> dt.date | None:
        """The last day of the rule, or None when it has no end date."""
        if self.duration_days is None:
            return None
        try:
            return self.start + dt.timedelta(days=self.duration_days - 1)
        except OverflowError:  # only a plan saved before such starts were refused
            return dt.date.max

    def days_left(self, today: dt.date) -> int | None:
        """Days left including today (0 once the rule has ended); None without an end date."""
        end = self.end
        if end is None:
            return None
        return max(0, (end - today).days + 1)


@functools.cache
def load_boundaries() -> BoundaryKit:
    """The shipped boundary kit (parsed once)."""
    return parse_boundaries(load_data("boundaries.yaml"))


def parse_boundaries(rec: Record) -> BoundaryKit:
    rec.check_keys(
        required=(
            "version",
            "reviewed",
            "references",
            "suggested_days",
            "rules",
            "ladder",
            "protective_orders",
        )
    )
    refs = rec.record("references")
    days = rec.raw("suggested_days")
    if not isinstance(days, list) or not all(isinstance(d, int) and d > 0 for d in days):
        raise ContentError(f"{rec.where}: field 'suggested_days' must list whole days")
    orders = []
    for r in rec.records("protective_orders", id_key="country"):
        r.check_keys(required=("country", "text", "source"), optional=("url",))
        if not refs.has(r.text("source")):
            raise ContentError(f"{r.where}: field 'source' names an unknown reference")
        source = " ".join(refs.text(r.text("source")).split())
        orders.append(OrderInfo(r.text("country"), r.text("text"), r.opt_text("url"), source))
    if not any(o.country == INTERNATIONAL for o in orders):
        raise ContentError(f"{rec.where}: field 'protective_orders' needs an international entry")
    return BoundaryKit(
        version=rec.number("version"),
        reviewed=rec.date("reviewed"),
        suggested_days=tuple(days),
        rules=tuple(_rule(r) for r in rec.records("rules")),
        ladder=tuple(_step(r) for r in rec.records("ladder")),
        orders=tuple(orders),
    )


def _rule(rec: Record) -> ContactRule:
    rec.check_keys(
        required=("id", "title", "summary", "statement", "notes"),
        optional=("default_topics", "default_channel"),
    )
    statement = " ".join(rec.text("statement").split())
    if "{topics}" in statement and not rec.has("default_topics"):
        raise ContentError(f"{rec.where}: field 'default_topics' is needed for {{topics}}")
    if "{channel}" in statement and not rec.has("default_channel"):
        raise ContentError(f"{rec.where}: field 'default_channel' is needed for {{channel}}")
    return ContactRule(
        id=rec.text("id"),
        title=rec.text("title"),
        summary=rec.text("summary"),
        statement=statement,
        default_topics=rec.opt_texts("default_topics"),
        default_channel=rec.opt_text("default_channel"),
        notes=rec.text("notes"),
    )


def _step(rec: Record) -> LadderStep:
    rec.check_keys(required=("id", "title", "what", "when"), optional=("caution",))
    return LadderStep(
        rec.text("id"),
        rec.text("title"),
        rec.text("what"),
        rec.text("when"),
        rec.opt_text("caution"),
    )


def _join(items: Sequence[str]) -> str:
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + ", and " + items[-1]


def build_boundary_statement(
    rule_id: str,
    *,
    channel: str | None = None,
    topics: Sequence[str] = (),
    kit: BoundaryKit | None = None,
) -> str:
    """The message to send once, with the person's channel and topics filled in."""
    rule = (kit or load_boundaries()).rule(rule_id)
    chosen_topics = [" ".join(t.split()) for t in topics if t.strip()] or list(rule.default_topics)
    chosen_channel = " ".join((channel or "").split()) or rule.default_channel or ""
    return rule.statement.format(channel=chosen_channel, topics=_join(chosen_topics))


def make_boundary_plan(
    rule_id: str,
    start: dt.date,
    duration_days: int | None = None,
    *,
    channel: str | None = None,
    topics: Sequence[str] = (),
    step: str | None = None,
    country: str = INTERNATIONAL,
    kit: BoundaryKit | None = None,
) -> BoundaryPlan:
    """A checked boundary plan."""
    kit = kit or load_boundaries()
    if duration_days is not None and not 1 <= duration_days <= MAX_DAYS:
        raise InvalidInputError(f"The duration must be 1 to {MAX_DAYS} days, or open-ended.")
    if step is not None and step not in {s.id for s in kit.ladder}:
        raise InvalidInputError(
            f"Unknown step '{step}'." if repeatable(step) else "That step is not on the list.",
            hint=f"Choose one of: {', '.join(s.id for s in kit.ladder)}.",
        )
    statement = build_boundary_statement(rule_id, channel=channel, topics=topics, kit=kit)
    return BoundaryPlan(
        rule=rule_id,
        start=start,
        duration_days=duration_days,
        statement=statement,
        channel=channel,
        topics=tuple(topics),
        step=step,
        country=country,
    )


def protective_order_info(country: str, *, kit: BoundaryKit | None = None) -> OrderInfo:
    """Protective-order information for a country code, else the international text."""
    code = country.strip().upper()
    code = "GB" if code == "UK" else code
    orders = (kit or load_boundaries()).orders
    for info in orders:
        if info.country == code:
            return info
    return next(o for o in orders if o.country == INTERNATIONAL)


def render_boundary_text(plan: BoundaryPlan, *, kit: BoundaryKit | None = None) -> str:
    """The boundary plan as printable plain text."""
    kit = kit or load_boundaries()
    rule = kit.rule(plan.rule)
    end = plan.end
    span = f"From {plan.start.isoformat()}" + (
        f" to {end.isoformat()} ({plan.duration_days} days)" if end else ", with no end date"
    )
    blocks = [
        _text.heading("My boundaries"),
        _text.section(f"Contact rule: {rule.title}")
        + "\n"
        + "\n".join([_text.para(rule.summary), span, _text.para(rule.notes)]),
        _text.section("Message to send once") + "\n" + _text.para(plan.statement),
    ]
    ladder = [_text.section("If they keep pushing")]
    for number, step in enumerate(kit.ladder, start=1):
        mark = " (I am here)" if step.id == plan.step else ""
        ladder.append(_text.bullet(f"{step.title}{mark}: {step.what}", f"{number}."))
        if step.caution:
            ladder.append(_text.para(f"Careful: {step.caution}", "   "))
    blocks.append("\n".join(ladder))
    info = protective_order_info(plan.country, kit=kit)
    orders = [_text.section("Protective orders"), _text.para(info.text)]
    if info.url:
        orders.append(info.url)
    blocks.append("\n".join(orders))
    return _text.join_blocks(blocks)
