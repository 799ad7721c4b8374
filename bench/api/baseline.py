"""The same database transactions without HTTP: capability calls in-process, on a thread pool."""

from __future__ import annotations

import random
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from pydantic import BaseModel

from bench.api.load import percentile
from bench.api.seed import Seeded
from fairmarket.bootstrap import Container, bootstrap
from fairmarket.capabilities.catalogue import Capability, run_capability
from fairmarket.capabilities.registry import get_capability
from fairmarket.db.idempotency import (
    StoredResponse,
    check_key,
    record_response,
    request_fingerprint,
    try_lock_key,
)
from fairmarket.domains.accounts.credentials import actor_for_api_key
from fairmarket.domains.after_sales.schemas import ApproveRequest, OpenCancellation
from fairmarket.domains.orders.schemas import OrderRef
from fairmarket.kernel.actors import Actor, Channel
from fairmarket.kernel.errors import DomainError
from fairmarket.settings import Settings

ORDERS_GET = get_capability("orders.get")
REQUEST = get_capability("buyer.after_sales.cancel")
APPROVE = get_capability("after_sales.approve")


class Baseline:
    """Holds one container (same engine and pool settings as the server) and the actors."""

    def __init__(self, seeded: Seeded) -> None:
        self.seeded = seeded
        self.container: Container = bootstrap(
            Settings(database_url=seeded.database_url, embedded_worker=False)
        )
        self.seller = self._actor(seeded.seller_key, Channel.API)
        self.buyers = [self._actor(key, Channel.BUYER_API) for key in seeded.buyer_keys]
        self.ttl = timedelta(hours=self.container.settings.idempotency_key_ttl_hours)

    def close(self) -> None:
        self.container.engine.dispose()

    def _actor(self, key: str, channel: Channel) -> Actor:
        with self.container.uow_factory(read_only=True) as uow:
            actor = actor_for_api_key(uow, key, channel)
        if actor is None:
            raise RuntimeError("seeded API key does not authenticate")
        return actor

    def buyer_for(self, number: int) -> Actor:
        return self.buyers[(number - self.seeded.numbers[0]) % len(self.buyers)]

    # --- the operations ------------------------------------------------------------------------

    def get_order(self, number: int) -> None:
        run_capability(
            ORDERS_GET, self.container.uow_factory, self.seller, OrderRef(order_number=number)
        )

    def cancellation_pair(self, number: int) -> None:
        factory = self.container.uow_factory
        request = run_capability(
            REQUEST,
            factory,
            self.buyer_for(number),
            OpenCancellation(order_number=number, reason="changed_mind"),
        )
        run_capability(APPROVE, factory, self.seller, ApproveRequest(request_id=request.id))

    def cancellation_pair_with_idempotency(self, number: int) -> None:
        """As the API does it: key lock, claim, action and stored response in one transaction."""
        buyer = self.buyer_for(number)
        request = self._idempotent(
            buyer,
            f"bl-r-{number}",
            f"/v1/buyer/orders/{number}/after-sales/cancellation",
            REQUEST,
            OpenCancellation(order_number=number, reason="changed_mind"),
        )
        self._idempotent(
            self.seller,
            f"bl-a-{number}",
            f"/v1/after-sales/{request.id}/approve",
            APPROVE,
            ApproveRequest(request_id=request.id),
        )

    def _idempotent(
        self, actor: Actor, key: str, path: str, capability: Capability, command: BaseModel
    ) -> Any:
        owner = f"api:{actor.kind.value}:{actor.id}"
        fingerprint = request_fingerprint("POST", path, command.model_dump_json().encode())
        with self.container.uow_factory() as uow:
            if not try_lock_key(uow, owner, key):
                raise RuntimeError("idempotency key in progress")
            claim = check_key(uow, owner, key, fingerprint, self.ttl)
            if claim.outcome != "new":
                raise RuntimeError(f"idempotency claim {claim.outcome}")
            result = capability.handler(uow, actor, command)
            record_response(
                uow, owner, key, fingerprint, StoredResponse(200, result.model_dump_json(), {})
            )
        return result


def measure(
    operation: Callable[[int], None],
    numbers: Callable[[], int | None],
    *,
    threads: int,
    duration: float,
    unit: str,
) -> dict[str, Any]:
    """Run `operation` on `threads` threads until `duration` passes or `numbers` runs out."""
    deadline = time.perf_counter() + duration
    lock = threading.Lock()
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    exhausted = False

    def worker() -> None:
        nonlocal exhausted
        mine: list[float] = []
        failed: Counter[str] = Counter()
        while time.perf_counter() < deadline:
            with lock:
                number = numbers()
            if number is None:
                exhausted = True
                break
            began = time.perf_counter()
            try:
                operation(number)
            except DomainError as error:
                failed[error.code] += 1
                continue
            except Exception as error:
                failed[type(error).__name__] += 1
                continue
            mine.append(time.perf_counter() - began)
        with lock:
            latencies.extend(mine)
            errors.update(failed)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=threads) as pool:
        for future in [pool.submit(worker) for _ in range(threads)]:
            future.result()
    seconds = time.perf_counter() - started
    p50, p99 = percentile(latencies, 50), percentile(latencies, 99)
    return {
        "client": f"in-process, {threads} thread(s)",
        "throughput": round(len(latencies) / seconds, 1),
        "unit": unit,
        "p50_ms": None if p50 is None else round(p50 * 1000, 2),
        "p99_ms": None if p99 is None else round(p99 * 1000, 2),
        "ok": len(latencies),
        "errors": sum(errors.values()),
        "errors_by_code": dict(errors),
        "duration_s": round(seconds, 2),
        "ran_out_of_orders": exhausted,
    }


def random_numbers(first: int, count: int, limit: int) -> Callable[[], int | None]:
    """Random order numbers for reads, at most `limit` of them (bounds the loop by count)."""
    rng = random.Random(42)
    issued = 0

    def take() -> int | None:
        nonlocal issued
        if issued >= limit:
            return None
        issued += 1
        return first + rng.randrange(count)

    return take


def slice_numbers(start: int, count: int) -> Callable[[], int | None]:
    """Each order once: start, start + 1, ... start + count - 1, then None."""
    position = 0

    def take() -> int | None:
        nonlocal position
        if position >= count:
            return None
        position += 1
        return start + position - 1

    return take
