"""The limit for deadline firing: per chunk, what firing does, as set-based SQL over plain psycopg.

One transaction per chunk, as a queue worker's chunk: (1) claim up to `chunk` due auto-approve
cancellations in deadline order (the index's order, as the dispatcher reads them: ordering by
id too made every claim sort all due requests, 100 ms at 100,000), locking each request and its
order (`FOR UPDATE ... SKIP LOCKED`, so several connections take disjoint chunks); (2) one
statement whose data-modifying CTEs write, for every claimed request, the rows one firing
writes (checked against the embedded baseline's logged SQL): the request (cancelled, refund,
version + 1, timer cleared) and the order (cancelled, refunded) updated; one refund; two audit
rows (`order.cancelled`, `after_sale.auto_approve`); two events (the order's and the request's
next sequence); commit. Both statements are server-side prepared. No Fairmarket code runs: this
is what the database alone costs for the same rows.
"""

from __future__ import annotations

import threading
import time
from typing import Any

import psycopg

CLAIM = """
SELECT r.id
FROM after_sale_requests r JOIN orders o ON o.id = r.order_id
WHERE r.deadline <= now() AND r.status = 'pending' AND r.deadline_action = 'auto_approve'
  AND o.status = 'awaiting_shipment'
ORDER BY r.deadline
LIMIT %(chunk)s
FOR UPDATE OF r, o SKIP LOCKED
"""

FIRE = """
WITH due AS (
    SELECT r.id, r.order_id, r.seller_id, r.type, r.kind, r.reason, r.fault, r.status,
        r.version, o.number, o.status AS order_status, o.refunded_minor,
        o.paid_minor - o.refunded_minor AS refund
    FROM after_sale_requests r JOIN orders o ON o.id = r.order_id
    WHERE r.id = ANY(%(ids)s::integer[])
),
requests AS (
    UPDATE after_sale_requests r SET status = 'cancelled', refund_minor = due.refund,
        updated_at = now(), resolved_at = now(), last_action = 'auto_approve',
        last_actor = 'system:after_sale_timer', decided_action = 'auto_approve',
        decided_by = 'system', deadline = NULL, deadline_action = NULL, warn_at = NULL,
        version = r.version + 1
    FROM due WHERE r.id = due.id
    RETURNING r.id
),
orders_cancelled AS (
    UPDATE orders o SET status = 'cancelled', refunded_minor = o.refunded_minor + due.refund,
        updated_at = now(), cancelled_at = now(),
        cancel_reason = 'buyer_request:' || due.reason, cancel_fault = due.fault
    FROM due WHERE o.id = due.order_id
    RETURNING o.id
),
refunds_made AS (
    INSERT INTO refunds (order_id, after_sale_request_id, amount_minor, currency, reason,
        created_at)
    SELECT order_id, id, refund, 'USD', 'buyer_request:' || reason, now() FROM due
    RETURNING id
),
audits AS (
    INSERT INTO audit_records (at, actor_kind, actor_id, actor_label, channel, action,
        subject_type, subject_id, seller_id, order_id, before, after, reason)
    SELECT now(), 'system', NULL, 'system:after_sale_timer', 'system', a.action, a.subject_type,
        a.subject_id, due.seller_id, due.order_id, a.before, a.after, a.reason
    FROM due CROSS JOIN LATERAL (VALUES
        (1, 'order.cancelled', 'order', due.order_id,
         json_build_object('status', due.order_status, 'refunded_minor', due.refunded_minor),
         json_build_object('status', 'cancelled', 'refunded_minor',
             due.refunded_minor + due.refund, 'fault', due.fault),
         'buyer_request:' || due.reason),
        (2, 'after_sale.auto_approve', 'after_sale_request', due.id,
         json_build_object('status', due.status, 'version', due.version),
         json_build_object('status', 'cancelled', 'version', due.version + 1,
             'refund_minor', due.refund),
         NULL)
    ) AS a (position, action, subject_type, subject_id, before, after, reason)
    ORDER BY due.id, a.position
    RETURNING id
),
events_published AS (
    INSERT INTO events (type, resource_type, resource_id, sequence, seller_id, occurred_at,
        transaction_id, data)
    SELECT e.type, e.resource_type, e.resource_id,
        coalesce((SELECT max(sequence) FROM events x
                  WHERE x.resource_type = e.resource_type AND x.resource_id = e.resource_id),
                 0) + 1,
        due.seller_id, now(), pg_current_xact_id()::text::bigint, e.data
    FROM due CROSS JOIN LATERAL (VALUES
        (1, 'order.cancelled', 'order', due.number,
         json_build_object('order_number', due.number, 'status', 'cancelled',
             'reason', 'buyer_request:' || due.reason, 'fault', due.fault,
             'refunded_minor', due.refunded_minor + due.refund)),
        (2, 'after_sale.auto_approved', 'after_sale_request', due.id,
         json_build_object('request_id', due.id, 'type', due.type, 'kind', due.kind,
             'order_number', due.number, 'status', 'cancelled', 'action', 'auto_approve',
             'reason', due.reason, 'fault', due.fault, 'refund_minor', due.refund,
             'deadline', NULL, 'deadline_action', NULL, 'version', due.version + 1))
    ) AS e (position, type, resource_type, resource_id, data)
    ORDER BY due.id, e.position
    RETURNING id
)
SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM orders_cancelled),
    (SELECT count(*) FROM refunds_made), (SELECT count(*) FROM audits),
    (SELECT count(*) FROM events_published)
"""


def fire_chunk(connection: psycopg.Connection[Any], chunk: int) -> int:
    """Fire up to `chunk` due deadlines in one transaction; returns how many fired."""
    with connection.transaction():
        ids = [
            row[0] for row in connection.execute(CLAIM, {"chunk": chunk}, prepare=True).fetchall()
        ]
        if not ids:
            return 0
        written = connection.execute(FIRE, {"ids": ids}, prepare=True).fetchone()
    if written is None or list(written) != [len(ids)] * 3 + [2 * len(ids)] * 2:
        raise RuntimeError(f"chunk of {len(ids)} wrote {written}")
    return len(ids)


def fire_all(url: str, *, connections: int, chunk: int, count: int, max_seconds: float) -> int:
    """Fire due deadlines on `connections` threads, one connection each, until none is due,
    `count` fired, or `max_seconds` passed (whichever first); returns how many fired."""
    deadline = time.perf_counter() + max_seconds
    lock = threading.Lock()
    fired = 0
    failures: list[BaseException] = []

    def worker() -> None:
        nonlocal fired
        try:
            with psycopg.connect(url) as connection:
                while time.perf_counter() < deadline:
                    with lock:
                        if fired >= count:
                            return
                    done = fire_chunk(connection, chunk)
                    if done == 0:
                        return
                    with lock:
                        fired += done
        except Exception as error:  # reported by the caller
            failures.append(error)

    threads = [threading.Thread(target=worker) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise RuntimeError(f"the limit failed: {failures[0]!r}") from failures[0]
    return fired
