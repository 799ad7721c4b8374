"""Reading Olist-format order CSVs into validated rows; a bad row becomes an error, never a crash.

The "classified" public Olist file has one order per row (status, item value and freight in BRL,
item count, purchase / approval / delivery timestamps in Brazilian local time, the customer's
city and the product category in Portuguese) and no seller, customer or product ids.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

ORDERS_FILE = "olist_classified_public_dataset.csv"
MAX_SCORE = 5
TRANSLATION_FILE = "product_category_name_translation.csv"
REQUIRED_COLUMNS = (
    "id",
    "order_status",
    "order_products_value",
    "order_freight_value",
    "order_items_qty",
    "order_purchase_timestamp",
)
STATUS_MAP = {
    "delivered": "delivered",
    "shipped": "in_transit",
    "canceled": "cancelled",
    "unavailable": "cancelled",
    "invoiced": "awaiting_shipment",
    "processing": "awaiting_shipment",
    "approved": "awaiting_shipment",
    "created": "awaiting_payment",
}


def _brazil_time() -> tzinfo:
    try:
        return ZoneInfo("America/Sao_Paulo")
    except ZoneInfoNotFoundError:  # pragma: no cover - systems without tz data
        return timezone(timedelta(hours=-3))


BRAZIL = _brazil_time()


class RowError(ValueError):
    pass


@dataclass(frozen=True)
class OlistReview:
    score: int
    title: str | None
    comment: str | None
    created_at: datetime
    answered_at: datetime | None
    topic: str | None


@dataclass(frozen=True)
class OlistOrder:
    line: int
    olist_id: str
    olist_status: str
    status: str
    products_minor: int
    freight_minor: int
    items: int
    purchased_at: datetime
    approved_at: datetime | None
    delivered_at: datetime | None
    city: str
    state: str
    category: str
    product_key: str
    review: OlistReview | None = None

    @property
    def external_ref(self) -> str:
        return f"olist:{self.olist_id}"


@dataclass(frozen=True)
class ParsedRow:
    line: int
    order: OlistOrder | None
    error: str | None


def orders_file(path: Path) -> Path:
    return path / ORDERS_FILE if path.is_dir() else path


def read_translations(path: Path) -> dict[str, str]:
    """Portuguese → English category keys, from Olist's translation file beside the orders."""
    folder = path if path.is_dir() else path.parent
    file = folder / TRANSLATION_FILE
    if not file.exists():
        return {}
    with file.open(encoding="utf-8-sig", newline="") as handle:
        return {
            row["product_category_name"]: row["product_category_name_english"]
            for row in csv.DictReader(handle)
        }


def readable_category(key: str) -> str:
    return key.replace("_", " ").strip().title() if key.strip() else "Uncategorised"


def read_orders(path: Path, translations: dict[str, str]) -> Iterator[ParsedRow]:
    with orders_file(path).open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise RowError(f"not an Olist orders file: missing column(s) {', '.join(missing)}")
        line = reader.line_num
        for record in reader:
            try:
                yield ParsedRow(line + 1, parse_order(line + 1, record, translations), None)
            except RowError as error:
                yield ParsedRow(line + 1, None, str(error))
            line = reader.line_num


def parse_order(
    line: int, record: dict[str, str | None], translations: dict[str, str]
) -> OlistOrder:
    def text(column: str) -> str:
        return (record.get(column) or "").strip()

    olist_id = text("id")
    if not olist_id:
        raise RowError("missing id")
    status = STATUS_MAP.get(text("order_status"))
    if status is None:
        raise RowError(f"unknown order_status {text('order_status')!r}")
    purchased_at = _timestamp(text("order_purchase_timestamp"), "order_purchase_timestamp")
    if purchased_at is None:
        raise RowError("missing order_purchase_timestamp")
    delivered_at = _timestamp(text("order_delivered_customer_date"), "delivered date")
    if status == "delivered" and delivered_at is None:
        raise RowError("a delivered order needs order_delivered_customer_date")
    if delivered_at is not None and delivered_at < purchased_at:
        raise RowError("order_delivered_customer_date is before the purchase")
    category_key = text("product_category_name")
    return OlistOrder(
        line=line,
        olist_id=olist_id,
        olist_status=text("order_status"),
        status=status,
        products_minor=_minor(text("order_products_value"), "order_products_value", positive=True),
        freight_minor=_minor(text("order_freight_value"), "order_freight_value", positive=False),
        items=_count(text("order_items_qty")),
        purchased_at=purchased_at,
        approved_at=_timestamp(text("order_aproved_at"), "order_aproved_at"),
        delivered_at=delivered_at,
        city=text("customer_city"),
        state=text("customer_state"),
        category=readable_category(translations.get(category_key, category_key)),
        product_key=_product_key(record, category_key),
        review=parse_review(text, purchased_at),
    )


def parse_review(text: Callable[[str], str], purchased_at: datetime) -> OlistReview | None:
    """The buyer's review, if the row has a score (1-5); its Portuguese words are kept as-is."""
    if not text("review_score"):
        return None
    try:
        score = int(Decimal(text("review_score")))
    except (InvalidOperation, ValueError) as error:
        raise RowError(f"review_score is not a number: {text('review_score')!r}") from error
    if not 1 <= score <= MAX_SCORE:
        raise RowError(f"review_score must be 1 to 5: {score}")
    created_at = _timestamp(text("review_creation_date"), "review_creation_date") or purchased_at
    return OlistReview(
        score=score,
        title=text("review_comment_title")[:200] or None,
        comment=text("review_comment_message") or None,
        created_at=created_at,
        answered_at=_timestamp(text("review_answer_timestamp"), "review_answer_timestamp"),
        topic=text("most_voted_class")[:60] or None,
    )


def _minor(value: str, column: str, *, positive: bool) -> int:
    try:
        amount = Decimal(value or "0")
    except InvalidOperation as error:
        raise RowError(f"{column} is not a number: {value!r}") from error
    if not amount.is_finite() or amount < 0 or (positive and amount == 0):
        raise RowError(f"{column} must be {'positive' if positive else 'zero or more'}: {value!r}")
    return int((amount * 100).to_integral_value())


def _count(value: str) -> int:
    try:
        count = int(Decimal(value))
    except (InvalidOperation, ValueError) as error:
        raise RowError(f"order_items_qty is not a whole number: {value!r}") from error
    if count < 1:
        raise RowError(f"order_items_qty must be at least 1: {value!r}")
    return count


def _timestamp(value: str, column: str) -> datetime | None:
    """Olist timestamps are Brazilian local time unless they say otherwise; we store UTC."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as error:
        raise RowError(f"{column} is not a timestamp: {value!r}") from error
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=BRAZIL)
    return parsed.astimezone(UTC)


def _product_key(record: dict[str, str | None], category_key: str) -> str:
    """The file has no product ids; the listing's category and shape identify a product."""
    parts = [category_key] + [
        (record.get(c) or "").strip()
        for c in ("product_name_lenght", "product_description_lenght", "product_photos_qty")
    ]
    return hashlib.sha256("|".join(parts).encode()).hexdigest()[:8]
