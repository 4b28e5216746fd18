"""Check the person's own drafts for begging, guilt, ultimatums, threats and self-harm pressure.

One interface, ``onward.guide.drafts.DraftChecker``. The guide's built-in rules always run.
When the pattern detectors of the analysis layer are installed (``onward.analysis.flags``
with a ``check_draft`` function), they plug in through an adapter, and a note on the same
words is shown once. Each kind of note comes with kinder rewrites to consider.

A pasted draft is checked in memory only. It is stored only when the person asks to keep it.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from onward.errors import InvalidInputError
from onward.guide.drafts import (
    BEGGING_RULES,
    EXCUSE_RULES,
    PRESSURE_RULES,
    CombinedChecker,
    DraftChecker,
    DraftNote,
    NoteKind,
    RuleDraftChecker,
    Strength,
    as_sentence,
)
from onward.guide.letgo import GOODBYE_RULES
from onward.i18n import gettext as _
from onward.services import items
from onward.services.fields import is_blank
from onward.services.tracks_common import HelpLines, all_docs, crisis_lines, now_utc, require_doc
from onward.services.vault import Vault

KIND = "draft"
MAX_DRAFT_CHARS: Final = 5_000
ANALYSIS_MODULE: Final = "onward.analysis.model_flags"
# check_draft plus the offline model's begging findings (analysis.model_flags)
ANALYSIS_FUNCTION: Final = "check_draft_with_model_begging"
Purpose = Literal["message", "apology", "goodbye"]

_RULES: Final = {
    "message": BEGGING_RULES + PRESSURE_RULES,
    "apology": EXCUSE_RULES + BEGGING_RULES + PRESSURE_RULES,
    "goodbye": BEGGING_RULES + PRESSURE_RULES + GOODBYE_RULES,
}
# The analysis layer's draft categories, as the guide's note kinds.
_CATEGORY_KIND: Final[dict[str, NoteKind]] = {
    "begging": "begging",
    "guilt_trip": "guilt",
    "threat": "threat",
    "self_harm_pressure": "self_harm",
}


class AnalysisDraftChecker:
    """Wraps ``check_draft(text) -> list[Flag]`` from the analysis layer as a DraftChecker."""

    def __init__(self, detect: Callable[[str], Sequence[Any]]) -> None:
        self._detect = detect

    def check(self, text: str) -> list[DraftNote]:
        notes: list[DraftNote] = []
        for flag in self._detect(text):
            kind = _CATEGORY_KIND.get(flag.category)
            if kind is None:
                continue
            suggestion = str(getattr(flag, "suggestion", "") or "")
            message = " ".join(p for p in (as_sentence(flag.reason), suggestion) if p)
            strength: Strength = "strong" if flag.score >= 0.5 else "check"
            notes.append(DraftNote(kind, message, f"analysis.{flag.rule_id}", flag.span, strength))
        return notes


class MergedChecker:
    """Runs several checkers; a note that overlaps an earlier one of the same kind is dropped."""

    def __init__(self, *checkers: DraftChecker) -> None:
        self._combined = CombinedChecker(*checkers)

    def check(self, text: str) -> list[DraftNote]:
        kept: list[DraftNote] = []
        for note in self._combined.check(text):
            if note.span is None and any(k.kind == note.kind for k in kept):
                continue  # a model note without words adds nothing to a note of its kind
            if note.span is not None and any(
                k.kind == note.kind
                and k.span is not None
                and k.span.start < note.span.end
                and note.span.start < k.span.end
                for k in kept
            ):
                continue
            kept.append(note)
        return kept


def analysis_detector() -> Callable[[str], Sequence[Any]] | None:
    """The analysis layer's draft check (rules plus the model's begging findings), or None
    when it is not installed."""
    try:
        module = importlib.import_module(ANALYSIS_MODULE)
    except ImportError:
        return None
    detect = getattr(module, ANALYSIS_FUNCTION, None)
    return detect if callable(detect) else None


def checker_for(purpose: Purpose = "message") -> DraftChecker:
    """The rules for this kind of draft, plus the analysis detectors when installed."""
    rules = RuleDraftChecker(_RULES[purpose])
    detect = analysis_detector()
    if detect is None:
        return rules
    return MergedChecker(rules, AnalysisDraftChecker(detect))


# --- the review shown on screen ----------------------------------------------------------


def kind_labels() -> dict[str, str]:
    return {
        "begging": _("Pleading"),
        "guilt": _("Guilt"),
        "threat": _("Threat or ultimatum"),
        "self_harm": _("Self-harm pressure"),
        "excuse": _("Excuse"),
        "reply": _("Asks for an answer"),
        "wait": _("Waiting for them"),
        "length": _("Length"),
        "missing": _("Missing part"),
    }


def rewrite_ideas() -> dict[str, tuple[str, ...]]:
    """Kinder ways to say it, per kind of note. Ideas to consider, never a script."""
    return {
        "begging": (
            _("I miss you, and I respect your decision."),
            _("I would like to talk once, calmly, if you are willing. If not, I understand."),
        ),
        "guilt": (
            _("I am hurting, and I know this is your choice to make."),
            _("I feel sad and let down. I am going to take some time for myself."),
        ),
        "threat": (
            _("I need some time to myself, so I will not be in touch for a while."),
            _("I need my things back. Could we agree on a time for me to collect them?"),
        ),
        "self_harm": (
            _("I am having a very hard time. I am going to talk to someone who can help me."),
        ),
        "excuse": (_("I am sorry that I did this. It hurt you, and that is on me."),),
        "reply": (_('End with a wish, not a question: "I wish you well."'),),
        "wait": (_("I hope you find what you are looking for. I am going to look after myself."),),
        "length": (_("Three or four sentences: what you feel, your respect, a kind wish."),),
    }


@dataclass(frozen=True, slots=True)
class ReviewNote:
    kind: str
    label: str
    message: str
    quote: str
    strength: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the draft; ``kind`` is set where a note points at it."""

    text: str
    kind: str | None = None


