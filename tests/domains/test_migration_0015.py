"""Migration 0015: the raw network errors stored so far become failure categories with a
message in words.

Given a database at revision 0013 with attempts and deliveries that failed in each way the
old sender recorded; when it is upgraded; then no address or port is left in them."""

from __future__ import annotations

from fairmarket.db.engine import create_database_engine
from fairmarket.db.migrate import upgrade
from tests.domains.test_migration_0007 import NOW, Rows, url

__all__ = ["url"]  # the fixture

REFUSED = "ConnectError: [Errno 111] Connection refused"
TIMED_OUT = "ConnectTimeout: timed out connecting to 10.0.0.5:5432"
CONNECTION_FAILED = (
    "Could not connect to the receiver (refused, reset or unreachable); check that it is up "
    "and reachable from the internet."
)
TIMEOUT = (
    "The receiver did not accept the connection or answer in time; answer with a 2xx at once "
    "and do slow work afterwards."
)


def test_raw_errors_become_categories_with_a_message_in_words(url: str) -> None:
    upgrade(url, "0013")
    engine = create_database_engine(url, pool_size=1)
    with engine.begin() as connection:
        rows = Rows(connection)
        seller = rows.put("sellers", name="Shop", region="EU", currency="EUR")
        event = rows.put(
            "events",
            type="order.shipped",
            resource_type="order",
            resource_id=1,
            sequence=1,
            seller_id=seller,
            data={},
            occurred_at=NOW,
        )
        endpoint = rows.put(
            "webhook_endpoints",
            seller_id=seller,
            url="http://127.0.0.1:5432/",
            secret="whsec_plain",
            event_types=[],
            status="active",
            created_at=NOW,
            last_event_id=0,
        )
        outcomes = [(None, REFUSED), (None, TIMED_OUT), (503, None), (200, None)]
        for number, (status_code, error) in enumerate(outcomes):
            delivery = rows.put(
                "webhook_deliveries",
                endpoint_id=endpoint,
                event_id=event if number == 0 else rows.put("events", **_event(seller, number)),
                status="pending",
                attempts=1,
                next_attempt_at=NOW,
                last_status_code=status_code,
                last_error=error,
                created_at=NOW,
            )
            rows.put(
                "webhook_attempts",
                delivery_id=delivery,
                at=NOW,
                status_code=status_code,
                error=error,
                duration_ms=1,
            )

    upgrade(url)

    with engine.begin() as connection:
        rows = Rows(connection)
        attempts = [(a["failure"], a["error"]) for a in rows.all("webhook_attempts")]
        last = [(d["last_failure"], d["last_error"]) for d in rows.all("webhook_deliveries")]
    engine.dispose()
    expected = [
        ("connection_failed", CONNECTION_FAILED),
        ("timeout", TIMEOUT),
        ("http_status", "The receiver answered HTTP 503; only a 2xx counts as delivered."),
        (None, None),
    ]
    assert attempts == expected
    assert last == expected


def _event(seller: int, number: int) -> dict[str, object]:
    return {
        "type": "order.shipped",
        "resource_type": "order",
        "resource_id": 1,
        "sequence": number + 1,
        "seller_id": seller,
        "data": {},
        "occurred_at": NOW,
    }
