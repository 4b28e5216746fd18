"""The let-go track: a calm, brief goodbye, why pleading backfires, and self-worth exercises.

Letting go is offered for the person's own sake. Nothing here presents it as a way to get
the other person back, and nothing promises that they return (seed-ideas.md S2, Careful).
The goodbye is built and checked in memory; it is kept only when the person asks.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Final

from onward.guide.letgo import GOODBYE_MAX_WORDS, GoodbyeParts, build_goodbye
from onward.i18n import gettext as _
from onward.services import drafts, items
from onward.services.tracks_common import (
    GuideLink,
    HelpLines,
    checked_lines,
    clean_text,
    crisis_lines,
    guide_html,
    guide_links,
)
from onward.services.vault import Vault

GOODBYE_KIND = "goodbye"
WORTH_KIND = "worth"
GUIDES: Final = (
    "letgo-goodbye-message",
    "letgo-why-pleading-backfires",
    "letgo-self-worth",
    "letgo-no-contact",
)
_PART_LIMIT: Final = 600


@dataclass(frozen=True, slots=True)
class Worth:
    """The self-worth exercise: three things I value in myself, a friend's words, a need."""

    values: tuple[str, ...] = ()
    friend_words: str = ""
    need: str = ""


@dataclass(frozen=True, slots=True)
class LetGoView:
    goodbye: GoodbyeParts | None
    worth: Worth
    pleading_html: str
    max_words: int
    guides: list[GuideLink]


@dataclass(frozen=True, slots=True)
class GoodbyeResult:
    parts: GoodbyeParts
    text: str
    word_count: int
    review: drafts.DraftReview
    lines: HelpLines | None  # crisis lines when the words talk about self-harm
    kept: bool
    view: LetGoView

    @property
    def calm(self) -> bool:
        return self.review.calm


def _clean(parts: GoodbyeParts) -> GoodbyeParts:
    def c(value: str, field: str) -> str:
        return clean_text(value, field=field, limit=_PART_LIMIT)

    return GoodbyeParts(
        feeling=c(parts.feeling, _("What you feel")),
        respect=c(parts.respect, _("Respect for the decision")),
        wish=c(parts.wish, _("Your wish")),
        closing=c(parts.closing, _("Closing")),
        name=c(parts.name, _("Name"))[:60],
    )


def compose_goodbye(vault: Vault, parts: GoodbyeParts, *, keep: bool = False) -> GoodbyeResult:
    """Build the goodbye from the person's words and check it; keep it only if asked."""
    parts = _clean(parts)
    draft = build_goodbye(parts, checker=drafts.checker_for("goodbye"))
    review = drafts.review_notes(draft.text, list(draft.notes))
    if keep:
        items.save_singleton(vault, kind=GOODBYE_KIND, data=asdict(parts))
    lines = crisis_lines(vault) if review.crisis else None
    return GoodbyeResult(
        parts, draft.text, draft.word_count, review, lines, keep, load_letgo(vault)
    )


def forget_goodbye(vault: Vault) -> bool:
    """Delete the kept goodbye for good."""
    doc = items.singleton(vault, kind=GOODBYE_KIND)
    return doc is not None and items.remove(vault, kind=GOODBYE_KIND, item_id=doc.id)


def _load_worth(vault: Vault) -> Worth:
    doc = items.singleton(vault, kind=WORTH_KIND)
    if doc is None:
        return Worth()
    return Worth(tuple(doc.data["values"]), doc.data["friend_words"], doc.data["need"])


def save_worth(vault: Vault, *, values: str, friend_words: str, need: str) -> Worth:
    """Keep the self-worth exercise (values one per line)."""
    worth = Worth(
        tuple(checked_lines(values, field=_("what you value in yourself"), lines=10, chars=200)),
        clean_text(friend_words, field=_("What you would tell a friend"), limit=3000),
        clean_text(need, field=_("Your need"), limit=1000),
    )
    items.save_singleton(
        vault, kind=WORTH_KIND, data=asdict(worth) | {"values": list(worth.values)}
    )
    return worth


def load_letgo(vault: Vault) -> LetGoView:
    doc = items.singleton(vault, kind=GOODBYE_KIND)
    return LetGoView(
        goodbye=GoodbyeParts(**doc.data) if doc else None,
        worth=_load_worth(vault),
        pleading_html=guide_html("letgo-why-pleading-backfires"),
        max_words=GOODBYE_MAX_WORDS,
        guides=guide_links(*GUIDES),
    )
