"""Sign-in lockout with back-off in Seller Center, the Ops Console and the buyer pages.

Attempts are counted per account and per IP before the credentials are checked; past a tier
every attempt is refused for a while, even with the right credentials, with a page that says
when to retry and still offers the form. A successful sign-in clears the account's count.
"""

from __future__ import annotations

import dataclasses
import html
import re
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from argon2.exceptions import VerifyMismatchError
from fastapi.testclient import TestClient

from fairmarket.adapters.rate_limits import RateLimitSettings, memory_rate_limits
from fairmarket.bootstrap import Container
from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.domains.accounts import security
from fairmarket.entrypoints.api.app import create_app
from tests.factories.accounts import PASSWORD, SellerPersona, make_api_key, make_buyer, make_seller
from tests.factories.ops import make_agent

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
ACCOUNT_LOCKED = re.compile(
    r"Too many sign-in attempts for this account, so signing in is paused for your safety, even "
    r"with the right credentials\. Try again in (\d+) seconds? \(after \d\d:\d\d:\d\d UTC\); each "
    r"further run of failures pauses it for longer\."
)
NETWORK_LOCKED = re.compile(r"Too many sign-in attempts from your network, .* Try again in (\d+) ")
WRONG_PASSWORD = "That e-mail and password do not match a Seller Center account."


@pytest.fixture
def client(container: Container) -> Iterator[TestClient]:
    with TestClient(create_app(container), follow_redirects=False) as test_client:
        yield test_client


@pytest.fixture
def seller(uow_factory: UnitOfWorkFactory) -> SellerPersona:
    return make_seller(uow_factory)


class CountingHasher:
    """The real Argon2 hasher, noting each password it is asked to verify."""

    def __init__(self, real: Any) -> None:
        self.real, self.checked = real, list[str]()

    def verify(self, password_hash: str, password: str) -> bool:
        self.checked.append(password)
        return bool(self.real.verify(password_hash, password))

    def hash(self, password: str) -> str:
        return str(self.real.hash(password))


