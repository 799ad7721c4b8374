"""The facts catalogue: every value a rule may test, typed and documented.

Facts reach a compiled rule as one tuple in catalogue order (`FACTS`), so a condition such as
`order.value > 100` compiles to an index lookup. The same order is the column order of the
`after_sale_facts` snapshot table, so a back-test feeds database rows to the rule unchanged.
Money is in major units of the order's currency (15 means 15.00), rates are fractions (0.25).
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from fairmarket.domains.after_sales.machines import Fault, JourneyType, RequestKind
from fairmarket.domains.orders.lifecycle import ShipmentStatus


class FactType(StrEnum):
    INTEGER = "integer"
    NUMBER = "number"  # integer or decimal
    MONEY = "money"  # major units of the order's currency
    RATE = "rate"  # a fraction between 0 and 1
    TEXT = "text"
    BOOLEAN = "boolean"


NUMERIC_TYPES = frozenset({FactType.INTEGER, FactType.NUMBER, FactType.MONEY, FactType.RATE})


@dataclass(frozen=True)
class Fact:
    name: str  # "group.field", as written in conditions
    type: FactType
    description: str  # what it means, in plain words (explanations use it)
    values: tuple[str, ...] = ()  # the allowed values of a TEXT fact; empty: any text
    private_to_platform: bool = False  # hidden from sellers in explanations (buyer data)

    @property
    def group(self) -> str:
        return self.name.split(".", 1)[0]

    @property
    def column(self) -> str:
        """The snapshot table's column for this fact."""
        return self.name.replace(".", "_")


REQUEST_TYPES = tuple(JourneyType)
REQUEST_KINDS = tuple(RequestKind)
STAGES = ("pre_shipment", "in_fulfilment", "post_delivery")
FAULTS = tuple(Fault)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
NO_SHIPMENT = "none"  # the order has not shipped: no shipment's status to speak of
SHIPMENT_STATUSES = (NO_SHIPMENT, *ShipmentStatus)

FACTS: tuple[Fact, ...] = (
    # --- the request ---
    Fact("request.type", FactType.TEXT, "the request's journey", REQUEST_TYPES),
    Fact("request.kind", FactType.TEXT, "what the buyer asks for", REQUEST_KINDS),
    Fact("request.reason", FactType.TEXT, "the buyer's reason code"),
    Fact("request.fault", FactType.TEXT, "who the reason blames", FAULTS),
    Fact("request.amount", FactType.MONEY, "the refund the request asks for"),
    Fact("request.age_hours", FactType.NUMBER, "hours since the request was opened"),
    Fact("request.stage", FactType.TEXT, "where the order was when the request opened", STAGES),
    Fact("request.status", FactType.TEXT, "the request's status"),
    Fact("request.whole_order", FactType.BOOLEAN, "whether the request covers the whole order"),
    Fact("request.has_evidence", FactType.BOOLEAN, "whether the buyer attached evidence links"),
    # --- the order ---
    Fact("order.value", FactType.MONEY, "the order's total"),
    Fact("order.lines", FactType.INTEGER, "how many lines the order has"),
    Fact("order.items", FactType.INTEGER, "how many items the order has, all lines together"),
    Fact("order.category", FactType.TEXT, "the category of the order's most valuable line"),
    Fact("order.region", FactType.TEXT, "the region the order ships to"),
    Fact("order.status", FactType.TEXT, "the order's status"),
    Fact("order.age_days", FactType.NUMBER, "days since the order was placed"),
    # --- the shipment ---
    Fact("shipment.carrier", FactType.TEXT, "the carrier's name ('' before shipment)"),
    Fact("shipment.status", FactType.TEXT, "the parcel's status", SHIPMENT_STATUSES),
    Fact(
        "shipment.last_scan_age_hours",
        FactType.NUMBER,
        "hours since the carrier's last scan (0 before shipment)",
    ),
    # --- the buyer ---
    Fact(
        "buyer.order_count",
        FactType.INTEGER,
        "orders the buyer placed before this request",
        (),
        True,
    ),
    Fact(
        "buyer.cancellation_rate_90d",
        FactType.RATE,
        "the buyer's cancellation requests ÷ their orders over the last 90 days",
        (),
        True,
    ),
    Fact(
        "buyer.return_rate_90d",
        FactType.RATE,
        "the buyer's return requests ÷ their orders over the last 90 days",
        (),
        True,
    ),
    Fact(
        "buyer.account_age_days", FactType.NUMBER, "days since the buyer's account opened", (), True
    ),
    # --- the seller ---
    Fact(
        "seller.response_rate",
        FactType.RATE,
        "the seller's after-sale requests answered before their deadline ÷ all, last 90 days",
    ),
    Fact(
        "seller.fault_cancellation_rate",
        FactType.RATE,
        "the seller's cancellations blamed on the seller ÷ their orders, last 90 days",
    ),
    Fact(
        "seller.violation_points",
        FactType.INTEGER,
        "the seller's active violation points (0 until governance records any)",
    ),
    # --- time, in the seller's timezone ---
    Fact("time.local_hour", FactType.INTEGER, "the hour of day in the seller's timezone (0-23)"),
    Fact("time.weekday", FactType.TEXT, "the day of the week in the seller's timezone", WEEKDAYS),
)

FACT_INDEX: dict[str, int] = {fact.name: index for index, fact in enumerate(FACTS)}
FACTS_BY_NAME: dict[str, Fact] = {fact.name: fact for fact in FACTS}

FactRecord = tuple[Any, ...]  # one value per fact, in catalogue order


ZERO_VALUES: dict[FactType, Any] = {
    FactType.INTEGER: 0,
    FactType.NUMBER: 0,
    FactType.MONEY: 0,
    FactType.RATE: 0,
    FactType.TEXT: "",
    FactType.BOOLEAN: False,
}


def record_from_mapping(values: dict[str, Any]) -> FactRecord:
    """A fact record from {"order.value": 12.5, ...}. A rule test case names only the facts it
    cares about; the others take their type's zero value (0, "", false)."""
    return tuple(values.get(fact.name, ZERO_VALUES[fact.type]) for fact in FACTS)


def record_to_mapping(record: FactRecord) -> dict[str, Any]:
    return {fact.name: value for fact, value in zip(FACTS, record, strict=True)}
