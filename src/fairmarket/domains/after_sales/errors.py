"""Errors of after-sale requests: a stable code each, the current state, and what to do next."""

from __future__ import annotations

from fairmarket.domains.after_sales.models import AfterSaleRequest
from fairmarket.kernel.errors import DomainError, conflict, not_found


def request_not_found(request_id: int) -> DomainError:
    return not_found(
        "after_sale_not_found",
        f"After-sale request {request_id} does not exist or is not yours; "
        "list requests to find its id.",
    )


def state_of(request: AfterSaleRequest, order_number: int) -> dict[str, object]:
    return {
        "id": request.id,
        "type": request.type,
        "order_number": order_number,
        "status": request.status,
        "last_action": request.last_action,
        "version": request.version,
        "deadline": request.deadline.isoformat() if request.deadline else None,
    }


def version_mismatch(request: AfterSaleRequest, order_number: int, expected: int) -> DomainError:
    return conflict(
        "after_sale_version_mismatch",
        f"After-sale request {request.id} changed since you loaded it (version {expected}, now "
        f"{request.version}, status {request.status}); reload it and decide again.",
        current_state=state_of(request, order_number),
    )


def action_not_available(
    request: AfterSaleRequest, order_number: int, action: str, available: list[str]
) -> DomainError:
    options = ", ".join(available) or "none"
    return conflict(
        "action_not_available",
        f"After-sale request {request.id} is {request.status}; '{action}' is not possible now "
        f"(you can: {options}). Nothing was changed.",
        current_state=state_of(request, order_number) | {"available_actions": available},
    )
