"""Hosted mode commands: ``onward serve --hosted`` and ``onward admin …`` (docs/hosting.md)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Annotated, Any

import typer

from onward.cli.common import fail, handle_errors, settings
from onward.services import accounts, import_jobs

app = typer.Typer(help="Hosted mode administration (organisation admins).", no_args_is_help=True)
FACTORY = "onward.web.hosted_main:build"
IMPORT_NICENESS = 10


def load_config_file(path: Path) -> None:
    """Put ``ONWARD_NAME=value`` lines of a config file into the environment.

    Worker processes read their settings from the environment, so this must happen
    before they start. Lines that are blank or start with ``#`` are skipped.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        fail(f"{path} could not be read as a text file.", "Check the path given to --config.")
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        name, sep, value = line.partition("=")
        if not sep or not name.strip().startswith("ONWARD_"):
            fail(f"{path}: each line must look like ONWARD_NAME=value.")
        os.environ[name.strip()] = value.strip()


def serve_hosted(*, host: str, port: int, workers: int, config: Path | None) -> None:
    """Migrate once, then start ``workers`` uvicorn worker processes."""
    import uvicorn

    if config is not None:
        load_config_file(config)
    os.environ["ONWARD_HOSTED"] = "true"
    os.environ["ONWARD_HOST"], os.environ["ONWARD_PORT"] = host, str(port)
    conf = settings().model_copy(update={"hosted": True, "host": host, "port": port})
    os.environ["ONWARD_DATA_DIR"] = str(conf.data_dir)
    if conf.database_url is None:
        fail("Hosted mode needs PostgreSQL.", "Set ONWARD_DATABASE_URL (see docs/hosting.md).")
    accounts.prepare(conf)  # migrate (as the owner role) before the workers start
    accounts.server_secret(conf)  # made once, so every worker reads the same one
    # The workers connect as the app role only: they never get the owner's URL.
    os.environ.pop("ONWARD_OWNER_DATABASE_URL", None)
    trusted = list(conf.trusted_proxies)
    # The import worker: a process of its own, beside the web workers (docs/hosting.md §1.9).
    importer = subprocess.Popen([sys.executable, "-m", "onward", "worker"], env=dict(os.environ))
    typer.echo(f"Onward (hosted) is running at http://{host}:{port}/ with {workers} workers")
    try:
        _run_web(uvicorn, host=host, port=port, workers=workers, trusted=trusted)
    finally:
        importer.terminate()
        try:
            importer.wait(timeout=60)
        except subprocess.TimeoutExpired:
            importer.kill()


def _run_web(uvicorn: Any, *, host: str, port: int, workers: int, trusted: list[str]) -> None:
    uvicorn.run(
        FACTORY,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,  # URLs and timing stay out of logs (R39)
        server_header=False,
        # X-Forwarded-* only from configured proxies; the app applies the same rule
        # to the throttles' client address (web/routes/signin.py).
        proxy_headers=bool(trusted),
        forwarded_allow_ips=trusted or None,
        log_level="warning",
    )


def run_worker(config: Path | None) -> None:
    """Run hosted imports until stopped (SIGTERM or Ctrl+C ends it after the current job)."""
    if config is not None:
        load_config_file(config)
    conf = settings().model_copy(update={"hosted": True})
    if conf.database_url is None:
        fail("Hosted mode needs PostgreSQL.", "Set ONWARD_DATABASE_URL (see docs/hosting.md).")
    os.nice(IMPORT_NICENESS)  # the web workers come first when the cores are busy
    worker = import_jobs.ImportWorker(conf)
    worker.register()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    try:
        worker.serve(stop)
    finally:
        worker.close()


@handle_errors
def create_advocate() -> None:
    """Print a one-time invitation code for a new advocate account (valid 14 days)."""
    code = accounts.create_invitation(settings(), role="advocate")
    typer.echo("Give this code to the advocate; it works once:")
    typer.echo(f"  {code}")


@handle_errors
def invite() -> None:
    """Print a one-time invitation code for a new client account (valid 14 days)."""
    code = accounts.create_invitation(settings(), role="client")
    typer.echo(f"  {code}")


@handle_errors
def counts() -> None:
    """Show how many accounts there are per role (never any content)."""
    for role, n in accounts.account_counts(settings()).items():
        typer.echo(f"{role}: {n}")


app.command("create-advocate")(create_advocate)
app.command("invite")(invite)
app.command("counts")(counts)

WorkersOpt = Annotated[int, typer.Option(help="Worker processes (hosted mode).", min=1, max=64)]
