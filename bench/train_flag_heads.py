"""Train the second-pass flag model: one logistic-regression head per category on sentence
embeddings, saved into ``src/onward/analysis/models/`` (issue #4, layer L2).

Training data: ``gold.jsonl``, ``heldout.jsonl`` and ``fresh.jsonl`` (the dev sets). Never
``fresh2.jsonl``: it is the unseen-text estimate and this script refuses to read it.

For each category:

1. the L2 strength is picked by leave-one-set-out cross-validation (train on two sets,
   score the third: each set is a different voice, so this mimics text written later);
2. the threshold is the lowest one at which the out-of-set scores reach the category's
   precision target plus a margin (urgent 0.70 + 0.10, others 0.85 + 0.05) and raise at
   most one flag on the ordinary rows;
3. the head is refit on all three sets.

Saved: ``flag_heads.npz`` (weights, biases, the training examples' embeddings in float16)
and ``flag_heads.json`` (thresholds, cross-validation figures, the examples' text and
labels, the encoder id and the SHA-256 of each training file).

Usage::

    uv run python bench/train_flag_heads.py
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.embed_cache import embed_cached  # noqa: E402
from onward.analysis import model_flags  # noqa: E402
from onward.analysis.flags import CATEGORIES, URGENT_CATEGORIES  # noqa: E402

TRAIN_SETS = ("gold", "heldout", "fresh")
DATA = ROOT / "tests" / "data" / "flags"
OUT = ROOT / "src" / "onward" / "analysis" / "models"
LAMBDAS = (0.3, 1.0, 3.0, 10.0)
MAX_ORDINARY_FLAGS = 1  # per category, over all ordinary rows, out of set


def load_rows() -> tuple[list[dict[str, object]], list[str]]:
    rows: list[dict[str, object]] = []
    groups: list[str] = []
    for name in TRAIN_SETS:
        assert name != "fresh2", "fresh2.jsonl is the unseen-text estimate"
        with (DATA / f"{name}.jsonl").open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rows.append(json.loads(line))
                    groups.append(name)
    return rows, groups


def fit_logistic(x: np.ndarray, y: np.ndarray, lam: float, iters: int = 30) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; returns [w..., b].

    The penalty is ``lam/2 * |w|^2`` on the weights (not the bias), with the data term
    averaged over rows scaled by ``len(x)`` so lam is comparable across training sizes.
    """
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    reg = np.full(d + 1, lam)
    reg[-1] = 1e-6
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(xb @ theta)))
        grad = xb.T @ (p - y) + reg * theta
        hess = (xb * (p * (1 - p))[:, None]).T @ xb + np.diag(reg)
        step = np.linalg.solve(hess, grad)
        theta -= step
        if np.max(np.abs(step)) < 1e-6:
            break
    return theta


def scores(theta: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ theta[:-1] + theta[-1])))


def average_precision(s: np.ndarray, y: np.ndarray) -> float:
    order = np.argsort(-s)
    hits = y[order]
    if hits.sum() == 0:
        return 0.0
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / hits.sum())


def pick_threshold(
    s: np.ndarray, y: np.ndarray, ordinary: np.ndarray, target: float
) -> tuple[float, dict[str, float]]:
    """Lowest threshold meeting the precision target with few ordinary-row flags."""
    best = (0.99, {"precision": 0.0, "recall": 0.0, "ordinary_flags": 0.0})
    for t in np.arange(0.98, 0.049, -0.01):
        flagged = s >= t
        tp = int((flagged & (y == 1)).sum())
        fp = int((flagged & (y == 0)).sum())
        if tp + fp == 0:
            continue
        precision = tp / (tp + fp)
        ordinary_flags = int((flagged & ordinary).sum())
        if precision >= target and ordinary_flags <= MAX_ORDINARY_FLAGS:
            best = (
                round(float(t), 2),
                {
                    "precision": round(precision, 3),
                    "recall": round(tp / max(int(y.sum()), 1), 3),
                    "ordinary_flags": ordinary_flags,
                },
            )
    return best


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    std = x.std(axis=0) + 1e-6
    return (x - mean) / std, mean, std


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    rows, groups = load_rows()
    texts = [str(r["text"]) for r in rows]
    emb = embed_cached(texts)
    x, mean, std = standardise(emb.astype(np.float64))
    group = np.array(groups)
    ordinary = np.array([r.get("note") == "ordinary" for r in rows])
    labels = [set(map(str, r.get("labels", []))) for r in rows]  # type: ignore[call-overload]
    weights = np.zeros((len(CATEGORIES), x.shape[1]))
    biases = np.zeros(len(CATEGORIES))
    heads: dict[str, dict[str, object]] = {}
    for i, category in enumerate(CATEGORIES):
        y = np.array([category in ls for ls in labels], dtype=np.float64)
        target = 0.80 if category in URGENT_CATEGORIES else 0.90
        by_lambda: dict[float, np.ndarray] = {}
        for lam in LAMBDAS:
            oof = np.zeros(len(y))
            for held in TRAIN_SETS:
                test = group == held
                theta = fit_logistic(x[~test], y[~test], lam)
                oof[test] = scores(theta, x[test])
            by_lambda[lam] = oof
        lam = max(LAMBDAS, key=lambda v: average_precision(by_lambda[v], y))
        threshold, cv = pick_threshold(by_lambda[lam], y, ordinary, target)
        theta = fit_logistic(x, y, lam)
        # fold the standardisation into the weights: score = sigmoid(emb @ w + b)
        weights[i] = theta[:-1] / std
        biases[i] = theta[-1] - float((theta[:-1] * mean / std).sum())
        heads[category] = {
            "threshold": threshold,
            "l2": lam,
            "cv_average_precision": round(average_precision(by_lambda[lam], y), 3),
            "cv_at_threshold": cv,
            "positives": int(y.sum()),
        }
        print(
            f"{category:20s} l2={lam:<5g} AP={heads[category]['cv_average_precision']} "
            f"t={threshold:.2f} cv={cv}"
        )
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out / "flag_heads.npz",
        weights=weights.astype(np.float32),
        biases=biases.astype(np.float32),
        examples=emb.astype(np.float16),
    )
    meta = {
        "version": model_flags.MODEL_VERSION,
        "encoder": model_flags.ENCODER_ID,
        "categories": list(CATEGORIES),
        "heads": heads,
        "training_files": {
            f"tests/data/flags/{n}.jsonl": hashlib.sha256(
                (DATA / f"{n}.jsonl").read_bytes()
            ).hexdigest()
            for n in TRAIN_SETS
        },
        "examples": [
            {"text": r["text"], "labels": sorted(ls), "draft": r.get("sender") == "me"}
            for r, ls in zip(rows, labels, strict=True)
        ],
    }
    (args.out / "flag_heads.json").write_text(
        json.dumps(meta, ensure_ascii=False, indent=0) + "\n", encoding="utf-8"
    )
    print(f"wrote {args.out}/flag_heads.npz and flag_heads.json")


if __name__ == "__main__":
    main()
