"""The demo's history keeps its make-up when the code behind it changes: counts per journey,
kind and status, per last action, per event type and audit action, against the baseline
recorded from the demo's former copy of the engine's rules (history_baseline.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bench.demo.simulate import history_counts, simulate

BASELINE = json.loads((Path(__file__).parent / "history_baseline.json").read_text())
# A cell may move by this share of its baseline count, or by ABSOLUTE for rare cells.
RELATIVE = 0.10
ABSOLUTE = 3


def off_by_more_than_tolerance(expected: dict[str, int], actual: dict[str, int]) -> list[str]:
    problems = []
    for key in sorted(expected.keys() | actual.keys()):
        want, got = expected.get(key, 0), actual.get(key, 0)
        if abs(got - want) > max(ABSOLUTE, RELATIVE * want):
            problems.append(f"{key}: baseline {want}, now {got}")
    return problems


@pytest.fixture(scope="module")
def counts() -> dict[str, dict[str, int]]:
    return history_counts(simulate(BASELINE["seed"], BASELINE["orders"]))


@pytest.mark.parametrize("table", sorted(BASELINE["counts"]))
def test_the_history_has_the_baseline_make_up(
    counts: dict[str, dict[str, int]], table: str
) -> None:
    assert off_by_more_than_tolerance(BASELINE["counts"][table], counts[table]) == []


def test_the_comparison_catches_a_shifted_history() -> None:
    # Given the baseline's statuses, with one common status a fifth smaller
    expected = BASELINE["counts"]["requests_by_journey_kind_status"]
    common = max(expected, key=expected.__getitem__)
    shifted = expected | {common: int(expected[common] * 0.8)}
    # Then the comparison names it
    assert off_by_more_than_tolerance(expected, shifted) == [
        f"{common}: baseline {expected[common]}, now {shifted[common]}"
    ]
