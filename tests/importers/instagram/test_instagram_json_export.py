"""Instagram's JSON: telling it apart from Messenger, and reading it as Instagram."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from onward.importers import _meta_json
from onward.importers.base import ParseOptions, ParseReport
from onward.importers.facebook import json_export as facebook
from onward.importers.instagram import json_export as instagram
from onward.model import Channel, Message

EXPORTS = Path(__file__).resolve().parents[2] / "data" / "exports"


def thread(folder: Path, uri: str = "") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    message: dict[str, object] = {
        "sender_name": "a",
        "timestamp_ms": 1709280900000,
        "content": "hi",
    }
    if uri:
        message["photos"] = [{"uri": uri}]
    data = {"participants": [{"name": "a"}], "title": "a", "messages": [message]}
    (folder / "message_1.json").write_text(json.dumps(data))
    return folder


@pytest.mark.parametrize(
    ("parts", "uri", "expected"),
    [
        (("instagram-sam-20240501", "messages", "inbox", "a_1"), "", "instagram"),
        (("your_instagram_activity", "messages", "inbox", "a_1"), "", "instagram"),
        (("facebook-sam-20240501", "messages", "inbox", "a_1"), "", "facebook"),
        (("your_activity_across_facebook", "messages", "inbox", "a_1"), "", "facebook"),
        (
            ("download", "inbox", "a_1"),
            "your_instagram_activity/messages/inbox/a_1/photos/1.jpg",
            "instagram",
        ),
        (
            ("download", "inbox", "a_1"),
            "your_facebook_activity/messages/inbox/a_1/photos/1.jpg",
            "facebook",
        ),
        (("test_instagram_like_name", "inbox", "a_1"), "", None),
    ],
)
def test_instagram_flavour_from_folders_and_media_paths(
    tmp_path: Path, parts: tuple[str, ...], uri: str, expected: str | None
) -> None:
    folder = thread(tmp_path.joinpath(*parts), uri)
    assert _meta_json.flavour(folder) == expected
    assert instagram.detect(folder) is (expected == "instagram")
    assert facebook.detect(folder) is (expected != "instagram")


def test_instagram_unmarked_export_can_be_read_as_instagram(tmp_path: Path) -> None:
    folder = thread(tmp_path / "download" / "a_1")
    report = ParseReport()
    items = list(instagram.parse(folder, options=ParseOptions(), report=report))
    assert [item.channel for item in items if isinstance(item, Message)] == [Channel.INSTAGRAM]
    assert report.warnings == []


def test_instagram_shared_post_without_text_keeps_the_link() -> None:
    folder = next((EXPORTS / "instagram" / "inbox_thread").rglob("message_1.json")).parent
    items = list(instagram.parse(folder, options=ParseOptions(), report=ParseReport()))
    shared = [
        item for item in items if isinstance(item, Message) and item.text.startswith("https://")
    ]
    assert len(shared) == 1
    assert shared[0].warnings
