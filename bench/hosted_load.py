"""Hosted-mode load test (``make bench-hosted``): many simulated clients on loopback.

A small asyncio HTTP/1.1 load generator (standard library only; Locust is not a
dependency, and this is the same closed-loop model: each simulated client waits for
its answer, thinks, then clicks again). It creates a fresh PostgreSQL database,
starts ``onward serve --hosted --workers N`` (which also starts the import worker),
and runs four phases, each bounded in time:

1. sign-up of every client (set-up, a few at a time; not a measured phase);
2. login storm: every client logs in at the same moment; server memory per process
   is sampled meanwhile (the Argon2id semaphore must bound it);
3. steady use: every client, logged in once, repeats home, add a log entry, check in,
   read the timeline (following the redirects as a browser does), with a think time
   between clicks, for ``--duration`` seconds;
4. fairness: one more client uploads a WhatsApp export of ``--import-messages``
   messages (default 1,000,000) that the import worker runs in the background, while
   the others go on as in phase 3 until the import is done.

It reports p50/p95/p99 per request type, errors, the resident memory of each server
process over time, and the load average (the machine is shared). Targets: steady p95
< 300 ms, no errors, memory within the KDF budget during the storm, and p95 < 500 ms
for the others during the import. The report is Markdown (``--out``, default
``bench/out/hosted-load.md``), printed too.

Usage::

    ONWARD_TEST_DATABASE_URL=postgresql://postgres@127.0.0.1:55432/postgres \\
        uv run python bench/hosted_load.py [--clients 200] [--workers 2] [--duration 60]

Not named ``bench_*.py`` on purpose: ``make bench`` must not need PostgreSQL.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import re
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as ``python bench/<name>.py``
    sys.path.insert(0, str(ROOT))
from bench import cpu_ticks, shared_generator, steal_share  # noqa: E402

GENERATOR = shared_generator()
CSRF_RE = re.compile(r'name="csrf-token" content="([^"]+)"')
PASSPHRASE = "violet harbour lantern"
KDF_KIB = 64 * 1024
BASE_RSS_MIB = 200  # a worker's own memory besides the KDF slots
STEADY_P95_MS = 300.0
FAIR_P95_MS = 500.0


@dataclass
class Stats:
    """Latencies per request type, errors, and retries after 429."""

    times: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    retries: int = 0

    def all_times(self) -> list[float]:
        return [t for ts in self.times.values() for t in ts]


def pct(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000


class Client:
    """One simulated person: her own cookies, one request at a time."""

    def __init__(self, port: int, number: int = 0) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.csrf = ""
        # Each person has her own address, as behind the organisation's reverse proxy
        # (the server trusts 127.0.0.1 as that proxy): the per-address sign-up and login
        # throttles then see 200 people, not one address signing up 200 times.
        self.address = f"10.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"

    async def request(
        self,
        method: str,
        path: str,
        form: dict[str, str] | None = None,
        *,
        body: bytes | None = None,
        content_type: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], str, float]:
        if form is not None:
            body = urlencode(form).encode()
            content_type = "application/x-www-form-urlencoded"
        body = body or b""
        head = [
            f"{method} {path} HTTP/1.1",
            f"Host: 127.0.0.1:{self.port}",
            "Connection: close",
            f"Content-Length: {len(body)}",
        ]
        if content_type:
            head.append(f"Content-Type: {content_type}")
        head.append(f"X-Forwarded-For: {self.address}")
        for name, value in (headers or {}).items():
            head.append(f"{name}: {value}")
        if self.cookies:
            head.append("Cookie: " + "; ".join(f"{k}={v}" for k, v in self.cookies.items()))
        start = time.perf_counter()
        reader, writer = await asyncio.open_connection("127.0.0.1", self.port)
        writer.write(("\r\n".join(head) + "\r\n\r\n").encode())
        for i in range(0, len(body), 1 << 20):
            writer.write(body[i : i + (1 << 20)])
            await writer.drain()
        await writer.drain()
        raw = await reader.read()
        writer.close()
        elapsed = time.perf_counter() - start
        header_blob, _, content = raw.partition(b"\r\n\r\n")
        lines = header_blob.decode("latin-1").split("\r\n")
        status = int(lines[0].split()[1])
        found: dict[str, str] = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            found[name.lower()] = value.strip()
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
        return status, found, text, elapsed


# --- server processes and their memory ---------------------------------------------------


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _rss_kib(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return 0
    match = re.search(r"VmRSS:\s+(\d+)", status)
    return int(match.group(1)) if match else 0


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def server_processes(root: int) -> dict[str, int]:
    """Label -> pid for the server's processes: web workers and the import worker."""
    found: dict[str, int] = {}
    web = 0
    for pid in _children(root):
        cmd = _cmdline(pid)
        if "spawn_main" in cmd:
            web += 1
            found[f"web worker {web}"] = pid
        elif " worker" in cmd and "onward" in cmd:
            found["import worker"] = pid
    return found


