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
    # after_sales.list
    (
        "show pending cancellations",
        "after_sales.list",
        {"type": "cancellation", "status": "pending"},
    ),
    (
        "list rejected cancellation requests",
        "after_sales.list",
        {"type": "cancellation", "status": "rejected"},
    ),
    (
        "which cancellation requests need my answer",
        "after_sales.list",
        {"type": "cancellation", "status": "pending"},
    ),
    ("show all after-sale requests", "after_sales.list", {}),
    ("show pending returns", "after_sales.list", {"type": "return", "status": "pending"}),
    ("list refund-only returns", "after_sales.list", {"type": "return", "kind": "refund_only"}),
    (
        "which returns are on their way back",
        "after_sales.list",
        {"type": "return", "status": "return_in_transit"},
    ),
    ("show replacement requests", "after_sales.list", {"type": "return", "kind": "replacement"}),
    ("any partial offers waiting on buyers?", "after_sales.list", {"status": "partial_offered"}),
    ("show cancellations in transit", "after_sales.list", {"type": "fulfilment_cancellation"}),
    ("list refunded returns", "after_sales.list", {"type": "return", "status": "refunded"}),
    # after_sales.get
    ("show the cancellation for order 1042", "after_sales.get", {"order_number": 1042}),
    ("cancellation request 17", "after_sales.get", {"request_id": 17}),
    ("show the return for order 1042", "after_sales.get", {"order_number": 1042}),
    ("history of request 12", "after_sales.get", {"request_id": 12}),
    # after_sales.explain
    ("why was request 12 approved", "after_sales.explain", {"request_id": 12}),
    ("explain request 12", "after_sales.explain", {"request_id": 12}),
    ("why was the return for order 1042 rejected", "after_sales.explain", {"order_number": 1042}),
    ("how was request 40 decided", "after_sales.explain", {"request_id": 40}),
    ("which rule decided request 17?", "after_sales.explain", {"request_id": 17}),
    (
        "why did you refund the cancellation on order 58213",
        "after_sales.explain",
        {"order_number": 58213},
    ),
    # after_sales.approve
    ("approve the cancellation for order 1042", "after_sales.approve", {"order_number": 1042}),
    ("accept cancellation request 17", "after_sales.approve", {"request_id": 17}),
    ("ok cancel it for the buyer, order 58213", "after_sales.approve", {"order_number": 58213}),
    ("approve the return for order 1042", "after_sales.approve", {"order_number": 1042}),
    ("accept return 40", "after_sales.approve", {"request_id": 40}),
    # after_sales.reject
    (
        "reject 58213, it already shipped",
        "after_sales.reject",
        {"request_id": 58213, "reason": "already_shipped"},
    ),
    (
        "decline the cancellation for order 1042, the buyer agreed to keep it",
        "after_sales.reject",
        {"order_number": 1042, "reason": "buyer_agreed_to_keep"},
    ),
    (
        "refuse cancellation of 77120 because it is custom made",
        "after_sales.reject",
        {"order_number": 77120, "reason": "custom_made"},
    ),
    ("reject the cancellation for order 1042", "after_sales.reject", {"order_number": 1042}),
    (
        "reject the return for order 1042, outside return policy",
        "after_sales.reject",
        {"order_number": 1042, "reason": "outside_return_policy"},
    ),
    (
        "reject request 12, the returned item is damaged",
        "after_sales.reject",
        {"request_id": 12, "reason": "returned_item_damaged"},
    ),
    (
        "decline request 12: item not as claimed, it works fine",
        "after_sales.reject",
        {"request_id": 12, "reason": "item_not_as_claimed"},
    ),
    (
        "reject request 12, we can't intercept the parcel anymore",
        "after_sales.reject",
        {"request_id": 12, "reason": "cannot_intercept"},
    ),
    (
        'reject return 40, outside return policy, note: "Bought 3 months ago" '
        "https://photos.example/receipt.jpg",
        "after_sales.reject",
        {
            "request_id": 40,
            "reason": "outside_return_policy",
            "note": "Bought 3 months ago",
            "evidence": ["https://photos.example/receipt.jpg"],
        },
    ),
    # after_sales.offer_partial_refund
    (
        "offer a partial refund of $5 on request 12",
        "after_sales.offer_partial_refund",
        {"request_id": 12, "amount_minor": 500},
    ),
    (
        "offer 5 dollars on the return for order 1042",
        "after_sales.offer_partial_refund",
        {"order_number": 1042, "amount_minor": 500},
    ),
    (
        "offer 500 cents for request 12",
        "after_sales.offer_partial_refund",
        {"request_id": 12, "amount_minor": 500},
    ),
    (
        "partial refund of 12.50 on return 40",
        "after_sales.offer_partial_refund",
        {"request_id": 40, "amount_minor": 1250},
    ),
    (
        "offer a partial refund on request 12",
        "after_sales.offer_partial_refund",
        {"request_id": 12},
    ),
    # after_sales.request_interception
    ("intercept the parcel for request 12", "after_sales.request_interception", {"request_id": 12}),
    (
        "stop the parcel for order 1042, the buyer cancelled",
        "after_sales.request_interception",
        {"order_number": 1042},
    ),
    # after_sales.confirm_received
    ("I received the return for request 12", "after_sales.confirm_received", {"request_id": 12}),
    ("got the item back for order 1042", "after_sales.confirm_received", {"order_number": 1042}),
    # after_sales.issue_refund
    ("refund request 12 now", "after_sales.issue_refund", {"request_id": 12}),
    (
        "issue the refund for the return on order 1042",
        "after_sales.issue_refund",
        {"order_number": 1042},
    ),
    # out of scope
    ("hi", None, {}),
    ("thanks", None, {}),
    ("what's the weather", None, {}),
    ("delete my shop", None, {}),
    ("change my password", None, {}),
    ("book a flight", None, {}),
)
