"""The base of every command schema: what every channel's input must be before a service sees it.

Pydantic's lax mode takes `true` for the integer 1, and any size of integer; PostgreSQL refuses
NUL characters in text and integers beyond its column types with a server error. Refusing those
here, once, gives every channel (API, Seller Center, chatbot, CLI) the same precise message.
"""

from __future__ import annotations

import types
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

# Largest values the columns hold: INTEGER row ids, BIGINT order numbers and money.
MAX_ROW_ID = 2**31 - 1
MAX_BIG_INTEGER = 2**63 - 1

RowId = Annotated[int, Field(gt=0, le=MAX_ROW_ID)]
BigId = Annotated[int, Field(gt=0, le=MAX_BIG_INTEGER)]


class Command(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _refuse_what_no_column_holds(cls, value: Any, info: ValidationInfo) -> Any:
        field = cls.model_fields.get(info.field_name or "")
        if field is not None:
            refuse_unholdable(value, admits_bool=_admits_bool(field.annotation))
        return value


def refuse_unholdable(value: Any, *, admits_bool: bool) -> None:
    """Refuse a NUL character in text and integers beyond BIGINT (at any depth), and true/false
    where a number is expected."""
    if isinstance(value, str) and "\x00" in value:
        raise PydanticCustomError("nul_character", "must not contain the NUL character (\\u0000)")
    if isinstance(value, bool):
        if not admits_bool:
            raise PydanticCustomError("bool_not_number", "must be a number, not true or false")
    elif isinstance(value, int) and abs(value) > MAX_BIG_INTEGER:
        raise PydanticCustomError(
            "integer_too_large", "must be at most {limit}", {"limit": MAX_BIG_INTEGER}
        )
    # Nested command models check their own fields' types; inside containers only text and size.
    for item in _contents(value):
        refuse_unholdable(item, admits_bool=True)


def _contents(value: Any) -> list[Any]:
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    if isinstance(value, dict):
        return [*value.keys(), *value.values()]
    return []


def _admits_bool(annotation: Any) -> bool:
    """Whether a field's type takes true/false anywhere (bool, Any, or a union holding one)."""
    if annotation is bool or annotation is Any:
        return True
    origin = get_origin(annotation)
    if origin is Annotated:
        return _admits_bool(get_args(annotation)[0])
    if origin is Union or origin is types.UnionType:
        return any(_admits_bool(argument) for argument in get_args(annotation))
    return origin is dict
