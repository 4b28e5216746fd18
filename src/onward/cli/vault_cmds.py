"""onward serve | init | passwd | recover | backup | restore"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from onward.cli import hosted_cmds
from onward.cli.common import (
    FdOpt,
    ask_secret,
    check_new_file,
    fail,
    handle_errors,
    read_fd_lines,
    settings,
)
from onward.config import Settings
from onward.services import backup as backup_service
from onward.services import vault as vault_service


def register(app: typer.Typer) -> None:
    for command in (serve, init, passwd, recover, backup, restore, worker):
        app.command()(handle_errors(command))


def worker(
    config: Annotated[
        Path | None, typer.Option(help="Hosted mode: a file of ONWARD_NAME=value lines.")
    ] = None,
) -> None:
    """Hosted mode: run uploaded imports, and the second check of their messages, in the
    background ('serve --hosted' starts one)."""
    hosted_cmds.run_worker(config)


def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8765,
    allow_remote: Annotated[
        bool,
        typer.Option("--allow-remote", help="Allow a non-loopback address (needs TLS files)."),
    ] = False,
    tls_certfile: Annotated[Path | None, typer.Option(help="TLS certificate (PEM).")] = None,
    tls_keyfile: Annotated[Path | None, typer.Option(help="TLS private key (PEM).")] = None,
    hosted: Annotated[
        bool, typer.Option("--hosted", help="Many accounts on PostgreSQL (docs/hosting.md).")
    ] = False,
    workers: hosted_cmds.WorkersOpt = 1,
    config: Annotated[
        Path | None, typer.Option(help="Hosted mode: a file of ONWARD_NAME=value lines.")
    ] = None,
) -> None:
    """Start the local web app (http://127.0.0.1:8765 by default)."""
    import uvicorn

    if hosted:
        hosted_cmds.serve_hosted(host=host, port=port, workers=workers, config=config)
        return

    from onward.config import is_loopback
    from onward.web.app import create_app

    if not is_loopback(host) and not (allow_remote and tls_certfile and tls_keyfile):
        fail(
            f"Refusing to listen on {host}: others on the network could reach it.",
            "Use 127.0.0.1, or pass --allow-remote with --tls-certfile and --tls-keyfile.",
        )
    for pem in (tls_certfile, tls_keyfile):
        if pem is not None and not pem.is_file():
            fail(f"There is no file at {pem}.", "Give the PEM files of your TLS certificate.")
    base = settings()
    conf = base.model_copy(update={"host": host, "port": port, "allow_remote": allow_remote})
    app = create_app(conf)
    scheme = "https" if tls_certfile else "http"
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"Onward is running at {scheme}://{shown}:{port}/  (Ctrl+C to stop)")
    uvicorn.run(
        app,
        host=host,
        port=port,
        access_log=False,  # URLs and timing stay out of logs (R39)
        server_header=False,
        log_level="warning",
        ssl_certfile=str(tls_certfile) if tls_certfile else None,
        ssl_keyfile=str(tls_keyfile) if tls_keyfile else None,
    )


def init(passphrase_fd: FdOpt = None) -> None:
    """Create a new vault and show its recovery key once."""
    conf: Settings = settings()
    passphrase = ask_secret("Choose a passphrase", fd=passphrase_fd, confirm=True)
    vault, recovery = vault_service.create_vault(conf, passphrase=passphrase)
    vault.lock()
    typer.echo(f"Your vault is ready in {conf.data_dir}.")
    typer.echo("Recovery key (shown once; write it on paper and keep it safe):")
    typer.echo(f"  {recovery}")


def passwd(passphrase_fd: FdOpt = None) -> None:
    """Change the passphrase (with --passphrase-fd: old, then new, one per line)."""
    if passphrase_fd is not None:
        old, new = read_fd_lines(passphrase_fd, 2)
    else:
        old = ask_secret("Current passphrase", fd=None)
        new = ask_secret("New passphrase", fd=None, confirm=True)
    vault_service.change_passphrase(settings(), old=old, new=new)
    typer.echo("Your passphrase was changed. Backups made before still open with the old one.")


def recover(passphrase_fd: FdOpt = None) -> None:
    """Set a new passphrase with the recovery key (with --passphrase-fd: key, then new)."""
    if passphrase_fd is not None:
        key, new = read_fd_lines(passphrase_fd, 2)
    else:
        key = ask_secret("Recovery key", fd=None)
        new = ask_secret("New passphrase", fd=None, confirm=True)
    vault_service.recover_with_key(settings(), recovery_key=key, new_passphrase=new)
    typer.echo("Your new passphrase is set.")


def backup(
    out: Annotated[Path, typer.Option("--out", help="Where to write the backup file.")],
    force: Annotated[
        bool,
        typer.Option(
            "--force",
            help="Replace the file if it exists (only once the new backup is verified).",
        ),
    ] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Write an encrypted backup of everything, and verify it."""
    # An existing file may be the only copy of an older backup: replace it only when asked.
    check_new_file(out, replace=force, exists_hint="Choose a new file name, or add --force.")
    conf = settings()
    vault, _ = vault_service.unlock_vault(
        conf, passphrase=ask_secret("Passphrase", fd=passphrase_fd)
    )
    try:
        info = backup_service.write_backup(vault, out)
    finally:
        vault.lock()
    typer.echo(f"Backup written and verified: {info.path} ({info.rows} items)")
    typer.echo(f"SHA-256: {info.sha256}")


def restore(
    file: Annotated[Path, typer.Argument(help="A backup file made by 'onward backup'.")],
    replace: Annotated[
        bool, typer.Option("--replace", help="Replace an existing vault without asking.")
    ] = False,
    passphrase_fd: FdOpt = None,
) -> None:
    """Restore a backup (asks before replacing an existing vault)."""
    conf = settings()
    backup_service.read_header(file)  # a foreign file fails before any question
    if vault_service.vault_exists(conf) and not replace:
        if passphrase_fd is not None or not typer.confirm(
            "A vault already exists here. Replace it with the backup?", default=False
        ):
            fail(
                "Nothing was changed: a vault already exists here.",
                "Pass --replace to replace it, or use --data-dir for another folder.",
            )
        replace = True
    passphrase = ask_secret("Passphrase of the backup", fd=passphrase_fd)
    rows = backup_service.restore_backup(
        conf, path=file, passphrase=passphrase, replace_existing=replace
    )
    typer.echo(f"Restored {rows} items. Unlock with the passphrase the backup was made with.")
