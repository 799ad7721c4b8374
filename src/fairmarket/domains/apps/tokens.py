"""The token endpoint's grants (RFC 6749 4.1.3 and 6) and turning an access token into an Actor.

Codes and refresh tokens are claimed with one conditional UPDATE, so two racing requests can
never both use one. A refresh token presented again after rotation revokes its whole grant."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select, update

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.apps.credentials import (
    ACCESS_TOKEN_PREFIX,
    REFRESH_TOKEN_PREFIX,
    hash_secret,
    new_secret,
    same_secret,
    verifier_matches,
)
from fairmarket.domains.apps.errors import AppErrorCode, app_error
from fairmarket.domains.apps.grants import revoke_grant
from fairmarket.domains.apps.models import App, AppAuthorizationCode, AppGrant, AppToken, TokenKind
from fairmarket.domains.apps.schemas import (
    CodeExchange,
    GrantRevokedForReuse,
    RefreshExchange,
    TokensIssued,
)
from fairmarket.domains.apps.scopes import scope_text
from fairmarket.kernel.actors import Actor, ActorKind, Channel, system_actor

ACCESS_TOKEN_LIFETIME = timedelta(hours=1)
REFRESH_TOKEN_LIFETIME = timedelta(days=30)

INVALID_CODE = (
    "The code is unknown, expired, already used, or was issued for another client, redirect "
    "URI or code_verifier; start the authorization again."
)
INVALID_REFRESH = (
    "The refresh token is unknown, expired, already used or revoked; "
    "ask the seller to connect the app again."
)


def exchange_code(uow: UnitOfWork, cmd: CodeExchange) -> TokensIssued:
    app = _authenticated_client(uow, cmd.client_id, cmd.client_secret)
    if not cmd.code or not cmd.redirect_uri or not cmd.code_verifier:
        raise app_error(AppErrorCode.INVALID_REQUEST, "Send code, redirect_uri and code_verifier.")
    now = uow.clock.now()
    found = uow.session.execute(
        select(AppAuthorizationCode, AppGrant)
        .join(AppGrant, AppGrant.id == AppAuthorizationCode.grant_id)
        .where(AppAuthorizationCode.code_hash == hash_secret(cmd.code))
    ).one_or_none()
    if found is None:
        raise app_error(AppErrorCode.INVALID_GRANT, INVALID_CODE)
    code, grant = found
    bound = (
        grant.app_id == app.id
        and grant.revoked_at is None
        and code.redirect_uri == cmd.redirect_uri
        and code.expires_at > now
        and verifier_matches(cmd.code_verifier, code.code_challenge)
    )
    if not bound or not _claim(uow, AppAuthorizationCode, code.id, now):
        raise app_error(AppErrorCode.INVALID_GRANT, INVALID_CODE)
    return _issue(uow, grant, app, now)


def refresh_tokens(uow: UnitOfWork, cmd: RefreshExchange) -> TokensIssued | GrantRevokedForReuse:
    """Rotate: a new access and refresh token, the old refresh token stops working. The caller
    commits a GrantRevokedForReuse (the revocation) and then answers invalid_grant."""
    app = _authenticated_client(uow, cmd.client_id, cmd.client_secret)
    now = uow.clock.now()
    found = uow.session.execute(
        select(AppToken, AppGrant)
        .join(AppGrant, AppGrant.id == AppToken.grant_id)
        .where(
            AppToken.token_hash == hash_secret(cmd.refresh_token),
            AppToken.kind == TokenKind.REFRESH,
        )
    ).one_or_none()
    if found is None:
        raise app_error(AppErrorCode.INVALID_GRANT, INVALID_REFRESH)
    token, grant = found
    if grant.app_id != app.id or grant.revoked_at is not None or token.expires_at <= now:
        raise app_error(AppErrorCode.INVALID_GRANT, INVALID_REFRESH)
    if token.used_at is not None or not _claim(uow, AppToken, token.id, now):
        revoke_grant(uow, system_actor("refresh_token_reuse"), grant, "refresh_token_reused")
        return GrantRevokedForReuse(grant_id=grant.id)
    return _issue(uow, grant, app, now)


def actor_for_app_token(uow: UnitOfWork, token: str, channel: Channel) -> Actor | None:
    """The seller-side actor an access token stands for: one indexed lookup by hash, joined to
    its grant and app. Its scopes are the grant's, within the app's."""
    if not token.startswith(ACCESS_TOKEN_PREFIX):
        return None
    row = uow.session.execute(
        select(
            AppToken.expires_at,
            AppGrant.id,
            AppGrant.seller_id,
            AppGrant.scopes,
            App.id.label("app_id"),
            App.client_id,
            App.scopes.label("app_scopes"),
        )
        .join(AppGrant, AppGrant.id == AppToken.grant_id)
        .join(App, App.id == AppGrant.app_id)
        .where(
            AppToken.token_hash == hash_secret(token),
            AppToken.kind == TokenKind.ACCESS,
            AppGrant.revoked_at.is_(None),
        )
    ).one_or_none()
    if row is None or row.expires_at <= uow.clock.now():
        return None
    return Actor(
        kind=ActorKind.INTEGRATION,
        channel=channel,
        id=row.id,
        seller_id=row.seller_id,
        label=f"app:{row.client_id}",
        scopes=frozenset(row.scopes.split()) & frozenset(row.app_scopes.split()),
        app_id=row.app_id,
    )


def _authenticated_client(uow: UnitOfWork, client_id: str, client_secret: str) -> App:
    app = uow.session.scalars(select(App).where(App.client_id == client_id)).one_or_none()
    if app is None or not same_secret(client_secret, app.client_secret_hash):
        raise app_error(
            AppErrorCode.INVALID_CLIENT,
            "Unknown client_id or wrong client_secret; use the pair shown at registration.",
        )
    return app


def _claim(
    uow: UnitOfWork, model: type[AppAuthorizationCode] | type[AppToken], row_id: int, now: datetime
) -> bool:
    """Mark a code or refresh token used, if nobody did first (one conditional UPDATE)."""
    claimed = uow.session.execute(
        update(model).where(model.id == row_id, model.used_at.is_(None)).values(used_at=now)
    )
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def _issue(uow: UnitOfWork, grant: AppGrant, app: App, now: datetime) -> TokensIssued:
    access, access_hash = new_secret(ACCESS_TOKEN_PREFIX)
    refresh, refresh_hash = new_secret(REFRESH_TOKEN_PREFIX)
    for kind, token_hash, lifetime in (
        (TokenKind.ACCESS, access_hash, ACCESS_TOKEN_LIFETIME),
        (TokenKind.REFRESH, refresh_hash, REFRESH_TOKEN_LIFETIME),
    ):
        uow.session.add(
            AppToken(
                token_hash=token_hash,
                kind=kind,
                grant_id=grant.id,
                created_at=now,
                expires_at=now + lifetime,
                used_at=None,
            )
        )
    uow.session.flush()
    scopes = set(grant.scopes.split()) & set(app.scopes.split())
    return TokensIssued(
        access_token=access,
        expires_in=int(ACCESS_TOKEN_LIFETIME.total_seconds()),
        refresh_token=refresh,
        scope=scope_text(scopes),
    )
