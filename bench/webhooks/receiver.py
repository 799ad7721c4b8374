"""The benchmark's webhook receiver: a bare ASGI app served by uvicorn in its own process.

`POST /fail/...` answers 500, any other POST 204; the body is read and dropped. It checks
nothing, so the receiver costs as little CPU as a receiver can on this machine.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]


async def app(
    scope: Scope,
    receive: Callable[[], Awaitable[Message]],
    send: Callable[[Message], Awaitable[None]],
) -> None:
    if scope["type"] != "http":
        return
    more = True
    while more:
        more = (await receive()).get("more_body", False)
    status = 500 if scope["path"].startswith("/fail/") else 204
    await send({"type": "http.response.start", "status": status, "headers": []})
    await send({"type": "http.response.body", "body": b""})
