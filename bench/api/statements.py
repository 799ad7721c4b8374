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
With `--profile N` it then runs N pairs under cProfile and prints the top functions by own
and cumulative time.
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
    pairs = 3 + args.profile
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
    finally:
        baseline.close()
    return 0


def profile(baseline: Baseline, numbers: list[int], top: int) -> None:
    profiler = cProfile.Profile()
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
