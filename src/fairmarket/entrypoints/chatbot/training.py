"""What the intent classifier learns from: each chat capability's own declaration, and refusals.

A capability teaches the chat by its examples and phrasings (and the development phrasings
written for the first chatbot); nothing else needs to change for a new one. What is out of scope
is learnt from CLINC150's training queries (a personal assistant's 150 intents and its
out-of-scope set) and everyday requests that borrow a seller's verbs, shipped in `data/`;
CLINC150's out-of-scope *test* queries are never used here.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from fairmarket.capabilities.catalogue import Capability
from fairmarket.entrypoints.chatbot.phrasings import DEVELOPMENT_PHRASINGS

OUT_OF_SCOPE_FILES = ("out_of_scope_training.json", "everyday_requests.json")


@dataclass(frozen=True)
class TrainingSet:
    texts: tuple[str, ...]
    labels: tuple[str | None, ...]  # None: out of scope

    def fingerprint(self, *salt: str) -> str:
        digest = hashlib.sha256()
        for part in (*salt, *self.texts, *(label or "" for label in self.labels)):
            digest.update(part.encode("utf-8"))
            digest.update(b"\0")
        return digest.hexdigest()[:24]


def capability_phrasings(capability: Capability) -> tuple[str, ...]:
    """Every sentence the capability's declaration offers as a way to ask for it."""
    declared: tuple[str, ...] = getattr(capability, "phrasings", ())
    development = tuple(text for text, name, _ in DEVELOPMENT_PHRASINGS if name == capability.name)
    return tuple(dict.fromkeys((*capability.examples, *declared, *development)))


def out_of_scope_messages() -> tuple[str, ...]:
    folder = resources.files("fairmarket.entrypoints.chatbot.data")
    messages: list[str] = []
    for name in OUT_OF_SCOPE_FILES:
        messages += json.loads((folder / name).read_text(encoding="utf-8"))["messages"]
    refused = (text for text, name, _ in DEVELOPMENT_PHRASINGS if name is None and text.strip())
    return (*messages, *refused)


def training_set(capabilities: Iterable[Capability]) -> TrainingSet:
    texts: list[str] = []
    labels: list[str | None] = []
    for capability in capabilities:
        for text in capability_phrasings(capability):
            texts.append(text)
            labels.append(capability.name)
    for text in out_of_scope_messages():
        texts.append(text)
        labels.append(None)
    return TrainingSet(tuple(texts), tuple(labels))
