"""Which capability a message asks for: logistic regression over a sentence embedding and words.

Features are the MiniLM embedding of the normalised message (meaning, so unseen wordings
generalise) beside hashed words and word pairs (the verb that tells "approve" from "reject",
which an embedding blurs). One softmax over the chat capabilities plus "out of scope", fitted on
what `training` gathers from the declarations. The out-of-scope threshold is chosen by
cross-validation on that training data only. Fitted weights are cached on disk under a hash of
the training data, the model and this module's version, so a server starts without refitting.
"""

from __future__ import annotations

import itertools
import logging
import re
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from fairmarket.entrypoints.chatbot import embedding
from fairmarket.entrypoints.chatbot.normalize import normalize
from fairmarket.entrypoints.chatbot.training import TrainingSet

logger = logging.getLogger(__name__)

VERSION = "recognizer-2"  # 2: typo correction leaves English words alone
OUT_OF_SCOPE = ""  # the class of messages no capability serves
HASHED_FEATURES = 1024
WORD_WEIGHT = 0.6  # the words' share beside the embedding (both vectors have unit length)
L2_PENALTY = 1e-4
STEPS = 200
LEARNING_RATE = 0.1
FOLDS = 3
# Share of out-of-scope training messages the threshold must still refuse in cross-validation.
REFUSED_SHARE = 0.995
NUMBER = re.compile(r"\d+")

Matrix = NDArray[np.float32]


@dataclass(frozen=True)
class Ranking:
    """Classes from most to least likely, with their probabilities."""

    names: tuple[str, ...]
    probabilities: tuple[float, ...]

    @property
    def best(self) -> tuple[str, float]:
        return self.names[0], self.probabilities[0]

    def probability_of(self, name: str) -> float:
        return self.probabilities[self.names.index(name)] if name in self.names else 0.0

    @property
    def runner_up(self) -> tuple[str, float]:
        return self.names[1], self.probabilities[1]


@dataclass(frozen=True)
class Recognizer:
    classes: tuple[str, ...]  # OUT_OF_SCOPE first, then capability names
    weights: Matrix  # features x classes
    bias: Matrix  # classes
    threshold: float  # below this best probability, a capability is not taken

    def rank(self, normalized_text: str) -> Ranking:
        return self.rank_many([normalized_text])[0]

    def rank_many(self, normalized_texts: list[str]) -> list[Ranking]:
        probabilities = softmax(features(normalized_texts) @ self.weights + self.bias)
        rankings = []
        for row in probabilities:
            order = np.argsort(-row)
            rankings.append(
                Ranking(tuple(self.classes[i] for i in order), tuple(float(row[i]) for i in order))
            )
        return rankings


def words_of(text: str) -> list[str]:
    tokens = NUMBER.sub("0", text).split()
    return tokens + [f"{a} {b}" for a, b in itertools.pairwise(tokens)]


