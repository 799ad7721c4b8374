"""`fairmarket worker` for real: a huey consumer with two worker processes on Redis, firing
deadlines on PostgreSQL, and a crash (SIGKILL of every worker process mid-transaction).

These run in the PostgreSQL run (FAIRMARKET_TEST_DATABASE_URL set, `make test-postgres`) and
skip in the SQLite run. Redis is FAIRMARKET_TEST_REDIS_URL (default 127.0.0.1:6379, db 15);
when it is unreachable they fail under CI=true and skip elsewhere.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import redis

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.kernel.clock import MovableClock
from tests.worker.due import (
    events_per_request,
    open_silent_cancellations,
    refunds_per_request,
    statuses,
)

REDIS_URL = os.environ.get("FAIRMARKET_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
WAIT_SECONDS = 90
CLI = "from fairmarket.entrypoints.cli.main import main; main()"


@pytest.fixture
def redis_url(database_url: str) -> Iterator[str]:
    if not database_url.startswith("postgresql"):
        pytest.skip("runs in the PostgreSQL run: set FAIRMARKET_TEST_DATABASE_URL")
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"Redis at {REDIS_URL} is unreachable ({error}); start redis-server"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    yield REDIS_URL
    client.close()


@pytest.fixture
def queue_name(redis_url: str) -> Iterator[str]:
    name = f"fairmarket-test-{uuid.uuid4().hex[:8]}"
    yield name
    client = redis.Redis.from_url(redis_url)
    for key in client.keys(f"huey.*{name}*"):
        client.delete(key)
    client.close()


def start_worker(
    database_url: str, redis_url: str, queue_name: str, log: Path, *, fire_delay: float = 0.0
) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "FAIRMARKET_DATABASE_URL": database_url,
        "FAIRMARKET_QUEUE": "redis",
        "FAIRMARKET_REDIS_URL": redis_url,
        "FAIRMARKET_QUEUE_NAME": queue_name,
        "FAIRMARKET_QUEUE_LEASE_SECONDS": "3",
        "FAIRMARKET_WORKER_INTERVAL_SECONDS": "0.5",
        "FAIRMARKET_WORKER_FIRE_DELAY_SECONDS": str(fire_delay),
        "FAIRMARKET_MODE": "development",
    }
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "-c", CLI, "worker", "--workers", "2"],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=output,
            start_new_session=True,  # its own process group: the test can kill every process of it
        )


def kill_group(process: subprocess.Popen[bytes], sig: signal.Signals) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    process.wait(timeout=30)


def wait_until_all_cancelled(factory: UnitOfWorkFactory, ids: list[int], log: Path) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    while statuses(factory, ids) != {"cancelled": len(ids)}:
        assert time.monotonic() < deadline, (
            f"not all fired: {statuses(factory, ids)}; the worker said:\n"
            + "\n".join(log.read_text().splitlines()[-30:])
        )
        time.sleep(0.2)


@pytest.fixture
def due_now(clock: MovableClock) -> MovableClock:
    """The workers read the real clock: open requests whose response window ended an hour ago,
    on orders still inside their handling window."""
    clock.freeze(datetime.now(UTC) - timedelta(hours=49))
    return clock


def test_two_worker_processes_fire_every_due_request_exactly_once(
    container: Container,
    database_url: str,
    due_now: MovableClock,
    redis_url: str,
    queue_name: str,
    tmp_path: Path,
) -> None:
    log = tmp_path / "worker.log"
    factory = container.uow_factory
    ids = open_silent_cancellations(factory, 150)
    worker = start_worker(database_url, redis_url, queue_name, log)
    try:
        wait_until_all_cancelled(factory, ids, log)
        time.sleep(1.5)  # a duplicate still in flight would show up now
    finally:
        kill_group(worker, signal.SIGTERM)

    assert refunds_per_request(factory) == dict.fromkeys(ids, 1)
    assert events_per_request(factory, "after_sale.auto_approved") == dict.fromkeys(ids, 1)
    assert set(events_per_request(factory, "after_sale.deadline_approaching").values()) <= {1}


def test_workers_killed_mid_transaction_lose_nothing_and_fire_nothing_twice(
    container: Container,
    database_url: str,
    due_now: MovableClock,
    redis_url: str,
    queue_name: str,
    tmp_path: Path,
) -> None:
    log = tmp_path / "worker.log"
    factory = container.uow_factory
    ids = open_silent_cancellations(factory, 120)
    slow = start_worker(database_url, redis_url, queue_name, log, fire_delay=0.05)
    try:
        deadline = time.monotonic() + WAIT_SECONDS
        while statuses(factory, ids)["cancelled"] == 0:  # the first chunk has committed
            assert time.monotonic() < deadline, "the workers never fired anything"
            time.sleep(0.05)
    finally:
        kill_group(slow, signal.SIGKILL)  # every process, each inside a chunk's transaction
    fired_before_crash = statuses(factory, ids)["cancelled"]
    assert 0 < fired_before_crash < len(ids)

    restarted = start_worker(database_url, redis_url, queue_name, log)
    try:
        wait_until_all_cancelled(factory, ids, log)
        time.sleep(1.5)
    finally:
        kill_group(restarted, signal.SIGTERM)

    assert refunds_per_request(factory) == dict.fromkeys(ids, 1)
    assert events_per_request(factory, "after_sale.auto_approved") == dict.fromkeys(ids, 1)
