"""Held-out and training accuracy of the chat interpreter.

    .venv/bin/python -m bench.chatbot.accuracy [--json bench/results/chatbot-accuracy.json]

Held-out sets are `tests/chatbot/data/*.jsonl` (never trained on). Training figures are the
same measures on what the classifier was fitted on (capabilities' examples, declared phrasings
and the development phrasings), to show how far the held-out figures fall from them.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from fairmarket.capabilities.registry import BY_NAME, chat_capabilities
from fairmarket.entrypoints.chatbot.interpreter import interpret
from fairmarket.entrypoints.chatbot.phrasings import DEVELOPMENT_PHRASINGS
from fairmarket.entrypoints.chatbot.scope import capability_verbs, is_refusal
from fairmarket.entrypoints.chatbot.training import capability_phrasings

HELD_OUT = Path(__file__).resolve().parents[2] / "tests" / "chatbot" / "data"


@dataclass(frozen=True)
class Case:
    message: str
    capability: str | None
    arguments: dict[str, Any] | None  # None: not labelled (training phrasings without arguments)


@dataclass(frozen=True)
class Score:
    name: str
    messages: int
    right_capability: float
    right_arguments: float | None
    # A change chosen where none was asked for; a rejection on a refusal ("no to request 9")
    # is the refusal itself, still confirmed first, so it is counted apart.
    positive_writes: int
    rejections: int
    mistakes: list[tuple[str, str | None, str | None]]
    argument_mistakes: list[tuple[str, Any, Any]]


def load(name: str) -> list[Case]:
    lines = (HELD_OUT / f"{name}.jsonl").read_text(encoding="utf-8").splitlines()
    return [Case(**json.loads(line)) for line in lines if line.strip()]


def training_cases() -> list[Case]:
    labelled = {text: args for text, _, args in DEVELOPMENT_PHRASINGS}
    return [
        Case(text, capability.name, labelled.get(text))
        for capability in chat_capabilities()
        for text in capability_phrasings(capability)
    ]


def score(name: str, cases: Iterable[Case]) -> Score:
    cases = list(cases)
    right = right_arguments = labelled = writes = rejections = 0
    mistakes = []
    argument_mistakes = []
    for case in cases:
        result = interpret(case.message)
        if result.capability == case.capability:
            right += 1
        else:
            mistakes.append((case.message, case.capability, result.capability))
        if case.arguments is not None:
            labelled += 1
            if result.capability == case.capability and result.arguments == case.arguments:
                right_arguments += 1
            elif result.capability == case.capability:
                argument_mistakes.append((case.message, case.arguments, result.arguments))
        chosen = BY_NAME.get(result.capability or "")
        if case.capability is None and chosen is not None and chosen.writes:
            if is_refusal(capability_verbs(chosen)):
                rejections += 1
            else:
                writes += 1
    return Score(
        name,
        len(cases),
        round(right / len(cases), 4),
        round(right_arguments / labelled, 4) if labelled else None,
        writes,
        rejections,
        mistakes,
        argument_mistakes,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", type=Path, help="write the figures to this file")
    parser.add_argument("--mistakes", action="store_true", help="list every wrong answer")
    options = parser.parse_args()
    scores = [
        score("training phrasings", training_cases()),
        *(
            score(f"held-out {name}", load(name))
            for name in (
                "capabilities",
                "capabilities_second",
                "capabilities_third",
                "negated",
                "negated_second",
                "out_of_scope",
                "out_of_scope_second",
                "clinc150_oos_test",
            )
        ),
    ]
    for s in scores:
        arguments = "-" if s.right_arguments is None else f"{s.right_arguments:.1%}"
        print(
            f"{s.name:32} n={s.messages:5}  capability {s.right_capability:6.1%}  "
            f"arguments {arguments:>6}  positive writes {s.positive_writes}  "
            f"rejections {s.rejections}"
        )
        if options.mistakes:
            for message, expected, got in s.mistakes:
                print(f"    {message!r}: expected {expected}, got {got}")
            for message, expected, got in s.argument_mistakes:
                print(f"    {message!r}: arguments expected {expected}, got {got}")
    if options.json:
        rows = [
            {k: v for k, v in asdict(s).items() if k not in ("mistakes", "argument_mistakes")}
            for s in scores
        ]
        options.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
