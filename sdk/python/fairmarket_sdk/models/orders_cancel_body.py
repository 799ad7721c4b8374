from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar, cast

from attrs import define as _attrs_define

from ..models.seller_cancel_reason import SellerCancelReason
from ..types import UNSET, Unset

T = TypeVar("T", bound="OrdersCancelBody")


@_attrs_define
class OrdersCancelBody:
    """
    Attributes:
        reason (SellerCancelReason): Reasons a seller may cancel an order themselves; each is attributed to the seller.
        note (None | str | Unset): Optional note to the buyer.
    """

    reason: SellerCancelReason
    note: None | str | Unset = UNSET

    def to_dict(self) -> dict[str, Any]:
        reason = self.reason.value

        note: None | str | Unset
        if isinstance(self.note, Unset):
            note = UNSET
        else:
            note = self.note

        field_dict: dict[str, Any] = {}

        field_dict.update(
            {
                "reason": reason,
            }
        )
        if note is not UNSET:
            field_dict["note"] = note

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        d = dict(src_dict)
        reason = SellerCancelReason(d.pop("reason"))

        def _parse_note(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        note = _parse_note(d.pop("note", UNSET))

        orders_cancel_body = cls(
            reason=reason,
            note=note,
        )

        return orders_cancel_body
