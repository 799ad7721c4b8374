"""A confirmed change runs at most once per confirmation, however often the "yes" is replayed.

The confirmation id is claimed in the idempotency store the API already uses for
`Idempotency-Key`: the first "yes" claims it and runs the change; a replay gets the first turn
back; the same id with different arguments is refused.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta

from fairmarket.db.idempotency import (
    StoredResponse,
    claim_key,
    complete_key,
    release_key,
    request_fingerprint,
)
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.entrypoints.chatbot.turns import ChatState, ChatTurn, error_turn
from fairmarket.kernel.actors import Actor
from fairmarket.kernel.errors import conflict

CONFIRMATION_KEPT_FOR = timedelta(days=7)


def owner_of(actor: Actor) -> str:
    identity = f"{actor.identity}:{actor.seller_id}:{actor.buyer_id}"
    return "chat:" + hashlib.sha256(identity.encode()).hexdigest()[:40]


def fingerprint_of(state: ChatState) -> str:
    body = json.dumps([state.pending_capability, state.arguments], sort_keys=True, default=str)
    return request_fingerprint("CHAT", "confirmation", body.encode())


def run_once(
    uow_factory: UnitOfWorkFactory, actor: Actor, state: ChatState, change: Callable[[], ChatTurn]
) -> ChatTurn:
    owner, key = owner_of(actor), f"chat-confirmation:{state.confirmation_id}"
    claim = claim_key(uow_factory, owner, key, fingerprint_of(state), CONFIRMATION_KEPT_FOR)
    if claim.outcome == "replay" and claim.stored is not None:
        return ChatTurn.model_validate_json(claim.stored.body)
    if claim.outcome != "new":
        error = conflict(
            "confirmation_already_used",
            "This confirmation was already used for a different request, or is still running; "
            "nothing was changed. Ask again to get a new confirmation.",
        )
        return error_turn(error, ChatState(), state.pending_capability)
    try:
        turn = change()
    except BaseException:
        release_key(uow_factory, owner, key)
        raise
    complete_key(uow_factory, owner, key, StoredResponse(200, turn.model_dump_json(), {}))
    return turn
