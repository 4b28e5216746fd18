"""Train the second-pass flag model: one logistic-regression head per category on sentence
embeddings, saved into ``src/onward/analysis/models/`` (issue #4, layer L2).

Training data: the dev and training sets ``gold.jsonl``, ``heldout.jsonl``,
``fresh.jsonl``, ``fresh2.jsonl``, ``extra.jsonl``, ``fresh3.jsonl`` (kept back until step
10, a dev set since step 11), ``extra2.jsonl`` (step 11), ``fresh4.jsonl`` (kept back
until step 12, a dev set since step 13), ``extra3.jsonl`` (step 13), ``fresh5.jsonl``
(kept back until step 14, a dev set since step 15), ``fresh6.jsonl`` (kept back until
step 16, a dev set since step 17), ``fresh7.jsonl``, ``fresh8.jsonl`` and ``fresh9.jsonl``
(kept back in sessions 7 to 9, training sets since step 26) of the measurement history in
``tests/data/flags/README.md``: the sets of ``DEV_SETS``, which ``extra4.jsonl`` (step 19,
a training set weighted to everyday text) joins only with heads trained on it. Never the
kept-back sets (``KEPT_BACK`` in ``bench/flag_sets.py``: ``fresh11.jsonl``): this script
refuses to read them.

Each category's head is a small stack of two logistic regressions:

1. an L2-regularised logistic regression on the 384-dimensional embedding, its L2
   strength picked by leave-one-set-out cross-validation (train on six sets, score the
   seventh: each set is a different voice, so this mimics text written later);
2. a logistic regression over three numbers: stage 1's logit, the mean similarity of the
   3 nearest labelled examples *in* the category and of the 3 nearest *outside* it; the
   same nearest examples are quoted in the flag's reason.

Stage 2 is trained on out-of-set stage-1 logits and out-of-set neighbours. Thresholds are
chosen on those out-of-set scores for the system as it runs, rules plus model (the model
only adds a flag where the rules raised none in that category):

* each category's combined precision must reach its target plus a margin (urgent 0.75,
  others 0.90: the targets 0.70 and 0.85 plus a margin), or, where the rules alone are
  below that, must not fall below the rules' own precision;
* all categories together may add at most ``MAX_ORDINARY_PER_1000`` flags per 1,000
  ordinary rows out of set (``MAX_ORDINARY_PER_1000``; the rules' own flags count
  against the issue's 5 per 1,000 too); that budget
  is shared out greedily where it buys the most recall, urgent categories weighted 3:1.

Both stages are then refit on all the sets. The script prints, and saves in the JSON,
the leave-one-set-out figures per category for rules only and for rules + model, pooled
over the sets, pooled without the newest set (to compare with the previous heads on the
same folds), and for each held-out set (the folds of the writers who saw no rule,
``NEW_WRITERS``, are printed in full), with the flags of the urgent categories on ordinary
rows counted apart: the estimate of quality on
text the model has not seen (the rules, though, were tuned on every set; see the README).

``--dry-run`` prints the figures and writes nothing; ``--pos-weight``,
``--rule-row-weight``, ``--k``, ``--lambdas`` and ``--budget`` try other settings.

Saved: ``flag_heads.npz`` (stage-1 weights and biases, stage-2 weights, the training
examples' embeddings in float16) and ``flag_heads.json`` (thresholds, cross-validation
figures, the examples' text and labels, the encoder id and the SHA-256 of each training
file).

Usage::

    uv run python bench/train_flag_heads.py [--keep-l2]

(``flag-heads-7`` was trained with ``--keep-l2``, for time: step 26 in ``docs/flags.md``.)
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from bench.embed_cache import embed_cached  # noqa: E402
from bench.eval_flags import found_categories  # noqa: E402
from bench.flag_sets import DEV_SETS, KEPT_BACK  # noqa: E402
from onward.analysis import model_flags  # noqa: E402
from onward.analysis.flags import (  # noqa: E402
    CATEGORIES,
    DRAFT_CATEGORIES,
    PARTNER_CATEGORIES,
    URGENT_CATEGORIES,
)

TRAIN_SETS = DEV_SETS  # never KEPT_BACK: refused below
DATA = ROOT / "tests" / "data" / "flags"
OUT = ROOT / "src" / "onward" / "analysis" / "models"
LAMBDAS = (10.0, 30.0, 100.0)
STACK_L2 = 1.0
RULE_ROW_WEIGHT = 0.3  # weight in stage 2 of rows the rules flag in the category (step 11)
POS_WEIGHT = 1.0  # weight of a positive row in stage 1
# which urgent categories need a cue word for a model-only flag (model_flags.URGENT_CUES)
# and the score at which a model-only urgent flag needs no cue word (2.0: never)
URGENT_GATES: dict[str, tuple[tuple[str, ...], float]] = {
    "none": ((), 2.0),
    "cue": (("threat", "self_harm_pressure"), 2.0),
    "self_harm_cue": (("self_harm_pressure",), 2.0),
    "cue_or_high": (("threat", "self_harm_pressure"), model_flags.URGENT_CUE_BYPASS),
}
MAX_ORDINARY_PER_1000 = 2.0  # model flags, all categories together, ordinary rows, out of set
URGENT_WEIGHT = 3.0  # recall of an urgent category counts three times in sharing the budget
# sets by writers who saw no rule: read these folds (the first four were written alongside
# the rules)
NEW_WRITERS = tuple(n for n in TRAIN_SETS if n not in ("gold", "heldout", "fresh", "fresh2"))
GRID = np.round(np.arange(0.99, 0.049, -0.01), 2)


def load_rows() -> tuple[list[dict[str, object]], list[str]]:
    rows: list[dict[str, object]] = []
    groups: list[str] = []
    for name in TRAIN_SETS:
        if name.startswith(KEPT_BACK):
            raise SystemExit(f"{name}.jsonl is a kept-back set: never trained on")
        with (DATA / f"{name}.jsonl").open(encoding="utf-8") as f:
            for line in f:
                if line.strip():
                    rows.append(json.loads(line))
                    groups.append(name)
    return rows, groups


def fit_logistic(
    x: np.ndarray, y: np.ndarray, lam: float, iters: int = 30, w: np.ndarray | None = None
) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method; returns [w..., b].

    The penalty is ``lam/2 * |w|^2`` on the weights (not the bias), with the data term
    averaged over rows scaled by ``len(x)`` so lam is comparable across training sizes.
    """
    n, d = x.shape
    xb = np.hstack([x, np.ones((n, 1))])
    theta = np.zeros(d + 1)
    reg = np.full(d + 1, lam)
    reg[-1] = 1e-6
    w = np.ones(n) if w is None else w
    for _ in range(iters):
        p = 1.0 / (1.0 + np.exp(-(xb @ theta)))
        grad = xb.T @ (w * (p - y)) + reg * theta
        hess = (xb * (w * p * (1 - p))[:, None]).T @ xb + np.diag(reg)
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


