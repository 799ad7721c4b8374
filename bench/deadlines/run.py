"""Deadlines fired per second on PostgreSQL: the real queue path (`fairmarket worker`, huey on
Redis, 1/2/4 worker processes) against the embedded single-thread `run_after_sale_timers`, and
both against the limit: the same rows per chunk as set-based SQL over plain psycopg (raw_sql.py).

    .venv/bin/python -m bench.deadlines.run                  # 100,000 deadlines, 1 2 4 workers
    .venv/bin/python -m bench.deadlines.run --quick          # 5,000 deadlines, 30 s per run

Not a test; pytest never collects bench/. See bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shlex
import signal
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import redis
from sqlalchemy import create_engine, text
from sqlalchemy.engine import Engine, make_url

from bench.deadlines.raw_sql import fire_all
from bench.deadlines.seed import copy_of, seed_template
from fairmarket.bootstrap import bootstrap
from fairmarket.entrypoints.worker.due_jobs import run_after_sale_timers
from fairmarket.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
CLI = "from fairmarket.entrypoints.cli.main import main; main()"
FIRED = (
    "SELECT count(*), min(updated_at), max(updated_at) FROM after_sale_requests "
    "WHERE status <> 'pending'"
)
GOAL_PER_SECOND = 2000


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000, help="due deadlines per run")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument(
        "--baseline-count",
        type=int,
        default=10_000,
        help="deadlines left due for the embedded baseline (the rest not yet due)",
    )
    parser.add_argument(
        "--max-seconds",
        type=float,
        default=300.0,
        help="stop a run after this long; the rate is over what fired",
    )
    parser.add_argument("--chunk-size", type=int, default=50)
    parser.add_argument("--quick", action="store_true", help="5,000 deadlines, 30 s runs")
    parser.add_argument(
        "--limit-connections",
        type=int,
        nargs="*",
        default=[1, 2],
        help="connections of the hand-written SQL limit runs (none: no limit)",
    )
    parser.add_argument(
        "--postgres-url", default=os.environ.get("FAIRMARKET_BENCH_POSTGRES_URL", DEFAULT_POSTGRES)
    )
    parser.add_argument("--postgres-db", default="fm_bench_deadlines", help="dropped and recreated")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/14")
    args = parser.parse_args(argv)
    if args.quick:
        args.count, args.baseline_count, args.max_seconds = 5_000, 2_000, 30.0
    return args


def engine_for(url: str) -> Engine:
    return create_engine(make_url(url).set(drivername="postgresql+psycopg"))


def fired_so_far(engine: Engine) -> tuple[int, datetime | None, datetime | None]:
    with engine.connect() as connection:
        count, first, last = connection.execute(text(FIRED)).one()
    return int(count), first, last


def outcome(engine: Engine, due: int, wall: float) -> dict[str, Any]:
    """Rate over the firing window (first to last firing, from the rows' own timestamps), and
    the checks that each fired once: one refund and one auto_approve event per request."""
    count, first, last = fired_so_far(engine)
    window = (last - first).total_seconds() if first and last and last > first else wall
    with engine.connect() as connection:
        checks = connection.execute(
            text(
                """
                SELECT
                  (SELECT count(*) FROM refunds),
                  (SELECT count(*) FROM (SELECT after_sale_request_id FROM refunds
                     GROUP BY after_sale_request_id HAVING count(*) > 1) AS twice),
                  (SELECT count(*) FROM events WHERE type = 'after_sale.auto_approved'),
                  (SELECT count(*) FROM after_sale_requests WHERE status = 'cancelled')
                """
            )
        ).one()
    refunds, refunded_twice, events, cancelled = (int(v) for v in checks)
    return {
        "due": due,
        "fired": count,
        "all_fired": count == due,
        "window_s": round(window, 2),
        "wall_s": round(wall, 2),
        "per_second": round(count / window, 1) if window else None,
        "per_second_wall": round(count / wall, 1) if wall else None,
        "once_only": refunds == count and refunded_twice == 0 and events == count == cancelled,
        "refunds": refunds,
        "requests_refunded_twice": refunded_twice,
        "auto_approve_events": events,
    }


def run_baseline(args: argparse.Namespace, template: str) -> dict[str, Any]:
    url = copy_of(args.postgres_url, template, args.postgres_db)
    engine = engine_for(url)
    with engine.begin() as connection:  # same rows; only the first `baseline_count` are due
        connection.execute(
            text(
                "UPDATE after_sale_requests SET deadline = now() + interval '1 day' WHERE id > :n"
            ),
            {"n": args.baseline_count},
        )
    container = bootstrap(Settings(database_url=url, embedded_worker=False, _env_file=None))  # type: ignore[call-arg]
    engine.dispose()  # so the only backends of the bench database are the baseline's own
    try:
        started, cpu_started = time.perf_counter(), time.process_time()
        result = run_after_sale_timers(container.uow_factory, batch_size=200)
        wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        postgres_cpu = cpu_seconds(backend_pids(engine, args.postgres_db))
    finally:
        container.engine.dispose()
    measured = outcome(engine, args.baseline_count, wall)
    engine.dispose()
    if measured["fired"]:
        measured["cpu_ms_per_firing"] = {
            "process": round(1000 * cpu / measured["fired"], 2),
            "postgres": round(1000 * postgres_cpu / measured["fired"], 2),
        }
    print(
        f"  embedded run_after_sale_timers: {measured['per_second']}/s "
        f"({result.fired} fired in {wall:.1f} s)"
    )
    return measured


def run_queue(args: argparse.Namespace, template: str, workers: int) -> dict[str, Any]:
    url = copy_of(args.postgres_url, template, args.postgres_db)
    engine = engine_for(url)
    queue_name = f"fm-bench-{uuid.uuid4().hex[:8]}"
    env = {
        **os.environ,
        "FAIRMARKET_DATABASE_URL": url,
        "FAIRMARKET_QUEUE": "redis",
        "FAIRMARKET_REDIS_URL": args.redis_url,
        "FAIRMARKET_QUEUE_NAME": queue_name,
        "FAIRMARKET_WORKER_INTERVAL_SECONDS": "0.5",
        "FAIRMARKET_QUEUE_LEASE_SECONDS": "120",
        "FAIRMARKET_QUEUE_CHUNK_SIZE": str(args.chunk_size),
    }
    log = open(ROOT / "var" / "bench" / f"deadlines-worker-{workers}.log", "wb")  # noqa: SIM115
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-c", CLI, "worker", "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    cpu = {"workers_s": 0.0, "postgres_s": 0.0}
    try:
        while time.perf_counter() - started < args.max_seconds:
            if fired_so_far(engine)[0] >= args.count:
                break
            if process.poll() is not None:
                raise SystemExit(f"the worker exited with {process.returncode}; see {log.name}")
            time.sleep(0.25)
    finally:
        wall = time.perf_counter() - started
        cpu["workers_s"] = cpu_seconds(group_pids(process.pid))
        cpu["postgres_s"] = cpu_seconds(backend_pids(engine, args.postgres_db))
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=60)
        log.close()
        client = redis.Redis.from_url(args.redis_url)
        for key in client.keys(f"huey.*{queue_name}*"):
            client.delete(key)
        client.close()
    measured = outcome(engine, args.count, wall)
    engine.dispose()
    # CPU per firing (worker processes + their PostgreSQL backends): on a shared machine the
    # rate depends on the neighbours; this, and the capacity of idle cores it implies, do not.
    if measured["fired"]:
        per_firing = (cpu["workers_s"] + cpu["postgres_s"]) / measured["fired"]
        measured["cpu_ms_per_firing"] = {
            "workers": round(1000 * cpu["workers_s"] / measured["fired"], 2),
            "postgres": round(1000 * cpu["postgres_s"] / measured["fired"], 2),
        }
        measured["per_second_on_idle_cores"] = round((os.cpu_count() or 1) / per_firing, 1)
    print(
        f"  queue, {workers} worker(s): {measured['per_second']}/s, {measured['fired']} of "
        f"{args.count} in {measured['window_s']} s, once only: {measured['once_only']}"
    )
    return measured


def run_limit(args: argparse.Namespace, template: str, connections: int) -> dict[str, Any]:
    """The same rows as firing, per chunk of `--chunk-size`, by set-based SQL (raw_sql.py)."""
    url = copy_of(args.postgres_url, template, args.postgres_db)
    engine = engine_for(url)
    started, cpu_started = time.perf_counter(), time.process_time()
    fire_all(
        url,
        connections=connections,
        chunk=args.chunk_size,
        count=args.count,
        max_seconds=args.max_seconds,
    )
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    measured = outcome(engine, args.count, wall)
    engine.dispose()
    if measured["fired"]:
        measured["cpu_ms_per_firing"] = {"process": round(1000 * cpu / measured["fired"], 2)}
    print(
        f"  limit, set-based SQL, {connections} connection(s): {measured['per_second']}/s, "
        f"{measured['fired']} of {args.count} in {measured['window_s']} s, "
        f"once only: {measured['once_only']}"
    )
    return measured


def with_ratio_to_limit(measured: dict[str, Any], limit: dict[str, Any] | None) -> None:
    """Fairmarket ÷ limit, against the limit run with the most connections."""
    if limit and limit["per_second"] and measured["per_second"]:
        measured["ratio_to_limit"] = round(measured["per_second"] / limit["per_second"], 3)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (Linux /proc)."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / tick


def group_pids(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if int(fields[2]) == pgid:
                pids.append(int(entry.name))
    return pids


def backend_pids(engine: Engine, database: str) -> list[int]:
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT pid FROM pg_stat_activity WHERE datname = :d AND pid <> pg_backend_pid()"),
            {"d": database},
        )
        return [int(pid) for (pid,) in rows]


def machine(args: argparse.Namespace) -> dict[str, Any]:
    engine = engine_for(args.postgres_url)
    with engine.connect() as connection:
        server = connection.execute(text("SHOW server_version")).scalar_one()
    engine.dispose()
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "nproc": os.cpu_count(),
        "python": platform.python_version(),
        "postgres": server,
        "commit": commit,
        "loadavg_1_5_15_at_start": Path("/proc/loadavg").read_text().split()[:3],
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    # A SIGTERM unwinds like Ctrl-C, so the worker processes of a run are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    command = "python -m bench.deadlines.run " + shlex.join(sys.argv[1:] if argv is None else argv)
    (ROOT / "var" / "bench").mkdir(parents=True, exist_ok=True)
    info = machine(args)
    print(f"Fairmarket deadlines benchmark - {info['nproc']} cores, commit {info['commit'][:10]}")
    template = f"{args.postgres_db}_seed"
    seeded = seed_template(args.postgres_url, template, args.count)
    print(f"  seeded {args.count} due deadlines in {seeded:.1f} s")
    baseline = run_baseline(args, template)
    runs = {str(n): run_queue(args, template, n) for n in args.workers}
    limits = {str(n): run_limit(args, template, n) for n in args.limit_connections}
    reference = limits[str(max(args.limit_connections))] if limits else None
    for measured in (baseline, *runs.values()):
        with_ratio_to_limit(measured, reference)
    for run in runs.values():
        run["ratio_to_baseline"] = (
            round(run["per_second"] / baseline["per_second"], 2)
            if run["per_second"] and baseline["per_second"]
            else None
        )
    two = runs.get("2", {}).get("per_second")
    document = {
        "benchmark": "bench/deadlines",
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": command,
        "settings": {
            "count": args.count,
            "baseline_count": args.baseline_count,
            "chunk_size": args.chunk_size,
            "max_seconds": args.max_seconds,
        },
        "machine": info,
        "seed_seconds": round(seeded, 1),
        "baseline_embedded": baseline,
        "queue": runs,
        "limit_set_based_sql": limits,
        "ratio_to_limit_divides_by": (
            f"limit with {max(args.limit_connections)} connection(s)" if limits else None
        ),
        "goal": {
            "per_second_with_2_workers": GOAL_PER_SECOND,
            "measured": two,
            "met": bool(two and two >= GOAL_PER_SECOND),
        },
    }
    suffix = "-quick" if args.quick else ""
    path = RESULTS / f"deadlines-postgres{suffix}.json"
    path.write_text(json.dumps(document, indent=2) + "\n")
    print(f"results: {path.relative_to(ROOT)}")
    if reference:
        print(f"÷ limit = per second / the limit's {reference['per_second']}/s")
        for name, measured in [("embedded baseline", baseline)] + [
            (f"queue, {n} worker(s)", run) for n, run in runs.items()
        ]:
            print(f"  {name}: {measured['per_second']}/s, ÷ limit {measured.get('ratio_to_limit')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
