"""Personas of the after-sale journeys that have no account table of their own in tests."""

from __future__ import annotations

from fairmarket.kernel.actors import Actor, ActorKind, Channel

AGENT = Actor(
    kind=ActorKind.AGENT,
    channel=Channel.OPS_CONSOLE,
    id=1,
    label="agent:ops@fairmarket.test",
    scopes=frozenset({"disputes:write", "after_sales:read"}),
)
