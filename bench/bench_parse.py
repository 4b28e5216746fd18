"""Parse benchmark: Onward's WhatsApp importer against whatstk and chat-miner.

Generates synthetic exports with ``gen_whatsapp.py`` (Android US 12 h and iOS German layouts,
seed 1, with ground truth), then parses each file with each tool in a fresh subprocess pinned to
one CPU, one process at a time, and reports messages/s, wall and CPU seconds, and peak RSS (the
child's ``ru_maxrss`` from ``os.wait4``, which includes the interpreter and imported libraries).
Our importer's output is also checked against the ground truth (count, timestamps, senders,
text, kind). The Markdown table is printed and written to ``bench/out/parse.md``.

The peers come from PyPI into their own virtual environment, ``bench/.venv-peers`` (created
here with uv when missing, from ``bench/peers_requirements.txt``); they never enter the
project's environment.

Usage::

    uv run python bench/bench_parse.py              # 1,000,000 messages per layout
    uv run python bench/bench_parse.py --quick      # 100,000 messages
    uv run python bench/bench_parse.py --n 20000 --skip-peers

Targets (from the importer's issue): at 1,000,000 messages, at least 250,000 messages/s on one
core, at least 4x whatstk and 9x chat-miner, peak RSS under 150 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as ``python bench/<name>.py``
    sys.path.insert(0, str(ROOT))
from bench import shared_generator  # noqa: E402

OUT = ROOT / "bench" / "out"
PEERS_VENV = ROOT / "bench" / ".venv-peers"
PEERS_REQUIREMENTS = ROOT / "bench" / "peers_requirements.txt"
DEFAULT_GENERATOR = shared_generator()
VARIANTS = ("android", "ios")
TOOLS = ("onward", "whatstk", "chat-miner")
SEED = 1
TIMEOUT_S = 900
TARGET_RATE = 250_000
TARGET_VS = {"whatstk": 4.0, "chat-miner": 9.0}
TARGET_PEAK_MB = 150.0


# --- workers: run in a fresh process, print one JSON line ---------------------------------------


def _pin_to_one_cpu(cpu: int | None) -> None:
    if cpu is not None and hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {cpu})


def _count_onward(path: Path) -> int:
    from onward.importers.base import ParseOptions, ParseReport
    from onward.importers.whatsapp import text_export
    from onward.model import Message

    options = ParseOptions(timezone="UTC")
    count = 0
    for item in text_export.parse(path, options=options, report=ParseReport()):
        if isinstance(item, Message):
            count += 1
    return count


def _count_whatstk(path: Path) -> int:
    from whatstk import df_from_whatsapp  # type: ignore[import-not-found]

    return len(df_from_whatsapp(str(path), max_size=None))


def _count_chat_miner(path: Path) -> int:
    import logging

    from chatminer.chatparsers import WhatsAppParser  # type: ignore[import-not-found]

    logging.disable(logging.INFO)  # chat-miner logs every step at INFO
    parser = WhatsAppParser(str(path))
    parser.parse_file()
    return len(parser.parsed_messages.get_df())


def _run_worker(tool: str, path: Path, cpu: int | None) -> None:
    _pin_to_one_cpu(cpu)
    counter = {"onward": _count_onward, "whatstk": _count_whatstk, "chat-miner": _count_chat_miner}
    # Import the tool before the clock starts: import time is not parse time.
    if tool == "onward":
        import onward.importers.whatsapp.text_export  # noqa: F401
    elif tool == "whatstk":
        import whatstk  # noqa: F401
    else:
        import chatminer.chatparsers  # type: ignore[import-not-found]  # noqa: F401
    wall, cpu_time = time.perf_counter(), time.process_time()
    messages = counter[tool](path)
    wall, cpu_time = time.perf_counter() - wall, time.process_time() - cpu_time
    print(json.dumps({"messages": messages, "seconds": wall, "cpu_seconds": cpu_time}))


def _run_check(path: Path, truth: Path) -> None:
    """Compare our parse with the generator's ground truth, message by message, streaming."""
    from onward.importers.base import ParseOptions, ParseReport
    from onward.importers.whatsapp import text_export
    from onward.model import Message

    items = text_export.parse(path, options=ParseOptions(timezone="UTC"), report=ParseReport())
    ours = (item for item in items if isinstance(item, Message))
    fields = {"ts": 0, "sender": 0, "text": 0, "kind": 0, "line": 0}
    agree = total = parsed = 0
    with truth.open(encoding="utf-8") as lines:
        for line, message in zip(lines, ours, strict=False):
            expected = json.loads(line)
            total += 1
            parsed += 1
            # iOS writes system events under the chat's name; we give them no sender.
            sender = None if expected["kind"] == "system" else expected["author"]
            kind = "text" if expected["kind"] == "user" else expected["kind"]
            checks = {
                "ts": message.ts.replace(tzinfo=None).isoformat() == expected["ts"],
                "sender": message.sender == sender,
                "text": message.text == expected["text"],
                "kind": message.kind.value == kind,
                "line": message.source_ref == f"line {expected['line']}",
            }
            for name, ok in checks.items():
                fields[name] += not ok
            agree += all(checks.values())
        total += sum(1 for _ in lines)  # truth rows we had no message for
    parsed += sum(1 for _ in ours)  # messages beyond the truth
    print(json.dumps({"agree": agree, "truth": total, "parsed": parsed, "mismatches": fields}))


