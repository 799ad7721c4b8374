"""The Seller Chatbot's interpreter: phrasings → capability and arguments, and what it refuses."""

from __future__ import annotations

import json
import random
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fairmarket.capabilities.registry import chat_capabilities, seller_capabilities
from fairmarket.entrypoints.chatbot import interpreter as interpreter_module
from fairmarket.entrypoints.chatbot import recognizer as recognizers
from fairmarket.entrypoints.chatbot.interpreter import (
    interpret,
    supported_capabilities,
)
from fairmarket.entrypoints.chatbot.normalize import normalize
from fairmarket.entrypoints.chatbot.phrasings import DEVELOPMENT_PHRASINGS
from fairmarket.settings import Settings

REPO_ROOT = Path(__file__).resolve().parents[2]
CLINC = REPO_ROOT.parent / "shared" / "data" / "clinc150" / "data_full.json"

Case = tuple[str, str | None, dict[str, Any]]

# The specification's examples, plus the variations sellers type: typos, case, "#", filler.
TABLE: list[Case] = [
    (
        "show pending cancellations",
        "after_sales.list",
        {"type": "cancellation", "status": "pending"},
    ),
    ("approve the cancellation for order 1042", "after_sales.approve", {"order_number": 1042}),
    ("approve cancellation request 17", "after_sales.approve", {"request_id": 17}),
    # A number right after the action's verb is what the action acts on: a request for
    # after-sale actions ("reject 210"); "reject the cancellation of 58213" names its order.
    (
        "reject 58213, it already shipped",
        "after_sales.reject",
        {"request_id": 58213, "reason": "already_shipped"},
    ),
    (
        "reject the cancellation of 58213, it already shipped",
        "after_sales.reject",
        {"order_number": 58213, "reason": "already_shipped"},
    ),
    (
        "cancel 77120, out of stock",
        "orders.cancel",
        {"order_number": 77120, "reason": "out_of_stock"},
    ),
    ("APPROVE THE CANCELLATION FOR #1042", "after_sales.approve", {"order_number": 1042}),
    ("aprove the cancelation for ordr 1042", "after_sales.approve", {"order_number": 1042}),
    (
        "Hi! Could you please reject #58213? It has already left the warehouse. Thanks!",
        "after_sales.reject",
        {"request_id": 58213, "reason": "already_shipped"},
    ),
    ("cnacel 77120 - sold out", "orders.cancel", {"order_number": 77120, "reason": "out_of_stock"}),
    (
        "cancel order 1042, wrong price",
        "orders.cancel",
        {"order_number": 1042, "reason": "pricing_error"},
    ),
    (
        "reject the cancellation for 1042, it's personalised",
        "after_sales.reject",
        {"order_number": 1042, "reason": "custom_made"},
    ),
    (
        'reject 1042, custom made, note: "Your mug is engraved with your name"',
        "after_sales.reject",
        {
            "request_id": 1042,
            "reason": "custom_made",
            "note": "Your mug is engraved with your name",
        },
    ),
    ("show order #1042", "orders.get", {"order_number": 1042}),
    # after-sale requests: the reasons, amounts and filters the brief names
    (
        "reject request 12, outside return policy",
        "after_sales.reject",
        {"request_id": 12, "reason": "outside_return_policy"},
    ),
    (
        "reject request 12, already shipped",
        "after_sales.reject",
        {"request_id": 12, "reason": "already_shipped"},
    ),
    (
        "reject request 12, custom made",
        "after_sales.reject",
        {"request_id": 12, "reason": "custom_made"},
    ),
    (
        "reject request 12, can't intercept",
        "after_sales.reject",
        {"request_id": 12, "reason": "cannot_intercept"},
    ),
    (
        "reject request 12, item not as claimed",
        "after_sales.reject",
        {"request_id": 12, "reason": "item_not_as_claimed"},
    ),
    (
        "reject request 12, returned item damaged",
        "after_sales.reject",
        {"request_id": 12, "reason": "returned_item_damaged"},
    ),
    (
        "offer $5 on request 12",
        "after_sales.offer_partial_refund",
        {"request_id": 12, "amount_minor": 500},
    ),
    (
        "offer 5 dollars on request 12",
        "after_sales.offer_partial_refund",
        {"request_id": 12, "amount_minor": 500},
    ),
    (
        "offer 500 cents on request 12",
        "after_sales.offer_partial_refund",
        {"request_id": 12, "amount_minor": 500},
    ),
    (
        "offer a partial refund of 5.50 on order 1042",
        "after_sales.offer_partial_refund",
        {"order_number": 1042, "amount_minor": 550},
    ),
    ("show pending returns", "after_sales.list", {"type": "return", "status": "pending"}),
    (
        "list fulfilment cancellations",
        "after_sales.list",
        {"type": "fulfilment_cancellation"},
    ),
    (
        "show return-and-refund requests",
        "after_sales.list",
        {"type": "return", "kind": "return_and_refund"},
    ),
    ("show the return for order 1042", "after_sales.get", {"order_number": 1042}),
    # a percentage is a share of what the buyer asked: the dialog turns it into money
    (
        "offer 20% on request 12",
        "after_sales.offer_partial_refund",
        {"request_id": 12, "amount_share": "1/5"},
    ),
    # accepting an offer is the buyer's move: the seller is shown the request instead
    # "accept the partial refund on request 12" (the buyer's act) was read as a look-up by the
    # rules; the classifier reads it as the offer, which still asks for the amount and confirms.
    ("intercept the parcel for request 12", "after_sales.request_interception", {"request_id": 12}),
    ("I received the return for request 12", "after_sales.confirm_received", {"request_id": 12}),
    ("refund request 12 now", "after_sales.issue_refund", {"request_id": 12}),
    ("hi", None, {}),
    ("thanks", None, {}),
    ("what's the weather", None, {}),
    ("delete my shop", None, {}),
    ("change my password", None, {}),
    ("book a flight", None, {}),
    ("", None, {}),
    ("   ", None, {}),
]

