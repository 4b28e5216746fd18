"""Flag quality on the three labelled sets, for `make bench` (wraps eval_flags.py).

gold.jsonl is the development set the rules were tuned on; heldout.jsonl was
written apart, measured once clean, then used for tuning (see
tests/data/flags/README.md); fresh.jsonl was written after that and measured
once. Only the first clean figures of a set estimate quality on unseen text.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).parent
SETS = ("gold", "heldout", "fresh")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, help="also write the tables to this file")
    args = parser.parse_args()
    parts = ["## Flag quality (precision, recall, false flags)\n", __doc__.split("\n\n")[1], ""]
    for name in SETS:
        data = HERE.parent / "tests" / "data" / "flags" / f"{name}.jsonl"
        result = subprocess.run(
            [sys.executable, str(HERE / "eval_flags.py"), str(data)],
            capture_output=True,
            text=True,
            check=True,
        )
        parts.append(result.stdout.replace("### Flags on", "### Flags on"))
    text = "\n".join(parts)
    print(text)
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
