"""Conversation planner, boundary kit and safety plan: builders, gating and printable text."""

from __future__ import annotations

import datetime as dt

import pytest

from onward.errors import InvalidInputError
from onward.guide.boundaries import (
    build_boundary_statement,
    load_boundaries,
    make_boundary_plan,
    protective_order_info,
)
from onward.guide.plans import (
    ConversationPlan,
    TrustedPerson,
    build_statement,
    check_wording,
    load_planner,
    make_conversation_plan,
    render_text,
    settings_for,
)
from onward.guide.safety_plan import Contact, make_safety_plan, render_card
from onward.guide.screen import score_screen

CET = dt.timezone(dt.timedelta(hours=1))

OPENING = "I have decided to end our relationship."
FIRM = "This is my decision, and it is final."


# (case, reasons, expected pieces in order)
STATEMENTS: list[tuple[str, list[str], list[str]]] = [
    ("no reason", [], [OPENING, FIRM]),
    (
        "one reason",
        ["I am not happy anymore."],
        [OPENING, "The main reason is this: I am not happy anymore.", FIRM],
    ),
    (
        "three reasons",
        ["I am not happy", "We want different lives!", "  I need   to grow  "],
        [
            OPENING,
            "My reasons are these: I am not happy. We want different lives. I need to grow.",
            FIRM,
        ],
    ),
]


@pytest.mark.parametrize(("case", "reasons", "pieces"), STATEMENTS, ids=[s[0] for s in STATEMENTS])
def test_plans_statement_is_clear_calm_kind_and_final(
    case: str, reasons: list[str], pieces: list[str]
) -> None:
    text = build_statement(reasons)
    positions = [text.index(piece) for piece in pieces]
    assert positions == sorted(positions)
    assert "I need space now" in text
    assert text.endswith("I wish you well.")


def test_plans_statement_options() -> None:
    text = build_statement([], need_space=False, kind_line=False)
    assert "space" not in text
    assert "wish you well" not in text
    assert text.startswith(OPENING)


@pytest.mark.parametrize(
    ("reasons", "message"),
    [(["a", "b", "c", "d"], "3 reasons or fewer"), (["  ...  "], "empty"), (["x" * 201], "longer")],
    ids=["too many", "empty", "too long"],
)
def test_plans_statement_rejects_bad_reasons(reasons: list[str], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        build_statement(reasons)


# (text, number of hints)
WORDING: list[tuple[str, int]] = [
    ("I am not happy.", 0),
    ("Maybe we should stop.", 1),
    ("We'll see how it goes for now.", 1),
    ("You always shout at me.", 1),
    ("Maybe, because you never listen.", 2),
    ("Give me one more chance to think.", 1),
    ("The mayor is nice.", 0),  # "may" inside a word does not count
]


@pytest.mark.parametrize(("text", "count"), WORDING)
def test_plans_check_wording_flags_negotiable_and_blaming_words(text: str, count: int) -> None:
    assert len(check_wording(text)) == count


def test_plans_settings_without_a_screen_offer_everything() -> None:
    choices = settings_for(None)
    assert all(c.offered and not c.recommended and c.reason is None for c in choices)
    assert {c.setting.id for c in choices} == {s.id for s in load_planner().settings}


def test_plans_positive_screen_removes_face_to_face_settings() -> None:
    choices = settings_for(score_screen({"neck_or_breathing": True}))
    offered = [c.setting.id for c in choices if c.offered]
    assert offered[0] == "not_in_advance"
    assert choices[0].recommended
    assert set(offered) == {"not_in_advance", "phone", "message"}
    closed = [c for c in choices if not c.offered]
    assert {c.setting.id for c in closed} == {"in_person_private", "public_place", "friend_nearby"}
    assert all(c.reason and "Not offered" in c.reason for c in closed)


def test_plans_single_answer_gate_removes_only_the_private_talk() -> None:
    choices = settings_for(score_screen({"stalking": True}))
    closed = {c.setting.id for c in choices if not c.offered}
    assert closed == {"in_person_private"}
    assert not any(c.recommended for c in choices)


def _trusted() -> TrustedPerson:
    return TrustedPerson(
        "Sam",
        "07700 900123",
        dt.datetime(2026, 11, 22, 18, 0, tzinfo=CET),
        "call me, then call 999",
    )


def test_plans_conversation_plan_refuses_a_closed_setting() -> None:
    with pytest.raises(InvalidInputError, match="not offered"):
        make_conversation_plan([], "in_person_private", screen=score_screen({"weapon": True}))
    with pytest.raises(InvalidInputError, match="Unknown setting"):
        make_conversation_plan([], "carrier_pigeon", screen=None)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rehearse": ["you_smell"]}, "Unknown plan item: you_smell"),
        ({"done": ["buy_a_boat"]}, "Unknown plan item: buy_a_boat"),
    ],
)
def test_plans_conversation_plan_rejects_unknown_items(
    kwargs: dict[str, list[str]], message: str
) -> None:
    with pytest.raises(InvalidInputError, match=message):
        make_conversation_plan([], "phone", screen=None, **kwargs)  # type: ignore[arg-type]