# --- driver ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    tool: str
    variant: str
    messages: int
    seconds: float
    cpu_seconds: float
    peak_mb: float

    @property
    def rate(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    @property
    def cpu_rate(self) -> float:
        return self.messages / self.cpu_seconds if self.cpu_seconds else 0.0


def _python_for(tool: str) -> Path:
    if tool == "onward":
        return Path(sys.executable)
    return PEERS_VENV / "bin" / "python"


def _spawn(python: Path, args: list[str]) -> tuple[dict[str, Any], float]:
    """Run this script in a fresh process; return its JSON line and its peak RSS in MB."""
    command = [str(python), str(Path(__file__).resolve()), *args]
    env = {**os.environ, "PYTHONHASHSEED": "0", "POLARS_MAX_THREADS": "1"}
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        child = subprocess.Popen(command, stdout=out, stderr=err, env=env, cwd=ROOT)
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() > deadline:
                child.kill()
                os.wait4(child.pid, 0)
                raise TimeoutError(f"{' '.join(args[:2])} took longer than {TIMEOUT_S} s")
            time.sleep(0.02)
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        output, errors = out.read().decode(), err.read().decode(errors="replace")
    if child.returncode != 0:
        tail = "\n".join(errors.splitlines()[-15:])
        raise RuntimeError(f"{' '.join(args[:2])} exited with {child.returncode}:\n{tail}")
    peak_mb = usage.ru_maxrss / 1024  # kilobytes on Linux
    return json.loads(output.strip().splitlines()[-1]), peak_mb


def measure(tool: str, variant: str, path: Path, repeat: int, cpu: int | None) -> Measurement:
    runs = []
    for _ in range(repeat):
        args = ["--worker", tool, "--file", str(path)]
        if cpu is not None:
            args += ["--cpu", str(cpu)]
        result, peak = _spawn(_python_for(tool), args)
        runs.append(
            Measurement(
                tool, variant, result["messages"], result["seconds"], result["cpu_seconds"], peak
            )
        )
    median = statistics.median(run.seconds for run in runs)
    chosen = min(runs, key=lambda run: abs(run.seconds - median))
    return Measurement(
        tool, variant, chosen.messages, chosen.seconds, chosen.cpu_seconds,
        max(run.peak_mb for run in runs),
    )  # fmt: skip


def generate(generator: Path, n: int, variant: str) -> tuple[Path, Path]:
    """The export and its ground truth, generated once and reused while the inputs match."""
    OUT.mkdir(parents=True, exist_ok=True)
    stem = OUT / f"{variant}-{n}-seed{SEED}"
    chat, truth, info = (
        stem.with_suffix(".txt"),
        stem.with_suffix(".jsonl"),
        stem.with_suffix(".json"),
    )
    if chat.exists() and truth.exists() and info.exists():
        recorded = json.loads(info.read_text())
        if recorded.get("bytes") == chat.stat().st_size:
            return chat, truth
    print(f"generating {chat.name} ...", flush=True)
    command = [sys.executable, str(generator), "--n", str(n), "--variant", variant]
    command += ["--seed", str(SEED), "--out", str(chat), "--truth", str(truth)]
    result = subprocess.run(command, check=True, capture_output=True, text=True)
    info.write_text(result.stdout)
    return chat, truth


def _warm_page_cache(path: Path) -> None:
    """Read a file once so every tool reads it from memory.

    In chunks: a child's peak RSS starts from the driver's (the kernel copies the high-water
    mark on fork), so the driver must never hold a whole export.
    """
    with path.open("rb") as f:
        while f.read(1 << 20):
            pass


def ensure_peers() -> None:
    """Create bench/.venv-peers with whatstk and chat-miner from PyPI when it is missing."""
    if (PEERS_VENV / "bin" / "python").exists():
        return
    uv = shutil.which("uv")
    if uv is None:
        raise SystemExit("uv is needed to create bench/.venv-peers (pip install uv)")
    print("creating bench/.venv-peers from bench/peers_requirements.txt ...", flush=True)
    subprocess.run([uv, "venv", "--quiet", str(PEERS_VENV)], check=True, cwd=ROOT)
    install = [uv, "pip", "install", "--quiet", "--python", str(PEERS_VENV)]
    subprocess.run([*install, "-r", str(PEERS_REQUIREMENTS)], check=True, cwd=ROOT)


def _peer_versions() -> str:
    code = (
        "import importlib.metadata as m;"
        "print(', '.join(f'{p} {m.version(p)}' for p in ('whatstk', 'chat-miner')))"
    )
    python = PEERS_VENV / "bin" / "python"
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, check=True)
    return result.stdout.strip()


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def render(
    results: list[Measurement], checks: dict[str, dict[str, Any]], context: list[str]
) -> str:
    """The Markdown report: context, the table, correctness and the targets."""
    ours = {m.variant: m for m in results if m.tool == "onward"}
    lines = [*context, ""]
    lines.append(
        "| tool | variant | messages | seconds | msg/s | peak MB | ratio vs ours "
        "| cpu s | msg/cpu-s | cpu ratio |"
    )
    lines.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for m in results:
        base = ours.get(m.variant)
        ratio = f"{base.rate / m.rate:.2f}x" if base and m.rate else "-"
        cpu_ratio = f"{base.cpu_rate / m.cpu_rate:.2f}x" if base and m.cpu_rate else "-"
        lines.append(
            f"| {m.tool} | {m.variant} | {m.messages:,} | {m.seconds:.2f} | {m.rate:,.0f} "
            f"| {m.peak_mb:.0f} | {ratio} | {m.cpu_seconds:.2f} | {m.cpu_rate:,.0f} "
            f"| {cpu_ratio} |"
        )
    lines.append("")
    lines.append(
        "seconds and msg/s: wall time of the parse inside the worker, after imports. cpu s: the "
        "worker's CPU time for the same span, which a busy machine inflates less. Ratios: our "
        "messages/s divided by the tool's (how many times faster we are)."
    )
    lines.append("")
    for variant, check in checks.items():
        share = check["agree"] / check["truth"] if check["truth"] else 0.0
        lines.append(
            f"Correctness, {variant}: {check['agree']:,} of {check['truth']:,} messages agree "
            f"with the ground truth ({share:.4%}) on timestamp, sender, text, kind and line; "
            f"{check['parsed']:,} parsed; mismatches by field: {check['mismatches']}."
        )
    lines.append("")
    lines.extend(_targets(results))
    return "\n".join(lines) + "\n"


