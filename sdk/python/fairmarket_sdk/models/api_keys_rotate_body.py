from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ApiKeysRotateBody")


@_attrs_define
class ApiKeysRotateBody:
    """
    Attributes:
        grace_hours (int | Unset): How long the old key keeps working; 0 revokes it at once. Default: 24.
    """

    grace_hours: int | Unset = 24

    def to_dict(self) -> dict[str, Any]:
        grace_hours = self.grace_hours

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if grace_hours is not UNSET:
            field_dict["grace_hours"] = grace_hours

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        grace_hours = d.pop("grace_hours", UNSET)

        api_keys_rotate_body = cls(
            grace_hours=grace_hours,
        )

        return api_keys_rotate_body
