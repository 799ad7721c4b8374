"""Development phrasings: how sellers ask, and what the interpreter must make of it.

Together with the catalogue's examples these are what the rules were written against, and what
`supported_capabilities()` checks at import. The held-out evaluation set lives in the tests and
is deliberately not repeated here.
"""

from __future__ import annotations

from typing import Any

Phrasing = tuple[str, str | None, dict[str, Any]]

DEVELOPMENT_PHRASINGS: tuple[Phrasing, ...] = (
    # orders.list
    ("show my orders", "orders.list", {}),
    ("list orders awaiting shipment", "orders.list", {"status": "awaiting_shipment"}),
    ("which orders are in transit", "orders.list", {"status": "in_transit"}),
    ("show cancelled orders", "orders.list", {"status": "cancelled"}),
    ("what orders still need to be shipped?", "orders.list", {"status": "awaiting_shipment"}),
    ("any unpaid orders?", "orders.list", {"status": "awaiting_payment"}),
    ("list delivered orders", "orders.list", {"status": "delivered"}),
    # orders.get
    ("show order 1042", "orders.get", {"order_number": 1042}),
    ("what is the status of order 58213", "orders.get", {"order_number": 58213}),
    ("details of #77120", "orders.get", {"order_number": 77120}),
    ("has 1042 shipped yet?", "orders.get", {"order_number": 1042}),
    ("#1042", "orders.get", {"order_number": 1042}),
    # orders.timeline
    ("show the history of order 1042", "orders.timeline", {"order_number": 1042}),
    ("timeline for 58213", "orders.timeline", {"order_number": 58213}),
    ("who changed order 77120", "orders.timeline", {"order_number": 77120}),
    ("audit trail of #1042 please", "orders.timeline", {"order_number": 1042}),
    # orders.ship
    (
        "ship order 1042 with UPS tracking 1Z999AA10123456784",
        "orders.ship",
        {"order_number": 1042, "carrier": "UPS", "tracking_number": "1Z999AA10123456784"},
    ),
    (
        "mark 58213 as shipped via DHL, tracking JD014600006281230",
        "orders.ship",
        {"order_number": 58213, "carrier": "DHL", "tracking_number": "JD014600006281230"},
    ),
    ("ship 1042", "orders.ship", {"order_number": 1042}),
    (
        "I shipped 77120 with FedEx, tracking number 449044304137821",
        "orders.ship",
        {"order_number": 77120, "carrier": "FedEx", "tracking_number": "449044304137821"},
    ),
    # orders.cancel
    (
        "cancel 77120, out of stock",
        "orders.cancel",
        {"order_number": 77120, "reason": "out_of_stock"},
    ),
    (
        "cancel order 1042 because of a pricing error",
        "orders.cancel",
        {"order_number": 1042, "reason": "pricing_error"},
    ),
    (
        "I can't ship order 58213 to that address, cancel it",
        "orders.cancel",
        {"order_number": 58213, "reason": "cannot_ship_to_address"},
    ),
    ("cancel order 1042", "orders.cancel", {"order_number": 1042}),
    (
        "please cancel #1042, we're sold out",
        "orders.cancel",
        {"order_number": 1042, "reason": "out_of_stock"},
    ),
    # cancellations.list
    ("show pending cancellations", "cancellations.list", {"status": "pending"}),
    ("list rejected cancellation requests", "cancellations.list", {"status": "rejected"}),
    ("which cancellation requests need my answer", "cancellations.list", {"status": "pending"}),
    ("show all cancellation requests", "cancellations.list", {}),
    # cancellations.get
    ("show the cancellation for order 1042", "cancellations.get", {"order_number": 1042}),
    ("cancellation request 17", "cancellations.get", {"request_id": 17}),
    # cancellations.approve
    ("approve the cancellation for order 1042", "cancellations.approve", {"order_number": 1042}),
    ("accept cancellation request 17", "cancellations.approve", {"request_id": 17}),
    ("ok cancel it for the buyer, order 58213", "cancellations.approve", {"order_number": 58213}),
    ("approve cancellation request 17", "cancellations.approve", {"request_id": 17}),
    # cancellations.reject
    (
        "reject 58213, it already shipped",
        "cancellations.reject",
        {"order_number": 58213, "reason": "already_shipped"},
    ),
    (
        "decline the cancellation for order 1042, the buyer agreed to keep it",
        "cancellations.reject",
        {"order_number": 1042, "reason": "buyer_agreed_to_keep"},
    ),
    (
        "refuse cancellation of 77120 because it is custom made",
        "cancellations.reject",
        {"order_number": 77120, "reason": "custom_made"},
    ),
    ("reject the cancellation for order 1042", "cancellations.reject", {"order_number": 1042}),
    # out of scope
    ("hi", None, {}),
    ("thanks", None, {}),
    ("what's the weather", None, {}),
    ("delete my shop", None, {}),
    ("change my password", None, {}),
    ("book a flight", None, {}),
)
