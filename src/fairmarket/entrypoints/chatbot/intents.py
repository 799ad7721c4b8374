"""Which capability a normalised message asks for: concept features, then a few ordered rules.

A message that opens like a question ("show", "which", "has ...") is read first as a read; an
instruction is read first as a change. Each capability needs an anchor (an order, a cancellation
request, a return, a number, a reason...) besides its verb, which is what keeps "cancel my
reservation" or "accept the invitation" out of scope.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

from fairmarket.entrypoints.chatbot import after_sale_words as after_sale
from fairmarket.entrypoints.chatbot import lexicon as words
from fairmarket.entrypoints.chatbot import slots
from fairmarket.entrypoints.chatbot.normalize import normalize


class Strength(float, Enum):
    """How directly the message said it; the interpreter turns this into a confidence."""

    EXPLICIT = 0.92  # a verb and its object: "approve the return for order 1042"
    IMPLIED = 0.78  # the object and a telling detail: "58213 already shipped, reject"
    GUESSED = 0.62  # only the object: "#1042"


@dataclass(frozen=True)
class Features:
    text: str
    asks: bool
    approve: bool
    reject: bool
    cancel: bool
    ship: bool
    history: bool
    unsupported: bool
    buyer_side: bool
    order_noun: bool
    orders_plural: bool
    after_sale_noun: bool
    after_sales_plural: bool
    request_noun: bool
    offer: bool
    refund: bool
    intercept: bool
    received: bool
    explain: bool
    references: slots.References
    amount: slots.Amount | None
    tracking: str | None
    reject_reason: str | None
    seller_cancel_reason: str | None
    order_status: str | None
    after_sale_status: str | None
    number_alone: bool
    shows: bool
    order_question: bool
    orders_alone: bool

    @property
    def has_reference(self) -> bool:
        return self.references.order_number is not None or self.references.request_id is not None

    @property
    def about_a_request(self) -> bool:
        return self.after_sale_noun or self.request_noun or self.has_reference or self.cancel

    @property
    def about_after_sales(self) -> bool:
        return self.after_sale_noun or (
            self.request_noun and self.references.request_id is not None
        )

    @property
    def names_a_request(self) -> bool:
        return self.has_reference or self.after_sale_noun

    @property
    def domain_signal(self) -> bool:
        return any(
            (
                self.order_noun,
                self.after_sale_noun,
                self.has_reference,
                self.ship,
                self.approve,
                self.intercept,
            )
        ) or bool(self.reject_reason or self.seller_cancel_reason)


def features(text: str, original: str) -> Features:
    request = words.POLITE_PREFIX.sub("", text)
    tracking = slots.tracking_number(original)
    amount = slots.amount(original)
    ship = bool(words.SHIP.search(text)) and not words.NOT_SHIP.search(text)
    cancel = bool(words.CANCEL.search(text)) or bool(words.CANCELLED_WISH.search(text))
    reject_reason = slots.reject_reason(text)
    return Features(
        text=text,
        asks=bool(words.QUESTION_START.match(request)),
        approve=bool(words.APPROVE.search(text)),
        reject=bool(words.REJECT.search(text)),
        cancel=cancel,
        ship=ship,
        history=bool(words.HISTORY.search(text)),
        unsupported=bool(words.UNSUPPORTED.search(text)),
        buyer_side=bool(words.BUYER_SIDE.search(text)),
        order_noun=bool(words.ORDER_NOUN.search(text)),
        orders_plural=bool(words.ORDERS_PLURAL.search(text)),
        after_sale_noun=bool(after_sale.AFTER_SALE_NOUN.search(text)),
        after_sales_plural=bool(after_sale.AFTER_SALES_PLURAL.search(text)),
        request_noun=bool(words.REQUEST_NOUN.search(text)),
        offer=bool(after_sale.OFFER.search(text)),
        refund=bool(after_sale.REFUND_VERB.search(text)),
        intercept=bool(after_sale.INTERCEPT.search(text))
        and not after_sale.NOT_INTERCEPT.search(text),
        received=bool(after_sale.RECEIVED.search(text)),
        explain=bool(after_sale.EXPLAIN.search(text)),
        references=slots.references(references_text(text, original, amount), tracking),
        amount=amount,
        tracking=tracking,
        reject_reason=reject_reason,
        seller_cancel_reason=slots.seller_cancel_reason(text),
        order_status=slots.order_status(text),
        after_sale_status=slots.after_sale_status(text),
        shows=bool(words.SHOW.search(text)),
        order_question=bool(words.ORDER_QUESTION.search(text)),
        orders_alone=bool(words.ORDERS_ALONE.match(request)),
        number_alone=bool(words.NUMBER_ALONE.match(request) or words.HASH_NUMBER.search(text)),
    )


def references_text(text: str, original: str, amount: slots.Amount | None) -> str:
    """The text to find order numbers and request ids in: without the amount of money."""
    if amount is None:
        return text
    start, end = amount.span
    return normalize(original[:start] + " " + original[end:]).text


@dataclass(frozen=True)
class Rule:
    """When `applies`, the message asks for `capability` (None: it asks for nothing we do)."""

    applies: Callable[[Features], bool]
    capability: str | None
    strength: Strength = Strength.EXPLICIT


# Instructions, strongest reading first.
WRITE_RULES: tuple[Rule, ...] = (
    # "why was request 12 approved" asks about a decision; it does not make one.
    Rule(lambda f: f.explain and f.names_a_request, "after_sales.explain"),
    # "accept the partial refund" is the buyer's answer to an offer, not the seller's to make.
    Rule(lambda f: f.offer and f.approve and not f.amount, None),
    Rule(lambda f: f.offer and f.names_a_request, "after_sales.offer_partial_refund"),
    Rule(
        lambda f: f.refund and bool(f.amount) and f.names_a_request,
        "after_sales.offer_partial_refund",
        Strength.IMPLIED,
    ),
    Rule(lambda f: f.reject and (f.about_a_request or bool(f.reject_reason)), "after_sales.reject"),
    Rule(lambda f: f.intercept and f.about_a_request, "after_sales.request_interception"),
    Rule(lambda f: f.received and f.names_a_request, "after_sales.confirm_received"),
    Rule(lambda f: f.approve and f.about_a_request, "after_sales.approve"),
    Rule(lambda f: f.cancel and f.buyer_side, "after_sales.approve", Strength.IMPLIED),
    Rule(lambda f: f.refund and f.names_a_request, "after_sales.issue_refund"),
    Rule(lambda f: f.unsupported, None),
    Rule(lambda f: f.ship and (f.order_noun or f.has_reference or bool(f.tracking)), "orders.ship"),
    Rule(
        lambda f: f.cancel and not f.after_sale_noun and (f.order_noun or f.has_reference),
        "orders.cancel",
    ),
    Rule(lambda f: f.cancel and bool(f.seller_cancel_reason), "orders.cancel", Strength.IMPLIED),
    # No action verb, but a detail only one action takes: "58213 already shipped".
    Rule(lambda f: f.asks, None),
    Rule(
        lambda f: bool(f.reject_reason) and f.names_a_request,
        "after_sales.reject",
        Strength.IMPLIED,
    ),
    Rule(
        lambda f: bool(f.seller_cancel_reason) and f.has_reference,
        "orders.cancel",
        Strength.IMPLIED,
    ),
    Rule(
        lambda f: bool(f.tracking) and f.references.order_number is not None,
        "orders.ship",
        Strength.IMPLIED,
    ),
)
# Questions and requests to see something.
READ_RULES: tuple[Rule, ...] = (
    Rule(lambda f: f.explain and f.names_a_request, "after_sales.explain"),
    Rule(lambda f: f.unsupported and not f.asks, None),
    Rule(lambda f: f.history and f.references.request_id is not None, "after_sales.get"),
    Rule(
        lambda f: f.history and (f.order_noun or f.references.order_number is not None),
        "orders.timeline",
    ),
    Rule(lambda f: f.about_after_sales and f.has_reference, "after_sales.get"),
    Rule(
        lambda f: (
            f.about_after_sales
            and (f.shows or f.asks or f.after_sales_plural or bool(f.after_sale_status))
        ),
        "after_sales.list",
    ),
    Rule(lambda f: f.about_after_sales, None),
    Rule(lambda f: f.references.order_number is not None and f.order_noun, "orders.get"),
    Rule(
        lambda f: f.references.order_number is not None and (f.number_alone or f.order_question),
        "orders.get",
        Strength.GUESSED,
    ),
    Rule(
        lambda f: f.orders_plural and (f.shows or f.asks or bool(f.order_status) or f.orders_alone),
        "orders.list",
    ),
    Rule(
        lambda f: f.order_noun and bool(f.order_status) and f.shows,
        "orders.list",
        Strength.IMPLIED,
    ),
)


def choose(f: Features) -> tuple[str | None, float]:
    """The capability and how directly it was asked for (0 when none)."""
    if f.asks:
        rule = first_rule(READ_RULES, f) or (
            first_rule(WRITE_RULES, f) if f.has_reference else None
        )
    else:
        rule = first_rule(WRITE_RULES, f) or first_rule(READ_RULES, f)
    if rule is None or rule.capability is None:
        return None, 0.0
    return rule.capability, rule.strength


def first_rule(rules: tuple[Rule, ...], f: Features) -> Rule | None:
    """The first rule that applies; a rule without a capability ends the search with no answer."""
    for rule in rules:
        if rule.applies(f):
            return rule if rule.capability is not None else None
    return None
