"""`python -m bench.webhooks.run`: webhook deliveries per second through the real delivery path.

Per database: a fresh database, migrated; a receiver (uvicorn + a bare ASGI app) in its own
process; endpoints created through the `webhooks.create` capability; events bulk-inserted into
the log; then `run_webhooks` (fan-out, claim, `HttpWebhookSender`, record) in rounds until every
delivery is done. Two runs in the same database: all endpoints healthy, then a fresh set of
endpoints of which 20 % answer 500 and already have due retries queued. Results go to
bench/results/webhooks-<db>.json and a table on stdout. This is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import platform
import pstats
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, insert, select, text

from bench.api.seed import fresh_postgres, require_loopback
from bench.api.server import cpu_snapshot, cpu_used, free_port, stop
from bench.webhooks.limit import notifications, send_all
from fairmarket.adapters.webhook_sender import HttpWebhookSender
from fairmarket.bootstrap import Container, bootstrap
from fairmarket.capabilities.catalogue import parse_command, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.migrate import upgrade
from fairmarket.domains.accounts.models import Seller
from fairmarket.domains.events.models import Event
from fairmarket.domains.webhooks.jobs import SEND_CONCURRENCY, run_webhooks
from fairmarket.domains.webhooks.models import WebhookAttempt, WebhookDelivery
from fairmarket.domains.webhooks.schemas import WebhookRunResult
from fairmarket.kernel.actors import ALL_SCOPES, Actor, ActorKind, Channel
from fairmarket.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
DEFAULT_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
GOAL_DELIVERIES_PER_S = 1000.0
WARM_UP_PER_FAILING_ENDPOINT = 100  # failed once before the measured run: due retries queued
RETRY_DUE_AFTER = timedelta(seconds=5)  # the first retry delay
CHUNK = 5_000


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.webhooks.run", description=__doc__)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--events", type=int, default=20_000, help="events per run")
    parser.add_argument("--endpoints", type=int, default=50, help="endpoints per run")
    parser.add_argument("--failing-share", type=float, default=0.2)
    parser.add_argument("--batch-size", type=int, default=1000, help="run_webhooks batch_size")
    parser.add_argument("--concurrency", type=int, default=SEND_CONCURRENCY)
    parser.add_argument("--receiver-workers", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=600.0, help="seconds per run, at most")
    parser.add_argument("--profile", action="store_true", help="cProfile the healthy run")
    parser.add_argument(
        "--skip-limit", action="store_true", help="no sign-and-POST limit run (limit.py)"
    )
    parser.add_argument(
        "--postgres-url",
        default=os.environ.get("FAIRMARKET_BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help="a loopback server; its database is only used to create the bench database",
    )
    parser.add_argument("--postgres-db", default="fm_bench_webhooks", help="dropped and recreated")
    args = parser.parse_args(argv)
    if not 1 <= args.endpoints <= 1000 or not 1 <= args.events <= 1_000_000:
        parser.error("--endpoints must be 1..1000 and --events 1..1,000,000")
    return args


# --- the receiver -------------------------------------------------------------------------------


@contextmanager
def running_receiver(workers: int) -> Iterator[tuple[str, int]]:
    """uvicorn serving bench.webhooks.receiver:app in its own process group; yields (url, pgid)."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "uvicorn",
        "bench.webhooks.receiver:app",
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--no-access-log",
        "--log-level",
        "warning",
    ]
    process = subprocess.Popen(command, cwd=ROOT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process)
        yield url, process.pid
    finally:
        stop(process)


