"""What every command shares: settings, passphrase input, text input, errors."""

from __future__ import annotations

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
from onward.services.vault import Vault

err_console = Console(stderr=True, highlight=False, soft_wrap=True)
out_console = Console(highlight=False, soft_wrap=True)
P = ParamSpec("P")
R = TypeVar("R")


class State:
    """Global options from the top-level callback."""

    data_dir: Path | None = None


def settings() -> Settings:
    if State.data_dir is not None:
        return Settings(data_dir=State.data_dir)
    return Settings()


def fail(message: str, hint: str | None = None, code: int = 1) -> NoReturn:
    err_console.print(f"[bold red]Error:[/] {escape(message)}", markup=True)
    if hint:
        err_console.print(f"Hint: {hint}", markup=False)
    raise typer.Exit(code)


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn OnwardError into one line plus a hint, with its exit code (1, or 2)."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except OnwardError as exc:
            fail(exc.user_message, exc.hint, exc.exit_code)
        except KeyboardInterrupt:
            fail("Stopped.", None, 130)

    return wrapper


# --passphrase-fd, the same on every command that unlocks
FdOpt = Annotated[
    int | None,
    typer.Option("--passphrase-fd", help="Read the passphrase from this file descriptor."),
]


def read_fd_lines(fd: int, count: int) -> list[str]:
    """Read ``count`` lines from an open file descriptor, as gpg's --passphrase-fd does."""
    try:
        stream = os.fdopen(os.dup(fd), "r", encoding="utf-8", newline=None)
    except OSError:
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
