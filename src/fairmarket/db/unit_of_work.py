"""A unit of work per request, chat turn, command or job: commit on success, roll back on error.

Services flush and never commit. Side effects that must only happen after the data is durable
are registered with `on_commit` and run once the transaction has committed.
"""

from __future__ import annotations

from collections.abc import Callable
from types import TracebackType
from typing import Any, Self

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from fairmarket.kernel.clock import Clock
from fairmarket.kernel.network import Resolver, SystemResolver
from fairmarket.kernel.policies import Policies


class UnitOfWork:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        clock: Clock,
        policies: Policies,
        *,
        read_only: bool = False,
        read_only_options: dict[str, Any] | None = None,
        resolver: Resolver | None = None,
    ) -> None:
        self._session_factory = session_factory
        self.resolver = resolver or SystemResolver()
        self._read_only_options = read_only_options or {}
        self.clock = clock
        self.policies = policies
        self.read_only = read_only
        self._after_commit: list[Callable[[], None]] = []
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
            resolver=self.resolver,
        )
