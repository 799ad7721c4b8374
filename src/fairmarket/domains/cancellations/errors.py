"""Errors of the cancellation journey (a stable code each, and what to do next)."""

from __future__ import annotations

from fairmarket.domains.cancellations.models import CancellationRequest
from fairmarket.kernel.errors import DomainError, conflict, not_found


def cancellation_not_found(request_id: int | None, order_number: int | None) -> DomainError:
    if request_id is not None:
        return not_found(
            "cancellation_not_found",
            f"Cancellation request {request_id} does not exist or is not yours; "
            "list pending requests to find its id.",
        )
    return not_found(
        "cancellation_not_found",
        f"Order {order_number} has no cancellation request that you can see; "
        "check the order number or list pending requests.",
    )


def already_decided(request: CancellationRequest, order_number: int) -> DomainError:
    return conflict(
        "cancellation_already_decided",
        f"The cancellation request for order {order_number} is already {request.status} "
        f"({request.resolution} by {request.resolved_by}); nothing was changed.",
        current_state=state_of(request, order_number),
    )


def version_mismatch(request: CancellationRequest, order_number: int, expected: int) -> DomainError:
    return conflict(
        "cancellation_version_mismatch",
        f"The cancellation request for order {order_number} changed since you loaded it "
        f"(version {expected}, now {request.version}); reload it and decide again.",
        current_state=state_of(request, order_number),
    )


def state_of(request: CancellationRequest, order_number: int) -> dict[str, object]:
    return {
        "id": request.id,
        "order_number": order_number,
        "status": request.status,
        "resolution": request.resolution,
        "version": request.version,
    }
