from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.api_key_created import ApiKeyCreated
    from ..models.api_key_read import ApiKeyRead


T = TypeVar("T", bound="ApiKeyRotated")


@_attrs_define
class ApiKeyRotated:
    """
    Attributes:
        new_key (ApiKeyCreated):
        old_key (ApiKeyRead): A key as lists show it: never its secret nor its hash.
    """

    new_key: ApiKeyCreated
    old_key: ApiKeyRead
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        new_key = self.new_key.to_dict()

        old_key = self.old_key.to_dict()

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "new_key": new_key,
                "old_key": old_key,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.api_key_created import ApiKeyCreated  # noqa: PLC0415
        from ..models.api_key_read import ApiKeyRead  # noqa: PLC0415

        d = dict(src_dict)
        new_key = ApiKeyCreated.from_dict(d.pop("new_key"))

        old_key = ApiKeyRead.from_dict(d.pop("old_key"))

        api_key_rotated = cls(
            new_key=new_key,
            old_key=old_key,
        )

        api_key_rotated.additional_properties = d
        return api_key_rotated

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
