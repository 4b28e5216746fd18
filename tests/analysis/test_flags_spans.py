"""Spans index the original text, whatever normalisation did to find the match."""

from __future__ import annotations

import pytest

from onward.analysis.flags import check_draft, detect_flags
from onward.analysis.text import normalise
from onward.model import Span


def _quoted(text: str, category: str) -> str:
    (flag,) = [f for f in detect_flags(text) if f.category == category]
    assert flag.span is not None
    return text[flag.span.start : flag.span.end]


@pytest.mark.parametrize(
    ("text", "category", "words"),
    [
        ("I'll hurt you", "threat", "I'll hurt you"),
        ("😡😡 I'll hurt you", "threat", "I'll hurt you"),
        ("👩\u200d❤️\u200d👨 🇩🇪 i'll hurt you", "threat", "i'll hurt you"),
        ("Cafe\u0301 first. I'll hurt you", "threat", "I'll hurt you"),
        ("hi\r\nI\u2019ll hurt you\r\nok", "threat", "I\u2019ll hurt you"),
        ("ill kill u", "threat", "ill kill u"),
        ("im gonna kiiiiill u", "threat", "im gonna kiiiiill u"),
        ("\u200eWHERE ARE YOU", "monitoring", "WHERE ARE YOU"),
        ("İİ you're pathetic", "insult", "you're pathetic"),
        ("ok\n\nI miss you so much it hurts", "hoovering", "I miss you so much"),
        ("pleeeeease answer", "begging", "pleeeeease answer"),
    ],
)
def test_span_indexes_original_text(text: str, category: str, words: str) -> None:
    assert _quoted(text, category) == words


def test_draft_spans_index_original_text() -> None:
    text = "💔 plz plz answer me"
    spans = [f.span for f in check_draft(text)]
    assert spans
    for span in spans:
        assert span is not None
        assert 0 <= span.start < span.end <= len(text)
        assert text[span.start : span.end].strip() == text[span.start : span.end]


def test_normalise_keeps_offsets_for_sms_and_letter_runs() -> None:
    doc = normalise("Ur sooo mean u kno")
    assert doc.text == "ur so mean you know"
    start = doc.text.index("you know")
    span = doc.span(start, len(doc.text))
    assert doc.original[span.start : span.end] == "u kno"
    so = doc.text.index("so")
    span = doc.span(so, so + 2)
    assert doc.original[span.start : span.end] == "sooo"


def test_normalise_without_changes_is_identity() -> None:
    doc = normalise("Hello there")
    assert doc.text == "hello there"
    assert doc.starts is None
    assert doc.span(0, 5) == Span(0, 5)


def test_normalise_handles_lowercase_that_grows() -> None:
    text = "İstanbul u"
    doc = normalise(text)
    assert len(doc.text) != len(text)
    start = doc.text.index("you")
    span = doc.span(start, start + 3)
    assert text[span.start : span.end] == "u"


def test_normalise_straightens_quotes_without_moving_offsets() -> None:
    doc = normalise("I\u2019ll \u201cgo\u201d")
    assert doc.text == 'i\'ll "go"'
    assert doc.starts is None


def test_empty_span_maps_to_a_point() -> None:
    doc = normalise("u")
    assert doc.text == "you"
    end = len(doc.text)
    assert doc.span(end, end) == Span(1, 1)
    assert doc.span(0, 0) == Span(0, 0)
