"""Importing the public Olist sample: counts, status mapping, idempotence, bad rows."""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.demo.olist import import_olist
from fairmarket.demo.olist_csv import ORDERS_FILE, TRANSLATION_FILE
from fairmarket.domains.accounts.models import Seller
from fairmarket.domains.catalog.models import Category
from fairmarket.domains.orders.models import Order, OrderLine, Payment, Refund, Shipment
from fairmarket.domains.reviews.models import Review

OLIST = Path(__file__).resolve().parents[3] / "shared" / "data" / "olist-classified-reviews"
needs_olist = pytest.mark.skipif(not OLIST.is_dir(), reason="the shared Olist sample is absent")


def csv_statuses() -> Counter[str]:
    with (OLIST / ORDERS_FILE).open(encoding="utf-8", newline="") as handle:
        return Counter(row["order_status"] for row in csv.DictReader(handle))


def count(factory: UnitOfWorkFactory, model: type[object]) -> int:
    with factory(read_only=True) as uow:
        return uow.session.scalar(select(func.count()).select_from(model)) or 0


@needs_olist
def test_imports_every_order_with_its_status_mapped(uow_factory: UnitOfWorkFactory) -> None:
    source = csv_statuses()

    report = import_olist(uow_factory, OLIST)

    assert report.rows_read == sum(source.values()) == 2483
    assert report.imported == 2483
    assert report.errors == []
    with uow_factory(read_only=True) as uow:
        rows = uow.session.execute(select(Order.status, func.count()).group_by(Order.status))
        statuses: Counter[str] = Counter()
        for status, number in rows:
            statuses[status] = number
        currencies = set(uow.session.scalars(select(Seller.currency)))
        categories = set(uow.session.scalars(select(Category.name)))
    assert statuses["completed"] + statuses["delivered"] == source["delivered"]
    assert statuses["in_transit"] == source["shipped"]
    assert statuses["cancelled"] == source["canceled"]
    assert statuses["awaiting_shipment"] == source["invoiced"] + source["processing"]
    assert currencies == {"BRL"}
    assert "Bed Bath Table" in categories
    assert count(uow_factory, Shipment) == source["delivered"] + source["shipped"]
    assert count(uow_factory, Refund) == source["canceled"]


@needs_olist
def test_amounts_are_brl_minor_units_that_add_up(uow_factory: UnitOfWorkFactory) -> None:
    import_olist(uow_factory, OLIST)

    with uow_factory(read_only=True) as uow:
        order = uow.session.scalars(select(Order).where(Order.external_ref == "olist:3")).one()
        lines = uow.session.scalars(select(OrderLine).where(OrderLine.order_id == order.id)).all()
        paid = uow.session.scalar(
            select(func.sum(Payment.amount_minor)).where(Payment.order_id == order.id)
        )
    # CSV: id 3, order_products_value 99.8, order_freight_value 15.86, 2 items.
    assert (order.subtotal_minor, order.shipping_fee_minor, order.total_minor) == (
        9980,
        1586,
        11566,
    )
    assert sum(line.quantity * line.unit_price_minor for line in lines) == 9980
    assert sum(line.quantity for line in lines) == 2
    assert paid == order.paid_minor == 11566
    assert order.placed_at.tzinfo is not None


@needs_olist
def test_a_second_import_adds_nothing(uow_factory: UnitOfWorkFactory) -> None:
    import_olist(uow_factory, OLIST)
    orders_before = count(uow_factory, Order)

    again = import_olist(uow_factory, OLIST)

    assert again.imported == 0
    assert again.skipped == 2483
    assert count(uow_factory, Order) == orders_before


@needs_olist
def test_bad_rows_are_reported_by_line_and_the_rest_imported(
    uow_factory: UnitOfWorkFactory, tmp_path: Path
) -> None:
    lines = (OLIST / ORDERS_FILE).read_text(encoding="utf-8").splitlines()
    header, good = lines[0], lines[1:4]
    broken_price = good[0].replace(",99.8,", ",ninety,", 1)
    unknown_status = good[1].replace(",delivered,", ",teleported,", 1)
    (tmp_path / ORDERS_FILE).write_text(
        "\n".join([header, good[2], broken_price, unknown_status, "1,2,3"]) + "\n",
        encoding="utf-8",
    )
    (tmp_path / TRANSLATION_FILE).write_bytes((OLIST / TRANSLATION_FILE).read_bytes())

    report = import_olist(uow_factory, tmp_path)

    assert report.rows_read == 4
    assert report.imported == 1
    assert [line for line, _ in report.errors] == [3, 4, 5]
    assert "order_products_value" in report.errors[0][1]
    assert "teleported" in report.errors[1][1]
    assert count(uow_factory, Order) == 1


@needs_olist
def test_reviews_keep_score_words_and_topic(uow_factory: UnitOfWorkFactory) -> None:
    with (OLIST / ORDERS_FILE).open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    scores = Counter(int(row["review_score"]) for row in rows if row["review_score"])

    report = import_olist(uow_factory, OLIST)

    with uow_factory(read_only=True) as uow:
        grouped = uow.session.execute(select(Review.score, func.count()).group_by(Review.score))
        stored = Counter(dict(grouped.all()))
        first = uow.session.execute(
            select(Review)
            .join(Order, Order.id == Review.order_id)
            .where(Order.external_ref == f"olist:{rows[0]['id']}")
        ).scalar_one()
    assert report.reviews == sum(scores.values())
    assert stored == scores
    assert first.score == int(rows[0]["review_score"])
    assert first.comment == rows[0]["review_comment_message"]
    assert first.topic == rows[0]["most_voted_class"]
    assert first.language == "pt-BR"
