"""Foundation benchmarks: unlock cost, journal throughput, journal and log page latency.

Usage::

    uv run python -m bench.bench_foundation [--quick]     # prints Markdown

``bench.run_all`` calls :func:`run` and puts the tables in docs/benchmarks.md.
Everything runs on real vaults in a temporary folder (SQLCipher, WAL,
synchronous=FULL: every save is fsync'd), through the same services the app
uses. PostgreSQL is measured too when ONWARD_TEST_DATABASE_URL is set (an
admin URL; fresh databases are made and dropped).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import os
import random
import re
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlencode

from sqlalchemy import create_engine, text

from bench import Section, percentile
from onward.config import Settings
from onward.services import evidence_log
from onward.services.journal import add_entry, all_entries
from onward.services.vault import Vault, create_vault, unlock_vault
from onward.store import crypto
from onward.store.db import dispose_engines

PASSPHRASE = "violet harbour lantern"
PG_ENV = "ONWARD_TEST_DATABASE_URL"
REPO = Path(__file__).resolve().parent.parent
TEXT_SEED = 7
WRITE_BLOCK = 250  # entries per turn when the two vaults take turns
UNLOCK_RANGE_S = (0.3, 1.5)
WRITE_RATIO_MAX = 2.0
PAGE_P95_MAX_MS = 50.0
WARMUP_REQUESTS = 10
SQLITE_NOTES = (
    "Each SQLite save costs one fsync (of the WAL; counted with strace). On this virtual "
    "machine an fsync returns in well under a millisecond; a physical disk is slower, so "
    "expect fewer saves per second on real hardware.",
    "SQLite connections are pooled while the vault is unlocked (`store/db.py`). As first "
    "built, with a new SQLCipher connection per transaction, a save took 7.3 ms of CPU and "
    "five fsyncs (closing the last connection checkpointed the WAL into the file and "
    "deleted it) and a journal page 13 ms of CPU; pooled, 0.9 ms and 2.7 ms. Side by side "
    "(500 saves each, same load), saves went from 32/s to about 250/s.",
)

_CORPUS = (
    "I told him I needed space and he kept calling the phone rang eleven times before "
    "midnight she said it was my fault again we argued about money the car keys my sister "
    "came over today I felt calm for the first time in weeks couldn't sleep wrote this at "
    "3am he showed up at work without asking the messages stopped for two days then started "
    "again therapist said to write down what happened and when Mittwoch Straße café déjà vu "
    "niño señal слова 日記 😔 🙂 ❤️"
)
_WORDS = tuple(_CORPUS.split())


def synthetic_texts(n: int, *, seed: int = TEXT_SEED) -> list[str]:
    """``n`` journal-like texts of 200-800 characters, the same for the same seed."""
    rng = random.Random(seed)
    out: list[str] = []
    for _ in range(n):
        target = rng.randint(200, 800)
        words: list[str] = []
        size = 0
        while size < target:
            word = rng.choice(_WORDS)
            words.append(word + ("." if rng.random() < 0.08 else ""))
            size += len(word) + 1
        text = " ".join(words)[:target]
        if rng.random() < 0.3:
            cut = rng.randint(50, len(text) - 50)
            text = text[:cut] + "\n\n" + text[cut:]
        out.append(text.strip() + ".")
    return out


def floor_settings(
    data_dir: Path, *, database_url: str | None = None, plain: bool = False
) -> Settings:
    """Settings with the lowest allowed KDF: for benchmarks of anything but unlock."""
    return Settings(
        data_dir=data_dir,
        database_url=database_url,
        kdf_memory_kib=crypto.FLOOR_KDF.memory_kib,
        kdf_time_cost=crypto.FLOOR_KDF.time_cost,
        kdf_parallelism=crypto.FLOOR_KDF.parallelism,
        bench_plain_records=plain,
    )


# --- unlock ------------------------------------------------------------------------


def bench_unlock(workdir: Path, *, runs: int) -> Section:
    """Unlock a vault with the default Argon2id cost ``runs`` times."""
    kdf = crypto.DEFAULT_KDF
    section = Section("Unlock with the default Argon2id cost")
    settings = Settings(data_dir=workdir / "unlock")
    assert settings.kdf == kdf
    vault, _ = create_vault(settings, passphrase=PASSPHRASE)
    vault.lock()
    times: list[float] = []
    cpu: list[float] = []
    for _ in range(runs):
        start, cpu_start = time.perf_counter(), time.process_time()
        vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
        vault.lock()
    kdf_times = []
    for _ in range(runs):
        start = time.perf_counter()
        crypto.derive_kek(PASSPHRASE, secrets.token_bytes(crypto.SALT_BYTES), kdf).wipe()
        kdf_times.append(time.perf_counter() - start)
    median = statistics.median(times)
    low, high = UNLOCK_RANGE_S
    section.add(
        f"unlock, median of {runs}",
        f"{median:.3f} s",
        f"{low}–{high} s",
        low <= median <= high,
    )
    section.add("unlock, min / max", f"{min(times):.3f} / {max(times):.3f} s")
    section.add("unlock, CPU time of this process, median", f"{statistics.median(cpu):.3f} s")
    section.add("of which Argon2id alone, median", f"{statistics.median(kdf_times):.3f} s")
    section.notes.append(
        f"Argon2id m={kdf.memory_kib // 1024} MiB, t={kdf.time_cost}, p={kdf.parallelism} "
        "(`crypto.DEFAULT_KDF`). An unlock is the whole `unlock_vault`: header read, KDF, "
        "key unwrap, header write, SQLCipher open and schema check."
    )
    return section


# --- journal writes and reads --------------------------------------------------------


def _timed_writes(vault: Vault, texts: list[str], into: list[float]) -> float:
    """Save each text as its own entry (one transaction each); returns CPU seconds."""
    cpu = time.process_time()
    for body in texts:
        start = time.perf_counter()
        add_entry(vault, text=body)
        into.append(time.perf_counter() - start)
    return time.process_time() - cpu


def _write_both(
    vaults: dict[str, Vault], texts: list[str]
) -> tuple[dict[str, list[float]], dict[str, float]]:
    """The vaults take turns, a block each, so background load hits both alike."""
    per_save: dict[str, list[float]] = {name: [] for name in vaults}
    cpu = dict.fromkeys(vaults, 0.0)
    names = list(vaults)
    for turn, start in enumerate(range(0, len(texts), WRITE_BLOCK)):
        block = texts[start : start + WRITE_BLOCK]
        for name in names if turn % 2 == 0 else reversed(names):
            cpu[name] += _timed_writes(vaults[name], block, per_save[name])
    return per_save, cpu


def _read_all(vault: Vault, expected: int, runs: int = 3) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        count = len(all_entries(vault))
        times.append(time.perf_counter() - start)
        assert count == expected, (count, expected)
    return statistics.median(times)


def _aead_cost_us(texts: list[str]) -> tuple[float, float]:
    """Microseconds of record encryption and decryption per entry, crypto alone."""
    cipher = crypto.RecordCipher(crypto.SecretKey.generate())
    aad = crypto.record_aad("v" * 32, "items", "i" * 32, "note")
    raws = [t.encode() for t in texts[:2000]]
    start = time.perf_counter()
    blobs = [cipher.encrypt(raw, aad) for raw in raws]
    enc = (time.perf_counter() - start) / len(raws)
    start = time.perf_counter()
    for blob in blobs:
        cipher.decrypt(blob, aad)
    dec = (time.perf_counter() - start) / len(raws)
    return enc * 1e6, dec * 1e6


def bench_journal(
    title: str, make: Callable[[bool], Settings], texts: list[str]
) -> tuple[Section, Settings]:
    """Write then read ``texts`` as journal entries, with and without record AEAD.

    Returns the table and the settings of the encrypted vault (left full, for
    the page-latency benchmark).
    """
    n = len(texts)
    section = Section(title)
    settings = {"encrypted": make(False), "plain": make(True)}
    vaults = {name: create_vault(s, passphrase=PASSPHRASE)[0] for name, s in settings.items()}
    try:
        per_save, cpu = _write_both(vaults, texts)
        reads = {name: _read_all(vault, n) for name, vault in vaults.items()}
    finally:
        for vault in vaults.values():
            vault.lock()
    wall = {name: sum(times) for name, times in per_save.items()}
    for name in vaults:
        section.add(
            f"write {n:,} entries, {name}",
            f"{wall[name]:.1f} s = {n / wall[name]:,.0f} entries/s (CPU {cpu[name]:.1f} s)",
        )
        saves = per_save[name]
        section.add(
            f"one save, {name}: median / p95 / max",
            f"{statistics.median(saves) * 1e3:.1f} / {percentile(saves, 95) * 1e3:.1f} / "
            f"{max(saves) * 1e3:.1f} ms",
        )
    ratio = wall["encrypted"] / wall["plain"]
    section.add(
        "write time, encrypted ÷ plain",
        f"{ratio:.2f}×",
        f"≤ {WRITE_RATIO_MAX}×",
        ratio <= WRITE_RATIO_MAX,
    )
    section.add("write CPU, encrypted ÷ plain", f"{cpu['encrypted'] / cpu['plain']:.2f}×")
    for name in vaults:
        section.add(
            f"read all {n:,} (`all_entries`), {name}",
            f"{reads[name]:.2f} s = {n / reads[name]:,.0f} entries/s",
        )
    section.add("read time, encrypted ÷ plain", f"{reads['encrypted'] / reads['plain']:.2f}×")
    enc_us, dec_us = _aead_cost_us(texts)
    section.add("record AEAD alone, per entry: seal / open", f"{enc_us:.0f} / {dec_us:.0f} µs")
    section.notes.append(
        f"{n:,} synthetic entries of 200–800 characters (seed {TEXT_SEED}), each saved by its "
        "own `journal.add_entry` call: one transaction, committed and fsync'd before it "
        "returns. 'plain' is `Settings(bench_plain_records=True)` (no per-record AEAD; the "
        "file is still SQLCipher-encrypted on SQLite). The two vaults take turns in blocks "
        f"of {WRITE_BLOCK} so that background load hits both alike. Reads: median of 3."
    )
    return section, settings["encrypted"]


# --- journal page latency ------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _settings_env(settings: Settings, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONWARD_")}
    env.update(
        ONWARD_DATA_DIR=str(settings.data_dir),
        ONWARD_PORT=str(port),
        ONWARD_KDF_MEMORY_KIB=str(settings.kdf_memory_kib),
        ONWARD_KDF_TIME_COST=str(settings.kdf_time_cost),
        ONWARD_KDF_PARALLELISM=str(settings.kdf_parallelism),
    )
    return env


@contextlib.contextmanager
def _server(settings: Settings) -> Iterator[tuple[int, int]]:
    """The real app under uvicorn in a subprocess (as ``onward serve`` runs it)."""
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "bench.bench_foundation", "serve"],
        cwd=REPO,
        env=_settings_env(settings, port),
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 1):
                break
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the app server did not start")
            time.sleep(0.1)
        yield port, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=30)


class _Browser:
    """A keep-alive HTTP client that returns the ``__Host-`` cookies itself.

    The cookies are ``Secure``; a browser sends them to http://127.0.0.1, but
    HTTP client libraries will not, so the Cookie header is built here.
    """

    def __init__(self, port: int) -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.conn.request(method, path, body=body, headers=headers)
        response = self.conn.getresponse()
        page = response.read().decode()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, page

    def close(self) -> None:
        self.conn.close()


def _unlock(browser: _Browser) -> None:
    status, page = browser.request("GET", "/unlock")
    if status != 200:
        raise RuntimeError(f"GET /unlock returned {status}")
    match = re.search(r'name="csrf" value="([^"]+)"', page)
    if match is None:
        raise RuntimeError("no CSRF token on the unlock page")
    status, _ = browser.request("POST", "/unlock", {"passphrase": PASSPHRASE, "csrf": match[1]})
    if status != 303 or "__Host-s" not in browser.cookies:
        raise RuntimeError(f"unlock through the web form failed ({status})")


def _latencies(
    browser: _Browser, path: str, requests: int, marker: str = 'href="/notes/', need: int = 50
) -> list[float]:
    for _ in range(WARMUP_REQUESTS):
        browser.request("GET", path)
    times = []
    for _ in range(requests):
        start = time.perf_counter()
        status, page = browser.request("GET", path)
        times.append(time.perf_counter() - start)
        if status != 200 or page.count(marker) < need:
            raise RuntimeError(f"GET {path} did not return a full page ({status})")
    return times


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _add_latency(
    section: Section,
    browser: _Browser,
    pid: int,
    label: str,
    path: str,
    requests: int,
    marker: str = 'href="/notes/',
    need: int = 50,
) -> None:
    """GET ``path`` ``requests`` times; add its median, server CPU and p95 rows."""
    cpu_start = _cpu_seconds(pid)
    times = [t * 1e3 for t in _latencies(browser, path, requests, marker, need)]
    cpu_ms = (_cpu_seconds(pid) - cpu_start) / (requests + WARMUP_REQUESTS) * 1e3
    p95 = percentile(times, 95)
    section.add(f"{label}: median", f"{statistics.median(times):.1f} ms")
    section.add(f"{label}: server CPU per request", f"{cpu_ms:.1f} ms")
    section.add(
        f"{label}: p95 (max)",
        f"{p95:.1f} ms ({max(times):.1f})",
        f"< {PAGE_P95_MAX_MS:.0f} ms",
        p95 < PAGE_P95_MAX_MS,
    )


def bench_pages(settings: Settings, *, entries: int, requests: int) -> Section:
    """GET the journal list (first page, and a page from the middle) ``requests`` times."""
    section = Section(f"Journal list page latency at {entries:,} entries")
    with _server(settings) as (port, pid):
        browser = _Browser(port)
        try:
            _unlock(browser)
            for label, path in (
                ("/notes (newest page)", "/notes"),
                ("/notes?before=<middle seq>", f"/notes?before={entries // 2}"),
            ):
                _add_latency(section, browser, pid, label, path, requests)
        finally:
            browser.close()
    section.notes.append(
        f"The real app (`create_app`) under uvicorn in a subprocess on 127.0.0.1, unlocked "
        f"through the web form, then {requests} sequential GETs per page on one keep-alive "
        f"connection after {WARMUP_REQUESTS} warm-up requests. Each page is 50 entries, "
        "decrypted and rendered, plus the entry count; timed at the client. Server CPU is "
        "the server process's user + system time over the requests (warm-up included), which "
        "other load on the machine inflates far less than wall time."
    )
    return section


def add_log_entries(settings: Settings, n: int) -> None:
    """Log ``n`` entries by hand, as `onward log add` would, a day apart."""
    vault, _ = unlock_vault(settings, passphrase=PASSPHRASE)
    start = datetime(2020, 1, 1, 20, 0, tzinfo=UTC)
    texts = synthetic_texts(n, seed=TEXT_SEED + 1)
    try:
        for i, what in enumerate(texts):
            data = evidence_log.EntryInput(start + timedelta(days=i), "phone", what[:400])
            evidence_log.add_entry(vault, data)
    finally:
        vault.lock()


def bench_log_pages(settings: Settings, *, entries: int, requests: int) -> Section:
    """GET the contact log (first page, and one from the middle) ``requests`` times."""
    section = Section(f"Contact log page latency at {entries:,} entries")
    middle = max(1, entries // evidence_log.PER_PAGE // 2)
    with _server(settings) as (port, pid):
        browser = _Browser(port)
        try:
            _unlock(browser)
            for label, path in (
                ("/log (newest page)", "/log"),
                (f"/log?page={middle}", f"/log?page={middle}"),
                ("/log/<id> (one entry)", ""),
            ):
                if not path:
                    _status, page = browser.request("GET", f"/log?page={middle}")
                    found = re.search(r'href="(/log/[0-9a-f]{32})"', page)
                    if found is None:
                        raise RuntimeError("no entry link on the log page")
                    path = found[1]
                one = label.startswith("/log/")
                marker, need = ("<time", 1) if one else ('href="/log/', evidence_log.PER_PAGE)
                _add_latency(section, browser, pid, label, path, requests, marker, need)
        finally:
            browser.close()
    section.notes.append(
        f"The same server and client as the journal pages, on the same vault with {entries:,} "
        f"log entries added by `evidence_log.add_entry` (one chain link each). A log page "
        f"shows {evidence_log.PER_PAGE} entries: the index of where each entry's versions "
        "are (`services/log_index.py`, built once per unlocked vault and kept up to date from "
        "new items) finds them, and only they are decrypted. Before session 12 every view "
        "decrypted every version: about 220 ms at 2,000 entries."
    )
    return section


def serve() -> None:
    """Subprocess entry: run the app as ``onward serve`` does, settings from env."""
    import uvicorn

    from onward.web.app import create_app

    settings = Settings()
    uvicorn.run(
        create_app(settings),
        host="127.0.0.1",
        port=settings.port,
        access_log=False,
        server_header=False,
        log_level="warning",
    )


# --- PostgreSQL databases for a run ----------------------------------------------------


@contextlib.contextmanager
def _pg_databases(admin_url: str, count: int) -> Iterator[list[str]]:
    """``count`` fresh databases on the server at ``admin_url``, dropped afterwards."""
    admin = create_engine(
        admin_url.replace("postgresql://", "postgresql+psycopg://", 1), isolation_level="AUTOCOMMIT"
    )
    names = [f"onward_bench_{secrets.token_hex(4)}" for _ in range(count)]
    base = admin_url.rpartition("/")[0]
    try:
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield [f"{base}/{name}" for name in names]
    finally:
        dispose_engines()
        with admin.connect() as conn:
            for name in names:
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def postgres_version(admin_url: str) -> str:
    admin = create_engine(admin_url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with admin.connect() as conn:
            version = str(conn.execute(text("SHOW server_version")).scalar_one())
            sync = [
                f"{name}={conn.execute(text(f'SHOW {name}')).scalar_one()}"
                for name in ("fsync", "synchronous_commit", "full_page_writes")
            ]
        return f"PostgreSQL {version} ({', '.join(sync)})"
    finally:
        admin.dispose()


# --- machine description -------------------------------------------------------------


def sqlite_versions() -> str:
    """The SQLite and SQLCipher library versions the store runs on."""
    import sqlcipher3.dbapi2 as sqlcipher

    conn = sqlcipher.connect(":memory:")
    try:
        cipher = conn.execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        conn.close()
    return f"SQLite {sqlcipher.sqlite_version}, SQLCipher {cipher}"


def temp_filesystem() -> str:
    """File system type and device under the temporary folder (fsync cost depends on it)."""
    tmp = os.path.realpath(tempfile.gettempdir())
    best = ("", "unknown", "unknown")
    with contextlib.suppress(OSError), open("/proc/mounts") as mounts:
        for line in mounts:
            device, point, fstype = line.split()[:3]
            inside = tmp == point or tmp.startswith(point.rstrip("/") + "/")
            if inside and len(point) >= len(best[0]):
                best = (point, fstype, device)
    return f"{best[1]} on {best[2]} ({tmp})"


def _load() -> str:
    return " / ".join(f"{x:.2f}" for x in os.getloadavg())


@contextlib.contextmanager
def _noting_load(sections: list[Section]) -> Iterator[None]:
    """Add the load average before and after to the section appended inside."""
    before, count = _load(), len(sections)
    yield
    for section in sections[count:]:
        section.notes.append(f"Load average (1 / 5 / 15 min): {before} before, {_load()} after.")


# --- the whole run ---------------------------------------------------------------------


def run(*, quick: bool, log: Callable[[str], None] = print) -> list[Section]:
    """Every foundation benchmark, full size or (``quick``) a smoke-test size."""
    entries = 1_000 if quick else 10_000
    log_entries = 200 if quick else 2_000
    requests = 50 if quick else 200
    texts = synthetic_texts(entries)
    sections: list[Section] = []
    with tempfile.TemporaryDirectory(prefix="onward-bench-") as tmp:
        work = Path(tmp)
        log("unlock (default KDF)…")
        with _noting_load(sections):
            sections.append(bench_unlock(work, runs=5))
        log(f"journal on SQLite, {entries:,} entries, encrypted and plain…")
        with _noting_load(sections):
            section, full = bench_journal(
                f"Journal writes and reads, SQLite (SQLCipher), {entries:,} entries",
                lambda plain: floor_settings(work / ("plain" if plain else "enc"), plain=plain),
                texts,
            )
            section.notes.extend(SQLITE_NOTES)
            sections.append(section)
        log(f"journal list page latency, {requests} requests per page…")
        with _noting_load(sections):
            sections.append(bench_pages(full, entries=entries, requests=requests))
        log(f"contact log page latency, {log_entries:,} entries…")
        add_log_entries(full, log_entries)
        with _noting_load(sections):
            sections.append(bench_log_pages(full, entries=log_entries, requests=requests))
        admin = os.environ.get(PG_ENV)
        if admin:
            log(f"journal on PostgreSQL, {entries:,} entries…")
            with _noting_load(sections):
                sections.append(_bench_journal_pg(admin, work, texts))
    return sections


def _bench_journal_pg(admin: str, work: Path, texts: list[str]) -> Section:
    with _pg_databases(admin, 2) as (enc_url, plain_url):
        section, _ = bench_journal(
            f"Journal writes and reads, PostgreSQL, {len(texts):,} entries",
            lambda plain: floor_settings(
                work / ("pg-plain" if plain else "pg-enc"),
                database_url=plain_url if plain else enc_url,
                plain=plain,
            ),
            texts,
        )
    section.notes.append(postgres_version(admin) + ", on this machine, over TCP loopback.")
    return section


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("mode", nargs="?", choices=["serve"], help=argparse.SUPPRESS)
    parser.add_argument("--quick", action="store_true", help="1,000 entries, 50 requests")
    args = parser.parse_args(argv)
    if args.mode == "serve":
        serve()
        return 0
    sections = run(quick=args.quick, log=lambda msg: print(msg, file=sys.stderr))
    print("\n".join(section.to_markdown() for section in sections))
    return 0


if __name__ == "__main__":
    sys.exit(main())
