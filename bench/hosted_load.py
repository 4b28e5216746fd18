"""Hosted-mode load test (``make bench-hosted``): many simulated clients on loopback.

Locust is not a dependency, so this is a small asyncio HTTP/1.1 load generator
(standard library only). It starts ``onward serve --hosted --workers N`` on a fresh
PostgreSQL database, signs up the clients, runs a login storm while sampling the
server's memory, then has every client browse and write for a while, and checks:
p95 latency < 300 ms, no errors, peak server memory within the KDF budget.

Usage::

    ONWARD_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:55432/postgres \\
        uv run python bench/hosted_load.py [--clients 200] [--workers 2] [--rounds 5]

Not named ``bench_*.py`` on purpose: ``make bench`` must not need PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

CSRF_RE = re.compile(r'name="csrf-token" content="([^"]+)"')
PASSPHRASE = "violet harbour lantern"
KDF_KIB = 64 * 1024


class Client:
    """One simulated person: her own cookies, one request at a time."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf = ""

    async def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str, float]:
        body = urlencode(form).encode() if form is not None else b""
        head = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            "Connection: close",
            f"Content-Length: {len(body)}",
        ]
        if form is not None:
            head.append("Content-Type: application/x-www-form-urlencoded")
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        start = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await writer.drain()
        raw = await reader.read()
        writer.close()
        elapsed = time.perf_counter() - start
        header_blob, _, content = raw.partition(b"\r\n\r\n")
        lines = header_blob.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        for line in lines[1:]:
            name, _, value = line.partition(":")
            if name.lower() == "set-cookie":
                pair = value.strip().split(";", 1)[0]
                key, _, val = pair.partition("=")
                if val and "max-age=0" not in value.lower():
                    self.cookies[key] = val
                else:
                    self.cookies.pop(key, None)
        text = content.decode("utf-8", "replace")
        match = CSRF_RE.search(text)
        if match:
            self.csrf = match.group(1)
        return status, text, elapsed


def server_rss_kib(root: int) -> int:
    """Resident memory of the server process tree (Linux /proc)."""
    total = 0
    pids = [root]
    while pids:
        pid = pids.pop()
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        except OSError:
            continue
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
        pids += [int(c) for c in children]
    return total


async def run(args: argparse.Namespace, port: int, server: subprocess.Popen[bytes]) -> int:
    clients = [Client(port) for _ in range(args.clients)]
    names = [f"c{secrets.token_hex(5)}" for _ in clients]
    errors: list[str] = []
    gate = asyncio.Semaphore(4)

    async def sign_up(c: Client, name: str) -> None:
        async with gate:
            await c.request("GET", "/signup")
            form = {"csrf": c.csrf, "name": name, "passphrase": PASSPHRASE, "confirm": PASSPHRASE}
            status, _, _ = await c.request("POST", "/signup", form)
            if status != 200:
                errors.append(f"signup {status}")

    t0 = time.perf_counter()
    await asyncio.gather(*(sign_up(c, n) for c, n in zip(clients, names, strict=True)))
    print(f"sign-up of {len(clients)} clients: {time.perf_counter() - t0:.1f} s")

    # Login storm: everyone at once; sample memory meanwhile.
    peak = 0
    storm_done = asyncio.Event()

    async def sample() -> None:
        nonlocal peak
        while not storm_done.is_set():
            peak = max(peak, server_rss_kib(server.pid))
            await asyncio.sleep(0.05)

    async def log_in(c: Client, name: str) -> None:
        await c.request("GET", "/login")
        form = {"csrf": c.csrf, "name": name, "passphrase": PASSPHRASE}
        status, _, _ = await c.request("POST", "/login", form)
        if status != 303:
            errors.append(f"login {status}")

    sampler = asyncio.create_task(sample())
    t0 = time.perf_counter()
    await asyncio.gather(*(log_in(c, n) for c, n in zip(clients, names, strict=True)))
    storm_done.set()
    await sampler
    print(f"login storm: {time.perf_counter() - t0:.1f} s, peak server RSS {peak // 1024} MiB")

    # Steady use: browse and write.
    latencies: list[float] = []

    async def browse(c: Client) -> None:
        for i in range(args.rounds):
            for method, path, form in (
                ("GET", "/home", None),
                ("POST", "/notes", {"csrf": c.csrf, "text": f"bench entry {i}"}),
                ("GET", "/notes", None),
            ):
                status, _, elapsed = await c.request(method, path, form)
                latencies.append(elapsed)
                if status >= 400:
                    errors.append(f"{method} {path} {status}")

    t0 = time.perf_counter()
    await asyncio.gather(*(browse(c) for c in clients))
    wall = time.perf_counter() - t0
    p95 = statistics.quantiles(latencies, n=20)[18] * 1000
    budget = args.workers * (args.kdf_slots * KDF_KIB + 200 * 1024) // 1024
    print(f"{len(latencies)} requests in {wall:.1f} s; p50 "
          f"{statistics.median(latencies) * 1000:.0f} ms, p95 {p95:.0f} ms")  # fmt: skip
    checks = {
        "p95 < 300 ms": p95 < 300,
        "no errors": not errors,
        f"peak memory <= {budget} MiB": peak // 1024 <= budget,
    }
    for name, ok in checks.items():
        print(f"- {name}: {'yes' if ok else '**no**'}")
    if errors:
        print("errors (first 5):", errors[:5])
    return 0 if all(checks.values()) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--kdf-slots", type=int, default=2)
    args = parser.parse_args()
    admin = os.environ.get("ONWARD_TEST_DATABASE_URL")
    if not admin:
        print("Set ONWARD_TEST_DATABASE_URL to a PostgreSQL admin URL.", file=sys.stderr)
        return 2
    name = "onward_bench_" + secrets.token_hex(4)
    base = admin.rpartition("/")[0]
    subprocess.run(["psql", admin, "-qc", f'CREATE DATABASE "{name}"'], check=True)
    port = 20000 + secrets.randbelow(20000)
    with tempfile.TemporaryDirectory() as data:
        env = {
            **os.environ,
            "ONWARD_DATABASE_URL": f"{base}/{name}",
            "ONWARD_SIGNUP": "open",
            "ONWARD_KDF_MEMORY_KIB": str(KDF_KIB),
            "ONWARD_KDF_TIME_COST": "3",
            "ONWARD_KDF_PARALLELISM": "1",
            "ONWARD_KDF_SLOTS": str(args.kdf_slots),
            "ONWARD_EXTRA_HOSTS": f'["127.0.0.1:{port}"]',
        }
        cmd = [sys.executable, "-m", "onward", "--data-dir", data, "serve", "--hosted",
               "--workers", str(args.workers), "--port", str(port)]  # fmt: skip
        server = subprocess.Popen(cmd, env=env, start_new_session=True)
        try:
            for _ in range(100):
                try:
                    asyncio.run(Client(port).request("GET", "/login"))
                    break
                except OSError:
                    time.sleep(0.2)
            return asyncio.run(run(args, port, server))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)
            subprocess.run(["psql", admin, "-qc", f'DROP DATABASE "{name}" WITH (FORCE)'])


if __name__ == "__main__":
    sys.exit(main())
