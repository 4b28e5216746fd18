"""Browser end-to-end fixtures: a real ``onward serve`` process and Debian Chromium.

Every test gets its own data folder, server process (stderr captured to a file
the test can scan), and a *persistent* Chromium profile in ``tmp_path``, so the
profile's files can be searched for traces after the browser is closed (R2–R4).

A ``Guard`` listens to the whole browser context and fails the test at teardown
on any Content-Security-Policy violation (R34), console error or uncaught page
error, failed static file, JavaScript dialog nobody expected, or request that
left the app's origin (R41).

Without /usr/bin/chromium the tests are skipped, unless ONWARD_REQUIRE_BROWSER=1
(set by .ci/run), in which case they fail: CI never silently skips them.
Nothing is ever downloaded: Playwright drives the Debian package.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import (
    BrowserContext,
    ConsoleMessage,
    Dialog,
    Error,
    Page,
    Playwright,
    Request,
    Response,
    sync_playwright,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # we run as root
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# The KDF floor (security.md R18): unlocks stay quick, the floor still holds.
SERVER_ENV = {
    "ONWARD_KDF_MEMORY_KIB": "65536",
    "ONWARD_KDF_TIME_COST": "3",
    "ONWARD_KDF_PARALLELISM": "1",
}
SERVER_START_TIMEOUT_S = 120  # generous: CI machines are small and busy
# Chromium logs every document answered with 4xx as a console error. Wrong
# passphrases (400) and the 404 page are expected; failed sub-resources are
# caught separately by Guard.failed_resources.
HTTP_STATUS_CONSOLE = "Failed to load resource: the server responded with a status of"

CSP_RECORDER = """
document.addEventListener("securitypolicyviolation", function (e) {
  try {
    window.__onwardCsp({directive: e.violatedDirective, blocked: e.blockedURI,
                        source: e.sourceFile, line: e.lineNumber, sample: e.sample});
  } catch (err) { /* the binding is missing only on pages Playwright does not own */ }
}, true);
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    """One ``python -m onward serve`` process on its own data folder."""

    root: Path
    port: int
    process: subprocess.Popen[bytes]

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def origin(self) -> str:
        return self.base_url

    @property
    def data_dir(self) -> Path:
        return self.root / "data"

    @property
    def log_path(self) -> Path:
        return self.root / "server.log"

    def url(self, path: str) -> str:
        return self.base_url + path

    def wait_ready(self, timeout: float = SERVER_START_TIMEOUT_S) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_text()}")
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"server did not start in {timeout} s:\n{self.log_text()}")

    def log_bytes(self) -> bytes:
        return self.log_path.read_bytes() if self.log_path.exists() else b""

    def log_text(self) -> str:
        return self.log_bytes().decode("utf-8", "replace")

    def stop(self) -> None:
        """Ctrl+C, as a person would (uvicorn's shutdown locks the vault), then wait."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def launch_server(root: Path) -> Server:
    """Start a server in the background; call ``wait_ready`` before using it."""
    root.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {**os.environ, **SERVER_ENV}
    command = [sys.executable, "-m", "onward", "--data-dir", str(root / "data"), "serve"]
    with (root / "server.log").open("wb") as log:
        process = subprocess.Popen(
            [*command, "--port", str(port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
        )
    return Server(root=root, port=port, process=process)


@dataclass
class Guard:
    """Everything a page did that a test must not let pass silently."""

    allowed_origins: set[str]
    csp_violations: list[dict[str, Any]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_resources: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    dialogs: list[tuple[str, str]] = field(default_factory=list)
    # What to answer to window.confirm(); alerts and prompts are always dismissed.
    confirm_answer: bool = True
    expected_failures: set[str] = field(default_factory=set)

    def attach(self, context: BrowserContext) -> None:
        context.expose_binding("__onwardCsp", self._on_csp)
        context.add_init_script(CSP_RECORDER)
        context.on("console", self._on_console)
        context.on("weberror", lambda err: self.page_errors.append(str(err.error)))
        context.on("request", self._on_request)
        context.on("response", self._on_response)
        context.on("requestfailed", self._on_request_failed)
        context.on("dialog", self._on_dialog)

    def _on_csp(self, source: Any, violation: dict[str, Any]) -> None:
        self.csp_violations.append(violation)

    def _on_console(self, message: ConsoleMessage) -> None:
        url = message.location.get("url")
        if message.type != "error" or url in self.expected_failures:
            return
        if not message.text.startswith(HTTP_STATUS_CONSOLE):
            self.console_errors.append(f"{message.text} ({url})")

    def _on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def _on_response(self, response: Response) -> None:
        if response.request.resource_type == "document" or response.status < 400:
            return
        if response.url not in self.expected_failures:
            self.failed_resources.append(f"{response.status} {response.url}")

    def _on_request_failed(self, request: Request) -> None:
        if request.url in self.expected_failures:
            return
        # Leaving a page (a click, quick exit) cancels its pending loads; that is
        # not a failure of the app. Error statuses are caught in _on_response.
        if request.failure == "net::ERR_ABORTED":
            return
        self.failed_resources.append(f"{request.failure} {request.url}")

    def _on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append((dialog.type, dialog.message))
        if dialog.type == "confirm" and self.confirm_answer:
            dialog.accept()
        else:
            dialog.dismiss()

    def offsite_requests(self) -> list[str]:
        return [url for url in self.requests if _origin(url) not in self.allowed_origins]

    def problems(self) -> list[str]:
        found = [f"CSP violation: {v}" for v in self.csp_violations]
        found += [f"console error: {m}" for m in self.console_errors]
        found += [f"page error: {m}" for m in self.page_errors]
        found += [f"failed resource: {m}" for m in self.failed_resources]
        found += [f"request off the app's origin: {u}" for u in self.offsite_requests()]
        found += [f"unexpected dialog: {d}" for d in self.dialogs if d[0] != "confirm"]
        return found


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


@dataclass
class Ui:
    """A running server plus a persistent Chromium profile pointed at it."""

    server: Server
    context: BrowserContext
    page: Page
    guard: Guard
    profile_dir: Path
    downloads_dir: Path

    def close(self) -> None:
        """Close the browser so its profile files are complete (idempotent)."""
        with contextlib.suppress(Error):  # already closed
            self.context.close()

    def replay(self, path: str, cookie_header: str) -> tuple[int, str | None]:
        """GET ``path`` outside the browser with a saved Cookie header: (status, Location)."""
        import http.client

        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            conn.request("GET", path, headers={"Cookie": cookie_header})
            response = conn.getresponse()
            response.read()
            return response.status, response.getheader("location")
        finally:
            conn.close()


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    if not CHROMIUM.exists():
        if os.environ.get("ONWARD_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{CHROMIUM} is missing, but ONWARD_REQUIRE_BROWSER=1")
        pytest.skip(f"{CHROMIUM} is not installed")
    with sync_playwright() as driver:
        yield driver


def open_profile(
    driver: Playwright, server: Server, root: Path, *, viewport: dict[str, int] | None = None
) -> Ui:
    """Launch Chromium on a new persistent profile under ``root`` and attach a Guard."""
    profile = root / "profile"
    downloads = root / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    context = driver.chromium.launch_persistent_context(
        str(profile),
        executable_path=str(CHROMIUM),
        headless=True,
        args=CHROMIUM_ARGS,
        base_url=server.base_url,
        downloads_path=str(downloads),
        accept_downloads=True,
        viewport=viewport or {"width": 1280, "height": 720},
    )
    context.set_default_timeout(15_000)
    guard = Guard(allowed_origins={server.origin})
    guard.attach(context)
    page = context.pages[0] if context.pages else context.new_page()
    return Ui(server, context, page, guard, profile, downloads)


class ServerPool:
    """Hands out fresh servers, keeping one spare booting in the background.

    Importing the app takes seconds on a small machine; booting the next test's
    server while the current test runs keeps the suite's wall time down.
    """

    def __init__(self, factory: pytest.TempPathFactory) -> None:
        self._factory = factory
        self._spare: Server | None = None

    def _launch(self) -> Server:
        return launch_server(self._factory.mktemp("server"))

    def take(self) -> Server:
        """A server with no vault yet; call ``wait_ready`` before using it."""
        server = self._spare or self._launch()
        self._spare = self._launch()
        return server

    def close(self) -> None:
        if self._spare is not None:
            self._spare.stop()


@pytest.fixture(scope="session")
def server_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerPool]:
    pool = ServerPool(tmp_path_factory)
    yield pool
    pool.close()


@pytest.fixture
def ui(playwright_driver: Playwright, server_pool: ServerPool, tmp_path: Path) -> Iterator[Ui]:
    """A fresh server (no vault yet) and a fresh browser profile; checked at the end."""
    server = server_pool.take()
    handle: Ui | None = None
    try:
        handle = open_profile(playwright_driver, server, tmp_path)
        server.wait_ready()
        yield handle
    finally:
        if handle is not None:
            handle.close()
        server.stop()
    problems = handle.guard.problems()
    assert not problems, "the browser saw problems:\n" + "\n".join(problems)
