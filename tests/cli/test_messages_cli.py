"""onward messages list | show | mark | dismiss, run as a real subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.conftest import Onward
from tests.conftest import PASSPHRASE

ANDROID = (
    Path(__file__).parents[1]
    / "data"
    / "exports"
    / "whatsapp"
    / "android-24h-dmy"
    / "WhatsApp Chat with Sam Taylor.txt"
)


def _listed(onward: Onward, *args: str) -> list[dict[str, object]]:
    r = onward("messages", "list", "--json", *args, secrets=[PASSPHRASE])
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert sorted(data) == ["messages", "next"] and data["next"] is None
    return list(data["messages"])


def test_list_show_mark_and_dismiss(onward_sqlite: Onward) -> None:
    onward = onward_sqlite
    assert onward("init", secrets=[PASSPHRASE]).code == 0
    r = onward(
        "import",
        str(ANDROID),
        "--me",
        "Alex Rivera",
        "--partner",
        "Sam Taylor",
        secrets=[PASSPHRASE],
    )
    assert r.code == 0, r.err
    everything = _listed(onward)
    assert len(everything) == 13 and {"id", "at", "channel", "who", "text", "flags"} <= set(
        everything[0]
    )
    (meet,) = _listed(onward, "--category", "pressure_to_meet")
    partner = [m for m in everything if m["sender"] == "Sam Taylor" and not m["flags"]]
    assert partner, "the export has an unflagged message from the other person"
    plain = str(partner[0]["id"])

    shown = onward("messages", "show", str(meet["id"]), secrets=[PASSPHRASE])
    assert shown.code == 0 and "Pressure" in shown.out and "words:" in shown.out
    assert f"onward messages mark {meet['id']} CATEGORY" in shown.out
    # The name 'dismiss' takes is shown beside each flag, and in the hint.
    assert "[pressure_to_meet]:" in shown.out
    assert f"onward messages dismiss {meet['id']} pressure_to_meet" in shown.out

    r = onward("messages", "mark", plain, "control", secrets=[PASSPHRASE])
    assert r.code == 0 and r.out.startswith("Marked.")
    assert [m["id"] for m in _listed(onward, "--category", "control")] == [plain]
    view = json.loads(onward("messages", "show", plain, "--json", secrets=[PASSPHRASE]).out)
    assert [(f["category"], f["mine"], f["words"]) for f in view["flags"]] == [
        ("control", True, "")
    ]
    assert "marked by you" in onward("messages", "show", plain, secrets=[PASSPHRASE]).out
    r = onward("messages", "mark", plain, "control", "--remove", secrets=[PASSPHRASE])
    assert r.code == 0 and _listed(onward, "--category", "control") == []

    r = onward("messages", "dismiss", str(meet["id"]), "pressure_to_meet", secrets=[PASSPHRASE])
    assert r.code == 0 and _listed(onward, "--category", "pressure_to_meet") == []
    assert "(set aside)" in onward("messages", "show", str(meet["id"]), secrets=[PASSPHRASE]).out
    r = onward(
        "messages",
        "dismiss",
        str(meet["id"]),
        "pressure_to_meet",
        "--restore",
        secrets=[PASSPHRASE],
    )
    assert r.code == 0 and len(_listed(onward, "--category", "pressure_to_meet")) == 1


def test_bad_input_is_named(onward_sqlite: Onward) -> None:
    onward = onward_sqlite
    assert onward("init", secrets=[PASSPHRASE]).code == 0
    r = onward("messages", "mark", "0" * 32, "nonsense", secrets=[PASSPHRASE])
    assert r.code == 1 and "Unknown flag type: nonsense" in r.err
    r = onward("messages", "show", "0" * 32, secrets=[PASSPHRASE])
    assert r.code == 1 and "not here" in r.err
    r = onward("messages", "list", "--category", "nonsense", secrets=[PASSPHRASE])
    assert r.code == 1 and r.err
    r = onward("messages", "list", secrets=[PASSPHRASE])
    assert r.code == 0 and "Nothing on the timeline" in r.out
