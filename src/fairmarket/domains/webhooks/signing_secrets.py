"""Endpoints' signing secrets: issued in the Standard Webhooks form, stored encrypted.

HMAC signing needs the secret itself, so it cannot be hashed; it is sealed with a key the
deployment derives from its secret key, and opened only to sign. Secrets stored before
encryption (they start with `whsec_`) are still read, and `encrypt_stored_secrets` seals them.
"""

from __future__ import annotations

import base64
import secrets

from sqlalchemy import or_, select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.webhooks.models import WebhookEndpoint
from fairmarket.kernel.encryption import is_sealed, seal, unseal
from fairmarket.kernel.policies import Policies

SECRET_PREFIX = "whsec_"  # noqa: S105 - the prefix Standard Webhooks secrets carry
SECRET_BYTES = 32  # the Standard Webhooks spec asks for 24 to 64 random bytes
CONTEXT = "webhook_endpoints.secret"  # the sealed value opens for this purpose only


def new_secret() -> str:
    return SECRET_PREFIX + base64.b64encode(secrets.token_bytes(SECRET_BYTES)).decode()


def sealed_secret(policies: Policies, secret: str) -> str:
    """How a secret is stored: its key bytes sealed (85 characters, as the column allows)."""
    key_bytes = base64.b64decode(secret.removeprefix(SECRET_PREFIX), validate=True)
    return seal(_key(policies), key_bytes, context=CONTEXT)


def opened_secret(policies: Policies, stored: str) -> str:
    """The secret a stored value holds (sealed, or plain from before encryption)."""
    if not is_sealed(stored):
        return stored
    key_bytes = unseal(_key(policies), stored, context=CONTEXT)
    return SECRET_PREFIX + base64.b64encode(key_bytes).decode()


def encrypt_stored_secrets(uow: UnitOfWork) -> int:
    """Seal every secret still stored in plain text; returns how many endpoints changed."""
    plain = or_(
        WebhookEndpoint.secret.startswith(SECRET_PREFIX),
        WebhookEndpoint.previous_secret.startswith(SECRET_PREFIX),
    )
    endpoints = list(
        uow.session.scalars(
            select(WebhookEndpoint).where(plain).order_by(WebhookEndpoint.id).with_for_update()
        )
    )
    for endpoint in endpoints:
        endpoint.secret = _sealed_if_plain(uow.policies, endpoint.secret)
        if endpoint.previous_secret is not None:
            endpoint.previous_secret = _sealed_if_plain(uow.policies, endpoint.previous_secret)
    uow.session.flush()
    return len(endpoints)


def _sealed_if_plain(policies: Policies, stored: str) -> str:
    return stored if is_sealed(stored) else sealed_secret(policies, stored)


def _key(policies: Policies) -> bytes:
    if policies.webhook_secret_key is None:
        raise RuntimeError("no webhook secret key: build the policies from the settings")
    return policies.webhook_secret_key
