"""The after-sales domain's seller tools: every journey (cancellation, return, refund,
replacement) answered with one set of actions, and the decision explained."""

from __future__ import annotations

from typing import Any

from fairmarket.capabilities.catalogue import Audience, Capability
from fairmarket.domains.after_sales import service as after_sales
from fairmarket.domains.after_sales.schemas import (
    AfterSaleListQuery,
    AfterSalePage,
    AfterSaleRead,
    AfterSaleRef,
    ApproveRequest,
    ConfirmReturnReceived,
    Decide,
    IssueRefund,
    OfferPartialRefund,
    RejectRequest,
    RequestInterception,
    StateMachines,
    StateMachinesQuery,
)
from fairmarket.domains.rules import explain
from fairmarket.domains.rules.schemas import DecisionExplanation, ExplainRequest

_PATH_PREFIX = {Audience.SELLER: "/v1/after-sales", Audience.BUYER: "/v1/buyer/after-sales"}
_NAME_PREFIX = {Audience.SELLER: "after_sales", Audience.BUYER: "buyer.after_sales"}


def request_action(
    action: str,
    command: type[Decide],
    summary: str,
    audience: Audience = Audience.SELLER,
    **chat: Any,
) -> Capability:
    """One action of the after-sale journeys (`service.action_handler`) on one request: its
    name, path and handler follow from the action's name; `chat` holds what only this action
    says (examples, confirm, done)."""
    return Capability(
        name=f"{_NAME_PREFIX[audience]}.{action}",
        summary=summary,
        command=command,
        result=AfterSaleRead,
        scope="after_sales:write",
        handler=after_sales.action_handler(action),
        http_method="POST",
        http_path=f"{_PATH_PREFIX[audience]}/{{request_id}}/{action.replace('_', '-')}",
        writes=True,
        audience=audience,
        **chat,
    )


AFTER_SALE_CAPABILITIES: tuple[Capability, ...] = (
    Capability(
        name="after_sales.state_machines",
        summary="The after-sale journeys as data: statuses, actions, who acts, inputs, timers.",
        command=StateMachinesQuery,
        result=StateMachines,
        scope="after_sales:read",
        handler=after_sales.state_machines,
        http_method="GET",
        http_path="/v1/after-sales/state-machines",
        audience=Audience.INTEGRATOR,
    ),
    Capability(
        name="after_sales.list",
        summary="List after-sale requests (cancellations, returns, refunds), newest first.",
        command=AfterSaleListQuery,
        result=AfterSalePage,
        scope="after_sales:read",
        handler=after_sales.list_requests,
        http_method="GET",
        http_path="/v1/after-sales",
        examples=(
            "show pending returns",
            "list after-sale requests",
            "which return requests need my answer",
            "show disputes",
            "show pending cancellations",
        ),
    ),
    Capability(
        name="after_sales.get",
        summary="Show one after-sale request with its actions, deadline and timeline.",
        command=AfterSaleRef,
        result=AfterSaleRead,
        scope="after_sales:read",
        handler=after_sales.get_request,
        http_method="GET",
        http_path="/v1/after-sales/{request_id}",
        examples=(
            "show request 12",
            "open after-sale request 40",
            "show the return for order 1042",
        ),
    ),
    request_action(
        "approve",
        ApproveRequest,
        "Approve a request: cancel and refund, refund, or accept the return.",
        examples=(
            "approve request 12",
            "accept the return request 40",
            "approve the cancellation for order 1042",
        ),
        confirm="Approve {target}?",
        done="Approved {target}.",
    ),
    request_action(
        "reject",
        RejectRequest,
        "Reject a request with a reason, a note and evidence links.",
        examples=(
            "reject request 12, outside return policy",
            "decline return request 40",
            "reject 58213, it already shipped",
        ),
        confirm="Reject {target} ({reason})?",
        done="Rejected {target} ({reason}).",
    ),
    request_action(
        "offer_partial_refund",
        OfferPartialRefund,
        "Offer a partial refund; the buyer keeps the item if they accept.",
        examples=(
            "offer a partial refund of $5 on request 12",
            "offer 5 dollars on the return for order 1042",
        ),
        confirm="Offer {amount} as a partial refund on {target}? The buyer keeps the item if "
        "they accept.",
        done="Offered {amount} on {target}; the buyer accepts or declines.",
    ),
    request_action(
        "request_interception",
        RequestInterception,
        "Ask the carrier to intercept a shipped parcel the buyer wants to cancel.",
        examples=("intercept the parcel for request 12", "stop the parcel for order 1042"),
        confirm="Ask the carrier to intercept the parcel of {target}?",
        done="Interception requested for {target}.",
    ),
    request_action(
        "confirm_received",
        ConfirmReturnReceived,
        "Confirm the returned item arrived: refund (or send the replacement).",
        examples=("I received the return for request 12", "got the item back for order 1042"),
        confirm="Confirm you received the returned item of {target}?",
        done="Receipt confirmed for {target}.",
    ),
    request_action(
        "issue_refund",
        IssueRefund,
        "Refund an accepted return now, without waiting for the item.",
        examples=("refund request 12 now", "issue the refund for the return on order 1042"),
        confirm="Refund {target} now, without waiting for the item?",
        done="Refunded {target}.",
    ),
    Capability(
        name="after_sales.explain",
        summary="Explain how a request was decided: which rule decided it and why, in plain words.",
        command=ExplainRequest,
        result=DecisionExplanation,
        scope="after_sales:read",
        handler=explain.explain_decision,
        http_method="GET",
        http_path="/v1/after-sales/{request_id}/decision",
        examples=(
            "why was request 12 approved",
            "explain request 12",
            "why was the return for order 1042 rejected",
            "how was request 40 decided",
        ),
    ),
)
