"""API requests per app, seller and day: counted in memory by the API process and added here in
one upsert per (app, seller, day) when the counter flushes."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from fairmarket.db.unit_of_work import UnitOfWork
from fairmarket.domains.apps.models import AppGrant, AppUsage

UsageKey = tuple[int, int, date]  # app id, seller id, UTC day


def record_app_usage(
    uow: UnitOfWork, counts: Mapping[UsageKey, int], last_used: Mapping[tuple[int, int], datetime]
) -> None:
    insert = (
        postgresql_insert if uow.session.get_bind().dialect.name == "postgresql" else sqlite_insert
    )
    for (app_id, seller_id, day), requests in sorted(counts.items()):
        statement = insert(AppUsage).values(
            app_id=app_id, seller_id=seller_id, day=day, requests=requests
        )
        uow.session.execute(
            statement.on_conflict_do_update(
                index_elements=["app_id", "seller_id", "day"],
                set_={"requests": AppUsage.requests + statement.excluded.requests},
            )
        )
    for (app_id, seller_id), at in sorted(last_used.items()):
        uow.session.execute(
            update(AppGrant)
            .where(
                AppGrant.app_id == app_id,
                AppGrant.seller_id == seller_id,
                AppGrant.revoked_at.is_(None),
            )
            .values(last_used_at=at)
        )
