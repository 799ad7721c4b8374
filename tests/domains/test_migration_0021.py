"""Migration 0021 renames event types to the past tense in the log and in webhook filters.

Given a database just before 0021 holding events of renamed and unchanged types and endpoints
filtering on old names; when it is upgraded, then every stored name is the current one and
nothing else changed; when it is downgraded, the old names are back. On PostgreSQL it runs in a
schema of its own, so the session's database is left alone.
"""

from __future__ import annotations

import importlib
import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.script import ScriptDirectory

from fairmarket.db.engine import create_database_engine
from fairmarket.db.migrate import alembic_config, upgrade
from fairmarket.domains.events.types import EVENT_TYPES, RENAMED_EVENT_TYPES
from tests.domains.test_migration_0007 import Rows

AT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
SCHEMA = "migration_0021"
OLD_TYPES = ["after_sale.approve", "order.shipped", "after_sale.requested", "after_sale.withdraw"]
NEW_TYPES = ["after_sale.approved", "order.shipped", "after_sale.requested", "after_sale.withdrawn"]
OLD_FILTERS = [
    ["after_sale.approve", "after_sale.reject", "order.shipped"],
    [],
    ["shipment.exception"],
]
NEW_FILTERS = [
    ["after_sale.approved", "after_sale.rejected", "order.shipped"],
    [],
    ["shipment.exception"],
]


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


def _stored(url: str) -> tuple[list[str], list[list[str]], list[dict[str, object]]]:
    engine = create_database_engine(url, pool_size=1)
    with engine.connect() as connection:
        rows = Rows(connection)
        events = rows.all("events")
        endpoints = rows.all("webhook_endpoints")
    engine.dispose()
    return (
        [event["type"] for event in events],
        [endpoint["event_types"] for endpoint in endpoints],
        [event["data"] for event in events],
    )


def _previous(url: str) -> str:
    return str(ScriptDirectory.from_config(alembic_config(url)).get_revision("0021").down_revision)


def _before_0021(url: str) -> None:
    upgrade(url, _previous(url))
    engine = create_database_engine(url, pool_size=1)
    with engine.begin() as connection:
        rows = Rows(connection)
        seller = rows.put("sellers", name="Shop", region="EU", currency="EUR")
        for sequence, type_ in enumerate(OLD_TYPES, start=1):
            rows.put(
                "events",
                type=type_,
                resource_type="after_sale_request",
                resource_id=7,
                sequence=sequence,
                seller_id=seller,
                occurred_at=AT,
                data={"request_id": 7, "sequence": sequence},
            )
        for event_types in OLD_FILTERS:
            rows.put(
                "webhook_endpoints",
                seller_id=seller,
                url="https://example.com/hooks",
                event_types=event_types,
                created_at=AT,
                updated_at=AT,
                last_event_id=0,
            )
    engine.dispose()


def test_the_migration_knows_every_renamed_type_and_only_current_names() -> None:
    module = importlib.import_module(
        "fairmarket.db.migrations.versions.2026_12_05_0021_past_tense_event_types"
    )
    assert {old: str(new) for old, new in RENAMED_EVENT_TYPES.items()} == module.RENAMED
    assert set(module.RENAMED.values()) <= set(EVENT_TYPES)
    assert not set(module.RENAMED) & set(EVENT_TYPES)


def test_upgrade_renames_stored_types_and_filters(url: str) -> None:
    _before_0021(url)

    upgrade(url, "0021")

    types, filters, data = _stored(url)
    assert types == NEW_TYPES
    assert filters == NEW_FILTERS
    assert data == [{"request_id": 7, "sequence": n} for n in range(1, 5)]


def test_downgrade_restores_the_old_names(url: str) -> None:
    _before_0021(url)
    upgrade(url, "0021")

    command.downgrade(alembic_config(url), _previous(url))

    types, filters, _ = _stored(url)
    assert types == OLD_TYPES
    assert filters == OLD_FILTERS
