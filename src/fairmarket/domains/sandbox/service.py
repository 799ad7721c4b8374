"""The shared sandbox clock: read it cheaply from any process, move it forward from one."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.audit.service import record_change
from fairmarket.domains.sandbox.models import CLOCK_ROW_ID, SandboxClock
from fairmarket.domains.sandbox.schemas import (
    MAX_ADVANCE,
    MAX_TOTAL_OFFSET,
    AdvanceClock,
    ClockQuery,
    SandboxClockRead,
)
from fairmarket.kernel.actors import Actor, require_scope
from fairmarket.kernel.clock import SharedOffsetClock
from fairmarket.kernel.errors import conflict, forbidden, invalid

READ_SCOPE = "orders:read"
WRITE_SCOPE = "orders:write"


def offset_reader(engine: Engine) -> Callable[[], timedelta]:
    """How a SharedOffsetClock reads the offset: one single-row read, outside any write lock."""
    options = (
        {"sqlite_begin": "DEFERRED"}
        if engine.dialect.name == "sqlite"
        else {"isolation_level": "AUTOCOMMIT"}
    )

    def read() -> timedelta:
        with engine.connect().execution_options(**options) as connection:
            micros = connection.scalar(
                select(SandboxClock.offset_microseconds).where(SandboxClock.id == CLOCK_ROW_ID)
            )
        return timedelta(microseconds=micros or 0)

    return read


def require_sandbox(uow: UnitOfWork) -> SharedOffsetClock:
    """The shared clock is installed only in sandbox mode: without it, nothing here runs."""
    if not isinstance(uow.clock, SharedOffsetClock):
        raise forbidden(
            "sandbox_only",
            "This exists only on a sandbox deployment (FAIRMARKET_MODE=sandbox); real orders "
            "move only through real buyers and carriers.",
        )
    return uow.clock


def require_seller(actor: Actor, scope: str) -> int:
    if not actor.is_seller_side or actor.seller_id is None:
        raise forbidden("seller_key_required", "Use a seller API key for the sandbox.")
    require_scope(actor, scope)
    return actor.seller_id


def get_clock(uow: UnitOfWork, actor: Actor, query: ClockQuery) -> SandboxClockRead:
    require_sandbox(uow)
    require_seller(actor, READ_SCOPE)
    row = uow.session.get(SandboxClock, CLOCK_ROW_ID)
    return _read(row or SandboxClock(id=CLOCK_ROW_ID, offset_microseconds=0), None)


def advance_clock(uow: UnitOfWork, actor: Actor, cmd: AdvanceClock) -> SandboxClockRead:
    """Move the one sandbox clock forward for every process. The caller runs due work after
    the commit (timers fire, webhooks go out)."""
    clock = require_sandbox(uow)
    require_seller(actor, WRITE_SCOPE)
    row = _locked_row(uow)
    real_now = datetime.now(UTC)
    current = timedelta(microseconds=row.offset_microseconds)
    if cmd.to is not None:
        delta = cmd.to - (real_now + current)
        if delta <= timedelta(0):
            raise invalid(
                "clock_moves_forward_only",
                f"The sandbox clock is already at {real_now + current:%Y-%m-%dT%H:%M:%SZ}; "
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
    else:
        delta = timedelta(seconds=cmd.seconds or 0)
    if current + delta > MAX_TOTAL_OFFSET:
        raise conflict(
            "sandbox_clock_limit",
            f"The sandbox clock may run at most {MAX_TOTAL_OFFSET.days} days ahead of real "
            f"time and is already {current.days} days ahead; start a fresh sandbox database.",
            current_state={"offset_seconds": current.total_seconds()},
        )
    row.offset_microseconds += _micros(delta)
    row.set_at = real_now
    row.set_by = actor.label or actor.kind.value
    new_offset = timedelta(microseconds=row.offset_microseconds)
    record_change(
        uow,
        actor,
        action="sandbox.clock_advanced",
        subject_type="sandbox_clock",
        subject_id=CLOCK_ROW_ID,
        seller_id=actor.seller_id,
        order_id=None,
        before={"offset_seconds": current.total_seconds()},
        after={"offset_seconds": new_offset.total_seconds()},
    )
    uow.on_commit(lambda: clock.adopt(new_offset))
    return _read(row, delta)


def lock_sandbox(uow: UnitOfWork) -> None:
    """Serialise sandbox writes that need a mutex (numbering test orders) on the clock row."""
    _locked_row(uow)


def _locked_row(uow: UnitOfWork) -> SandboxClock:
    row = uow.session.scalar(
        select(SandboxClock).where(SandboxClock.id == CLOCK_ROW_ID).with_for_update()
    )
    if row is None:  # the migration inserts it; a database emptied by hand gets it back here
        row = SandboxClock(id=CLOCK_ROW_ID, offset_microseconds=0)
        uow.session.add(row)
        uow.session.flush()
    return row


def _micros(delta: timedelta) -> int:
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def _read(row: SandboxClock, advanced: timedelta | None) -> SandboxClockRead:
    real_now = datetime.now(UTC)
    offset = timedelta(microseconds=row.offset_microseconds or 0)
    return SandboxClockRead(
        now=real_now + offset,
        real_now=real_now,
        offset_seconds=offset.total_seconds(),
        set_at=row.set_at,
        set_by=row.set_by,
        advanced_seconds=advanced.total_seconds() if advanced is not None else None,
    )
