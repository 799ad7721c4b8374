"""API rate limits through HTTP, with the default limits: 100 requests per 10 s per API key, and
30 calls without a valid key per minute per IP. Every /v1 response carries the IETF draft
RateLimit headers; past a limit the answer is 429 problem+json with Retry-After."""

from __future__ import annotations

import re
import secrets

import pytest
from fastapi.testclient import TestClient

from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.entrypoints.api.app import create_app
from tests.factories.accounts import make_api_key, make_seller

RATE_LIMIT = re.compile(r'^"(?P<name>\w+)";r=(?P<remaining>\d+);t=(?P<reset>\d+)$')


@pytest.fixture
def client(container: Container) -> TestClient:
    return TestClient(create_app(container))


@pytest.fixture
def seller_key(uow_factory: UnitOfWorkFactory) -> str:
    return make_api_key(uow_factory, seller_id=make_seller(uow_factory).seller_id)


def bearer(key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {key}"}


def random_seller_key() -> str:
    return f"fm_sk_{secrets.token_hex(6)}_{secrets.token_urlsafe(32)}"


def rate_limit(response: object) -> tuple[str, int, int]:
    match = RATE_LIMIT.match(response.headers["RateLimit"])  # type: ignore[attr-defined]
    assert match, response.headers["RateLimit"]  # type: ignore[attr-defined]
    return match["name"], int(match["remaining"]), int(match["reset"])


def test_a_key_counts_down_its_quota_on_every_response_then_gets_429(
    client: TestClient, seller_key: str, uow_factory: UnitOfWorkFactory
) -> None:
    # Given a seller's API key with the default quota of 100 requests per 10 seconds
    # When it makes 100 requests
    responses = [client.get("/v1/orders", headers=bearer(seller_key)) for _ in range(100)]

    # Then each succeeds and says the policy and what is left, one less each time
    assert {r.status_code for r in responses} == {200}
    assert {r.headers["RateLimit-Policy"] for r in responses} == {'"default";q=100;w=10'}
    assert [rate_limit(r)[1] for r in responses] == list(range(99, -1, -1))
    assert all(rate_limit(r)[0] == "default" and 1 <= rate_limit(r)[2] <= 10 for r in responses)

    # When it makes the 101st
    refused = client.get("/v1/orders", headers=bearer(seller_key))

    # Then it is refused as problem+json saying when to retry
    assert refused.status_code == 429
    assert refused.headers["Content-Type"] == "application/problem+json"
    assert 1 <= int(refused.headers["Retry-After"]) <= 10
    assert rate_limit(refused) == ("default", 0, int(refused.headers["Retry-After"]))
    problem = refused.json()
    assert problem["code"] == "rate_limited"
    assert problem["status"] == 429
    assert problem["title"] == "Too many requests"
    assert problem["detail"].startswith(
        "This API key has used its quota of 100 requests per 10 seconds. Retry after "
    )
    assert problem["instance"] == f"urn:request:{refused.headers['X-Request-Id']}"

    # And another key of the same seller has its own quota
    other_key = make_api_key(uow_factory, seller_id=make_seller(uow_factory).seller_id)
    other = client.get("/v1/orders", headers=bearer(other_key))
    assert other.status_code == 200
    assert rate_limit(other)[1] == 99


def test_error_responses_carry_the_headers_and_spend_the_quota(
    client: TestClient, seller_key: str
) -> None:
    missing = client.get("/v1/orders/999999", headers=bearer(seller_key))

    assert missing.status_code == 404
    assert missing.headers["RateLimit-Policy"] == '"default";q=100;w=10'
    assert rate_limit(missing)[:2] == ("default", 99)
    assert "Retry-After" not in missing.headers


def test_two_hundred_random_keys_from_one_address_end_in_429s(
    client: TestClient, seller_key: str
) -> None:
    # Given a caller guessing keys from one address
    # When it tries 200 random keys
    responses = [client.get("/v1/orders", headers=bearer(random_seller_key())) for _ in range(200)]

    # Then the first 30 (the default failures per minute) are 401 and the rest are 429
    statuses = [r.status_code for r in responses]
    assert statuses == [401] * 30 + [429] * 170
    assert [rate_limit(r)[1] for r in responses[:30]] == list(range(29, -1, -1))
    assert {r.headers["RateLimit-Policy"] for r in responses} == {'"unauthenticated";q=30;w=60'}

    # And each refusal is problem+json with Retry-After, given before the endpoint runs
    last = responses[-1]
    assert last.headers["Content-Type"] == "application/problem+json"
    assert 1 <= int(last.headers["Retry-After"]) <= 60
    assert rate_limit(last) == ("unauthenticated", 0, int(last.headers["Retry-After"]))
    assert last.json()["code"] == "too_many_failed_authentications"
    assert last.json()["detail"].startswith(
        "Too many requests from your address without a valid API key (30 per 60 seconds). "
        "Retry after "
    )

    # And requests without any key are refused the same way
    assert client.get("/v1/orders").status_code == 429

    # But a valid key from the same address keeps its own quota
    valid = client.get("/v1/orders", headers=bearer(seller_key))
    assert valid.status_code == 200
    assert rate_limit(valid)[:2] == ("default", 99)
