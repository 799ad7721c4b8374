"""Migration 0016 gives each seller their own sandbox clock.

Given a database at revision 0013 whose one shared sandbox clock runs ahead, when it is
upgraded, then every existing seller's own clock runs that far ahead (nobody's time moves
backwards), and a downgrade keeps the furthest one. On PostgreSQL it runs in a schema of its
own, so the session's database is left alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command

from fairmarket.db.engine import create_database_engine
from fairmarket.db.migrate import alembic_config, upgrade
from tests.domains.test_migration_0007 import Rows

SCHEMA = "migration_0016"
MOVED_AT = datetime(2026, 11, 30, 9, 0, tzinfo=UTC)
THREE_DAYS = int(timedelta(days=3).total_seconds()) * 1_000_000


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    base = os.environ.get("FAIRMARKET_TEST_DATABASE_URL")
    if not base or not base.startswith("postgresql"):
        yield f"sqlite:///{tmp_path / 'migration.sqlite3'}"
        return
    engine = create_database_engine(base, pool_size=1)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {SCHEMA}"))
    separator = "&" if "?" in base else "?"
    yield f"{base}{separator}options=-csearch_path%3D{SCHEMA}"
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE"))
    engine.dispose()


def shared_clock_at(url: str, offset_microseconds: int) -> list[int]:
    """A database just before 0016 with two sellers and the shared clock that far ahead."""
    upgrade(url, "0018")
    engine = create_database_engine(url, pool_size=1)
    try:
        with engine.begin() as connection:
            rows = Rows(connection)
            sellers = [
                rows.put("sellers", name=name, region="EU", currency="EUR")
                for name in ("Shop", "Other shop")
            ]
            connection.execute(
                sa.text(
                    "UPDATE sandbox_clock SET offset_microseconds = :offset, set_at = :at, "
                    "set_by = 'api_key:abc'"
                ),
                {"offset": offset_microseconds, "at": MOVED_AT.replace(tzinfo=None)},
            )
    finally:
        engine.dispose()
    return sellers


def clocks(url: str) -> list[dict[str, object]]:
    engine = create_database_engine(url, pool_size=1)
    try:
        with engine.connect() as connection:
            return Rows(connection).all("sandbox_clocks", order_by="seller_id")
    finally:
        engine.dispose()


def test_every_existing_seller_keeps_the_time_the_shared_clock_had(url: str) -> None:
    sellers = shared_clock_at(url, THREE_DAYS)

    upgrade(url, "0016")

    moved = clocks(url)
    assert [(c["seller_id"], c["offset_microseconds"], c["updated_by"]) for c in moved] == [
        (seller, THREE_DAYS, "api_key:abc") for seller in sellers
    ]
    for clock in moved:
        assert isinstance(clock["updated_at"], datetime)
        assert clock["updated_at"].replace(tzinfo=None) == MOVED_AT.replace(tzinfo=None)


def test_a_clock_never_moved_leaves_every_seller_at_real_time(url: str) -> None:
    shared_clock_at(url, 0)

    upgrade(url, "0016")

    assert clocks(url) == []


def test_a_downgrade_keeps_the_furthest_sellers_time_as_the_shared_one(url: str) -> None:
    sellers = shared_clock_at(url, THREE_DAYS)
    upgrade(url, "0016")
    engine = create_database_engine(url, pool_size=1)
    try:
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "UPDATE sandbox_clocks SET offset_microseconds = :offset WHERE "
                    "seller_id = :seller"
                ),
                {"offset": 2 * THREE_DAYS, "seller": sellers[1]},
            )
    finally:
        engine.dispose()

    command.downgrade(alembic_config(url), "0018")

    engine = create_database_engine(url, pool_size=1)
    try:
        with engine.connect() as connection:
            shared = connection.execute(
                sa.text("SELECT id, offset_microseconds FROM sandbox_clock")
            ).all()
    finally:
        engine.dispose()
    assert [tuple(row) for row in shared] == [(1, 2 * THREE_DAYS)]