@pytest.fixture
def password_checks(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every Argon2 verification made, by the password tried."""
    hasher = CountingHasher(security._hasher)
    monkeypatch.setattr(security, "_hasher", hasher)
    return hasher.checked


def page_text(response: Any) -> str:
    return html.unescape(response.text)


def pause_in(response: Any, message: re.Pattern[str]) -> int:
    """The seconds a refused sign-in page says to wait (it must be a 429 with that message)."""
    assert response.status_code == 429
    advice = message.search(page_text(response))
    assert advice, page_text(response)
    return int(advice.group(1))


def attempt(client: TestClient, area: str, **fields: str) -> Any:
    token = CSRF.search(client.get(f"/{area}/login").text)
    assert token, "the sign-in page has no CSRF field"
    return client.post(f"/{area}/login", data={**fields, "csrf_token": token.group(1)})


def seller_attempt(client: TestClient, email: str, password: str) -> Any:
    return attempt(client, "seller", email=email, password=password)


def test_fifty_wrong_passwords_then_the_right_one_is_refused_with_retry_advice(
    client: TestClient, seller: SellerPersona, password_checks: list[str]
) -> None:
    # Given a guesser trying 50 wrong passwords on one account from one address
    wrong = [seller_attempt(client, seller.email, f"guess {n}") for n in range(50)]

    # Then 5 are checked and refused as wrong, the next 25 are refused for the account, and
    # past 30 attempts a minute (the address's limit) every attempt from the address is refused
    assert [r.status_code for r in wrong] == [401] * 5 + [429] * 45
    assert all(WRONG_PASSWORD in page_text(r) for r in wrong[:5])
    assert all(ACCOUNT_LOCKED.search(page_text(r)) for r in wrong[5:30])
    assert all(NETWORK_LOCKED.search(page_text(r)) for r in wrong[30:])

    # When the right password comes now
    right = seller_attempt(client, seller.email, PASSWORD)

    # Then it is refused too, saying when to retry, and the form is there to try again
    assert 1 <= pause_in(right, NETWORK_LOCKED) <= 60
    assert 'name="password"' in right.text
    assert f'value="{seller.email}"' in right.text
    assert client.get("/seller/orders").status_code == 303  # still signed out

    # And only the first five attempts cost a password check
    assert password_checks == [f"guess {n}" for n in range(5)]


def test_a_successful_sign_in_clears_the_account_count(
    client: TestClient, seller: SellerPersona
) -> None:
    # Given four wrong passwords and then the right one
    assert [seller_attempt(client, seller.email, "nope").status_code for _ in range(4)] == [401] * 4
    assert seller_attempt(client, seller.email, PASSWORD).status_code == 303
    client.cookies.clear()

    # When five more wrong passwords come, then a sixth
    again = [seller_attempt(client, seller.email, "nope").status_code for _ in range(6)]

    # Then the account had its five attempts again before being locked
    assert again == [401] * 5 + [429]


class InstantHasher:
    """Checks passwords at once (Argon2 takes ~0.3 s here: too slow for second-long windows)."""

    def verify(self, password_hash: str, password: str) -> bool:
        if password != PASSWORD:
            raise VerifyMismatchError
        return True


def test_the_lockout_expires_and_grows_with_further_failures(
    container: Container, seller: SellerPersona, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given short tiers: 2 attempts in 2 seconds, 3 in 6 seconds
    monkeypatch.setattr(security, "_hasher", InstantHasher())
    limits = RateLimitSettings(
        api_key="100/10 seconds",
        failed_authentication="30/minute",
        login_account="2/2 seconds;3/6 seconds",
        login_ip="100/minute",
    )
    app = create_app(dataclasses.replace(container, rate_limits=memory_rate_limits(limits)))
    client = TestClient(app, follow_redirects=False)

    # When two wrong passwords lock the account
    assert [seller_attempt(client, seller.email, "nope").status_code for _ in range(2)] == [401] * 2
    first = pause_in(seller_attempt(client, seller.email, PASSWORD), ACCOUNT_LOCKED)
    assert 1 <= first <= 2

    # Then once the pause is over the right password works again
    time.sleep(2.1)
    assert seller_attempt(client, seller.email, PASSWORD).status_code == 303
    client.cookies.clear()

    # And after more failures the next pause is longer than the first
    assert [seller_attempt(client, seller.email, "nope").status_code for _ in range(2)] == [401] * 2
    time.sleep(2.1)
    assert seller_attempt(client, seller.email, "nope").status_code == 401
    second = pause_in(seller_attempt(client, seller.email, PASSWORD), ACCOUNT_LOCKED)
    assert 3 <= second <= 4


def test_agents_are_locked_out_of_the_ops_console_the_same_way(
    client: TestClient, uow_factory: UnitOfWorkFactory
) -> None:
    make_agent(uow_factory, "ruth@ops.fairmarket.test", "a long agent password")

    def ops_attempt(password: str) -> Any:
        return attempt(client, "ops", email="ruth@ops.fairmarket.test", password=password)

    assert [ops_attempt("wrong").status_code for _ in range(5)] == [401] * 5
    refused = ops_attempt("a long agent password")

    assert 1 <= pause_in(refused, ACCOUNT_LOCKED) <= 60
    assert 'name="password"' in refused.text


def test_buyer_sign_in_counts_guesses_at_one_key(
    client: TestClient, uow_factory: UnitOfWorkFactory
) -> None:
    # Given a buyer's key, and guesses at its secret (same public prefix, wrong secret)
    key = make_api_key(uow_factory, buyer_id=make_buyer(uow_factory).buyer_id)
    guess: Callable[[int], str] = lambda n: key.rsplit("_", 1)[0] + f"_wrong{n}"  # noqa: E731

    wrong = [attempt(client, "buyer", api_key=guess(n)).status_code for n in range(5)]
    refused = attempt(client, "buyer", api_key=key)

    # Then after five the real key is refused too, until the pause ends
    assert wrong == [401] * 5
    assert 1 <= pause_in(refused, ACCOUNT_LOCKED) <= 60
    assert 'name="api_key"' in refused.text


def test_sign_ins_beyond_those_the_password_checks_can_serve_are_refused_at_once(
    client: TestClient, seller: SellerPersona, password_checks: list[str]
) -> None:
    # Given as many sign-ins in flight as the process takes (2 check slots, 3 waiting each)
    in_flight = client.app.state.sign_ins_in_flight  # type: ignore[attr-defined]
    assert in_flight.limit == 8
    in_flight.count = 8

    # When one more comes, with the right password
    busy = seller_attempt(client, seller.email, PASSWORD)

    # Then it is refused without a password check, asking to retry shortly
    assert busy.status_code == 429
    assert "Too many sign-ins are being checked at this moment. Try again in a few seconds." in (
        page_text(busy)
    )
    assert password_checks == []

    # And once the others are answered, it goes through
    in_flight.count = 0
    assert seller_attempt(client, seller.email, PASSWORD).status_code == 303
    assert password_checks == [PASSWORD]
