"""Dates and ranges in a seller's words: "yesterday", "last week", "since Monday", "past 3 days".

A range is `[start, end)` in UTC, the meaning every list's `created_from` / `created_to` has;
`end` is None for an open range ("since Monday"). Weeks start on Monday. Times are UTC because the
chat does not know the seller's time zone; the reply shows the dates it used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
# Whole month names or their three-letter forms ("dec 3"), never a prefix ("decline 12").
MONTH = r"(" + "|".join([*MONTHS, *(m[:3] for m in MONTHS if m != "may"), "sept"]) + r")"
UNIT_DAYS = {"day": 1, "days": 1, "week": 7, "weeks": 7}
MAX_DAYS_BACK = 3660


@dataclass(frozen=True)
class DateRange:
    start: datetime
    end: datetime | None
    span: tuple[int, int]  # where it is in the text


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


def _today(now: datetime) -> date:
    return now.astimezone(UTC).date()


def _calendar_range(name: str, now: datetime) -> tuple[datetime, datetime | None]:
    today = _today(now)
    monday = today - timedelta(days=today.weekday())
    first = today.replace(day=1)
    previous_first = (first - timedelta(days=1)).replace(day=1)
    ranges: dict[str, tuple[date, date | None]] = {
        "today": (today, None),
        "yesterday": (today - timedelta(days=1), today),
        "this week": (monday, None),
        "last week": (monday - timedelta(days=7), monday),
        "this month": (first, None),
        "last month": (previous_first, first),
        "this year": (today.replace(month=1, day=1), None),
        "last year": (
            today.replace(year=today.year - 1, month=1, day=1),
            today.replace(month=1, day=1),
        ),
    }
    start, end = ranges[name]
    return midnight(start), midnight(end) if end is not None else None


CALENDAR = re.compile(
    r"\b(?:(?:from|during|in|for|since|over) )?"
    r"(today|yesterday|(?:this|last) (?:week|month|year))\b"
)
RECENT = re.compile(
    r"\b(?:in |over |from |during )?(?:the )?(?:last|past|previous) (\d{1,4}|a|one)"
    r" (days?|weeks?|hours?)\b"
)
SINCE_WEEKDAY = re.compile(r"\b(since|on|from|last)(?: last)? (" + "|".join(WEEKDAYS) + r")\b")
ISO_DATE = re.compile(r"\b(since|from|after|on)? ?(\d{4})-(\d{2})-(\d{2})\b")
DAY_MONTH = re.compile(rf"\b(since|from|after|on)? ?(?:(\d{{1,2}}) {MONTH}|{MONTH} (\d{{1,2}}))\b")


def find_range(text: str, now: datetime) -> DateRange | None:
    """The first date or range in normalised text, relative to `now`."""
    found = [
        r
        for r in (
            _calendar(text, now),
            _recent(text, now),
            _weekday(text, now),
            _iso_date(text),
            _day_month(text, now),
        )
        if r is not None
    ]
    return min(found, key=lambda r: r.span[0]) if found else None


def _calendar(text: str, now: datetime) -> DateRange | None:
    match = CALENDAR.search(text)
    if match is None:
        return None
    start, end = _calendar_range(match.group(1), now)
    if match.group(0).startswith("since"):
        end = None
    return DateRange(start, end, match.span())


def _recent(text: str, now: datetime) -> DateRange | None:
    match = RECENT.search(text)
    if match is None:
        return None
    count = 1 if match.group(1) in ("a", "one") else int(match.group(1))
    unit = match.group(2)
    if unit.startswith("hour"):
        back = timedelta(hours=count)
    else:
        back = timedelta(days=min(count * UNIT_DAYS[unit], MAX_DAYS_BACK))
    return DateRange(now.astimezone(UTC) - back, None, match.span())


def _weekday(text: str, now: datetime) -> DateRange | None:
    match = SINCE_WEEKDAY.search(text)
    if match is None:
        return None
    today = _today(now)
    days_back = (today.weekday() - WEEKDAYS.index(match.group(2))) % 7
    if match.group(1) == "last" and days_back == 0:
        days_back = 7
    day = today - timedelta(days=days_back)
    if match.group(1) in ("since", "from"):
        return DateRange(midnight(day), None, match.span())
    return DateRange(midnight(day), midnight(day + timedelta(days=1)), match.span())


def _one_day_or_since(word: str | None, day: date, span: tuple[int, int]) -> DateRange:
    if word in ("since", "from", "after"):
        start = day + timedelta(days=1) if word == "after" else day
        return DateRange(midnight(start), None, span)
    return DateRange(midnight(day), midnight(day + timedelta(days=1)), span)


def _iso_date(text: str) -> DateRange | None:
    match = ISO_DATE.search(text)
    if match is None:
        return None
    try:
        day = date(int(match.group(2)), int(match.group(3)), int(match.group(4)))
    except ValueError:
        return None
    return _one_day_or_since(match.group(1), day, match.span())


def _day_month(text: str, now: datetime) -> DateRange | None:
    match = DAY_MONTH.search(text)
    if match is None:
        return None
    number = match.group(2) or match.group(5)
    month_word = match.group(3) or match.group(4)
    month = next(i + 1 for i, m in enumerate(MONTHS) if month_word.startswith(m[:3]))
    today = _today(now)
    try:
        day = date(today.year, month, int(number))
    except ValueError:
        return None
    if day > today:  # "since 3 December" in January means last December
        day = day.replace(year=today.year - 1)
    return _one_day_or_since(match.group(1), day, match.span())
