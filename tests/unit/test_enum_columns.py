"""Enum-typed columns: the same VARCHAR as before, members in Python, strange strings refused."""

from __future__ import annotations

from enum import StrEnum

import pytest
from sqlalchemy import Column, Integer, MetaData, Table, create_engine, insert, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import StatementError

from fairmarket.db.enum_columns import enum_type
from fairmarket.domains.after_sales.machines import AfterSaleStatus
from fairmarket.domains.all_models import metadata
from fairmarket.domains.orders.lifecycle import OrderStatus


class Colour(StrEnum):
    DARK_RED = "dark_red"
    BLUE = "blue"


def _table() -> Table:
    return Table(
        "paints",
        MetaData(),
        Column("id", Integer, primary_key=True),
        Column("colour", enum_type(Colour, 8), nullable=False),
    )


@pytest.mark.parametrize("dialect", [sqlite.dialect(), postgresql.dialect()])
def test_the_column_is_the_plain_varchar_it_always_was(dialect: object) -> None:
    assert str(enum_type(Colour, 8).compile(dialect=dialect)) == "VARCHAR(8)"  # type: ignore[arg-type]


def test_the_value_is_stored_and_read_back_as_the_member() -> None:
    paints = _table()
    engine = create_engine("sqlite://")
    paints.metadata.create_all(engine)
    with engine.begin() as connection:
        connection.execute(insert(paints), [{"colour": Colour.DARK_RED}, {"colour": "blue"}])
        stored = connection.scalars(text("SELECT colour FROM paints ORDER BY id")).all()
        loaded = connection.scalars(select(paints.c.colour).order_by(paints.c.id)).all()
    assert stored == ["dark_red", "blue"]  # the value, not the member's name
    assert loaded == [Colour.DARK_RED, Colour.BLUE]
    assert all(type(colour) is Colour for colour in loaded)


def test_a_string_that_is_no_value_of_the_enum_is_refused_before_the_database() -> None:
    paints = _table()
    engine = create_engine("sqlite://")
    paints.metadata.create_all(engine)
    with engine.begin() as connection, pytest.raises(StatementError, match="DARK_RED"):
        connection.execute(insert(paints), [{"colour": "DARK_RED"}])


def test_a_column_too_short_for_the_longest_value_is_refused_when_declared() -> None:
    with pytest.raises(ValueError, match="Colour has a value of 8 characters; the column holds 7"):
        enum_type(Colour, 7)


@pytest.mark.parametrize(
    ("table", "column", "enum_class"),
    [
        ("orders", "status", OrderStatus),
        ("after_sale_requests", "status", AfterSaleStatus),
    ],
)
def test_status_columns_are_typed_with_their_enum(
    table: str, column: str, enum_class: type[StrEnum]
) -> None:
    assert metadata.tables[table].c[column].type.python_type is enum_class
