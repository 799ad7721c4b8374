"""Migration 0019 gives webhook endpoints and deliveries an `updated_at` for `updated_since`.

Given a database just before 0019 holding an endpoint, a delivery that was tried twice and one
never tried; when it is upgraded; then the endpoint's last change is its registration, the tried
delivery's is its last attempt and the untried one's is its creation. On PostgreSQL it runs in
a schema of its own, so the session's database is left alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from fairmarket.db.engine import create_database_engine
from fairmarket.db.migrate import alembic_config, upgrade
from fairmarket.kernel.clock import ensure_utc
from tests.domains.test_migration_0007 import Rows

REGISTERED = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SCHEMA = "migration_0019"


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


def test_updated_at_is_backfilled_from_history(url: str) -> None:
    before = ScriptDirectory.from_config(alembic_config(url)).get_revision("0019").down_revision
    upgrade(url, str(before))
    engine = create_database_engine(url, pool_size=1)
    with engine.begin() as connection:
        rows = Rows(connection)
        seller = rows.put("sellers", name="Shop", region="EU", currency="EUR")
        endpoint = rows.put(
            "webhook_endpoints",
            seller_id=seller,
            url="https://example.com/hooks",
            event_types=[],
            created_at=REGISTERED,
            last_event_id=0,
        )
        rows.put(
            "events",
            type="order.shipped",
            resource_type="order",
            resource_id=1,
            sequence=1,
            seller_id=seller,
            occurred_at=REGISTERED,
            data={},
        )
        event = rows.all("events")[0]["id"]
        tried, untried = (
            rows.put(
                "webhook_deliveries",
                endpoint_id=endpoint,
                event_id=event_id,
                created_at=REGISTERED + timedelta(hours=1),
            )
            for event_id in (event, rows.put("events", seller_id=seller, sequence=2, data={}))
        )
        for minutes in (5, 65):
            rows.put(
                "webhook_attempts",
                delivery_id=tried,
                at=REGISTERED + timedelta(hours=1, minutes=minutes),
            )

    upgrade(url, "0019")

    with engine.connect() as connection:
        rows = Rows(connection)
        [endpoint_row] = rows.all("webhook_endpoints")
        deliveries = {row["id"]: row["updated_at"] for row in rows.all("webhook_deliveries")}
    engine.dispose()
    assert ensure_utc(endpoint_row["updated_at"]) == REGISTERED
    assert ensure_utc(deliveries[tried]) == REGISTERED + timedelta(hours=2, minutes=5)
    assert ensure_utc(deliveries[untried]) == REGISTERED + timedelta(hours=1)


def test_it_downgrades_with_rows_in_place(url: str) -> None:
    before = ScriptDirectory.from_config(alembic_config(url)).get_revision("0019").down_revision
    upgrade(url, "0019")
    engine = create_database_engine(url, pool_size=1)
    with engine.begin() as connection:
        rows = Rows(connection)
        seller = rows.put("sellers", name="Shop", region="EU", currency="EUR")
        rows.put("webhook_endpoints", seller_id=seller, event_types=[], last_event_id=0)
        upgraded = {c["name"] for c in sa.inspect(connection).get_columns("webhook_endpoints")}

    command.downgrade(alembic_config(url), str(before))

    with engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("webhook_endpoints")}
        [endpoint] = Rows(connection).all("webhook_endpoints")
    engine.dispose()
    assert "updated_at" in upgraded
    assert "updated_at" not in columns
    assert endpoint["seller_id"] == seller
