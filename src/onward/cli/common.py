"""What every command shares: settings, passphrase input, text input, errors."""

from __future__ import annotations

import errno
import functools
import getpass
import os
import shlex
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from onward.config import Settings
from onward.errors import InvalidInputError, OnwardError
from onward.services import db_errors
from onward.services.vault import Vault

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out_console = Console(highlight=False, soft_wrap=True)
P = ParamSpec("P")
R = TypeVar("R")


class State:
    """Global options from the top-level callback."""

    data_dir: Path | None = None


def settings() -> Settings:
    conf = Settings(data_dir=State.data_dir) if State.data_dir is not None else Settings()
    _check_data_dir(conf.data_dir)
    return conf


def _nearest_existing(path: Path) -> Path:
    """``path`` itself, or the closest of its parents that exists."""
    return next(p for p in (path, *path.parents) if p.exists() or p == p.parent)


def _check_data_dir(folder: Path) -> None:
    found = _nearest_existing(folder)
    if not found.is_dir():
        raise InvalidInputError(
            f"The data folder {folder} cannot be made: {found} is a file, not a folder.",
            hint="Choose a folder with --data-dir (or ONWARD_DATA_DIR).",
        )


def check_new_file(path: Path, *, replace: bool = False, exists_hint: str | None = None) -> None:
    """Refuse an output file Onward could not write (or should not replace), before any work.

    ``replace`` allows an existing file; ``exists_hint`` says how to, when it is not given.
    """
    if path.is_dir():
        raise InvalidInputError(f"{path} is a folder.", hint="Give a file name inside it.")
    if path.exists() and not replace:
        raise InvalidInputError(
            f"{path} already exists.",
            hint=exists_hint or "Choose a new file name; nothing was overwritten.",
        )
    _check_writable_folder(path.parent, creates=False)


def check_new_folder(path: Path) -> None:
    """Refuse an output folder (made with its parents) where Onward could not write."""
    _check_writable_folder(path, creates=True)


def _check_writable_folder(folder: Path, *, creates: bool) -> None:
    found = _nearest_existing(folder) if creates else folder
    if not found.exists():
        raise InvalidInputError(
            f"The folder {folder} does not exist.", hint="Create it first, or choose another place."
        )
    if not found.is_dir():
        raise InvalidInputError(f"{found} is a file, not a folder.", hint="Choose a folder.")
    if not os.access(found, os.W_OK | os.X_OK):
        raise InvalidInputError(
            f"You cannot write to the folder {found}.", hint="Choose a folder of your own."
        )


