"""The background round's share: forget authorization codes and tokens that can never be
used again."""

from __future__ import annotations

from sqlalchemy import delete, or_, select

from fairmarket.db.unit_of_work import UnitOfWork, UnitOfWorkFactory
from fairmarket.domains.apps.models import AppAuthorizationCode, AppGrant, AppToken


def purge_ended_app_credentials(factory: UnitOfWorkFactory) -> int:
    """Delete codes and tokens past their expiry, and every code and token of a revoked grant.

    A rotated refresh token is kept until its own expiry: presenting it again before then must
    still be recognised as reuse (and revoke the grant)."""
    with factory() as uow:
        return delete_ended_app_credentials(uow)


def delete_ended_app_credentials(uow: UnitOfWork) -> int:
    now = uow.clock.now()
    revoked_grants = select(AppGrant.id).where(AppGrant.revoked_at.is_not(None))
    deleted = 0
    for model in (AppAuthorizationCode, AppToken):
        result = uow.session.execute(
            delete(model).where(or_(model.expires_at <= now, model.grant_id.in_(revoked_grants)))
        )
        deleted += int(getattr(result, "rowcount", 0) or 0)
    return deleted
