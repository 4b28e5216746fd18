"""The hash chain detects every kind of tampering (R26, R27, R28)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from onward.evidence import chain
from onward.evidence.chain import Link

TEXT = st.text(max_size=40)
EVENTS = st.fixed_dictionaries(
    {
        "type": st.sampled_from(chain.EVENT_TYPES),
        "salt": st.text("0123456789abcdef", min_size=32, max_size=32),
        "at": st.text(max_size=30),
        "n": st.integers(-(2**53) + 1, 2**53 - 1),
        "ok": st.booleans(),
        "note": st.none() | TEXT,
        "list": st.lists(TEXT, max_size=3),
        "nested": st.dictionaries(st.text("abcdefgh_", min_size=1, max_size=8), TEXT, max_size=3),
    }
)


def build(events: list[dict[str, object]]) -> list[Link]:
    links, prev = [], chain.GENESIS
    for i, event in enumerate(events, start=1):
        h = chain.link_hash(prev, event)
        links.append(Link(i, prev, h, event))
        prev = h
    return links


@settings(max_examples=60, deadline=None)
@given(EVENTS)
def test_chain_canonical_json_matches_rfc8785(event: dict[str, object]) -> None:
    assert chain.canonical(event) == rfc8785.dumps(event)


@settings(max_examples=40, deadline=None)
@given(st.lists(EVENTS, min_size=1, max_size=8), st.data())
def test_chain_verify_names_the_first_tampered_link(
    events: list[dict[str, object]], data: st.DataObject
) -> None:
    links = build(events)
    assert chain.verify(links).ok
    i = data.draw(st.integers(0, len(links) - 1))
    how = data.draw(st.sampled_from(["edit", "delete", "insert", "swap", "rehash_tail"]))
    bad = list(links)
    target = links[i]
    if how == "edit":
        event = dict(target.event, note="changed after the fact")
        if event == target.event:
            event["note"] = "changed again"
        bad[i] = Link(target.seq, target.prev, target.hash, event)
        expected = target.seq
    elif how == "delete":
        del bad[i]
        expected = target.seq if i < len(links) - 1 else None
    elif how == "insert":
        bad.insert(i, Link(target.seq, target.prev, target.hash, target.event))
        expected = target.seq + 1 if i < len(links) else None
    elif how == "swap" and len(links) > 1:
        j = (i + 1) % len(links)
        bad[i], bad[j] = links[j], links[i]
        expected = min(links[i].seq, links[j].seq)
    else:
        # A forger rewrites one event and recomputes every later hash: only an
        # anchor written down earlier catches it (R27).
        anchor = links[-1].hash
        forged = build([*events[:i], dict(events[i], note="forged"), *events[i + 1 :]])
        if forged[-1].hash == anchor:
            return
        result = chain.verify(forged, anchor=anchor)
        assert not result.ok
        return
    result = chain.verify(bad)
    if expected is None and how in {"delete"}:
        # Dropping the last link leaves a valid shorter chain: the anchor catches it.
        assert not chain.verify(bad, anchor=links[-1].hash).ok
        return
    assert not result.ok
    if expected is not None:
        assert result.first_bad == expected


def test_chain_refuses_floats_and_non_ascii_keys() -> None:
    with pytest.raises(ValueError, match="floats"):
        chain.canonical({"x": 1.5})
    with pytest.raises(ValueError, match="ASCII"):
        chain.canonical({"ключ": 1})


def test_clock_going_back_is_flagged() -> None:
    now = datetime(2026, 5, 1, 12, tzinfo=UTC)
    assert chain.clock_flag(None, now) is None
    assert chain.clock_flag(now, now + timedelta(hours=1)) is None
    assert chain.clock_flag(now, now - timedelta(days=1)) == "clock_back"


def test_short_code_is_four_groups() -> None:
    assert chain.short_code("ab" * 32) == "ABAB-ABAB-ABAB-ABAB"
