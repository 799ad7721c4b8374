"""How Seller Center shows money, times and codes. Pure functions, so they are easy to test."""

from __future__ import annotations

from datetime import datetime

from fairmarket.kernel.clock import ensure_utc
from fairmarket.kernel.money import Money

SECONDS_PER_MINUTE = 60
MINUTES_PER_HOUR = 60
HOURS_PER_DAY = 24
# The usual 48-hour window reads best in hours ("47 h 5 min left"); longer ones in days.
DAYS_SHOWN_FROM = 3


def format_money(amount_minor: int | None, currency: str) -> str:
    if amount_minor is None:
        return "—"
    return Money(amount_minor, currency).format()


def format_utc(value: datetime | None) -> str:
    """`2026-03-02 09:00 UTC`: one unambiguous zone for every seller, whatever their region."""
    if value is None:
        return "—"
    return ensure_utc(value).strftime("%Y-%m-%d %H:%M UTC")


def time_left(deadline: datetime, now: datetime) -> str:
    """`5 h 12 min left`, `4 d 3 h left`, or `overdue` once the deadline has passed."""
    remaining = ensure_utc(deadline) - ensure_utc(now)
    minutes = int(remaining.total_seconds() // SECONDS_PER_MINUTE)
    if remaining.total_seconds() <= 0:
        return "overdue"
    if minutes < 1:
        return "less than 1 min left"
    hours, minutes = divmod(minutes, MINUTES_PER_HOUR)
    if hours >= DAYS_SHOWN_FROM * HOURS_PER_DAY:
        days, hours = divmod(hours, HOURS_PER_DAY)
        return f"{days} d {hours} h left"
    if hours:
        return f"{hours} h {minutes} min left"
    return f"{minutes} min left"


def is_urgent(deadline: datetime, now: datetime, *, hours: int = 6) -> bool:
    """Highlight requests the timer will decide for the seller within a few hours."""
    return (ensure_utc(deadline) - ensure_utc(now)).total_seconds() < hours * 3600


def humanize(code: str | None) -> str:
    """`awaiting_shipment` -> `Awaiting shipment`: codes in the API, words on the page."""
    if not code:
        return "—"
    text = code.replace("_", " ").replace(".", " ").replace(":", ": ")
    return text[:1].upper() + text[1:]
