"""Fire a chunk of due ids in one transaction.

A queue worker gets ids, not rows: by the time it runs, another worker or a person may have
acted. So it first claims the rows it may take now (on PostgreSQL with SKIP LOCKED: ids another
worker is firing are left to it instead of queueing behind its locks), then fires each through
the timer functions, which re-check everything under the order lock. Journey timers are claimed
and fired set-based by `bulk_firing.fire_timers` (the claim takes the locks; the same rows as
`fire_timer`). A failing id is retried alone, so it fails alone. A worker killed mid-chunk rolls the
whole chunk back: every id is still due, and the dispatcher enqueues it again after its lease.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Select, select

from fairmarket.db.unit_of_work import UnitOfWork, UnitOfWorkFactory
from fairmarket.domains.after_sales import bulk_firing, timers
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.schemas import TimerRunResult
from fairmarket.domains.after_sales.timers import count_outcome
from fairmarket.domains.orders.models import Order

log = logging.getLogger(__name__)


class Stage(StrEnum):
    """What a queued chunk of ids is; warnings go first so one precedes its action."""

    WARNINGS = "warnings"
    TIMERS = "timers"
    UNSHIPPED = "unshipped"


FireMany = Callable[[UnitOfWork, Sequence[int]], Mapping[int, object]]


@dataclass(frozen=True)
class StageSpec:
    find_due: Callable[[UnitOfWork, datetime, int], list[int]]
    fire: Callable[[UnitOfWork, int], object]
    counter: str  # the TimerRunResult field a firing adds to
    # The same firings for a whole chunk at once, claiming the ids itself: returns the outcome
    # of each id it claimed (`bulk_firing.fire_timers`). None: claim, then `fire` id by id.
    fire_many: FireMany | None = None


def _claim_timers(ids: Sequence[int]) -> Select[Any]:
    return (
        select(AfterSaleRequest.id)
        .join(Order, Order.id == AfterSaleRequest.order_id)
        .where(AfterSaleRequest.id.in_(ids))
        .with_for_update(of=Order, skip_locked=True)
    )


def _claim_orders(ids: Sequence[int]) -> Select[Any]:
    return select(Order.id).where(Order.id.in_(ids)).with_for_update(skip_locked=True)


# The timers' own table (what fires, in order), one Stage each; journey timers fire a chunk
# at a time (the same rows, set-based).
FIRE_MANY: dict[Stage, FireMany] = {Stage.TIMERS: bulk_firing.fire_timers_as_platform}
STAGES: dict[Stage, StageSpec] = {
    stage: StageSpec(*spec, fire_many=FIRE_MANY.get(stage))
    for stage, spec in zip(Stage, timers.STAGES, strict=True)
}
# Warnings need no claim: their UPDATE ... WHERE warn_at <= now is the claim.
CLAIMS: dict[Stage, Callable[[Sequence[int]], Select[Any]] | None] = {
    Stage.WARNINGS: None,
    Stage.TIMERS: _claim_timers,
    Stage.UNSHIPPED: _claim_orders,
}


def fire_chunk(
    uow_factory: UnitOfWorkFactory,
    stage: Stage,
    ids: Sequence[int],
    *,
    delay_seconds: float = 0.0,
) -> TimerRunResult:
    """Fire what is still due among `ids`, in one transaction. Ids left unclaimed (locked by
    another worker) or failing are reported as skipped; they stay due if nobody fired them.

    If any id raises, the chunk's transaction rolls back whole and its ids are fired again one
    transaction each, so only the broken id fails (cheaper than a savepoint per id, two round
    trips each, on the path that almost always succeeds)."""
    try:
        return _fire_together(uow_factory, stage, ids, delay_seconds)
    except Exception:
        log.warning("%s: a chunk of %d failed; firing its ids one by one", stage.value, len(ids))
    result = TimerRunResult()
    for subject_id in ids:
        try:
            merge(result, _fire_together(uow_factory, stage, [subject_id], delay_seconds))
        except Exception:  # one broken id must not keep the rest of the chunk from firing
            log.exception("%s: firing %s failed; it stays due", stage.value, subject_id)
            result.skipped += 1
    return result


def _fire_together(
    uow_factory: UnitOfWorkFactory, stage: Stage, ids: Sequence[int], delay_seconds: float
) -> TimerRunResult:
    spec = STAGES[stage]
    result = TimerRunResult()
    with uow_factory() as uow:
        if spec.fire_many is not None:
            outcomes = spec.fire_many(uow, ids)
            result.skipped += len(set(ids)) - len(outcomes)
            for outcome in outcomes.values():
                count_outcome(result, spec.counter, outcome)
            time.sleep(delay_seconds * len(outcomes))  # tests: a chunk that stays open
            return result
        claimable = _claimed(uow, stage, ids)
        result.skipped += len(ids) - len(claimable)
        for subject_id in claimable:
            count_outcome(result, spec.counter, spec.fire(uow, subject_id))
            if delay_seconds:
                time.sleep(delay_seconds)
    return result


def _claimed(uow: UnitOfWork, stage: Stage, ids: Sequence[int]) -> list[int]:
    claim = CLAIMS[stage]
    if claim is None or uow.session.get_bind().dialect.name != "postgresql":
        return sorted(set(ids))  # SQLite: BEGIN IMMEDIATE already made this writer the only one
    return sorted(uow.session.scalars(claim(ids)))


def merge(total: TimerRunResult, part: TimerRunResult) -> None:
    total.fired += part.fired
    total.warned += part.warned
    total.skipped += part.skipped
    total.orders_auto_cancelled += part.orders_auto_cancelled
    for name, count in part.outcomes.items():
        total.outcomes[name] = total.outcomes.get(name, 0) + count
