"""Record one audited change, in the caller's transaction."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, insert, select

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
    """Add an audit record. Inside `uow.batched_writes()` it is written when the block ends,
    with the block's other records in one INSERT (the returned record is then not in the
    session); outside, it is added to the session and flushed with the rest."""
    row = {
        "at": uow.clock.now(),
        "actor_kind": actor.kind,
        "actor_id": actor.id,
        "actor_label": actor.label or actor.kind.value,
        "channel": actor.channel,
        "action": action,
        "subject_type": subject_type,
        "subject_id": subject_id,
        "seller_id": seller_id,
        "order_id": order_id,
        "before": before,
        "after": after,
        "reason": reason,
        "note": note,
    }
    record = AuditRecord(**row)
    if not uow.defer(write_audit_records, row):
        uow.session.add(record)
    return record


def write_audit_records(uow: UnitOfWork, rows: list[dict[str, Any]]) -> None:
    """Insert audit records in one statement (insertmanyvalues), in order."""
    uow.session.execute(_INSERT_AUDIT_RECORDS, rows)


AUDIT_RECORDS = cast(Table, AuditRecord.__table__)
_INSERT_AUDIT_RECORDS = insert(AUDIT_RECORDS)  # built once


def list_order_audit(uow: UnitOfWork, order_id: int) -> list[AuditRecord]:
    query = (
        select(AuditRecord)
        .where(AuditRecord.order_id == order_id)
        .order_by(AuditRecord.at, AuditRecord.id)
    )
    return list(uow.session.scalars(query))
