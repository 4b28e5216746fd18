"""The draft check: rules alone, or rules plus the analysis detectors, through one protocol."""

from __future__ import annotations

import importlib
import types
from collections.abc import Iterator
from typing import Any

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError, NotFoundError
from onward.guide.drafts import DraftNote, RuleDraftChecker
from onward.model import Flag, Span
from onward.services import drafts, items
from onward.services import vault as vs

DRAFT = "Please please don't leave me. I can't live without you. You owe me."


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    yield v
    v.lock()


@pytest.fixture
def no_analysis(monkeypatch: pytest.MonkeyPatch) -> None:
    real = importlib.import_module

    def fake(name: str, package: str | None = None) -> Any:
        if name == drafts.ANALYSIS_MODULE:
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", fake)


def test_drafts_rules_alone_when_analysis_is_missing(no_analysis: None) -> None:
    assert drafts.analysis_detector() is None
    assert isinstance(drafts.checker_for("message"), RuleDraftChecker)
    review = drafts.review(DRAFT)
    kinds = {n.kind for n in review.notes}
    assert {"begging", "self_harm", "guilt"} <= kinds
    assert review.crisis and not review.calm
    assert not any(n.message.startswith("Pleads") for n in review.notes)


def test_drafts_rules_alone_when_module_lacks_check_draft(monkeypatch: pytest.MonkeyPatch) -> None:
    empty = types.ModuleType(drafts.ANALYSIS_MODULE)
    monkeypatch.setattr(importlib, "import_module", lambda name, package=None: empty)
    assert drafts.analysis_detector() is None
    assert isinstance(drafts.checker_for("goodbye"), RuleDraftChecker)


def test_drafts_analysis_plugs_in_through_the_protocol(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def check_draft(text: str) -> list[Flag]:
        calls.append(text)
        start = text.index("tomorrow")
        return [
            Flag("threat", "An ultimatum ('tomorrow')", Span(start, start + 8), "x.y", 0.9),
            Flag("pressure_to_meet", "ignored category", None, "z", 1.0),
        ]

    fake = types.SimpleNamespace(**{drafts.ANALYSIS_FUNCTION: check_draft})
    monkeypatch.setattr(importlib, "import_module", lambda name, package=None: fake)
    review = drafts.review("Answer me by tomorrow.")
    assert calls == ["Answer me by tomorrow."]
    assert [(n.kind, n.quote) for n in review.notes] == [("threat", "tomorrow")]
    assert review.notes[0].message.startswith("An ultimatum")
    assert [r.kind for r in review.rewrites] == ["threat"]


def test_drafts_real_analysis_detector_is_merged_without_repeats() -> None:
    if drafts.analysis_detector() is None:
        pytest.skip("onward.analysis.flags.check_draft is not installed")
    text = "I'm begging you, please please please come back. I can't live without you."
    rules_only = RuleDraftChecker(drafts._RULES["message"]).check(text)
    merged = drafts.checker_for("message").check(text)
    assert {n.rule_id for n in rules_only} <= {n.rule_id for n in merged} | {
        n.rule_id for n in rules_only if _overlapped(n, merged)
    }
    assert any(n.rule_id.startswith("analysis.") for n in merged)
    for i, a in enumerate(merged):  # one note per kind over any stretch of words
        for b in merged[i + 1 :]:
            assert not (a.kind == b.kind and _overlap(a, b)), (a, b)
    review = drafts.review_notes(text, merged)
    assert "".join(s.text for s in review.segments) == text


def _overlap(a: DraftNote, b: DraftNote) -> bool:
    return (
        a.span is not None
        and b.span is not None
        and a.span.start < b.span.end
        and b.span.start < a.span.end
    )


def _overlapped(note: DraftNote, merged: list[DraftNote]) -> bool:
    return any(m.kind == note.kind and _overlap(m, note) for m in merged)


def test_drafts_check_stores_nothing_unless_kept(vault: vs.Vault) -> None:
    result = drafts.check_message(vault, text=DRAFT)
    assert result.saved is None and result.kept == []
    assert items.count(vault, kind=drafts.KIND) == 0
    assert result.lines is not None and result.lines.lines  # self-harm words: crisis lines
    kept = drafts.check_message(vault, text="I miss you.", keep=True)
    assert kept.saved is not None and kept.review.calm and kept.lines is None
    assert [d.text for d in kept.kept] == ["I miss you."]
    drafts.delete_draft(vault, draft_id=kept.saved.id)
    assert drafts.saved_drafts(vault) == []
    with pytest.raises(NotFoundError):
        drafts.delete_draft(vault, draft_id=kept.saved.id)
    with pytest.raises(InvalidInputError):
        drafts.check_message(vault, text="   ")


def test_drafts_model_adds_begging_the_rules_miss_and_leaves_plain_requests() -> None:
    text = "can we talk, one call, that is all i ask, i will change anything you want"
    assert not RuleDraftChecker(drafts._RULES["message"]).check(text)
    notes = drafts.checker_for("message").check(text)
    assert [(n.kind, n.rule_id, n.span) for n in notes] == [
        ("begging", "analysis.model.begging", None)
    ]
    assert "similar to: " in notes[0].message
    assert (
        drafts.checker_for("message").check(
            "I'd like to pick up my books on Saturday if that works."
        )
        == []
    )
