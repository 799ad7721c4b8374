"""Amounts of money in a seller's words: "$5", "5,50 EUR", "10 bucks", "500 cents", "20%", "half".

An amount is either absolute (in minor units of the currency named, two decimals when none is
named) or a share of the amount the buyer asked ("half", "a third", "20%"), which only the
request can turn into money. Babel supplies the currency symbols and codes and reads decimals
written with either separator ("1,234.50", "1.234,50", "5,50").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from functools import cache

from babel.numbers import NumberFormatError, get_currency_symbol, list_currencies, parse_decimal

from fairmarket.kernel.money import Money

DOLLAR = "$"  # "$", "dollars", "bucks": whichever dollar the request is in
COMMON_CODES: tuple[str, ...] = (
    *("USD", "EUR", "GBP", "CAD", "AUD", "NZD", "JPY", "CHF", "SEK", "NOK", "DKK"),
    *("PLN", "INR", "BRL", "MXN", "CNY", "HKD", "SGD", "KRW", "IDR", "VND", "THB"),
)
CURRENCY_WORDS = {
    "dollar": DOLLAR,
    "dollars": DOLLAR,
    "buck": DOLLAR,
    "bucks": DOLLAR,
    "euro": "EUR",
    "euros": "EUR",
    "pound": "GBP",
    "pounds": "GBP",
    "quid": "GBP",
    "yen": "JPY",
    "rupees": "INR",
    "reais": "BRL",
}
SHARE_WORDS = {
    "half": Fraction(1, 2),
    "a third": Fraction(1, 3),
    "one third": Fraction(1, 3),
    "two thirds": Fraction(2, 3),
    "a quarter": Fraction(1, 4),
    "one quarter": Fraction(1, 4),
    "three quarters": Fraction(3, 4),
    "a fifth": Fraction(1, 5),
    "a tenth": Fraction(1, 10),
}
WORDED_DENOMINATORS = frozenset({2, 3, 4})  # "a fifth" reads better as 20%
NUMBER = r"(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)"
MINOR = re.compile(r"\b(\d+)\s*(?:cents?|pence|minor units?|minor)\b", re.IGNORECASE)
PERCENT = re.compile(r"(?<![\d.,])(\d{1,3}(?:[.,]\d{1,2})?)\s*(?:%|percent\b|per cent\b|pct\b)")
FRACTION = re.compile(r"(?<![\d/.,])([1-9])\s*/\s*([2-9]|10)(?![\d/])")
SHARE = re.compile(
    r"\b(" + "|".join(sorted(SHARE_WORDS, key=len, reverse=True)) + r")\b", re.IGNORECASE
)
# "offer 5 on request 12": a bare number is money only right after a word that gives money.
GIVING = (
    r"\b(?:offer|offering|propose|give|refund|amount(?: is)?|refund of|partial refund of"
    r"|pay (?:them|the buyer|the customer|him|her))\s+"
    r"(?:them\s+|the buyer\s+|the customer\s+|a partial refund of\s+|a refund of\s+)?"
)


@dataclass(frozen=True)
class AmountMention:
    """Money named in a message: an absolute amount, or a share of the amount asked."""

    span: tuple[int, int]  # where it is in the message
    minor: int | None = None  # absolute, in minor units of `currency` (two decimals if None)
    share: Fraction | None = None
    currency: str | None = None  # an ISO code, or DOLLAR for any dollar


@cache
def _symbols() -> dict[str, str]:
    """Currency symbols that name one currency ("€", "£", "CA$"); "$" alone names any dollar."""
    found: dict[str, str] = {}
    for code in COMMON_CODES:
        symbol = get_currency_symbol(code, locale="en")
        if symbol != code:
            found.setdefault(symbol, code)
    found["$"] = DOLLAR
    found["US$"] = "USD"
    return found


@cache
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    symbols = sorted(_symbols(), key=len, reverse=True)
    codes = "|".join(COMMON_CODES)
    before = "|".join([*(re.escape(s) for s in symbols), rf"\b(?:{codes})\b\s*"])
    after = "|".join(
        [*(re.escape(s) for s in symbols), rf"(?:{codes}|{'|'.join(CURRENCY_WORDS)})\b"]
    )
    return (
        re.compile(rf"(?P<unit>{before})\s*{NUMBER}", re.IGNORECASE),
        re.compile(rf"(?<![\d.,]){NUMBER}\s*(?P<unit>{after})", re.IGNORECASE),
    )


BARE = re.compile(rf"{GIVING}{NUMBER}(?![\d.,]|\s*(?:%|percent))", re.IGNORECASE)


def currency_of(unit: str) -> str | None:
    unit = unit.strip()
    if unit in _symbols():
        return _symbols()[unit]
    if unit.lower() in CURRENCY_WORDS:
        return CURRENCY_WORDS[unit.lower()]
    code = unit.upper()
    return code if code in list_currencies() else None


def to_decimal(number: str) -> Decimal:
    """ "1,234.50", "1.234,50", "5,50", "5.50", "1,000": the last separator followed by one or
    two digits is the decimal one."""
    last = max(number.rfind(","), number.rfind("."))
    decimal_comma = last >= 0 and number[last] == "," and len(number) - last - 1 <= 2
    try:
        return Decimal(parse_decimal(number, locale="de" if decimal_comma else "en", strict=False))
    except NumberFormatError as error:
        raise ValueError(f"{number!r} is not an amount") from error


def to_minor(number: str, currency: str | None = None) -> int:
    code = currency if currency not in (None, DOLLAR) else "USD"
    return Money.from_major(to_decimal(number), str(code)).amount_minor


def find_amount(message: str) -> AmountMention | None:
    """The first amount of money named in the message."""
    minor = MINOR.search(message)
    if minor:
        return AmountMention(span=minor.span(), minor=int(minor.group(1)))
    before, after = _patterns()
    for pattern in (before, after):
        found = pattern.search(message)
        if found:
            currency = currency_of(found.group("unit"))
            number = found.group(2) if pattern is before else found.group(1)
            return AmountMention(found.span(), minor=to_minor(number, currency), currency=currency)
    share = find_share(message)
    if share is not None:
        return share
    bare = BARE.search(message)
    if bare:
        return AmountMention(span=bare.span(1), minor=to_minor(bare.group(1)))
    return None


def find_share(message: str) -> AmountMention | None:
    percent = PERCENT.search(message)
    if percent:
        value = Fraction(to_decimal(percent.group(1))) / 100
        if 0 < value <= 1:
            return AmountMention(span=percent.span(), share=value)
    fraction = FRACTION.search(message)
    if fraction and int(fraction.group(1)) < int(fraction.group(2)):
        share = Fraction(int(fraction.group(1)), int(fraction.group(2)))
        return AmountMention(span=fraction.span(), share=share)
    word = SHARE.search(message)
    if word:
        return AmountMention(span=word.span(), share=SHARE_WORDS[word.group(1).lower()])
    return None


def share_to_text(share: Fraction) -> str:
    """A share as the dialog keeps it between turns ("1/2")."""
    return f"{share.numerator}/{share.denominator}"


def share_from_text(text: str) -> Fraction:
    share = Fraction(text)
    if not 0 < share <= 1:
        raise ValueError(f"{text} is not a share of an amount")
    return share


def share_words(share: Fraction) -> str:
    """'half', 'a third', 'three quarters'; any other share as a percentage ('20%')."""
    for words, value in SHARE_WORDS.items():
        if value == share and share.denominator in WORDED_DENOMINATORS and "one " not in words:
            return words
    percent = share * 100
    shown = f"{float(percent):.2f}".rstrip("0").rstrip(".")
    return f"{shown}%"


def currency_matches(named: str | None, currency: str) -> bool:
    if named is None:
        return True
    if named == DOLLAR:
        return "$" in get_currency_symbol(currency, locale="en") or currency.endswith("D")
    return named == currency
