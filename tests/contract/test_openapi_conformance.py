"""The OpenAPI document is the whole truth: schemathesis sends generated requests, valid and
not, to every operation, each with the key of its audience (seller, buyer or agent), on a
generated demo marketplace, and checks every answer against the document.

Checks: no server error; every status, content type, header and body as documented; missing
required headers refused; methods not served answer 405 with a true Allow; a missing key
refused. Two checks are left out, on purpose: `positive_data_acceptance` (a schema cannot say
that a cursor must be one the API issued, or that a clock advance takes `seconds` or `to`;
those are 422s with the field named) and `negative_data_rejection` (text is trimmed before its
length is checked, so 300 spaces are a valid one-word name).
"""

from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance
from starlette.types import ASGIApp, Receive, Scope, Send

from fairmarket.adapters.rate_limits import RateLimitSettings, memory_rate_limits
from fairmarket.bootstrap import Container, bootstrap
from fairmarket.demo.credentials import create_demo_credentials
from fairmarket.demo.generator import DemoSize, generate_demo
from fairmarket.demo.rules import seed_demo_rules
from fairmarket.entrypoints.api.app import create_app
from fairmarket.kernel.clock import MovableClock
from fairmarket.settings import Settings
from tests.support.database import empty_all_tables

# Bounded so that the whole document runs in about a minute on two cores; raise it locally
# (FAIRMARKET_SCHEMATHESIS_EXAMPLES=200) for a deeper search.
EXAMPLES = int(os.environ.get("FAIRMARKET_SCHEMATHESIS_EXAMPLES", "12"))
DEMO_NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Keys:
    seller: str
    buyer: str
    agent: str

    def for_path(self, path: str) -> str:
        if path.startswith("/v1/buyer/"):
            return self.buyer
        if path.startswith(("/v1/rules", "/v1/ops/")):
            return self.agent
        return self.seller


@pytest.fixture(scope="module")
def keys(session_container: Container) -> Iterator[Keys]:
    empty_all_tables(session_container.engine)
    clock = session_container.clock
    assert isinstance(clock, MovableClock)
    clock.freeze(DEMO_NOW)
    factory = session_container.uow_factory
    result = generate_demo(factory, seed=7, size=DemoSize(orders=150))
    seed_demo_rules(factory)
    credentials = create_demo_credentials(
        factory, seller_id=result.demo_seller_id, buyer_id=result.demo_buyer_id
    )
    # Thousands of generated requests a minute on one key each, and an invalid-key check per
    # example: the quotas are raised here so every answer is the operation's own (the limits
    # themselves are specified in tests/entrypoints/test_api_rate_limits.py).
    unthrottled = memory_rate_limits(
        RateLimitSettings("1000000/10 seconds", "1000000/minute", "1000/minute", "1000/minute")
    )
    APP.app = create_app(dataclasses.replace(session_container, rate_limits=unthrottled))
    yield Keys(credentials.seller_api_key, credentials.buyer_api_key, credentials.agent_api_key)
    empty_all_tables(session_container.engine)


class AppUnderTest:
    """The ASGI app schemathesis calls. The document is read when this module is imported,
    before any database exists, from an app on an unconnected engine (the document needs none);
    the `keys` fixture then points it at the app on the migrated test database."""

    def __init__(self) -> None:
        settings = Settings(database_url="sqlite://", embedded_worker=False, _env_file=None)  # type: ignore[call-arg]
        self.app: ASGIApp = create_app(bootstrap(settings, clock=MovableClock()))

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await self.app(scope, receive, send)


APP = AppUnderTest()
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_answers_as_documented(case: schemathesis.Case, keys: Keys) -> None:
    headers = {"Authorization": f"Bearer {keys.for_path(case.path)}"}
    if case.method.upper() == "POST" and not (case.headers or {}).get("Idempotency-Key"):
        headers["Idempotency-Key"] = uuid.uuid4().hex
    case.call_and_validate(
        headers=headers, excluded_checks=[positive_data_acceptance, negative_data_rejection]
    )
