"""Letting go: a calm, brief goodbye built from the person's own words, and its check.

The goodbye says what the person feels, that they respect the decision, and wishes the
other well - nothing that asks, pleads, waits or pressures. It is a way to part with
dignity for the writer's own sake; Onward never presents it as a tactic and never suggests
the other person will return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from onward.guide.drafts import (
    BEGGING_RULES,
    PRESSURE_RULES,
    DraftChecker,
    DraftNote,
    DraftRule,
    RuleDraftChecker,
    as_sentence,
)
from onward.guide.recovery import load_prompts

# Brief means brief: a few sentences. Past this, the draft gets a gentle "check" note.
GOODBYE_MAX_WORDS: Final = 120

_APOS = "['\u2019]"

# fmt: off
GOODBYE_RULES: Final[tuple[DraftRule, ...]] = (
    DraftRule(
        "reply.question", "reply", r"\?",
        "A question asks for an answer and keeps the talk going. A goodbye can end without one.",
        "check",
    ),
    DraftRule(
        "reply.asks_contact", "reply",
        r"\b(?:call|text|message|write to) me\b|\blet me know\b|\bcan we (?:talk|meet)\b"
        r"|\bplease (?:reply|answer|respond)\b",
        "Asking them to get in touch puts the next step on them. Leave the door closed "
        "gently.",
        "check",
    ),
    DraftRule(
        "wait.will_wait", "wait",
        rf"\bi(?:{_APOS}ll| will) (?:always )?(?:wait|be (?:here|waiting))\b"
        rf"|\bwhen(?:ever)? you(?:{_APOS}re| are) ready\b|\bmaybe (?:one day|someday|later)\b",
        "Saying you will wait can feel like pressure to them and keeps you on hold. You "
        "deserve to move on, too.",
    ),
)
# fmt: on

GOODBYE_CHECKER: Final = RuleDraftChecker(BEGGING_RULES + PRESSURE_RULES + GOODBYE_RULES)


@dataclass(frozen=True, slots=True)
class GoodbyeParts:
    """The person's own words for each part. Empty parts get a short, calm default."""

    feeling: str = ""  # e.g. "I love you, and I always will care about you."
    respect: str = ""  # default: "I respect your decision."
    wish: str = ""  # default: "I wish it had turned out differently."
    closing: str = ""  # default: "I wish you well."
    name: str = ""  # how to address them; optional


@dataclass(frozen=True, slots=True)
class GoodbyeDraft:
    """The draft text, what the checker found, and its length."""

    text: str
    notes: tuple[DraftNote, ...]
    word_count: int

    @property
    def calm(self) -> bool:
        """True when nothing in it is likely to read as pleading or pressure."""
        return not any(n.strength == "strong" for n in self.notes)


def render_goodbye(parts: GoodbyeParts) -> str:
    """Greeting line (if a name is given), then one short paragraph."""
    defaults = load_prompts()["goodbye"]
    body = " ".join(
        s
        for s in (
            as_sentence(parts.feeling),
            as_sentence(parts.respect or defaults["default_respect"]),
            as_sentence(parts.wish or defaults["default_wish"]),
            as_sentence(parts.closing or defaults["default_closing"]),
        )
        if s
    )
    name = " ".join(parts.name.split())
    return f"{name},\n\n{body}\n" if name else f"{body}\n"


def build_goodbye(parts: GoodbyeParts, checker: DraftChecker = GOODBYE_CHECKER) -> GoodbyeDraft:
    """Render the goodbye and check it for pleading, pressure, waiting and length."""
    text = render_goodbye(parts)
    notes = checker.check(text)
    words = len(text.split())
    if words > GOODBYE_MAX_WORDS:
        notes.append(
            DraftNote(
                "length",
                f"This is {words} words. A goodbye lands best when it is short - a few "
                "sentences is enough.",
                "length.long",
                None,
                "check",
            )
        )
    return GoodbyeDraft(text=text, notes=tuple(notes), word_count=words)
