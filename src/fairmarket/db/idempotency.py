"""Stored responses for `Idempotency-Key`: a replay gets the first response again.

A key is claimed in its own short transaction before the action runs, so a concurrent duplicate
finds the claim and is told to retry (409) instead of running the action twice.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import (
    JSON,
    Index,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    delete,
    insert,
    select,
    text,
)
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Mapped, mapped_column

from fairmarket.db.base import Base
from fairmarket.db.unit_of_work import UnitOfWork, UnitOfWorkFactory


class IdempotencyRecord(Base):
    __tablename__ = "idempotency_keys"
    __table_args__ = (
        UniqueConstraint("owner", "key"),
        Index("ix_idempotency_keys_created_at", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(80))
    key: Mapped[str] = mapped_column(String(255))
    request_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime]
    completed_at: Mapped[datetime | None]
    status_code: Mapped[int | None]
    response_body: Mapped[str | None] = mapped_column(Text)
    response_headers: Mapped[dict[str, Any] | None] = mapped_column(JSON)


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: str
    headers: dict[str, str]


@dataclass(frozen=True)
class Claim:
    """The outcome of claiming a key: new (run the action), replay, in progress, or mismatch."""

    outcome: str
    stored: StoredResponse | None = None


def request_fingerprint(method: str, path: str, body: bytes) -> str:
    return hashlib.sha256(method.encode() + b" " + path.encode() + b"\n" + body).hexdigest()


def claim_key(
    factory: UnitOfWorkFactory, owner: str, key: str, fingerprint: str, ttl: timedelta
) -> Claim:
    """Claim a key in a transaction of its own (for flows that act in several transactions)."""
    try:
        with factory() as uow:
            return claim_in_transaction(uow, owner, key, fingerprint, ttl)
    except IntegrityError:  # a concurrent claim of the same key committed first
        return Claim("in_progress")


def purge_expired_keys(factory: UnitOfWorkFactory, ttl: timedelta) -> int:
    """Forget keys past their published lifetime (run by the background worker)."""
    with factory() as uow:
        result = uow.session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.created_at < factory.clock.now() - ttl
            )
        )
        return int(getattr(result, "rowcount", 0) or 0)


def _find(session: Any, owner: str, key: str) -> IdempotencyRecord | None:
    result: IdempotencyRecord | None = session.scalars(
        _FIND, {"owner": owner, "key": key}
    ).one_or_none()
    return result


# Built once: a fresh statement pays for its cache key on every POST.
_FIND = select(IdempotencyRecord).where(
    IdempotencyRecord.owner == bindparam("owner"), IdempotencyRecord.key == bindparam("key")
)
_TRY_LOCK = text("SELECT pg_try_advisory_xact_lock(:id)")
_INSERT = insert(cast(Table, IdempotencyRecord.__table__))


def complete_key(
    factory: UnitOfWorkFactory, owner: str, key: str, response: StoredResponse
) -> None:
    with factory() as uow:
        store_response(uow, owner, key, response)


def release_key(factory: UnitOfWorkFactory, owner: str, key: str) -> None:
    """Forget a claim whose action failed unexpectedly, so that the client may retry it."""
    with factory() as uow:
        uow.session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.owner == owner,
                IdempotencyRecord.key == key,
                IdempotencyRecord.completed_at.is_(None),
            )
        )


# --- Claims inside the action's own transaction (the Seller API's write path) ----------------
#
# One transaction per POST: lock the key, check it, run the action, store the response, commit.
# A refused action rolls everything back, so a retry is re-evaluated.


def try_lock_key(uow: UnitOfWork, owner: str, key: str) -> bool:
    """Take a transaction-scoped lock on the key; False if another transaction holds it.

    On PostgreSQL this is a non-blocking advisory lock, so a duplicate that arrives while the
    first is still running is told so at once. SQLite runs one writer at a time (BEGIN
    IMMEDIATE), so there a duplicate simply waits and then finds the stored response.
    """
    if uow.session.get_bind().dialect.name != "postgresql":
        return True
    lock_id = int.from_bytes(
        hashlib.sha256(f"{owner}\n{key}".encode()).digest()[:8], "big", signed=True
    )
    return bool(uow.session.scalar(_TRY_LOCK, {"id": lock_id}))


def check_key(uow: UnitOfWork, owner: str, key: str, fingerprint: str, ttl: timedelta) -> Claim:
    """What a key means for this request, read in the caller's transaction: "new" (nothing
    stored, or only an expired record, which is removed), "replay", "mismatch" or "in_progress"."""
    existing = _find(uow.session, owner, key)
    if existing is not None and existing.created_at < uow.deployment_clock.now() - ttl:
        uow.session.delete(existing)
        uow.session.flush()
        existing = None
    if existing is None:
        return Claim("new")
    if existing.request_hash != fingerprint:
        return Claim("mismatch")
    if existing.completed_at is None or existing.status_code is None:
        return Claim("in_progress")
    return Claim(
        "replay",
        StoredResponse(
            existing.status_code,
            existing.response_body or "",
            dict(existing.response_headers or {}),
        ),
    )


def claim_in_transaction(
    uow: UnitOfWork, owner: str, key: str, fingerprint: str, ttl: timedelta
) -> Claim:
    """Check the key and, when it is new, record a pending claim in the caller's transaction."""
    claim = check_key(uow, owner, key, fingerprint, ttl)
    if claim.outcome == "new":
        uow.session.add(
            IdempotencyRecord(
                owner=owner,
                key=key,
                request_hash=fingerprint,
                created_at=uow.deployment_clock.now(),
                completed_at=None,
            )
        )
    return claim


def record_response(
    uow: UnitOfWork, owner: str, key: str, fingerprint: str, response: StoredResponse
) -> None:
    """Store the answer to a new key in the action's own transaction: one INSERT, from a
    statement built once (no ORM object: nothing reads it back in this transaction).

    No pending row is needed first: the caller holds the key's lock (`try_lock_key`) for the
    whole transaction, and the unique constraint stays the last word.
    """
    now = uow.deployment_clock.now()
    uow.session.execute(
        _INSERT,
        {
            "owner": owner,
            "key": key,
            "request_hash": fingerprint,
            "created_at": now,
            "completed_at": now,
            "status_code": response.status_code,
            "response_body": response.body,
            "response_headers": response.headers,
        },
    )


def store_response(uow: UnitOfWork, owner: str, key: str, response: StoredResponse) -> None:
    record = _find(uow.session, owner, key)
    if record is None:  # pragma: no cover - the claim is made before the response exists
        raise RuntimeError("store_response without a claim for this key")
    record.completed_at = uow.deployment_clock.now()
    record.status_code = response.status_code
    record.response_body = response.body
    record.response_headers = response.headers