def _kind(row: dict[str, object]) -> str:
    if row.get("note") == "ordinary":
        return "ordinary"
    return "draft" if row.get("sender") == "me" else "partner"


def in_scope(kinds: np.ndarray, category: str) -> np.ndarray:
    """Rows on which a category is checked, as in ``bench/eval_flags.py``: ordinary rows
    for every category, drafts for the draft categories, the partner's for the rest."""
    return (
        (kinds == "ordinary")
        | ((kinds == "draft") & (category in DRAFT_CATEGORIES))
        | ((kinds == "partner") & (category in PARTNER_CATEGORIES))
    )


@dataclass(frozen=True)
class Point:
    """The combined (rules + model) figures at one threshold, out of set."""

    threshold: float
    precision: float
    recall: float
    ordinary_flags: int  # flags the model adds on ordinary rows


def gate_lets(gate: np.ndarray, s: np.ndarray, bypass: float) -> np.ndarray:
    """Where the urgent gate lets a model-only flag through: a cue word, or a score of at
    least ``bypass`` (see ``model_flags.URGENT_CUES``)."""
    return gate | (s >= bypass)


def curve(
    s: np.ndarray,
    y: np.ndarray,
    rule: np.ndarray,
    scope: np.ndarray,
    ordinary: np.ndarray,
    gate: np.ndarray,
    bypass: float = 2.0,
) -> list[Point]:
    """Combined precision and recall for every threshold of ``GRID`` (the model adds a
    flag only where ``gate`` lets it: see ``model_flags.URGENT_CUES``)."""
    positives = max(int((y & scope).sum()), 1)
    out = []
    for t in GRID:
        added = scope & ~rule & gate_lets(gate, s, bypass) & (s >= t)
        flagged = (rule & scope) | added
        tp = int((flagged & y).sum())
        fp = int((flagged & ~y).sum())
        out.append(
            Point(
                float(t),
                tp / (tp + fp) if tp + fp else 0.0,
                tp / positives,
                int((added & ordinary).sum()),
            )
        )
    return out