def _verdict(ok: bool) -> str:
    return "met" if ok else "NOT met"


def _targets(results: list[Measurement]) -> list[str]:
    """Each target, judged on wall time and, separately, on CPU time."""
    out = ["Targets (wall time; CPU time in brackets):", ""]
    for m in (r for r in results if r.tool == "onward"):
        out.append(
            f"- {m.variant}: {m.rate:,.0f} msg/s >= {TARGET_RATE:,}: "
            f"{_verdict(m.rate >= TARGET_RATE)} "
            f"({m.cpu_rate:,.0f} msg/cpu-s: {_verdict(m.cpu_rate >= TARGET_RATE)})"
        )
        out.append(
            f"- {m.variant}: peak {m.peak_mb:.0f} MB < {TARGET_PEAK_MB:.0f} MB: "
            f"{_verdict(m.peak_mb < TARGET_PEAK_MB)}"
        )
        for peer, factor in TARGET_VS.items():
            other = next((r for r in results if r.tool == peer and r.variant == m.variant), None)
            if other is None or not other.rate or not other.cpu_rate:
                continue
            ratio, cpu_ratio = m.rate / other.rate, m.cpu_rate / other.cpu_rate
            out.append(
                f"- {m.variant}: {ratio:.1f}x {peer} >= {factor:.0f}x: {_verdict(ratio >= factor)} "
                f"({cpu_ratio:.1f}x: {_verdict(cpu_ratio >= factor)})"
            )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1_000_000, help="messages per export")
    parser.add_argument("--quick", action="store_true", help="100,000 messages")
    parser.add_argument("--repeat", type=int, default=1, help="runs per peer (median reported)")
    parser.add_argument(
        "--our-repeat",
        type=int,
        default=3,
        help="runs of our importer (median reported; a run takes seconds, a peer's a minute)",
    )
    parser.add_argument("--variants", nargs="+", choices=VARIANTS, default=list(VARIANTS))
    parser.add_argument("--skip-peers", action="store_true", help="only measure our importer")
    parser.add_argument(
        "--cpu", type=int, default=None, help="CPU to pin workers to (default: the last; -1: none)"
    )
    parser.add_argument("--generator", type=Path, default=DEFAULT_GENERATOR)
    parser.add_argument("--out", type=Path, default=OUT / "parse.md")
    parser.add_argument("--worker", choices=TOOLS, help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--truth", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _run_worker(args.worker, args.file, args.cpu)
        return 0
    if args.check:
        _run_check(args.file, args.truth)
        return 0
    n = 100_000 if args.quick else args.n
    cpu = args.cpu
    if cpu is None and hasattr(os, "sched_getaffinity"):
        cpu = max(os.sched_getaffinity(0))  # every worker on the same single core
    elif cpu is not None and cpu < 0:
        cpu = None
    tools = ["onward"] if args.skip_peers else list(TOOLS)
    if not args.skip_peers:
        ensure_peers()
    results: list[Measurement] = []
    checks: dict[str, dict[str, Any]] = {}
    load_before = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    for variant in args.variants:
        chat, truth = generate(args.generator, n, variant)
        _warm_page_cache(chat)
        for tool in tools:
            print(f"{variant}: {tool} ...", flush=True)
            repeat = args.our_repeat if tool == "onward" else args.repeat
            results.append(measure(tool, variant, chat, repeat, cpu))
        check, _ = _spawn(
            Path(sys.executable), ["--check", "--file", str(chat), "--truth", str(truth)]
        )
        checks[variant] = check
    load_after = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    context = [
        f"# WhatsApp parse benchmark ({n:,} messages per export, seed {SEED})",
        "",
        f"- Machine: {_cpu_model()}, {os.cpu_count()} CPUs; "
        f"{'workers not pinned' if cpu is None else f'workers pinned to CPU {cpu}'}, "
        f"one at a time; load average {load_before:.2f} before, {load_after:.2f} after.",
        f"- Python {platform.python_version()}; runs: ours {args.our_repeat}, each peer "
        f"{args.repeat} (median reported).",
        f"- Command: `{' '.join(['python', 'bench/bench_parse.py', *(argv or sys.argv[1:])])}`",
    ]
    if not args.skip_peers:
        context.append(f"- Peers from PyPI in bench/.venv-peers: {_peer_versions()}.")
    report = render(results, checks, context)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(report, encoding="utf-8")
    print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
