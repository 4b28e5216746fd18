"""Daily check-ins, their summaries, and the rumination guard for journal prompts.

Everything here is pure and works on values in memory: the caller decrypts notes, passes
them in, and drops them afterwards. Nothing is stored or logged.

The rumination guard exists because journaling is not always good for people after a
breakup: writing about the separation again and again made things worse for people who
were already stuck searching for meaning (Sbarra et al., 2013), while distraction lifted
mood (Langeslag & Sanchez, 2018). When recent notes keep circling the same thing, the
journal switches from reflective prompts to distraction or reappraisal prompts.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from itertools import combinations
from typing import Any, Final, Literal

import yaml

from onward.errors import InvalidInputError

PromptSetId = Literal["reflect", "distract", "reappraise"]

MOOD_RANGE: Final = (1, 5)
URGE_RANGE: Final = (0, 4)
SLEEP_QUALITY_RANGE: Final = (1, 5)
NOTE_MAX_CHARS: Final = 280  # "one line": long enough for a sentence, short enough to tap

# Rumination guard. The measure is deliberately simple so it can be explained on screen:
# each note becomes its set of content words (lower-cased, stop words removed, a plural "s"
# dropped); we take the mean Jaccard similarity |A & B| / |A | B| over every pair of the last
# RUMINATION_WINDOW notes. Unrelated diary lines share almost no content words (mean near
# 0.0-0.1); notes that restate one worry share most of them. At RUMINATION_THRESHOLD (0.3),
# on average about a third of the distinct content words of any two notes are the same.
# Tests pin examples on both sides.
RUMINATION_WINDOW: Final = 5
RUMINATION_MIN_NOTES: Final = 3
RUMINATION_THRESHOLD: Final = 0.3
RECURRING_SHARE: Final = 0.6  # a word in at least this share of the notes is "recurring"
LOW_MOOD_MAX: Final = 2  # mood at or below this gets distraction rather than reappraisal

_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# Common English function words, plus words every breakup note uses (feel, time, day).
_STOP_TEXT: Final = """
    a about above after again against all also am an and any are aren't as at be because been
    before being below between both but by can can't cannot could couldn't did didn't do does
    doesn't doing don't down during each even ever every few for from further get gets getting
    got had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers
    herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its
    itself just know let's like lot lots me more most much must mustn't my myself no nor not
    now of off on once only or other ought our ours ourselves out over own really same she
    she'd she'll she's should shouldn't so some still such than that that's the their theirs
    them themselves then there there's these they they'd they'll they're they've thing things
    think this those though through to today tonight too under until up very was wasn't we
    we'd we'll we're we've were weren't what what's when when's where where's which while who
    who's whom why why's will with won't would wouldn't yet you you'd you'll you're you've
    your yours yourself yourselves feel feels felt feeling day days time way want wanted
    keep kept one thought go going went gone make made say said back
