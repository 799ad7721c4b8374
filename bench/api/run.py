"""`python -m bench.api.run`: Seller API throughput over HTTP against the in-process baseline.

Per database: a fresh database, migrated and bulk-seeded; the in-process baseline (capability
calls on a thread pool, no HTTP); then the real server (uvicorn, production factory) in its own
process with 1 and 2 workers, loaded by wrk from another process. On PostgreSQL also the limit:
the cancellation pair's rows written by hand with psycopg (bench/api/raw_sql.py), 1 and 32
threads, and Fairmarket's throughput divided by it. Results go to
bench/results/api-<db>.json and a table on stdout. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, text

from bench.api import load
from bench.api.baseline import Baseline, measure, random_numbers, slice_numbers
from bench.api.raw_sql import RawPairs
from bench.api.seed import Seeded, fresh_postgres, fresh_sqlite, require_loopback, seed
from bench.api.server import running_server, server_command
from fairmarket.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
GOALS = {"orders_get_rps": 2000.0, "cancellation_pairs_per_s": 500.0, "p99_ms": 50.0}
# Upper bound on orders one cancellation run may consume, per second of run (bounds by count).
PAIRS_PER_SECOND_CAP = {"api": 800, "threads": 800, "single": 300, "limit": 3000}
LIMIT_RUNS = {"limit_single": 1, "limit_threads": 32}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.api.run", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections")
    parser.add_argument("--workers", default="1,2", help="uvicorn worker counts to compare")
    parser.add_argument("--orders", type=int, default=20_000, help="orders for the read scenario")
    parser.add_argument("--buyers", type=int, default=200)
    parser.add_argument("--quick", action="store_true", help="3 s runs, 5,000 orders, 1 worker")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("FAIRMARKET_BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a loopback server; its database is only used to create the bench database",
    )
    parser.add_argument("--postgres-db", default="fm_bench", help="dropped and recreated")
    parser.add_argument("--skip-baseline", action="store_true")
    parser.add_argument("--skip-api", action="store_true")
    parser.add_argument(
        "--skip-limit", action="store_true", help="no hand-written psycopg limit (PostgreSQL only)"
    )
    args = parser.parse_args(argv)
    if args.quick:
        args.duration = min(args.duration, 3.0)
        args.orders = min(args.orders, 5_000)
        args.workers = args.workers if "--workers" in (argv or sys.argv) else "1"
    args.worker_counts = [int(w) for w in str(args.workers).split(",") if w.strip()]
    if not 1 <= args.connections <= 256 or not 1 <= args.duration <= 600:
        parser.error("--connections must be 1..256 and --duration 1..600")
    return args


class OrderPool:
    """Hands out disjoint slices of the cancellable orders; each order is cancelled once."""

    def __init__(self, first: int, count: int) -> None:
        self.next, self.end = first, first + count

    def take(self, count: int) -> tuple[int, int]:
        count = min(count, self.end - self.next)
        start, self.next = self.next, self.next + count
        return start, count


def cancel_budget(args: argparse.Namespace, db: str) -> dict[str, int]:
    seconds = args.duration
    budget = {
        "single": int(PAIRS_PER_SECOND_CAP["single"] * seconds),
        "threads": int(PAIRS_PER_SECOND_CAP["threads"] * seconds),
        "threads_idempotency": int(PAIRS_PER_SECOND_CAP["threads"] * seconds),
    }
    if args.skip_baseline:
        budget = {}
    if db == "postgres" and not args.skip_limit:
        for name in LIMIT_RUNS:
            budget[name] = int(PAIRS_PER_SECOND_CAP["limit"] * seconds)
    if not args.skip_api:
        for workers in args.worker_counts:
            budget[f"api_{workers}w"] = int(PAIRS_PER_SECOND_CAP["api"] * seconds)
    return budget


def run_database(db: str, args: argparse.Namespace) -> dict[str, Any]:
    if db == "sqlite":
        url = fresh_sqlite(WORK)
    else:
        require_loopback(args.postgres_url)
        url = fresh_postgres(args.postgres_url, args.postgres_db)
    budget = cancel_budget(args, db)
    total = args.orders + sum(budget.values())
    print(f"\n== {db}: seeding {total:,} paid orders ({args.orders:,} for reads) ...", flush=True)
    seeded = seed(url, orders=total, buyers=args.buyers)
    print(f"   seeded in {seeded.seconds:.1f} s: {seeded.counts}", flush=True)
    reads = (seeded.numbers[0], args.orders)
    pool = OrderPool(seeded.numbers[0] + args.orders, total - args.orders)
    result: dict[str, Any] = {
        "db": db,
        "seed": {"seconds": round(seeded.seconds, 1), "rows": seeded.counts},
        "baseline": {},
        "limit": {},
        "api": {},
    }
    if not args.skip_baseline:
        result["baseline"] = run_baseline(seeded, args, reads, pool, budget)
    if db != "postgres":
        print("   limit (raw psycopg): skipped, PostgreSQL only", flush=True)
    elif not args.skip_limit:
        result["limit"] = run_limit(seeded, args, pool, budget)
    if not args.skip_api:
        for workers in args.worker_counts:
            result["api"][str(workers)] = run_api(seeded, args, reads, pool, budget, workers)
    result["scenarios"] = summarise(result)
    return result


def run_baseline(
    seeded: Seeded,
    args: argparse.Namespace,
    reads: tuple[int, int],
    pool: OrderPool,
    budget: dict[str, int],
) -> dict[str, Any]:
    baseline = Baseline(seeded)
    out: dict[str, Any] = {}
    d, n = args.duration, args.connections
    read_limit = int(20_000 * d)
    try:
        steps: list[tuple[str, Callable[[int], None], Callable[[], int | None], int, str]] = [
            (
                "orders_get_single",
                baseline.get_order,
                random_numbers(*reads, read_limit),
                1,
                "req/s",
            ),
            (
                "orders_get_threads",
                baseline.get_order,
                random_numbers(*reads, read_limit),
                n,
                "req/s",
            ),
            (
                "cancellation_pair_single",
                baseline.cancellation_pair,
                slice_numbers(*pool.take(budget["single"])),
                1,
                "pairs/s",
            ),
            (
                "cancellation_pair_threads",
                baseline.cancellation_pair,
                slice_numbers(*pool.take(budget["threads"])),
                n,
                "pairs/s",
            ),
            (
                "cancellation_pair_threads_with_idempotency",
                baseline.cancellation_pair_with_idempotency,
                slice_numbers(*pool.take(budget["threads_idempotency"])),
                n,
                "pairs/s",
            ),
        ]
        # Warm-up: open the pool's connections and fill SQLAlchemy's statement caches.
        measure(baseline.get_order, random_numbers(*reads, 2_000), threads=n, duration=1, unit="")
        for name, operation, numbers, threads, unit in steps:
            print(f"   baseline {name} ({threads} thread(s), {d:.0f} s) ...", flush=True)
            out[name] = measure(operation, numbers, threads=threads, duration=d, unit=unit)
            print(f"      {_line(out[name])}", flush=True)
    finally:
        baseline.close()
    return out


def run_limit(
    seeded: Seeded, args: argparse.Namespace, pool: OrderPool, budget: dict[str, int]
) -> dict[str, Any]:
    """The cancellation pair's rows by hand (raw_sql.py), 1 thread then 32, one connection each."""
    raw = RawPairs(seeded)
    out: dict[str, Any] = {}
    try:
        for name, threads in LIMIT_RUNS.items():
            print(
                f"   limit, raw psycopg ({threads} thread(s), {args.duration:.0f} s) ...",
                flush=True,
            )
            numbers = slice_numbers(*pool.take(budget[name]))
            measured = measure(
                raw.pair, numbers, threads=threads, duration=args.duration, unit="pairs/s"
            )
            measured["client"] = f"raw psycopg, {threads} thread(s)"
            out[f"cancellation_pair_{name.removeprefix('limit_')}"] = measured
            print(f"      {_line(measured)}", flush=True)
    finally:
        raw.close()
    return out


