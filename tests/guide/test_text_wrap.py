"""Printed plans wrap at spaces only, so a person's own words survive intact."""

from __future__ import annotations

import pytest

from onward.guide._text import bullet, fill, para


@pytest.mark.parametrize("word", ["reason-ce837ef931241db2", "ana-maria@example.org", "x" * 120])
def test_wrapping_never_splits_a_word(word: str) -> None:
    text = "I have decided to end this because " * 2 + word + " and that is all."
    for wrapped in (para(text), bullet(text), fill(text, 40, first="  ", rest="  ")):
        assert word in wrapped.split(), wrapped
