"""Sign-in lockout with back-off, the same for Seller Center, the Ops Console and buyer pages.

Every attempt is counted before the credentials are checked, per account and per IP, in tiers
("5/minute;10/15 minutes;20/hour" per account by default): past a tier, attempts are refused
until it has room again, even with the right password, and each further tier refuses for
longer. Counting before checking also bounds attempts that race each other. A successful
sign-in clears the account's count (never the IP's, which a guesser could otherwise reset).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import TypeVar

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from fairmarket.adapters.rate_limits import RateLimits
from fairmarket.domains.accounts.security import password_checks_busy
from fairmarket.entrypoints.web.rendering import container_of
from fairmarket.kernel.errors import DomainError, ErrorKind

T = TypeVar("T")
# Sign-ins beyond this many per password-check slot are refused at once instead of queueing for
# a thread: a waiting one holds a thread of the pool that every page shares, and past the
# slots' wait it would be refused anyway, only later.
WAITING_PER_SLOT = 3


class SignInsInFlight:
    """Sign-ins between their lockout check and their answer, in this process. Only touched on
    the event loop, so a plain counter is enough."""

    def __init__(self, password_check_slots: int) -> None:
        self.limit = password_check_slots * (1 + WAITING_PER_SLOT)
        self.count = 0


async def checked_sign_in(
    request: Request,
    area: str,
    account: str,
    check: Callable[[], T | None],
    failed: DomainError,
) -> T | DomainError:
    """Run `check` (in the thread pool: it verifies a password or a key) unless this account or
    IP is locked out. Returns what `check` found, or the error to show: locked out, too many
    sign-ins at once (`password_checks_busy`), or `failed` when the credentials are wrong."""
    limits = container_of(request).rate_limits
    account_id = account_digest(area, account)
    refusal = lockout(limits, account_id, client_address(request))
    if refusal is not None:
        return refusal
    in_flight: SignInsInFlight = request.app.state.sign_ins_in_flight
    if in_flight.count >= in_flight.limit:
        return password_checks_busy()
    in_flight.count += 1
    try:
        found = await run_in_threadpool(check)
    except DomainError as busy:
        return busy
    finally:
        in_flight.count -= 1
    if found is None:
        return failed
    limits.login_accounts.clear(account_id)
    return found


def lockout(limits: RateLimits, account_id: str, address: str) -> DomainError | None:
    """Count this attempt from this IP, then for this account; the refusal if either is full."""
    by_address = limits.login_ips.hit(address)
    if not by_address.allowed:
        return locked_out("from your network", by_address.reset_seconds)
    by_account = limits.login_accounts.hit(account_id)
    if not by_account.allowed:
        return locked_out("for this account", by_account.reset_seconds)
    return None


def locked_out(whose: str, seconds: int) -> DomainError:
    at = (datetime.now(UTC) + timedelta(seconds=seconds)).strftime("%H:%M:%S UTC")
    return DomainError(
        code="sign_in_locked",
        kind=ErrorKind.RATE_LIMITED,
        message=f"Too many sign-in attempts {whose}, so signing in is paused for your safety, "
        f"even with the right credentials. Try again in {duration_in_words(seconds)} "
        f"(after {at}); each further run of failures pauses it for longer.",
    )


def duration_in_words(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    if minutes < 90:
        return f"{minutes} minutes"
    return f"{-(-minutes // 60)} hours"


def account_digest(area: str, account: str) -> str:
    """Counters are kept under a digest: fixed size, whatever was typed, and no e-mail in Redis."""
    return hashlib.sha256(f"{area}\0{account.strip().lower()}".encode()).hexdigest()


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"
