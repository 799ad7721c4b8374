"""Migration 0007 moves the foundation's cancellation requests onto after-sale requests.

Given a database at revision 0006 holding old requests (pending, approved with its refund,
rejected as already shipped), an after-sale request that already exists, their audit records,
events and an API key with the old scopes; when it is upgraded; then every row says the same
thing in the after-sale model. On PostgreSQL it runs in a schema of its own, so the session's
database is left alone.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command

from fairmarket.db.engine import create_database_engine
from fairmarket.db.migrate import alembic_config, upgrade

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
SCHEMA = "migration_0007"


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
    kind = column.type.python_type if not isinstance(column.type, sa.JSON) else dict
    if kind is datetime:
        return NOW
    if kind is date:
        return NOW.date()
    if kind is bool:
        return False
    if kind is int:
        return 0
    if kind is dict:
        return {}
    length = getattr(column.type, "length", None) or 8
    return "x" * min(length, 3)


class Rows:
    """Inserts rows through the schema as reflected at this revision; required columns that a
    test does not care about get a plain value."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.metadata = sa.MetaData()
        self.metadata.reflect(connection)

    def put(self, table: str, **values: object) -> int:
        target = self.metadata.tables[table]
        for column in target.columns:
            if (
                column.name not in values
                and not column.nullable
                and not column.primary_key
                and column.server_default is None
            ):
                values[column.name] = _filler(column)
        result = self.connection.execute(target.insert().values(**values))
        key = result.inserted_primary_key
        return int(key[0]) if key and key[0] is not None else 0

    def all(self, table: str, order_by: str = "id") -> list[dict[str, Any]]:
        target = self.metadata.tables[table]
        rows = self.connection.execute(sa.select(target).order_by(target.c[order_by]))
        return [dict(row._mapping) for row in rows]


def _old_world(rows: Rows) -> dict[str, int]:
    seller = rows.put("sellers", name="Shop", region="EU", currency="EUR")
    buyer = rows.put("buyers", name="Ana", email="ana@example.test", region="EU")
    category = rows.put("categories", name="Lamps")
    product = rows.put("products", seller_id=seller, category_id=category, title="Lamp")
    ids: dict[str, int] = {"seller": seller, "buyer": buyer}
    for index, name in enumerate(("pending", "approved", "rejected", "existing")):
        order = rows.put(
            "orders",
            number=1000 + index,
            seller_id=seller,
            buyer_id=buyer,
            status="cancelled" if name == "approved" else "awaiting_shipment",
            currency="EUR",
            paid_minor=5499,
            refunded_minor=5499 if name == "approved" else 0,
        )
        ids[f"order_{name}"] = order
        ids[f"line_a_{name}"] = rows.put(
            "order_lines", order_id=order, product_id=product, quantity=2, unit_price_minor=2500
        )
        ids[f"line_b_{name}"] = rows.put(
            "order_lines", order_id=order, product_id=product, quantity=1, unit_price_minor=0
        )
    ids["existing"] = rows.put(
        "after_sale_requests",
        type="cancellation",
        kind="cancel",
        order_id=ids["order_existing"],
        seller_id=seller,
        buyer_id=buyer,
        status="pending",
        reason="changed_mind",
        fault="buyer",
        lines=[],
        whole_order=True,
        requested_minor=5499,
        last_action="requested",
        last_actor="buyer:1",
        version=1,
    )
    common = {"seller_id": seller, "buyer_id": buyer, "requested_at": NOW}
    ids["pending"] = rows.put(
        "cancellation_requests",
        order_id=ids["order_pending"],
        status="pending",
        reason="delivery_too_slow",
        buyer_note="Too slow",
        deadline=NOW + timedelta(hours=48),
        version=1,
        **common,
    )
    ids["approved"] = rows.put(
        "cancellation_requests",
        order_id=ids["order_approved"],
        status="approved",
        reason="payment_issue",
        deadline=NOW + timedelta(hours=48),
        resolved_at=NOW + timedelta(hours=1),
        resolution="auto_approved",
        resolved_by="system:response_window",
        refund_minor=5499,
        version=2,
        **common,
    )
    ids["rejected"] = rows.put(
        "cancellation_requests",
        order_id=ids["order_rejected"],
        status="rejected",
        reason="changed_mind",
        deadline=NOW + timedelta(hours=48),
        resolved_at=NOW + timedelta(hours=2),
        resolution="rejected",
        resolved_by="owner@shop.test",
        reject_reason="custom_made",
        reject_note="Engraved with the buyer's name.",
        version=2,
        **common,
    )
    ids["refund"] = rows.put(
        "refunds",
        order_id=ids["order_approved"],
        cancellation_request_id=ids["approved"],
        amount_minor=5499,
        currency="EUR",
        reason="buyer_request:payment_issue",
    )
    ids["audit"] = rows.put(
        "audit_records",
        actor_kind="system",
        actor_label="system:response_window",
        channel="system",
        action="cancellation.auto_approved",
        subject_type="cancellation_request",
        subject_id=ids["approved"],
        order_id=ids["order_approved"],
    )
    ids["order_audit"] = rows.put(
        "audit_records",
        action="order.cancelled",
        subject_type="order",
        subject_id=ids["order_approved"],
    )
    ids["event"] = rows.put(
        "events",
        type="cancellation.requested",
        resource_type="cancellation_request",
        resource_id=ids["rejected"],
        sequence=1,
        seller_id=seller,
        data={"request_id": ids["rejected"], "status": "pending", "order_number": 1002},
    )
    ids["key"] = rows.put(
        "api_keys",
        seller_id=seller,
        prefix="fm_test",
        secret_hash="0" * 64,
        name="integration",
        scopes="cancellations:read cancellations:write orders:read after_sales:read",
    )
    return ids


