"""onward log … / report / verify through the real entry point (issue 4 part 7)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.cli.conftest import Onward
from tests.cli.test_cli import _init
from tests.conftest import PASSPHRASE

CODE = re.compile(r"[0-9A-F]{4}(?:-[0-9A-F]{4}){3}")


def test_cli_log_add_list_show_redact(onward: Onward, tmp_path: Path) -> None:
    _init(onward)
    photo = tmp_path / "door.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe1\x00\x06Exif\xff\xd9")
    r = onward(
        "log", "add", "--at", "2026-03-01 21:30", "--channel", "in_person", "--attach", str(photo),
        secrets=[PASSPHRASE], stdin="SENTINEL-cli at the door\nfor an hour\n",
    )  # fmt: skip
    assert r.code == 0, r.err
    entry_id = re.search(r"Saved entry ([0-9a-f]{32})\.", r.out).group(1)  # type: ignore[union-attr]
    assert CODE.search(r.out) and "SENTINEL" not in r.out
    details = json.dumps({"what": "Called 9 times", "where": "work", "harm": "none"})
    r = onward(
        "log", "add", "--channel", "phone", "--stdin-json", secrets=[PASSPHRASE], stdin=details
    )
    assert r.code == 0, r.err
    r = onward("log", "list", "--json", secrets=[PASSPHRASE])
    data = json.loads(r.out)
    assert [d["what"] for d in data] == [
        "Called 9 times",
        "SENTINEL-cli at the door\nfor an hour\n",
    ]
    assert data[0]["where"] == "work" and data[1]["occurred_at"].startswith("2026-03-01T21:30:00")
    assert data[1]["attachments"][0]["name"] == "door.jpg" and data[1]["versions"] == 1
    r = onward("log", "list", secrets=[PASSPHRASE])
    assert "2 entries." in r.out and "in_person  v1  SENTINEL-cli at the door" in r.out
    r = onward("log", "show", entry_id, secrets=[PASSPHRASE])
    assert "for an hour" in r.out and "door.jpg" in r.out and "version 1" in r.out
    r = onward("log", "redact", entry_id, secrets=[PASSPHRASE], stdin="logged twice")
    assert r.code == 1 and "--yes" in r.err  # no question can be asked on a pipe
    r = onward("log", "redact", entry_id, "--yes", secrets=[PASSPHRASE], stdin="logged twice")
    assert r.code == 0, r.err
    r = onward("log", "list", "--json", secrets=[PASSPHRASE])
    assert json.loads(r.out)[0]["removed"]["reason"] == "logged twice"
    r = onward("log", "add", "--at", "later", secrets=[PASSPHRASE], stdin="x")
    assert r.code == 1 and "2026-03-01 21:30" in r.err
    r = onward("log", "add", "--channel", "pigeon", secrets=[PASSPHRASE], stdin="x")
    assert r.code == 1 and "in_person" in r.err


def test_cli_log_head_anchor_check(onward_sqlite: Onward) -> None:
    onward = onward_sqlite
    _init(onward)
    onward("log", "add", secrets=[PASSPHRASE], stdin="one")
    r = onward("log", "head", secrets=[PASSPHRASE])
    code = r.out.strip()
    assert r.code == 0 and CODE.fullmatch(code) and "1 records" in r.err
    r = onward("log", "anchor", "--note", "sent", secrets=[PASSPHRASE])
    assert r.code == 0 and code in r.out
    r = onward("log", "check", "--code", code, secrets=[PASSPHRASE])
    assert r.code == 0 and r.out.startswith("OK: chain of 2 links")
    r = onward("log", "check", "--code", "0000-0000-0000-0001", secrets=[PASSPHRASE])
    assert r.code == 1 and "not on this chain" in r.err


def test_cli_report_bundle_and_verify(onward: Onward, tmp_path: Path) -> None:
    _init(onward)
    onward("log", "add", "--at", "2026-03-01T21:30+00:00", secrets=[PASSPHRASE], stdin="SENTINEL-r")
    onward("journal", "add", secrets=[PASSPHRASE], stdin="SENTINEL-journal")
    out, folder = tmp_path / "r.pdf", tmp_path / "bundle"
    r = onward(
        "report", "--out", str(out), "--bundle", str(folder), "--from", "2026-03-01",
        "--to", "2026-03-31", "--categories", "threat,control", "--redact-names",
        secrets=[PASSPHRASE],
    )  # fmt: skip
    assert r.code == 0, r.err
    assert out.read_bytes() == (folder / "report.pdf").read_bytes()
    assert "not encrypted" in r.err and "link 2" in r.out
    assert out.stat().st_mode & 0o077 == 0
    everything = b"".join(p.read_bytes() for p in folder.rglob("*") if p.is_file())
    assert b"SENTINEL-r" in everything and b"SENTINEL-journal" not in everything
    r = onward("verify", str(folder))
    assert r.code == 0 and r.out.startswith("OK: ") and CODE.search(r.out), r.err
    record = next((folder / "records").glob("log-*.json"))
    data = bytearray(record.read_bytes())
    data[5] ^= 1
    record.write_bytes(bytes(data))
    r = onward("verify", str(folder))
    assert r.code == 1 and f"records/{record.name}" in r.err


def test_cli_report_refuses_bad_options(onward_sqlite: Onward, tmp_path: Path) -> None:
    """Checked before the vault is opened: nothing is unlocked for a command that cannot run."""
    onward = onward_sqlite
    (tmp_path / "old.pdf").write_bytes(b"keep")
    r = onward("report", "--out", str(tmp_path / "old.pdf"), secrets=[PASSPHRASE])
    assert r.code == 1 and "already exists" in r.err
    assert (tmp_path / "old.pdf").read_bytes() == b"keep"
    r = onward("report", secrets=[PASSPHRASE])
    assert r.code == 1 and "--out" in r.err
    new = str(tmp_path / "x.pdf")
    r = onward("report", "--out", new, "--categories", "nope", secrets=[PASSPHRASE])
    assert r.code == 1 and "Unknown flag type" in r.err
    r = onward("report", "--out", new, "--from", "2026-03-02", "--to", "2026-03-01")
    assert r.code == 1 and "before the start" in r.err
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "x").write_text("x")
    r = onward("report", "--bundle", str(tmp_path / "full"))
    assert r.code == 1 and "new or empty" in r.err
    assert not (tmp_path / "x.pdf").exists()
    r = onward("verify", str(tmp_path / "old.pdf"))
    assert r.code == 1 and "is not a folder or a .zip file" in r.err
