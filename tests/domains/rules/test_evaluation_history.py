"""Migration 0012 fills each after-sale request's first decision from its audit records: the
history that back-tests compare rules against. On PostgreSQL it runs in a schema of its own."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from fairmarket.db.engine import create_database_engine
from fairmarket.db.migrate import upgrade

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SCHEMA = "migration_0012"


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


def _filler(column: sa.Column[Any]) -> object:
    if isinstance(column.type, sa.JSON):
        return []
    kind = column.type.python_type
    if kind is datetime:
        return NOW
    if kind is bool:
        return False
    if kind is int:
        return 1
    return "x"


def put(connection: sa.Connection, metadata: sa.MetaData, table: str, **values: object) -> int:
    target = metadata.tables[table]
    for column in target.columns:
        if column.name not in values and not column.nullable and not column.primary_key:
            values[column.name] = _filler(column)
    return int(connection.execute(target.insert().values(**values)).inserted_primary_key[0])


def audit(
    connection: sa.Connection, metadata: sa.MetaData, request_id: int, **values: object
) -> None:
    put(
        connection,
        metadata,
        "audit_records",
        subject_type="after_sale_request",
        subject_id=request_id,
        **values,
    )


def test_the_first_decision_of_each_request_is_backfilled_from_the_audit(url: str) -> None:
    # Given a database at 0011 with three requests: one the seller rejected (and the buyer
    # then escalated), one the buyer withdrew, one still pending
    upgrade(url, "0011")
    engine = create_database_engine(url, pool_size=1)
    with engine.begin() as connection:
        metadata = sa.MetaData()
        metadata.reflect(connection)
        seller = put(connection, metadata, "sellers")
        buyer = put(connection, metadata, "buyers", email="ana@mail.example")
        order = put(connection, metadata, "orders", number=1042, seller_id=seller, buyer_id=buyer)
        ids = [
            put(
                connection,
                metadata,
                "after_sale_requests",
                order_id=order,
                seller_id=seller,
                buyer_id=buyer,
                status=status,
            )
            for status in ("rejected", "withdrawn", "pending")
        ]
        approved, withdrawn, pending = ids
        audit(
            connection,
            metadata,
            approved,
            action="after_sale.requested",
            actor_kind="buyer",
            before=None,
        )
        audit(
            connection,
            metadata,
            approved,
            action="after_sale.reject",
            actor_kind="seller_user",
            before={"status": "pending", "version": 1},
        )
        audit(
            connection,
            metadata,
            approved,
            action="after_sale.escalate",
            actor_kind="buyer",
            before={"status": "rejected", "version": 2},
        )
        audit(
            connection,
            metadata,
            withdrawn,
            action="after_sale.withdraw",
            actor_kind="buyer",
            before={"status": "pending", "version": 1},
        )

    # When it is upgraded
    upgrade(url)

    # Then only the decided request has its first decision, and who took it
    with engine.connect() as connection:
        rows = connection.execute(
            sa.text("SELECT id, decided_action, decided_by FROM after_sale_requests ORDER BY id")
        ).all()
    engine.dispose()
    assert [tuple(row) for row in rows] == [
        (approved, "reject", "seller_user"),
        (withdrawn, None, None),
        (pending, None, None),
    ]