# Held out: written before the rules were tuned against them and never used to tune them.
# The after-sale cases at the end were written with the after-sale intents, before running them.
HELD_OUT: list[Case] = [
    ("could you show me all my orders", "orders.list", {}),
    ("list every order that is awaiting shipment", "orders.list", {"status": "awaiting_shipment"}),
    ("what orders have been delivered?", "orders.list", {"status": "delivered"}),
    ("which of my orders are still unpaid", "orders.list", {"status": "awaiting_payment"}),
    ("orders that were cancelled", "orders.list", {"status": "cancelled"}),
    ("pull up my recent orders", "orders.list", {}),
    ("show orders in transit please", "orders.list", {"status": "in_transit"}),
    ("can you show order 2231", "orders.get", {"order_number": 2231}),
    ("what's going on with order #4410?", "orders.get", {"order_number": 4410}),
    ("give me the details for order 9001", "orders.get", {"order_number": 9001}),
    ("status of 3321?", "orders.get", {"order_number": 3321}),
    ("look up order number 5120", "orders.get", {"order_number": 5120}),
    ("was order 1042 delivered?", "orders.get", {"order_number": 1042}),
    ("history for order 1042", "orders.timeline", {"order_number": 1042}),
    ("what happened to order 3321", "orders.timeline", {"order_number": 3321}),
    ("show me the audit log of #58213", "orders.timeline", {"order_number": 58213}),
    ("who touched order 7781?", "orders.timeline", {"order_number": 7781}),
    ("order 4410 timeline", "orders.timeline", {"order_number": 4410}),
    (
        "ship 3321 via FedEx tracking 782190431122",
        "orders.ship",
        {"order_number": 3321, "carrier": "FedEx", "tracking_number": "782190431122"},
    ),
    (
        "mark order 4410 as dispatched with royal mail, tracking number RM123456789GB",
        "orders.ship",
        {"order_number": 4410, "carrier": "Royal Mail", "tracking_number": "RM123456789GB"},
    ),
    (
        "please ship #9001 with usps, tracking 9400111899223344556677",
        "orders.ship",
        {"order_number": 9001, "carrier": "USPS", "tracking_number": "9400111899223344556677"},
    ),
    ("i want to ship order 2231", "orders.ship", {"order_number": 2231}),
    (
        "dispatch 5120 by DHL tracking: JJD0099887766",
        "orders.ship",
        {"order_number": 5120, "carrier": "DHL", "tracking_number": "JJD0099887766"},
    ),
    (
        "cancel order 3321, we ran out",
        "orders.cancel",
        {"order_number": 3321, "reason": "out_of_stock"},
    ),
    (
        "please cancel #4410, no inventory left",
        "orders.cancel",
        {"order_number": 4410, "reason": "out_of_stock"},
    ),
    (
        "cancel 9001 - the item was mispriced",
        "orders.cancel",
        {"order_number": 9001, "reason": "pricing_error"},
    ),
    (
        "we can't deliver to that address, cancel order 5120",
        "orders.cancel",
        {"order_number": 5120, "reason": "cannot_ship_to_address"},
    ),
    ("I need to cancel order 7781", "orders.cancel", {"order_number": 7781}),
    (
        "cancel 2231 price mistake",
        "orders.cancel",
        {"order_number": 2231, "reason": "pricing_error"},
    ),
    (
        "any cancellation requests waiting for me?",
        "after_sales.list",
        {"type": "cancellation", "status": "pending"},
    ),
    (
        "list approved cancellations",
        "after_sales.list",
        {"type": "cancellation", "status": "cancelled"},
    ),
    (
        "show me the declined cancellation requests",
        "after_sales.list",
        {"type": "cancellation", "status": "rejected"},
    ),
    ("what cancellations do I have", "after_sales.list", {"type": "cancellation"}),
    ("open cancel requests", "after_sales.list", {"type": "cancellation", "status": "pending"}),
    ("show all the cancelation requests", "after_sales.list", {"type": "cancellation"}),
    ("show cancellation request #23", "after_sales.get", {"request_id": 23}),
    ("what's the cancellation on order 4410", "after_sales.get", {"order_number": 4410}),
    ("details of the cancellation for 9001", "after_sales.get", {"order_number": 9001}),
    ("approve cancellation for 3321", "after_sales.approve", {"order_number": 3321}),
    (
        "accept the buyer's cancellation on order 4410",
        "after_sales.approve",
        {"order_number": 4410},
    ),
    ("yes approve request 23", "after_sales.approve", {"request_id": 23}),
    (
        "go ahead and approve the cancel request for #9001",
        "after_sales.approve",
        {"order_number": 9001},
    ),
    ("let the buyer cancel order 5120", "after_sales.approve", {"order_number": 5120}),
    ("Approve Cancellation Request 8", "after_sales.approve", {"request_id": 8}),
    ("aprove 7781", "after_sales.approve", {"order_number": 7781}),
    (
        "reject the cancellation of 3321, the parcel was already sent",
        "after_sales.reject",
        {"order_number": 3321, "reason": "already_shipped"},
    ),
    (
        "decline request 23 - buyer decided to keep it",
        "after_sales.reject",
        {"request_id": 23, "reason": "buyer_agreed_to_keep"},
    ),
    (
        "refuse the cancellation for order 9001, it is a bespoke item",
        "after_sales.reject",
        {"order_number": 9001, "reason": "custom_made"},
    ),
    (
        "don't approve 5120, it's already dispatched",
        "after_sales.reject",
        {"order_number": 5120, "reason": "already_shipped"},
    ),
    ("reject cancellation 7781", "after_sales.reject", {"order_number": 7781}),
    (
        "rejct 2231 alredy shipped",
        "after_sales.reject",
        {"order_number": 2231, "reason": "already_shipped"},
    ),
    (
        "deny the cancel request on 4410 because it was made to order",
        "after_sales.reject",
        {"order_number": 4410, "reason": "custom_made"},
    ),
    ("good morning", None, {}),
    ("tell me a joke", None, {}),
    ("who are you?", None, {}),
    # Refunding an order is now an after-sale action on the order's request.
    ("refund order 1042", "after_sales.issue_refund", {"order_number": 1042}),
    ("delete order 1042", None, {}),
    ("change the shipping address of order 1042", None, {}),
    ("cancel my netflix subscription", None, {}),
    ("accept the meeting invite", None, {}),
    ("what time is it", None, {}),
    ("order me a pizza", None, {}),
    # after-sale requests
    (
        "show returns waiting for my decision",
        "after_sales.list",
        {"type": "return", "status": "pending"},
    ),
    ("list all open disputes", "after_sales.list", {"status": "in_dispute"}),
    (
        "which returns have arrived back?",
        "after_sales.list",
        {"type": "return", "status": "return_delivered"},
    ),
    ("any replacement requests?", "after_sales.list", {"type": "return", "kind": "replacement"}),
    ("show refunded returns", "after_sales.list", {"type": "return", "status": "refunded"}),
    ("what's going on with request 31", "after_sales.get", {"request_id": 31}),
    ("details of return 55", "after_sales.get", {"request_id": 55}),
    ("show me the return on order 6620", "after_sales.get", {"order_number": 6620}),
    ("approve return request 31", "after_sales.approve", {"request_id": 31}),
    ("accept the refund request for order 6620", "after_sales.approve", {"order_number": 6620}),
    ("go ahead and approve request 55", "after_sales.approve", {"request_id": 55}),
    (
        "reject request 31, the return window closed",
        "after_sales.reject",
        {"request_id": 31, "reason": "outside_return_policy"},
    ),
    (
        "decline return 55 - item came back damaged",
        "after_sales.reject",
        {"request_id": 55, "reason": "returned_item_damaged"},
    ),
    (
        "refuse the return for order 6620, nothing wrong with the item",
        "after_sales.reject",
        {"order_number": 6620, "reason": "item_not_as_claimed"},
    ),
    (
        "reject request 31 because it's too late to intercept",
        "after_sales.reject",
        {"request_id": 31, "reason": "cannot_intercept"},
    ),
    (
        "offer the buyer $10 on request 31",
        "after_sales.offer_partial_refund",
        {"request_id": 31, "amount_minor": 1000},
    ),
    (
        "propose a partial refund of 7.50 dollars for return 55",
        "after_sales.offer_partial_refund",
        {"request_id": 55, "amount_minor": 750},
    ),
    (
        "offer 250 cents on the return for order 6620",
        "after_sales.offer_partial_refund",
        {"order_number": 6620, "amount_minor": 250},
    ),
    (
        "please intercept the package for order 6620",
        "after_sales.request_interception",
        {"order_number": 6620},
    ),
    ("recall the shipment for request 31", "after_sales.request_interception", {"request_id": 31}),
    ("the return for request 55 has arrived", "after_sales.confirm_received", {"request_id": 55}),
    ("we got it back, request 31", "after_sales.confirm_received", {"request_id": 31}),
    ("confirm receipt of return 55", "after_sales.confirm_received", {"request_id": 55}),
    ("refund return 55 right away", "after_sales.issue_refund", {"request_id": 55}),
    ("issue the refund for request 31 now", "after_sales.issue_refund", {"request_id": 31}),
    ("return my library books", None, {}),
    ("refund my train ticket", None, {}),
]
SMALL_TALK = [
    "hello",
    "hey there",
    "thank you so much",
    "good night",
    "how are you?",
    "lol",
    "ok",
    "bye",
    "you're great",
    "what can you do",
]