def fail(message: str, hint: str | None = None, code: int = 1) -> NoReturn:
    err_console.print(f"[bold red]Error:[/] {escape(message)}", markup=True)
    if hint:
        err_console.print(f"Hint: {hint}", markup=False)
    raise typer.Exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn OnwardError into one line plus a hint, with its exit code (1, or 2).

    A file the system refuses (OSError: missing, a folder, no permission, disk full) that
    no command checked for gets the same shape: the path and the reason, never a traceback.
    """

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except OnwardError as exc:
            fail(exc.user_message, exc.hint, exc.exit_code)
        except KeyboardInterrupt:
            fail("Stopped.", None, 130)
        except OSError as exc:
            fail(*_os_error_text(exc))
        except db_errors.DATABASE_ERRORS as exc:  # a full disk or a busy vault outside a save
            friendly = db_errors.translate(exc)
            if friendly is None:
                raise
            fail(friendly.user_message, friendly.hint, friendly.exit_code)

    return wrapper


def _os_error_text(exc: OSError) -> tuple[str, str]:
    where = f": {exc.filename}" if exc.filename else ""
    reason = exc.strerror or "A file could not be used"
    if exc.errno == errno.ENOSPC:
        return f"{reason}{where}.", "Free some space and try again."
    return f"{reason}{where}.", "Check the path, and that you may read or write there."


def cli_hint(kind: type[OnwardError], hint: str) -> Callable[[Callable[P, R]], Callable[P, R]]:
    """Give ``kind`` errors a hint for the terminal (the services' hints speak of web pages)."""

    def decorate(func: Callable[P, R]) -> Callable[P, R]:
        @functools.wraps(func)
        def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
            try:
                return func(*args, **kwargs)
            except kind as exc:
                exc.hint = hint
                raise

        return wrapper

    return decorate


# --passphrase-fd, the same on every command that unlocks
FdOpt = Annotated[
    int | None,
    typer.Option("--passphrase-fd", help="Read the passphrase from this file descriptor."),
]


def read_fd_lines(fd: int, count: int) -> list[str]:
    """Read ``count`` lines from an open file descriptor, as gpg's --passphrase-fd does."""
    try:
        stream = os.fdopen(os.dup(fd), "r", encoding="utf-8", newline=None)
    except (OSError, OverflowError):  # OverflowError: a number no descriptor can have
        raise InvalidInputError(
            f"File descriptor {fd} is not open.", hint="Pass a descriptor your shell opened."
        ) from None
    with stream:
        lines = [stream.readline() for _ in range(count)]
    if any(not line for line in lines):
        raise InvalidInputError(
            f"Expected {count} line(s) on file descriptor {fd}.",
            hint="Write each passphrase on its own line.",
        )
    return [line.rstrip("\r\n") for line in lines]


def ask_secret(prompt: str, *, fd: int | None, confirm: bool = False) -> str:
    """A passphrase from --passphrase-fd or a hidden prompt; never from argv or env (R8)."""
    if fd is not None:
        return read_fd_lines(fd, 1)[0]
    if not sys.stdin.isatty():
        raise InvalidInputError(
            "A passphrase is needed, and there is no terminal to ask on.",
            hint="Use --passphrase-fd N to read it from a file descriptor.",
        )
    first = getpass.getpass(f"{prompt}: ")
    if confirm and getpass.getpass("Type it again: ") != first:
        raise InvalidInputError("The two passphrases are not the same.", hint="Try again.")
    return first


def read_text() -> str:
    """Entry text from stdin when piped, else from $EDITOR (never from argv, R8)."""
    if not sys.stdin.isatty():
        return sys.stdin.read()
    editor = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if not editor:
        raise InvalidInputError(
            "No text was given.", hint="Pipe the text in (… | onward journal add) or set $EDITOR."
        )
    return _edit_in_private_file(editor)


def _edit_in_private_file(editor: str) -> str:
    # The editor needs a file. Use RAM-backed /dev/shm when it exists, mode 0600,
    # overwritten and removed afterwards. Editors may keep their own swap files:
    # the README says so.
    base = "/dev/shm" if os.path.isdir("/dev/shm") else None
    fd, name = tempfile.mkstemp(prefix="tmp", dir=base)
    os.close(fd)
    path = Path(name)
    try:
        os.chmod(path, 0o600)
        subprocess.run([*shlex.split(editor), str(path)], check=False)
        text = path.read_text(encoding="utf-8")
        path.write_bytes(b"\0" * len(text.encode()))
        return text
    finally:
        path.unlink(missing_ok=True)


def print_json(data: Any) -> None:
    import json

    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def open_vault(fd: int | None) -> Vault:
    """Unlock with a prompt or --passphrase-fd, and mention failed attempts (R12).

    Without a vault, says so (and how to make one) before asking for a passphrase."""
    from onward.services.vault import load_header, unlock_vault

    conf = settings()
    load_header(conf)  # no vault here: VaultMissingError, before any prompt
    vault, report = unlock_vault(conf, passphrase=ask_secret("Passphrase", fd=fd))
    if report.failed_attempts:
        typer.echo(
            f"Note: {report.failed_attempts} wrong passphrase attempt(s) since the last unlock.",
            err=True,
        )
    return vault
