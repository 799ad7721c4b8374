"""The demo generator: deterministic by seed, believable shares, and a consistent ledger."""

from __future__ import annotations

import stat
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.demo.generator import DemoDataExistsError, DemoResult, DemoSize, generate_demo
from fairmarket.domains.accounts.security import hash_password
from fairmarket.domains.after_sales.machines import CANCELLATION
from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.domains.after_sales.timers import AUTO_CANCELLED, HANDLING_DEADLINE_REASON
from fairmarket.domains.orders.models import Order, Payment, Refund, Shipment
from fairmarket.entrypoints.cli.main import app
from fairmarket.kernel.clock import MovableClock

SMALL = DemoSize(orders=600, sellers=12, buyers=300, products=120)
PASSWORD_HASH = hash_password("fairmarket-demo")


def generate(factory: UnitOfWorkFactory, seed: int = 7) -> DemoResult:
    return generate_demo(factory, seed=seed, size=SMALL, password_hash=PASSWORD_HASH)


def first_orders(factory: UnitOfWorkFactory) -> list[tuple[Any, ...]]:
    with factory(read_only=True) as uow:
        rows = uow.session.execute(
            select(
                Order.number,
                Order.seller_id,
                Order.buyer_id,
                Order.status,
                Order.total_minor,
                Order.placed_at,
            )
            .order_by(Order.number)
            .limit(20)
        )
        return [tuple(row) for row in rows]


def test_the_same_seed_generates_the_same_marketplace(uow_factory: UnitOfWorkFactory) -> None:
    first = generate(uow_factory)
    first_rows = first_orders(uow_factory)

    second = generate(uow_factory)

    assert second.counts == first.counts
    assert first_orders(uow_factory) == first_rows
    assert second.pending_order_numbers == first.pending_order_numbers


def test_another_seed_generates_another_marketplace(uow_factory: UnitOfWorkFactory) -> None:
    generate(uow_factory, seed=7)
    seven = first_orders(uow_factory)

    generate(uow_factory, seed=8)

    assert first_orders(uow_factory) != seven


def test_old_orders_are_mostly_done_and_recent_ones_in_flight(
    uow_factory: UnitOfWorkFactory,
) -> None:
    result = generate(uow_factory)

    with uow_factory(read_only=True) as uow:
        rows = uow.session.execute(select(Order.status, func.count()).group_by(Order.status))
        statuses: Counter[str] = Counter()
        for status, number in rows:
            statuses[status] = number
    total = sum(statuses.values())
    assert total == 600 == result.counts["orders"]
    assert 0.70 <= (statuses["completed"] + statuses["delivered"]) / total <= 0.92
    assert 0.03 <= statuses["cancelled"] / total <= 0.15
    assert statuses["awaiting_shipment"] + statuses["in_transit"] > 0


def test_approved_cancellations_cancel_the_order_and_refund_it_once(
    uow_factory: UnitOfWorkFactory,
) -> None:
    generate(uow_factory)

    with uow_factory(read_only=True) as uow:
        approved = uow.session.execute(
            select(AfterSaleRequest, Order)
            .join(Order, Order.id == AfterSaleRequest.order_id)
            .where(
                AfterSaleRequest.type == "cancellation",
                AfterSaleRequest.last_action.in_(("approve", "auto_approve")),
            )
        ).all()
        refunds = Counter(
            uow.session.scalars(
                select(Refund.after_sale_request_id).where(
                    Refund.after_sale_request_id.is_not(None)
                )
            )
        )
    assert approved
    for request, order in approved:
        assert request.status == "cancelled"
        assert refunds[request.id] == 1
        assert request.refund_minor == order.paid_minor == order.refunded_minor
        assert order.status == "cancelled"
        assert order.cancel_fault == CANCELLATION.reason_by_code[request.reason].fault.value


def test_the_ledger_balances(uow_factory: UnitOfWorkFactory) -> None:
    generate(uow_factory)

    with uow_factory(read_only=True) as uow:
        paid = dict(
            uow.session.execute(
                select(Payment.order_id, func.sum(Payment.amount_minor)).group_by(Payment.order_id)
            ).all()
        )
        refunded = dict(
            uow.session.execute(
                select(Refund.order_id, func.sum(Refund.amount_minor)).group_by(Refund.order_id)
            ).all()
        )
        orders = uow.session.scalars(select(Order)).all()
    for order in orders:
        assert order.paid_minor == paid.get(order.id, 0)
        assert order.refunded_minor == refunded.get(order.id, 0) <= order.paid_minor
        assert order.total_minor == order.subtotal_minor + order.shipping_fee_minor
    seller_cancels = [
        o
        for o in orders
        if o.cancel_fault == "seller"
        and o.cancel_reason in {"out_of_stock", "pricing_error", "cannot_ship_to_address"}
    ]
    assert seller_cancels