def run_api(
    seeded: Seeded,
    args: argparse.Namespace,
    reads: tuple[int, int],
    pool: OrderPool,
    budget: dict[str, int],
    workers: int,
) -> dict[str, Any]:
    print(f"   server: uvicorn --workers {workers} ...", flush=True)
    with running_server(
        seeded.database_url,
        workers=workers,
        log_dir=WORK,
        probe_path=f"/v1/orders/{reads[0]}",
        probe_key=seeded.seller_key,
    ) as server:
        common = {"connections": args.connections, "work_dir": WORK}
        load.orders_get(server, seeded, read_numbers=reads, duration=2, **common)  # warm-up
        print(f"   api orders_get ({args.connections} connections, {args.duration:.0f} s) ...")
        orders = load.orders_get(
            server, seeded, read_numbers=reads, duration=args.duration, **common
        )
        print(f"      {_line(orders)}", flush=True)
        print(f"   api cancellation_pair ({args.connections} connections) ...", flush=True)
        pairs = load.cancellation_pairs(
            server,
            seeded,
            numbers=pool.take(budget[f"api_{workers}w"]),
            duration=args.duration,
            run_id=f"bench-{workers}w-{int(time.time())}",
            **common,
        )
        print(f"      {_line(pairs)}", flush=True)
    return {
        "server": {
            "command": " ".join(["python", *server_command(0, workers)[1:]]).replace(
                "--port 0", "--port <free port>"
            ),
            "workers": workers,
            "env": {"FAIRMARKET_DATABASE_URL": "<bench db>", "FAIRMARKET_EMBEDDED_WORKER": "false"},
        },
        "orders_get": orders,
        "cancellation_pair": pairs,
    }


