"""The limit: the cancellation pair's rows written by hand with plain psycopg, no Fairmarket code.

Same database, same seeded orders (a disjoint slice), same tables and the same rows per pair as
`buyer.after_sales.cancel` then `after_sales.approve` write on PostgreSQL (found by logging the
baseline's statements):

- request, one transaction: lock the order (`SELECT ... FOR UPDATE`); insert the after-sale
  request (its lines as JSON, guarded by "no open request on this order" as Fairmarket checks);
  insert its audit row and its `after_sale.requested` event (sequence 1); commit.
- approval, one transaction: lock the order through the request (`FOR UPDATE OF orders`); update
  the request (version + 1) and the order; insert the refund (ledger row); two audit rows
  (`order.cancelled`, `after_sale.approve`) and two events (the order's next sequence, and the
  request's sequence 2); commit.

Rows per pair: 1 request + 1 refund + 3 audit + 3 events inserted, 2 updates (order, request) —
as Fairmarket. Statements are server-side prepared (`prepare=True`); one connection per thread.
What the limit leaves out: Python objects, the ORM's reads of the rows it already holds, the
per-event `max(sequence)` round trip (folded into the insert here), pydantic validation.
"""

from __future__ import annotations

import threading
from typing import Any

import psycopg
from psycopg.types.json import Json

from bench.api.seed import BENCH_SELLER_ID, Seeded, require_loopback

REASON = "changed_mind"
CANCEL_REASON = f"buyer_request:{REASON}"
FAULT = "buyer"

LOCK_ORDER = """
SELECT id, seller_id, status, paid_minor - refunded_minor
FROM orders WHERE number = %(number)s AND buyer_id = %(buyer_id)s
FOR UPDATE
"""

INSERT_REQUEST = """
INSERT INTO after_sale_requests (
    type, kind, order_id, seller_id, buyer_id, status, reason, fault, lines, whole_order,
    requested_minor, evidence, requested_at, updated_at, last_action, last_actor,
    deadline, deadline_action, warn_at, version)
SELECT 'cancellation', 'cancel', %(order_id)s, %(seller_id)s, %(buyer_id)s, 'pending',
    %(reason)s, %(fault)s,
    (SELECT json_agg(json_build_object('line_id', l.id, 'quantity', l.quantity) ORDER BY l.id)
     FROM order_lines l WHERE l.order_id = %(order_id)s),
    true, %(requested_minor)s, 'null'::json, now(), now(), 'requested', %(actor)s,
    now() + interval '2 days', 'auto_approve', now() + interval '36 hours', 1
WHERE NOT EXISTS (
    SELECT 1 FROM after_sale_requests r
    WHERE r.order_id = %(order_id)s
      AND r.status NOT IN ('closed', 'withdrawn', 'converted_to_return'))
RETURNING id, deadline
"""

LOCK_REQUEST = """
SELECT r.order_id, o.number, r.requested_minor, r.status, r.version
FROM after_sale_requests r JOIN orders o ON o.id = r.order_id
WHERE r.id = %(request_id)s AND r.seller_id = %(seller_id)s
FOR UPDATE OF o
"""

APPROVE_REQUEST = """
UPDATE after_sale_requests SET status = 'cancelled', refund_minor = %(refund)s,
    updated_at = now(), resolved_at = now(), last_action = 'approve', last_actor = %(actor)s,
    decided_action = 'approve', decided_by = 'integration', deadline = NULL,
    deadline_action = NULL, warn_at = NULL, version = version + 1
WHERE id = %(request_id)s AND version = %(version)s
"""

CANCEL_ORDER = """
UPDATE orders SET status = 'cancelled', refunded_minor = refunded_minor + %(refund)s,
    updated_at = now(), cancelled_at = now(), cancel_reason = %(reason)s, cancel_fault = %(fault)s
WHERE id = %(order_id)s
"""