"""
_STOP_WORDS: Final = frozenset(_STOP_TEXT.split())


@cache
def load_prompts() -> Mapping[str, Any]:
    """Read ``content/prompts.yaml`` once per process."""
    text = resources.files("onward.content").joinpath("prompts.yaml").read_text("utf-8")
    doc: Mapping[str, Any] = yaml.safe_load(text)
    return doc


@dataclass(frozen=True, slots=True)
class PromptSet:
    """A titled list of journal prompts."""

    id: PromptSetId
    title: str
    intro: str
    prompts: tuple[str, ...]


def prompt_set(set_id: PromptSetId) -> PromptSet:
    """The prompts of one set, from ``prompts.yaml``."""
    raw = load_prompts()["prompt_sets"][set_id]
    return PromptSet(
        id=set_id,
        title=str(raw["title"]),
        intro=" ".join(str(raw["intro"]).split()),
        prompts=tuple(str(p) for p in raw["prompts"]),
    )


# --- daily check-in -------------------------------------------------------------------------


def _check_range(name: str, value: int, bounds: tuple[int, int]) -> None:
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise InvalidInputError(
            f"{name} must be a whole number from {low} to {high}.",
            hint="Tap one of the choices.",
        )


@dataclass(frozen=True, slots=True)
class CheckIn:
    """One daily check-in. The note is a single line; line breaks become spaces."""

    day: date
    mood: int  # 1 very low .. 5 very good
    urge: int  # 0 no urge to contact .. 4 very hard to resist
    sleep_hours: float | None = None
    sleep_quality: int | None = None  # 1 very poor .. 5 very good
    note: str = ""

    def __post_init__(self) -> None:
        _check_range("Mood", self.mood, MOOD_RANGE)
        _check_range("Urge to contact", self.urge, URGE_RANGE)
        if self.sleep_quality is not None:
            _check_range("Sleep quality", self.sleep_quality, SLEEP_QUALITY_RANGE)
        hours = self.sleep_hours
        if hours is not None and (not math.isfinite(hours) or not 0 <= hours <= 24):
            raise InvalidInputError(
                "Hours of sleep must be a number from 0 to 24.",
                hint="Leave it empty if you are not sure.",
            )
        note = " ".join(self.note.split())
        if len(note) > NOTE_MAX_CHARS:
            raise InvalidInputError(
                f"The note is too long ({NOTE_MAX_CHARS} characters at most).",
                hint="Keep it to one line. The journal has room for more.",
            )
        object.__setattr__(self, "note", note)


@dataclass(frozen=True, slots=True)
class CheckInSummary:
    """Averages over a run of days (inclusive). Averages are None when nothing was given."""

    start: date
    end: date
    days_checked_in: int
    mood_avg: float | None
    urge_avg: float | None
    sleep_hours_avg: float | None
    sleep_quality_avg: float | None


def latest_per_day(check_ins: Iterable[CheckIn]) -> dict[date, CheckIn]:
    """One check-in per day: a later one for the same day replaces an earlier one."""
    return {c.day: c for c in check_ins}


def _mean(values: Iterable[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return round(sum(present) / len(present), 2) if present else None


def summarise_window(check_ins: Iterable[CheckIn], *, end: date, days: int = 7) -> CheckInSummary:
    """Averages over the ``days`` days ending on ``end`` (a 7-day average by default)."""
    if days < 1:
        raise ValueError("days must be at least 1")
    start = end - timedelta(days=days - 1)
    chosen = [c for d, c in latest_per_day(check_ins).items() if start <= d <= end]
    return CheckInSummary(
        start=start,
        end=end,
        days_checked_in=len(chosen),
        mood_avg=_mean(c.mood for c in chosen),
        urge_avg=_mean(c.urge for c in chosen),
        sleep_hours_avg=_mean(c.sleep_hours for c in chosen),
        sleep_quality_avg=_mean(c.sleep_quality for c in chosen),
    )


def weekly_summaries(
    check_ins: Iterable[CheckIn], *, end: date, weeks: int = 4
) -> list[CheckInSummary]:
    """Consecutive 7-day summaries, oldest first, the last one ending on ``end``."""
    items = list(check_ins)
    return [
        summarise_window(items, end=end - timedelta(days=7 * back), days=7)
        for back in reversed(range(weeks))
    ]


CheckInField = Literal["mood", "urge", "sleep_hours", "sleep_quality"]


def daily_series(
    check_ins: Iterable[CheckIn], *, end: date, days: int = 28, field: CheckInField = "mood"
) -> list[tuple[date, float | None]]:
    """One value per day for a chart, oldest first; None for a day without a check-in."""
    by_day = latest_per_day(check_ins)
    series: list[tuple[date, float | None]] = []
    for back in reversed(range(days)):
        day = end - timedelta(days=back)
        found = by_day.get(day)
        value = getattr(found, field) if found is not None else None
        series.append((day, None if value is None else float(value)))
    return series


# --- rumination guard -----------------------------------------------------------------------


def content_words(text: str) -> frozenset[str]:
    """The set of content words in a note: lower-cased, stop words out, plural "s" dropped."""
    words: set[str] = set()
    for match in _WORD.finditer(text.casefold().replace("\u2019", "'")):
        word = match.group(0)
        word = word.removesuffix("'s")
        if word in _STOP_WORDS or len(word) < 2:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        words.add(word)
    return frozenset(words)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|A & B| / |A | B|; 0.0 when both sets are empty."""
    union = a | b
    return len(a & b) / len(union) if union else 0.0


@dataclass(frozen=True, slots=True)
class RuminationCheck:
    """The outcome of the guard, with what it is based on so it can be shown."""

    looping: bool
    score: float  # mean pairwise Jaccard of the compared notes, 0..1
    compared: int  # how many notes were compared
    recurring: tuple[str, ...]  # words found in most of the compared notes


def check_rumination(
    notes: Sequence[str],
    *,
    window: int = RUMINATION_WINDOW,
    threshold: float = RUMINATION_THRESHOLD,
) -> RuminationCheck:
    """Do the last ``window`` notes (oldest first in ``notes``) keep circling one thing?"""
    sets = [s for s in (content_words(n) for n in notes) if s][-window:]
    if len(sets) < RUMINATION_MIN_NOTES:
        return RuminationCheck(looping=False, score=0.0, compared=len(sets), recurring=())
    pairs = list(combinations(sets, 2))
    score = round(sum(jaccard(a, b) for a, b in pairs) / len(pairs), 3)
    counts = Counter(word for s in sets for word in s)
    needed = math.ceil(RECURRING_SHARE * len(sets))
    recurring = sorted((w for w, n in counts.items() if n >= needed), key=lambda w: (-counts[w], w))
    return RuminationCheck(
        looping=score >= threshold,
        score=score,
        compared=len(sets),
        recurring=tuple(recurring[:5]),
    )


@dataclass(frozen=True, slots=True)
class PromptChoice:
    """Which prompt set to offer, and a plain reason that can be shown."""

    set_id: PromptSetId
    reason: str
    rumination: RuminationCheck


def choose_prompt_set(notes: Sequence[str], *, latest_mood: int | None) -> PromptChoice:
    """Reflective prompts by default; distraction or reappraisal when notes loop.

    When notes loop and mood is low (at or below LOW_MOOD_MAX, or unknown) we offer
    distraction, which lifted mood after a breakup; otherwise gentle reappraisal.
    """
    check = check_rumination(notes)
    if not check.looping:
        return PromptChoice("reflect", "Your recent notes cover different ground.", check)
    topic = f" (often: {', '.join(check.recurring)})" if check.recurring else ""
    circling = f"Your last {check.compared} notes keep coming back to the same things{topic}."
    if latest_mood is None or latest_mood <= LOW_MOOD_MAX:
        return PromptChoice("distract", f"{circling} Today, try giving your mind a break.", check)
    return PromptChoice("reappraise", f"{circling} Try looking at it another way.", check)
