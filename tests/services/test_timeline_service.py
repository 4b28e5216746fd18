"""The timeline service: filtered pages, SQL aggregates, figures, dismissing, display pieces."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from tests.conftest import PASSPHRASE

from onward.config import Settings
from onward.errors import InvalidInputError
from onward.services import (
    contact_charts,
    items,
    report_data,
    reports,
    timeline,
    timeline_figures,
)
from onward.services import contacts as cs
from onward.services import timeline_prefs as tp
from onward.services import vault as vs
from onward.services.contact_codes import SHOWN_CATEGORIES
from onward.services.message_text import Piece, pieces, visible
from onward.services.timeline import TimelineQuery
from onward.store import contacts_repo

PLUS1 = timezone(timedelta(hours=1))
CONV = "c" * 32
THREAT, INSULT = cs.CATEGORY_BITS["threat"], cs.CATEGORY_BITS["insult"]


@pytest.fixture
def vault(settings: Settings) -> Iterator[vs.Vault]:
    v, _ = vs.create_vault(settings, passphrase=PASSPHRASE)
    tp.save(v, tp.TimelinePrefs(utc_offset_min=60))
    yield v
    v.lock()


def _add(vault: vs.Vault, rows: list[tuple[datetime, str, str, int, int, str]]) -> list[str]:
    """Store (when, channel, kind, role, flag bits, text) rows; returns their ids."""
    keys = cs.Keys(vault)
    made = []
    for i, (when, channel, kind, role, bits, text) in enumerate(rows):
        sender = {cs.ROLE_PARTNER: "Sam", cs.ROLE_ME: "Alex"}.get(role)
        flags = [
            {"category": c, "reason": f"because {c}", "span": [0, 4], "rule_id": f"{c}.r1"}
            for c in cs.categories_of(bits)
        ]
        made.append(
            cs.make_row(
                vault,
                None,
                import_id=None,
                conv_id=CONV,
                ts=when,
                channel=channel,
                kind=kind,
                role=role,
                sender_key=keys.sender(CONV, sender),
                flags=bits,
                dedupe=keys.dedupe("t", i, when.isoformat(), text),
                body={
                    "text": text,
                    "sender": sender,
                    "conv": "Sam",
                    "ref": f"line {i}",
                    "flags": flags,
                    "attachments": [],
                    "call": None,
                    "warnings": [],
                },
            )
        )
    with items.transaction(vault) as conn:
        contacts_repo.insert_many(conn, made)
    return [str(r["id"]) for r in made]


def _local(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=PLUS1)


def _dataset(vault: vs.Vault) -> list[str]:
    return _add(
        vault,
        [
            (_local(2, 23, 30), "whatsapp", "text", cs.ROLE_PARTNER, THREAT, "kill it all"),
            (_local(3, 0, 15), "sms", "text", cs.ROLE_PARTNER, 0, "answer me"),
            (_local(3, 10), "phone", "call", cs.ROLE_PARTNER, 0, "Missed call"),
            (_local(3, 10, 5), "whatsapp", "text", cs.ROLE_ME, THREAT, "mine, not counted"),
            (_local(3, 11), "whatsapp", "system", cs.ROLE_UNKNOWN, 0, "You blocked this contact"),
            (_local(10, 10), "whatsapp", "text", cs.ROLE_PARTNER, INSULT, "you idiot"),
        ],
    )


def test_aggregates_on_a_hand_made_dataset(vault: vs.Vault) -> None:
    ids = _dataset(vault)
    timeline.set_dismissed(vault, ids[5], category="insult", dismissed=True)
    view = contact_charts.charts(
        vault, TimelineQuery(start=date(2026, 3, 2), end=date(2026, 3, 10))
    )
    per_day, hours, weeks = view.charts
    rows = {r[0]: r[1:] for r in per_day.table.rows}
    assert per_day.table.header[1:] == [
        "Phone call: messages",
        "Phone call: calls",
        "Text message: messages",
        "Text message: calls",
        "WhatsApp: messages",
        "WhatsApp: calls",
    ]
    assert rows["2026-03-02"] == ["0", "0", "0", "0", "1", "0"]
    assert rows["2026-03-03"] == ["0", "1", "1", "0", "0", "0"]
    assert rows["2026-03-10"] == ["0", "0", "0", "0", "1", "0"]
    assert rows["2026-03-05"] == ["0"] * 6 and len(rows) == 9
    grid = {r[0]: [int(x) for x in r[1:]] for r in hours.table.rows}
    assert grid["Monday"][23] == 1 and grid["Tuesday"][0] == 1 and grid["Tuesday"][10] == 2
    assert sum(map(sum, grid.values())) == 4
    assert weeks.table.rows == [["2026-03-02", "1", *["0"] * 9]]  # the insult was dismissed
    assert view.clock.label == "UTC+01:00" and view.clock.chosen


def test_charts_mark_the_no_contact_day_and_escape_labels(vault: vs.Vault) -> None:
    _dataset(vault)
    tp.save(vault, tp.TimelinePrefs(utc_offset_min=60, no_contact=date(2026, 3, 3)))
    view = contact_charts.charts(vault, TimelineQuery())
    per_day = view.charts[0]
    assert 'class="marker"' in per_day.svg and "2026-03-03 *" in [r[0] for r in per_day.table.rows]
    for chart in view.charts:
        assert "<script" not in chart.svg and 'role="img"' in chart.svg
    assert view.end == date(2026, 3, 10) and view.start == date(2026, 3, 10) - timedelta(days=89)


def test_a_message_dated_years_ahead_does_not_move_where_charts_and_figures_end(
    vault: vs.Vault,
) -> None:
    _dataset(vault)
    wrong_clock = datetime(2040, 1, 2, 9, 0, tzinfo=PLUS1)  # a phone's clock set wrong
    _add(vault, [(wrong_clock, "sms", "text", cs.ROLE_PARTNER, 0, "from a wrong clock")])
    now = datetime(2026, 3, 12, 12, 0, tzinfo=UTC)
    view = contact_charts.charts(vault, TimelineQuery(), now=now)
    assert view.end == date(2026, 3, 10) and not view.empty
    with items.reading(vault) as conn:
        figures = timeline_figures.compute(conn, vault, clock=view.clock, no_contact=None, now=now)
    assert figures.window_to is not None and figures.window_to.startswith("2026-03-10")
    # Asked for, the far date is there; and once it is the present, it counts.
    later = contact_charts.charts(vault, TimelineQuery(), now=wrong_clock)
    assert later.end == date(2040, 1, 2)
    asked = contact_charts.charts(
        vault, TimelineQuery(start=date(2040, 1, 1), end=date(2040, 1, 3)), now=now
    )
    assert not asked.empty


def test_page_filters_and_cursor(vault: vs.Vault, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _dataset(vault)
    everything = timeline.page(vault, TimelineQuery())
    assert [r.id for r in everything.rows] == ids[::-1]  # newest first
    threats = timeline.page(vault, timeline.make_query(categories=["threat"]))
    assert [r.id for r in threats.rows] == [ids[0]]  # not the person's own message
    assert threats.rows[0].flags == ["Threat"]
    sms = timeline.page(vault, timeline.make_query(channels=["sms"]))
    assert [r.id for r in sms.rows] == [ids[1]]
    day = timeline.page(vault, timeline.make_query(start="2026-03-03", end="2026-03-03"))
    assert [r.id for r in day.rows] == ids[1:5][::-1]
    monkeypatch.setattr(timeline, "PAGE_SIZE", 4)
    first = timeline.page(vault, TimelineQuery())
    assert first.next_cursor is not None and len(first.rows) == 4
    rest = timeline.page(vault, TimelineQuery(), cursor=first.next_cursor)
    assert [r.id for r in first.rows + rest.rows] == ids[::-1] and rest.next_cursor is None


def test_bad_filters_are_refused(vault: vs.Vault) -> None:
    for bad in ({"categories": ["begging"]}, {"channels": ["carrier-pigeon"]}):
        with pytest.raises(Exception, match="Unknown filter"):
            timeline.make_query(**bad)  # type: ignore[arg-type]
    with pytest.raises(Exception, match="before the start"):
        timeline.make_query(start="2026-03-05", end="2026-03-01")
    with pytest.raises(Exception, match="not valid"):
        timeline.page(vault, TimelineQuery(), cursor="12;drop")


def test_page_size_can_be_chosen_within_bounds(vault: vs.Vault) -> None:
    ids = _dataset(vault)
    first = timeline.page(vault, TimelineQuery(), limit=2)
    assert [r.id for r in first.rows] == ids[:-3:-1] and first.next_cursor
    rest = timeline.page(vault, TimelineQuery(), cursor=first.next_cursor, limit=500)
    assert [r.id for r in first.rows + rest.rows] == ids[::-1] and rest.next_cursor is None
    for bad in (0, timeline.MAX_PAGE_SIZE + 1):
        with pytest.raises(InvalidInputError, match="1 to 500"):
            timeline.page(vault, TimelineQuery(), limit=bad)


def test_far_dates_and_cursors_answer_instead_of_failing(vault: vs.Vault) -> None:
    """Both ends of the calendar, and cursors at and past the ends of the 64-bit columns."""
    ids = _dataset(vault)
    wide = timeline.make_query(start="0001-01-01", end="9999-12-31")
    assert [r.id for r in timeline.page(vault, wide).rows] == ids[::-1]
    assert timeline.page(vault, timeline.make_query(start="9999-12-31")).rows == []
    assert timeline.page(vault, timeline.make_query(end="0001-01-01")).rows == []
    top = timeline.page(vault, TimelineQuery(), cursor=f"{2**63 - 1}.{2**63 - 1}")
    assert [r.id for r in top.rows] == ids[::-1]
    assert timeline.page(vault, TimelineQuery(), cursor=f"-{2**63}.1").rows == []
    past = (f"{2**63}.1", f"1.{2**63}", f"-{2**63 + 1}.1", "1." + "9" * 30)
    for cursor in (*past, "\u00b2.1", "\u0661.1", "--1.1", "-.1", "1.-1", "1.2\n"):
        with pytest.raises(InvalidInputError, match="not valid"):
            timeline.page(vault, TimelineQuery(), cursor=cursor)


def test_unknown_flag_types_name_the_known_ones(vault: vs.Vault) -> None:
    ids = _dataset(vault)
    with pytest.raises(InvalidInputError, match="Unknown flag type: nonsense") as marking:
        timeline.set_own_mark(vault, ids[1], category="nonsense", marked=True)
    with pytest.raises(InvalidInputError, match="Unknown flag type: nonsense") as dismissing:
        timeline.set_dismissed(vault, ids[1], category="nonsense", dismissed=True)
    for caught in (marking, dismissing):
        assert caught.value.hint and "threat, " in caught.value.hint


def test_dismissed_flags_leave_filters_and_report_data(vault: vs.Vault) -> None:
    ids = _dataset(vault)
    insults = timeline.make_query(categories=["insult"])
    assert [r.id for r in timeline.page(vault, insults).rows] == [ids[5]]
    timeline.set_dismissed(vault, ids[5], category="insult", dismissed=True)
    assert timeline.page(vault, insults).rows == []
    message = timeline.message(vault, ids[5])
    assert [(f.category, f.dismissed) for f in message.flags] == [("insult", True)]
    assert all(not p.marked for p in message.text)  # a dismissed flag is not highlighted
    data = report_data.gather(vault, report_data.ReportOptions())
    assert ids[5] not in {m.id for m in data.messages} and ids[0] in {m.id for m in data.messages}
    timeline.set_dismissed(vault, ids[5], category="insult", dismissed=False)
    assert [r.id for r in timeline.page(vault, insults).rows] == [ids[5]]


def test_only_a_flag_the_message_has_can_be_set_aside(vault: vs.Vault) -> None:
    ids = _dataset(vault)
    with pytest.raises(InvalidInputError, match="no flag of that type"):
        timeline.set_dismissed(vault, ids[5], category="threat", dismissed=True)
    # nothing was set aside in advance: a threat mark on it counts at once
    timeline.set_own_mark(vault, ids[5], category="threat", marked=True)
    threats = timeline.make_query(categories=["threat"])
    assert ids[5] in [r.id for r in timeline.page(vault, threats).rows]
    timeline.set_dismissed(vault, ids[1], category="threat", dismissed=False)  # a no-op


def _report_categories(vault: vs.Vault) -> dict[str, tuple[str, ...]]:
    ctx = reports.build_report(vault, report_data.ReportOptions())
    return {m.contact_id: m.categories for m in ctx.messages}


def test_own_marks_count_everywhere_and_come_off_again(vault: vs.Vault) -> None:
    ids = _dataset(vault)
    monitoring = timeline.make_query(categories=["monitoring"])
    assert timeline.page(vault, monitoring).rows == []
    view = timeline.message(vault, ids[1])
    assert view.flags == [] and [v for v, _ in view.markable] == list(SHOWN_CATEGORIES)
    timeline.set_own_mark(vault, ids[1], category="monitoring", marked=True)
    timeline.set_own_mark(vault, ids[1], category="monitoring", marked=True)  # once only
    view = timeline.message(vault, ids[1])
    assert [(f.category, f.mine, f.model, f.words) for f in view.flags] == [
        ("monitoring", True, False, [])
    ]
    assert "monitoring" not in {v for v, _ in view.markable}
    assert [r.id for r in timeline.page(vault, monitoring).rows] == [ids[1]]
    marked = _report_categories(vault)[ids[1]]
    assert len(marked) == 1 and marked[0].endswith("(marked by the person, not found by Onward)")
    assert not _report_categories(vault)[ids[0]][0].endswith(")")  # a rule's flag says nothing
    timeline.set_own_mark(vault, ids[1], category="monitoring", marked=False)
    assert timeline.page(vault, monitoring).rows == []
    assert timeline.message(vault, ids[1]).flags == []
    assert ids[1] not in _report_categories(vault)


def test_marking_a_set_aside_flag_brings_it_back_and_unmarking_keeps_rule_flags(
    vault: vs.Vault,
) -> None:
    ids = _dataset(vault)
    threats = timeline.make_query(categories=["threat"])
    timeline.set_dismissed(vault, ids[0], category="threat", dismissed=True)
    assert ids[0] not in [r.id for r in timeline.page(vault, threats).rows]
    timeline.set_own_mark(vault, ids[0], category="threat", marked=True)
    flags = timeline.message(vault, ids[0]).flags
    assert [(f.category, f.mine, f.dismissed) for f in flags] == [("threat", False, False)]
    timeline.set_own_mark(vault, ids[0], category="threat", marked=False)  # not the person's
    assert [r.id for r in timeline.page(vault, threats).rows] == [ids[0]]


def test_own_marks_are_refused_where_they_mean_nothing(vault: vs.Vault) -> None:
    ids = _dataset(vault)
    with pytest.raises(InvalidInputError, match="other person's messages"):
        timeline.set_own_mark(vault, ids[3], category="threat", marked=True)  # the person's own
    with pytest.raises(InvalidInputError, match="Unknown flag type"):
        timeline.set_own_mark(vault, ids[1], category="begging", marked=True)  # drafts only
    with pytest.raises(Exception, match="not here"):
        timeline.set_own_mark(vault, "0" * 32, category="threat", marked=True)
    assert timeline.message(vault, ids[3]).markable == []


def test_only_rule_flags_are_rule_flags() -> None:
    rule = {"category": "threat", "rule_id": "threat.r1"}
    model = {"category": "threat", "rule_id": "model.threat", "model": "flag-heads-6"}
    mine = {"category": "insult", "rule_id": cs.PERSON_RULE}
    assert [cs.is_rule_flag(f) for f in (rule, model, mine)] == [True, False, False]
    assert cs.person_only_categories([rule, model, mine]) == {"insult"}
    assert cs.model_only_categories([model, mine]) == {"threat"}
    assert cs.person_only_categories([rule, {**mine, "category": "threat"}]) == set()


def test_message_page_shows_reasons_and_marks_words(vault: vs.Vault) -> None:
    ids = _dataset(vault)
    view = timeline.message(vault, ids[0])
    assert [(f.label, f.reason, f.rule_id) for f in view.flags] == [
        ("Threat", "because threat", "threat.r1")
    ]
    assert view.text[0] == Piece("kill", marked=True) and view.flags[0].words == [Piece("kill")]
    assert timeline.message(vault, ids[3]).flags == []  # the person's own message: no flags shown
    with pytest.raises(Exception, match="not here"):
        timeline.message(vault, "0" * 32)


def test_figures_and_rescreen_prompt(vault: vs.Vault) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    burst = [
        (now - timedelta(minutes=30 - i), "whatsapp", "text", cs.ROLE_PARTNER, 0, f"m{i}")
        for i in range(12)
    ]
    threats = [
        (now - timedelta(hours=h), "sms", "text", cs.ROLE_PARTNER, THREAT, "kill") for h in (2, 3)
    ]
    _add(vault, burst + threats)
    figures = timeline_figures.figures(vault, now=now)
    assert figures.mapped and figures.contacts == 14 and figures.burst_count == 1
    assert figures.bursts[0]["contacts"] >= 10
    assert figures.threat_change == (2, 0)
    assert figures.unanswered[0]["contacts"] == 14
    assert any("threats went up" in r for r in figures.rescreen)
    prompt = timeline_figures.rescreen_prompt(vault)
    assert prompt is not None and prompt.link == "/check"


def test_no_rescreen_prompt_without_data(vault: vs.Vault) -> None:
    assert timeline_figures.rescreen_prompt(vault) is None
    assert not timeline_figures.figures(vault).mapped


def test_figures_cache_follows_new_rows(vault: vs.Vault) -> None:
    now = datetime.now(UTC).replace(microsecond=0)
    _add(vault, [(now - timedelta(hours=1), "sms", "text", cs.ROLE_PARTNER, 0, "a")])
    assert timeline_figures.figures(vault, now=now).contacts == 1
    _add(vault, [(now - timedelta(minutes=5), "sms", "text", cs.ROLE_PARTNER, 0, "b")])
    assert timeline_figures.figures(vault, now=now).contacts == 2


def test_no_contact_date_from_the_timeline_setting(vault: vs.Vault) -> None:
    _dataset(vault)
    timeline.save_settings(vault, offset="+01:00", no_contact="2026-03-03")
    figures = timeline_figures.figures(vault)
    assert figures.no_contact is not None
    assert (figures.no_contact["since"], figures.no_contact["after"]) == ("2026-03-03", 3)
    page = timeline.page(vault, TimelineQuery())
    assert page.no_contact == date(2026, 3, 3) and page.clock.label == "UTC+01:00"


def test_offsets_parse_and_label() -> None:
    assert tp.parse_offset("+05:30") == 330 and tp.parse_offset("UTC-2") == -120
    assert tp.parse_offset("") is None
    assert tp.Clock(-9000, True).label == "UTC-02:30"
    with pytest.raises(Exception, match="not one Onward can read"):
        tp.parse_offset("soon")


def test_pieces_mark_spans_and_show_bidi_controls() -> None:
    text = "abc\u202edef <b>x</b>"
    got = pieces(text, [(2, 6)])
    assert got == [
        Piece("ab"),
        Piece("c", True),
        Piece("[U+202E]", True, True),
        Piece("de", True),
        Piece("f <b>x</b>"),
    ]
    assert visible("a\u2066b\u2069") == "a[U+2066]b[U+2069]"
    assert pieces("x" * 10, limit=4) == [Piece("xxxx"), Piece("…")]
