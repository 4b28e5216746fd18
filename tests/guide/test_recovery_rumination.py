"""The rumination guard: Jaccard overlap of content words switches the prompt set."""

from __future__ import annotations

import pytest

from onward.guide.recovery import (
    RUMINATION_THRESHOLD,
    check_rumination,
    choose_prompt_set,
    content_words,
    jaccard,
    prompt_set,
)

LOOPING = [
    "I keep checking if Sam read my message. Why hasn't Sam answered?",
    "Sam still hasn't answered my message. I checked again.",
    "Checked Sam's profile again, no answer to my message.",
    "Why won't Sam answer my message? Checked again tonight.",
    "Sam read my message and didn't answer.",
]
VARIED = [
    "Walked to the park with Ana, we got coffee.",
    "Work was busy. Finished the report at last.",
    "Missed Sam tonight when our song came on the radio.",
    "Tried the pottery class. My bowl is wonky but I laughed.",
    "Slept badly, woke at 4. Called mum in the morning.",
]
# Every note names the ex, which is normal in a breakup journal; it is not looping.
SAME_NAME_DIFFERENT_THINGS = [
    "Missed Sam at breakfast, it was quiet.",
    "Saw Sam's friend at the shop and felt awkward.",
    "Cried about Sam after work, then watched a film.",
    "Sam's birthday is next week; I will spend it with my sister.",
    "Thinking about Sam less than last week.",
]


def test_content_words_drop_stop_words_case_and_plurals() -> None:
    assert content_words("Why did SAM send those Messages?") == {"sam", "send", "message"}
    assert content_words("I'm  so tired\u2019s") == {"tired"}


def test_jaccard() -> None:
    assert jaccard(frozenset({"a", "b"}), frozenset({"b", "c"})) == pytest.approx(1 / 3)
    assert jaccard(frozenset(), frozenset()) == 0.0


def test_notes_circling_one_worry_are_looping() -> None:
    check = check_rumination(LOOPING)
    assert check.looping
    assert check.score >= RUMINATION_THRESHOLD
    assert check.compared == 5
    assert check.recurring[:2] == ("message", "sam")


@pytest.mark.parametrize("notes", [VARIED, SAME_NAME_DIFFERENT_THINGS])
def test_varied_notes_are_not_looping(notes: list[str]) -> None:
    check = check_rumination(notes)
    assert not check.looping
    assert check.score < RUMINATION_THRESHOLD


def test_only_the_last_window_counts() -> None:
    assert not check_rumination(LOOPING[:2] + VARIED).looping
    assert check_rumination(VARIED + LOOPING).looping


def test_too_few_notes_never_loop_and_empty_notes_are_ignored() -> None:
    check = check_rumination(["", "   ", LOOPING[0], LOOPING[1]])
    assert not check.looping
    assert check.compared == 2


def test_prompt_set_switches_by_rumination_and_mood() -> None:
    assert choose_prompt_set(VARIED, latest_mood=1).set_id == "reflect"
    low = choose_prompt_set(LOOPING, latest_mood=2)
    assert low.set_id == "distract"
    assert "sam" in low.reason
    assert "message" in low.reason
    assert choose_prompt_set(LOOPING, latest_mood=None).set_id == "distract"
    assert choose_prompt_set(LOOPING, latest_mood=4).set_id == "reappraise"


@pytest.mark.parametrize("set_id", ["reflect", "distract", "reappraise"])
def test_every_prompt_set_has_a_title_intro_and_prompts(set_id: str) -> None:
    prompts = prompt_set(set_id)  # type: ignore[arg-type]
    assert prompts.title
    assert prompts.intro
    assert len(prompts.prompts) >= 5