@dataclass
class MemoryLog:
    """Samples of each server process's resident memory (MiB), with the phase."""

    samples: list[tuple[float, str, dict[str, float]]] = field(default_factory=list)
    phase: str = "start"

    async def run(self, root: int, stop: asyncio.Event, every: float = 0.25) -> None:
        start = time.perf_counter()
        while not stop.is_set():
            procs = server_processes(root)
            rss = {label: _rss_kib(pid) / 1024 for label, pid in procs.items()}
            self.samples.append((time.perf_counter() - start, self.phase, rss))
            await asyncio.sleep(every)

    def peak(self, phase: str, label: str) -> float:
        return max((s[2].get(label, 0.0) for s in self.samples if s[1] == phase), default=0.0)

    def labels(self) -> list[str]:
        return sorted({label for s in self.samples for label in s[2]})


def _cpu_s(pid: int) -> float:
    """User + system CPU seconds of one process (Linux /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def backend_pids(admin: str, database: str) -> list[int]:
    """PostgreSQL backends serving the bench database (to count their CPU too)."""
    out = subprocess.run(
        ["psql", admin, "-Atqc",
         f"SELECT pid FROM pg_stat_activity WHERE datname = '{database}'"],
        capture_output=True, text=True,
    ).stdout  # fmt: skip
    return [int(x) for x in out.split()]


class CpuMeter:
    """CPU seconds used by the web workers, the import worker and the PostgreSQL backends."""

    def __init__(self, root: int, admin: str, database: str) -> None:
        self.root, self.admin, self.database = root, admin, database
        self.start: dict[str, float] = {}

    def sample(self) -> dict[str, float]:
        procs = server_processes(self.root)
        web = sum(_cpu_s(pid) for label, pid in procs.items() if label.startswith("web"))
        imp = sum(_cpu_s(pid) for label, pid in procs.items() if label == "import worker")
        pg = sum(_cpu_s(pid) for pid in backend_pids(self.admin, self.database))
        return {"web workers": web, "import worker": imp, "PostgreSQL backends": pg}

    def begin(self) -> None:
        self.start = self.sample()

    def end(self) -> dict[str, float]:
        now = self.sample()
        # Backends that ended in between lose their time; pooled ones live on, so this
        # is close, and never more than the truth.
        return {k: max(0.0, now[k] - self.start.get(k, 0.0)) for k in now}


def load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


# --- phases ------------------------------------------------------------------------------


async def sign_up_all(clients: list[Client], names: list[str], stats: Stats) -> None:
    gate = asyncio.Semaphore(4)  # set-up only: not the storm

    async def one(c: Client, name: str) -> None:
        async with gate:
            await c.request("GET", "/signup")
            form = {"csrf": c.csrf, "name": name, "passphrase": PASSPHRASE, "confirm": PASSPHRASE}
            for _ in range(10):
                status, headers, _, _ = await c.request("POST", "/signup", form)
                if status != 429:
                    break
                await asyncio.sleep(float(headers.get("retry-after", "1")))
            if status != 200:
                stats.errors.append(f"signup {status}")
            await c.request("POST", "/logout", {"csrf": c.csrf})
            c.cookies.pop("__Host-session", None)

    await asyncio.gather(*(one(c, n) for c, n in zip(clients, names, strict=True)))


async def login_storm(clients: list[Client], names: list[str], stats: Stats) -> None:
    async def one(c: Client, name: str) -> None:
        await c.request("GET", "/login")
        form = {"csrf": c.csrf, "name": name, "passphrase": PASSPHRASE}
        start = time.perf_counter()
        for _ in range(20):
            status, headers, _, _ = await c.request("POST", "/login", form)
            if status != 429:  # busy: wait as told (Retry-After), then try again
                break
            stats.retries += 1
            await asyncio.sleep(float(headers.get("retry-after", "1")))
        stats.times["POST /login (until signed in)"].append(time.perf_counter() - start)
        if status != 303:
            stats.errors.append(f"login {status}")

    await asyncio.gather(*(one(c, n) for c, n in zip(clients, names, strict=True)))


async def click(
    c: Client, stats: Stats, method: str, path: str, form: dict[str, str] | None
) -> None:
    status, headers, _, elapsed = await c.request(method, path, form)
    label = f"{method} {path}"
    stats.times[label].append(elapsed)
    if status >= 400:
        stats.errors.append(f"{label} {status}")
        return
    if status == 303:  # the browser follows the redirect
        target = headers.get("location", "/")
        status, _, _, elapsed = await c.request("GET", target)
        follow = "GET " + target.split("?")[0] + " (after save)"
        stats.times[follow].append(elapsed)
        if status >= 400:
            stats.errors.append(f"{follow} {status}")


async def browse(
    c: Client,
    stats: Stats,
    until: asyncio.Event | float,
    think: tuple[float, float],
    rng: random.Random,
) -> None:
    """Home, a log entry, a check-in, the timeline; a think time between clicks."""
    i = 0

    def more() -> bool:
        if isinstance(until, asyncio.Event):
            return not until.is_set()
        return time.perf_counter() < until

    await asyncio.sleep(rng.uniform(0, think[1]))  # clients do not start in step
    while more():
        step = i % 4
        if step == 0:
            await click(c, stats, "GET", "/home", None)
        elif step == 1:
            form = {"csrf": c.csrf, "channel": "phone", "what": f"bench entry {i}"}
            await click(c, stats, "POST", "/log", form)
        elif step == 2:
            form = {"csrf": c.csrf, "mood": str(1 + i % 5), "urge": str(i % 5), "sleep": "7"}
            await click(c, stats, "POST", "/today", form)
        else:
            await click(c, stats, "GET", "/timeline", None)
        i += 1
        await asyncio.sleep(rng.uniform(*think))


def multipart(csrf: str, filename: str, data: bytes) -> tuple[bytes, str]:
    boundary = "----onwardbench" + secrets.token_hex(8)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="csrf"\r\n\r\n{csrf}\r\n'.encode(),
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; '
            f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'
        ).encode(),
        data,
        f"\r\n--{boundary}--\r\n".encode(),
    ]
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class ImportRun:
    upload_s: float = 0.0
    run_s: float = 0.0
    state: str = ""
    progress: list[tuple[float, int]] = field(default_factory=list)


async def import_big(c: Client, export: Path, done: asyncio.Event, limit_s: float) -> ImportRun:
    run = ImportRun()
    try:
        await c.request("GET", "/import")
        body, ctype = multipart(c.csrf, "WhatsApp Chat with Sam.txt", export.read_bytes())
        start = time.perf_counter()
        status, headers, text, _ = await c.request("POST", "/import", body=body, content_type=ctype)
        run.upload_s = time.perf_counter() - start
        if status != 303:
            run.state = f"upload answered {status}"
            return run
        page = headers["location"]
        start = time.perf_counter()
        while time.perf_counter() - start < limit_s:
            await asyncio.sleep(2)
            status, headers, text, _ = await c.request(
                "GET", page + "/status", headers={"HX-Request": "true"}
            )
            state = re.search(r'data-job-state="(\w+)"', text)
            run.state = state.group(1) if state else f"status {status}"
            read = re.search(r"([\d,]+) messages read", text)
            if read:
                run.progress.append((time.perf_counter() - start, int(read[1].replace(",", ""))))
            if run.state in ("done", "failed"):
                break
        run.run_s = time.perf_counter() - start
        return run
    finally:
        done.set()


# --- report ------------------------------------------------------------------------------


def table(stats: Stats) -> list[str]:
    lines = ["| Request | n | p50 ms | p95 ms | p99 ms | max ms |", "|---|---|---|---|---|---|"]
    for label in sorted(stats.times):
        ts = stats.times[label]
        lines.append(
            f"| {label} | {len(ts)} | {pct(ts, 0.5):.0f} | {pct(ts, 0.95):.0f} | "
            f"{pct(ts, 0.99):.0f} | {max(ts) * 1000:.0f} |"
        )
    every = stats.all_times()
    if every:
        lines.append(
            f"| **all** | {len(every)} | {pct(every, 0.5):.0f} | {pct(every, 0.95):.0f} | "
            f"{pct(every, 0.99):.0f} | {max(every) * 1000:.0f} |"
        )
    return lines


def cpu_lines(used: dict[str, float], requests: int, seconds: float) -> list[str]:
    """Server CPU in the phase: contention-free cost per request, and the cores it took."""
    lines = [
        "Server CPU in this phase (what the load average cannot blur: CPU seconds used):",
        "",
        "| Process | CPU s | cores busy | CPU ms per request |",
        "|---|---|---|---|",
    ]
    for label, value in used.items():
        per = value / requests * 1000 if requests else float("nan")
        lines.append(f"| {label} | {value:.1f} | {value / seconds:.2f} | {per:.1f} |")
    web_pg = used["web workers"] + used["PostgreSQL backends"]
    if requests:
        per = web_pg / requests * 1000
        lines += [
            "",
            f"Web workers plus PostgreSQL: {per:.1f} ms of CPU per request, so 2 free cores "
            f"would serve about {2000 / per:.0f} requests/s.",
        ]
    return [*lines, ""]


def yes(ok: bool) -> str:
    return "yes" if ok else "**no**"


async def run(args: argparse.Namespace, port: int, server: subprocess.Popen[bytes]) -> int:
    rng = random.Random(7)
    clients = [Client(port, number=i + 1) for i in range(args.clients)]
    names = [f"c{secrets.token_hex(5)}" for _ in clients]
    memory = MemoryLog()
    stop_sampling = asyncio.Event()
    sampler = asyncio.create_task(memory.run(server.pid, stop_sampling))
    report: list[str] = []
    loads: dict[str, tuple[str, str, str]] = {}
    checks: list[tuple[str, str, str, bool]] = []

    setup = Stats()
    memory.phase = "sign-up"
    t0 = time.perf_counter()
    await sign_up_all(clients, names, setup)
    signup_s = time.perf_counter() - t0

    storm = Stats()
    memory.phase = "login storm"
    before, ticks = load(), cpu_ticks()
    t0 = time.perf_counter()
    await login_storm(clients, names, storm)
    storm_s = time.perf_counter() - t0
    loads["login storm"] = (before, load(), steal_share(ticks, cpu_ticks()))

    steady = Stats()
    memory.phase = "steady"
    before, ticks = load(), cpu_ticks()
    cpu = CpuMeter(server.pid, args.admin, args.database)
    cpu.begin()
    t0 = time.perf_counter()
    until = time.perf_counter() + args.duration
    think = (args.think_min, args.think_max)
    await asyncio.gather(
        *(browse(c, steady, until, think, random.Random(rng.random())) for c in clients)
    )
    steady_s = time.perf_counter() - t0
    loads["steady"] = (before, load(), steal_share(ticks, cpu_ticks()))
    steady_cpu = cpu.end()

    fair = Stats()
    big: ImportRun | None = None
    if args.import_messages:
        importer = Client(port, number=args.clients + 1)
        name = f"i{secrets.token_hex(5)}"
        await sign_up_all([importer], [name], setup)
        await login_storm([importer], [name], Stats())
        with tempfile.TemporaryDirectory() as tmp:
            export = Path(tmp) / "export.txt"
            subprocess.run(
                [sys.executable, str(GENERATOR), "--n", str(args.import_messages), "--seed", "1",
                 "--out", str(export)],
                check=True,
            )  # fmt: skip
            memory.phase = "fairness"
            before, ticks = load(), cpu_ticks()
            done = asyncio.Event()
            cpu.begin()
            t0 = time.perf_counter()
            job = asyncio.create_task(import_big(importer, export, done, args.import_limit))
            await asyncio.gather(
                *(browse(c, fair, done, think, random.Random(rng.random())) for c in clients)
            )
            big = await job
            fair_s = time.perf_counter() - t0
            loads["fairness"] = (before, load(), steal_share(ticks, cpu_ticks()))
            fair_cpu = cpu.end()
            size_mb = export.stat().st_size / 1e6

    stop_sampling.set()
    await sampler

    steady_p95 = pct(steady.all_times(), 0.95)
    budget = args.kdf_slots * KDF_KIB // 1024 + BASE_RSS_MIB
    web = [label for label in memory.labels() if label.startswith("web")]
    storm_peak = max((memory.peak("login storm", label) for label in web), default=0.0)
    checks.append(("steady p95, all requests", f"{steady_p95:.0f} ms", f"< {STEADY_P95_MS:.0f} ms",
                   steady_p95 < STEADY_P95_MS))  # fmt: skip
    checks.append(("errors (sign-up, storm, steady)",
                   str(len(setup.errors) + len(storm.errors) + len(steady.errors)), "0",
                   not (setup.errors or storm.errors or steady.errors)))  # fmt: skip
    checks.append(("peak RSS of a web worker in the login storm", f"{storm_peak:.0f} MiB",
                   f"<= {budget} MiB", storm_peak <= budget))  # fmt: skip
    if big is not None:
        fair_p95 = pct(fair.all_times(), 0.95)
        checks.append(("others' p95 while the import runs", f"{fair_p95:.0f} ms",
                       f"< {FAIR_P95_MS:.0f} ms", fair_p95 < FAIR_P95_MS))  # fmt: skip
        checks.append(("errors while the import runs", str(len(fair.errors)), "0", not fair.errors))
        checks.append(("the import finished", big.state, "done", big.state == "done"))

    offered = args.clients / ((args.think_min + args.think_max) / 2)
    report += [
        "# Hosted mode under load",
        "",
        f"Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC with `make bench-hosted` "
        f"(`{' '.join(['python', 'bench/hosted_load.py', *sys.argv[1:]])}`): "
        f"{args.clients} clients, {args.workers} web workers plus the import worker, "
        f"PostgreSQL on loopback, {os.cpu_count()} CPUs shared with other work "
        "(the load generator runs on them too). Think time between clicks "
        f"{args.think_min:g}–{args.think_max:g} s (about {offered:.0f} clicks/s offered), "
        "redirects followed as a browser does, a new connection per request.",
        "",
        "| Target | Value | Target value | Met |",
        "|---|---|---|---|",
        *(f"| {name} | {value} | {target} | {yes(ok)} |" for name, value, target, ok in checks),
        "",
        "## Load average (1 / 5 / 15 min) and CPU steal",
        "",
        "Steal is CPU time this virtual machine's host gave to other guests while this one",
        "was ready to run (`/proc/stat`). Above a few per cent, the latencies say more about",
        "the machine than about Onward.",
        "",
        "| Phase | Before | After | CPU steal |",
        "|---|---|---|---|",
        *(f"| {phase} | {a} | {b} | {st} |" for phase, (a, b, st) in loads.items()),
        "",
        f"## Login storm: {args.clients} logins at once, {storm_s:.1f} s",
        "",
        f"Sign-up beforehand took {signup_s:.1f} s. Argon2id m = 64 MiB, t = 3, "
        f"{args.kdf_slots} slots per worker; a busy server answers 429 with Retry-After and "
        f"the client waits and tries again ({storm.retries} such retries). Errors: "
        f"{len(storm.errors)} {storm.errors[:3] if storm.errors else ''}.",
        "",
        *table(storm),
        "",
        f"## Steady use: {steady_s:.0f} s, {len(steady.all_times())} requests "
        f"({len(steady.all_times()) / steady_s:.0f}/s)",
        "",
        f"Errors: {len(steady.errors)} {steady.errors[:3] if steady.errors else ''}.",
        "",
        *table(steady),
        "",
        *cpu_lines(steady_cpu, len(steady.all_times()), steady_s),
    ]
    if big is not None:
        rate = big.progress[-1][1] / big.progress[-1][0] if big.progress else 0.0
        report += [
            f"## Fairness: others while one client imports {args.import_messages:,} messages",
            "",
            f"The export ({size_mb:.0f} MB) uploaded in {big.upload_s:.1f} s; the import worker "
            f"then took {big.run_s:.0f} s (state: {big.state}; about {rate:,.0f} messages/s "
            f"while progress was shown). The others' requests in those {fair_s:.0f} s:",
            "",
            f"Errors: {len(fair.errors)} {fair.errors[:3] if fair.errors else ''}.",
            "",
            *table(fair),
            "",
            *cpu_lines(fair_cpu, len(fair.all_times()), fair_s),
        ]
    report += [
        "## Server memory (resident, MiB): peak per phase",
        "",
        "| Process | " + " | ".join(dict.fromkeys(s[1] for s in memory.samples)) + " |",
        "|---|" + "---|" * len(dict.fromkeys(s[1] for s in memory.samples)),
    ]
    phases = list(dict.fromkeys(s[1] for s in memory.samples))
    for label in memory.labels():
        peaks = " | ".join(f"{memory.peak(p, label):.0f}" for p in phases)
        report.append(f"| {label} | {peaks} |")
    heads = " | ".join(memory.labels())
    report += ["", "Over time (every 10 s):", "", f"| s | phase | {heads} |",
               "|---|---|" + "---|" * len(memory.labels())]  # fmt: skip
    next_at = 0.0
    for at, phase, rss in memory.samples:
        if at >= next_at:
            row = " | ".join(f"{rss.get(label, 0):.0f}" for label in memory.labels())
            report.append(f"| {at:.0f} | {phase} | {row} |")
            next_at = at + 10
    text = "\n".join(report) + "\n"
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    return 0 if all(ok for *_, ok in checks) else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--duration", type=float, default=60.0, help="steady phase, seconds")
    parser.add_argument("--think-min", type=float, default=1.0)
    parser.add_argument("--think-max", type=float, default=5.0)
    parser.add_argument("--kdf-slots", type=int, default=2)
    parser.add_argument("--pool-size", type=int, default=8, help="ONWARD_DB_POOL_SIZE")
    parser.add_argument(
        "--import-messages", type=int, default=1_000_000, help="0: no fairness phase"
    )
    parser.add_argument("--import-limit", type=float, default=1200.0, help="seconds to wait for it")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "out" / "hosted-load.md")
    args = parser.parse_args()
    admin = os.environ.get("ONWARD_TEST_DATABASE_URL")
    if not admin:
        print("Set ONWARD_TEST_DATABASE_URL to a PostgreSQL admin URL.", file=sys.stderr)
        return 2
    name = "onward_bench_" + secrets.token_hex(4)
    args.admin, args.database = admin, name
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
            "ONWARD_DB_POOL_SIZE": str(args.pool_size),
            "ONWARD_EXTRA_HOSTS": f'["127.0.0.1:{port}"]',
            "ONWARD_TRUSTED_PROXIES": '["127.0.0.1"]',
        }
        cmd = [sys.executable, "-m", "onward", "--data-dir", data, "serve", "--hosted",
               "--workers", str(args.workers), "--port", str(port)]  # fmt: skip
        server = subprocess.Popen(cmd, env=env, start_new_session=True)
        try:
            for _ in range(300):  # up to a minute on a busy machine
                try:
                    asyncio.run(Client(port).request("GET", "/login"))
                    break
                except OSError:
                    if server.poll() is not None:
                        print("The server did not start.", file=sys.stderr)
                        return 2
                    time.sleep(0.2)
            return asyncio.run(run(args, port, server))
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=90)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)
            subprocess.run(["psql", admin, "-qc", f'DROP DATABASE "{name}" WITH (FORCE)'])


if __name__ == "__main__":
    sys.exit(main())
