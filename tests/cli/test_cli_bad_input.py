"""Bad input on every kind of command: a specific error and a next step, no traceback, no
private text echoed, and nothing already saved lost or half-written.

In-process with ``CliRunner`` and the passphrase on a real fd pipe (as in test_daily_cmds.py),
so the many small cases stay quick. Each case starts from a copy of a vault holding one
journal entry and one log entry, and checks afterwards that the vault's files are unchanged
(or, if SQLite tidied them, still hold just those records and a chain that has not grown).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest
from tests.conftest import PASSPHRASE, fast_settings
from typer.testing import CliRunner, Result

from onward.cli import app
from onward.config import Settings
from onward.services import chain_store, evidence_log, journal, plans_store
from onward.services import vault as vs
from onward.services.evidence_log import EntryInput

SAVED = "SENTINEL-saved words"  # in the vault before each case; never in an error
TYPED = "SENTINEL-typed words"  # piped in by a case; never in an error
WHATSAPP = (
    Path(__file__).parents[1]
    / "data"
    / "exports"
    / "whatsapp"
    / "android-24h-dmy"
    / "WhatsApp Chat with Sam Taylor.txt"
)
NO_FD = {"check", "content", "verify", "serve", "worker", "helplines", "helper"}  # no vault


@dataclass(frozen=True)
class Vault:
    settings: Settings
    tmp: Path  # holds: afile (a file), adir (a folder with a file), empty.txt, pic.png

    def run(self, *args: str, stdin: str = "", passphrase: str | None = PASSPHRASE) -> Result:
        """The CLI in this process; ``{t}`` in an argument is the temporary folder.

        The passphrase goes on a pipe for every command that takes --passphrase-fd."""
        argv = ["--data-dir", str(self.settings.data_dir)]
        argv += [a.format(t=self.tmp) for a in args]
        read_fd = None
        if passphrase is not None and args[0] not in NO_FD and "--passphrase-fd" not in args:
            read_fd, write_fd = os.pipe()
            os.write(write_fd, (passphrase + "\n").encode())
            os.close(write_fd)
            argv += ["--passphrase-fd", str(read_fd)]
        try:
            return CliRunner().invoke(app, argv, input=stdin)
        finally:
            if read_fd is not None:
                os.close(read_fd)


@contextmanager
def _open(settings: Settings) -> Iterator[vs.Vault]:
    vault, _ = vs.unlock_vault(settings, passphrase=PASSPHRASE)
    try:
        yield vault
    finally:
        vault.lock()


def _saved(settings: Settings) -> tuple[list[str], list[str], int]:
    """Journal texts, log texts and the chain's length."""
    with _open(settings) as vault:
        texts = [e.text for e in journal.all_entries(vault)]
        logged = [e.latest.data["what"] for e in evidence_log.list_entries(vault)]
        return texts, logged, chain_store.head(vault).length


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A vault with one journal entry and one log entry, made once and copied for each case."""
    folder = tmp_path_factory.mktemp("seeded") / "data"
    vault, _ = vs.create_vault(fast_settings(folder), passphrase=PASSPHRASE)
    try:
        journal.add_entry(vault, text=SAVED)
        when = datetime(2026, 3, 1, 21, 30, tzinfo=UTC)
        evidence_log.add_entry(vault, EntryInput(when, "phone", SAVED))
    finally:
        vault.lock()
    return folder


@pytest.fixture
def v(seeded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Vault:
    settings = fast_settings(tmp_path / "data")
    shutil.copytree(seeded, settings.data_dir)
    for name, value in (
        ("ONWARD_KDF_MEMORY_KIB", settings.kdf_memory_kib),
        ("ONWARD_KDF_TIME_COST", settings.kdf_time_cost),
        ("ONWARD_KDF_PARALLELISM", settings.kdf_parallelism),
    ):
        monkeypatch.setenv(name, str(value))
    monkeypatch.setenv("EDITOR", "")
    monkeypatch.setenv("VISUAL", "")
    (tmp_path / "afile").write_text("a file, not a folder")
    (tmp_path / "adir").mkdir()
    (tmp_path / "adir" / "inside.txt").write_text("x")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "pic.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)))
    (tmp_path / "list.json").write_text("[1, 2, 3]")
    return Vault(settings, tmp_path)


def _unchanged(v: Vault, seeded: Path) -> None:
    """The vault's files are as they were (or, if SQLite tidied them, hold the same records)."""
    if _files(v.settings.data_dir) != _files(seeded):
        assert _saved(v.settings) == _saved(fast_settings(seeded))


