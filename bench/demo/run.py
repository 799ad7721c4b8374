"""The demo's history generation, this code against a reference commit, alternated in one run.

The reference is the last commit whose demo kept its own copy of the engine's rules; its
`src/fairmarket` is exported with `git archive` into a temporary directory, and each side runs
`bench.demo.simulate` in its own process with `PYTHONPATH` pointing at its code. Rounds
alternate (reference, this code, reference, ...) so that drift in the machine's load touches
both. Prints the medians and this code ÷ reference; writes bench/results/demo-generation.json.

    .venv/bin/python -m bench.demo.run                       # 20,000 orders, 5 rounds of 3
    .venv/bin/python -m bench.demo.run --orders 6000 --rounds 2

Not a test; pytest never collects bench/. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
# The last commit before the demo used after_sales.transitions (demo/walks.py had its own
# apply_effect, choose_action, restart_timer and event payloads).
REFERENCE = "bccc271"
GOAL_RATIO = 1.5


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000, help="orders per history")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--rounds", type=int, default=5, help="alternated rounds per side")
    parser.add_argument("--repeat", type=int, default=3, help="timed histories per round")
    parser.add_argument("--reference", default=REFERENCE, help="the commit to compare with")
    parser.add_argument("--output", type=Path, default=RESULTS / "demo-generation.json")
    return parser.parse_args(argv)


def export_source(reference: str, into: Path) -> Path:
    """`src/fairmarket` as it is at `reference`, without touching the working tree."""
    archive = subprocess.run(
        ["git", "archive", "--format=tar", reference, "src/fairmarket"],
        cwd=ROOT,
        check=True,
        capture_output=True,
    ).stdout
    with tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def run_side(source: Path, args: argparse.Namespace) -> dict[str, Any]:
    env = os.environ | {"PYTHONPATH": str(source)}
    command = [sys.executable, "-m", "bench.demo.simulate", "--orders", str(args.orders)]
    command += ["--seed", str(args.seed), "--repeat", str(args.repeat), "--counts"]
    done = subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(done.stdout)
    if not result["code"].startswith(str(source)):
        raise SystemExit(f"the run imported {result['code']}, not the code under {source}")
    return result


def commit_of(reference: str) -> str:
    return subprocess.run(
        ["git", "rev-parse", reference], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    sides: dict[str, list[float]] = {"reference": [], "this_code": []}
    counts: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="fairmarket-demo-reference-") as tmp:
        sources = {"reference": export_source(args.reference, Path(tmp)), "this_code": ROOT / "src"}
        for round_number in range(1, args.rounds + 1):
            for side, source in sources.items():
                result = run_side(source, args)
                sides[side].extend(result["seconds"])
                counts[side] = result["counts"]
                print(
                    f"round {round_number} {side:9}: "
                    + " ".join(f"{s:.3f}" for s in result["seconds"])
                )
    medians = {side: statistics.median(seconds) for side, seconds in sides.items()}
    ratio = medians["this_code"] / medians["reference"]
    same = counts["reference"] == counts["this_code"]
    print(f"median reference {medians['reference']:.3f} s, this code {medians['this_code']:.3f} s")
    print(f"this code / reference = {ratio:.2f} (goal <= {GOAL_RATIO})")
    print(f"histories identical count for count: {same}")
    report = {
        "measured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"python": platform.python_version(), "cpus": os.cpu_count()},
        "what": "in-memory demo history (world, every order simulated, events in time order)",
        "orders": args.orders,
        "seed": args.seed,
        "reference_commit": commit_of(args.reference),
        "this_commit": commit_of("HEAD"),
        "seconds": sides,
        "median_seconds": medians,
        "ratio_this_code_to_reference": round(ratio, 3),
        "goal_ratio_at_most": GOAL_RATIO,
        "histories_identical": same,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n")
    print(f"wrote {args.output}")


if __name__ == "__main__":
    main()
