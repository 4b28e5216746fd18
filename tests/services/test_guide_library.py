"""The guide for the app and the CLI: opaque keys, gated lists, search, helper mode."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from tests.conftest import fast_settings

from onward.content.library import seed_ids
from onward.errors import NotFoundError
from onward.services import friend, guide_library, lines


def test_guide_keys_are_opaque_and_stable() -> None:
    key = guide_library.item_key("closure-evidence-first")
    assert re.fullmatch(r"[0-9a-f]{20}", key)
    assert key == guide_library.item_key("closure-evidence-first")
    page = guide_library.item_page(key)
    assert page.item.id == "closure-evidence-first" and "<h1>" not in page.html
    with pytest.raises(NotFoundError):
        guide_library.item_page("0" * 20)


def test_guide_browse_hides_closed_paths() -> None:
    open_ = guide_library.browse(situation="repair", gates=frozenset())
    ids = [e.id for s in open_.sections for e in s.entries]
    assert "repair-heart-to-heart" in ids and open_.hidden == 0
    closed = guide_library.browse(situation="repair", gates={"repair_closed"})
    ids = [e.id for s in closed.sections for e in s.entries]
    assert not any(i.startswith("repair-") for i in ids) and closed.hidden >= 6
    only_counselling = guide_library.browse(situation=None, gates={"no_couples_counselling"})
    ids = [e.id for s in only_counselling.sections for e in s.entries]
    assert "repair-counselling" not in ids and "repair-apology" in ids
    page = guide_library.item_page(
        guide_library.item_key("repair-apology"), gates={"repair_closed"}
    )
    assert page.closed


def test_guide_search_builds_a_separate_index(tmp_path: Path) -> None:
    settings = fast_settings(tmp_path / "data")
    hits = guide_library.search(settings, "broken record")
    assert hits and hits[0].id == "plan-saying-it-clearly"
    assert any(matched for _, matched in hits[0].parts)
    assert "[broken]" in guide_library.hit_text(hits[0])
    index = guide_library.index_path(settings)
    assert index.is_file() and sorted(p.name for p in index.parent.iterdir()) == ["search.idx"]
    before = index.stat().st_mtime_ns
    assert guide_library.search(settings, "SENTINEL-query-xyz") == []
    assert index.stat().st_mtime_ns == before  # queries are never written
    assert b"SENTINEL-query-xyz" not in index.read_bytes()
    assert guide_library.search(settings, "   ") == []


def test_guide_coverage_lists_every_seed_id_and_misses_no_s0_s3_s4() -> None:
    result = guide_library.coverage()
    assert sorted(result["covered"] + result["missing"]) == sorted(seed_ids())
    assert not [s for s in result["missing"] if s.split(".")[0] in ("S0", "S3", "S4")]


def test_guide_item_text_has_sources() -> None:
    text = guide_library.item_text(guide_library.item_by_id("safety-help-right-now"))
    assert text.startswith("Help right now\n") and "Sources:" in text and "Reviewed:" in text


def test_friend_guide_needs_nothing_and_has_helplines(tmp_path: Path) -> None:
    page = friend.friend_guide("gb")
    assert page.country == "GB" and page.helplines.code == "GB"
    assert [i.id for i, _ in page.items] == [
        "help-listening-and-what-to-avoid",
        "help-making-a-plan",
    ]
    assert all("<h1>" not in html and "<h2>" not in html for _, html in page.items)
    text = friend.friend_text("zz")
    assert "Helping a friend" in text and "findahelpline.com" in text
    assert not list(tmp_path.iterdir())


def test_helplines_are_sourced_for_every_country() -> None:
    for choice in lines.country_choices():
        data = lines.helplines_json(choice.code)
        assert data["lines"], choice
        for line in [data["emergency"], *data["lines"]]:
            assert line["source"] and line["checked"], (choice, line["name"])
        crisis = lines.helplines_json(choice.code, crisis_only=True)["lines"]
        assert crisis and all(x["topic"] in ("crisis", "directory") for x in crisis)
    assert lines.normalise_country("uk") == "GB" and lines.normalise_country("zz") == ""
