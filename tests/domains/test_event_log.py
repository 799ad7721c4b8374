"""The event log: every change appended in its own transaction, read in commit-safe order."""

from __future__ import annotations

from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.events.models import Event
from fairmarket.domains.events.payloads import EVENT_PAYLOADS
from fairmarket.domains.events.service import publish_event
from fairmarket.domains.events.types import EVENT_TYPES, EventType
from fairmarket.entrypoints.api.app import create_app
from fairmarket.entrypoints.worker.due_jobs import run_after_sale_timers
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.clock import MovableClock
from fairmarket.kernel.errors import DomainError
from tests.factories.accounts import make_api_key, make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.capabilities import call


def shipped(order_number: int) -> dict[str, object]:
    return {
        "order_number": order_number,
        "status": "shipped",
        "carrier": "DHL",
        "tracking_number": f"JD{order_number:010d}",
    }


def events_of(factory: UnitOfWorkFactory, actor: Actor, **raw: object) -> dict[str, object]:
    page = call(factory, actor, "events.list", **raw)
    return page.model_dump(mode="json")  # type: ignore[attr-defined]


def test_a_journey_is_a_sequence_of_events_per_resource(
    uow_factory: UnitOfWorkFactory, clock: MovableClock
) -> None:
    seller, buyer = make_seller(uow_factory), make_buyer(uow_factory)
    first = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    second = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    opened = call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=first,
        reason="changed_mind",
    )
    request_id = opened.id  # type: ignore[attr-defined]
    call(uow_factory, seller.actor(), "after_sales.approve", request_id=request_id)
    call(
        uow_factory,
        seller.actor(),
        "orders.ship",
        order_number=second,
        carrier="DHL",
        tracking_number="JD0146000062",
    )
    clock.advance(timedelta(hours=1))

    log = events_of(uow_factory, seller.actor())

    items = log["items"]
    assert isinstance(items, list)
    assert [(e["type"], e["resource_type"], e["sequence"]) for e in items] == [
        ("after_sale.requested", "after_sale_request", 1),
        ("order.cancelled", "order", 1),
        ("after_sale.approved", "after_sale_request", 2),
        ("order.shipped", "order", 1),
    ]
    assert items[1]["data"] == {
        "order_number": first,
        "status": "cancelled",
        "reason": "buyer_request:changed_mind",
        "fault": "buyer",
        "refunded_minor": 5499,
    }
    assert items[0]["resource_id"] == items[2]["resource_id"] == request_id
    assert items[2]["data"]["refund_minor"] == 5499
    assert items[2]["data"]["status"] == "cancelled"
    assert log["next_cursor"] is None


def test_the_timer_decision_is_an_event_too(
    uow_factory: UnitOfWorkFactory, clock: MovableClock
) -> None:
    seller, buyer = make_seller(uow_factory), make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=number,
        reason="ordered_by_mistake",
    )
    clock.advance(timedelta(hours=49))
    run_after_sale_timers(uow_factory)

    types = [e["type"] for e in events_of(uow_factory, seller.actor())["items"]]  # type: ignore[index]

    assert types == [
        "after_sale.requested",
        "after_sale.deadline_approaching",  # the warning goes out before the platform acts
        "order.cancelled",
        "after_sale.auto_approved",
    ]


def test_the_sellers_own_cancel_ends_the_open_request_with_an_event(
    uow_factory: UnitOfWorkFactory, clock: MovableClock
) -> None:
    seller, buyer = make_seller(uow_factory), make_buyer(uow_factory)
    number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    call(
        uow_factory,
        buyer.actor(),
        "buyer.after_sales.cancel",
        order_number=number,
        reason="delivery_too_slow",
    )
    call(uow_factory, seller.actor(), "orders.cancel", order_number=number, reason="out_of_stock")
    clock.advance(timedelta(hours=1))

    items = events_of(uow_factory, seller.actor())["items"]

    assert isinstance(items, list)
    assert [(e["type"], e["sequence"]) for e in items] == [
        ("after_sale.requested", 1),
        ("order.cancelled", 1),
        ("after_sale.order_cancelled_by_seller", 2),
    ]
    ended = items[2]["data"]
    assert (ended["status"], ended["action"], ended["deadline"]) == (
        "cancelled",
        "order_cancelled_by_seller",
        None,
    )
    assert "after_sale.order_cancelled_by_seller" in EVENT_TYPES
    assert not [t for t in EVENT_TYPES if t.startswith("cancellation.")]


