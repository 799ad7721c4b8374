"""Statements per decision, and where one decision's time goes (a tool, not a test).

```sh
.venv/bin/python -m bench.api.statements --db postgres --postgres-db fm_bench_statements
.venv/bin/python -m bench.api.statements --db sqlite --profile 300
```

Seeds a small fresh database (as bench/api does), then runs cancellation pairs in-process the way
the API runs them (key lock, claim, the capability, the stored response, in one transaction per
POST: `Baseline.cancellation_pair_with_idempotency`). After two warm-up pairs it logs every
statement sent to the database for one pair (SQLAlchemy's `before_cursor_execute`, so BEGIN and
COMMIT, which the driver sends itself, are counted apart) and prints them per transaction.
With `--profile N` it then runs N pairs under cProfile, timed by this process's CPU time (so
waits on the database do not count), and prints the top functions by own and cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import event

from bench.api.baseline import Baseline
from bench.api.raw_sql import RawPairs
from bench.api.seed import fresh_postgres, fresh_sqlite, require_loopback, seed

WORK = Path("var/bench")
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.api.statements", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="postgres")
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("FAIRMARKET_BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
    )
    parser.add_argument("--postgres-db", default="fm_bench_statements", help="dropped, recreated")
    parser.add_argument("--profile", type=int, default=0, help="pairs to run under cProfile")
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument(
        "--measure",
        type=int,
        default=0,
        help="pairs to time single-threaded, alternating Fairmarket and the raw limit (PostgreSQL)",
    )
    return parser.parse_args(argv)


class StatementLog:
    """Every statement an engine sends, with transaction boundaries from the engine's events."""

    def __init__(self, engine: Any) -> None:
        self.lines: list[str] = []
        self.active = False
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", lambda _c: self._mark("COMMIT"))
        event.listen(engine, "rollback", lambda _c: self._mark("ROLLBACK"))
        event.listen(engine, "begin", lambda _c: self._mark("BEGIN"))

    def _mark(self, what: str) -> None:
        if self.active:
            self.lines.append(f"-- {what}")

    def _statement(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if self.active:
            self.lines.append(" ".join(statement.split()))


def per_transaction(lines: list[str]) -> list[list[str]]:
    transactions: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line in {"-- COMMIT", "-- ROLLBACK"}:
            transactions.append(current)
            current = []
        elif line != "-- BEGIN":
            current.append(line)
    if current:
        transactions.append(current)
    return transactions


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.db == "sqlite":
        url = fresh_sqlite(WORK / "statements")
    else:
        require_loopback(args.postgres_url)
        url = fresh_postgres(args.postgres_url, args.postgres_db)
    pairs = 3 + args.profile + args.measure
    seeded = seed(url, orders=pairs, buyers=10)
    baseline = Baseline(seeded)
    log = StatementLog(baseline.container.engine)
    numbers = iter(seeded.numbers)
    try:
        for _ in range(2):
            baseline.cancellation_pair_with_idempotency(next(numbers))
        log.active = True
        baseline.cancellation_pair_with_idempotency(next(numbers))
        log.active = False
        for name, statements in zip(
            ("request", "approval"), per_transaction(log.lines), strict=False
        ):
            print(f"\n{name}: {len(statements)} statements + COMMIT")
            for statement in statements:
                print(f"  {statement[:160]}")
        if args.profile:
            profile(baseline, [next(numbers) for _ in range(args.profile)], args.top)
        if args.measure and args.db == "postgres":
            raw = RawPairs(seeded)
            try:
                measure(baseline, raw, [next(numbers) for _ in range(args.measure)])
            finally:
                raw.close()
    finally:
        baseline.close()
    return 0


def measure(baseline: Baseline, raw: RawPairs, numbers: list[int], chunk: int = 20) -> None:
    """Wall time and CPU per pair, one thread, in alternating chunks so that the machine's
    load falls on both alike. CPU: this process (`time.process_time`, which includes its
    Python and psycopg) and the PostgreSQL backend serving it (/proc/<pid>/stat)."""
    backends: set[int] = set()

    @event.listens_for(baseline.container.engine, "connect")
    def _remember(dbapi_connection: Any, _record: Any) -> None:
        backends.add(int(dbapi_connection.info.backend_pid))

    baseline.container.engine.dispose()  # reconnect, so the listener sees the backend
    raw_connection = raw._connection()
    raw_backend = {int(raw_connection.info.backend_pid)}
    totals = {name: [0.0, 0.0, 0.0, 0] for name in ("fairmarket", "limit")}
    for start in range(0, len(numbers), chunk):
        part = numbers[start : start + chunk]
        half = len(part) // 2
        runs = (
            ("fairmarket", part[:half], baseline.cancellation_pair_with_idempotency, backends),
            ("limit", part[half:], raw.pair, raw_backend),
        )
        for name, chosen, operation, pids in runs:
            wall, cpu, db = time.perf_counter(), time.process_time(), _ticks(pids)
            for number in chosen:
                operation(number)
            total = totals[name]
            total[0] += time.perf_counter() - wall
            total[1] += time.process_time() - cpu
            total[2] += (_ticks(pids) - db) / os.sysconf("SC_CLK_TCK")
            total[3] += len(chosen)
    print(
        f"\n{'run':<12}{'pairs':>6}{'wall ms':>10}{'client CPU ms':>15}{'PG CPU ms':>11}"
        "   (per pair, 1 thread)"
    )
    for name, (wall, cpu, db, count) in totals.items():
        print(
            f"{name:<12}{count:>6}{wall / count * 1000:>10.2f}{cpu / count * 1000:>15.2f}"
            f"{db / count * 1000:>11.2f}"
        )
    fm, lim = totals["fairmarket"], totals["limit"]
    print(
        "limit ÷ Fairmarket (throughput-equivalent): "
        f"wall {lim[0] / lim[3] / (fm[0] / fm[3]):.3f}, "
        f"client CPU {lim[1] / lim[3] / (fm[1] / fm[3]):.3f}, "
        f"CPU client + PG {(lim[1] + lim[2]) / lim[3] / ((fm[1] + fm[2]) / fm[3]):.3f}"
    )


def _ticks(pids: set[int]) -> int:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total


def profile(baseline: Baseline, numbers: list[int], top: int) -> None:
    profiler = cProfile.Profile(time.process_time)  # CPU time: waits on the database excluded
    started = time.perf_counter()
    profiler.enable()
    for number in numbers:
        baseline.cancellation_pair_with_idempotency(number)
    profiler.disable()
    seconds = time.perf_counter() - started
    print(
        f"\n{len(numbers)} pairs in {seconds:.2f} s under cProfile: "
        f"{seconds / len(numbers) * 1000:.2f} ms per pair"
    )
    for key in ("tottime", "cumulative"):
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(top)
        print(out.getvalue())


if __name__ == "__main__":
    sys.exit(main())