def test_plans_check_in_time_must_be_timezone_aware() -> None:
    naive = TrustedPerson("Sam", "call", dt.datetime(2026, 11, 22, 18, 0))  # noqa: DTZ001
    with pytest.raises(InvalidInputError, match="time zone"):
        make_conversation_plan([], "phone", screen=None, trusted=naive)


def test_plans_conversation_text_has_statement_setting_rehearsal_and_checklist() -> None:
    plan = make_conversation_plan(
        ["I am not happy"],
        "phone",
        screen=score_screen({"physical_harm": True}),
        trusted=_trusted(),
        rehearse=["wont_let_you", "hurt_myself"],
        done=["id_papers"],
        country="GB",
    )
    assert isinstance(plan, ConversationPlan)
    text = " ".join(render_text(plan).split())  # wrapping aside
    assert "The main reason is this: I am not happy." in text
    assert "By phone or video call" in text
    assert "Sam: 07700 900123" in text
    assert "2026-11-22 18:00 (UTC+01:00)" in text
    assert "I won't let you leave." in text
    assert "If you leave, I'll hurt myself." in text
    # The self-harm threat routes to the emergency number and crisis lines for the country.
    assert "Call 999" in text
    assert "116 123" in text
    assert "[x] ID, passport" in text
    assert "[ ] Bank cards" in text
    assert "one more chance" not in text  # only the rehearsed lines are printed


def test_plans_all_pushback_is_rehearsed_by_default() -> None:
    plan = make_conversation_plan([], "message", screen=None)
    assert plan.rehearse == tuple(p.id for p in load_planner().pushback)
    crisis = [p for p in load_planner().pushback if p.crisis]
    assert [p.id for p in crisis] == ["hurt_myself"]
    assert "emergency services" in crisis[0].notes
    assert "negotiate" in crisis[0].notes


def test_plans_every_pushback_has_calm_replies_and_a_danger_plan() -> None:
    lines = {p.line for p in load_planner().pushback}
    assert {
        "I won't let you leave.",
        "Give me one more chance. I'll change.",
        "You'll regret this. No one else will want you.",
        "If you leave, I'll hurt myself.",
    } <= lines
    for pushback in load_planner().pushback:
        assert len(pushback.replies) >= 2
        assert pushback.danger_signs
        assert pushback.if_dangerous


def test_plans_logistics_cover_the_practical_areas() -> None:
    sections = {s.id for s in load_planner().logistics}
    assert {
        "belongings",
        "accounts",
        "money",
        "housing",
        "pets",
        "children",
        "documents",
    } <= sections


# --- boundary kit ---------------------------------------------------------------------------


def test_boundaries_statements_fill_in_channel_and_topics() -> None:
    assert "only reply about the lease, the car, and the cat, and only by email" in (
        build_boundary_statement(
            "logistics_only", channel="email", topics=["the lease", "the car", "the cat"]
        )
    )
    default = build_boundary_statement("logistics_only")
    assert "returning belongings and shared bills" in default
    assert "only through a parenting app" in build_boundary_statement(
        "co_parenting", channel="  a parenting   app "
    )
    assert "Please do not contact me" in build_boundary_statement("no_contact")
    with pytest.raises(InvalidInputError, match="Unknown contact rule"):
        build_boundary_statement("ghosting")


# (case, duration, today, end, days_left)
SPANS: list[tuple[str, int | None, dt.date, dt.date | None, int | None]] = [
    ("first day", 30, dt.date(2026, 11, 22), dt.date(2026, 12, 21), 30),
    ("last day", 30, dt.date(2026, 12, 21), dt.date(2026, 12, 21), 1),
    ("after the end", 30, dt.date(2027, 1, 5), dt.date(2026, 12, 21), 0),
    ("one day", 1, dt.date(2026, 11, 22), dt.date(2026, 11, 22), 1),
    ("open-ended", None, dt.date(2026, 11, 22), None, None),
]