def _wait_ready(url: str, process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the receiver exited with {process.returncode}")
        try:
            if httpx.post(f"{url}/ready", content=b"{}").status_code == 204:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit("the receiver did not answer within 30 s")


# --- the data -------------------------------------------------------------------------------------


def fresh_database(db: str, args: argparse.Namespace) -> str:
    if db == "postgres":
        url = fresh_postgres(args.postgres_url, args.postgres_db)
    else:
        WORK.mkdir(parents=True, exist_ok=True)
        path = WORK / "webhooks-bench.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    upgrade(url)
    return url


def add_sellers(container: Container, first_id: int, count: int) -> list[int]:
    now = datetime.now(UTC)
    ids = list(range(first_id, first_id + count))
    with container.uow_factory() as uow:
        uow.session.execute(
            insert(Seller),
            [
                {
                    "id": seller_id,
                    "name": f"Bench shop {seller_id}",
                    "region": "US",
                    "currency": "USD",
                    "timezone": "America/New_York",
                    "created_at": now,
                }
                for seller_id in ids
            ],
        )
    return ids


def add_endpoint(container: Container, seller_id: int, url: str) -> int:
    """Through the capability, as the API would: one endpoint, every event type."""
    actor = Actor(
        kind=ActorKind.INTEGRATION,
        channel=Channel.API,
        seller_id=seller_id,
        label="bench",
        scopes=ALL_SCOPES,
    )
    capability = get_capability("webhooks.create")
    created = run_capability(
        capability, container.uow_factory, actor, parse_command(capability, {"url": url})
    )
    endpoint_id: int = created.id
    return endpoint_id


def publish(container: Container, seller_ids: list[int], count: int, first_resource: int) -> None:
    """`count` order.shipped events, round-robin over the sellers, bulk-inserted and committed
    (so every one is settled for the fan-out)."""
    now = datetime.now(UTC)
    for start in range(0, count, CHUNK):
        with container.uow_factory() as uow:
            transaction_id = (
                uow.session.scalar(text("SELECT pg_current_xact_id()::text::bigint"))
                if container.engine.dialect.name == "postgresql"
                else None
            )
            uow.session.execute(
                insert(Event),
                [
                    _event(seller_ids[n % len(seller_ids)], first_resource + n, now, transaction_id)
                    for n in range(start, min(start + CHUNK, count))
                ],
            )


def _event(
    seller_id: int, number: int, now: datetime, transaction_id: int | None
) -> dict[str, Any]:
    return {
        "type": "order.shipped",
        "resource_type": "order",
        "resource_id": number,
        "sequence": 1,
        "seller_id": seller_id,
        "occurred_at": now,
        "transaction_id": transaction_id,
        "data": {
            "order_number": number,
            "status": "shipped",
            "carrier": "UPS",
            "tracking_number": f"1Z999AA1{number:010d}",
            "shipped_at": now.isoformat(),
        },
    }


# --- the runs -------------------------------------------------------------------------------------


@dataclass
class Drained:
    seconds: float = 0.0
    rounds: int = 0
    totals: dict[str, int] = field(default_factory=dict)
    bench_process_cpu_seconds: float = 0.0


def drain(
    container: Container,
    sender: HttpWebhookSender,
    args: argparse.Namespace,
    done: Callable[[dict[str, int]], bool],
) -> Drained:
    """run_webhooks in rounds, as the worker does back to back, until `done(totals)`."""
    totals: dict[str, int] = dict.fromkeys(asdict(WebhookRunResult()), 0)
    drained = Drained(totals=totals)
    cpu_before, started = time.process_time(), time.perf_counter()
    deadline = started + args.timeout
    while not done(totals) and time.perf_counter() < deadline:
        result = run_webhooks(
            container.uow_factory, sender, batch_size=args.batch_size, concurrency=args.concurrency
        )
        drained.rounds += 1
        for key, value in asdict(result).items():
            totals[key] += value
        if not result.attempts and not result.deliveries_created:
            time.sleep(0.05)  # nothing due yet (retries): poll like a worker tick would
    drained.seconds = time.perf_counter() - started
    drained.bench_process_cpu_seconds = round(time.process_time() - cpu_before, 2)
    if not done(totals):
        raise SystemExit(f"not finished within --timeout {args.timeout:.0f} s: {totals}")
    return drained


def healthy_run(
    container: Container, sender: HttpWebhookSender, args: argparse.Namespace, url: str, pgid: int
) -> dict[str, Any]:
    sellers = add_sellers(container, 1, args.endpoints)
    for seller_id in sellers:
        add_endpoint(container, seller_id, f"{url}/ok/{seller_id}")
    publish(container, sellers, args.events, first_resource=1)
    before = cpu_snapshot(pgid)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    drained = drain(container, sender, args, lambda t: t["succeeded"] >= args.events)
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
    cpu = cpu_used(before, cpu_snapshot(pgid), drained.seconds)
    return {
        "endpoints": args.endpoints,
        "events": args.events,
        "deliveries": drained.totals["succeeded"],
        "seconds": round(drained.seconds, 2),
        "deliveries_per_s": round(drained.totals["succeeded"] / drained.seconds, 1),
        "rounds": drained.rounds,
        "totals": drained.totals,
        "cpu": {**_renamed(cpu), "bench_process_cores": _cores(drained)},
    }


def failing_run(
    container: Container, sender: HttpWebhookSender, args: argparse.Namespace, url: str, pgid: int
) -> dict[str, Any]:
    """Fresh endpoints on fresh sellers; the first `failing-share` of them answer 500 and start
    with due retries queued (they failed once RETRY_DUE_AFTER ago)."""
    sellers = add_sellers(container, 10_001, args.endpoints)
    failing_count = round(args.endpoints * args.failing_share)
    failing_sellers = sellers[:failing_count]
    endpoint_of: dict[int, int] = {}
    for seller_id in sellers:
        path = "fail" if seller_id in failing_sellers else "ok"
        endpoint_of[seller_id] = add_endpoint(container, seller_id, f"{url}/{path}/{seller_id}")
    failing = [endpoint_of[s] for s in failing_sellers]
    warm_up = WARM_UP_PER_FAILING_ENDPOINT * failing_count
    publish(container, failing_sellers, warm_up, first_resource=1_000_001)
    drain(container, sender, args, lambda t: t["retries_scheduled"] >= warm_up)
    time.sleep(RETRY_DUE_AFTER.total_seconds() + 0.5)  # every warm-up retry is now due

    publish(container, sellers, args.events, first_resource=2_000_001)
    healthy_expected = sum(
        1 for n in range(args.events) if sellers[n % len(sellers)] not in failing_sellers
    )
    before = cpu_snapshot(pgid)
    drained = drain(container, sender, args, lambda t: t["succeeded"] >= healthy_expected)
    cpu = cpu_used(before, cpu_snapshot(pgid), drained.seconds)
    first_attempts, retries_before = _attempts_by_kind(container, failing, drained)
    seconds = drained.seconds
    return {
        "endpoints": args.endpoints,
        "failing_endpoints": failing_count,
        "events": args.events,
        "due_retries_at_start": warm_up,
        "healthy_deliveries": healthy_expected,
        "seconds_to_last_healthy_delivery": round(seconds, 2),
        "healthy_first_attempts_per_s": round(healthy_expected / seconds, 1),
        "first_attempts_per_s": round(first_attempts / seconds, 1),
        "first_attempts": first_attempts,
        "retry_attempts_before_last_healthy_delivery": retries_before,
        "rounds": drained.rounds,
        "totals": drained.totals,
        "cpu": {**_renamed(cpu), "bench_process_cores": _cores(drained)},
    }


def limit_run(
    sender: HttpWebhookSender, args: argparse.Namespace, url: str, pgid: int
) -> dict[str, Any]:
    """The same number of notifications, signed and POSTed with no database (limit.py)."""
    webhooks = notifications(url, args.endpoints, args.events, first_resource=3_000_001)
    before = cpu_snapshot(pgid)
    cpu_before = time.process_time()
    seconds, delivered = send_all(sender, webhooks, args.concurrency)
    cpu = cpu_used(before, cpu_snapshot(pgid), seconds)
    if delivered != len(webhooks):
        raise SystemExit(f"the limit run delivered {delivered} of {len(webhooks)}")
    print(f"limit, sign and POST, no database: {delivered / seconds:,.0f}/s", flush=True)
    return {
        "deliveries": delivered,
        "seconds": round(seconds, 2),
        "deliveries_per_s": round(delivered / seconds, 1),
        "cpu": {
            **_renamed(cpu),
            "bench_process_cores": round((time.process_time() - cpu_before) / seconds, 2),
        },
    }


def _attempts_by_kind(
    container: Container, failing_endpoints: list[int], drained: Drained
) -> tuple[int, int]:
    """(first attempts made in the measured run, retries of failing endpoints made before its
    last healthy delivery)."""
    with container.uow_factory(read_only=True) as uow:
        last_healthy = uow.session.scalar(
            select(func.max(WebhookDelivery.delivered_at)).where(
                WebhookDelivery.endpoint_id.not_in(failing_endpoints)
            )
        )
        first_ids = select(func.min(WebhookAttempt.id)).group_by(WebhookAttempt.delivery_id)
        retries = uow.session.scalar(
            select(func.count())
            .select_from(WebhookAttempt)
            .join(WebhookDelivery, WebhookDelivery.id == WebhookAttempt.delivery_id)
            .where(
                WebhookDelivery.endpoint_id.in_(failing_endpoints),
                WebhookAttempt.at <= last_healthy,
                WebhookAttempt.id.not_in(first_ids),
            )
        )
    return drained.totals["attempts"] - (retries or 0), retries or 0


def _renamed(cpu: dict[str, float]) -> dict[str, float]:
    return {
        "receiver_cores": cpu["server_cores"],
        "postgres_cores": cpu["postgres_cores"],
        "machine_busy_pct": cpu["machine_busy_pct"],
    }


def _cores(drained: Drained) -> float:
    return round(drained.bench_process_cpu_seconds / drained.seconds, 2)


# --- main ---------------------------------------------------------------------------------------


def run_database(db: str, args: argparse.Namespace) -> dict[str, Any]:
    url = fresh_database(db, args)
    # The receiver listens on 127.0.0.1, a private target the settings must allow.
    settings = Settings(database_url=url, embedded_worker=False, webhook_allow_private_targets=True)  # type: ignore[call-arg]
    container = bootstrap(settings)
    sender = HttpWebhookSender(private_targets_allowed=True)
    try:
        with running_receiver(args.receiver_workers) as (receiver_url, pgid):
            healthy = healthy_run(container, sender, args, receiver_url, pgid)
            print(f"{db} all healthy: {healthy['deliveries_per_s']:,.0f} deliveries/s", flush=True)
            limit = None if args.skip_limit else limit_run(sender, args, receiver_url, pgid)
            failing = failing_run(container, sender, args, receiver_url, pgid)
    finally:
        sender.close()
        container.engine.dispose()
    ratio = failing["healthy_first_attempts_per_s"] / healthy["deliveries_per_s"]
    return {
        "db": db,
        "all_healthy": healthy,
        "limit_sign_and_post": limit,
        "ratio_all_healthy_to_limit": (
            round(healthy["deliveries_per_s"] / limit["deliveries_per_s"], 3) if limit else None
        ),
        "with_failing": failing,
        "ratio_healthy_first_attempts_failing_to_all_healthy": round(ratio, 3),
        "ratio_first_attempts_failing_to_all_healthy": round(
            failing["first_attempts_per_s"] / healthy["deliveries_per_s"], 3
        ),
        "goal_deliveries_per_s": GOAL_DELIVERIES_PER_S,
        "goal_met": healthy["deliveries_per_s"] >= GOAL_DELIVERIES_PER_S,
    }


def meta(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "command": "python -m bench.webhooks.run " + " ".join(sys.argv[1:]),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_average_before": os.getloadavg()[0],
        "versions": {name: version(name) for name in ("httpx", "uvicorn", "sqlalchemy")},
        "settings": {
            "events": args.events,
            "endpoints": args.endpoints,
            "failing_share": args.failing_share,
            "batch_size": args.batch_size,
            "concurrency": args.concurrency,
            "receiver_workers": args.receiver_workers,
        },
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.db in ("postgres", "both"):
        require_loopback(args.postgres_url)
    RESULTS.mkdir(parents=True, exist_ok=True)
    for db in ("sqlite", "postgres") if args.db == "both" else (args.db,):
        result = {"meta": meta(args), **run_database(db, args)}
        result["meta"]["load_average_after"] = os.getloadavg()[0]
        (RESULTS / f"webhooks-{db}.json").write_text(json.dumps(result, indent=2) + "\n")
        healthy, failing = result["all_healthy"], result["with_failing"]
        limit = result["limit_sign_and_post"]
        print(
            f"{db}: all healthy {healthy['deliveries_per_s']:,.0f} deliveries/s "
            f"({healthy['seconds']} s), limit {limit['deliveries_per_s'] if limit else '-'}/s, "
            f"÷ limit {result['ratio_all_healthy_to_limit']}; 20 % failing: healthy first attempts "
            f"{failing['healthy_first_attempts_per_s']:,.0f}/s, all first attempts "
            f"{failing['first_attempts_per_s']:,.0f}/s (ratio to all healthy "
            f"{result['ratio_healthy_first_attempts_failing_to_all_healthy']} / "
            f"{result['ratio_first_attempts_failing_to_all_healthy']}); retries before the "
            f"last healthy delivery: {failing['retry_attempts_before_last_healthy_delivery']}",
            flush=True,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