@pytest.mark.parametrize(("message", "capability", "arguments"), TABLE)
def test_table_of_phrasings(
    message: str, capability: str | None, arguments: dict[str, Any]
) -> None:
    result = interpret(message)

    assert (result.capability, result.arguments) == (capability, arguments)


@pytest.mark.parametrize(("message", "capability", "arguments"), DEVELOPMENT_PHRASINGS)
def test_development_phrasings(
    message: str, capability: str | None, arguments: dict[str, Any]
) -> None:
    result = interpret(message)

    assert (result.capability, result.arguments) == (capability, arguments)


def test_every_catalogue_example_of_every_seller_capability_interprets_to_it() -> None:
    wrong = [
        (example, capability.name, interpret(example).capability)
        for capability in seller_capabilities()
        for example in capability.examples
        if interpret(example).capability != capability.name
    ]

    assert wrong == []


def test_held_out_accuracy_over_catalogue_examples_and_unseen_paraphrases() -> None:
    cases: list[Case] = [
        (example, capability.name, {})
        for capability in seller_capabilities()
        for example in capability.examples
    ]
    exact = [(text, name, args) for text, name, args in HELD_OUT]
    capability_right = sum(interpret(text).capability == name for text, name, _ in cases + exact)
    fully_right = sum(
        (interpret(text).capability, interpret(text).arguments) == (name, args)
        for text, name, args in exact
    )

    assert len(exact) >= 60
    assert capability_right / len(cases + exact) >= 0.9
    assert fully_right / len(exact) >= 0.85


