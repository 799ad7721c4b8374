"""Connected apps: what a seller has installed, and revoking an installation."""

from __future__ import annotations

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.apps.errors import AppErrorCode, app_error
from fairmarket.domains.apps.models import App, AppGrant
from fairmarket.domains.apps.schemas import ConnectedAppRead, GrantRevoke, ScopeRead
from fairmarket.domains.apps.scopes import SCOPE_WORDS, scope_list
from fairmarket.domains.audit.service import record_change
from fairmarket.kernel.actors import Actor, ActorKind


def list_connected_apps(uow: UnitOfWork, actor: Actor) -> list[ConnectedAppRead]:
    rows = uow.session.execute(
        select(AppGrant, App.name)
        .join(App, App.id == AppGrant.app_id)
        .where(AppGrant.seller_id == _seller_of(actor), AppGrant.revoked_at.is_(None))
        .order_by(AppGrant.created_at, AppGrant.id)
    )
    return [
        ConnectedAppRead(
            grant_id=grant.id,
            app_name=name,
            scopes=[
                ScopeRead(name=s, words=SCOPE_WORDS.get(s, s)) for s in scope_list(grant.scopes)
            ],
            installed_at=grant.created_at,
            last_used_at=grant.last_used_at,
        )
        for grant, name in rows
    ]


def revoke_app_grant(uow: UnitOfWork, actor: Actor, cmd: GrantRevoke) -> ConnectedAppRead:
    """Disconnect an app: every token of the grant stops working at once."""
    grant = uow.session.scalars(
        select(AppGrant)
        .where(
            AppGrant.id == cmd.grant_id,
            AppGrant.seller_id == _seller_of(actor),
            AppGrant.revoked_at.is_(None),
        )
        .with_for_update()
    ).one_or_none()
    if grant is None:
        raise app_error(
            AppErrorCode.GRANT_NOT_FOUND,
            "This app is not connected to your shop (it may have been disconnected already).",
        )
    revoke_grant(uow, actor, grant, "revoked_by_seller")
    name = uow.session.scalar(select(App.name).where(App.id == grant.app_id)) or ""
    return ConnectedAppRead(
        grant_id=grant.id,
        app_name=name,
        scopes=[ScopeRead(name=s, words=SCOPE_WORDS.get(s, s)) for s in scope_list(grant.scopes)],
        installed_at=grant.created_at,
        last_used_at=grant.last_used_at,
    )


def revoke_grant(uow: UnitOfWork, actor: Actor, grant: AppGrant, reason: str) -> None:
    grant.revoked_at = uow.clock.now()
    grant.revoked_reason = reason
    uow.session.flush()
    record_change(
        uow,
        actor,
        action="app.revoked",
        subject_type="app_grant",
        subject_id=grant.id,
        seller_id=grant.seller_id,
        order_id=None,
        before={"scopes": grant.scopes},
        after=None,
        reason=reason,
    )


def _seller_of(actor: Actor) -> int:
    if actor.kind is not ActorKind.SELLER_USER or actor.seller_id is None:
        raise app_error(
            AppErrorCode.GRANT_NOT_FOUND, "Only the shop's own users manage its connected apps."
        )
    return actor.seller_id
