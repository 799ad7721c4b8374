"""Each seller's sandbox clock: read it cheaply from any process, move it forward from one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, func, select
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.after_sales.schemas import TimerRunResult
from fairmarket.domains.after_sales.timers import fire_due_timers_of_seller
from fairmarket.domains.audit.service import record_change
from fairmarket.domains.sandbox.schemas import (
    MAX_ADVANCE,
    MAX_TOTAL_OFFSET,
    AdvanceClock,
    ClockQuery,
    SandboxClockRead,
)
from fairmarket.domains.seller_clocks.models import SellerSandboxClock
from fairmarket.kernel.actors import Actor, require_scope
from fairmarket.kernel.clock import SandboxClocks
from fairmarket.kernel.errors import conflict, forbidden, invalid

READ_SCOPE = "orders:read"
WRITE_SCOPE = "orders:write"
ADVANCE_FIRING_LIMIT = 200  # per kind of timer; the worker fires any more on its next round
TEST_ORDER_NUMBERING_LOCK = 0x464D_5342  # "FMSB": a PostgreSQL advisory lock key
WEBHOOKS_QUEUED = (
    "queued: the worker sends the webhooks of these events within seconds; "
    "GET /v1/events lists them now"
)


def offsets_reader(engine: Engine) -> Callable[[], dict[int, timedelta]]:
    """How SandboxClocks read the offsets: the moved clocks' rows, outside any write lock."""
    options = (
        {"sqlite_begin": "DEFERRED"}
        if engine.dialect.name == "sqlite"
        else {"isolation_level": "AUTOCOMMIT"}
    )
    query = select(SellerSandboxClock.seller_id, SellerSandboxClock.offset_microseconds).where(
        SellerSandboxClock.offset_microseconds != 0
    )

    def read() -> dict[int, timedelta]:
        with engine.connect().execution_options(**options) as connection:
            rows = connection.execute(query).all()
        return {seller_id: timedelta(microseconds=micros) for seller_id, micros in rows}

    return read


def require_sandbox(uow: UnitOfWork) -> SandboxClocks:
    """The sellers' clocks are installed only in sandbox mode: without them, nothing here runs."""
    if uow.sandbox_clocks is None:
        raise forbidden(
            "sandbox_only",
            "This exists only on a sandbox deployment (FAIRMARKET_MODE=sandbox); real orders "
            "move only through real buyers and carriers.",
        )
    return uow.sandbox_clocks


def require_seller(actor: Actor, scope: str) -> int:
    if not actor.is_seller_side or actor.seller_id is None:
        raise forbidden("seller_key_required", "Use a seller API key for the sandbox.")
    require_scope(actor, scope)
    return actor.seller_id


def get_clock(uow: UnitOfWork, actor: Actor, query: ClockQuery) -> SandboxClockRead:
    """The caller's own sandbox clock: real time until they first move it."""
    require_sandbox(uow)
    seller_id = require_seller(actor, READ_SCOPE)
    row = uow.session.get(SellerSandboxClock, seller_id)
    return _read(row or SellerSandboxClock(seller_id=seller_id, offset_microseconds=0))


def advance_clock(uow: UnitOfWork, actor: Actor, cmd: AdvanceClock) -> SandboxClockRead:
    """Move the caller's own sandbox clock forward, and fire their timers now due (a bounded
    batch, in this transaction; the worker fires the rest and sends the webhooks). Other
    sellers' clocks, and their deadlines, do not move."""
    require_sandbox(uow)
    seller_id = require_seller(actor, WRITE_SCOPE)
    row = _locked_row(uow, seller_id)
    real_now = datetime.now(UTC)
    current = timedelta(microseconds=row.offset_microseconds)
    delta = _delta(cmd, real_now + current)
    if current + delta > MAX_TOTAL_OFFSET:
        raise conflict(
            "sandbox_clock_limit",
            f"Your sandbox clock may run at most {MAX_TOTAL_OFFSET.days} days ahead of real "
            f"time and is already {current.days} days ahead; use a new sandbox seller.",
            current_state={"offset_seconds": current.total_seconds()},
        )
    row.offset_microseconds += _micros(delta)
    row.updated_at = real_now
    row.updated_by = actor.label or actor.kind.value
    new_offset = timedelta(microseconds=row.offset_microseconds)
    record_change(
        uow,
        actor,
        action="sandbox.clock_advanced",
        subject_type="sandbox_clock",
        subject_id=seller_id,
        seller_id=seller_id,
        order_id=None,
        before={"offset_seconds": current.total_seconds()},
        after={"offset_seconds": new_offset.total_seconds()},
    )
    uow.session.flush()  # the due queries below read the new offset in this transaction
    uow.move_seller_clock(seller_id, new_offset)
    fired = fire_due_timers_of_seller(uow, seller_id, limit=ADVANCE_FIRING_LIMIT)
    return _read(row, advanced=delta, fired=fired)


def _delta(cmd: AdvanceClock, sandbox_now: datetime) -> timedelta:
    if cmd.to is None:
        return timedelta(seconds=cmd.seconds or 0)
    delta = cmd.to - sandbox_now
    if delta <= timedelta(0):
        raise invalid(
            "clock_moves_forward_only",
            f"Your sandbox clock is already at {sandbox_now:%Y-%m-%dT%H:%M:%SZ}; "
            "'to' must be later (the clock only moves forward).",
            "to",
        )
    if delta > MAX_ADVANCE:
        raise invalid(
            "advance_too_large",
            f"One advance moves the clock at most {MAX_ADVANCE.days} days; advance in "
            "several steps.",
            "to",
        )
    return delta


def lock_test_order_numbering(uow: UnitOfWork) -> None:
    """Test orders are numbered max + 1 across the deployment: one numbering at a time.
    SQLite's BEGIN IMMEDIATE already makes this writer the only one."""
    if uow.session.get_bind().dialect.name == "postgresql":
        uow.session.execute(select(func.pg_advisory_xact_lock(TEST_ORDER_NUMBERING_LOCK)))


def _locked_row(uow: UnitOfWork, seller_id: int) -> SellerSandboxClock:
    """The seller's clock row, locked; created on first use without a race (two first
    advances at once: one inserts, the other finds it)."""
    insert = sqlite_insert if uow.session.get_bind().dialect.name == "sqlite" else pg_insert
    uow.session.execute(
        insert(SellerSandboxClock)
        .values(seller_id=seller_id, offset_microseconds=0)
        .on_conflict_do_nothing(index_elements=[SellerSandboxClock.seller_id])
    )
    row = uow.session.scalar(
        select(SellerSandboxClock)
        .where(SellerSandboxClock.seller_id == seller_id)
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    assert row is not None, seller_id  # inserted above or by a racing advance
    return row


def _micros(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _read(
    row: SellerSandboxClock,
    *,
    advanced: timedelta | None = None,
    fired: TimerRunResult | None = None,
) -> SandboxClockRead:
    real_now = datetime.now(UTC)
    offset = timedelta(microseconds=row.offset_microseconds or 0)
    return SandboxClockRead(
        now=real_now + offset,
        real_now=real_now,
        offset_seconds=offset.total_seconds(),
        set_at=row.updated_at,
        set_by=row.updated_by,
        advanced_seconds=advanced.total_seconds() if advanced is not None else None,
        fired=fired,
        webhooks=WEBHOOKS_QUEUED if fired is not None else None,
    )
