"""Properties over arbitrary text: never raise, spans in bounds, prefilter is exact."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onward.analysis.detectors import DETECTORS
from onward.analysis.flags import (
    CATEGORIES,
    DRAFT_CATEGORIES,
    _finish,
    check_draft,
    detect_flags,
)
from onward.analysis.text import normalise
from onward.model import Flag, Span

# Words that reach the rules (triggers, SMS spellings, runs, negations) mixed with noise,
# so generated messages exercise the rule paths and not only the prefilter.
WORDS = [
    "i'll",
    "ill",
    "i'm",
    "im",
    "you",
    "u",
    "ur",
    "your",
    "you're",
    "kill",
    "hurt",
    "myself",
    "die",
    "regret",
    "watch",
    "back",
    "where",
    "who",
    "with",
    "send",
    "me",
    "pic",
    "location",
    "password",
    "not",
    "never",
    "don't",
    "won't",
    "please",
    "pls",
    "plz",
    "sorry",
    "miss",
    "love",
    "come",
    "over",
    "outside",
    "door",
    "meet",
    "see",
    "need",
    "mine",
    "leave",
    "let",
    "go",
    "over",
    "done",
    "allowed",
    "wear",
    "delete",
    "block",
    "stupid",
    "pathetic",
    "idiot",
    "lol",
    "haha",
    "😂",
    "because",
    "fault",
    "cheating",
    "flirting",
    "him",
    "her",
    "changed",
    "chance",
    "remember",
    "kiiill",
    "pleeease",
    "sooo",
    "whyyy",
    "he",
    "said",
    "she",
    "told",
    "my",
    "mum",
    "at",
    "mario",
    "kart",
    "i'd",
    "never",
    "hurt",
    "ur",
    "mine",
    "we're",
    "not",
    "over",
    "WHERE",
    "ARE",
    "YOU",
    "!",
    "?",
    ".",
    ",",
    "\n",
    "\r\n",
    "👋🏽",
    "é",
    "́",
    "İ",
]
messages = st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=14).map(" ".join)


def _key(f: Flag) -> tuple[str, Span | None, str, float]:
    """A flag without its wording (draft findings reword some reasons)."""
    return (f.category, f.span, f.rule_id, f.score)


def _reference(text: str, wanted: tuple[str, ...], *, draft: bool) -> list[Flag]:
    """detect_flags without the prefilter: every rule, whole patterns."""
    doc = normalise(text)
    flags = [f for d in DETECTORS if d.category in wanted for f in d.detect(doc, draft=draft)]
    return _finish(flags)


def _check_spans(text: str, flags: list[Flag]) -> None:
    for f in flags:
        assert f.span is not None
        assert 0 <= f.span.start < f.span.end <= len(text)
        assert f.category in CATEGORIES
        assert 0 < f.score <= 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text())
def test_detect_flags_never_raises_on_any_text(text: str) -> None:
    _check_spans(text, detect_flags(text))
    _check_spans(text, list(check_draft(text)))


@settings(max_examples=250, deadline=None)
@given(messages)
def test_spans_in_bounds_on_chat_like_text(text: str) -> None:
    _check_spans(text, detect_flags(text))
    _check_spans(text, list(check_draft(text)))


@settings(max_examples=250, deadline=None)
@given(messages)
def test_prefilter_finds_what_every_rule_would(text: str) -> None:
    assert detect_flags(text) == _reference(text, CATEGORIES, draft=False)
    assert [_key(f) for f in check_draft(text)] == [
        _key(f) for f in _reference(text, DRAFT_CATEGORIES, draft=True)
    ]