@pytest.mark.parametrize(("case", "days", "today", "end", "left"), SPANS, ids=[s[0] for s in SPANS])
def test_boundaries_plan_dates(
    case: str, days: int | None, today: dt.date, end: dt.date | None, left: int | None
) -> None:
    plan = make_boundary_plan("no_contact", dt.date(2026, 11, 22), days)
    assert plan.end == end
    assert plan.days_left(today) == left


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"duration_days": 0}, "duration"),
        ({"duration_days": 99999}, "duration"),
        ({"step": "fight"}, "Unknown step"),
    ],
    ids=["zero", "huge", "step"],
)
def test_boundaries_plan_rejects_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        make_boundary_plan("no_contact", dt.date(2026, 11, 22), **kwargs)  # type: ignore[arg-type]


def test_boundaries_ladder_keeps_a_record_before_blocking() -> None:
    ids = [s.id for s in load_boundaries().ladder]
    assert ids == ["mute", "keep_record", "block", "tell_people", "advocate", "protective_order"]
    block = load_boundaries().ladder[2]
    assert block.caution
    assert "Save messages first" in block.caution


@pytest.mark.parametrize(
    ("country", "expected", "needle"),
    [
        ("US", "US", "restraining orders"),
        ("uk", "GB", "non-molestation"),
        ("gb", "GB", "occupation"),
        ("IE", "IE", "barring"),
        ("CA", "CA", "peace bond"),
        ("AU", "AU", "apprehended violence"),
        ("NZ", "NZ", "Family Violence Act 2018"),
        ("FR", "international", "local domestic abuse"),
    ],
)
def test_boundaries_protective_order_information_by_country(
    country: str, expected: str, needle: str
) -> None:
    info = protective_order_info(country)
    assert info.country == expected
    assert needle in info.text
    assert info.source


def test_boundaries_text_is_printable() -> None:
    plan = make_boundary_plan(
        "logistics_only",
        dt.date(2026, 11, 22),
        30,
        channel="email",
        topics=["the lease"],
        step="block",
        country="NZ",
    )
    text = " ".join(render_text(plan).split())
    assert "Contact rule: Practical matters only" in text
    assert "From 2026-11-22 to 2026-12-21 (30 days)" in text
    assert "Block (I am here)" in text
    assert text.index("Keep a record") < text.index("Block (I am here)")
    assert "Family Violence Act 2018" in text
    open_ended = render_text(make_boundary_plan("no_contact", dt.date(2026, 11, 22)))
    assert "with no end date" in open_ended


# --- safety plan ----------------------------------------------------------------------------


def test_safety_plan_text_and_card() -> None:
    plan = make_safety_plan(
        people=[Contact("Ana", "555-0101")],
        safe_places=["Ana's flat", "  "],
        code_word="pineapple",
        code_meaning="call 911",
        packed=["keys"],
        tech_done=["location"],
        country="US",
    )
    assert plan.safe_places == ("Ana's flat",)
    text = " ".join(render_text(plan).split())
    for needle in (
        "Call 911",
        "1-800-799-7233",
        "988",
        "Ana: 555-0101",
        "Ana's flat",
        '"pineapple" means: call 911',
        "[x] Spare keys",
        "[ ] Bank cards",
        "Stalkerware",
        "alert the person who put it there",
    ):
        assert needle in text, needle
    card = " ".join(render_card(plan).split())
    assert card.startswith("EMERGENCY CARD")
    assert "Call 911" in card
    assert "1-800-799-7233" in card
    assert "loveisrespect" not in card  # the card keeps one line per kind
    assert "pineapple" in card


def test_safety_plan_empty_is_still_printable_with_fallback_numbers() -> None:
    text = render_text(make_safety_plan(country="ZZ"))
    assert "(no one added yet)" in text
    assert "findahelpline.com" in text


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"people": [Contact("", "555")]}, "name and a way"),
        ({"people": [Contact(str(n), "555") for n in range(7)]}, "up to 6"),
        ({"code_meaning": "come now"}, "code word"),
        ({"packed": ["jetpack"]}, "Unknown checklist item: jetpack"),
        ({"tech_done": ["hack_them"]}, "Unknown checklist item: hack_them"),
    ],
    ids=["no name", "too many", "meaning without word", "packed", "tech"],
)
def test_safety_plan_rejects_bad_input(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        make_safety_plan(**kwargs)  # type: ignore[arg-type]
