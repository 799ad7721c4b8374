"""A unit of work per request, chat turn, command or job: commit on success, roll back on error.

Services flush and never commit. Side effects that must only happen after the data is durable
are registered with `on_commit` and run once the transaction has committed.

`clock` is the time of the unit of work. In the sandbox each seller has their own clock: once
the unit of work reads or locks a seller's order it calls `use_seller_time`, and from then on
`clock` tells that seller's time (elsewhere the call changes nothing). `deployment_clock` keeps
the deployment's own time for what belongs to no seller.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from fairmarket.kernel.clock import Clock, OffsetClock, SandboxClocks
from fairmarket.kernel.network import Resolver, SystemResolver
from fairmarket.kernel.policies import Policies

BatchWriter = Callable[["UnitOfWork", list[dict[str, Any]]], None]


class UnitOfWork:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        clock: Clock,
        policies: Policies,
        *,
        read_only: bool = False,
        read_only_options: dict[str, Any] | None = None,
        sandbox_clocks: SandboxClocks | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self._session_factory = session_factory
        self.resolver = resolver or SystemResolver()
        self._read_only_options = read_only_options or {}
        self.clock: Clock = clock
        # What belongs to no seller (idempotency keys) keeps the deployment's time.
        self.deployment_clock = clock
        self.sandbox_clocks = sandbox_clocks
        self.policies = policies
        self.read_only = read_only
        self._moved_offsets: dict[int, timedelta] = {}
        self._after_commit: list[Callable[[], None]] = []
        self._batch: list[tuple[BatchWriter, dict[str, Any]]] | None = None
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork used outside its `with` block")
        return self._session

    def __enter__(self) -> Self:
        self._session = self._session_factory()
        if self.read_only and self._read_only_options:
            self._session.connection(execution_options=self._read_only_options)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        session = self.session
        try:
            if self.read_only:
                pass  # close() below ends the transaction; loaded objects stay readable
            elif exc_type is None:
                session.commit()
            else:
                session.rollback()
        finally:
            session.close()
            self._session = None
        if exc_type is None:
            callbacks, self._after_commit = self._after_commit, []
            for callback in callbacks:
                callback()

    def on_commit(self, callback: Callable[[], None]) -> None:
        self._after_commit.append(callback)

    @contextmanager
    def batched_writes(self) -> Iterator[None]:
        """Rows that `defer` receives inside are written when the block ends, one statement per
        writer (an action's audit records together, its events together) instead of one or two
        round trips per row. Nothing inside may read those rows back; a block inside a block
        leaves the writing to the outer one; an error inside writes nothing (the unit of work
        rolls back)."""
        if self._batch is not None:
            yield
            return
        self._batch = []
        try:
            yield
            batch = self._batch
        finally:
            self._batch = None
        writers: dict[BatchWriter, list[dict[str, Any]]] = {}
        for writer, row in batch:
            writers.setdefault(writer, []).append(row)
        for writer, rows in writers.items():
            writer(self, rows)

    def defer(self, writer: BatchWriter, row: dict[str, Any]) -> bool:
        """Inside `batched_writes`, keep `row` for `writer` and return True; outside, False
        (the caller writes it now)."""
        if self._batch is None:
            return False
        self._batch.append((writer, row))
        return True

    def use_seller_time(self, seller_id: int) -> None:
        """From here on, `clock` is this seller's sandbox clock (no-op outside the sandbox)."""
        if self.sandbox_clocks is None:
            return
        moved = self._moved_offsets.get(seller_id)
        self.clock = (
            self.sandbox_clocks.for_seller(seller_id) if moved is None else OffsetClock(moved)
        )

    def seller_offset(self, seller_id: int) -> timedelta:
        """How far the seller's sandbox clock runs ahead, as this unit of work sees it."""
        if self.sandbox_clocks is None:
            return timedelta(0)
        moved = self._moved_offsets.get(seller_id)
        return self.sandbox_clocks.offset_for(seller_id) if moved is None else moved

    def largest_seller_offset(self) -> timedelta:
        """How far ahead the furthest seller's sandbox clock runs, as this unit of work sees it."""
        if self.sandbox_clocks is None:
            return timedelta(0)
        return max([self.sandbox_clocks.largest_offset(), *self._moved_offsets.values()])

    def move_seller_clock(self, seller_id: int, offset: timedelta) -> None:
        """The seller's clock was moved in this transaction: use the new time in it at once,
        and in the whole process once committed."""
        clocks = self.sandbox_clocks
        if clocks is None:
            return
        self._moved_offsets[seller_id] = offset
        self.use_seller_time(seller_id)
        self.on_commit(lambda: clocks.adopt(seller_id, offset))


class UnitOfWorkFactory:
    """What entrypoints hold: `with uow_factory() as uow: ...`."""

    def __init__(
        self,
        engine: Engine,
        clock: Clock,
        policies: Policies | None = None,
        *,
        resolver: Resolver | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock
        self._sandbox_clocks = clock if isinstance(clock, SandboxClocks) else None
        self.policies = policies or Policies()
        self.resolver = resolver or SystemResolver()  # names to addresses, like the clock
        # Reads take no write lock on SQLite, and on PostgreSQL skip the BEGIN / ROLLBACK round
        # trips: a read unit of work is a handful of single-statement reads.
        self._read_only_options: dict[str, Any] = (
            {"sqlite_begin": "DEFERRED"}
            if engine.dialect.name == "sqlite"
            else {"isolation_level": "AUTOCOMMIT"}
        )
        self._sessions = sessionmaker(bind=engine, expire_on_commit=False)

    def __call__(self, *, read_only: bool = False) -> UnitOfWork:
        return UnitOfWork(
            self._sessions,
            self.clock,
            self.policies,
            read_only=read_only,
            read_only_options=self._read_only_options,
            sandbox_clocks=self._sandbox_clocks,
            resolver=self.resolver,
        )