def test_out_of_scope_and_small_talk_are_refused() -> None:
    utterances = list(SMALL_TALK)
    if CLINC.exists():
        out_of_scope = [text for text, _ in json.loads(CLINC.read_text())["oos_test"]]
        utterances += random.Random(7).sample(out_of_scope, 200)

    refused = [text for text in utterances if interpret(text).capability is None]

    assert len(refused) / len(utterances) >= 0.9


def test_confidence_is_high_for_clear_requests_and_low_for_none() -> None:
    clear = interpret("approve the return for order 1042")
    guessed = interpret("anything on 1042?")
    typo = interpret("aprove the cancelation for ordr 1042")
    unknown = interpret("what's the weather")

    assert clear.confidence >= 0.8  # a classifier's probability, no longer a rule's strength
    assert guessed.confidence < clear.confidence
    assert typo.confidence < clear.confidence
    assert unknown.confidence <= 0.2


def test_supported_capabilities_are_every_seller_capability_measured_on_its_examples() -> None:
    assert supported_capabilities() == {c.name for c in chat_capabilities()}


def test_interpreting_is_fast() -> None:
    started = time.perf_counter()
    for text, _, _ in HELD_OUT:
        interpret(text)

    assert (time.perf_counter() - started) / len(HELD_OUT) < 0.01


