"""Send a webhook over HTTP, signed by the Standard Webhooks reference library, only ever to a
public address.

The sender resolves the host itself and connects to an address it has checked (httpcore's
public network-backend hook), so a name that was public at registration and points inside the
platform's network now (DNS rebinding, a changed record) is refused without connecting. TLS
SNI, certificate checks and the Host header still use the name. Redirects are not followed,
and proxies from the environment are not used.
"""

from __future__ import annotations

import logging
import ssl
import time
from collections.abc import Iterable

import httpcore
import httpx
from standardwebhooks import Webhook

from fairmarket.domains.webhooks.schemas import DeliveryFailure, OutgoingWebhook, SendOutcome
from fairmarket.domains.webhooks.targets import ip_literal, is_public_address
from fairmarket.kernel.clock import Clock, SystemClock
from fairmarket.kernel.network import HostNotFoundError, IPAddress, Resolver, SystemResolver

SEND_TIMEOUT_SECONDS = 5.0
USER_AGENT = "Fairmarket-Webhooks/1"
# Kept-alive connections: at least one per endpoint the delivery job sends to at once; open
# connections at most as httpx's default (httpcore's own default, 10, would make the 16
# sending threads wait for each other).
KEEPALIVE_CONNECTIONS = 32
MAX_CONNECTIONS = 100
# Only the status matters; a longer answer is cut short (and its connection not kept).
MAX_ANSWER_BYTES = 64 * 1024

log = logging.getLogger(__name__)


class TargetRefusedError(Exception):
    """No connection was made: the host did not resolve, or not only to public addresses."""

    def __init__(self, failure: DeliveryFailure, host: str) -> None:
        super().__init__(f"{failure.value}: {host}")
        self.failure = failure


class HttpWebhookSender:
    """POSTs the body with `webhook-id`, `webhook-timestamp` and `webhook-signature` headers.

    The timestamp comes from the real clock, not the (possibly moved) domain clock: receivers
    check it against their own clock to refuse replays. During a secret rotation the signature
    header carries one `v1,` signature per secret, space-separated, as the standard allows.
    One client (connection pool, keep-alive) is shared by every thread that sends. A failure is
    reported as a category; the raw error, with its addresses and ports, is only logged.
    """

    def __init__(
        self,
        *,
        clock: Clock | None = None,
        timeout_seconds: float = SEND_TIMEOUT_SECONDS,
        resolver: Resolver | None = None,
        private_targets_allowed: bool = False,
    ) -> None:
        self._clock = clock or SystemClock()
        backend = PublicAddressBackend(
            resolver or SystemResolver(), private_allowed=private_targets_allowed
        )
        self._client = httpx.Client(
            timeout=timeout_seconds,
            follow_redirects=False,
            transport=CheckedTransport(backend),
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
        except SEND_ERRORS as error:  # every way an attempt fails is an answer, never a crash
            failure = failure_category(error)
            log.warning(
                "webhook delivery %s to endpoint %s failed (%s): %r",
                webhook.delivery_id,
                webhook.endpoint_id,
                failure.value,
                error,
            )
            return SendOutcome(status_code=None, failure=failure, duration_ms=_elapsed_ms(started))
        return SendOutcome(status_code=response.status_code, duration_ms=_elapsed_ms(started))

    def close(self) -> None:
        self._client.close()


SEND_ERRORS = (
    TargetRefusedError,
    httpx.HTTPError,
    httpcore.TimeoutException,
    httpcore.NetworkError,
    httpcore.ProtocolError,
    httpcore.UnsupportedProtocol,
    OSError,  # ssl.SSLError among them
)


def failure_category(error: Exception) -> DeliveryFailure:
    """The category a seller is shown for an exception raised while sending."""
    if isinstance(error, TargetRefusedError):
        return error.failure
    if isinstance(error, httpcore.TimeoutException | httpx.TimeoutException):
        return DeliveryFailure.TIMEOUT
    if _tls_failure(error):
        return DeliveryFailure.TLS_ERROR
    if isinstance(error, httpcore.ProtocolError | httpx.ProtocolError):
        return DeliveryFailure.PROTOCOL_ERROR
    return DeliveryFailure.CONNECTION_FAILED


def _tls_failure(error: BaseException) -> bool:
    """httpcore wraps an ssl.SSLError in ConnectError(ssl_error), and its pool re-raises it
    `from None`, so the SSLError is the wrapper's argument, not always its cause."""
    wrapped = (error, error.__cause__, error.__context__, *error.args)
    return any(isinstance(candidate, ssl.SSLError) for candidate in wrapped)


class PublicAddressBackend(httpcore.NetworkBackend):
    """httpcore's network backend, resolving names itself: refuses (raising TargetRefusedError)
    unless every address of the host is public, then connects to one of those addresses."""

    def __init__(self, resolver: Resolver, *, private_allowed: bool) -> None:
        self._resolver = resolver
        self._private_allowed = private_allowed
        self._sockets = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        refused: httpcore.ConnectError | None = None
        for address in self.checked_addresses(host):
            try:
                return self._sockets.connect_tcp(
                    str(address), port, timeout, local_address, socket_options
                )
            except httpcore.ConnectError as error:  # try the next address
                refused = error
        assert refused is not None  # checked_addresses returns at least one
        raise refused

    def checked_addresses(self, host: str) -> list[IPAddress]:
        literal = ip_literal(host)
        if literal is not None:
            addresses = [literal]
        else:
            try:
                addresses = self._resolver.resolve(host)
            except HostNotFoundError as error:
                raise TargetRefusedError(DeliveryFailure.DNS_FAILURE, host) from error
        if not addresses:
            raise TargetRefusedError(DeliveryFailure.DNS_FAILURE, host)
        if not self._private_allowed and not all(map(is_public_address, addresses)):
            raise TargetRefusedError(DeliveryFailure.ADDRESS_NOT_ALLOWED, host)
        return addresses

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        raise TargetRefusedError(DeliveryFailure.ADDRESS_NOT_ALLOWED, path)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class CheckedTransport(httpx.BaseTransport):
    """An httpx transport on an httpcore connection pool that connects through
    PublicAddressBackend (httpx's own HTTPTransport cannot be given a network backend)."""

    def __init__(self, backend: PublicAddressBackend) -> None:
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(),
            max_connections=MAX_CONNECTIONS,
            max_keepalive_connections=KEEPALIVE_CONNECTIONS,
            network_backend=backend,
        )

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        answer = self._pool.handle_request(
            httpcore.Request(
                method=request.method,
                url=httpcore.URL(
                    scheme=request.url.raw_scheme,
                    host=request.url.raw_host,
                    port=request.url.port,
                    target=request.url.raw_path,
                ),
                headers=request.headers.raw,
                content=request.read(),
                extensions=request.extensions,
            )
        )
        try:
            body = _read_at_most(answer.iter_stream(), MAX_ANSWER_BYTES)
        finally:
            answer.close()
        return httpx.Response(status_code=answer.status, headers=answer.headers, content=body)

    def close(self) -> None:
        self._pool.close()


def _read_at_most(chunks: Iterable[bytes], limit: int) -> bytes:
    body = b""
    for chunk in chunks:
        body += chunk
        if len(body) >= limit:
            break
    return body[:limit]


def _elapsed_ms(started: float) -> int:
    return round((time.perf_counter() - started) * 1000)
