"""Arguments read from a message by the capability's command schema, and nothing else."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Any

import pytest
from pydantic import BaseModel

from fairmarket.capabilities.catalogue import Capability
from fairmarket.capabilities.registry import chat_capabilities
from fairmarket.entrypoints.chatbot.arguments import arguments_for
from fairmarket.entrypoints.chatbot.money_words import share_words
from fairmarket.entrypoints.chatbot.phrasings import DEVELOPMENT_PHRASINGS
from fairmarket.entrypoints.chatbot.schema_slots import SlotKind, slots_of
from fairmarket.kernel.commands import Command
from fairmarket.kernel.money import Money
from fairmarket.kernel.synonyms import declare_descriptions, declare_synonyms

# A Saturday morning; last week is Monday 23 to Monday 30 November.
NOW = datetime(2026, 12, 5, 9, 30, tzinfo=UTC)

Case = tuple[str, str, dict[str, Any]]

IDS: list[Case] = [
    ("after_sales.get", "show request #12", {"request_id": 12}),
    ("after_sales.get", "case 31 please", {"request_id": 31}),
    ("after_sales.get", "ticket no. 7", {"request_id": 7}),
    ("after_sales.get", "what about request id 45", {"request_id": 45}),
    ("after_sales.approve", "58213 approve", {"order_number": 58213}),
    ("after_sales.approve", "approve the one on order #1042", {"order_number": 1042}),
    ("after_sales.approve", "approve request 12 for order 1042", {"request_id": 12}),
    ("orders.get", "order number 77120", {"order_number": 77120}),
    # two digits alone are not an order ("a table for 12"); with "#" they are
    ("orders.get", "show 12", {}),
    ("orders.get", "show #12", {"order_number": 12}),
    ("orders.get", "what about nr. 45", {"order_number": 45}),
    # a number right after the capability's verb is what it acts on: the schema's own id
    ("after_sales.approve", "accept 31 please", {"request_id": 31}),
    ("after_sales.issue_refund", "refund #8 today", {"request_id": 8}),
    ("orders.cancel", "cancel 4120 today", {"order_number": 4120}),
    # a possessive after a number is not part of it
    ("after_sales.get", "case 19's deadline", {"request_id": 19}),
    ("orders.timeline", "order 5310's history", {"order_number": 5310}),
]
MONEY: list[Case] = [
    ("after_sales.offer_partial_refund", "offer $5 on request 12", {"amount_minor": 500}),
    ("after_sales.offer_partial_refund", "offer 5,50 EUR on request 12", {"amount_minor": 550}),
    ("after_sales.offer_partial_refund", "offer €7.25 on request 12", {"amount_minor": 725}),
    ("after_sales.offer_partial_refund", "give them 10 bucks, request 12", {"amount_minor": 1000}),
    (
        "after_sales.offer_partial_refund",
        "offer 1,234.50 USD, request 12",
        {"amount_minor": 123450},
    ),
    (
        "after_sales.offer_partial_refund",
        "offer 1.234,50 € on request 12",
        {"amount_minor": 123450},
    ),
    ("after_sales.offer_partial_refund", "offer 250 cents on request 12", {"amount_minor": 250}),
    ("after_sales.offer_partial_refund", "offer 8 on request 12", {"amount_minor": 800}),
    ("after_sales.offer_partial_refund", "refund half of request 12", {"amount_share": "1/2"}),
    ("after_sales.offer_partial_refund", "offer 20% on request 12", {"amount_share": "1/5"}),
    ("after_sales.offer_partial_refund", "offer a third, request 12", {"amount_share": "1/3"}),
    (
        "after_sales.offer_partial_refund",
        "pay the buyer 15 dollars to keep it, order 1042",
        {"amount_minor": 1500},
    ),
]
CHOICES: list[Case] = [
    ("after_sales.list", "show the ones I turned down", {"status": "rejected"}),
    ("after_sales.list", "offers they haven't answered", {"status": "partial_offered"}),
    ("after_sales.list", "unanswered offers", {"status": "partial_offered"}),
    (
        "after_sales.list",
        "returns on their way back",
        {"type": "return", "status": "return_in_transit"},
    ),
    ("after_sales.list", "show cancellations in transit", {"type": "fulfilment_cancellation"}),
    (
        "after_sales.list",
        "list return_delivered returns",
        {"type": "return", "status": "return_delivered"},
    ),
    ("orders.cancel", "cancel 1042, we ran out", {"reason": "out_of_stock"}),
    ("orders.list", "orders still to ship", {"status": "awaiting_shipment"}),
    # statuses in plain words
    ("orders.list", "orders the customers have received", {"status": "delivered"}),
    ("orders.list", "orders still waiting for us to post", {"status": "awaiting_shipment"}),
    ("orders.list", "orders that are en route", {"status": "in_transit"}),
    ("orders.list", "which orders has nobody paid for", {"status": "awaiting_payment"}),
    ("orders.cancel", "cancel 5120, none of that colour left", {"reason": "out_of_stock"}),
    # a reason no synonym foresaw, by the meaning of the reasons' declared descriptions
    (
        "after_sales.reject",
        "decline request 57, the box came back crushed",
        {"reason": "returned_item_damaged"},
    ),
    ("orders.cancel", "cancel 4471, we messed up the price tag", {"reason": "pricing_error"}),
    # ... and none when no description is clearly meant
    ("after_sales.reject", "reject request 12, the buyer is annoying", {}),
    ("orders.cancel", "cancel 4471 please, thanks a lot", {}),
]
DATES: list[Case] = [
    (
        "orders.list",
        "orders from last week",
        {"created_from": "2026-11-23T00:00:00+00:00", "created_to": "2026-11-30T00:00:00+00:00"},
    ),
    ("orders.list", "orders since Monday", {"created_from": "2026-11-30T00:00:00+00:00"}),
    (
        "after_sales.list",
        "returns from yesterday",
        {
            "type": "return",
            "created_from": "2026-12-04T00:00:00+00:00",
            "created_to": "2026-12-05T00:00:00+00:00",
        },
    ),
    (
        "orders.list",
        "orders updated in the past 2 days",
        {"updated_since": "2026-12-03T09:30:00+00:00"},
    ),
    (
        "orders.list",
        "orders placed since 2026-12-01",
        {"created_from": "2026-12-01T00:00:00+00:00"},
    ),
    # the year of a date is not an order number
    (
        "after_sales.list",
        "requests for order 1042 since 2026-11-01",
        {
            "order_number": 1042,
            "created_from": "2026-11-01T00:00:00+00:00",
        },
    ),
]


def without_references(arguments: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in arguments.items() if k not in {"request_id", "order_number"}}


@pytest.mark.parametrize(("capability", "message", "expected"), IDS)
def test_ids_by_their_noun_with_hash_first_or_last(
    capability: str, message: str, expected: dict[str, Any]
) -> None:
    assert arguments_for(capability, message, NOW) == expected


@pytest.mark.parametrize(("capability", "message", "expected"), MONEY)
def test_money_in_the_words_sellers_use(
    capability: str, message: str, expected: dict[str, Any]
) -> None:
    assert without_references(arguments_for(capability, message, NOW)) == expected


@pytest.mark.parametrize(("capability", "message", "expected"), CHOICES)
def test_enum_choices_through_the_synonyms_beside_the_enum(
    capability: str, message: str, expected: dict[str, Any]
) -> None:
    assert without_references(arguments_for(capability, message, NOW)) == expected


@pytest.mark.parametrize(("capability", "message", "expected"), DATES)
def test_dates_and_ranges(capability: str, message: str, expected: dict[str, Any]) -> None:
    assert arguments_for(capability, message, NOW) == expected


def test_a_note_and_links_are_free_text_and_the_reason_is_read_outside_the_note() -> None:
    message = (
        'reject request 40, custom made, note: "It was sold out last week" https://x.example/a.jpg'
    )
    assert arguments_for("after_sales.reject", message, NOW) == {
        "request_id": 40,
        "reason": "custom_made",
        "note": "It was sold out last week",
        "evidence": ["https://x.example/a.jpg"],
    }


@pytest.mark.parametrize(
    ("message", "capability", "expected"),
    [(text, name, args) for text, name, args in DEVELOPMENT_PHRASINGS if name is not None],
)
def test_every_development_phrasing_gets_its_arguments(
    message: str, capability: str, expected: dict[str, Any]
) -> None:
    assert arguments_for(capability, message, NOW) == expected


def test_an_argument_name_is_always_an_input_of_the_capability_or_one_the_dialog_resolves() -> None:
    resolved_by_dialog = {"order_number", "amount_share"}
    for capability in chat_capabilities():
        for example in capability.examples:
            names = set(arguments_for(capability, example, NOW))
            assert names <= set(capability.command.model_fields) | resolved_by_dialog, example


# A capability the chatbot has never seen: only its schema and its enum's synonyms.
class Severity(StrEnum):
    MINOR = "minor"
    MAJOR = "major"
    CRITICAL = "critical"


declare_synonyms(
    Severity,
    {
        Severity.CRITICAL: (r"urgent", r"on fire", r"everything is down"),
        Severity.MINOR: (r"small", r"cosmetic", r"not a big deal"),
    },
)


class OpenIncident(Command):
    case_id: int
    severity: Severity
    credit_minor: int | None = None
    created_from: datetime | None = None
    created_to: datetime | None = None
    note: str | None = None
    dry_run: bool = False


class IncidentRead(BaseModel):
    id: int


FAKE = Capability(
    name="incidents.open",
    summary="Open an incident for a support case.",
    command=OpenIncident,
    result=IncidentRead,
    scope="incidents:write",
    handler=lambda uow, actor, command: IncidentRead(id=1),
    http_method="POST",
    http_path="/v1/incidents",
    writes=True,
)


def test_a_new_capability_is_read_from_its_declaration_alone() -> None:
    message = 'open an incident for case 31, it is urgent, credit them 12.50 EUR, note: "call back"'
    assert arguments_for(FAKE, message, NOW) == {
        "case_id": 31,
        "severity": "critical",
        "credit_minor": 1250,
        "note": "call back",
    }
    assert arguments_for(FAKE, "cosmetic issue on case 9 since yesterday", NOW) == {
        "case_id": 9,
        "severity": "minor",
        "created_from": "2026-12-04T00:00:00+00:00",
    }


def test_the_slots_of_a_schema_come_from_types_and_names() -> None:
    kinds = {slot.name: slot.kind for slot in slots_of(OpenIncident)}
    assert kinds == {
        "case_id": SlotKind.REFERENCE,
        "severity": SlotKind.CHOICE,
        "credit_minor": SlotKind.MONEY,
        "created_from": SlotKind.MOMENT,
        "created_to": SlotKind.MOMENT,
        "note": SlotKind.TEXT,
    }


def test_a_new_enum_is_matched_by_the_meaning_of_its_descriptions() -> None:
    declare_descriptions(
        Severity,
        {
            Severity.CRITICAL: ("the whole shop is down and customers cannot pay or check out",),
            Severity.MINOR: ("a small cosmetic glitch that does not stop anyone",),
        },
    )
    message = "open an incident for case 31 - the checkout is completely broken"
    assert arguments_for(FAKE, message, NOW) == {"case_id": 31, "severity": "critical"}


def test_descriptions_refuse_a_member_of_another_enum_and_an_empty_one() -> None:
    with pytest.raises(TypeError):
        declare_descriptions(Severity, {SlotKind.MONEY: ("money",)})  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="at least one sentence"):
        declare_descriptions(Severity, {Severity.MAJOR: ()})


def test_synonyms_refuse_a_member_of_another_enum() -> None:
    with pytest.raises(TypeError, match="not a member of Severity"):
        declare_synonyms(Severity, {SlotKind.MONEY: ("cash",)})  # type: ignore[dict-item]


@pytest.mark.parametrize(
    ("share", "words", "of_5499"),
    [
        (Fraction(1, 2), "half", 2750),  # 2749.5 rounds half up
        (Fraction(1, 3), "a third", 1833),
        (Fraction(3, 4), "three quarters", 4124),
        (Fraction(1, 5), "20%", 1100),
        (Fraction(1, 8), "12.5%", 687),
    ],
)
def test_a_share_in_words_and_in_money(share: Fraction, words: str, of_5499: int) -> None:
    assert share_words(share) == words
    assert Money(5499, "USD").share(share) == Money(of_5499, "USD")


def test_an_amount_with_more_decimals_than_its_currency_is_refused() -> None:
    assert arguments_for("after_sales.offer_partial_refund", "offer 500 yen on request 3") == {
        "request_id": 3,
        "amount_minor": 500,
    }
    with pytest.raises(ValueError, match="more decimals than JPY"):
        Money.from_major(Decimal("5.5"), "JPY")
