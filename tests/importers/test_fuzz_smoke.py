"""atheris smoke run: every importer, coverage-guided, seeded from the golden exports (R32).

Each harness target (tests/fuzz/fuzz_importers.py) runs in its own process for a bounded
number of inputs. Anything but the importer's own ImportFileError escaping makes atheris exit
non-zero and this test fail, with the crash input saved under the test's temporary folder (add
it to tests/data/exports/<source>/ as a regression fixture). Longer runs: set
ONWARD_FUZZ_SMOKE_RUNS and ONWARD_FUZZ_SMOKE_SECONDS (security.md plans ~60 s a parser nightly).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from tests.importers.imessage.test_imessage_chat_db import build_legacy, build_modern

from onward.importers.base import registered

ROOT = Path(__file__).resolve().parents[2]
HARNESS = ROOT / "tests" / "fuzz" / "fuzz_importers.py"
EXPORTS = ROOT / "tests" / "data" / "exports"
RUNS = int(os.environ.get("ONWARD_FUZZ_SMOKE_RUNS", "2000"))  # per target, seeds included
SECONDS = int(os.environ.get("ONWARD_FUZZ_SMOKE_SECONDS", "15"))  # cap per target
# With ONWARD_FUZZ_TARGET set, the harness reads byte 0 as "write the known prefix?" (even:
# yes); an odd byte first makes it write the seed file exactly as exported.
AS_IS = b"\x01"

# harness target → glob patterns (under tests/data/exports/) of its seed files
SEEDS: dict[str, tuple[str, ...]] = {
    "telegram": ("telegram/**/result.json",),
    "sms_backup_restore": ("sms_backup_restore/**/*.xml",),
    "facebook": ("facebook/**/message_*.json",),
    "instagram": ("instagram/**/message_*.json",),
    "signal_md": ("signal/**/*.md",),
    "signal_json": ("signal/**/data.json",),
    "csv": ("csv/**/*.csv", "csv/**/*.tsv"),
    "imessage": (),  # chat.db files are built below, as the iMessage tests build them
    "whatsapp_txt": ("whatsapp/**/*.txt",),
    "whatsapp_zip": ("whatsapp/**/*.zip",),
}


def _seed_corpus(target: str, folder: Path) -> int:
    """Write the target's seeds into ``folder`` (libFuzzer adds new inputs there too)."""
    folder.mkdir()
    files = sorted({path for pattern in SEEDS[target] for path in EXPORTS.glob(pattern)})
    if target == "imessage":
        built = folder.parent / "built"
        built.mkdir()
        files = [build_modern(built / "modern.db"), build_legacy(built / "legacy.db")]
    for number, path in enumerate(files):
        (folder / f"seed-{number:03d}").write_bytes(AS_IS + path.read_bytes())
    return len(files)


def _fuzz(tmp_path: Path, target: str, corpus: Path, script: Path = HARNESS) -> str:
    """Run the harness on one target; return its combined output, failing on a crash."""
    artifacts = tmp_path / "crashes"
    artifacts.mkdir()
    env = {**os.environ, "ONWARD_FUZZ_TARGET": target}
    args = [f"-runs={RUNS}", f"-max_total_time={SECONDS}", f"-artifact_prefix={artifacts}/"]
    result = subprocess.run(
        [sys.executable, str(script), *args, str(corpus)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,  # one stream, so the traceback stays beside the crash report
        text=True,
        errors="replace",
        timeout=SECONDS + 120,
        check=False,
    )
    output = result.stdout
    if result.returncode != 0:
        lines = [line for line in output.splitlines() if not line.startswith("INFO: Instr")]
        tail = "\n".join(lines[-60:])
        saved = sorted(path.name for path in artifacts.iterdir())
        pytest.fail(f"{target}: atheris exited {result.returncode}; saved {saved}\n{tail}")
    return output


@pytest.mark.slow
def test_harness_covers_every_registered_importer() -> None:
    harness = HARNESS.read_text(encoding="utf-8")
    for source, module in registered().items():
        package, _, name = getattr(module, "__name__", "").rpartition(".")
        assert f"from {package} import {name}" in harness, source
    assert set(SEEDS) == set(re.findall(r'^    "(\w+)": \(', harness, flags=re.MULTILINE))


@pytest.mark.slow
@pytest.mark.parametrize("target", sorted(SEEDS))
def test_fuzz_smoke_importer_raises_only_its_own_error(tmp_path: Path, target: str) -> None:
    corpus = tmp_path / "corpus"
    assert _seed_corpus(target, corpus) > 0, f"no golden seeds found for {target}"
    output = _fuzz(tmp_path, target, corpus)
    assert f"Done {RUNS} runs" in output or "DONE" in output, output[-2000:]


@pytest.mark.slow
def test_fuzz_smoke_reports_a_planted_crash(tmp_path: Path) -> None:
    """The check above can fail: a parser raising ValueError makes the run fail."""
    wrapper = tmp_path / "planted.py"
    wrapper.write_text(
        "import importlib.util, types\n"
        f"spec = importlib.util.spec_from_file_location('harness', {str(HARNESS)!r})\n"
        "harness = importlib.util.module_from_spec(spec)\n"
        "spec.loader.exec_module(harness)\n"
        "def parse(path, *, options, report):\n"
        "    if path.read_bytes().startswith(b'date'):\n"
        "        raise ValueError('planted')\n"
        "    yield from ()\n"
        "broken = types.SimpleNamespace(detect=lambda path: False, parse=parse)\n"
        "harness.TARGETS['csv'] = (broken, 'chat.csv', b'date,from,text\\n')\n"
        "harness.main()\n",
        encoding="utf-8",
    )
    corpus = tmp_path / "corpus"
    _seed_corpus("csv", corpus)
    with pytest.raises(pytest.fail.Exception, match="ValueError"):
        _fuzz(tmp_path, "csv", corpus, script=wrapper)
