"""The vocabulary of Seller Center's home: a card says how many things wait on the seller in one
queue, when the nearest of them falls due, and where the queue is.

Each domain that has work for a seller provides a function returning its cards (a
`HomeCardProvider`); `capabilities/home_cards.py` declares that type, lists the providers, and
the home page shows whatever they return, most urgent first. No business rules here: only
the shape of a card.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from fairmarket.kernel.clock import ensure_utc

_NO_DEADLINE = datetime.max.replace(tzinfo=UTC)


def N_(message: str) -> str:  # noqa: N802 - the gettext_noop name extraction tools look for
    """Marks a card title for translation; the page translates it when it shows the card."""
    return message


class Urgency(StrEnum):
    OVERDUE = "overdue"  # the nearest deadline has passed
    DUE_SOON = "due_soon"  # something falls due within the horizon
    LATER = "later"
    NO_DEADLINE = "no_deadline"


@dataclass(frozen=True)
class HomeCard:
    """`title` is an English message id (marked with `N_`); `link` is a Seller Center path
    relative to `/seller/` with the queue's filters, e.g. `after-sales?status=pending`."""

    key: str  # stable, unique among cards: "after_sales.return.pending"
    title: str
    count: int
    nearest_deadline: datetime | None
    due_soon: int  # how many fall due within the horizon (overdue ones included)
    overdue: int
    link: str

    def urgency(self, now: datetime) -> Urgency:
        if self.nearest_deadline is None:
            return Urgency.NO_DEADLINE
        if ensure_utc(self.nearest_deadline) <= ensure_utc(now):
            return Urgency.OVERDUE
        return Urgency.DUE_SOON if self.due_soon else Urgency.LATER


@dataclass(frozen=True)
class CardWindow:
    """The moment cards are counted at (the seller's time) and what counts as due soon."""

    now: datetime
    horizon: timedelta

    @property
    def soon(self) -> datetime:
        return self.now + self.horizon


def by_urgency(card: HomeCard) -> tuple[object, ...]:
    """Nearest deadline first; cards without one after those with one, then by title."""
    deadline = ensure_utc(card.nearest_deadline) if card.nearest_deadline else _NO_DEADLINE
    return (deadline, card.title)
