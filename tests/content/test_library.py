"""Guidance library: loading, strict validation, coverage, rendering and the search index."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

import pytest

from onward.content.datafiles import ContentError
from onward.content.library import (
    GuidanceItem,
    Situation,
    Source,
    Stage,
    build_search_index,
    coverage,
    get_item,
    index_is_current,
    items_for,
    load_items,
    parse_item,
    plain_blocks,
    render_html,
    search,
    seed_ids,
)
from onward.errors import NotFoundError

# Prefixes the repair / let-go / recovery content uses; everything else is part 1 of the path.
OTHER_PREFIXES = ("repair-", "letgo-", "closure-", "recovery-")

GOOD_FRONT = """\
---
id: sample-item
title: A sample item
stage: plan
situations: [leaving, refused]
covers: [S0.2]
sources:
  - title: Somewhere
    url: https://example.org
reviewed: 2026-11-21
---
"""
BODY = "# Heading\n\nSome **plain** text.\n"


def part_one_items() -> list[GuidanceItem]:
    return [i for i in load_items() if not i.id.startswith(OTHER_PREFIXES)]


def test_library_loads_shipped_items_sorted_and_unique() -> None:
    items = load_items()
    ids = [i.id for i in items]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))
    assert len(part_one_items()) >= 15


def test_library_load_items_is_cached_but_returns_a_fresh_list() -> None:
    first, second = load_items(), load_items()
    assert first == second
    assert first is not second
    assert all(a is b for a, b in zip(first, second, strict=True))


def test_library_seed_ids_are_the_shipped_list() -> None:
    ids = seed_ids()
    assert ids[0] == "S0.1"
    assert ids[-1] == "S4.19"
    assert len(ids) == 49
    assert all(re.fullmatch(r"S\d\.\d+", s) for s in ids)
    for section, count in (("S0", 9), ("S1", 9), ("S2", 5), ("S3", 7), ("S4", 19)):
        assert sum(s.startswith(section + ".") for s in ids) == count


def test_library_covers_every_s0_s3_s4_idea() -> None:
    wanted = [s for s in seed_ids() if s.split(".")[0] in ("S0", "S3", "S4")]
    result = coverage(wanted, part_one_items())
    assert result["missing"] == []
    assert result["covered"] == wanted


def test_library_coverage_splits_covered_and_missing_in_input_order() -> None:
    item = parse_item(GOOD_FRONT + BODY, "sample-item.md")
    result = coverage(["S4.1", "S0.2", "S0.1"], [item])
    assert result == {"covered": ["S0.2"], "missing": ["S4.1", "S0.1"]}


def test_library_every_item_has_a_source_and_a_review_date() -> None:
    for item in load_items():
        assert item.sources, item.id
        assert all(s.url or s.citation for s in item.sources), item.id
        assert isinstance(item.reviewed, dt.date), item.id


def test_library_part_one_items_are_150_to_500_words() -> None:
    for item in part_one_items():
        words = len(re.findall(r"[\w'’]+", " ".join(plain_blocks(item.body_md))))
        assert 150 <= words <= 500, (item.id, words)


def test_library_part_one_names_avoid_the_other_prefixes() -> None:
    for item in part_one_items():
        assert not item.id.startswith(("repair", "letgo", "closure", "recovery")), item.id


def test_library_helper_mode_has_items_for_friends() -> None:
    helper = items_for(stage=Stage.HELP, situation=Situation.HELPER)
    assert {"help-listening-and-what-to-avoid", "help-making-a-plan"} <= {i.id for i in helper}


def test_library_items_for_filters_by_stage_and_situation() -> None:
    safety = items_for(stage="safety")
    assert safety
    assert all(i.stage is Stage.SAFETY for i in safety)
    refused = items_for(situation="refused")
    assert all(Situation.REFUSED in i.situations for i in refused)
    assert items_for() == load_items()


def test_library_situations_all_expands_to_every_situation() -> None:
    text = GOOD_FRONT.replace("situations: [leaving, refused]", "situations: all") + BODY
    assert parse_item(text, "sample-item.md").situations == tuple(Situation)
    text = GOOD_FRONT.replace("situations: [leaving, refused]", "situations: [all]") + BODY
    assert parse_item(text, "sample-item.md").situations == tuple(Situation)


def test_library_parses_a_good_item() -> None:
    item = parse_item(GOOD_FRONT + BODY, "sample-item.md")
    assert item == GuidanceItem(
        id="sample-item",
        title="A sample item",
        stage=Stage.PLAN,
        situations=(Situation.LEAVING, Situation.REFUSED),
        covers=("S0.2",),
        sources=(Source("Somewhere", "https://example.org"),),
        reviewed=dt.date(2026, 11, 21),
        body_md=BODY,
    )


def test_library_accepts_crlf_bom_and_quoted_dates() -> None:
    text = "\ufeff" + (GOOD_FRONT + BODY).replace("2026-11-21", "'2026-11-21'")
    item = parse_item(text.replace("\n", "\r\n"), "sample-item.md")
    assert item.reviewed == dt.date(2026, 11, 21)


def _swap(old: str, new: str) -> str:
    assert old in GOOD_FRONT
    return GOOD_FRONT.replace(old, new) + BODY


BAD_ITEMS = [
    ("no opening line", BODY, "sample-item.md", "must start with a '---' line"),
    ("no closing line", GOOD_FRONT.removesuffix("---\n") + BODY, "sample-item.md", "no closing"),
    ("not yaml", "---\nid: [unclosed\n---\n" + BODY, "sample-item.md", "not valid YAML"),
    ("not a mapping", "---\n- a\n- b\n---\n" + BODY, "sample-item.md", "must be a mapping"),
    ("missing stage", _swap("stage: plan\n", ""), "sample-item.md", "field 'stage' is missing"),
    (
        "unknown field",
        _swap("stage: plan\n", "stage: plan\nmood: sad\n"),
        "sample-item.md",
        "field 'mood' is not known",
    ),
    ("bad stage", _swap("stage: plan", "stage: later"), "sample-item.md", "field 'stage'"),
    (
        "bad situation",
        _swap("[leaving, refused]", "[leaving, everyone]"),
        "sample-item.md",
        "field 'situations' has 'everyone'",
    ),
    (
        "repeated situation",
        _swap("[leaving, refused]", "[leaving, leaving]"),
        "sample-item.md",
        "field 'situations' repeats",
    ),
    (
        "id not kebab",
        _swap("id: sample-item", "id: Sample_Item"),
        "Sample_Item.md",
        "field 'id' must be kebab-case",
    ),
    ("id not file name", GOOD_FRONT + BODY, "other-name.md", "field 'id' must match"),
    (
        "malformed seed",
        _swap("covers: [S0.2]", "covers: [0.2]"),
        "sample-item.md",
        "field 'covers'",
    ),
    (
        "unknown seed",
        _swap("covers: [S0.2]", "covers: [S9.9]"),
        "sample-item.md",
        "not in seed_ids.txt",
    ),
    (
        "repeated seed",
        _swap("covers: [S0.2]", "covers: [S0.2, S0.2]"),
        "sample-item.md",
        "field 'covers' repeats",
    ),
    (
        "no sources",
        _swap("sources:\n  - title: Somewhere\n    url: https://example.org\n", "sources: []\n"),
        "sample-item.md",
        "field 'sources'",
    ),
    (
        "source without url or citation",
        _swap("    url: https://example.org\n", ""),
        "sample-item.md",
        "'url' or 'citation'",
    ),
    (
        "plain http url",
        _swap("https://example.org", "http://example.org"),
        "sample-item.md",
        "must start with https://",
    ),
    ("bad date", _swap("2026-11-21", "21/11/2026"), "sample-item.md", "field 'reviewed'"),
    (
        "date and time",
        _swap("2026-11-21", "2026-11-21 10:00:00"),
        "sample-item.md",
        "not a date and time",
    ),
    (
        "empty title",
        _swap("title: A sample item", "title: ''"),
        "sample-item.md",
        "field 'title' must be a non-empty text",
    ),
    ("empty body", GOOD_FRONT + "\n \n", "sample-item.md", "body after the front matter is empty"),
]


@pytest.mark.parametrize(
    ("case", "text", "filename", "message"), BAD_ITEMS, ids=[c[0] for c in BAD_ITEMS]
)
def test_library_rejects_bad_front_matter_with_a_clear_error(
    case: str, text: str, filename: str, message: str
) -> None:
    with pytest.raises(ContentError) as info:
        parse_item(text, filename)
    assert message in info.value.user_message
    assert info.value.user_message.startswith(filename)


def test_library_load_items_names_the_bad_file(tmp_path: Path) -> None:
    (tmp_path / "sample-item.md").write_text(GOOD_FRONT + BODY, encoding="utf-8")
    (tmp_path / "notes.txt").write_text("ignored", encoding="utf-8")
    assert [i.id for i in load_items(tmp_path)] == ["sample-item"]
    (tmp_path / "broken-item.md").write_text(
        _swap("id: sample-item", "id: broken-item").replace("stage: plan", "stage: nope"),
        encoding="utf-8",
    )
    with pytest.raises(ContentError, match=r"^broken-item\.md: field 'stage'"):
        load_items(tmp_path)


def test_library_load_items_needs_a_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="guidance folder not found"):
        load_items(tmp_path / "missing")


def test_library_get_item_finds_and_refuses() -> None:
    assert get_item("safety-about-the-screen").stage is Stage.SAFETY
    with pytest.raises(NotFoundError):
        get_item("no-such-item")


def test_library_render_html_escapes_raw_html() -> None:
    item = parse_item(GOOD_FRONT + "Hello <script>alert(1)</script> **bold**\n", "sample-item.md")
    html = render_html(item)
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "<strong>bold</strong>" in html


def test_library_render_html_renders_every_shipped_item() -> None:
    for item in load_items():
        assert render_html(item).strip(), item.id


def test_library_plain_blocks_strips_markdown_and_can_drop_headings() -> None:
    body = "# Title\n\nA [link](https://example.org) and `code`.\n\n- one\n- **two**\nlines\n"
    assert plain_blocks(body) == ["Title", "A link and code.", "one", "two lines"]
    assert plain_blocks(body, headings=False) == ["A link and code.", "one", "two lines"]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_library_search_index_finds_shipped_text_read_only(tmp_path: Path) -> None:
    index = tmp_path / "guidance-index.sqlite"
    assert not index_is_current(index)
    build_search_index(index)
    assert index_is_current(index)
    before = _digest(index)

    hits = search(index, "stalkerware")
    assert hits
    assert hits[0][0] == "safety-phones-and-accounts"
    assert all(len(hit) == 3 for hit in hits)
    marked = search(index, "stalkerware", mark=("[", "]"))
    assert "[" in marked[0][2]
    assert search(index, "   ") == []
    # FTS5 syntax in a query is treated as plain words, never as an operator.
    assert isinstance(search(index, 'NEAR( "unclosed AND OR * ^'), list)
    assert len(search(index, "safety", limit=2)) == 2
    assert _digest(index) == before  # searching never writes to the index


def test_library_search_index_is_rebuilt_atomically(tmp_path: Path) -> None:
    index = tmp_path / "guidance-index.sqlite"
    one = parse_item(GOOD_FRONT + BODY, "sample-item.md")
    build_search_index(index, [one])
    assert not index_is_current(index)  # not the shipped set
    assert [h[0] for h in search(index, "plain")] == ["sample-item"]
    build_search_index(index)
    assert index_is_current(index)
    assert not list(tmp_path.glob("*.building"))


def test_library_search_needs_an_index(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="not been built"):
        search(tmp_path / "none.sqlite", "safety")


def test_library_index_is_current_is_false_for_a_foreign_file(tmp_path: Path) -> None:
    junk = tmp_path / "junk.sqlite"
    junk.write_bytes(b"not a database at all" * 100)
    assert not index_is_current(junk)