def word_features(texts: list[str]) -> Matrix:
    matrix = np.zeros((len(texts), HASHED_FEATURES), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in words_of(text):
            matrix[row, zlib.crc32(word.encode("utf-8")) % HASHED_FEATURES] = 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    unit: Matrix = matrix / np.maximum(norms, 1e-12)
    return unit


def features(normalized_texts: list[str]) -> Matrix:
    both: Matrix = np.hstack(
        [embedding.encode(normalized_texts), WORD_WEIGHT * word_features(normalized_texts)]
    )
    return both


def softmax(scores: Matrix) -> Matrix:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exponentials = np.exp(shifted)
    probabilities: Matrix = (exponentials / exponentials.sum(axis=1, keepdims=True)).astype(
        np.float32
    )
    return probabilities


class Adam:
    """Adam steps for one parameter array, updated in place."""

    def __init__(self, parameter: Matrix) -> None:
        self.parameter = parameter
        self.moment = np.zeros_like(parameter)
        self.square = np.zeros_like(parameter)

    def step(self, gradient: Matrix, step: int) -> None:
        self.moment = 0.9 * self.moment + 0.1 * gradient
        self.square = 0.999 * self.square + 0.001 * gradient**2
        corrected = self.moment / (1 - 0.9**step)
        scale = np.sqrt(self.square / (1 - 0.999**step)) + 1e-8
        self.parameter -= LEARNING_RATE * corrected / scale


def fit_weights(x: Matrix, y: NDArray[np.int64], classes: int) -> tuple[Matrix, Matrix]:
    """Softmax regression by full-batch Adam, each class weighted by the inverse of its size."""
    counts = np.bincount(y, minlength=classes).astype(np.float32)
    sample_weight = (len(y) / (classes * np.maximum(counts, 1)))[y][:, None]
    targets = np.eye(classes, dtype=np.float32)[y]
    weights = Adam(np.zeros((x.shape[1], classes), dtype=np.float32))
    bias = Adam(np.zeros(classes, dtype=np.float32))
    for step in range(1, STEPS + 1):
        scores = x @ weights.parameter + bias.parameter
        error = (softmax(scores) - targets) * sample_weight / len(y)
        weights.step(x.T @ error + L2_PENALTY * weights.parameter, step)
        bias.step(error.sum(axis=0), step)
    return weights.parameter, bias.parameter


def out_of_fold_probabilities(x: Matrix, y: NDArray[np.int64], classes: int) -> Matrix:
    folds = np.arange(len(y)) % FOLDS
    np.random.default_rng(7).shuffle(folds)
    probabilities = np.zeros((len(y), classes), dtype=np.float32)
    for fold in range(FOLDS):
        held = folds == fold
        weights, bias = fit_weights(x[~held], y[~held], classes)
        probabilities[held] = softmax(x[held] @ weights + bias)
    return probabilities


def choose_threshold(probabilities: Matrix, y: NDArray[np.int64]) -> float:
    """The lowest best-capability probability that still refuses REFUSED_SHARE of the
    out-of-scope training messages when they were held out."""
    out_of_scope = probabilities[y == 0]
    best_capability = out_of_scope[:, 1:].max(axis=1)
    taken = best_capability[out_of_scope.argmax(axis=1) != 0]
    allowed = int(len(out_of_scope) * (1 - REFUSED_SHARE))
    if len(taken) <= allowed:
        return 0.0
    return float(np.sort(taken)[::-1][allowed]) + 1e-6


def fit(training: TrainingSet) -> Recognizer:
    names = sorted({label for label in training.labels if label is not None})
    classes = (OUT_OF_SCOPE, *names)
    index = {name: i for i, name in enumerate(classes)}
    y = np.array([index[label or OUT_OF_SCOPE] for label in training.labels], dtype=np.int64)
    x = features([normalize(text).text for text in training.texts])
    threshold = choose_threshold(out_of_fold_probabilities(x, y, len(classes)), y)
    weights, bias = fit_weights(x, y, len(classes))
    return Recognizer(classes, weights, bias, threshold)


def cache_file(cache_dir: Path, training: TrainingSet) -> Path:
    settings = f"{HASHED_FEATURES}/{WORD_WEIGHT}/{L2_PENALTY}/{STEPS}/{LEARNING_RATE}/{FOLDS}"
    key = training.fingerprint(VERSION, embedding.MODEL_NAME, settings, f"{REFUSED_SHARE}")
    return cache_dir / f"recognizer-{key}.npz"


def load_or_fit(training: TrainingSet, cache_dir: Path) -> Recognizer:
    path = cache_file(cache_dir, training)
    if path.exists():
        with np.load(path, allow_pickle=False) as stored:
            return Recognizer(
                classes=tuple(str(name) for name in stored["classes"]),
                weights=stored["weights"],
                bias=stored["bias"],
                threshold=float(stored["threshold"]),
            )
    logger.info("fitting the chat intent classifier (%d messages)", len(training.texts))
    recognizer = fit(training)
    cache_dir.mkdir(parents=True, exist_ok=True)
    temporary = path.with_suffix(".tmp.npz")
    np.savez(
        temporary,
        classes=np.array(recognizer.classes),
        weights=recognizer.weights,
        bias=recognizer.bias,
        threshold=np.array(recognizer.threshold),
    )
    temporary.replace(path)
    return recognizer
