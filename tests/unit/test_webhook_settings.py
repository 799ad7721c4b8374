"""The settings behind the webhook target rules and the secrets' encryption key."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from fairmarket.settings import Mode, Settings

STRONG_SECRET = (
    "webhook-settings-test-secret-7Qx2Lm9Zp4Rt"  # sandbox and production refuse weak ones
)


def settings(**values: object) -> Settings:
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def test_private_targets_are_refused_in_production_mode() -> None:
    with pytest.raises(ValidationError) as refused:
        settings(
            mode=Mode.PRODUCTION,
            secret_key=STRONG_SECRET,
            webhook_allow_private_targets=True,
        )

    assert "FAIRMARKET_WEBHOOK_ALLOW_PRIVATE_TARGETS" in str(refused.value)


@pytest.mark.parametrize(
    ("mode", "http_allowed"),
    [(Mode.DEVELOPMENT, True), (Mode.SANDBOX, True), (Mode.PRODUCTION, False)],
)
def test_private_targets_are_off_by_default_and_http_only_outside_production(
    mode: Mode, http_allowed: bool
) -> None:
    policies = settings(mode=mode, secret_key=STRONG_SECRET).policies()

    assert policies.webhook_private_targets_allowed is False
    assert policies.webhook_http_allowed is http_allowed


def test_the_secrets_key_is_derived_from_the_secret_key_and_kept_out_of_reprs() -> None:
    one = settings(secret_key="one-secret").policies()
    same = settings(secret_key="one-secret").policies()
    other = settings(secret_key="another-secret").policies()

    assert one.webhook_secret_key is not None
    assert len(one.webhook_secret_key) == 32
    assert one.webhook_secret_key == same.webhook_secret_key != other.webhook_secret_key
    assert "webhook_secret_key" not in repr(one)
