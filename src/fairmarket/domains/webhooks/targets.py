"""Where a webhook may be sent: a public address on the internet, never the platform's own
network (loopback, private ranges, link-local cloud metadata, ...), in any spelling.

Checked twice: when an endpoint is registered (a precise refusal the seller can act on) and by
the sender before every connection (`adapters/webhook_sender`), because what a name resolves to
can change after registration.
"""

from __future__ import annotations

import socket
import string
from dataclasses import dataclass
from ipaddress import IPv4Address, IPv6Address, ip_address
from urllib.parse import SplitResult, urlsplit

from fairmarket.domains.webhooks import errors
from fairmarket.kernel.network import HostNotFoundError, IPAddress, Resolver

# Names that stand for the platform's own machines or network, whatever DNS says of them.
INTERNAL_NAMES = frozenset(
    {
        "metadata.google.internal",
        "metadata.goog",
        "instance-data.ec2.internal",
        "metadata.azure.com",
    }
)
# Top-level domains that never name a public host (special-use and private-use names).
INTERNAL_SUFFIXES = (
    "localhost",
    "local",
    "localdomain",
    "internal",
    "intranet",
    "lan",
    "home.arpa",
    "test",
    "invalid",
)
# What RFC 3986 allows in a URL; anything else (spaces, backslashes, controls) is refused, so
# no two parsers can read a different host out of it.
URL_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")
HOSTNAME_CHARACTERS = frozenset(string.ascii_lowercase + string.digits + "-.")


@dataclass(frozen=True)
class TargetRules:
    """What a deployment lets endpoints point at (plain values from the settings)."""

    http_allowed: bool = False  # plain http:// (development and sandbox modes only)
    private_allowed: bool = False  # loopback and private addresses (a local test receiver)


def is_public_address(address: IPAddress) -> bool:
    """True for an address routed on the public internet: not loopback, private, shared
    (CGNAT), link-local, multicast, reserved or unspecified, nor an IPv6 form of such an IPv4
    address (mapped, compatible, 6to4, Teredo)."""
    return all(_is_global(candidate) for candidate in _with_embedded_ipv4(address))


def check_webhook_url(url: str, rules: TargetRules, resolver: Resolver) -> str:
    """The URL, if webhooks may be sent to it; else the DomainError saying what to change."""
    parts = _parsed(url)
    if parts.scheme != "https" and not (parts.scheme == "http" and rules.http_allowed):
        raise errors.https_required(url)
    if parts.username is not None or parts.password is not None:
        raise errors.credentials_in_url()
    if parts.fragment or url.endswith("#"):
        raise errors.fragment_in_url(url)
    host = _host_of(parts, url)
    literal = ip_literal(host)
    if rules.private_allowed:
        return url
    if literal is not None:
        if not is_public_address(literal):
            raise errors.url_not_public(host)
        return url
    _check_public_name(host)
    try:
        addresses = resolver.resolve(host)
    except HostNotFoundError as error:
        raise errors.url_unresolvable(host) from error
    if not addresses or not all(is_public_address(address) for address in addresses):
        raise errors.url_not_public(host)
    return url


def ip_literal(host: str) -> IPAddress | None:
    """The address a host written as a number stands for, in every spelling a resolver reads:
    `127.0.0.1`, `::1`, `::ffff:127.0.0.1`, and the short, decimal, hex and octal IPv4 forms
    (`127.1`, `2130706433`, `0x7f.0.0.1`, `017700000001`, `0`)."""
    try:
        return ip_address(host)
    except ValueError:
        pass
    try:
        return IPv4Address(socket.inet_aton(host))
    except (OSError, UnicodeError, ValueError):
        return None


def _parsed(url: str) -> SplitResult:
    if not url or any(character not in URL_CHARACTERS for character in url):
        raise errors.invalid_webhook_url(url)
    try:
        parts = urlsplit(url)
        _ = parts.port  # raises on a malformed port
    except ValueError as error:
        raise errors.invalid_webhook_url(url) from error
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise errors.invalid_webhook_url(url)
    return parts


def _host_of(parts: SplitResult, url: str) -> str:
    host = (parts.hostname or "").removesuffix(".")
    if not host or (ip_literal(host) is None and not set(host) <= HOSTNAME_CHARACTERS):
        raise errors.invalid_webhook_url(url)
    return host


def _check_public_name(host: str) -> None:
    if "." not in host or host in INTERNAL_NAMES:
        raise errors.url_not_public(host)
    if any(host == suffix or host.endswith("." + suffix) for suffix in INTERNAL_SUFFIXES):
        raise errors.url_not_public(host)


def _with_embedded_ipv4(address: IPAddress) -> list[IPAddress]:
    if not isinstance(address, IPv6Address):
        return [address]
    embedded: list[IPAddress] = [address]
    if address.ipv4_mapped is not None:
        embedded.append(address.ipv4_mapped)
    if address.sixtofour is not None:
        embedded.append(address.sixtofour)
    if address.teredo is not None:
        embedded.extend(address.teredo)
    if int(address) >> 32 == 0:  # IPv4-compatible ::a.b.c.d
        embedded.append(IPv4Address(int(address) & 0xFFFFFFFF))
    return embedded


def _is_global(address: IPAddress) -> bool:
    return (
        address.is_global
        and not address.is_multicast
        and not address.is_reserved
        and not address.is_unspecified
        and not address.is_loopback
        and not address.is_link_local
        and not address.is_private
    )
