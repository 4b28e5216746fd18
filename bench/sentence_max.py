"""Step 23: does reading each sentence on its own help the heads? Leave-one-set-out, decided
by a rule fixed before any figure was seen (``docs/flags.md``, step 23).

Most threats and self-harm messages in the sets have two or three sentences, and only one
of them carries the harm ("Hope work went ok. Shame if something happened to that car of
yours."). The heads read one embedding of the whole message, so a short harmful sentence
next to ordinary ones is diluted. Here the heads are trained exactly as
``bench/train_flag_heads.py`` trains them (same sets, stages, L2 strengths of the shipped
heads, thresholds rule, urgent gate and ordinary budget); only the scoring of a held-out
message changes:

* ``whole``: the score of the whole message (the shipped heads; reproduces their recorded
  leave-one-set-out figures);
* ``max``: the highest of the whole message's score and each of its sentences' scores
  (``sentences`` below), each sentence scored by the same two stages, with its own
  nearest examples.

Usage (the sentence embeddings are cached in ``bench/out`` like every other)::

    uv run python bench/sentence_max.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import numpy as np

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parent))

from bench import train_flag_heads as t  # noqa: E402
from bench.embed_cache import embed_cached  # noqa: E402
from bench.eval_flags import found_categories  # noqa: E402
from onward.analysis import model_flags  # noqa: E402
from onward.analysis.flags import CATEGORIES, URGENT_CATEGORIES  # noqa: E402

# the rule, fixed before any figure was seen (docs/flags.md, step 23)
URGENT_RISE = 0.03  # pooled recall of threat and of self-harm pressure must each rise this much
OTHER_FALL = 0.01  # no category's pooled precision or recall may fall more than this
# and the pooled false flags on ordinary rows may not rise
_SPLIT = re.compile(r"(?<=[.!?…])\s+|\s*\n+\s*")
MIN_WORDS = 3


def sentences(text: str) -> list[str]:
    """The sentences of a message worth scoring alone: at least ``MIN_WORDS`` words, and
    only when the message has more than one piece."""
    pieces = [p.strip() for p in _SPLIT.split(text) if p.strip()]
    if len(pieces) < 2:
        return []
    return [p for p in pieces if len(p.split()) >= MIN_WORDS]


def main() -> None:
    rows, groups = t.load_rows()
    texts = [str(r["text"]) for r in rows]
    emb = embed_cached(texts)
    pieces = [sentences(x) for x in texts]
    owner = np.array([i for i, ps in enumerate(pieces) for _ in ps], dtype=np.int64)
    flat = [p for ps in pieces for p in ps]
    print(f"{len(rows)} rows, {len(flat)} sentences scored alone", flush=True)
    emb_s = embed_cached(flat)

    def unit(v: np.ndarray) -> np.ndarray:
        e = v.astype(np.float16).astype(np.float64)
        return e / np.linalg.norm(e, axis=1, keepdims=True)

    examples, examples_s = unit(emb), unit(emb_s)
    x, mean, std = t.standardise(emb.astype(np.float64))
    x_s = (emb_s.astype(np.float64) - mean) / std
    group = np.array(groups)
    group_s = group[owner]
    kinds = np.array([t._kind(r) for r in rows])
    ordinary = kinds == "ordinary"
    labels = [set(map(str, r.get("labels", []))) for r in rows]  # type: ignore[call-overload]
    rule_found = found_categories(rows)
    everywhere = np.ones(len(rows), dtype=bool)
    gated, bypass = t.URGENT_GATES["cue_or_high"]
    cued = {
        c: np.array([model_flags.URGENT_CUES[c].search(x.lower()) is not None for x in texts])
        if c in gated
        else everywhere
        for c in CATEGORIES
    }
    shipped = json.loads((t.OUT / "flag_heads.json").read_text(encoding="utf-8"))
    k = model_flags.NEAREST
    oof: dict[str, dict[str, np.ndarray]] = {"whole": {}, "max": {}}
    ys, rules_by, scopes = {}, {}, {}
    for category in CATEGORIES:
        y = np.array([category in ls for ls in labels], dtype=np.float64)
        lam = float(shipped["heads"][category]["l2"])
        logit, logit_s = np.zeros(len(y)), np.zeros(len(flat))
        feats, feats_s = np.zeros((len(y), 3)), np.zeros((len(flat), 3))
        for held in t.TRAIN_SETS:
            test, test_s = group == held, group_s == held
            theta = t.fit_logistic(x[~test], y[~test], lam)
            logit[test] = x[test] @ theta[:-1] + theta[-1]
            logit_s[test_s] = x_s[test_s] @ theta[:-1] + theta[-1]
            member = y[~test] == 1
            feats[test, 1:] = t.knn_features(examples[test], examples[~test], member, k)
            feats_s[test_s, 1:] = t.knn_features(examples_s[test_s], examples[~test], member, k)
        feats[:, 0], feats_s[:, 0] = logit, logit_s
        f_mean, f_std = feats.mean(axis=0), feats.std(axis=0) + 1e-9
        fs, fs_s = (feats - f_mean) / f_std, (feats_s - f_mean) / f_std
        rule_hit = np.array([category in found for found in rule_found])
        w2 = np.where(rule_hit, t.RULE_ROW_WEIGHT, 1.0)
        whole, best = np.zeros(len(y)), np.zeros(len(y))
        for held in t.TRAIN_SETS:
            test, test_s = group == held, group_s == held
            top = t.fit_logistic(fs[~test], y[~test], t.STACK_L2, w=w2[~test])
            whole[test] = t.scores(top, fs[test])
            s_scores = t.scores(top, fs_s[test_s])
            best[test] = whole[test]
            np.maximum.at(best, owner[test_s], s_scores)
        oof["whole"][category], oof["max"][category] = whole, best
        ys[category], rules_by[category] = y == 1, rule_hit
        scopes[category] = t.in_scope(kinds, category)
        print(f"{category}: scored", file=sys.stderr, flush=True)
    budget = int(t.MAX_ORDINARY_PER_1000 * int(ordinary.sum()) / 1000)
    results = {}
    for name, by in oof.items():
        curves = {
            c: t.curve(by[c], ys[c], rules_by[c], scopes[c], ordinary, cued[c], bypass)
            for c in CATEGORIES
        }
        chosen = t.share_budget(curves, budget)
        flagged = {
            c: rules_by[c]
            | (scopes[c] & t.gate_lets(cued[c], by[c], bypass) & (by[c] >= chosen[c].threshold))
            for c in CATEGORIES
        }
        results[name] = {
            "pooled": t.figures(flagged, ys, scopes, ordinary, everywhere),
            **{n: t.figures(flagged, ys, scopes, ordinary, group == n) for n in t.NEW_WRITERS},
        }
        print(
            f"{name}: thresholds "
            + " ".join(f"{c[:6]}={chosen[c].threshold:.2f}" for c in CATEGORIES)
        )
    for fold in ("pooled", *t.NEW_WRITERS):
        print(f"\n{fold}: whole -> max (P / R)")
        a, b = results["whole"][fold], results["max"][fold]
        for c in CATEGORIES:
            print(
                f"  {c:20s} {a[c]['precision']:.3f}/{a[c]['recall']:.3f} -> "  # type: ignore[index]
                f"{b[c]['precision']:.3f}/{b[c]['recall']:.3f}"  # type: ignore[index]
            )
        print(f"  ordinary {a['ordinary']} -> {b['ordinary']}")
    a, b = results["whole"]["pooled"], results["max"]["pooled"]
    rise = all(
        b[c]["recall"] - a[c]["recall"] >= URGENT_RISE  # type: ignore[index]
        for c in URGENT_CATEGORIES
    )
    fall = [
        f"{c} {m}"
        for c in CATEGORIES
        for m in ("precision", "recall")
        if a[c][m] - b[c][m] > OTHER_FALL  # type: ignore[index]
    ]
    more_false = b["ordinary"]["flags"] > a["ordinary"]["flags"]  # type: ignore[index]
    print(
        f"\nrule: urgent recall +{URGENT_RISE} each: {rise}; "
        f"falls over {OTHER_FALL}: {fall or 'none'}; more ordinary flags: {more_false}"
    )
    print("ADOPT" if rise and not fall and not more_false else "do not adopt")


if __name__ == "__main__":
    main()