def summarise(result: dict[str, Any]) -> dict[str, Any]:
    """Per scenario: the best server config, its ratio to the 32-thread baseline."""
    scenarios: dict[str, Any] = {}
    for scenario in ("orders_get", "cancellation_pair"):
        by_workers = {w: run[scenario] for w, run in result["api"].items()}
        base = result["baseline"].get(f"{scenario}_threads")
        entry: dict[str, Any] = {
            "api_by_workers": {
                w: {k: m[k] for k in ("throughput", "p50_ms", "p99_ms", "non_2xx", "errors")}
                for w, m in by_workers.items()
            },
            "baseline_threads": base,
            "baseline_single": result["baseline"].get(f"{scenario}_single"),
        }
        limit = result["limit"].get(f"{scenario}_threads")
        if scenario == "cancellation_pair":
            entry["baseline_threads_with_idempotency"] = result["baseline"].get(
                "cancellation_pair_threads_with_idempotency"
            )
            entry["limit_threads"] = limit
            entry["limit_single"] = result["limit"].get(f"{scenario}_single")
            if base and _ratio(base, limit) is not None:
                entry["ratio_baseline_to_limit"] = _ratio(base, limit)
        if by_workers:
            best_workers = max(by_workers, key=lambda w: by_workers[w]["throughput"])
            best = by_workers[best_workers]
            entry.update(
                best_workers=int(best_workers),
                api=best,
                throughput=best["throughput"],
                unit=best["unit"],
                p50_ms=best["p50_ms"],
                p99_ms=best["p99_ms"],
                errors=best["errors"],
                non_2xx=best["non_2xx"],
            )
            if base and base["throughput"]:
                entry["ratio_api_to_baseline"] = round(best["throughput"] / base["throughput"], 2)
            if _ratio(best, limit) is not None:
                entry["ratio_to_limit"] = _ratio(best, limit)
        scenarios[scenario] = entry
    return scenarios


def _ratio(measured: dict[str, Any], limit: dict[str, Any] | None) -> float | None:
    """Fairmarket ÷ limit: `measured` throughput over the 32-thread limit's, if there is one."""
    if not limit or not limit["throughput"]:
        return None
    return round(measured["throughput"] / limit["throughput"], 3)


def goals(result: dict[str, Any]) -> dict[str, Any]:
    s = result["scenarios"]
    reads, pairs = s["orders_get"], s["cancellation_pair"]
    if "api" not in reads:
        return {}
    return {
        "targets": GOALS,
        "orders_get_rps_met": reads["throughput"] >= GOALS["orders_get_rps"],
        "cancellation_pairs_per_s_met": pairs["throughput"] >= GOALS["cancellation_pairs_per_s"],
        "orders_get_p99_met": (reads["p99_ms"] or 1e9) <= GOALS["p99_ms"],
        "cancellation_pair_p99_met": (pairs["p99_ms"] or 1e9) <= GOALS["p99_ms"],
    }


def machine(db_urls: dict[str, str]) -> dict[str, Any]:
    def git(*command: str) -> str:
        return subprocess.run(
            ["git", *command], cwd=ROOT, capture_output=True, text=True, check=False
        ).stdout.strip()

    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    info: dict[str, Any] = {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "commit": git("rev-parse", "HEAD"),
        "src_dirty": bool(git("status", "--porcelain", "--", "src")),
        "sqlite": sqlite3.sqlite_version,
        "wrk": subprocess.run(
            [load.wrk_binary(), "-v"], capture_output=True, text=True, check=False
        )
        .stdout.split("[")[0]
        .strip(),
        "packages": {
            name: version(name)
            for name in ("fastapi", "starlette", "uvicorn", "sqlalchemy", "pydantic", "psycopg")
        },
    }
    if "postgres" in db_urls:
        engine = create_engine(
            db_urls["postgres"].replace("postgresql://", "postgresql+psycopg://")
        )
        try:
            with engine.connect() as connection:
                info["postgres"] = connection.execute(text("SHOW server_version")).scalar_one()
        finally:
            engine.dispose()
    return info


