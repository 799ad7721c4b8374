"""Columns typed with a domain's StrEnum, stored as the plain value string they always held.

`enum_column(OrderStatus, length=24)` maps to `VARCHAR(24)` exactly as `String(24)` did (no
native enum type, no CHECK constraint), so no migration follows. What changes is on the Python
side: rows load as enum members, and writing a string that is not one of the enum's values
fails at the flush instead of reaching the database.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from sqlalchemy import Enum
from sqlalchemy.orm import MappedColumn, mapped_column

E = TypeVar("E", bound=StrEnum)


def enum_type(enum_class: type[E], length: int) -> Enum:
    """The column type: the members' values (not their names), in a VARCHAR of `length`."""
    longest = max(len(member.value) for member in enum_class)
    if longest > length:
        raise ValueError(
            f"{enum_class.__name__} has a value of {longest} characters; the column holds {length}"
        )
    return Enum(
        enum_class,
        native_enum=False,
        create_constraint=False,
        validate_strings=True,
        length=length,
        values_callable=_values,
    )


def enum_column(enum_class: type[E], length: int, **column_arguments: Any) -> MappedColumn[Any]:
    """`mapped_column` for a `Mapped[EnumClass]` attribute (nullability from the annotation)."""
    return mapped_column(enum_type(enum_class, length), **column_arguments)


def _values(enum_class: type[StrEnum]) -> list[str]:
    return [member.value for member in enum_class]
