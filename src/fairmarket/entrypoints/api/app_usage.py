"""Apps' API requests, counted in memory per (app, seller, UTC day) and added to the `app_usage`
table at most every `flush_seconds` (and when the server stops), so a request pays for a dict
increment and, rarely, one short upsert transaction."""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import datetime
from threading import Lock

from sqlalchemy.exc import SQLAlchemyError

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.apps.usage import UsageKey, record_app_usage
from fairmarket.kernel.actors import Actor

logger = logging.getLogger(__name__)


class AppUsageCounter:
    def __init__(self, uow_factory: UnitOfWorkFactory, flush_seconds: float) -> None:
        self._uow_factory = uow_factory
        self._flush_seconds = flush_seconds
        self._counts: Counter[UsageKey] = Counter()
        self._last_used: dict[tuple[int, int], datetime] = {}
        self._next_flush = time.monotonic() + flush_seconds
        self._lock = Lock()

    def count(self, actor: Actor) -> None:
        if actor.app_id is None or actor.seller_id is None:
            return
        now = self._uow_factory.clock.now()
        with self._lock:
            self._counts[(actor.app_id, actor.seller_id, now.date())] += 1
            self._last_used[(actor.app_id, actor.seller_id)] = now
            due = time.monotonic() >= self._next_flush
        if due:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            counts, self._counts = self._counts, Counter()
            last_used, self._last_used = self._last_used, {}
            self._next_flush = time.monotonic() + self._flush_seconds
        if not counts:
            return
        try:
            with self._uow_factory() as uow:
                record_app_usage(uow, counts, last_used)
        except SQLAlchemyError:
            # Keep the counts for the next flush rather than fail the request that triggered it.
            logger.exception("could not record app usage; will retry at the next flush")
            with self._lock:
                self._counts.update(counts)
                for key, at in last_used.items():
                    self._last_used.setdefault(key, at)
