"""The declarations, assembled from one module per domain. Adding a capability to one of them
puts it in every channel (parity checks it)."""

from __future__ import annotations

from fairmarket.capabilities.after_sales import AFTER_SALE_CAPABILITIES
from fairmarket.capabilities.api_keys import API_KEY_CAPABILITIES
from fairmarket.capabilities.buyer import BUYER_AFTER_SALE_CAPABILITIES, BUYER_ORDER_CAPABILITIES
from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.capabilities.events import EVENT_CAPABILITIES
from fairmarket.capabilities.ops import OPS_CAPABILITIES
from fairmarket.capabilities.orders import ORDER_CAPABILITIES
from fairmarket.capabilities.rules import RULES_CAPABILITIES
from fairmarket.capabilities.webhooks import WEBHOOK_CAPABILITIES

# The order is the OpenAPI document's order of operations: keep it when adding a module.
CAPABILITIES: tuple[Capability, ...] = (
    *ORDER_CAPABILITIES,
    *BUYER_ORDER_CAPABILITIES,
    *AFTER_SALE_CAPABILITIES,
    *BUYER_AFTER_SALE_CAPABILITIES,
    *OPS_CAPABILITIES,
    *RULES_CAPABILITIES,
    *API_KEY_CAPABILITIES,
    *EVENT_CAPABILITIES,
    *WEBHOOK_CAPABILITIES,
)

BY_NAME: dict[str, Capability] = {capability.name: capability for capability in CAPABILITIES}


def seller_capabilities() -> list[Capability]:
    return [c for c in CAPABILITIES if c.audience is Audience.SELLER]


def chat_capabilities() -> list[Capability]:
    """The seller capabilities the chatbot offers: all but those declaring why not."""
    return [c for c in seller_capabilities() if not c.not_in_chat]


def get_capability(name: str) -> Capability:
    return BY_NAME[name]


__all__ = [
    "BY_NAME",
    "CAPABILITIES",
    "chat_capabilities",
    "get_capability",
    "seller_capabilities",
]
