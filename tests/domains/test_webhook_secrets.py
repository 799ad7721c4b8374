"""Signing secrets are stored encrypted (audit finding 8); secrets stored in plain text before
keep signing until `encrypt_stored_secrets` seals them, and rotation keeps working."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select, update
from standardwebhooks import Webhook

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.webhooks.delivery import claim_due
from fairmarket.domains.webhooks.jobs import fan_out_new_events
from fairmarket.domains.webhooks.models import WebhookEndpoint
from fairmarket.domains.webhooks.signing_secrets import encrypt_stored_secrets
from fairmarket.kernel.encryption import UnreadableSealedValueError, derive_key
from tests.domains.test_webhooks import Receiver, call, receiver, run_job, ship, verified
from tests.factories.accounts import make_buyer, make_seller

__all__ = ["receiver"]  # the fixture


def stored(factory: UnitOfWorkFactory, endpoint_id: int) -> tuple[str, str | None]:
    with factory(read_only=True) as uow:
        row = uow.session.execute(
            select(WebhookEndpoint.secret, WebhookEndpoint.previous_secret).where(
                WebhookEndpoint.id == endpoint_id
            )
        ).one()
    return row.secret, row.previous_secret


def test_secrets_are_stored_sealed_and_still_sign(container: Container, receiver: Receiver) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    created = call(factory, seller.actor(), "webhooks.create", url=f"{receiver.url}/sealed")
    rotated = call(factory, seller.actor(), "webhooks.rotate_secret", endpoint_id=created.id)
    ship(factory, seller, buyer)

    run_job(container)

    secret, previous = stored(factory, created.id)
    assert secret.startswith("enc1:")
    assert len(secret) == 85  # the 32 key bytes sealed: fits the column as it was
    assert previous is not None
    assert previous.startswith("enc1:")
    for secret_bytes in (created.secret[6:], rotated.secret[6:]):
        assert secret_bytes not in secret + previous
    [request] = receiver.requests
    assert verified(rotated.secret, request) == verified(created.secret, request)


def test_a_secret_stored_in_plain_text_signs_until_it_is_sealed_then_still_signs(
    container: Container, receiver: Receiver
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    legacy = "whsec_" + "MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    endpoint = call(factory, seller.actor(), "webhooks.create", url=f"{receiver.url}/old")
    with factory() as uow:  # as stored before encryption
        uow.session.execute(
            update(WebhookEndpoint)
            .where(WebhookEndpoint.id == endpoint.id)
            .values(secret=legacy, previous_secret=legacy)
        )
    ship(factory, seller, buyer)
    run_job(container)

    with factory() as uow:
        sealed = encrypt_stored_secrets(uow)
    with factory() as uow:
        again = encrypt_stored_secrets(uow)
    ship(factory, seller, buyer)
    run_job(container)

    assert (sealed, again) == (1, 0)
    secret, previous = stored(factory, endpoint.id)
    assert secret.startswith("enc1:")
    assert previous is not None
    assert previous.startswith("enc1:")
    before, after = receiver.requests
    for request in (before, after):
        Webhook(legacy).verify(request.body, request.headers)


def test_a_sealed_secret_does_not_open_with_another_key(
    container: Container, receiver: Receiver
) -> None:
    factory = container.uow_factory
    seller, buyer = make_seller(factory), make_buyer(factory)
    call(factory, seller.actor(), "webhooks.create", url=f"{receiver.url}/moved-key")
    ship(factory, seller, buyer)
    fan_out_new_events(factory, 10)
    other_key = replace(
        factory.policies, webhook_secret_key=derive_key("another-secret", "webhook-secrets/v1")
    )
    elsewhere = UnitOfWorkFactory(factory.engine, factory.clock, other_key)

    with pytest.raises(UnreadableSealedValueError) as refused, elsewhere() as uow:
        claim_due(uow, 10)

    assert "FAIRMARKET_SECRET_KEY" in str(refused.value)
    assert receiver.requests == []
