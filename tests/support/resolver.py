"""DNS for tests: names answer from a table that a test may change, never from the network."""

from __future__ import annotations

import threading
from dataclasses import replace
from ipaddress import ip_address

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.webhooks.targets import ip_literal
from fairmarket.kernel.network import HostNotFoundError, IPAddress

# Public names the suite registers endpoints at (documentation addresses are not public, so
# these are real public addresses; nothing ever connects to them).
PUBLIC_NAMES = {
    "example.com": ["93.184.215.14"],
    "hooks.example.net": ["93.184.215.15"],
}


class FakeResolver:
    """Answers from `names`; an address literal (in any spelling) stands for itself."""

    def __init__(self, names: dict[str, list[str]] | None = None) -> None:
        self._lock = threading.Lock()
        self._names = {name: list(addresses) for name, addresses in (names or PUBLIC_NAMES).items()}
        self.asked: list[str] = []

    def point(self, name: str, *addresses: str) -> None:
        """From now on `name` resolves to `addresses` (a changed record, a DNS rebinding)."""
        with self._lock:
            self._names[name] = list(addresses)

    def resolve(self, host: str) -> list[IPAddress]:
        with self._lock:
            self.asked.append(host)
            literal = ip_literal(host)
            if literal is not None:
                return [literal]
            if host not in self._names:
                raise HostNotFoundError(host)
            return [ip_address(address) for address in self._names[host]]


def strict_factory(
    factory: UnitOfWorkFactory, resolver: FakeResolver, *, http_allowed: bool = True
) -> UnitOfWorkFactory:
    """The suite's factory as a deployment without FAIRMARKET_WEBHOOK_ALLOW_PRIVATE_TARGETS
    (and, with http_allowed=False, in production mode) resolving names with `resolver`."""
    policies = replace(
        factory.policies,
        webhook_private_targets_allowed=False,
        webhook_http_allowed=http_allowed,
    )
    return UnitOfWorkFactory(factory.engine, factory.clock, policies, resolver=resolver)
