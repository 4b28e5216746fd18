"""Sentence embeddings for bench and training scripts, cached on disk by text.

Embedding runs at tens of messages per second on this machine, so the training script and
the quality bench keep each text's vector in ``bench/out/embeddings-<model>.npz`` (git
ignores ``bench/out``) and embed only texts they have not seen. The vectors are exactly what
``onward.analysis.model_flags.embed`` returns at run time.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from onward.analysis import model_flags

CACHE_DIR = Path(__file__).parent / "out"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def embed_cached(texts: Sequence[str], *, progress: bool = True) -> np.ndarray:
    """float32 (len(texts), dim) embeddings, computing only the texts not cached yet."""
    path = CACHE_DIR / f"embeddings-{model_flags.ENCODER_ID}.npz"
    cache: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as data:
            cache = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    keys = [_key(t) for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items())
    step = 64
    for i in range(0, len(todo), step):
        chunk = todo[i : i + step]
        vectors = model_flags.embed([t for _, t in chunk])
        cache.update(zip([k for k, _ in chunk], vectors, strict=True))
        if progress:
            sys.stderr.write(f"\rembedded {min(i + step, len(todo))}/{len(todo)}")
        if (i // step) % 8 == 7 or i + step >= len(todo):
            CACHE_DIR.mkdir(exist_ok=True)
            np.savez(path, keys=np.array(list(cache)), vectors=np.stack(list(cache.values())))
    if todo and progress:
        sys.stderr.write("\n")
    return np.stack([cache[k] for k in keys]).astype(np.float32)
