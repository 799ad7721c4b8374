"""The authorization request (RFC 6749 4.1 with PKCE, RFC 7636): checking it for the consent
page, and recording the seller's consent as a grant plus a single-use code."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.apps.credentials import new_secret, well_formed_challenge
from fairmarket.domains.apps.errors import AppErrorCode, app_error
from fairmarket.domains.apps.models import App, AppAuthorizationCode, AppGrant
from fairmarket.domains.apps.schemas import (
    AuthorizationCheck,
    AuthorizationGranted,
    AuthorizationRequest,
    ScopeRead,
)
from fairmarket.domains.apps.scopes import SCOPE_WORDS, scope_text
from fairmarket.domains.audit.service import record_change
from fairmarket.kernel.actors import Actor, ActorKind
from fairmarket.kernel.errors import forbidden

CODE_LIFETIME = timedelta(minutes=5)


def check_authorization_request(
    uow: UnitOfWork, request: AuthorizationRequest
) -> AuthorizationCheck:
    """What the consent page shows, or the RFC 6749 error."""
    app, requested = _validated(uow, request)
    return AuthorizationCheck(
        app_name=app.name,
        client_id=app.client_id,
        redirect_uri=request.redirect_uri,
        state=request.state,
        scopes=[ScopeRead(name=name, words=SCOPE_WORDS[name]) for name in sorted(requested)],
    )


def _validated(uow: UnitOfWork, request: AuthorizationRequest) -> tuple[App, set[str]]:
    """The app and the scopes asked for. Unknown clients and redirect URIs not registered
    exactly are refused first: those errors must never be sent to the redirect URI."""
    app = _app_and_redirect_uri(uow, request)
    if request.response_type != "code":
        raise app_error(
            AppErrorCode.UNSUPPORTED_RESPONSE_TYPE, "Only response_type=code is supported."
        )
    if request.code_challenge_method != "S256" or not well_formed_challenge(request.code_challenge):
        raise app_error(
            AppErrorCode.INVALID_REQUEST,
            "PKCE is required: send code_challenge (43 to 128 characters) with "
            "code_challenge_method=S256.",
        )
    requested = set(request.scope.split())
    allowed = set(app.scopes.split())
    if not requested or not requested <= allowed:
        raise app_error(
            AppErrorCode.INVALID_SCOPE,
            f"Ask for one or more of the app's scopes: {scope_text(allowed)}.",
        )
    return app, requested


def authorize_app(
    uow: UnitOfWork, actor: Actor, request: AuthorizationRequest
) -> AuthorizationGranted:
    """The seller allowed the app: install it (or replace the scopes of its installation) and
    issue a code the app exchanges at the token endpoint."""
    app, requested = _validated(uow, request)
    if actor.kind is not ActorKind.SELLER_USER or actor.seller_id is None:
        raise forbidden("seller_user_required", "Only a signed-in seller user can install apps.")
    grant = _install(uow, actor, app, scope_text(requested))
    code, code_hash = new_secret()
    now = uow.clock.now()
    uow.session.add(
        AppAuthorizationCode(
            code_hash=code_hash,
            grant_id=grant.id,
            redirect_uri=request.redirect_uri,
            code_challenge=request.code_challenge,
            created_at=now,
            expires_at=now + CODE_LIFETIME,
            used_at=None,
        )
    )
    uow.session.flush()
    return AuthorizationGranted(redirect_uri=request.redirect_uri, code=code, state=request.state)


def _app_and_redirect_uri(uow: UnitOfWork, request: AuthorizationRequest) -> App:
    app = uow.session.scalars(select(App).where(App.client_id == request.client_id)).one_or_none()
    if app is None:
        raise app_error(
            AppErrorCode.UNKNOWN_CLIENT,
            "This app is not registered with Fairmarket; ask its developer for a correct link.",
        )
    if request.redirect_uri not in app.redirect_uris.splitlines():
        raise app_error(
            AppErrorCode.REDIRECT_URI_MISMATCH,
            "The app sent a redirect address it did not register, so it was not installed; "
            "ask its developer for a correct link.",
        )
    return app


def _install(uow: UnitOfWork, actor: Actor, app: App, scopes: str) -> AppGrant:
    """One active grant per app and seller; a new consent replaces its scopes."""
    grant = uow.session.scalars(
        select(AppGrant)
        .where(
            AppGrant.app_id == app.id,
            AppGrant.seller_id == actor.seller_id,
            AppGrant.revoked_at.is_(None),
        )
        .with_for_update()
    ).one_or_none()
    before = None if grant is None else {"scopes": grant.scopes}
    if grant is None:
        grant = AppGrant(
            app_id=app.id,
            seller_id=actor.seller_id,
            scopes=scopes,
            created_at=uow.clock.now(),
            last_used_at=None,
            revoked_at=None,
            revoked_reason=None,
        )
        uow.session.add(grant)
    grant.scopes = scopes
    uow.session.flush()
    record_change(
        uow,
        actor,
        action="app.installed",
        subject_type="app_grant",
        subject_id=grant.id,
        seller_id=grant.seller_id,
        order_id=None,
        before=before,
        after={"app": app.client_id, "scopes": scopes},
    )
    return grant
