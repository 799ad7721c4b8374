from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.api_key_status import ApiKeyStatus

T = TypeVar("T", bound="ApiKeyRead")


@_attrs_define
class ApiKeyRead:
    """A key as lists show it: never its secret nor its hash.

    Attributes:
        id (int):
        prefix (str): Identifies the key: the part after fm_sk_ or fm_bk_.
        name (str):
        seller_id (int | None):
        buyer_id (int | None):
        scopes (list[str]):
        status (ApiKeyStatus):
        created_at (datetime.datetime):
        last_used_at (datetime.datetime | None): Recorded to within about a minute.
        expires_at (datetime.datetime | None):
        revoked_at (datetime.datetime | None):
        rotated_from_id (int | None): The key this one replaced.
        replaced_by_id (int | None): The key that replaced this one.
    """

    id: int
    prefix: str
    name: str
    seller_id: int | None
    buyer_id: int | None
    scopes: list[str]
    status: ApiKeyStatus
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    expires_at: datetime.datetime | None
    revoked_at: datetime.datetime | None
    rotated_from_id: int | None
    replaced_by_id: int | None
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        id = self.id

        prefix = self.prefix

        name = self.name

        seller_id: int | None
        seller_id = self.seller_id

        buyer_id: int | None
        buyer_id = self.buyer_id

        scopes = self.scopes

        status = self.status.value

        created_at = self.created_at.isoformat()

        last_used_at: None | str
        if isinstance(self.last_used_at, datetime.datetime):
            last_used_at = self.last_used_at.isoformat()
        else:
            last_used_at = self.last_used_at

        expires_at: None | str
        if isinstance(self.expires_at, datetime.datetime):
            expires_at = self.expires_at.isoformat()
        else:
            expires_at = self.expires_at

        revoked_at: None | str
        if isinstance(self.revoked_at, datetime.datetime):
            revoked_at = self.revoked_at.isoformat()
        else:
            revoked_at = self.revoked_at

        rotated_from_id: int | None
        rotated_from_id = self.rotated_from_id

        replaced_by_id: int | None
        replaced_by_id = self.replaced_by_id

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "prefix": prefix,
                "name": name,
                "seller_id": seller_id,
                "buyer_id": buyer_id,
                "scopes": scopes,
                "status": status,
                "created_at": created_at,
                "last_used_at": last_used_at,
                "expires_at": expires_at,
                "revoked_at": revoked_at,
                "rotated_from_id": rotated_from_id,
                "replaced_by_id": replaced_by_id,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        id = d.pop("id")

        prefix = d.pop("prefix")

        name = d.pop("name")

        def _parse_seller_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        seller_id = _parse_seller_id(d.pop("seller_id"))

        def _parse_buyer_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        buyer_id = _parse_buyer_id(d.pop("buyer_id"))

        scopes = cast(list[str], d.pop("scopes"))

        status = ApiKeyStatus(d.pop("status"))

        created_at = datetime.datetime.fromisoformat(d.pop("created_at"))

        def _parse_last_used_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                last_used_at_type_0 = datetime.datetime.fromisoformat(data)

                return last_used_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        last_used_at = _parse_last_used_at(d.pop("last_used_at"))

        def _parse_expires_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                expires_at_type_0 = datetime.datetime.fromisoformat(data)

                return expires_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        expires_at = _parse_expires_at(d.pop("expires_at"))

        def _parse_revoked_at(data: object) -> datetime.datetime | None:
            if data is None:
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                revoked_at_type_0 = datetime.datetime.fromisoformat(data)

                return revoked_at_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(datetime.datetime | None, data)

        revoked_at = _parse_revoked_at(d.pop("revoked_at"))

        def _parse_rotated_from_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        rotated_from_id = _parse_rotated_from_id(d.pop("rotated_from_id"))

        def _parse_replaced_by_id(data: object) -> int | None:
            if data is None:
                return data
            return cast(int | None, data)

        replaced_by_id = _parse_replaced_by_id(d.pop("replaced_by_id"))

        api_key_read = cls(
            id=id,
            prefix=prefix,
            name=name,
            seller_id=seller_id,
            buyer_id=buyer_id,
            scopes=scopes,
            status=status,
            created_at=created_at,
            last_used_at=last_used_at,
            expires_at=expires_at,
            revoked_at=revoked_at,
            rotated_from_id=rotated_from_id,
            replaced_by_id=replaced_by_id,
        )

        api_key_read.additional_properties = d
        return api_key_read

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
