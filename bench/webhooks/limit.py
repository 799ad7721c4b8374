"""The limit for webhook deliveries: the sign-and-POST loop alone, with no database.

The same notifications as a run (the `order.shipped` payloads `claim_due` builds, one per event,
round-robin over the endpoints, each endpoint with its own signing secret), signed and POSTed by
the same `HttpWebhookSender` (Standard Webhooks HMAC, one shared httpx client) on the same number
of threads, one endpoint's notifications in order on one thread, as `run_webhooks` sends them.
No fan-out, no claim, no record: what sending alone costs on this machine.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from queue import SimpleQueue

from fairmarket.adapters.webhook_sender import HttpWebhookSender
from fairmarket.domains.events.service import event_cursor
from fairmarket.domains.webhooks.schemas import OutgoingWebhook
from fairmarket.domains.webhooks.service import webhook_id_of
from fairmarket.domains.webhooks.signing_secrets import new_secret


def notifications(
    receiver_url: str, endpoints: int, events: int, first_resource: int
) -> list[OutgoingWebhook]:
    """`events` notifications round-robin over `endpoints`, shaped as a run's deliveries."""
    secrets = [new_secret() for _ in range(endpoints)]
    now = datetime.now(UTC)
    made = []
    for n in range(events):
        endpoint = n % endpoints
        number = first_resource + n
        body = {
            "type": "order.shipped",
            "timestamp": now.isoformat(),
            "data": {
                "order_number": number,
                "status": "shipped",
                "carrier": "UPS",
                "tracking_number": f"1Z999AA1{number:010d}",
                "shipped_at": now.isoformat(),
                "event_cursor": event_cursor(n + 1),
                "resource_type": "order",
                "resource_id": number,
                "sequence": 1,
            },
        }
        made.append(
            OutgoingWebhook(
                delivery_id=n + 1,
                endpoint_id=endpoint + 1,
                url=f"{receiver_url}/ok/limit-{endpoint + 1}",
                secret=secrets[endpoint],
                message_id=webhook_id_of(n + 1),
                body=json.dumps(body, separators=(",", ":")),
            )
        )
    return made


def send_all(
    sender: HttpWebhookSender, webhooks: Sequence[OutgoingWebhook], concurrency: int
) -> tuple[float, int]:
    """Send every notification on `concurrency` threads; returns (seconds, how many got a 2xx).
    An endpoint is held by one thread at a time (its notifications go in order) and handed back
    after each send, so no thread idles while any endpoint has something left."""
    left: dict[int, deque[OutgoingWebhook]] = {}
    for webhook in webhooks:
        left.setdefault(webhook.endpoint_id, deque()).append(webhook)
    ready: SimpleQueue[int] = SimpleQueue()
    for endpoint_id in left:
        ready.put(endpoint_id)
    remaining = [len(webhooks)]
    lock = threading.Lock()

    def send_while_any_left() -> int:
        delivered = 0
        while True:
            with lock:
                if remaining[0] == 0:
                    return delivered
                remaining[0] -= 1
            endpoint_id = ready.get()
            webhook = left[endpoint_id].popleft()
            code = sender.send(webhook).status_code
            delivered += code is not None and 200 <= code < 300
            if left[endpoint_id]:
                ready.put(endpoint_id)

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="limit-send") as pool:
        delivered = sum(pool.map(lambda _: send_while_any_left(), range(concurrency)))
    return time.perf_counter() - started, delivered
