"""Record one audited change, in the caller's transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.audit.models import AuditRecord
from fairmarket.kernel.actors import Actor


def record_change(
    uow: UnitOfWork,
    actor: Actor,
    *,
    action: str,
    subject_type: str,
    subject_id: int,
    seller_id: int | None,
    order_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reason: str | None = None,
    note: str | None = None,
) -> AuditRecord:
    record = AuditRecord(
        at=uow.clock.now(),
        actor_kind=actor.kind,
        actor_id=actor.id,
        actor_label=actor.label or actor.kind.value,
        channel=actor.channel,
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        seller_id=seller_id,
        order_id=order_id,
        before=before,
        after=after,
        reason=reason,
        note=note,
    )
    uow.session.add(record)
    return record


def list_order_audit(uow: UnitOfWork, order_id: int) -> list[AuditRecord]:
    query = (
        select(AuditRecord)
        .where(AuditRecord.order_id == order_id)
        .order_by(AuditRecord.at, AuditRecord.id)
    )
    return list(uow.session.scalars(query))
