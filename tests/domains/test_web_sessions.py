"""Stored web sessions: found by their token only in their own area and only while live
(12 hours from the start, 2 idle hours, until revoked); only the token's hash is kept; and the
background round forgets the ones that ended."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.web_sessions.jobs import purge_ended_web_sessions
from fairmarket.domains.web_sessions.models import WebSession
from fairmarket.domains.web_sessions.schemas import (
    FoundWebSession,
    SessionArea,
    WebSessionState,
)
from fairmarket.domains.web_sessions.service import (
    find_web_session,
    note_web_session_seen,
    revoke_web_session,
    start_web_session,
)
from fairmarket.kernel.clock import MovableClock

T0 = datetime(2026, 12, 4, 9, 0, tzinfo=UTC)
SELLER = SessionArea.SELLER_CENTER
STATE = WebSessionState(area=SELLER, csrf_token="csrf-1", data={"flashes": []})


def start(factory: UnitOfWorkFactory, at: datetime = T0) -> str:
    with factory() as uow:
        return start_web_session(uow, STATE, at).token


def find(
    factory: UnitOfWorkFactory, token: str, at: datetime, area: SessionArea = SELLER
) -> FoundWebSession | None:
    with factory(read_only=True) as uow:
        return find_web_session(uow, token, area, at)


def seen(factory: UnitOfWorkFactory, token: str, at: datetime) -> None:
    found = find(factory, token, at)
    assert found is not None
    with factory() as uow:
        note_web_session_seen(uow, found, at)


def test_a_session_is_found_by_its_token_with_what_it_holds(uow_factory: UnitOfWorkFactory) -> None:
    token = start(uow_factory)

    found = find(uow_factory, token, T0 + timedelta(minutes=1))

    assert found is not None
    assert found.state == STATE
    assert found.expires_at == T0 + timedelta(hours=12)


def test_only_the_hash_of_the_token_is_stored(uow_factory: UnitOfWorkFactory) -> None:
    token = start(uow_factory)

    with uow_factory(read_only=True) as uow:
        row = uow.session.scalars(select(WebSession)).one()

    assert len(row.token_hash) == 64
    assert token not in (row.token_hash, row.csrf_token, str(row.data))


def test_a_token_opens_its_own_area_only(uow_factory: UnitOfWorkFactory) -> None:
    token = start(uow_factory)

    assert find(uow_factory, token, T0, SessionArea.OPS_CONSOLE) is None
    assert find(uow_factory, token, T0, SessionArea.BUYER_PAGES) is None
    assert find(uow_factory, "not-a-token", T0) is None


def test_a_session_ends_twelve_hours_after_it_started_however_active(
    uow_factory: UnitOfWorkFactory,
) -> None:
    token = start(uow_factory)
    for hour in range(1, 12):
        seen(uow_factory, token, T0 + timedelta(hours=hour))

    assert find(uow_factory, token, T0 + timedelta(hours=12) - timedelta(seconds=1)) is not None
    assert find(uow_factory, token, T0 + timedelta(hours=12)) is None


def test_a_session_idle_for_two_hours_ends(uow_factory: UnitOfWorkFactory) -> None:
    token = start(uow_factory)
    seen(uow_factory, token, T0 + timedelta(hours=1))

    assert find(uow_factory, token, T0 + timedelta(hours=3) - timedelta(seconds=1)) is not None
    assert find(uow_factory, token, T0 + timedelta(hours=3)) is None


def test_being_seen_is_written_at_most_every_five_minutes(uow_factory: UnitOfWorkFactory) -> None:
    token = start(uow_factory)

    seen(uow_factory, token, T0 + timedelta(minutes=4))
    soon = find(uow_factory, token, T0 + timedelta(minutes=4))
    seen(uow_factory, token, T0 + timedelta(minutes=5))
    later = find(uow_factory, token, T0 + timedelta(minutes=5))

    assert soon is not None
    assert later is not None
    assert (soon.last_seen_at, later.last_seen_at) == (T0, T0 + timedelta(minutes=5))


def test_a_revoked_session_is_never_found_again(uow_factory: UnitOfWorkFactory) -> None:
    token = start(uow_factory)
    found = find(uow_factory, token, T0)
    assert found is not None

    with uow_factory() as uow:
        revoke_web_session(uow, found.id, T0 + timedelta(minutes=1))

    assert find(uow_factory, token, T0 + timedelta(minutes=2)) is None


def test_the_background_round_forgets_ended_sessions_and_keeps_live_ones(
    uow_factory: UnitOfWorkFactory,
) -> None:
    now = T0 + timedelta(hours=13)
    expired = start(uow_factory, T0)
    idle = start(uow_factory, now - timedelta(hours=2))
    revoked = start(uow_factory, now - timedelta(minutes=10))
    live = start(uow_factory, now - timedelta(hours=1))
    revoked_session = find(uow_factory, revoked, now)
    assert revoked_session is not None
    with uow_factory() as uow:
        revoke_web_session(uow, revoked_session.id, now)

    purged = purge_ended_web_sessions(uow_factory, MovableClock(now))

    with uow_factory(read_only=True) as uow:
        left = uow.session.scalar(select(func.count()).select_from(WebSession))
    assert (purged, left) == (3, 1)
    assert find(uow_factory, live, now) is not None
    assert [find(uow_factory, token, now) for token in (expired, idle, revoked)] == [None] * 3
