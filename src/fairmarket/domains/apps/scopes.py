"""The seller scopes an app may ask for, each in the plain words the consent page shows."""

from __future__ import annotations

from collections.abc import Iterable

SCOPE_WORDS: dict[str, str] = {
    "orders:read": "See your orders, their items, shipments and history",
    "orders:write": "Ship and cancel your orders",
    "after_sales:read": "See cancellation, return and refund requests on your orders",
    "after_sales:write": "Decide cancellation, return and refund requests for you",
    "events:read": "Read the log of changes to your orders and requests",
    "webhooks:read": "See where your shop sends change notifications",
    "webhooks:write": "Add, change and remove where your shop sends change notifications",
}
APP_SCOPES = frozenset(SCOPE_WORDS)


def scope_list(scopes: str) -> list[str]:
    """The stored space-separated scopes, in a stable order."""
    return sorted(set(scopes.split()))


def scope_text(scopes: Iterable[str]) -> str:
    return " ".join(sorted(set(scopes)))
