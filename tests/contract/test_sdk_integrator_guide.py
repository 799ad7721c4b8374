"""The integrator's guide (README), run through the Python SDK generated from the OpenAPI
document (sdk/python), over real HTTP: no hand-written header anywhere."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import ExitStack

import httpx
import pytest
from fairmarket_sdk import AuthenticatedClient
from fairmarket_sdk.api.after_sales import after_sales_approve, after_sales_get, after_sales_list
from fairmarket_sdk.api.buyer_api import buyer_after_sales_cancel
from fairmarket_sdk.api.events import events_list
from fairmarket_sdk.api.orders import orders_get, orders_list
from fairmarket_sdk.models import (
    AfterSalePage,
    AfterSaleRead,
    BuyerAfterSalesCancelBody,
    EventPage,
    OrderPage,
    OrderRead,
    Problem,
)

from fairmarket.bootstrap import Container
from fairmarket.entrypoints.api.app import create_app
from tests.factories.accounts import make_api_key, make_buyer, make_seller
from tests.factories.orders import make_order
from tests.support.live_server import running_server


class RecordedHeaders:
    """The headers of every request a client sent (an httpx event hook, as integrators log)."""

    def __init__(self) -> None:
        self.sent: list[httpx.Headers] = []

    def __call__(self, request: httpx.Request) -> None:
        self.sent.append(request.headers)


@pytest.fixture
def base_url(container: Container) -> Iterator[str]:
    with running_server(create_app(container)) as url:
        yield url


@pytest.fixture
def open_clients(base_url: str) -> Iterator[Callable[[str, RecordedHeaders], AuthenticatedClient]]:
    """Opens an SDK client per key, as an integrator would, and closes them all afterwards."""
    with ExitStack() as stack:

        def client_for(key: str, recorder: RecordedHeaders) -> AuthenticatedClient:
            client = AuthenticatedClient(
                base_url=base_url,
                token=key,
                raise_on_unexpected_status=True,
                httpx_args={"event_hooks": {"request": [recorder]}},
            )
            return stack.enter_context(client)

        yield client_for


def test_the_integrators_guide_runs_through_the_generated_sdk(
    container: Container, open_clients: Callable[[str, RecordedHeaders], AuthenticatedClient]
) -> None:
    factory = container.uow_factory
    seller = make_seller(factory)
    buyer = make_buyer(factory)
    order_number = make_order(factory, seller_id=seller.seller_id, buyer_id=buyer.buyer_id)
    seller_recorder, buyer_recorder = RecordedHeaders(), RecordedHeaders()
    seller_api = open_clients(make_api_key(factory, seller_id=seller.seller_id), seller_recorder)
    buyer_api = open_clients(make_api_key(factory, buyer_id=buyer.buyer_id), buyer_recorder)

    # Read your orders.
    page = orders_list.sync(client=seller_api)
    assert isinstance(page, OrderPage)
    assert [order.number for order in page.items] == [order_number]
    assert isinstance(orders_get.sync(order_number, client=seller_api), OrderRead)

    # A buyer asks to cancel; the seller finds the request among the pending ones.
    opened = buyer_after_sales_cancel.sync(
        order_number,
        client=buyer_api,
        body=BuyerAfterSalesCancelBody.from_dict({"reason": "changed_mind"}),
        idempotency_key="cancel-1",
    )
    assert isinstance(opened, AfterSaleRead)
    pending = after_sales_list.sync(client=seller_api, status=["pending"])
    assert isinstance(pending, AfterSalePage)
    assert [item.id for item in pending.items] == [opened.id]

    # Preview the refund, then approve with the ETag as If-Match and an Idempotency-Key.
    read = after_sales_get.sync_detailed(opened.id, client=seller_api)
    etag = read.headers["etag"]
    preview = after_sales_approve.sync(opened.id, client=seller_api, dry_run=True)
    assert isinstance(preview, AfterSaleRead)
    approved = after_sales_approve.sync_detailed(
        opened.id, client=seller_api, idempotency_key="approve-1", if_match=etag
    )
    replayed = after_sales_approve.sync_detailed(
        opened.id, client=seller_api, idempotency_key="approve-1", if_match=etag
    )
    assert approved.status_code == replayed.status_code == 200
    assert replayed.headers["idempotent-replayed"] == "true"
    assert isinstance(approved.parsed, AfterSaleRead)
    assert approved.parsed.status == "cancelled"  # an approved cancellation cancels the order

    # A stale If-Match is refused as a Problem carrying the current state.
    stale = after_sales_approve.sync(
        opened.id, client=seller_api, idempotency_key="approve-2", if_match='"1"'
    )
    assert isinstance(stale, Problem)
    assert stale.status in (409, 412)

    # Catch up from the event log.
    events = events_list.sync(client=seller_api)
    assert isinstance(events, EventPage)
    assert "after_sale.approved" in [event.type_ for event in events.items]

    # Per-call headers never leak into the next call.
    after_key = [headers.get("idempotency-key") for headers in seller_recorder.sent]
    assert after_key[-1] is None  # events_list, sent after calls that carried keys
    assert "approve-1" in after_key
    assert all(headers.get("if-match") in (None, etag, '"1"') for headers in seller_recorder.sent)
    assert seller_recorder.sent[-1].get("if-match") is None
    assert buyer_recorder.sent[0]["idempotency-key"] == "cancel-1"
