"""Scoring tables for WHO-5, PHQ-9 and GAD-7 against the published scoring."""

from __future__ import annotations

from dataclasses import replace

import pytest

from onward.content.datafiles import ContentError
from onward.errors import InvalidInputError
from onward.guide.measures import (
    Band,
    _check_measure,
    load_measures,
    score_gad7,
    score_phq9,
    score_who5,
)


def spread(total: int, count: int, top: int) -> list[int]:
    """Answers of length ``count``, each 0..top, adding up to ``total`` (filled from the left)."""
    answers = []
    for _ in range(count):
        value = min(top, total)
        answers.append(value)
        total -= value
    assert total == 0
    return answers


@pytest.mark.parametrize(
    ("raw", "percent", "band"),
    [
        (0, 0, "very_low"),
        (7, 28, "very_low"),
        (8, 32, "low"),
        (12, 48, "low"),
        (13, 52, "good"),
        (25, 100, "good"),
    ],
)
def test_who5_percent_is_raw_times_four_and_banded_on_percent(
    raw: int, percent: int, band: str
) -> None:
    result = score_who5(spread(raw, 5, 5))
    assert (result.total, result.percent, result.band) == (raw, percent, band)
    assert result.crisis is False


def test_who5_raw_12_is_48_percent_and_suggests_poor_wellbeing() -> None:
    result = score_who5([3, 2, 3, 2, 2])
    assert result.total == 12
    assert result.percent == 48
    assert result.band == "low"
    assert "not" in result.band_text  # says what it does not mean


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "moderately_severe"),
        (19, "moderately_severe"),
        (20, "severe"),
        (27, "severe"),
    ],
)
def test_phq9_bands_follow_kroenke_2001(total: int, band: str) -> None:
    result = score_phq9(spread(total, 9, 3))
    assert (result.total, result.band, result.percent) == (total, band, None)


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "minimal"),
        (4, "minimal"),
        (5, "mild"),
        (9, "mild"),
        (10, "moderate"),
        (14, "moderate"),
        (15, "severe"),
        (21, "severe"),
    ],
)
def test_gad7_bands_follow_spitzer_2006(total: int, band: str) -> None:
    result = score_gad7(spread(total, 7, 3))
    assert (result.total, result.band) == (total, band)
    assert result.crisis is False


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_phq9_item9_above_zero_raises_crisis_even_with_a_minimal_total(item9: int) -> None:
    result = score_phq9([0] * 8 + [item9])
    assert result.band == "minimal"
    assert result.crisis is True
    assert result.crisis_text is not None
    assert "988" in result.crisis_text


def test_phq9_without_item9_has_no_crisis_even_when_severe() -> None:
    result = score_phq9([3] * 8 + [0])
    assert result.band == "severe"
    assert result.crisis is False
    assert result.crisis_text is None


def test_phq9_difficulty_is_labelled_but_never_scored() -> None:
    plain = score_phq9([1] * 9)
    with_difficulty = score_phq9([1] * 9, difficulty=3)
    assert with_difficulty.total == plain.total == 9
    assert with_difficulty.difficulty == "Extremely difficult"


@pytest.mark.parametrize(
    ("scorer", "answers"),
    [
        (score_who5, [1, 2, 3, 4]),
        (score_who5, [1, 2, 3, 4, 5, 0]),
        (score_who5, [6, 0, 0, 0, 0]),
        (score_phq9, [0] * 8 + [4]),
        (score_phq9, [0] * 8 + [-1]),
        (score_gad7, [0] * 6),
        (score_gad7, [0.5] + [0] * 6),
        (score_gad7, [True] + [0] * 6),
        (score_gad7, "0000000"),
    ],
)
def test_bad_answers_raise_a_clear_error(scorer: object, answers: object) -> None:
    with pytest.raises(InvalidInputError) as info:
        scorer(answers)  # type: ignore[operator]
    assert "must be a whole number" in info.value.user_message or "needs" in info.value.user_message


def test_phq9_difficulty_out_of_range_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        score_phq9([0] * 9, difficulty=4)


def test_published_wording_and_licences_are_present() -> None:
    measures = load_measures()
    assert measures["who5"].items[0] == "I have felt cheerful and in good spirits"
    assert measures["phq9"].items[8] == (
        "Thoughts that you would be better off dead or of hurting yourself in some way"
    )
    assert measures["gad7"].items[0] == "Feeling nervous, anxious, or on edge"
    assert [o.value for o in measures["who5"].options] == [5, 4, 3, 2, 1, 0]
    for measure_id in ("phq9", "gad7"):
        assert "No permission required" in measures[measure_id].licence
    assert "Psychiatric Research Unit" in measures["who5"].licence


def test_every_band_text_says_it_is_not_a_diagnosis_or_what_it_does_not_mean() -> None:
    for measure in load_measures().values():
        for band in measure.bands:
            text = band.text.lower()
            assert "not a diagnosis" in text or "does not" in text or "not point" in text


@pytest.mark.parametrize(
    "bands",
    [
        (Band("a", 0, 4, "A", "t"), Band("b", 6, 27, "B", "t")),  # gap at 5
        (Band("a", 0, 4, "A", "t"), Band("b", 5, 26, "B", "t")),  # stops short of 27
    ],
)
def test_bands_with_gaps_are_a_content_error(bands: tuple[Band, ...]) -> None:
    with pytest.raises(ContentError):
        _check_measure(replace(load_measures()["phq9"], bands=bands))


def test_a_changed_item_count_is_a_content_error() -> None:
    phq9 = load_measures()["phq9"]
    with pytest.raises(ContentError):
        _check_measure(replace(phq9, items=phq9.items[:8]))