def share_budget(curves: dict[str, list[Point]], budget: int) -> dict[str, Point]:
    """For each category, the lowest threshold meeting its precision target, with the
    ordinary-row budget shared out greedily where it buys the most (weighted) recall."""

    def best(category: str, allowed: int) -> Point:
        # where the rules alone fall short of the target, the model must not lower it
        rules_alone = curves[category][0].precision  # the highest threshold adds ~nothing
        target = min(0.75 if category in URGENT_CATEGORIES else 0.90, rules_alone)
        ok = [p for p in curves[category] if p.precision >= target and p.ordinary_flags <= allowed]
        return max(ok, key=lambda p: (p.recall, p.threshold), default=Point(0.99, 0.0, 0.0, 0))

    alloc = dict.fromkeys(curves, 0)
    used = 0
    while used < budget:
        gains = []
        for c in curves:
            r0 = best(c, alloc[c]).recall
            for extra in range(1, budget - used + 1):
                r1 = best(c, alloc[c] + extra).recall
                if r1 > r0:
                    w = URGENT_WEIGHT if c in URGENT_CATEGORIES else 1.0
                    gains.append(((r1 - r0) * w / extra, c, extra))
                    break
        if not gains:
            break
        _, c, extra = max(gains)
        alloc[c] += extra
        used += extra
    return {c: best(c, alloc[c]) for c in curves}


def figures(
    flagged: dict[str, np.ndarray],
    ys: dict[str, np.ndarray],
    scopes: dict[str, np.ndarray],
    ordinary: np.ndarray,
    rows: np.ndarray,
) -> dict[str, object]:
    """Precision, recall, F1 per category and ordinary flags per 1,000 on ``rows``."""
    out: dict[str, object] = {}
    flags_on_ordinary = 0
    urgent_on_ordinary = 0
    for c in CATEGORIES:
        scope = scopes[c] & rows
        f, y = flagged[c] & scope, ys[c] & scope
        tp, fp, fn = int((f & y).sum()), int((f & ~y).sum()), int((~f & y).sum())
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        out[c] = {
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(2 * p * r / (p + r) if p + r else 0.0, 3),
            "positives": tp + fn,
        }
        flags_on_ordinary += int((f & ordinary).sum())
        if c in URGENT_CATEGORIES:
            urgent_on_ordinary += int((f & ordinary).sum())
    n = int((ordinary & rows).sum())
    out["ordinary"] = {
        "messages": n,
        "flags": flags_on_ordinary,
        "per_1000": round(1000 * flags_on_ordinary / n, 2) if n else 0.0,
        "urgent_flags": urgent_on_ordinary,
        "urgent_per_1000": round(1000 * urgent_on_ordinary / n, 2) if n else 0.0,
    }
    return out


