"""Plain words for the codes the bot would otherwise show: statuses, reasons, journeys, actions.

Every reply passes through `plain`, so a code from the domain ("partial_offered",
"offer_partial_refund", "after_sale.approved") never reaches a seller; quoted text (the seller's
own note) and links are left exactly as they were.
"""

from __future__ import annotations

import re

LABELS: dict[str, str] = {
    # after-sale statuses
    "partial_offered": "partial refund offered, waiting for the buyer",
    "awaiting_return_shipment": "waiting for the buyer to send the item back",
    "return_in_transit": "on its way back",
    "return_delivered": "back with you, to inspect",
    "in_dispute": "in dispute with the platform",
    "converted_to_return": "turned into a return",
    # order statuses
    "awaiting_payment": "waiting for payment",
    "awaiting_shipment": "waiting to be shipped",
    "in_transit": "on its way",
    # journeys and kinds
    "fulfilment_cancellation": "cancellation in transit",
    "refund_only": "refund only",
    "return_and_refund": "return and refund",
    # reasons
    "already_shipped": "it has already shipped",
    "buyer_agreed_to_keep": "the buyer agreed to keep it",
    "cannot_intercept": "the parcel cannot be intercepted",
    "outside_return_policy": "outside the return policy",
    "item_not_as_claimed": "the item is not as the buyer claims",
    "returned_item_damaged": "the returned item is damaged",
    "custom_made": "custom made",
    "out_of_stock": "out of stock",
    "pricing_error": "a pricing error",
    "cannot_ship_to_address": "cannot ship to that address",
    "changed_mind": "changed their mind",
    # actions
    "offer_partial_refund": "offer a partial refund",
    "request_interception": "ask the carrier to intercept the parcel",
    "confirm_received": "confirm you received the return",
    "issue_refund": "refund now",
    "auto_approve": "approve it",
    "auto_reject": "reject it",
    "auto_close": "close it",
    "accept_offer": "accept the offer",
    "decline_offer": "decline the offer",
    "ship_return": "send the item back",
}
# A code: words joined by underscores, possibly with a dotted prefix ("after_sale.approved").
CODE = re.compile(r"\b[a-z][a-z0-9]*(?:\.[a-z][a-z0-9]*)*(?:_[a-z0-9]+)+(?:\.[a-z_]+)?\b")
UNTOUCHED = re.compile(r"\"[^\"]*\"|\u201c[^\u201d]*\u201d|https?://\S+")


def label(code: str) -> str:
    """The plain words for a code ('partial_offered' -> 'partial refund offered, ...')."""
    if code in LABELS:
        return LABELS[code]
    last = code.rsplit(".", 1)[-1]
    return LABELS.get(last, last.replace("_", " "))


def plain(text: str) -> str:
    """The text with every code in plain words, except inside quotes and links."""
    parts: list[str] = []
    position = 0
    for kept in UNTOUCHED.finditer(text):
        parts.append(CODE.sub(lambda m: label(m.group(0)), text[position : kept.start()]))
        parts.append(kept.group(0))
        position = kept.end()
    parts.append(CODE.sub(lambda m: label(m.group(0)), text[position:]))
    return "".join(parts)


def has_code(text: str) -> bool:
    """Whether a code is left outside quotes and links (what the tests look for)."""
    return bool(CODE.search(UNTOUCHED.sub(" ", text)))