def test_already_shipped_rejections_have_shipments_and_other_rejections_a_note(
    uow_factory: UnitOfWorkFactory,
) -> None:
    generate_demo(uow_factory, seed=5, size=DemoSize(orders=2000), password_hash=PASSWORD_HASH)

    with uow_factory(read_only=True) as uow:
        decided = uow.session.scalars(
            select(AfterSaleRequest).where(AfterSaleRequest.decision_reason.is_not(None))
        ).all()
        shipped = set(uow.session.scalars(select(Shipment.order_id)))
    # Requests that ended with their order (the handling deadline passed) carry its reason, as
    # the engine writes them; every other decision is a rejection or a ruling.
    ended = [r for r in decided if r.last_action == AUTO_CANCELLED]
    assert {(r.decision_reason, r.decision_note) for r in ended} <= {
        (HANDLING_DEADLINE_REASON, None)
    }
    rejected = [r for r in decided if r.last_action != AUTO_CANCELLED]
    assert {r.decision_reason for r in rejected} >= {"already_shipped", "item_not_as_claimed"}
    for request in rejected:
        if request.decision_reason == "already_shipped":
            assert request.order_id in shipped
        else:
            assert request.decision_note is not None
            assert len(request.decision_note) >= 10


def test_pending_cancellations_are_open_and_the_demo_seller_has_some(
    uow_factory: UnitOfWorkFactory, clock: MovableClock
) -> None:
    result = generate(uow_factory)

    with uow_factory(read_only=True) as uow:
        pending = uow.session.execute(
            select(AfterSaleRequest, Order)
            .join(Order, Order.id == AfterSaleRequest.order_id)
            .where(AfterSaleRequest.type == "cancellation", AfterSaleRequest.status == "pending")
        ).all()
        shipped = set(uow.session.scalars(select(Shipment.order_id)))
    assert len(result.pending_requests) >= 5
    assert {r.order_number for r in result.pending_requests} <= {o.number for _, o in pending}
    for request, order in pending:
        assert request.deadline is not None
        assert request.deadline > clock.now()
        assert order.status == "awaiting_shipment"
        assert order.id not in shipped


def test_refuses_to_write_over_data_without_reset(uow_factory: UnitOfWorkFactory) -> None:
    generate(uow_factory)

    with pytest.raises(DemoDataExistsError, match="--reset"):
        generate_demo(uow_factory, seed=1, size=SMALL, reset=False, password_hash=PASSWORD_HASH)

    with uow_factory(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Order)) == 600


def test_the_cli_generates_and_prints_how_to_get_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database = tmp_path / "demo.sqlite3"
    monkeypatch.setenv("FAIRMARKET_DATABASE_URL", f"sqlite:///{database}")
    monkeypatch.setenv("FAIRMARKET_MODE", "development")  # the demo switches to sandbox mode
    monkeypatch.setenv("FAIRMARKET_SECRET_KEY_FILE", str(tmp_path / "var" / "secret_key"))
    monkeypatch.delenv("FAIRMARKET_SECRET_KEY", raising=False)

    result = CliRunner().invoke(app, ["demo", "--no-serve", "--orders", "300"])

    assert result.exit_code == 0, result.output
    assert "http://127.0.0.1:8000/seller/login" in result.output
    assert "demo-seller@example.com" in result.output
    assert "fm_sk_" in result.output
    assert "fm_bk_" in result.output
    assert "Idempotency-Key" in result.output
    assert "sandbox mode" in result.output
    assert "http://127.0.0.1:8000/ops/login" in result.output
    assert "disputes@fairmarket.example" in result.output
    assert "http://127.0.0.1:8000/v1/sandbox/clock" in result.output
    assert "/v1/after-sales?status=pending" in result.output
    assert "fairmarket chat --seller-email demo-seller@example.com" in result.output
    assert result.output.count("deadline ") >= 5


def test_the_demo_gives_the_installation_one_secret_and_keeps_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret_file = tmp_path / "var" / "secret_key"
    monkeypatch.setenv("FAIRMARKET_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    monkeypatch.setenv("FAIRMARKET_MODE", "development")
    monkeypatch.setenv("FAIRMARKET_SECRET_KEY_FILE", str(secret_file))
    monkeypatch.delenv("FAIRMARKET_SECRET_KEY", raising=False)
    demo = ["demo", "--no-serve", "--orders", "20"]

    first = CliRunner().invoke(app, demo)
    secret = secret_file.read_text()
    again = CliRunner().invoke(app, demo)

    assert first.exit_code == again.exit_code == 0, first.output + again.output
    assert f"Web sessions are signed with a new secret in {secret_file}" in first.output
    assert "new secret" not in again.output
    assert secret_file.read_text() == secret
    assert len(secret.strip()) == 64
    assert stat.S_IMODE(secret_file.stat().st_mode) == 0o600


def test_the_demo_uses_a_given_secret_and_writes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secret_file = tmp_path / "var" / "secret_key"
    monkeypatch.setenv("FAIRMARKET_DATABASE_URL", f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    monkeypatch.setenv("FAIRMARKET_MODE", "development")
    monkeypatch.setenv("FAIRMARKET_SECRET_KEY_FILE", str(secret_file))
    monkeypatch.setenv("FAIRMARKET_SECRET_KEY", "short")

    refused = CliRunner().invoke(app, ["demo", "--no-serve", "--orders", "20"])

    assert refused.exit_code == 2
    assert refused.output.startswith("error: FAIRMARKET_SECRET_KEY is only 5 characters long.")
    assert not secret_file.exists()