INSERT_REFUND = """
INSERT INTO refunds (order_id, after_sale_request_id, amount_minor, currency, reason, created_at)
VALUES (%(order_id)s, %(request_id)s, %(refund)s, 'USD', %(reason)s, now())
"""

INSERT_AUDIT = """
INSERT INTO audit_records (at, actor_kind, actor_id, actor_label, channel, action, subject_type,
    subject_id, seller_id, order_id, before, after, reason)
VALUES (now(), %(kind)s, %(actor_id)s, %(label)s, %(channel)s, %(action)s, %(subject_type)s,
    %(subject_id)s, %(seller_id)s, %(order_id)s, %(before)s, %(after)s, %(reason)s)
"""

INSERT_EVENT = """
INSERT INTO events (type, resource_type, resource_id, sequence, seller_id, occurred_at,
    transaction_id, data)
VALUES (%(type)s, %(resource_type)s::varchar, %(resource_id)s::integer,
    (SELECT coalesce(max(sequence), 0) + 1 FROM events
     WHERE resource_type = %(resource_type)s::varchar AND resource_id = %(resource_id)s::integer),
    %(seller_id)s, now(), pg_current_xact_id()::text::bigint, %(data)s)
"""


class RawPairs:
    """One psycopg connection per calling thread; `pair(number)` cancels order `number`."""

    def __init__(self, seeded: Seeded) -> None:
        require_loopback(seeded.database_url)
        self.url = seeded.database_url
        self.first = seeded.numbers[0]
        self.buyers = len(seeded.buyer_keys)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._connections: list[psycopg.Connection[Any]] = []
        with psycopg.connect(self.url) as connection:
            row = connection.execute(
                "SELECT id, prefix FROM api_keys WHERE seller_id = %s ORDER BY id LIMIT 1",
                (BENCH_SELLER_ID,),
            ).fetchone()
        if row is None:
            raise RuntimeError("the bench seller has no API key")
        self.seller_key_id, self.seller_label = int(row[0]), f"api_key:{row[1]}"

    def close(self) -> None:
        with self._lock:
            for connection in self._connections:
                connection.close()
            self._connections.clear()

    def _connection(self) -> psycopg.Connection[Any]:
        connection: psycopg.Connection[Any] | None = getattr(self._local, "connection", None)
        if connection is None:
            connection = psycopg.connect(self.url)
            self._local.connection = connection
            with self._lock:
                self._connections.append(connection)
        return connection

    def pair(self, number: int) -> None:
        connection = self._connection()
        buyer_id = 1 + (number - self.first) % self.buyers
        request_id = self.request(connection, number, buyer_id)
        self.approve(connection, request_id)

    def request(self, connection: psycopg.Connection[Any], number: int, buyer_id: int) -> int:
        with connection.transaction():
            locked = connection.execute(
                LOCK_ORDER, {"number": number, "buyer_id": buyer_id}, prepare=True
            ).fetchone()
            if locked is None or locked[2] != "awaiting_shipment":
                raise RuntimeError("order_not_cancellable")
            order_id, seller_id, _, requested = locked
            actor = f"buyer:{buyer_id}"
            inserted = connection.execute(
                INSERT_REQUEST,
                {
                    "order_id": order_id,
                    "seller_id": seller_id,
                    "buyer_id": buyer_id,
                    "reason": REASON,
                    "fault": FAULT,
                    "requested_minor": requested,
                    "actor": actor,
                },
                prepare=True,
            ).fetchone()
            if inserted is None:
                raise RuntimeError("request_already_open")
            request_id, deadline = inserted
            self._audit(
                connection,
                kind="buyer",
                actor_id=buyer_id,
                label=actor,
                channel="buyer_api",
                action="after_sale.requested",
                subject=("after_sale_request", request_id),
                seller_id=seller_id,
                order_id=order_id,
                before=None,
                after={
                    "status": "pending",
                    "version": 1,
                    "type": "cancellation",
                    "requested_minor": requested,
                },
                reason=REASON,
            )
            self._event(
                connection,
                "after_sale.requested",
                ("after_sale_request", request_id),
                seller_id,
                _request_data(request_id, number, "pending", "requested", None, deadline, 1),
            )
        return int(request_id)

    def approve(self, connection: psycopg.Connection[Any], request_id: int) -> None:
        seller_id = BENCH_SELLER_ID
        with connection.transaction():
            locked = connection.execute(
                LOCK_REQUEST, {"request_id": request_id, "seller_id": seller_id}, prepare=True
            ).fetchone()
            if locked is None or locked[3] != "pending":
                raise RuntimeError("request_not_pending")
            order_id, number, refund, _, version = locked
            common = {"order_id": order_id, "request_id": request_id, "refund": refund}
            updated = connection.execute(
                APPROVE_REQUEST,
                {**common, "actor": self.seller_label, "version": version},
                prepare=True,
            )
            if updated.rowcount != 1:
                raise RuntimeError("stale_request")
            connection.execute(
                CANCEL_ORDER, {**common, "reason": CANCEL_REASON, "fault": FAULT}, prepare=True
            )
            connection.execute(INSERT_REFUND, {**common, "reason": CANCEL_REASON}, prepare=True)
            seller = {
                "kind": "integration",
                "actor_id": self.seller_key_id,
                "label": self.seller_label,
                "channel": "api",
                "seller_id": seller_id,
                "order_id": order_id,
            }
            self._audit(
                connection,
                **seller,
                action="order.cancelled",
                subject=("order", order_id),
                before={"status": "awaiting_shipment", "refunded_minor": 0},
                after={"status": "cancelled", "refunded_minor": refund, "fault": FAULT},
                reason=CANCEL_REASON,
            )
            self._event(
                connection,
                "order.cancelled",
                ("order", number),
                seller_id,
                {
                    "order_number": number,
                    "status": "cancelled",
                    "reason": CANCEL_REASON,
                    "fault": FAULT,
                    "refunded_minor": refund,
                },
            )
            self._audit(
                connection,
                **seller,
                action="after_sale.approve",
                subject=("after_sale_request", request_id),
                before={"status": "pending", "version": version},
                after={"status": "cancelled", "version": version + 1, "refund_minor": refund},
                reason=None,
            )
            self._event(
                connection,
                "after_sale.approved",
                ("after_sale_request", request_id),
                seller_id,
                _request_data(request_id, number, "cancelled", "approve", refund, None, 2),
            )

    @staticmethod
    def _audit(
        connection: psycopg.Connection[Any],
        *,
        subject: tuple[str, int],
        before: dict[str, Any] | None,
        after: dict[str, Any],
        **values: Any,
    ) -> None:
        connection.execute(
            INSERT_AUDIT,
            {
                **values,
                "subject_type": subject[0],
                "subject_id": subject[1],
                "before": Json(before),
                "after": Json(after),
            },
            prepare=True,
        )

    @staticmethod
    def _event(
        connection: psycopg.Connection[Any],
        event_type: str,
        resource: tuple[str, int],
        seller_id: int,
        data: dict[str, Any],
    ) -> None:
        connection.execute(
            INSERT_EVENT,
            {
                "type": event_type,
                "resource_type": resource[0],
                "resource_id": resource[1],
                "seller_id": seller_id,
                "data": Json(data),
            },
            prepare=True,
        )


def _request_data(
    request_id: int,
    number: int,
    status: str,
    action: str,
    refund: int | None,
    deadline: Any,
    version: int,
) -> dict[str, Any]:
    return {
        "request_id": request_id,
        "type": "cancellation",
        "kind": "cancel",
        "order_number": number,
        "status": status,
        "action": action,
        "reason": REASON,
        "fault": FAULT,
        "refund_minor": refund,
        "deadline": None if deadline is None else deadline.isoformat(),
        "deadline_action": None if deadline is None else "auto_approve",
        "version": version,
    }
