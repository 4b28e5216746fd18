"""A digest of the WhatsApp parser's output on generated exports of every generator layout.

``tests/importers/whatsapp/test_whatsapp_equivalence.py`` parses the same exports and checks
that every record (each ``Message`` and ``ImportIssue`` field, in order) and the report (date
order, its rule, warnings) still hash to these digests, so a change meant only to make the
parser faster cannot change one record unnoticed.

The exports are made once with ``/work/shared/bench/gen_whatsapp.py`` (Android US 12 h, Android
with U+202F before AM/PM, German iOS; LF and CR LF; two seeds) and committed gzipped under
``tests/data/whatsapp_equivalence/``, so the test needs neither the generator nor the network.
Each is read in UTC and in Europe/Berlin (DST change days take the slow path).

The digests were written from the parser of revision bb29de4 (before the issue #4 speed work)::

    git worktree add /tmp/parse-base bb29de4 && (cd /tmp/parse-base && uv sync --locked)
    cd /tmp/parse-base && uv run python /path/to/worktree/bench/whatsapp_parse_digest.py \\
        --write --data /path/to/worktree/tests/data/whatsapp_equivalence

``--exports`` regenerates the exports too (needs the generator). Regenerate the digests only
when the parser's output changes on purpose.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from onward.importers.base import ParseOptions, ParseReport
from onward.importers.whatsapp import text_export

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as ``python bench/<name>.py``
    sys.path.insert(0, str(ROOT))
from bench import shared_generator  # noqa: E402

DATA = ROOT / "tests" / "data" / "whatsapp_equivalence"
GENERATOR = shared_generator()
# name -> generator arguments: every layout and line ending gen_whatsapp.py offers.
LAYOUTS: dict[str, list[str]] = {
    "android": ["--variant", "android"],
    "android-nnbsp": ["--variant", "android", "--nnbsp"],
    "android-crlf": ["--variant", "android", "--crlf"],
    "android-nnbsp-crlf": ["--variant", "android", "--nnbsp", "--crlf"],
    "ios": ["--variant", "ios"],
    "ios-crlf": ["--variant", "ios", "--crlf"],
}
SEEDS = (1, 2)
MESSAGES = 600
ZONES = ("UTC", "Europe/Berlin")
# The chat name comes from the file name, so the exports are parsed under these names.
CHAT_FILE = "WhatsApp Chat with Sam.txt"


def export_names() -> list[str]:
    """The committed exports, one per layout and seed."""
    return [f"{layout}-seed{seed}.txt.gz" for layout in LAYOUTS for seed in SEEDS]


def digest(path: Path, zone: str) -> str:
    """SHA-256 over the repr of every record the parser yields for a file, and its report."""
    report = ParseReport()
    h = hashlib.sha256()
    for item in text_export.parse(path, options=ParseOptions(timezone=zone), report=report):
        h.update(repr(item).encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    summary = (report.date_order, report.date_order_rule, report.warnings)
    h.update(repr(summary).encode())
    return h.hexdigest()


def digests(data: Path) -> dict[str, str]:
    """``export/zone`` -> digest, parsing each committed export from a temporary copy."""
    result: dict[str, str] = {}
    with tempfile.TemporaryDirectory() as tmp:
        chat = Path(tmp) / CHAT_FILE
        for name in export_names():
            chat.write_bytes(gzip.decompress((data / name).read_bytes()))
            for zone in ZONES:
                result[f"{name}/{zone}"] = digest(chat, zone)
    return result


def write_exports(data: Path, generator: Path) -> None:
    """Generate the exports with gen_whatsapp.py and store them gzipped (reproducibly)."""
    data.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "chat.txt"
        for layout, args in LAYOUTS.items():
            for seed in SEEDS:
                command = [sys.executable, str(generator), "--n", str(MESSAGES), *args]
                command += ["--seed", str(seed), "--out", str(out)]
                subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
                raw = gzip.compress(out.read_bytes(), compresslevel=9, mtime=0)
                (data / f"{layout}-seed{seed}.txt.gz").write_bytes(raw)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--write", action="store_true", help="write digests.json")
    parser.add_argument("--exports", action="store_true", help="regenerate the exports first")
    parser.add_argument("--generator", type=Path, default=GENERATOR)
    args = parser.parse_args(argv)
    if args.exports:
        write_exports(args.data, args.generator)
    found = digests(args.data)
    target = args.data / "digests.json"
    if args.write:
        target.write_text(json.dumps(found, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        print(f"wrote {len(found)} digests to {target}")
        return 0
    expected = json.loads(target.read_text(encoding="utf-8"))
    differ = sorted(k for k in expected if found.get(k) != expected[k])
    print(f"{len(expected) - len(differ)} of {len(expected)} digests agree")
    for key in differ:
        print(f"  differs: {key}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
