from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..types import UNSET, Unset

T = TypeVar("T", bound="ApiKeysCreateBody")


@_attrs_define
class ApiKeysCreateBody:
    """
    Attributes:
        seller_id (int | None | Unset): For the platform's operators (the CLI): whose keys. A seller's or buyer's own
            call leaves it out; it always means their own keys.
        buyer_id (int | None | Unset): For the platform's operators (the CLI): whose keys. A seller's or buyer's own
            call leaves it out; it always means their own keys.
        name (str | Unset):  Default: 'integration'.
        scopes (list[str] | None | Unset): Default: every scope of the owner's kind except api_keys:read and
            api_keys:write. A key creating a key may only grant scopes it has itself.
        expires_in_days (int | None | Unset): The key stops working this many days from now.
    """

    seller_id: int | None | Unset = UNSET
    buyer_id: int | None | Unset = UNSET
    name: str | Unset = "integration"
    scopes: list[str] | None | Unset = UNSET
    expires_in_days: int | None | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        seller_id: int | None | Unset
        if isinstance(self.seller_id, Unset):
            seller_id = UNSET
        else:
            seller_id = self.seller_id

        buyer_id: int | None | Unset
        if isinstance(self.buyer_id, Unset):
            buyer_id = UNSET
        else:
            buyer_id = self.buyer_id

        name = self.name

        scopes: list[str] | None | Unset
        if isinstance(self.scopes, Unset):
            scopes = UNSET
        elif isinstance(self.scopes, list):
            scopes = self.scopes

        else:
            scopes = self.scopes

        expires_in_days: int | None | Unset
        if isinstance(self.expires_in_days, Unset):
            expires_in_days = UNSET
        else:
            expires_in_days = self.expires_in_days

        field_dict: dict[str, Any] = {}

        field_dict.update({})
        if seller_id is not UNSET:
            field_dict["seller_id"] = seller_id
        if buyer_id is not UNSET:
            field_dict["buyer_id"] = buyer_id
        if name is not UNSET:
            field_dict["name"] = name
        if scopes is not UNSET:
            field_dict["scopes"] = scopes
        if expires_in_days is not UNSET:
            field_dict["expires_in_days"] = expires_in_days

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)

        def _parse_seller_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        seller_id = _parse_seller_id(d.pop("seller_id", UNSET))

        def _parse_buyer_id(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        buyer_id = _parse_buyer_id(d.pop("buyer_id", UNSET))

        name = d.pop("name", UNSET)

        def _parse_scopes(data: object) -> list[str] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                scopes_type_0 = cast(list[str], data)

                return scopes_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | Unset, data)

        scopes = _parse_scopes(d.pop("scopes", UNSET))

        def _parse_expires_in_days(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        expires_in_days = _parse_expires_in_days(d.pop("expires_in_days", UNSET))

        api_keys_create_body = cls(
            seller_id=seller_id,
            buyer_id=buyer_id,
            name=name,
            scopes=scopes,
            expires_in_days=expires_in_days,
        )

        return api_keys_create_body
