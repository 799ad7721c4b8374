"""Money as integer minor units with an ISO 4217 currency."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

MINOR_UNIT_DIGITS = {"JPY": 0, "KRW": 0, "IDR": 0, "VND": 0}


def minor_unit_digits(currency: str) -> int:
    """How many decimals the currency's minor unit has (2 unless listed)."""
    return MINOR_UNIT_DIGITS.get(currency.upper(), 2)


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

    @classmethod
    def from_major(cls, amount: Decimal, currency: str) -> Money:
        """ "27.50" USD -> 2750 minor units; refuses more decimals than the currency has."""
        scaled = amount * 10 ** minor_unit_digits(currency)
        if scaled != scaled.to_integral_value():
            raise ValueError(
                f"{amount} has more decimals than {currency} has ({minor_unit_digits(currency)})"
            )
        return cls(int(scaled), currency)

    def share(self, part: Fraction) -> Money:
        """A part of this amount ("half", "20%"), rounded half up to the minor unit."""
        exact = Decimal(self.amount_minor) * part.numerator / part.denominator
        return Money(int(exact.quantize(Decimal(1), rounding=ROUND_HALF_UP)), self.currency)

    def _same_currency(self, other: Money) -> None:
        if other.currency != self.currency:
            raise ValueError(f"cannot combine {self.currency} with {other.currency}")

    def format(self) -> str:
        digits = minor_unit_digits(self.currency)
        if digits == 0:
            return f"{self.amount_minor:,} {self.currency}"
        major, minor = divmod(abs(self.amount_minor), 10**digits)
        sign = "-" if self.amount_minor < 0 else ""
        return f"{sign}{major:,}.{minor:0{digits}d} {self.currency}"