def test_upgrade_moves_every_cancellation_request_and_what_points_at_it(url: str) -> None:
    upgrade(url, "0006")
    engine = create_database_engine(url, pool_size=1)
    try:
        with engine.begin() as connection:
            ids = _old_world(Rows(connection))

        upgrade(url, "0007")

        with engine.connect() as connection:
            rows = Rows(connection)
            assert "cancellation_requests" not in rows.metadata.tables
            assert "cancellation_request_id" not in rows.metadata.tables["refunds"].c
            moved = rows.all("after_sale_requests")
            refunds = rows.all("refunds")
            audits = rows.all("audit_records")
            events = rows.all("events")
            keys = rows.all("api_keys")
    finally:
        engine.dispose()

    offset = ids["existing"]
    existing, pending, approved, rejected = moved
    assert existing["id"] == ids["existing"]
    assert existing["status"] == "pending"
    assert [pending["id"], approved["id"], rejected["id"]] == [
        ids[name] + offset for name in ("pending", "approved", "rejected")
    ]
    for request, name in ((pending, "pending"), (approved, "approved"), (rejected, "rejected")):
        assert request["type"] == "cancellation"
        assert request["kind"] == "cancel"
        assert request["whole_order"] is True
        assert request["requested_minor"] == 5499
        assert request["order_id"] == ids[f"order_{name}"]
        assert request["lines"] == [
            {"line_id": ids[f"line_a_{name}"], "quantity": 2},
            {"line_id": ids[f"line_b_{name}"], "quantity": 1},
        ]

    assert (pending["status"], pending["fault"], pending["buyer_note"]) == (
        "pending",
        "seller",
        "Too slow",
    )
    assert _utc(pending["deadline"]) == NOW + timedelta(hours=48)
    assert pending["deadline_action"] == "auto_approve"
    assert pending["last_action"] == "requested"
    assert pending["version"] == 1

    assert (approved["status"], approved["fault"], approved["refund_minor"]) == (
        "cancelled",
        "platform",
        5499,
    )
    assert (approved["last_action"], approved["last_actor"]) == (
        "auto_approve",
        "system:response_window",
    )
    assert _utc(approved["resolved_at"]) == NOW + timedelta(hours=1)
    assert approved["deadline"] is None
    assert approved["deadline_action"] is None

    assert (rejected["status"], rejected["fault"]) == ("rejected", "buyer")
    assert (rejected["decision_reason"], rejected["decision_note"]) == (
        "custom_made",
        "Engraved with the buyer's name.",
    )
    assert (rejected["last_action"], rejected["last_actor"]) == ("reject", "owner@shop.test")
    assert rejected["deadline"] is None
    assert rejected["resolved_at"] is None  # a rejection may still be escalated
    assert _utc(rejected["updated_at"]) == NOW + timedelta(hours=2)

    assert [(r["id"], r["after_sale_request_id"]) for r in refunds] == [
        (ids["refund"], approved["id"])
    ]

    by_id = {a["id"]: a for a in audits}
    assert (
        by_id[ids["audit"]]["subject_type"],
        by_id[ids["audit"]]["subject_id"],
        by_id[ids["audit"]]["action"],
    ) == ("after_sale_request", approved["id"], "after_sale.auto_approve")
    assert (by_id[ids["order_audit"]]["subject_type"], by_id[ids["order_audit"]]["action"]) == (
        "order",
        "order.cancelled",
    )

    (event,) = events
    assert (event["id"], event["type"], event["resource_type"], event["resource_id"]) == (
        ids["event"],
        "after_sale.requested",
        "after_sale_request",
        rejected["id"],
    )
    assert event["data"]["request_id"] == rejected["id"]
    assert event["data"]["type"] == "cancellation"
    assert event["data"]["order_number"] == 1002

    assert keys[0]["scopes"] == "after_sales:read after_sales:write orders:read"


def test_upgrade_of_an_empty_database_and_downgrade_restore_the_old_schema(url: str) -> None:
    upgrade(url, "0007")
    command_downgrade(url, "0006")
    engine = create_database_engine(url, pool_size=1)
    try:
        with engine.connect() as connection:
            tables = Rows(connection).metadata.tables
            assert "cancellation_requests" in tables
            assert "cancellation_request_id" in tables["refunds"].c
    finally:
        engine.dispose()
    upgrade(url, "0007")


def command_downgrade(url: str, revision: str) -> None:
    command.downgrade(alembic_config(url), revision)


def _utc(value: datetime) -> datetime:
    return value if value.tzinfo else value.replace(tzinfo=UTC)
