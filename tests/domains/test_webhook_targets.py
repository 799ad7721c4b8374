"""Registering a webhook endpoint: only public targets, in any spelling (audit finding 2).

The deployment here does not allow private targets (FAIRMARKET_WEBHOOK_ALLOW_PRIVATE_TARGETS
unset); DNS answers from a table, never from the network.
"""

from __future__ import annotations

import pytest
from sqlalchemy import select, update

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.webhooks.models import WebhookEndpoint
from fairmarket.kernel.errors import DomainError
from tests.domains.test_webhooks import call
from tests.factories.accounts import make_seller
from tests.support.resolver import PUBLIC_NAMES, FakeResolver, strict_factory

NAMES = {
    **PUBLIC_NAMES,
    "127.0.0.1.nip.io": ["127.0.0.1"],  # a public wildcard-DNS service pointing home
    "internal.example.com": ["10.0.0.5"],
    "metadata.example.com": ["169.254.169.254"],
    "mixed.example.com": ["93.184.215.14", "192.168.1.10"],
    "v6-loopback.example.com": ["::1"],
    "ipv6.example.com": ["2606:4700:4700::1111"],
}

NOT_PUBLIC = [
    # cloud metadata, databases and caches on the platform's own machine
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://127.0.0.1:5432/",
    "http://localhost:6379/",
    "http://LOCALHOST./",
    "http://app.localhost/",
    "http://metadata.google.internal/computeMetadata/v1/",
    "http://metadata.goog/",
    "http://anything.internal/",
    "http://redis:6379/",  # a single label resolves through the platform's search domains
    # private, shared, link-local, multicast, reserved and unspecified ranges
    "http://10.0.0.1/",
    "http://172.16.0.1/",
    "http://172.31.255.254/",
    "http://192.168.1.1/",
    "http://100.64.0.1/",
    "http://169.254.1.1/",
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://0.0.0.0/",
    # other spellings of 127.0.0.1 and 0.0.0.0 that resolvers read
    "http://2130706433/",
    "http://0x7f.0.0.1/",
    "http://0x7f000001/",
    "http://127.1/",
    "http://017700000001/",
    "http://0177.0.0.1/",
    "http://0/",
    # IPv6 loopback, link-local, unique-local, and IPv4 inside IPv6
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",
    "http://[::ffff:7f00:1]/",
    "http://[::127.0.0.1]/",
    "http://[::ffff:169.254.169.254]/",
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[ff02::1]/",
    # public-looking names that resolve inside
    "http://127.0.0.1.nip.io/",
    "http://internal.example.com/",
    "http://metadata.example.com/",
    "http://mixed.example.com/",  # one private answer is enough to refuse
    "http://v6-loopback.example.com/",
]


@pytest.fixture
def strict(uow_factory: UnitOfWorkFactory) -> UnitOfWorkFactory:
    return strict_factory(uow_factory, FakeResolver(NAMES))


def refusal(factory: UnitOfWorkFactory, url: str) -> DomainError:
    seller = make_seller(factory)
    with pytest.raises(DomainError) as refused:
        call(factory, seller.actor(), "webhooks.create", url=url)
    with factory(read_only=True) as uow:
        assert uow.session.scalars(select(WebhookEndpoint)).all() == []
    return refused.value


@pytest.mark.parametrize("url", NOT_PUBLIC)
def test_a_target_that_is_not_public_is_refused_in_every_spelling(
    strict: UnitOfWorkFactory, url: str
) -> None:
    refused = refusal(strict, url)

    assert (refused.code, refused.kind.value) == ("webhook_url_not_public", "invalid")
    assert [p.field for p in refused.field_problems] == ["url"]
    assert "give a host name that resolves only to public addresses" in refused.message


@pytest.mark.parametrize(
    ("url", "code"),
    [
        ("https://user:password@example.com/hooks", "webhook_url_credentials"),
        ("https://token@example.com/hooks", "webhook_url_credentials"),
        ("https://example.com@127.0.0.1/hooks", "webhook_url_credentials"),
        ("https://example.com/hooks#section", "webhook_url_fragment"),
        ("https://example.com/hooks#", "webhook_url_fragment"),
        ("https://nowhere.example.org/hooks", "webhook_url_unresolvable"),
        ("http://127.0.0.1\\@example.com/", "invalid_webhook_url"),
        ("http://exa mple.com/", "invalid_webhook_url"),
        ("http://%31%32%37.0.0.1/", "invalid_webhook_url"),
        ("https://bücher.example/hooks", "invalid_webhook_url"),
        ("gopher://example.com/", "invalid_webhook_url"),
        ("file:///etc/passwd", "invalid_webhook_url"),
    ],
)
def test_urls_that_are_not_plain_public_addresses_are_refused_with_a_precise_code(
    strict: UnitOfWorkFactory, url: str, code: str
) -> None:
    refused = refusal(strict, url)

    assert (refused.code, refused.kind.value) == (code, "invalid")
    assert [p.field for p in refused.field_problems] == ["url"]


def test_outside_sandbox_and_development_only_https_is_accepted(
    uow_factory: UnitOfWorkFactory,
) -> None:
    production = strict_factory(uow_factory, FakeResolver(NAMES), http_allowed=False)

    refused = refusal(production, "http://example.com/hooks")
    seller = make_seller(production)
    created = call(production, seller.actor(), "webhooks.create", url="https://example.com/h")

    assert refused.code == "webhook_url_https_required"
    assert "give the receiver's https:// address" in refused.message
    assert created.url == "https://example.com/h"


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/hooks",
        "https://EXAMPLE.com./hooks?shop=1",
        "https://hooks.example.net:8443/fairmarket",
        "https://ipv6.example.com/hooks",
        "https://93.184.215.14/hooks",
        "https://[2606:4700:4700::1111]/hooks",
        "http://example.com/hooks",  # plain http: sandbox and development only
    ],
)
def test_public_targets_are_accepted(strict: UnitOfWorkFactory, url: str) -> None:
    seller = make_seller(strict)

    created = call(strict, seller.actor(), "webhooks.create", url=url)

    assert created.url == url
    assert created.status == "active"


def test_an_endpoint_stored_with_an_internal_target_cannot_be_enabled_again(
    strict: UnitOfWorkFactory,
) -> None:
    seller = make_seller(strict)
    endpoint = call(strict, seller.actor(), "webhooks.create", url="https://example.com/hooks")
    call(strict, seller.actor(), "webhooks.disable", endpoint_id=endpoint.id)
    with strict() as uow:  # as a row registered before registration refused it
        uow.session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.id == endpoint.id)
            .values(url="http://169.254.169.254/latest/meta-data/")
        )

    with pytest.raises(DomainError) as refused:
        call(strict, seller.actor(), "webhooks.enable", endpoint_id=endpoint.id)

    assert refused.value.code == "webhook_url_not_public"
    [listed] = call(strict, seller.actor(), "webhooks.list").items
    assert listed.status == "disabled"
