"""The accounts domain's errors about API keys: stable codes, messages that say what to do next."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fairmarket.kernel.errors import DomainError, conflict, forbidden, invalid, not_found

WHERE_KEYS_ARE_LISTED = (
    "list your keys with GET /v1/api-keys, on Seller Center's API keys page, "
    "or with `fairmarket apikeys list`"
)


def owner_required() -> DomainError:
    return invalid(
        "api_key_owner_required", "Give exactly one of --seller or --buyer.", "seller_id"
    )


def unknown_scopes(unknown: Iterable[str], allowed: Iterable[str]) -> DomainError:
    return invalid(
        "unknown_scope",
        f"Unknown scope(s) {', '.join(unknown)}; choose from {', '.join(sorted(allowed))}.",
        "scopes",
    )


def no_scopes() -> DomainError:
    return invalid("api_key_scopes_empty", "Give the key at least one scope.", "scopes")


def scope_escalation(beyond: Iterable[str]) -> DomainError:
    return forbidden(
        "api_key_scope_escalation",
        f"A key cannot hand out scopes it does not have itself ({', '.join(beyond)}); ask the "
        "shop owner to create this key in Seller Center.",
    )


def seller_not_found(seller_id: int) -> DomainError:
    return not_found(
        "seller_not_found",
        f"Seller {seller_id} does not exist; `fairmarket sellers list` shows the sellers.",
    )


def buyer_not_found(buyer_id: int) -> DomainError:
    return not_found("buyer_not_found", f"Buyer {buyer_id} does not exist.")


def key_not_found(key_id: int) -> DomainError:
    return not_found(
        "api_key_not_found",
        f"API key {key_id} does not exist or is not yours; {WHERE_KEYS_ARE_LISTED}.",
    )


def keys_not_managed_by(kind: str) -> DomainError:
    return forbidden(
        "api_keys_not_managed_here",
        f"A {kind} cannot manage seller or buyer API keys; sign in as the shop or the buyer.",
    )


def already_revoked(prefix: str, state: dict[str, Any]) -> DomainError:
    return conflict(
        "api_key_already_revoked",
        f"API key {prefix} is already revoked; nothing changed.",
        current_state=state,
    )


def not_rotatable(prefix: str, status: str, state: dict[str, Any]) -> DomainError:
    return conflict(
        "api_key_not_active",
        f"API key {prefix} is {status}, so it cannot be rotated; create a new key instead.",
        current_state=state,
    )


def already_rotated(prefix: str, successor_prefix: str, state: dict[str, Any]) -> DomainError:
    return conflict(
        "api_key_already_rotated",
        f"API key {prefix} was already rotated to {successor_prefix}; rotate that key instead.",
        current_state=state,
    )