def _refused(r: Result, *words: str, code: int = 1) -> None:
    """One ``Error:`` line naming the problem, a ``Hint:`` saying what to do, and no more."""
    assert r.exit_code == code, r.output
    assert r.exception is None or isinstance(r.exception, SystemExit), r.exception
    err = r.stderr
    assert err.startswith("Error: "), err
    assert "\nHint: " in err, err
    assert "Traceback" not in r.output
    assert "SENTINEL" not in r.output
    for word in words:
        assert word in err, (word, err)


# (id, argv, words the error must hold, stdin)
REFUSED: list[tuple[str, tuple[str, ...], tuple[str, ...], str]] = [
    # were tracebacks
    ("check-missing-file", ("check", "{t}/nope.txt"), ("There is no file", "pipe"), ""),
    ("check-folder", ("check", "{t}/adir"), ("There is no file",), ""),
    ("backup-out-no-folder", ("backup", "--out", "{t}/no/b.bak"), ("does not exist",), ""),
    ("backup-out-under-file", ("backup", "--out", "{t}/afile/b.bak"), ("not a folder",), ""),
    ("backup-out-folder", ("backup", "--out", "{t}/adir"), ("is a folder", "file name"), ""),
    ("report-out-no-folder", ("report", "--out", "{t}/no/r.pdf"), ("does not exist",), ""),
    ("report-out-under-file", ("report", "--out", "{t}/afile/r.pdf"), ("not a folder",), ""),
    ("report-bundle-under-file", ("report", "--bundle", "{t}/afile/b"), ("not a folder",), ""),
    (
        "agreement-out-folder",
        ("agreement", "export", "--out", "{t}/adir", "--force"),
        ("is a folder",),
        "",
    ),
    ("agreement-out-no-folder", ("agreement", "export", "--out", "{t}/no/a.txt"), ("exist",), ""),
    ("screen-answers-folder", ("screen", "--answers", "{t}/adir"), ("is a folder",), ""),
    ("screen-answers-list", ("screen", "--answers", "{t}/list.json"), ("JSON object",), ""),
    ("health-answers-list", ("health", "--answers", "{t}/list.json"), ("JSON object",), ""),
    ("decide-answers-folder", ("decide", "--answers", "{t}/adir"), ("is a folder",), ""),
    ("plan-answers-folder", ("plan", "save", "safety", "--answers", "{t}/adir"), ("folder",), ""),
    ("content-stage", ("content", "list", "--stage", "pigeon"), ("no stage", "plan"), ""),
    ("content-situation", ("content", "list", "--situation", "x"), ("no situation", "left"), ""),
    ("serve-tls-missing", ("serve", "--host", "0.0.0.0", "--allow-remote",
        "--tls-certfile", "{t}/nope.pem", "--tls-keyfile", "{t}/nope.pem"), ("no file", "PEM"), ""),
    ("serve-config-missing", ("serve", "--hosted", "--config", "{t}/nope"), ("--config",), ""),
    ("worker-config-binary", ("worker", "--config", "{t}/pic.png"), ("text file",), ""),
    ("fd-too-large", ("journal", "list", "--passphrase-fd", str(10**12)), ("not open",), ""),
    ("log-at-year-0", ("log", "add", "--at", "0001-01-01T00:00+14:00"), ("too far",), TYPED),
    ("log-at-year-10000", ("log", "add", "--at", "9999-12-31T23:00-14:00"), ("too far",), TYPED),
    # were saved: nothing but invisible characters (zero-width space, marks, no-break space)
    ("log-invisible-stdin", ("log", "add"), ("few words",), " \u200b\u200e\ufeff\u00a0\n"),
    ("journal-invisible-stdin", ("journal", "add"), ("empty",), "\u200b\u2060\n"),
    # said too little, or the wrong thing
    ("journal-delete-pipe", ("journal", "delete", "0" * 32), ("cannot be undone", "--yes"), ""),
    ("measure-piped-out", ("measure", "who5"), ("ran out", "--answers"), "3\n3\n"),
    ("path-situation", ("path", "--situation", "pigeon"), ("no situation", "leaving"), ""),
    ("import-empty", ("import", "--dry-run", "{t}/empty.txt"), ("empty", "Export"), ""),
    ("import-format", ("import", "--dry-run", "--format", "nope", str(WHATSAPP)),
        ("Give --format one of", "whatsapp"), ""),
    ("journal-show-id", ("journal", "show", "nosuchid"), ("onward journal list",), ""),
    ("log-show-id", ("log", "show", "nosuchid"), ("onward log list",), ""),
    ("log-redact-id", ("log", "redact", "nosuchid", "--yes"), ("onward log list",), "why"),
    ("messages-show-id", ("messages", "show", "nosuchid"), ("onward messages list",), ""),
    ("messages-mark-id", ("messages", "mark", "nosuchid", "threat"), ("messages list",), ""),
    ("chats-set-id", ("chats", "set", "nosuchid", "--partner", "X"), ("onward chats list",), ""),
    ("content-show-id", ("content", "show", "nosuch"), ("onward content list",), ""),
    ("log-check-code", ("log", "check", "--code", "AAAA-BBBB-CCCC-DDDD"), ("letter by",), ""),
    # already good: kept so
    ("import-png", ("import", "--dry-run", "{t}/pic.png"), ("could not tell", "--format"), ""),
    ("import-folder", ("import", "{t}/adir"), ("could not tell", "--format"), ""),
    ("import-date-order", ("import", "--dry-run", "--date-order", "XYZ", str(WHATSAPP)),
        ("DMY",), ""),
    ("log-at-words", ("log", "add", "--at", "yesterday-ish"), ("2026-03-01 21:30",), TYPED),
    ("log-at-future", ("log", "add", "--at", "2062-03-01 21:30"), ("in the future",), TYPED),
    ("log-channel", ("log", "add", "--channel", "pigeon"), ("in_person",), TYPED),
    ("log-empty-stdin", ("log", "add"), ("few words",), ""),
    ("log-attach-missing", ("log", "add", "--attach", "{t}/nope.jpg"), ("no file",), TYPED),
    ("journal-empty-stdin", ("journal", "add"), ("empty",), "  \n"),
    ("messages-bad-date", ("messages", "list", "--from", "2024-13-40"), ("2026-03-01",), ""),
    ("messages-dates-swapped", ("messages", "list", "--from", "2024-05-01", "--to",
        "2024-04-01"), ("before the start", "Swap"), ""),
    ("messages-channel", ("messages", "list", "--channel", "pigeon"), ("pigeon", "phone"), ""),
    ("timeline-category", ("timeline", "--category", "nonsense"), ("nonsense", "threat"), ""),
    ("report-categories", ("report", "--out", "{t}/r.pdf", "--categories", "x"), ("threat",), ""),
    ("report-out-exists", ("report", "--out", "{t}/afile"), ("already exists",), ""),
    ("restore-png", ("restore", "{t}/pic.png", "--replace"), ("not an Onward backup",), ""),
    ("plan-kind", ("plan", "show", "pigeon"), ("Unknown plan", "safety"), ""),
    ("measure-name", ("measure", "pigeon", "--answers", "{t}/list.json"), ("who5",), ""),
    ("screen-no-terminal", ("screen",), ("no terminal", "--answers"), ""),
    ("search-on-argv", ("content", "search", "SENTINEL-words"), ("command line",), ""),
]  # fmt: skip


