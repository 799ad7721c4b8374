"""Chat interpretation latency: the classifier beside the frozen rules-only interpreter.

    .venv/bin/python -m bench.chatbot.run [--messages 2550] [--json bench/results/chatbot.json]

One process, one thread. Messages are the held-out sets of `tests/chatbot/data` (requests,
refusals, out-of-scope and CLINC150's out-of-scope test), cycled to `--messages`. Each message is
interpreted by both, one after the other, so both see the same machine load. Model load is
timed in a fresh subprocess: the ONNX session and tokenizer, then the fitted classifier from
its cache (as at server start), then the first message.
"""

from __future__ import annotations

import argparse
import itertools
import json
import platform
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from bench.chatbot.accuracy import load
from bench.chatbot.baseline import interpreter as baseline
from fairmarket.entrypoints.chatbot import interpreter

SETS = ("capabilities", "negated", "out_of_scope", "clinc150_oos_test")
LOAD_PROBE = """
import json, time
started = time.perf_counter()
from fairmarket.entrypoints.chatbot import embedding, interpreter
imported = time.perf_counter()
model = embedding.warm_up()
warm = time.perf_counter()
interpreter.warm_up()
ready = time.perf_counter()
interpreter.interpret("approve request 12")
first = time.perf_counter()
print(json.dumps({"import_s": imported - started, "model_load_s": model,
                  "model_and_first_encode_s": warm - imported,
                  "classifier_from_cache_s": ready - warm, "first_message_s": first - ready}))
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def timings(messages: list[str]) -> dict[str, list[float]]:
    measured: dict[str, list[float]] = {"classifier": [], "rules_baseline": []}
    for message in messages:
        started = time.perf_counter()
        interpreter.interpret(message)
        middle = time.perf_counter()
        baseline.interpret(message)
        ended = time.perf_counter()
        measured["classifier"].append((middle - started) * 1000)
        measured["rules_baseline"].append((ended - middle) * 1000)
    return measured


def load_times() -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, "-c", LOAD_PROBE], check=True, capture_output=True, text=True
    ).stdout
    loaded: dict[str, float] = json.loads(output.strip().splitlines()[-1])
    return {name: round(value, 3) for name, value in loaded.items()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=2550)
    parser.add_argument("--json", type=Path, help="write the results to this file")
    options = parser.parse_args()
    pool = [case.message for name in SETS for case in load(name)]
    messages = list(itertools.islice(itertools.cycle(pool), options.messages))
    interpreter.warm_up()  # as at server start; load is timed apart, below
    timings(messages[:50])
    measured = timings(messages)
    summary: dict[str, Any] = {
        "messages": len(messages),
        "distinct_messages": len(set(messages)),
        "python": platform.python_version(),
        "load": load_times(),
    }
    for name, values in measured.items():
        summary[name] = {
            "p50_ms": round(percentile(values, 0.50), 3),
            "p99_ms": round(percentile(values, 0.99), 3),
            "max_ms": round(max(values), 3),
        }
        figures = summary[name]
        print(f"{name:16} p50 {figures['p50_ms']:7.3f} ms   p99 {figures['p99_ms']:7.3f} ms")
    for statistic in ("p50_ms", "p99_ms"):
        ratio = summary["classifier"][statistic] / summary["rules_baseline"][statistic]
        summary[f"ratio_{statistic.removesuffix('_ms')}"] = round(ratio, 2)
    print(f"classifier ÷ rules: p50 {summary['ratio_p50']}x, p99 {summary['ratio_p99']}x")
    print("load:", summary["load"])
    if options.json:
        options.json.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
