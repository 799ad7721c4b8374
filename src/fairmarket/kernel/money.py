"""Money as integer minor units with an ISO 4217 currency."""

from __future__ import annotations

from dataclasses import dataclass

MINOR_UNIT_DIGITS = {"JPY": 0, "KRW": 0, "IDR": 0, "VND": 0}


@dataclass(frozen=True, order=True)
class Money:
    amount_minor: int
    currency: str

    def __add__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount_minor + other.amount_minor, self.currency)

    def __sub__(self, other: Money) -> Money:
        self._same_currency(other)
        return Money(self.amount_minor - other.amount_minor, self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")

    def format(self) -> str:
        digits = MINOR_UNIT_DIGITS.get(self.currency, 2)
        if digits == 0:
            return f"{self.amount_minor:,} {self.currency}"
        major, minor = divmod(abs(self.amount_minor), 10**digits)
        sign = "-" if self.amount_minor < 0 else ""
        return f"{sign}{major:,}.{minor:0{digits}d} {self.currency}"
