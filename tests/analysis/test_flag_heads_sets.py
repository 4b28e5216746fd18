"""The shipped heads were trained on exactly the sets ``DEV_SETS`` names, as committed.

``flag_heads.json`` records the SHA-256 of each training file; the training script reads
``DEV_SETS``. A set added to the list without training the heads again, or a training file
changed after they were trained, fails here (``bench/flag_sets.py``).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from bench.flag_sets import DEV_SETS, KEPT_BACK

from onward.analysis import model_flags

ROOT = Path(__file__).resolve().parent.parent.parent
HEADS = ROOT / "src" / "onward" / "analysis" / "models" / "flag_heads.json"


def test_the_heads_were_trained_on_the_dev_sets_as_committed() -> None:
    meta = json.loads(HEADS.read_text(encoding="utf-8"))
    recorded: dict[str, str] = meta["training_files"]
    assert list(recorded) == [f"tests/data/flags/{name}.jsonl" for name in DEV_SETS]
    for path, sha in recorded.items():
        assert hashlib.sha256((ROOT / path).read_bytes()).hexdigest() == sha, path
    assert not any(name in path for name in KEPT_BACK for path in recorded)
    assert meta["version"] == model_flags.MODEL_VERSION
