"""Each situation reaches a saved, printable plan through the CLI (in-process, for speed).

The subprocess tests in test_path_cli.py check the real entry point; these run the same Typer
app in-process with a real --passphrase-fd pipe, once per situation and back end.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE
from typer.testing import CliRunner

from onward.cli import app
from onward.store.crypto import FLOOR_KDF

PLANS: dict[str, tuple[str, dict[str, object], str]] = {
    "leaving": ("conversation", {"reasons": ["I need to go"], "setting": "phone"}, "I need to go"),
    "refused": ("boundaries", {"rule": "no_contact", "duration_days": 90}, "(90 days)"),
    "unsure": ("safety", {"safe_places": ["the library"]}, "the library"),
    "repair": ("safety", {"people": [{"name": "Ana", "how": "555"}]}, "Ana: 555"),
    "left": ("boundaries", {"rule": "no_contact"}, "with no end date"),
}


class Cli:
    def __init__(self, data_dir: Path) -> None:
        self.data_dir = data_dir
        self.runner = CliRunner()

    def __call__(self, *args: str, secret: bool = False) -> str:
        argv = ["--data-dir", str(self.data_dir), *args]
        read_fd = None
        if secret:
            read_fd, write_fd = os.pipe()
            os.write(write_fd, (PASSPHRASE + "\n").encode())
            os.close(write_fd)
            argv += ["--passphrase-fd", str(read_fd)]
        try:
            result = self.runner.invoke(app, argv, catch_exceptions=False)
        finally:
            if read_fd is not None:
                os.close(read_fd)
        assert result.exit_code == 0, result.output
        return result.output


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.pg)])
def cli(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Cli:
    monkeypatch.setenv("ONWARD_KDF_MEMORY_KIB", str(FLOOR_KDF.memory_kib))
    monkeypatch.setenv("ONWARD_KDF_TIME_COST", str(FLOOR_KDF.time_cost))
    monkeypatch.setenv("ONWARD_KDF_PARALLELISM", str(FLOOR_KDF.parallelism))
    if request.param == "postgres":
        monkeypatch.setenv("ONWARD_DATABASE_URL", request.getfixturevalue("pg_url"))
    return Cli(tmp_path / "data")


@pytest.mark.parametrize("situation", sorted(PLANS))
def test_cli_situation_reaches_a_saved_printable_plan(
    cli: Cli, tmp_path: Path, situation: str
) -> None:
    kind, plan, expected = PLANS[situation]
    cli("init", secret=True)
    hub = json.loads(
        cli("path", "--situation", situation, "--country", "GB", "--json", secret=True)
    )
    assert hub["situation"] == situation and hub["steps"][0]["id"] == "check"
    answers = tmp_path / "screen.json"
    answers.write_text(json.dumps({"weapon": False}), encoding="utf-8")
    cli("screen", "--answers", str(answers), "--save", secret=True)
    plan_file = tmp_path / "plan.json"
    plan_file.write_text(json.dumps(plan), encoding="utf-8")
    assert "Saved." in cli("plan", "save", kind, "--answers", str(plan_file), secret=True)
    printed = " ".join(cli("plan", "show", kind, secret=True).split())
    assert expected in printed
    hub = json.loads(cli("path", "--json", secret=True))
    assert hub["screen"]["positive"] is False
    assert {s["id"]: s["done"] for s in hub["steps"]}["check"] is True
    if situation == "repair":
        assert hub["offers"] == ["repair", "counselling", "time-apart"]


def test_cli_helper_situation_prints_the_guide_and_stores_nothing(tmp_path: Path) -> None:
    cli = Cli(tmp_path / "data")
    out = cli("helper", "--country", "GB")
    assert "Helping a friend" in out and "Samaritans" in out
    assert not cli.data_dir.exists()
