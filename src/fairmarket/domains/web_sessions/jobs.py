"""The background round's share: forget sessions that can no longer be used."""

from __future__ import annotations

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.web_sessions.service import delete_ended_web_sessions
from fairmarket.kernel.clock import Clock, SystemClock


def purge_ended_web_sessions(factory: UnitOfWorkFactory, clock: Clock | None = None) -> int:
    """Delete revoked, expired and idle sessions (by real time, as sessions are judged)."""
    with factory() as uow:
        return delete_ended_web_sessions(uow, (clock or SystemClock()).now())
