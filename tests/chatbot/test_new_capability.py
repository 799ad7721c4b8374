"""A capability declared only by its schema and phrasings is understood in chat."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel

from fairmarket.capabilities.catalogue import Capability
from fairmarket.capabilities.registry import chat_capabilities
from fairmarket.entrypoints.chatbot import recognizer as recognizers
from fairmarket.entrypoints.chatbot.normalize import normalize
from fairmarket.entrypoints.chatbot.training import TrainingSet, training_set

OUT_OF_SCOPE_KEPT = 300  # enough refusals to learn from, few enough to fit in seconds


class GiftNoteAdd(BaseModel):
    order_number: int
    note: str | None = None


class GiftNoteRead(BaseModel):
    order_number: int


def add_gift_note(uow: Any, actor: Any, command: GiftNoteAdd) -> GiftNoteRead:
    raise AssertionError("the chat only interprets here; nothing runs")


GIFT_NOTE = Capability(
    name="orders.add_gift_note",
    summary="Add a gift note to an order before it ships.",
    command=GiftNoteAdd,
    result=GiftNoteRead,
    scope="orders:write",
    handler=add_gift_note,
    http_method="POST",
    http_path="/v1/orders/{order_number}/gift-note",
    writes=True,
    examples=(
        "add a gift note to order 1042",
        "put a gift message on order 58213",
        "order 77120 is a present, include a note",
        "can you add a gift card message to #1042",
        "write 'happy birthday' on the gift note for order 3321",
        "attach a greeting card to order 4410",
        "gift note for 9001 please",
        "the buyer wants a personal message in the parcel of order 2231",
        "include a handwritten note with order 5120",
        "pls add gift msg to order 7781",
    ),
)


def fitted_with(extra: Capability) -> recognizers.Recognizer:
    """The classifier fitted as the server fits it, with every seventh refusal to stay quick."""
    full = training_set([*chat_capabilities(), extra])
    rows = list(zip(full.texts, full.labels, strict=True))
    in_scope = [row for row in rows if row[1] is not None]
    refused = [row for row in rows if row[1] is None][::7][:OUT_OF_SCOPE_KEPT]
    chosen = in_scope + refused
    return recognizers.fit(
        TrainingSet(tuple(text for text, _ in chosen), tuple(label for _, label in chosen))
    )


def test_a_capability_added_by_declaration_alone_is_recognised() -> None:
    recognizer = fitted_with(GIFT_NOTE)

    unseen = [
        "please slip a gift note into order 6612",
        "order 8830 is a gift, add a little message for them",
        "add a birthday message to the parcel for order 4471",
    ]
    best = [recognizer.rank(normalize(text).text).best[0] for text in unseen]

    assert best == ["orders.add_gift_note"] * 3
    assert recognizer.rank(normalize("ship order 6612").text).best[0] == "orders.ship"
    assert recognizer.rank(normalize("what is the weather").text).best[0] == (
        recognizers.OUT_OF_SCOPE
    )
