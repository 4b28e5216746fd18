"""Every CLI command through the real entry point (R8, R49; issue 2 part 6)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.cli.conftest import Onward
from tests.conftest import PASSPHRASE

NEW = "copper meadow whistle"


def _init(onward: Onward) -> str:
    r = onward("init", secrets=[PASSPHRASE])
    assert r.code == 0, r.err
    match = re.search(r"([A-Z2-7]{4}(?:-[A-Z2-7]{1,4}){12})", r.out)
    assert match, r.out
    return match.group(1)


def test_cli_version_and_help() -> None:
    r = subprocess.run(
        [sys.executable, "-m", "onward", "--version"], capture_output=True, text=True
    )
    assert r.returncode == 0 and re.fullmatch(r"onward \d+\.\d+\.\d+\n", r.stdout)


def test_cli_journal_add_list_show_delete(onward: Onward) -> None:
    _init(onward)
    r = onward("journal", "add", secrets=[PASSPHRASE], stdin="SENTINEL-cli first\nsecond line\n")
    assert r.code == 0, r.err
    entry_id = r.out.split("entry ")[1].split(".")[0]
    onward("journal", "add", secrets=[PASSPHRASE], stdin="another one")
    r = onward("journal", "list", "--json", secrets=[PASSPHRASE])
    data = json.loads(r.out)
    assert [d["text"] for d in data] == ["another one", "SENTINEL-cli first\nsecond line\n"]
    assert set(data[0]) == {"id", "created", "text"}
    r = onward("journal", "show", entry_id, secrets=[PASSPHRASE])
    assert "SENTINEL-cli first\nsecond line" in r.out
    r = onward("journal", "delete", entry_id, "--yes", secrets=[PASSPHRASE])
    assert r.code == 0
    r = onward("journal", "show", entry_id, secrets=[PASSPHRASE])
    assert r.code == 1 and "not found" in r.err
    assert "SENTINEL" not in r.err


def test_cli_wrong_passphrase_exits_2_with_hint(onward_sqlite: Onward) -> None:
    _init(onward_sqlite)
    r = onward_sqlite("journal", "list", secrets=["not it at all"])
    assert r.code == 2
    assert "Error: That passphrase did not open the vault." in r.err
    assert "Hint:" in r.err
    assert "Traceback" not in r.err


def test_cli_errors_are_one_line_plus_hint(onward_sqlite: Onward) -> None:
    r = onward_sqlite("journal", "list", secrets=[PASSPHRASE])
    assert r.code == 1
    assert r.err.splitlines() == [
        "Error: There is no vault here yet.",
        "Hint: Create one with: onward init",
    ]
    _init(onward_sqlite)
    r = onward_sqlite("init", secrets=[PASSPHRASE])
    assert r.code == 1 and "already exists" in r.err
    r = onward_sqlite("journal", "add", secrets=[PASSPHRASE], stdin="   ")
    assert r.code == 1 and "empty" in r.err


def test_cli_without_terminal_or_fd_asks_for_fd(onward_sqlite: Onward) -> None:
    r = onward_sqlite("init")
    assert r.code == 1 and "--passphrase-fd" in r.err


def test_cli_without_a_vault_says_so_before_asking_a_passphrase(onward_sqlite: Onward) -> None:
    for command in (("log", "list"), ("path",), ("journal", "list"), ("report", "--out", "r.pdf")):
        r = onward_sqlite(*command)  # no --passphrase-fd and no terminal
        assert r.code == 1, command
        assert r.err.splitlines()[0] == "Error: There is no vault here yet.", command


def test_cli_weak_passphrase_is_refused(onward_sqlite: Onward) -> None:
    r = onward_sqlite("init", secrets=["short1"])
    assert r.code == 1 and "at least 8" in r.err
    r = onward_sqlite("init", secrets=["password"])
    assert r.code == 1 and "most common" in r.err


def test_cli_passwd_and_recover(onward: Onward) -> None:
    recovery = _init(onward)
    assert onward("passwd", secrets=[PASSPHRASE, NEW]).code == 0
    assert onward("journal", "list", secrets=[PASSPHRASE]).code == 2
    assert onward("journal", "list", secrets=[NEW]).code == 0
    assert onward("recover", secrets=[recovery, PASSPHRASE]).code == 0
    assert onward("journal", "list", secrets=[PASSPHRASE]).code == 0


def test_cli_backup_and_restore(onward: Onward, tmp_path: Path) -> None:
    _init(onward)
    onward("journal", "add", secrets=[PASSPHRASE], stdin="keep me")
    out = tmp_path / "b.bak"
    r = onward("backup", "--out", str(out), secrets=[PASSPHRASE])
    assert r.code == 0 and "verified" in r.out and out.exists()
    onward("journal", "add", secrets=[PASSPHRASE], stdin="after backup")
    r = onward("restore", str(out), secrets=[PASSPHRASE])
    assert r.code == 1 and "--replace" in r.err  # never overwrites without consent
    r = onward("restore", str(out), "--replace", secrets=[PASSPHRASE])
    assert r.code == 0, r.err
    texts = [
        d["text"] for d in json.loads(onward("journal", "list", "--json", secrets=[PASSPHRASE]).out)
    ]
    assert texts == ["keep me"]
    fresh = Onward(tmp_path / "fresh")
    assert fresh("restore", str(out), secrets=[PASSPHRASE]).code == 0
    bad = tmp_path / "bad.bak"
    bad.write_bytes(b"not a backup at all")
    r = fresh("restore", str(bad), "--replace", secrets=[PASSPHRASE])
    assert r.code == 1 and "not an Onward backup" in r.err


def test_cli_serve_refuses_a_non_loopback_address(onward_sqlite: Onward) -> None:
    r = onward_sqlite("serve", "--host", "0.0.0.0")
    assert r.code == 1 and "Refusing" in r.err
    r = onward_sqlite("serve", "--host", "0.0.0.0", "--allow-remote")
    assert r.code == 1


def test_cli_takes_no_secret_as_an_argument() -> None:
    """Options named like secrets may only carry a file descriptor number (R8)."""
    import typer.main

    from onward.cli import app

    command = typer.main.get_command(app)
    risky = re.compile(r"pass|key|secret|token", re.I)
    seen = []

    def walk(cmd: Any) -> None:
        for param in cmd.params:
            for opt in param.opts:
                if risky.search(opt):
                    seen.append(opt)
                    kind = param.bare_type()  # "int", "Path", … (the option's Python type)
                    takes_fd = opt.endswith("-fd") and kind == "int"
                    takes_path = opt.endswith("file") and kind == "Path"
                    assert takes_fd or takes_path, opt
        for sub in getattr(cmd, "commands", {}).values():
            walk(sub)

    walk(command)
    assert "--passphrase-fd" in seen


def test_cli_every_command_has_help_and_is_documented() -> None:
    import typer.main

    from onward.cli import app

    docs = (Path(__file__).parents[2] / "docs" / "cli.md").read_text()
    command = typer.main.get_command(app)
    count = 0

    def walk(group: Any, prefix: str) -> None:
        nonlocal count
        for name, sub in getattr(group, "commands", {}).items():
            count += 1
            assert sub.help, name
            assert f"## `onward {prefix}{name}`" in docs, f"docs/cli.md lacks onward {prefix}{name}"
            walk(sub, f"{prefix}{name} ")

    walk(command, "")
    assert count >= 11
