"""One timed, in-memory demo history: the world, every order's simulation, the events put in
time order — what `generate_demo` does before it writes a row. Prints one JSON line.

Run by `bench.demo.run` in a subprocess whose `PYTHONPATH` picks the code under test (this
tree, or a frozen checkout of the reference commit), so it imports only names that both have.

    .venv/bin/python -m bench.demo.simulate --orders 6000 --seed 11
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from datetime import UTC, datetime
from typing import Any

import fairmarket
from fairmarket.demo.generator import (
    FIRST_ORDER_NUMBER,
    DemoSize,
    plan_placements,
    put_events_in_time_order,
    simulate_order,
)
from fairmarket.demo.history import History
from fairmarket.demo.rows import Rows
from fairmarket.demo.world import build_world
from fairmarket.kernel.policies import Policies

# The tests' frozen "now" (tests/conftest.START): the history is anchored on it.
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
PASSWORD_HASH = "not-a-real-hash"  # hashing is not what is measured


def simulate(seed: int, orders: int) -> Rows:
    size = DemoSize(orders=orders)
    rng = random.Random(seed)
    rows = Rows()
    world = build_world(
        rng,
        rows,
        now=NOW,
        sellers=size.sellers,
        buyers=size.buyers,
        products=size.products,
        password_hash=PASSWORD_HASH,
    )
    history = History(rng=rng, rows=rows, now=NOW, policies=Policies())
    for index, placement in enumerate(plan_placements(rng, world, now=NOW, size=size)):
        history.rng = random.Random(f"{seed}:{index}")
        simulate_order(history, FIRST_ORDER_NUMBER + index, placement)
    put_events_in_time_order(rows)
    return rows


def history_counts(rows: Rows) -> dict[str, dict[str, int]]:
    """What the demo's history is made of, as counts a refactoring must keep."""
    requests = rows.tables["after_sale_requests"]
    return {
        "requests_by_journey_kind_status": _count(
            f"{r['type']}/{r['kind']}/{r['status']}" for r in requests
        ),
        "requests_by_last_action": _count(f"{r['type']}/{r['last_action']}" for r in requests),
        "events_by_type": _count(e["type"] for e in rows.tables["events"]),
        "audit_by_action": _count(a["action"] for a in rows.tables["audit_records"]),
        "orders_by_status": _count(o["status"] for o in rows.tables["orders"]),
        "rows_by_table": {name: len(table) for name, table in sorted(rows.tables.items())},
        "refunded_minor_by_currency": _sum_by(rows.tables["refunds"], "currency", "amount_minor"),
    }


def _count(keys: Any) -> dict[str, int]:
    return dict(sorted(Counter(str(key) for key in keys).items()))


def _sum_by(rows: list[dict[str, Any]], key: str, value: str) -> dict[str, int]:
    totals: Counter[str] = Counter()
    for row in rows:
        totals[str(row[key])] += int(row[value])
    return dict(sorted(totals.items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--orders", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--repeat", type=int, default=1, help="timed runs in this process")
    parser.add_argument("--counts", action="store_true", help="also print the history's counts")
    args = parser.parse_args(argv)
    seconds = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        rows = simulate(args.seed, args.orders)
        seconds.append(time.perf_counter() - started)
    result: dict[str, Any] = {"code": fairmarket.__file__, "seconds": seconds}
    if args.counts:
        result["counts"] = history_counts(rows)
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