@pytest.mark.parametrize(
    ("args", "words", "stdin"), [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED]
)
def test_cli_bad_input_is_refused_and_loses_nothing(
    v: Vault, seeded: Path, args: tuple[str, ...], words: tuple[str, ...], stdin: str
) -> None:
    _refused(v.run(*args, stdin=stdin), *words)
    _unchanged(v, seeded)  # nothing lost, nothing half-written, no export link on the chain
    assert not list(v.tmp.glob("**/*.partial")) and not (v.tmp / "no").exists()
    assert (v.tmp / "afile").read_text() == "a file, not a folder"


def test_cli_no_vault_and_wrong_passphrase(v: Vault, tmp_path: Path) -> None:
    _refused(v.run("journal", "list", passphrase="not it at all"), "did not open", code=2)
    elsewhere = Vault(fast_settings(tmp_path / "elsewhere"), tmp_path)
    _refused(elsewhere.run("log", "list"), "no vault here yet", "onward init")


def test_cli_data_dir_that_is_a_file(v: Vault, tmp_path: Path) -> None:
    for folder in (tmp_path / "afile", tmp_path / "afile" / "sub"):
        r = Vault(fast_settings(folder), tmp_path).run("init")
        _refused(r, "is a file, not a folder", "--data-dir")


def test_cli_backup_never_replaces_a_file_unless_asked(v: Vault) -> None:
    kept = v.tmp / "old.bak"
    kept.write_text("the only copy of something")
    _refused(v.run("backup", "--out", str(kept)), "already exists", "--force")
    assert kept.read_text() == "the only copy of something"
    r = v.run("backup", "--out", str(kept), "--force")
    assert r.exit_code == 0, r.output
    assert kept.read_bytes().startswith(b"OWBK") and not list(v.tmp.glob("*.partial"))


