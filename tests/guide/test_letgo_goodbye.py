"""The goodbye builder: the person's own words, brief, and free of pleading or pressure."""

from __future__ import annotations

import pytest

from onward.guide.drafts import DraftNote
from onward.guide.letgo import GOODBYE_MAX_WORDS, GoodbyeParts, build_goodbye, render_goodbye


def test_defaults_fill_empty_parts_calmly() -> None:
    draft = build_goodbye(GoodbyeParts(feeling="I love you, and I always will", name="Sam"))
    assert draft.text.startswith("Sam,\n\nI love you, and I always will. I respect your decision.")
    assert draft.calm
    assert draft.notes == ()
    assert draft.word_count < GOODBYE_MAX_WORDS


def test_own_words_replace_defaults() -> None:
    text = render_goodbye(
        GoodbyeParts(
            feeling="I care about you a lot.",
            respect="I accept that this is your choice.",
            wish="I wish we had found a way.",
            closing="Take good care of yourself.",
        )
    )
    assert text == (
        "I care about you a lot. I accept that this is your choice. I wish we had found a way. "
        "Take good care of yourself.\n"
    )


@pytest.mark.parametrize(
    ("feeling", "rule"),
    [
        ("Please please don't go", "begging.please_please"),
        ("I can't live without you", "self_harm.cant_live"),
        ("After everything I gave you", "guilt.after_everything"),
        ("I'll always wait for you", "wait.will_wait"),
        ("Maybe someday you'll see it", "wait.will_wait"),
    ],
)
def test_pleading_pressure_and_waiting_make_the_draft_not_calm(feeling: str, rule: str) -> None:
    draft = build_goodbye(GoodbyeParts(feeling=feeling))
    assert rule in {n.rule_id for n in draft.notes}
    assert not draft.calm


@pytest.mark.parametrize(
    ("feeling", "rule"),
    [("Can we talk one more time?", "reply.question"), ("Call me sometime.", "reply.asks_contact")],
)
def test_asking_for_a_reply_is_a_gentle_check(feeling: str, rule: str) -> None:
    draft = build_goodbye(GoodbyeParts(feeling=feeling))
    note = next(n for n in draft.notes if n.rule_id == rule)
    assert note.strength == "check"
    assert draft.calm  # a check, not a red flag


def test_a_long_goodbye_gets_a_length_note() -> None:
    draft = build_goodbye(GoodbyeParts(feeling=" ".join(["We had good years."] * 40)))
    assert draft.word_count > GOODBYE_MAX_WORDS
    assert "length.long" in {n.rule_id for n in draft.notes}


class NeverHappy:
    def check(self, text: str) -> list[DraftNote]:
        return [DraftNote("guilt", "stub", "stub.rule")]


def test_a_custom_checker_plugs_in() -> None:
    draft = build_goodbye(GoodbyeParts(feeling="Take care."), checker=NeverHappy())
    assert [n.rule_id for n in draft.notes] == ["stub.rule"]