def test_cursors_resume_after_the_last_event_and_sellers_see_only_theirs(
    uow_factory: UnitOfWorkFactory,
) -> None:
    seller, another = make_seller(uow_factory), make_seller(uow_factory)
    buyer = make_buyer(uow_factory)
    for _ in range(3):
        number = make_order(uow_factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
        call(
            uow_factory,
            seller.actor(),
            "orders.ship",
            order_number=number,
            carrier="UPS",
            tracking_number="1Z999AA101",
        )

    page = events_of(uow_factory, seller.actor(), limit=2)
    rest = events_of(uow_factory, seller.actor(), after=page["next_cursor"])
    items = page["items"]
    assert isinstance(items, list)
    last = items[-1]
    resumed = events_of(uow_factory, seller.actor(), after=last["cursor"])

    assert len(items) == 2
    assert rest["items"] == resumed["items"]
    assert len(rest["items"]) == 1  # type: ignore[arg-type]
    assert events_of(uow_factory, another.actor())["items"] == []
    with pytest.raises(DomainError) as refused:
        events_of(uow_factory, seller.actor(), after="not-a-cursor")
    assert refused.value.code == "invalid_cursor"


def test_the_api_serves_the_log_to_seller_keys_only(container: Container) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    call(
        factory,
        seller.actor(),
        "orders.ship",
        order_number=number,
        carrier="UPS",
        tracking_number="1Z999AA101",
    )
    client = TestClient(create_app(container))
    seller_key = make_api_key(factory, seller_id=seller.seller_id)
    no_events_key = make_api_key(factory, seller_id=seller.seller_id, scopes=["orders:read"])

    listed = client.get("/v1/events", headers={"Authorization": f"Bearer {seller_key}"})
    refused = client.get("/v1/events", headers={"Authorization": f"Bearer {no_events_key}"})

    assert listed.status_code == 200
    assert [e["type"] for e in listed.json()["items"]] == ["order.shipped"]
    assert refused.status_code == 403
    assert "'events:read'" in refused.json()["detail"]


def test_events_of_a_transaction_still_running_hold_back_later_ones(
    container: Container, uow_factory: UnitOfWorkFactory
) -> None:
    if container.engine.dialect.name != "postgresql":
        pytest.skip("SQLite commits one writer at a time: ids are always committed in order")
    seller = make_seller(uow_factory)
    early = uow_factory()
    with early:
        publish_event(
            early,
            type=EventType.ORDER_SHIPPED,
            resource_type="order",
            resource_id=1,
            seller_id=seller.seller_id,
            data=shipped(1),
        )
        early.session.flush()  # takes the smaller id, then stays open
        with uow_factory() as late:
            late.session.execute(text("SELECT 1"))
            publish_event(
                late,
                type=EventType.ORDER_SHIPPED,
                resource_type="order",
                resource_id=2,
                seller_id=seller.seller_id,
                data=shipped(2),
            )

        while_running = events_of(uow_factory, seller.actor())["items"]

    after_commit = events_of(uow_factory, seller.actor())["items"]
    assert while_running == []
    assert [e["resource_id"] for e in after_commit] == [1, 2]  # type: ignore[union-attr]


def test_every_event_type_has_a_payload_model() -> None:
    assert set(EVENT_PAYLOADS) == set(EventType)
    assert [str(t) for t in EventType] == list(EVENT_TYPES)


@pytest.mark.parametrize(
    ("data", "refused"),
    [
        ({"order_number": 7, "status": "shipped", "carrier": "DHL"}, "tracking_number"),
        ({**shipped(7), "courier": "DHL"}, "courier"),
        ({**shipped(7), "order_number": "seven"}, "order_number"),
    ],
    ids=["a field missing", "a field not in the payload", "a field of the wrong type"],
)
def test_an_event_whose_data_is_not_its_payload_is_not_published(
    uow_factory: UnitOfWorkFactory, data: dict[str, object], refused: str
) -> None:
    seller = make_seller(uow_factory)

    with pytest.raises(ValueError, match=refused), uow_factory() as uow:
        publish_event(
            uow,
            type=EventType.ORDER_SHIPPED,
            resource_type="order",
            resource_id=7,
            seller_id=seller.seller_id,
            data=data,
        )

    with uow_factory(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Event)) == 0


def test_an_unknown_event_type_is_not_published(uow_factory: UnitOfWorkFactory) -> None:
    seller = make_seller(uow_factory)

    with pytest.raises(ValueError, match=r"after_sale\.approve"), uow_factory() as uow:
        publish_event(
            uow,
            type="after_sale.approve",  # type: ignore[arg-type]  # an old name is not published
            resource_type="after_sale_request",
            resource_id=7,
            seller_id=seller.seller_id,
            data={},
        )

    with uow_factory(read_only=True) as uow:
        assert uow.session.scalar(select(func.count()).select_from(Event)) == 0