def test_cli_plan_save_with_a_wrong_file_keeps_the_saved_plan(v: Vault) -> None:
    plan = v.tmp / "plan.json"
    plan.write_text(json.dumps({"safe_places": ["the library"]}))
    assert v.run("plan", "save", "safety", "--answers", str(plan)).exit_code == 0
    plan.write_text(json.dumps({"weapon": False, "SENTINEL-private note": True}))
    _refused(v.run("plan", "save", "safety", "--answers", str(plan)), "not a safety plan")
    with _open(v.settings) as vault:
        saved = plans_store.load_plan(vault, "safety")
    assert saved is not None and saved.data["safe_places"] == ["the library"]


def test_cli_journal_delete_on_a_pipe_keeps_the_entry(v: Vault) -> None:
    with _open(v.settings) as vault:
        (entry,) = journal.all_entries(vault)
    _refused(v.run("journal", "delete", entry.id), "--yes")
    assert _saved(v.settings)[0] == [SAVED]


def test_cli_path_country_alone_is_kept_with_a_note(v: Vault) -> None:
    r = v.run("path", "--country", "ZZ", "--json")
    assert r.exit_code == 0, r.output
    assert "No list for 'ZZ' yet" in r.stderr and json.loads(r.stdout)["country"] is None
    r = v.run("path", "--country", "uk", "--json")
    assert r.exit_code == 0 and json.loads(r.stdout)["country"] == "GB"


def test_cli_verify_names_the_first_problem_and_what_to_give(v: Vault) -> None:
    for path in (v.tmp / "adir", v.tmp / "nope", v.tmp / "pic.png"):
        r = v.run("verify", str(path))
        assert r.exit_code == 1 and r.stderr.startswith("FAILED: "), r.output
        assert (
            "Hint: Give the folder (or its .zip) that 'onward report --bundle' wrote." in r.stderr
        )


def test_cli_usage_errors_exit_2(v: Vault) -> None:
    for args, option in (
        (("serve", "--port", "99999"), "'--port'"),
        (("checkin", "--mood", "9", "--urge", "1"), "'--mood'"),
    ):
        r = v.run(*args, passphrase=None)
        assert r.exit_code == 2 and f"Invalid value for {option}" in r.stderr, r.output
        assert "Traceback" not in r.output


def test_cli_an_os_error_no_command_checked_is_one_line(
    v: Vault, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object, **__: object) -> object:
        raise PermissionError(13, "Permission denied", str(v.tmp / "afile"))

    monkeypatch.setattr(Path, "open", refuse)
    r = v.run("check", str(v.tmp / "afile"))
    _refused(r, "Permission denied", "afile", "may read or write")