def _fmt(value: Any, digits: int = 1) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.{digits}f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def _line(m: dict[str, Any]) -> str:
    non_2xx = m.get("non_2xx", 0)
    return (
        f"{m['throughput']:,.1f} {m['unit']}  p50 {_fmt(m['p50_ms'], 2)} ms  "
        f"p99 {_fmt(m['p99_ms'], 2)} ms  ok {m['ok']:,}  non-2xx {non_2xx}  errors {m['errors']}"
    )


def table(result: dict[str, Any]) -> str:
    rows: list[tuple[str, ...]] = [
        (
            "scenario",
            "run",
            "throughput",
            "p50 ms",
            "p99 ms",
            "ok",
            "non-2xx",
            "err",
            "ratio",
            "÷ limit",
        )
    ]
    for scenario, entry in result["scenarios"].items():
        limit = entry.get("limit_threads")
        for workers, run in sorted(result["api"].items()):
            m = run[scenario]
            ratio = None
            base = entry.get("baseline_threads")
            if base and base["throughput"]:
                ratio = round(m["throughput"] / base["throughput"], 2)
            best = " *" if entry.get("best_workers") == int(workers) else ""
            rows.append(
                (
                    scenario,
                    f"API, uvicorn {workers}w{best}",
                    *_measured(m, m["non_2xx"]),
                    _fmt(ratio, 2),
                    _fmt(_ratio(m, limit), 3),
                )
            )
        for name in ("threads", "single", "threads_with_idempotency"):
            m = result["baseline"].get(f"{scenario}_{name}")
            if m is None:
                continue
            rows.append(
                (
                    scenario,
                    f"baseline {m['client'].split(', ')[1]}"
                    + (" +idem" if "idempotency" in name else ""),
                    *_measured(m, "-"),
                    "",
                    _fmt(_ratio(m, limit), 3),
                )
            )
        for name in ("single", "threads"):
            m = result["limit"].get(f"{scenario}_{name}")
            if m is not None:
                label = f"limit, raw psycopg, {m['client'].split(', ')[1]}"
                rows.append((scenario, label, *_measured(m, "-"), "", ""))
    widths = [max(len(str(r[i])) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(str(c).ljust(w) for c, w in zip(r, widths, strict=True)) for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def _measured(m: dict[str, Any], non_2xx: Any) -> tuple[str, ...]:
    return (
        f"{m['throughput']:,.1f} {m['unit']}",
        _fmt(m["p50_ms"], 2),
        _fmt(m["p99_ms"], 2),
        _fmt(m["ok"]),
        _fmt(non_2xx),
        _fmt(m["errors"]),
    )


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    command = "python -m bench.api.run " + shlex.join(sys.argv[1:] if argv is None else argv)
    dbs = ["sqlite", "postgres"] if args.db == "both" else [args.db]
    WORK.mkdir(parents=True, exist_ok=True)
    RESULTS.mkdir(parents=True, exist_ok=True)
    info = machine({"postgres": args.postgres_url} if "postgres" in dbs else {})
    print(f"Fairmarket Seller API benchmark - {info['nproc']} cores, commit {info['commit'][:10]}")
    for db in dbs:
        started = datetime.now(UTC)
        load_before = Path("/proc/loadavg").read_text().split()[:3]
        result = run_database(db, args)
        document = {
            "benchmark": "bench/api",
            "date": started.isoformat(timespec="seconds"),
            "command": command,
            "settings": {
                "duration_s": args.duration,
                "connections": args.connections,
                "workers": args.worker_counts,
                "read_orders": args.orders,
                "buyers": args.buyers,
                "quick": args.quick,
                "db_pool_size": Settings(database_url="sqlite://").db_pool_size,
            },
            "machine": {**info, "loadavg_1_5_15_at_start": load_before},
            **result,
            "goals": goals(result),
        }
        suffix = "-quick" if args.quick else ""
        path = RESULTS / f"api-{db}{suffix}.json"
        path.write_text(json.dumps(document, indent=2) + "\n")
        print(f"\n{db} ({path.relative_to(ROOT)}); ratio = API / in-process 32-thread baseline")
        if result["limit"]:
            print("÷ limit = Fairmarket / the hand-written psycopg limit, 32 threads")
        print(table(result))
        if document["goals"]:
            print(f"goals: {json.dumps(document['goals'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
