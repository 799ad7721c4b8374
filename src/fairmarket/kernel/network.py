"""Name resolution as a dependency, like the clock: production asks the system resolver; tests
answer from a table, so no test depends on DNS or the internet."""

from __future__ import annotations

import socket
from ipaddress import IPv4Address, IPv6Address, ip_address
from typing import Protocol

IPAddress = IPv4Address | IPv6Address


class HostNotFoundError(LookupError):
    """The name has no address (or the resolver could not be reached)."""


class Resolver(Protocol):
    def resolve(self, host: str) -> list[IPAddress]:
        """Every address `host` stands for (an address literal stands for itself); raises
        HostNotFoundError when there is none. Called from several threads at once."""
        ...


class SystemResolver:
    """The operating system's resolver (`getaddrinfo`), which also reads the numeric forms
    `inet_aton` accepts: `127.1`, `0x7f.0.0.1`, `2130706433` all stand for 127.0.0.1."""

    def resolve(self, host: str) -> list[IPAddress]:
        try:
            answers = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise HostNotFoundError(host) from error
        addresses = [ip_address(str(answer[4][0]).split("%", 1)[0]) for answer in answers]
        return list(dict.fromkeys(addresses))
