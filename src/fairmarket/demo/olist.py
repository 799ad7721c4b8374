"""`import_olist`: Olist orders into the order core, idempotently (orders.external_ref).

Each row is written inside its own savepoint, so a row is imported whole or not at all; rows are
committed in batches so that an interrupted import keeps what it finished. Reviews are not
imported: the schema has no reviews table yet.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from fairmarket.db.unit_of_work import UnitOfWorkFactory
from fairmarket.demo.generator import NoProgress, Progress
from fairmarket.demo.olist_csv import OlistOrder, ParsedRow, read_orders, read_translations
from fairmarket.demo.olist_orders import add_order, insert_row
from fairmarket.domains.accounts.models import Buyer, Seller
from fairmarket.domains.catalog.models import Category, Product
from fairmarket.domains.orders.models import Order

BATCH_SIZE = 250
FIRST_IMPORTED_NUMBER = 900001
SELLER_SUFFIX = " (Olist)"


@dataclass
class ImportReport:
    rows_read: int = 0
    imported: int = 0
    skipped: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    statuses: Counter[str] = field(default_factory=Counter)
    reviews: int = 0


@dataclass
class Lookups:
    """Ids of what earlier rows created, so each row adds only what is new."""

    categories: dict[str, int] = field(default_factory=dict)
    sellers: dict[str, int] = field(default_factory=dict)
    products: dict[tuple[int, str], int] = field(default_factory=dict)
    next_number: int = FIRST_IMPORTED_NUMBER

    def reload(self, session: Session) -> None:
        self.categories = {c.name: c.id for c in session.scalars(select(Category))}
        self.sellers = {
            s.name: s.id
            for s in session.scalars(select(Seller).where(Seller.name.endswith(SELLER_SUFFIX)))
        }
        self.products = {
            (p.seller_id, p.title): p.id
            for p in session.scalars(
                select(Product).where(Product.seller_id.in_(list(self.sellers.values())))
            )
        }
        highest = session.scalar(select(func.max(Order.number))) or 0
        self.next_number = max(highest + 1, FIRST_IMPORTED_NUMBER)


def import_olist(
    factory: UnitOfWorkFactory, path: Path, *, progress: Progress | None = None
) -> ImportReport:
    progress = progress or NoProgress()
    rows = list(read_orders(path, read_translations(path)))
    report = ImportReport(rows_read=len(rows))
    lookups = Lookups()
    with factory(read_only=True) as uow:
        lookups.reload(uow.session)
        known = set(
            uow.session.scalars(
                select(Order.external_ref).where(Order.external_ref.like("olist:%"))
            )
        )
    importer = _Importer(factory.clock.now(), known, lookups, report)
    progress.stage("Importing Olist orders", len(rows))
    for start in range(0, len(rows), BATCH_SIZE):
        batch = rows[start : start + BATCH_SIZE]
        with factory() as uow:
            for row in batch:
                importer.import_row(uow.session, row)
        progress.advance(len(batch))
    return report


@dataclass
class _Importer:
    now: datetime
    known: set[str | None]
    lookups: Lookups
    report: ImportReport

    def import_row(self, session: Session, row: ParsedRow) -> None:
        if row.order is None:
            self.report.errors.append((row.line, row.error or "unreadable row"))
            return
        order = row.order
        if order.external_ref in self.known:
            self.report.skipped += 1
            return
        try:
            with session.begin_nested():
                status = _write_order(session, self.now, order, self.lookups)
        except SQLAlchemyError as error:
            self.report.errors.append((row.line, f"not imported: {type(error).__name__}"))
            self.lookups.reload(session)
            return
        self.known.add(order.external_ref)
        self.report.imported += 1
        self.report.statuses[status] += 1
        self.report.reviews += order.review is not None


def _write_order(session: Session, now: datetime, order: OlistOrder, lookups: Lookups) -> str:
    seller_id = _seller(session, order, lookups)
    product_id = _product(session, order, seller_id, lookups)
    buyer_id = insert_row(
        session,
        Buyer,
        {
            "name": f"Olist customer {order.olist_id} ({order.city}/{order.state})",
            "email": f"olist-{order.olist_id}@customers.example.com",
            "region": "BR",
            "created_at": order.purchased_at,
        },
    )
    number = lookups.next_number
    status = add_order(
        session,
        order,
        number=number,
        seller_id=seller_id,
        buyer_id=buyer_id,
        product=(product_id, _product_title(order)),
        now=now,
    )
    lookups.next_number += 1
    return status


def _seller(session: Session, order: OlistOrder, lookups: Lookups) -> int:
    name = f"{order.category}{SELLER_SUFFIX}"
    if name not in lookups.sellers:
        lookups.sellers[name] = insert_row(
            session,
            Seller,
            {
                "name": name,
                "region": "BR",
                "currency": "BRL",
                "timezone": "America/Sao_Paulo",
                "created_at": order.purchased_at - timedelta(days=1),
            },
        )
    return lookups.sellers[name]


def _product_title(order: OlistOrder) -> str:
    return f"{order.category} item {order.product_key}"


def _product(session: Session, order: OlistOrder, seller_id: int, lookups: Lookups) -> int:
    title = _product_title(order)
    if (seller_id, title) in lookups.products:
        return lookups.products[(seller_id, title)]
    if order.category not in lookups.categories:
        lookups.categories[order.category] = insert_row(session, Category, {"name": order.category})
    product_id = insert_row(
        session,
        Product,
        {
            "seller_id": seller_id,
            "category_id": lookups.categories[order.category],
            "title": title,
            "price_minor": order.products_minor // order.items,
            "currency": "BRL",
            "created_at": order.purchased_at,
        },
    )
    lookups.products[(seller_id, title)] = product_id
    return product_id


def summary_lines(report: ImportReport, *, error_limit: int = 20) -> list[str]:
    lines = [
        f"rows read: {report.rows_read}",
        f"orders imported: {report.imported}",
        f"skipped (already imported): {report.skipped}",
        f"errors: {len(report.errors)}",
    ]
    lines += [f"  line {line}: {message}" for line, message in report.errors[:error_limit]]
    if len(report.errors) > error_limit:
        lines.append(f"  … and {len(report.errors) - error_limit} more")
    if report.statuses:
        shares = ", ".join(f"{status} {count}" for status, count in sorted(report.statuses.items()))
        lines.append(f"imported by status: {shares}")
    lines.append(f"reviews imported: {report.reviews}")
    return lines
