"""Turn a raw message into lower-case words with common typos in domain words corrected.

Typo correction uses RapidFuzz's Damerau-Levenshtein distance (a transposition such as "aprpove"
counts as one edit) against the small vocabulary of domain words. It is conservative: a word is
only corrected when it is neither a domain word nor a word of the embedding model's vocabulary
(an English word spelled right), at least four letters long, starts with the same letter, and
is one edit away (two for words of eight letters or more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from fairmarket.entrypoints.chatbot.embedding import known_words
from fairmarket.entrypoints.chatbot.lexicon import DOMAIN_WORDS, PROTECTED_WORDS

CONTRACTIONS = (
    (re.compile(r"\bcan'?t\b"), "cannot"),
    (re.compile(r"\bwon'?t\b"), "wont"),
    (re.compile(r"(?<=\d)'s\b"), ""),  # "order 5310's history": the number, not "5310s"
    (re.compile(r"'s\b"), "s"),
    (re.compile(r"'"), ""),
)
NOT_A_WORD_CHARACTER = re.compile(r"[^a-z0-9#\s-]+")
LONE_DASH = re.compile(r"(?<![a-z0-9])-+|-+(?![a-z0-9])")
SPACES = re.compile(r"\s+")
MIN_CORRECTABLE_LENGTH = 4
LONG_WORD_LENGTH = 8
VOCABULARY = sorted(DOMAIN_WORDS)


@dataclass(frozen=True)
class NormalizedText:
    text: str  # lower case, punctuation removed, typos in domain words corrected
    corrections: int  # how many words were corrected (lowers confidence)


def normalize(message: str) -> NormalizedText:
    text = message.lower().replace("\u2019", "'").replace("\u2018", "'")
    for pattern, replacement in CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = NOT_A_WORD_CHARACTER.sub(" ", text)
    text = LONE_DASH.sub(" ", text)
    words: list[str] = []
    corrections = 0
    for word in SPACES.split(text.strip()):
        corrected = correct_word(word)
        corrections += corrected != word
        words.append(corrected)
    return NormalizedText(" ".join(words), corrections)


def correct_word(word: str) -> str:
    if (
        len(word) < MIN_CORRECTABLE_LENGTH
        or not word.isalpha()
        or word in DOMAIN_WORDS
        or word in PROTECTED_WORDS
        or word in known_words()
    ):
        return word
    allowed_edits = 2 if len(word) >= LONG_WORD_LENGTH else 1
    match = process.extractOne(
        word, VOCABULARY, scorer=DamerauLevenshtein.distance, score_cutoff=allowed_edits
    )
    if match is None or match[0][0] != word[0]:
        return word
    return str(match[0])
