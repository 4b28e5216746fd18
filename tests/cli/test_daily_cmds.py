"""onward checkin | urge | measure | agreement.

Each command runs once per back end through the real entry point (the ``Onward`` fixture,
with the passphrase on a real fd pipe); the many small cases run in-process with
``CliRunner`` and an fd pipe too, to keep the suite quick on two cores.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import pytest
from tests.cli.conftest import Onward
from tests.conftest import PASSPHRASE, fast_settings
from typer.testing import CliRunner, Result

from onward.cli import app
from onward.config import Settings
from onward.guide.nocontact import PAUSE_SECONDS
from onward.services import nocontact_log, recovery_log, repair_track
from onward.services import vault as vs
from onward.services.tracks_common import local_today

TODAY = local_today()


def _init(onward: Onward) -> None:
    r = onward("init", secrets=[PASSPHRASE])
    assert r.code == 0, r.err


@contextmanager
def _open(settings: Settings) -> Iterator[vs.Vault]:
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        yield vault
    finally:
        vault.lock()


def _settings_of(onward: Onward) -> Settings:
    return fast_settings(onward.data_dir, onward.env.get("ONWARD_DATABASE_URL"))


def _agree(settings: Settings) -> None:
    with _open(settings) as vault:
        repair_track.save_agreement(
            vault, start=TODAY, duration_days=30, contact="none", my_part="Rest", today=TODAY
        )


def run(settings: Settings, *args: str, stdin: str = "") -> Result:
    """The CLI in this process, with the passphrase on a real file descriptor."""
    read_fd, write_fd = os.pipe()
    os.write(write_fd, (PASSPHRASE + "\n").encode())
    os.close(write_fd)
    env = {
        "ONWARD_KDF_MEMORY_KIB": str(settings.kdf_memory_kib),
        "ONWARD_KDF_TIME_COST": str(settings.kdf_time_cost),
        "ONWARD_KDF_PARALLELISM": str(settings.kdf_parallelism),
    }
    if settings.database_url:
        env["ONWARD_DATABASE_URL"] = settings.database_url.get_secret_value()
    argv = ["--data-dir", str(settings.data_dir), *args, "--passphrase-fd", str(read_fd)]
    try:
        return CliRunner().invoke(app, argv, input=stdin, env=env)
    finally:
        os.close(read_fd)


@pytest.fixture
def made(settings: Settings) -> Settings:
    vs.create_vault(settings, passphrase=PASSPHRASE)[0].lock()
    return settings


# --- through the real entry point ---------------------------------------------------------


def test_cli_checkin_urge_measure_agreement_end_to_end(onward: Onward, tmp_path: Path) -> None:
    _init(onward)
    r = onward(
        "checkin",
        *("--mood", "2", "--urge", "3", "--sleep", "6.5"),
        secrets=[PASSPHRASE],
        stdin="SENTINEL-note a long day\n",
    )
    assert r.code == 0, r.err
    assert f"Check-in saved for {TODAY.isoformat()}: mood Low" in r.out
    r = onward("urge", "--no-wait", secrets=[PASSPHRASE], stdin="saw their photo\n")
    assert r.code == 0, r.err
    assert "Urge logged." in r.out and "Urges rise and fall" in r.out
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps([1, 1, 1, 1, 1, 1, 1, 1, 2]))
    r = onward("measure", "phq9", "--answers", str(answers), "--json", secrets=[PASSPHRASE])
    assert r.code == 0, r.err
    data = json.loads(r.out)
    assert data["total"] == 10 and data["band"] == "moderate" and data["crisis"] is True
    assert data["crisis_lines"] and "PLEASE READ THIS FIRST" in r.err
    settings = _settings_of(onward)
    with _open(settings) as vault:
        checkins = recovery_log.checkins(vault)
        assert [(c.mood, c.urge, c.sleep_hours) for c in checkins] == [(2, 3, 6.5)]
        assert checkins[0].note == "SENTINEL-note a long day"
        assert [u.trigger for u in nocontact_log.urges(vault)] == ["saw their photo"]
    _agree(settings)
    r = onward("agreement", "show", secrets=[PASSPHRASE])
    assert r.code == 0 and r.out.startswith("TIME-APART AGREEMENT"), r.err
    out = tmp_path / "agreement.txt"
    r = onward("agreement", "export", "--out", str(out), secrets=[PASSPHRASE])
    assert r.code == 0, r.err
    assert out.read_text() == r_show(settings)


def r_show(settings: Settings) -> str:
    with _open(settings) as vault:
        return repair_track.agreement_text(vault)


# --- in-process cases ------------------------------------------------------------------------


def test_cli_checkin_needs_mood_and_never_takes_text_on_argv(made: Settings) -> None:
    r = run(made, "checkin", "--urge", "1", stdin="x")
    assert r.exit_code == 1 and "--mood is needed" in r.output
    r = run(made, "checkin", "--mood", "3", "--urge", "1", "--note", "x")
    assert r.exit_code == 2  # there is no --note: free text never goes on the command line
    r = run(made, "checkin", "--mood", "7", "--urge", "1")
    assert r.exit_code == 2
    r = run(made, "checkin", "--mood", "4", "--urge", "0", "--sleep", "lots", stdin="")
    assert r.exit_code == 1 and "Hours of sleep must be a number" in r.output


def test_cli_measure_cases(made: Settings, tmp_path: Path) -> None:
    answers = tmp_path / "a.json"
    answers.write_text(json.dumps([3, 3, 3, 3, 3]))
    r = run(made, "measure", "who5", "--answers", str(answers))
    assert r.exit_code == 0 and "WHO-5: 60%" in r.output and "not a diagnosis" in r.output
    assert "PLEASE READ" not in r.output
    answers.write_text("[1, 2]")
    r = run(made, "measure", "gad7", "--answers", str(answers))
    assert r.exit_code == 1 and "answer all 7 questions" in r.output
    answers.write_text("not json")
    assert run(made, "measure", "gad7", "--answers", str(answers)).exit_code == 1
    r = run(made, "measure", "bdi")
    assert r.exit_code == 1 and "no questionnaire called 'bdi'" in r.output


def test_cli_measure_asks_and_prints_crisis_lines_at_once(made: Settings) -> None:
    typed = "\n".join(["0"] * 7 + ["5", "0", "1"]) + "\n"  # "5" is out of range: asked again
    r = run(made, "measure", "phq9", stdin=typed)
    assert r.exit_code == 0, r.output
    assert "from 0 to 3" in r.output
    assert r.output.index("PLEASE READ THIS FIRST") < r.output.index("PHQ-9: 1")
    assert "Your local emergency number" in r.output


def test_cli_agreement_cases(made: Settings, tmp_path: Path) -> None:
    r = run(made, "agreement", "show")
    assert r.exit_code == 1 and "no time-apart agreement" in r.output
    _agree(made)
    review = (TODAY + timedelta(days=30)).isoformat()
    assert f"Review:  {review} (30 days)" in run(made, "agreement", "show").output
    out = tmp_path / "agreement.txt"
    out.write_text("old")
    r = run(made, "agreement", "export", "--out", str(out))
    assert r.exit_code == 1 and "exists already" in r.output and out.read_text() == "old"
    r = run(made, "agreement", "export", "--out", str(out), "--force")
    assert r.exit_code == 0 and out.read_text().startswith("TIME-APART AGREEMENT")


def test_cli_urge_waits_the_pause(made: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(time, "sleep", slept.append)  # the countdown sleeps once a second
    r = run(made, "urge", stdin="bored\n")
    assert r.exit_code == 0, r.output
    assert len(slept) == PAUSE_SECONDS and "The pause is over" in r.output
