"""The background round forgets apps' codes and tokens that can never be used again, and keeps
a rotated refresh token until its own expiry (its reuse must still revoke the grant)."""

from __future__ import annotations

import base64
import hashlib
from datetime import timedelta

from sqlalchemy import func, select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts.service import actor_for_seller_user
from fairmarket.domains.apps.authorization import authorize_app
from fairmarket.domains.apps.grants import revoke_grant
from fairmarket.domains.apps.jobs import purge_ended_app_credentials
from fairmarket.domains.apps.models import AppAuthorizationCode, AppGrant, AppToken, TokenKind
from fairmarket.domains.apps.registration import register_app
from fairmarket.domains.apps.schemas import AppRegister, AuthorizationRequest, CodeExchange
from fairmarket.domains.apps.tokens import exchange_code
from fairmarket.kernel.actors import Channel, system_actor
from fairmarket.kernel.clock import MovableClock
from tests.factories.accounts import make_seller

REDIRECT = "https://shiphelper.example/cb"
VERIFIER = "a-pkce-code-verifier-of-forty-three-characters-at-least-0123456789"
CHALLENGE = (
    base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).decode().rstrip("=")
)


def left(factory: UnitOfWorkFactory) -> dict[str, int]:
    with factory(read_only=True) as uow:
        tokens = dict(
            uow.session.execute(select(AppToken.kind, func.count()).group_by(AppToken.kind)).all()
        )
        codes = uow.session.scalar(select(func.count()).select_from(AppAuthorizationCode))
    return {
        "codes": int(codes or 0),
        "access": int(tokens.get(TokenKind.ACCESS, 0)),
        "refresh": int(tokens.get(TokenKind.REFRESH, 0)),
    }


def test_expired_codes_and_tokens_go_then_everything_of_a_revoked_grant(
    uow_factory: UnitOfWorkFactory, clock: MovableClock
) -> None:
    seller = make_seller(uow_factory)
    with uow_factory() as uow:
        app = register_app(
            uow,
            system_actor(),
            AppRegister(name="Ship Helper", redirect_uris=[REDIRECT], scopes=["orders:read"]),
            allow_http_redirects=False,
        )
        actor = actor_for_seller_user(uow, seller.user_id, Channel.SELLER_CENTER)
    assert actor is not None
    asked = AuthorizationRequest(
        response_type="code",
        client_id=app.client_id,
        redirect_uri=REDIRECT,
        scope="orders:read",
        state="s",
        code_challenge=CHALLENGE,
        code_challenge_method="S256",
    )
    with uow_factory() as uow:
        code = authorize_app(uow, actor, asked).code
        authorize_app(uow, actor, asked)  # a second code, never exchanged
    with uow_factory() as uow:
        exchange_code(
            uow,
            CodeExchange(
                client_id=app.client_id,
                client_secret=app.client_secret,
                code=code,
                redirect_uri=REDIRECT,
                code_verifier=VERIFIER,
            ),
        )
    assert left(uow_factory) == {"codes": 2, "access": 1, "refresh": 1}

    assert purge_ended_app_credentials(uow_factory) == 0  # nothing has ended yet
    clock.advance(timedelta(hours=2))  # codes (5 min) and the access token (1 h) have expired
    assert purge_ended_app_credentials(uow_factory) == 3
    assert left(uow_factory) == {"codes": 0, "access": 0, "refresh": 1}

    with uow_factory() as uow:
        grant = uow.session.scalars(select(AppGrant)).one()
        revoke_grant(uow, actor, grant, "seller_revoked")
    assert purge_ended_app_credentials(uow_factory) == 1
    assert left(uow_factory) == {"codes": 0, "access": 0, "refresh": 0}
