"""Send a webhook over HTTP, signed by the Standard Webhooks reference library."""

from __future__ import annotations

import time

import httpx
from standardwebhooks import Webhook

from fairmarket.domains.webhooks.schemas import OutgoingWebhook, SendOutcome
from fairmarket.kernel.clock import Clock, SystemClock

SEND_TIMEOUT_SECONDS = 5.0
USER_AGENT = "Fairmarket-Webhooks/1"
# Kept-alive connections: at least one per endpoint the delivery job sends to at once.
KEEPALIVE_CONNECTIONS = 32


class HttpWebhookSender:
    """POSTs the body with `webhook-id`, `webhook-timestamp` and `webhook-signature` headers.

    The timestamp comes from the real clock, not the (possibly moved) domain clock: receivers
    check it against their own clock to refuse replays. During a secret rotation the signature
    header carries one `v1,` signature per secret, space-separated, as the standard allows.
    One client (connection pool, keep-alive) is shared by every thread that sends.
    """

    def __init__(
        self, *, clock: Clock | None = None, timeout_seconds: float = SEND_TIMEOUT_SECONDS
    ) -> None:
        self._clock = clock or SystemClock()
        self._client = httpx.Client(
            timeout=timeout_seconds,
            follow_redirects=False,
            limits=httpx.Limits(max_keepalive_connections=KEEPALIVE_CONNECTIONS),
        )

    def send(self, webhook: OutgoingWebhook) -> SendOutcome:
        sent_at = self._clock.now()
        headers = {
            "content-type": "application/json",
            "user-agent": USER_AGENT,
            "webhook-id": webhook.message_id,
            "webhook-timestamp": str(int(sent_at.timestamp())),
            "webhook-signature": " ".join(
                Webhook(secret).sign(webhook.message_id, sent_at, webhook.body)
                for secret in webhook.secrets
            ),
        }
        started = time.perf_counter()
        try:
            response = self._client.post(
                webhook.url, content=webhook.body.encode(), headers=headers
            )
        except httpx.HTTPError as error:
            return SendOutcome(
                status_code=None,
                error=f"{type(error).__name__}: {error}"[:300],
                duration_ms=_elapsed_ms(started),
            )
        return SendOutcome(
            status_code=response.status_code, error=None, duration_ms=_elapsed_ms(started)
        )

    def close(self) -> None:
        self._client.close()


def _elapsed_ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
