"""Helplines: every country file loads, every entry is sourced and dated, fallbacks work."""

from __future__ import annotations

import datetime as dt
from importlib import resources
from typing import Any

import pytest
import yaml

from onward.content.datafiles import ContentError, Record
from onward.guide.helplines import (
    INTERNATIONAL,
    Topic,
    countries,
    crisis_lines,
    format_line,
    load_helplines,
    parse_country,
)

REQUIRED = ["AU", "CA", "GB", "IE", "NZ", "US"]
CHECKED = dt.date(2026, 11, 21)


def test_helplines_exist_for_every_required_country_and_the_fallback() -> None:
    assert countries() == REQUIRED
    assert resources.files("onward.content").joinpath("helplines", "international.yaml").is_file()
    assert load_helplines(INTERNATIONAL).code == INTERNATIONAL


@pytest.mark.parametrize("code", [*REQUIRED, INTERNATIONAL])
def test_helplines_every_entry_has_a_source_and_a_checked_date(code: str) -> None:
    found = load_helplines(code)
    for line in found.all_lines():
        assert line.source, line.name
        assert line.checked == CHECKED, line.name
        assert line.hours, line.name


@pytest.mark.parametrize("code", REQUIRED)
def test_helplines_each_country_has_emergency_abuse_and_crisis_lines(code: str) -> None:
    found = load_helplines(code)
    assert not found.fallback
    assert found.emergency.topic is Topic.EMERGENCY
    assert found.emergency.call
    assert found.by_topic(Topic.DOMESTIC_ABUSE) or found.by_topic(Topic.DIRECTORY)
    assert found.by_topic(Topic.CRISIS)


# (country, emergency number, a crisis number or text, a domestic-abuse number)
KNOWN: list[tuple[str, str, str, str]] = [
    ("US", "911", "988", "1-800-799-7233"),
    ("GB", "999", "116 123", "0808 2000 247"),
    ("IE", "112 or 999", "116 123", "1800 341 900"),
    ("CA", "911", "988", "1-866-863-0511"),
    ("AU", "000", "13 11 14", "1800 737 732"),
    ("NZ", "111", "1737", "0800 733 843"),
]


@pytest.mark.parametrize(("code", "emergency", "crisis", "abuse"), KNOWN)
def test_helplines_carry_the_checked_numbers(
    code: str, emergency: str, crisis: str, abuse: str
) -> None:
    found = load_helplines(code)
    assert found.emergency.call == emergency
    assert crisis in {line.call for line in found.by_topic(Topic.CRISIS)}
    assert abuse in {line.call for line in found.by_topic(Topic.DOMESTIC_ABUSE)}


def test_helplines_text_lines_where_they_exist() -> None:
    texts = {
        code: [line.text for line in load_helplines(code).lines if line.text] for code in REQUIRED
    }
    assert "Text START to 88788" in texts["US"]
    assert "Text SHOUT to 85258" in texts["GB"]
    assert "Text 0477 13 11 14" in texts["AU"]
    assert "Text 1737" in texts["NZ"]
    assert "Text CONNECT to 686868" in texts["CA"]
    assert any("50808" in t for t in texts["IE"])


def test_helplines_regional_lines_say_where_they_apply() -> None:
    ca = {line.name: line.region for line in load_helplines("CA").lines}
    assert ca["Assaulted Women's Helpline"] == "Ontario"
    gb = {line.region for line in load_helplines("GB").by_topic(Topic.DOMESTIC_ABUSE)}
    assert {"England", "Scotland", "Wales", "Northern Ireland"} <= gb


@pytest.mark.parametrize(
    ("asked", "code", "fallback"),
    [
        ("us", "US", False),
        (" gb ", "GB", False),
        ("UK", "GB", False),
        ("FR", INTERNATIONAL, True),
        ("", INTERNATIONAL, True),
        ("international", INTERNATIONAL, True),
    ],
)
def test_helplines_fall_back_to_international(asked: str, code: str, fallback: bool) -> None:
    found = load_helplines(asked)
    assert (found.code, found.fallback) == (code, fallback)


def test_helplines_crisis_lines_start_with_the_emergency_number() -> None:
    us = crisis_lines("US")
    assert us[0].topic is Topic.EMERGENCY
    assert {line.name for line in us[1:]} == {"988 Suicide & Crisis Lifeline", "Crisis Text Line"}
    fallback = crisis_lines("FR")
    assert fallback[0].name == "Your local emergency number"
    assert fallback[1].chat == "https://findahelpline.com"


def test_helplines_format_line_is_one_plain_line() -> None:
    line = load_helplines("US").by_topic(Topic.DOMESTIC_ABUSE)[0]
    text = format_line(line)
    assert text == (
        "National Domestic Violence Hotline: Call 1-800-799-7233; Text START to 88788; "
        "https://www.thehotline.org. 24 hours, every day."
    )
    assert format_line(load_helplines("CA").lines[0]).startswith(
        "Assaulted Women's Helpline [Ontario]: Call 1-866-863-0511"
    )


def _data(code: str) -> dict[str, Any]:
    node = resources.files("onward.content").joinpath("helplines", f"{code}.yaml")
    data = yaml.safe_load(node.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["emergency"].update(call=999), "must be quoted text"),
        (lambda d: d["lines"][0].pop("source"), "field 'source' is missing"),
        (lambda d: d["lines"][0].pop("checked"), "field 'checked' is missing"),
        (lambda d: d["lines"][0].update(checked="soon"), "field 'checked'"),
        (lambda d: d["lines"][0].update(url="http://example.org"), "https://"),
        (lambda d: d["lines"][0].update(topic="gossip"), "field 'topic'"),
        (lambda d: d["lines"][0].update(call=None, text=None, chat=None), "is needed"),
        (lambda d: d.update(country="XX"), "field 'country' must be 'GB'"),
        (lambda d: d["emergency"].update(topic="crisis"), "must be 'emergency'"),
    ],
    ids=[
        "unquoted number",
        "no source",
        "no date",
        "bad date",
        "http",
        "topic",
        "no way",
        "wrong country",
        "emergency topic",
    ],
)
def test_helplines_parse_rejects_bad_entries(change: Any, message: str) -> None:
    data = _data("GB")
    change(data)
    with pytest.raises(ContentError, match=message):
        parse_country(Record(data, "helplines/GB.yaml"), "GB")
