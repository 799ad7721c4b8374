"""Who did what in the demo history, and the audit records that say so."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from fairmarket.demo.rows import Rows
from fairmarket.demo.world import SellerCast
from fairmarket.domains.events.payloads import checked_payload
from fairmarket.domains.events.types import EventType


@dataclass(frozen=True)
class ActorRef:
    kind: str
    id: int | None
    label: str
    channel: str


PAYMENTS = ActorRef("system", None, "system:payments", "system")
DEADLINE = ActorRef("system", None, "system:response_window", "system")
COMPLETION = ActorRef("system", None, "system:completion_window", "system")
# A rule of the demo's decisions rule set, refunding a small return without the item.
SMALL_REFUND_RULE = ActorRef(
    "system_rule", None, "rule:post-purchase-exceptions@v1#refund-small-returns", "rules"
)


def buyer_actor(buyer_id: int) -> ActorRef:
    return ActorRef("buyer", buyer_id, f"buyer:{buyer_id}", "buyer_api")


def carrier_actor(carrier: str) -> ActorRef:
    return ActorRef("system", None, f"carrier:{carrier}", "system")


def seller_actor(rng: random.Random, seller: SellerCast) -> ActorRef:
    """A seller-side actor on the channel this shop tends to use (Seller Center, API, chatbot)."""
    channels = list(seller.channels)
    channel = rng.choices(channels, weights=[seller.channels[c] for c in channels])[0]
    if channel == "api":
        return ActorRef("integration", None, f"api_key:demo{seller.id:04d}", "api")
    user_id, email = rng.choice(seller.users)
    return ActorRef("seller_user", user_id, email, channel)


@dataclass(frozen=True)
class Subject:
    type: str
    id: int
    seller_id: int
    order_id: int


def audit(
    rows: Rows,
    actor: ActorRef,
    at: datetime,
    action: str,
    subject: Subject,
    *,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None = None,
    note: str | None = None,
) -> None:
    rows.add(
        "audit_records",
        {
            "at": at,
            "actor_kind": actor.kind,
            "actor_id": actor.id,
            "actor_label": actor.label,
            "channel": actor.channel,
            "action": action,
            "subject_type": subject.type,
            "subject_id": subject.id,
            "seller_id": subject.seller_id,
            "order_id": subject.order_id,
            "before": before,
            "after": after,
            "reason": reason,
            "note": note,
        },
    )


def publish(
    rows: Rows,
    type_: EventType,
    at: datetime,
    *,
    resource_type: str,
    resource_id: int,
    seller_id: int,
    data: dict[str, Any],
) -> None:
    """An event in the log, as `events.service.publish_event` appends it (ids are put in time
    order before writing: the log's order is the order things happened), its payload checked
    against the type's model as there."""
    checked_payload(type_, data)
    rows.add(
        "events",
        {
            "type": type_.value,
            "resource_type": resource_type,
            "resource_id": resource_id,
            "sequence": rows.next_sequence(resource_type, resource_id),
            "seller_id": seller_id,
            "occurred_at": at,
            "transaction_id": None,
            "data": data,
        },
    )
