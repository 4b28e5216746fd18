"""Run every benchmark and write one Markdown report (``make bench``).

Usage::

    uv run python -m bench.run_all [--quick] [--out docs/benchmarks.md]

The foundation benchmarks run in this process. Sibling benchmark scripts
(``bench/bench_parse.py``, ``bench/bench_flags.py`` and any other
``bench/bench_*.py``) run in a subprocess as ``python bench/<name>.py``, with
``--quick`` passed through when their ``--help`` lists it, and ``--out FILE``
when it lists that (their report is then read from FILE, otherwise from
stdout). Their Markdown goes into the report as it is; a miss is counted from
the markers they use (``**FAIL**``, ``**no**``, ``NOT met``); a non-zero exit
is reported with the end of their stderr.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench import Section, bench_foundation, cpu_ticks, steal_share

REPO = Path(__file__).resolve().parent.parent
FIRST_SIBLINGS = ("bench_parse", "bench_flags")  # then any other bench/bench_*.py
SIBLING_TIMEOUT_S = 3 * 60 * 60


_MISS = re.compile(
    r"\*\*FAIL\*\*|\|\s*\*\*no\*\*\s*\||\bNOT met\b|target ≤ \d+: \*\*NO\*\*", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class External:
    """What a sibling benchmark script printed, and how it ended."""

    name: str
    markdown: str
    returncode: int
    seconds: float
    stderr_tail: str
    note: str = ""

    @property
    def misses(self) -> int:
        return len(_MISS.findall(self.markdown))


def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine() -> list[tuple[str, str]]:
    """What the numbers were measured on."""
    cpuinfo = _read("/proc/cpuinfo")
    model = re.search(r"^model name\s*:\s*(.+)$", cpuinfo, re.MULTILINE)
    mem = re.search(r"^MemTotal:\s*(\d+) kB", _read("/proc/meminfo"), re.MULTILINE)
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    rows = [
        ("CPUs (`nproc`)", str(usable)),
        ("CPU model", model[1].strip() if model else platform.processor() or "unknown"),
        ("RAM", f"{int(mem[1]) / 1024 / 1024:.1f} GiB" if mem else "unknown"),
        ("OS", f"{platform.system()} {platform.release()}"),
        ("Python", platform.python_version()),
        ("SQLite / SQLCipher", bench_foundation.sqlite_versions()),
        ("Temp folder file system", bench_foundation.temp_filesystem()),
    ]
    admin = os.environ.get(bench_foundation.PG_ENV)
    if admin:
        rows.append(("PostgreSQL", bench_foundation.postgres_version(admin)))
    return rows


def _git_revision() -> str:
    try:
        rev = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=REPO,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except OSError:
        return "unknown"
    return f"{rev}{' with uncommitted changes' if dirty else ''}" if rev else "unknown"


def run_sibling(name: str, *, quick: bool) -> External | None:
    """Run ``bench/<name>.py`` if it exists; None if it does not."""
    script = REPO / "bench" / f"{name}.py"
    if not script.exists():
        return None
    usage = subprocess.run(
        [sys.executable, str(script), "--help"], cwd=REPO, capture_output=True, text=True
    ).stdout
    args = [sys.executable, str(script)]
    note = ""
    if quick:
        if "--quick" in usage:
            args.append("--quick")
        else:
            note = "It has no `--quick` option, so it ran at its full size."
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / f"{name}.md"
        if "--out" in usage:
            args += ["--out", str(out)]
        start = time.monotonic()
        try:
            done = subprocess.run(
                args, cwd=REPO, capture_output=True, text=True, timeout=SIBLING_TIMEOUT_S
            )
        except subprocess.TimeoutExpired:
            return External(name, "", -1, time.monotonic() - start, "timed out", note)
        markdown = out.read_text() if out.exists() else done.stdout
    return External(
        name, markdown, done.returncode, time.monotonic() - start, done.stderr[-2000:], note
    )


def siblings() -> list[str]:
    """Benchmark scripts beside this one, parse and flags first."""
    found = {p.stem for p in (REPO / "bench").glob("bench_*.py")} - {"bench_foundation"}
    first = [name for name in FIRST_SIBLINGS if name in found]
    return first + sorted(found - set(first))


def _load() -> str:
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def _summary(sections: list[Section], externals: list[External]) -> list[str]:
    lines = ["| Benchmark | Targets missed |", "|---|---|"]
    for section in sections:
        missed = section.missed
        text = ", ".join(f"{f.metric}: {f.value} (target {f.target})" for f in missed)
        lines.append(f"| {section.title} | {text or 'none'} |")
    for ext in externals:
        if ext.returncode != 0:
            state = f"**did not finish** (exit {ext.returncode})"
        else:
            state = f"{ext.misses} (see its section)" if ext.misses else "none"
        lines.append(f"| `bench/{ext.name}.py` | {state} |")
    return lines


def render(
    *,
    quick: bool,
    argv: list[str],
    sections: list[Section],
    externals: list[External],
    started: datetime,
    loads: tuple[str, str],
    seconds: float,
    steal: str = "unknown",
) -> str:
    """The whole report as Markdown."""
    size = "quick smoke-test sizes (`--quick`)" if quick else "full sizes"
    command = "make bench-quick" if quick else "make bench"
    lines = [
        "# Benchmarks",
        "",
        f"Measured {started:%Y-%m-%d %H:%M} UTC with `{command}` (that is, "
        f"`uv run --locked python -m bench.run_all {' '.join(argv)}`), {size}, "
        f"at revision {_git_revision()}. The run took {seconds / 60:.1f} minutes.",
        "",
        "## Machine",
        "",
        "| | |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in machine()),
        f"| Load average (1 / 5 / 15 min), start | {loads[0]} |",
        f"| Load average (1 / 5 / 15 min), end | {loads[1]} |",
        f"| CPU steal over the run (`/proc/stat`) | {steal} |",
        "",
        "Other engineers' work shares these cores; the load averages (here and in each "
        "section) show how much. Wall-clock timings, tails especially, carry that noise; "
        "CPU-time figures much less. Steal is time the virtual machine's host gave to other "
        "guests while this one was ready to run; above a few per cent, timings suffer.",
        "",
        "## Summary",
        "",
        *_summary(sections, externals),
        "",
    ]
    lines.extend(section.to_markdown() for section in sections)
    hosted = REPO / "bench" / "out" / "hosted-load.md"
    if hosted.exists():  # `make bench-hosted` needs PostgreSQL, so it runs on its own
        stamp = datetime.fromtimestamp(hosted.stat().st_mtime, UTC)
        lines.append("## `make bench-hosted` (`bench/hosted_load.py`)\n")
        when = f"{stamp:%Y-%m-%d %H:%M} UTC"
        lines.append(f"Its last run, read from `bench/out/hosted-load.md` ({when}).\n")
        body = re.sub(r"^(#+) ", r"##\1 ", hosted.read_text().strip(), flags=re.MULTILINE)
        lines.append(body + "\n")
    for ext in externals:
        lines.append(f"## `bench/{ext.name}.py`\n")
        lines.append(f"Ran in {ext.seconds:.0f} s, exit code {ext.returncode}. {ext.note}\n")
        if ext.markdown.strip():
            lines.append(re.sub(r"^# ", "### ", ext.markdown.strip(), flags=re.MULTILINE) + "\n")
        if ext.returncode != 0:
            lines.append("It failed; the end of its error output:\n")
            lines.append("```\n" + ext.stderr_tail.strip() + "\n```\n")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run the benchmarks, write one report.")
    parser.add_argument("--quick", action="store_true", help="small sizes: a smoke run")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    args = parser.parse_args(argv)
    started = datetime.now(UTC)
    clock = time.monotonic()
    load_start = _load()
    ticks = cpu_ticks()

    def log(message: str) -> None:
        print(f"[{time.monotonic() - clock:6.0f} s] {message}", file=sys.stderr, flush=True)

    sections = bench_foundation.run(quick=args.quick, log=log)
    externals = []
    for name in siblings():
        log(f"bench/{name}.py…")
        result = run_sibling(name, quick=args.quick)
        if result is not None:
            externals.append(result)
    report = render(
        quick=args.quick,
        argv=sys.argv[1:] if argv is None else argv,
        sections=sections,
        externals=externals,
        started=started,
        loads=(load_start, _load()),
        seconds=time.monotonic() - clock,
        steal=steal_share(ticks, cpu_ticks()),
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report)
    log(f"wrote {args.out}")
    missed = [f for s in sections for f in s.missed]
    for figure in missed:
        log(f"MISSED {figure.metric}: {figure.value} (target {figure.target})")
    return 2 if any(ext.returncode != 0 for ext in externals) else 0


if __name__ == "__main__":
    sys.exit(main())