@dataclass(frozen=True, slots=True)
class Rewrite:
    kind: str
    label: str
    ideas: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DraftReview:
    text: str
    notes: list[ReviewNote]
    segments: list[Segment]
    rewrites: list[Rewrite]
    crisis: bool  # self-harm words: show crisis lines at once

    @property
    def calm(self) -> bool:
        return not any(n.strength == "strong" for n in self.notes)


def _segments(text: str, notes: Sequence[DraftNote]) -> list[Segment]:
    spans = sorted((n.span.start, n.span.end, n.kind) for n in notes if n.span is not None)
    out: list[Segment] = []
    pos = 0
    for start, end, kind in spans:
        if start < pos:
            continue  # overlapping marks: keep the first
        if start > pos:
            out.append(Segment(text[pos:start]))
        out.append(Segment(text[start:end], kind))
        pos = end
    if pos < len(text):
        out.append(Segment(text[pos:]))
    return out


def review_notes(text: str, notes: Sequence[DraftNote]) -> DraftReview:
    """Turn checker notes on ``text`` into what the page and the CLI show."""
    labels = kind_labels()
    ideas = rewrite_ideas()
    shown = [
        ReviewNote(
            n.kind,
            labels.get(n.kind, n.kind),
            n.message,
            text[n.span.start : n.span.end] if n.span else "",
            n.strength,
        )
        for n in notes
    ]
    kinds = list(dict.fromkeys(n.kind for n in notes))
    rewrites = [Rewrite(k, labels.get(k, k), ideas[k]) for k in kinds if k in ideas]
    crisis = any(n.kind == "self_harm" for n in notes)
    return DraftReview(text, shown, _segments(text, notes), rewrites, crisis)


def review(text: str, *, purpose: Purpose = "message") -> DraftReview:
    """Check a draft with the checker for its purpose."""
    return review_notes(text, checker_for(purpose).check(text))


# --- the draft-check page ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class SavedDraft:
    id: str
    text: str
    saved_at: datetime


@dataclass(frozen=True, slots=True)
class DraftResult:
    review: DraftReview
    lines: HelpLines | None  # crisis lines, when the draft talks about self-harm
    saved: SavedDraft | None  # this draft, when the person chose to keep it
    kept: list[SavedDraft]  # every kept draft, newest first


def _validate(text: str) -> str:
    if is_blank(text):
        raise InvalidInputError(
            _("There is nothing to check yet."), hint=_("Paste or write the message first.")
        )
    if len(text) > MAX_DRAFT_CHARS:
        raise InvalidInputError(
            _("The message is too long to check ({n} characters at most).").format(
                n=MAX_DRAFT_CHARS
            ),
            hint=_("Long messages rarely help. Try saying it in a few sentences."),
        )
    return text


def check_message(vault: Vault, *, text: str, keep: bool = False) -> DraftResult:
    """Check a draft message. It is stored only when ``keep`` is True."""
    result = review(_validate(text))
    saved = None
    if keep:
        doc = items.add(vault, kind=KIND, data={"text": text, "at": now_utc().isoformat()})
        saved = _saved(doc)
    lines = crisis_lines(vault) if result.crisis else None
    return DraftResult(result, lines, saved, saved_drafts(vault))


def _saved(doc: items.Doc) -> SavedDraft:
    return SavedDraft(doc.id, doc.data["text"], datetime.fromisoformat(doc.data["at"]))


def saved_drafts(vault: Vault) -> list[SavedDraft]:
    """Kept drafts, newest first."""
    return [_saved(d) for d in reversed(all_docs(vault, kind=KIND))]


def delete_draft(vault: Vault, *, draft_id: str) -> None:
    """Delete a kept draft for good (its record key goes with it)."""
    require_doc(items.get(vault, kind=KIND, item_id=draft_id))
    items.remove(vault, kind=KIND, item_id=draft_id)
