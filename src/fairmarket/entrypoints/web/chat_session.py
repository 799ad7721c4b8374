"""The chat panel's memory between turns, kept in the Seller Center session (stored
server-side: the cookie holds only the session's token).

The transcript is bounded by size as well as by turns, so a session row stays small: the oldest
lines go first and a very long reply is shortened (the full text was shown live).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from pydantic import ValidationError
from starlette.requests import Request

from fairmarket.entrypoints.chatbot.dialog import ChatState

STATE = "chat_state"
TRANSCRIPT = "chat_transcript"
MAX_TURNS = 30  # a turn is one message and its reply
MAX_LINE_CHARACTERS = 400
# About 2 KB of JSON per session row, as when the whole session had to fit in a cookie.
MAX_TRANSCRIPT_BYTES = 1800


@dataclass(frozen=True)
class ChatLine:
    speaker: str  # "you" or "assistant"
    text: str


def load_state(request: Request) -> ChatState:
    try:
        return ChatState.model_validate(request.session.get(STATE) or {})
    except ValidationError:
        # The chatbot's state shape changed since this cookie was written: start afresh.
        return ChatState()


def save_state(request: Request, state: ChatState) -> None:
    request.session[STATE] = state.model_dump(mode="json")


def transcript(request: Request) -> list[ChatLine]:
    stored = request.session.get(TRANSCRIPT, [])
    if not isinstance(stored, list):
        return []
    return [ChatLine(str(item[0]), str(item[1])) for item in stored if len(item) == 2]


def remember_turn(request: Request, message: str, reply: str) -> None:
    lines = [[line.speaker, line.text] for line in transcript(request)]
    lines += [["you", _clip(message)], ["assistant", _clip(reply)]]
    lines = lines[-2 * MAX_TURNS :]
    while len(lines) > 2 and _size(lines) > MAX_TRANSCRIPT_BYTES:
        lines = lines[2:]
    request.session[TRANSCRIPT] = lines


def forget_conversation(request: Request) -> None:
    request.session.pop(STATE, None)
    request.session.pop(TRANSCRIPT, None)


def _clip(text: str) -> str:
    if len(text) <= MAX_LINE_CHARACTERS:
        return text
    return text[: MAX_LINE_CHARACTERS - 1].rstrip() + "…"


def _size(lines: list[list[str]]) -> int:
    return len(json.dumps(lines, separators=(",", ":")).encode())
