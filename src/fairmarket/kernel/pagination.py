"""Opaque cursor pagination: a cursor encodes the last key seen in a stable ordering."""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from fairmarket.kernel.commands import MAX_BIG_INTEGER
from fairmarket.kernel.errors import invalid

MAX_LIMIT = 200
DEFAULT_LIMIT = 50


def encode_cursor(key: list[Any]) -> str:
    raw = json.dumps(key, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> list[Any] | None:
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        value = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (binascii.Error, ValueError, UnicodeDecodeError) as error:
        raise invalid(
            "invalid_cursor",
            "The cursor is not one this API issued; pass next_cursor from the last page unchanged.",
            "cursor",
        ) from error
    if not isinstance(value, list):
        raise invalid(
            "invalid_cursor", "The cursor is malformed; start again without one.", "cursor"
        )
    return value


def decode_id_cursor(
    cursor: str | None,
    *,
    field: str = "cursor",
    hint: str = "start again without one",
) -> int | None:
    """The id a cursor of `encode_cursor([id])` carries; None without a cursor."""
    decoded = decode_cursor(cursor)
    if decoded is None:
        return None
    try:
        return cursor_integer(decoded[0])
    except (IndexError, ValueError) as error:
        raise invalid("invalid_cursor", f"The cursor is malformed; {hint}.", field) from error


def cursor_integer(value: Any) -> int:
    """An integer part of a cursor key, within what the columns hold (else ValueError): a
    cursor is read from the client, so it is as untrusted as any other input."""
    if isinstance(value, bool) or not isinstance(value, int | str):
        raise ValueError(f"not an integer: {value!r}")
    number = int(value)
    if not 0 <= number <= MAX_BIG_INTEGER:
        raise ValueError(f"out of range: {number}")
    return number
