"""Drive the HTTP scenarios with wrk (a separate process) and turn its output into measurements."""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import time
from pathlib import Path
from typing import Any

from bench.api.seed import Seeded
from bench.api.server import Server, cpu_snapshot, cpu_used

LUA_DIR = Path(__file__).resolve().parent / "lua"


def wrk_binary() -> str:
    found = shutil.which("wrk")
    if found is None:
        raise SystemExit("wrk is needed for the HTTP scenarios: `sudo apt-get install wrk`")
    return found


def percentile(samples: list[float], pct: float) -> float | None:
    if not samples:
        return None
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered)) - 1))
    return ordered[index]


def _ms(us: float | None) -> float | None:
    return None if us is None else round(us / 1000, 2)


def _as_map(value: Any) -> dict[str, int]:
    return dict(value) if isinstance(value, dict) else {}


def _run_wrk(
    server: Server,
    script: str,
    *,
    threads: int,
    connections: int,
    duration: float,
    env: dict[str, str],
    out: Path,
) -> tuple[dict[str, Any], dict[str, Any]]:
    out.unlink(missing_ok=True)
    command = [
        wrk_binary(),
        f"-t{threads}",
        f"-c{connections}",
        f"-d{max(1, round(duration))}s",
        "--timeout",
        "10s",
        "-s",
        str(LUA_DIR / script),
        server.base_url,
    ]
    full_env = dict(os.environ)
    full_env.update(env, BENCH_LUA_DIR=str(LUA_DIR), BENCH_OUT=str(out))
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_before = cpu_snapshot(server.process.pid)
    started = time.perf_counter()
    completed = subprocess.run(
        command,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=duration + 60,
        check=False,
    )
    wall = time.perf_counter() - started
    cpu = cpu_used(cpu_before, cpu_snapshot(server.process.pid), wall)
    children_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    client_seconds = (children_after.ru_utime - children_before.ru_utime) + (
        children_after.ru_stime - children_before.ru_stime
    )
    cpu["client_cores"] = round(client_seconds / wall, 2)
    if completed.returncode != 0 or not out.exists():
        raise RuntimeError(f"wrk failed ({completed.returncode}): {completed.stderr[-2000:]}")
    return json.loads(out.read_text()), cpu


def orders_get(
    server: Server,
    seeded: Seeded,
    *,
    read_numbers: tuple[int, int],
    connections: int,
    duration: float,
    work_dir: Path,
) -> dict[str, Any]:
    first, count = read_numbers
    threads = max(1, min(2, connections))
    data, cpu = _run_wrk(
        server,
        "orders_get.lua",
        threads=threads,
        connections=connections,
        duration=duration,
        env={
            "BENCH_SELLER_KEY": seeded.seller_key,
            "BENCH_FIRST": str(first),
            "BENCH_COUNT": str(count),
        },
        out=work_dir / "wrk-orders-get.json",
    )
    seconds = data["duration_us"] / 1e6
    non_2xx = _as_map(data["non_2xx"])
    return {
        "client": f"wrk -t{threads} -c{connections} (orders_get.lua)",
        "throughput": round(data["ok"] / seconds, 1),
        "unit": "req/s",
        "p50_ms": _ms(data["p50_us"]),
        "p90_ms": _ms(data["p90_us"]),
        "p99_ms": _ms(data["p99_us"]),
        "max_ms": _ms(data["max_us"]),
        "ok": data["ok"],
        "requests": data["requests"],
        "non_2xx": sum(non_2xx.values()),
        "non_2xx_by_status": non_2xx,
        "errors": _socket_errors(data),
        "duration_s": round(seconds, 2),
        "cpu": cpu,
    }


def cancellation_pairs(
    server: Server,
    seeded: Seeded,
    *,
    numbers: tuple[int, int],
    connections: int,
    duration: float,
    work_dir: Path,
    run_id: str,
) -> dict[str, Any]:
    start, count = numbers
    keys_file = work_dir / "buyer-keys.txt"
    keys_file.write_text("\n".join(seeded.buyer_keys) + "\n")
    data, cpu = _run_wrk(
        server,
        "cancellation_pair.lua",
        threads=connections,
        connections=connections,
        duration=duration,
        env={
            "BENCH_SELLER_KEY": seeded.seller_key,
            "BENCH_BUYER_KEYS": str(keys_file),
            "BENCH_FIRST": str(seeded.numbers[0]),
            "BENCH_START": str(start),
            "BENCH_COUNT": str(count),
            "BENCH_THREADS": str(connections),
            "BENCH_RUN": run_id,
        },
        out=work_dir / "wrk-cancellation-pair.json",
    )
    keys_file.unlink(missing_ok=True)
    window = (data["window_us"] or data["duration_us"]) / 1e6
    pair_us = [float(v) for v in data["pair_us"]]
    non_2xx = _as_map(data["non_2xx"])
    return {
        "client": f"wrk -t{connections} -c{connections} (cancellation_pair.lua, 1 conn/thread)",
        "throughput": round(data["pairs_ok"] / window, 1),
        "unit": "pairs/s",
        "http_requests_per_s": round((data["requests_ok"] + data["approvals_ok"]) / window, 1),
        "p50_ms": _ms(percentile(pair_us, 50)),
        "p90_ms": _ms(percentile(pair_us, 90)),
        "p99_ms": _ms(percentile(pair_us, 99)),
        "max_ms": _ms(max(pair_us) if pair_us else None),
        "request_p50_ms": _ms(percentile([float(v) for v in data["request_us"]], 50)),
        "request_p99_ms": _ms(percentile([float(v) for v in data["request_us"]], 99)),
        "approve_p50_ms": _ms(percentile([float(v) for v in data["approve_us"]], 50)),
        "approve_p99_ms": _ms(percentile([float(v) for v in data["approve_us"]], 99)),
        "ok": data["pairs_ok"],
        "requests": data["requests"],
        "non_2xx": sum(non_2xx.values()),
        "non_2xx_by_status": non_2xx,
        "errors": _socket_errors(data),
        "duration_s": round(window, 2),
        "orders_available": count,
        "threads_out_of_orders": data["threads_exhausted"],
        "cpu": cpu,
    }


def _socket_errors(data: dict[str, Any]) -> int:
    errors = _as_map(data["errors"])
    # wrk counts non-2xx/3xx answers as "status" errors; those are reported as non_2xx instead.
    return sum(v for k, v in errors.items() if k != "status")