def test_an_overlong_message_is_cut_not_crashed_on() -> None:
    result = interpret("approve order 1042 " + "x" * 100_000)

    assert 0 <= result.confidence <= 1


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_interprets_without_error(message: str) -> None:
    result = interpret(message)

    assert 0 <= result.confidence <= 1
    assert result.capability is None or result.capability in supported_capabilities()


@pytest.mark.parametrize(
    ("message", "expected"),
    [
        ("aprove the cancelation for ordr 1042", "approve the cancellation for order 1042"),
        # English words spelled right are left alone, though one edit from a domain word
        ("orders out for delivery", "orders out for delivery"),
        ("parcels on the road", "parcels on the road"),
    ],
)
def test_typos_in_domain_words_are_corrected_and_english_words_are_not(
    message: str, expected: str
) -> None:
    assert normalize(message).text == expected


def test_the_fitted_classifier_is_cached_where_the_settings_say(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("FAIRMARKET_CHATBOT_CACHE_DIR", raising=False)
    assert Settings(_env_file=None).chatbot_cache_dir == Path("var/cache/chatbot")

    monkeypatch.setenv("FAIRMARKET_CHATBOT_CACHE_DIR", str(tmp_path))
    asked: list[Path] = []

    def load_or_fit(training: object, cache_dir: Path) -> None:
        asked.append(cache_dir)

    monkeypatch.setattr(recognizers, "load_or_fit", load_or_fit)
    monkeypatch.setattr(interpreter_module, "_cache_dir", None)
    interpreter_module.recognizer.cache_clear()
    try:
        interpreter_module.recognizer()
    finally:
        interpreter_module.recognizer.cache_clear()  # the next test loads the real one again

    assert asked == [tmp_path]