def standardise(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    mean = x.mean(axis=0)
    std = x.std(axis=0) + 1e-6
    return (x - mean) / std, mean, std


def knn_features(
    queries: np.ndarray, examples: np.ndarray, member: np.ndarray, k: int
) -> np.ndarray:
    """Mean similarity of the k nearest examples in the category, and of the k nearest
    outside it (the runtime does the same in ``model_flags.Heads.scores``)."""
    sims = queries @ examples.T
    pos = np.partition(sims[:, member], -k, axis=1)[:, -k:].mean(axis=1)
    neg = np.partition(sims[:, ~member], -k, axis=1)[:, -k:].mean(axis=1)
    return np.stack([pos, neg], axis=1)


def compare_gates(
    gates: dict[str, tuple[dict[str, np.ndarray], float]],
    oof_by: dict[str, np.ndarray],
    ys: dict[str, np.ndarray],
    rules_by: dict[str, np.ndarray],
    scopes: dict[str, np.ndarray],
    ordinary: np.ndarray,
    group: np.ndarray,
    budget: int,
) -> None:
    """Print the urgent figures, LOSO, with and without the urgent gate (thresholds chosen
    again for each), pooled and for the folds of ``NEW_WRITERS``."""
    for name, (gate, bypass) in gates.items():
        curves = {
            c: curve(oof_by[c], ys[c], rules_by[c], scopes[c], ordinary, gate[c], bypass)
            for c in CATEGORIES
        }
        chosen = share_budget(curves, budget)
        flagged = {
            c: rules_by[c]
            | (
                scopes[c]
                & gate_lets(gate[c], oof_by[c], bypass)
                & (oof_by[c] >= chosen[c].threshold)
            )
            for c in CATEGORIES
        }
        model_only = {c: flagged[c] & ~rules_by[c] for c in CATEGORIES}
        urgent_ordinary = "+".join(
            str(int((model_only[c] & ordinary).sum())) for c in URGENT_CATEGORIES
        )
        folds = [("pooled", np.ones(len(group), dtype=bool))]
        folds += [(n, group == n) for n in NEW_WRITERS]
        for fold, rows in folds:
            f = figures(flagged, ys, scopes, ordinary, rows)
            urgent = "+".join(
                str(int((model_only[c] & ordinary & rows).sum())) for c in URGENT_CATEGORIES
            )
            print(
                f"gate={name:13s} {fold:8s} "
                + " ".join(
                    f"{c[:6]} P {f[c]['precision']:.3f} R {f[c]['recall']:.3f}"  # type: ignore[index]
                    for c in URGENT_CATEGORIES
                )
                + f" ordinary {f['ordinary']['flags']}/{f['ordinary']['messages']}"  # type: ignore[index]
                + f" ({f['ordinary']['per_1000']}/1000)"  # type: ignore[index]
                + f", urgent model-only (threat+self-harm) {urgent}"
                + (
                    "; thresholds "
                    + " ".join(f"{c[:6]}={chosen[c].threshold:.2f}" for c in URGENT_CATEGORIES)
                    + f"; urgent model-only on ordinary, all sets {urgent_ordinary}"
                    if fold == "pooled"
                    else ""
                ),
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--dry-run", action="store_true", help="print figures, write nothing")
    parser.add_argument("--pos-weight", type=float, default=POS_WEIGHT)
    parser.add_argument("--budget", type=float, default=MAX_ORDINARY_PER_1000)
    parser.add_argument("--rule-row-weight", type=float, default=RULE_ROW_WEIGHT)
    parser.add_argument("--k", type=int, default=model_flags.NEAREST)
    parser.add_argument("--lambdas", type=float, nargs="+", default=LAMBDAS)
    parser.add_argument(
        "--urgent-gate",
        choices=tuple(URGENT_GATES),
        default="cue_or_high",
        help="which model-only urgent flags need a word of harm, death, danger or leverage "
        "(model_flags.URGENT_CUES): both urgent categories ('cue'), both unless the score "
        "reaches model_flags.URGENT_CUE_BYPASS ('cue_or_high', step 17), self-harm only "
        "('self_harm_cue') or neither ('none'); all four are printed",
    )
    parser.add_argument(
        "--keep-l2",
        action="store_true",
        help="reuse each category's L2 strength from the shipped heads instead of picking it "
        "again on LOSO (a third of the stage-1 fits; step 13 used it for time)",
    )
    args = parser.parse_args()
    rows, groups = load_rows()
    texts = [str(r["text"]) for r in rows]
    emb = embed_cached(texts)
    # what the runtime sees: float16 examples, renormalised
    examples = emb.astype(np.float16).astype(np.float64)
    examples /= np.linalg.norm(examples, axis=1, keepdims=True)
    x, mean, std = standardise(emb.astype(np.float64))
    group = np.array(groups)
    kinds = np.array([_kind(r) for r in rows])
    ordinary = kinds == "ordinary"
    labels = [set(map(str, r.get("labels", []))) for r in rows]  # type: ignore[call-overload]
    rule_found = found_categories(rows)  # the rules as they run: what the model adds to
    everywhere = np.ones(len(rows), dtype=bool)
    cued = {
        c: np.array([model_flags.URGENT_CUES[c].search(t.lower()) is not None for t in texts])
        for c in URGENT_CATEGORIES
    }
    gates = {
        name: ({c: cued[c] if c in gated else everywhere for c in CATEGORIES}, bypass)
        for name, (gated, bypass) in URGENT_GATES.items()
    }
    gate, bypass = gates[args.urgent_gate]
    k = args.k
    weights = np.zeros((len(CATEGORIES), x.shape[1]))
    biases = np.zeros(len(CATEGORIES))
    stack = np.zeros((len(CATEGORIES), 4))  # [logit, nearest in, nearest out, bias]
    heads: dict[str, dict[str, object]] = {}
    oof_by: dict[str, np.ndarray] = {}
    ys: dict[str, np.ndarray] = {}
    rules_by: dict[str, np.ndarray] = {}
    scopes: dict[str, np.ndarray] = {}
    curves: dict[str, list[Point]] = {}
    kept_l2: dict[str, float] = {}
    if args.keep_l2:
        shipped = json.loads((OUT / "flag_heads.json").read_text(encoding="utf-8"))
        kept_l2 = {c: float(h["l2"]) for c, h in shipped["heads"].items()}
    for i, category in enumerate(CATEGORIES):
        y = np.array([category in ls for ls in labels], dtype=np.float64)
        lambdas = (kept_l2[category],) if category in kept_l2 else tuple(args.lambdas)
        # stage 1: the embedding head, its L2 strength picked on leave-one-set-out AP
        by_lambda: dict[float, np.ndarray] = {}
        weight = np.where(y == 1, args.pos_weight, 1.0)
        for lam in lambdas:
            oof = np.zeros(len(y))
            for held in TRAIN_SETS:
                test = group == held
                theta = fit_logistic(x[~test], y[~test], lam, w=weight[~test])
                oof[test] = x[test] @ theta[:-1] + theta[-1]
            by_lambda[lam] = oof
        lam = max(lambdas, key=lambda v: average_precision(by_lambda[v], y))
        # stage 2 features, all out of set: the head's logit and the nearest examples
        features = np.zeros((len(y), 3))
        features[:, 0] = by_lambda[lam]
        for held in TRAIN_SETS:
            test = group == held
            features[test, 1:] = knn_features(examples[test], examples[~test], y[~test] == 1, k)
        f_mean, f_std = features.mean(axis=0), features.std(axis=0) + 1e-9
        fs = (features - f_mean) / f_std
        rule_hit = np.array([category in found for found in rule_found])
        # stage 2 learns where the model is needed: rows the rules already flag in this
        # category weigh less (the model adds nothing there at run time)
        w2 = np.where(rule_hit, args.rule_row_weight, 1.0)
        oof_stack = np.zeros(len(y))
        for held in TRAIN_SETS:
            test = group == held
            oof_stack[test] = scores(
                fit_logistic(fs[~test], y[~test], STACK_L2, w=w2[~test]), fs[test]
            )
        oof_by[category] = oof_stack
        ys[category] = y == 1
        scopes[category] = in_scope(kinds, category)
        rules_by[category] = rule_hit
        curves[category] = curve(
            oof_stack,
            ys[category],
            rules_by[category],
            scopes[category],
            ordinary,
            gate[category],
            bypass,
        )
        theta = fit_logistic(x, y, lam, w=weight)
        # fold the standardisation into the weights: logit = emb @ w + b
        weights[i] = theta[:-1] / std
        biases[i] = theta[-1] - float((theta[:-1] * mean / std).sum())
        top = fit_logistic(fs, y, STACK_L2, w=w2)
        stack[i, :3] = top[:-1] / f_std
        stack[i, 3] = top[-1] - float((top[:-1] * f_mean / f_std).sum())
        print(f"{category}: stage 1 and 2 fitted", file=sys.stderr, flush=True)
        heads[category] = {
            "l2": lam,
            "cv_average_precision_embedding_head": round(average_precision(by_lambda[lam], y), 3),
            "cv_average_precision": round(average_precision(oof_stack, y), 3),
            "positives": int(y.sum()),
        }
    budget = int(args.budget * int(ordinary.sum()) / 1000)
    chosen = share_budget(curves, budget)
    for category, point in chosen.items():
        heads[category]["threshold"] = point.threshold
        heads[category]["cv_at_threshold"] = {
            "precision": round(point.precision, 3),
            "recall": round(point.recall, 3),
            "ordinary_flags": point.ordinary_flags,
        }
        print(
            f"{category:20s} l2={heads[category]['l2']:<5g} "
            f"AP={heads[category]['cv_average_precision']} t={point.threshold:.2f} "
            f"P={point.precision:.3f} R={point.recall:.3f} ordinary={point.ordinary_flags}"
        )
    combined = {
        c: rules_by[c]
        | (scopes[c] & gate_lets(gate[c], oof_by[c], bypass) & (oof_by[c] >= chosen[c].threshold))
        for c in CATEGORIES
    }
    compare_gates(gates, oof_by, ys, rules_by, scopes, ordinary, group, budget)
    everything = np.ones(len(rows), dtype=bool)
    cross_validation: dict[str, object] = {
        "note": "leave-one-set-out: each set scored by heads trained on the others; "
        "thresholds chosen on these pooled scores; the rules were tuned on every set",
        "ordinary_budget_flags": budget,
        "pooled": {
            "rules": figures(rules_by, ys, scopes, ordinary, everything),
            "rules_and_model": figures(combined, ys, scopes, ordinary, everything),
        },
        # the same, without the newest set: the folds the previous heads were measured on
        "pooled_without_newest": {
            "without": TRAIN_SETS[-1],
            "rules": figures(rules_by, ys, scopes, ordinary, group != TRAIN_SETS[-1]),
            "rules_and_model": figures(combined, ys, scopes, ordinary, group != TRAIN_SETS[-1]),
        },
        "by_held_out_set": {
            name: {
                "rules": figures(rules_by, ys, scopes, ordinary, group == name),
                "rules_and_model": figures(combined, ys, scopes, ordinary, group == name),
            }
            for name in TRAIN_SETS
        },
    }
    for layer in ("rules", "rules_and_model"):
        table = cross_validation["pooled"][layer]  # type: ignore[index]
        print(f"leave-one-set-out, {layer}:")
        for key, value in table.items():
            print(f"  {key:20s} {value}")
    for name in NEW_WRITERS:
        print(f"{name} held out (rules -> rules + model):")
        folds = cross_validation["by_held_out_set"][name]  # type: ignore[index]
        for c in CATEGORIES:
            a, b = folds["rules"][c], folds["rules_and_model"][c]
            print(
                f"  {c:20s} P {a['precision']:.3f}->{b['precision']:.3f} "
                f"R {a['recall']:.3f}->{b['recall']:.3f} F1 {a['f1']:.3f}->{b['f1']:.3f}"
            )
        print(f"  ordinary {folds['rules']['ordinary']} -> {folds['rules_and_model']['ordinary']}")
    if args.dry_run:
        return
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(
        args.out / "flag_heads.npz",
        weights=weights.astype(np.float32),
        biases=biases.astype(np.float32),
        stack=stack.astype(np.float32),
        examples=emb.astype(np.float16),
    )
    meta = {
        "version": model_flags.MODEL_VERSION,
        "urgent_gate": list(URGENT_GATES[args.urgent_gate][0]),
        "urgent_gate_bypass": URGENT_GATES[args.urgent_gate][1],
        "encoder": model_flags.ENCODER_ID,
        "categories": list(CATEGORIES),
        "heads": heads,
        "cross_validation": cross_validation,
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
